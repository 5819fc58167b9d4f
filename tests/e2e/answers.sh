#!/bin/sh
# Which section comes first and which text is shown, on small articles
# written for each piece of evidence: the kind of answer a search asks for
# (a date for "when", a number for "how many", a name for "who" or a role),
# the answer beside the query's focus word, coverage of the query's words,
# and their proximity.  In each pair of paragraphs both hold the same query
# words, so without the cue the earlier one would be shown.
. "$top_srcdir/tests/e2e/lib.sh"
ARTS="$TMP/articles"
DB="$TMP/db"
mkdir -p "$ARTS"
FILL="Its walls are white and its windows look out over the grey water of the bay, where fishing boats come and go with the tides."
FILL="$FILL $FILL"
cat > "$ARTS/9001.txt" <<ART
9001
Varna Point
An article written for the tests of passage choice.

Lantern
In a winter storm the lantern fell from its iron mount and was carried back up by the crew. $FILL

Decades later the lantern fell again in 1881, and a stronger mount was made for it. $FILL

Stairs
In 1901 the tower stairs were painted red by the harbour office, as they are today. $FILL

Counted from the door to the gallery, the tower stairs have 212 steps of cut stone. $FILL

Cranes
The harbour cranes were built of riveted iron and stand along the northern wall. $FILL

Of the harbour cranes only eleven still lift cargo, the rest are kept for show. $FILL

Glass
the lantern glass was designed with great care and was admired by every sailor. $FILL

The lantern glass was designed by Marco Ferrante, whose workshop stood near the quay. $FILL

Builders
the architect of the tower is unknown to most visitors, who come for the view. $FILL

Visitors to the tower meet Anna Berg, a guide who knows every story of the coast. $FILL

The architect was Pietro Lanza, whose drawings of the tower are kept in the town. $FILL
ART
cat > "$ARTS/9002.txt" <<'ART'
9002
Harbour walls
An article written for the tests of section ranking.

Quay
The quay has a tower. The tower is old. A second tower stands on the pier, and a tower of wood once stood beside the tower of stone. Every tower here is painted white, and a tower on the hill, the watch tower, looks down on the tower of the customs house.

Chapel
The chapel has bells, rung on feast days, and a roof of slate from the northern quarries, which the monks opened long ago when they came to the coast. Its tower is low.

Market
Market bells ring at noon.

School
School bells ring at eight.

Ferry
Ferry bells ring at departure.

Fire station
Fire bells ring at alarms.

Town hall
Town hall bells ring at weddings.

Convent
Convent bells ring at dawn.

Abbey
Abbey bells ring at dusk.

Farm
Farm bells ring at dinner.

Church
Church bells ring on Sundays.

Bridges
The stone bridge crosses the river near the mill, and people walk over it each day to the market.

Mill
The stone of the mill came from the hills, and far away downstream a bridge of wood crosses the river.
ART
run "$INDEX" -q --db "$DB" "$ARTS"
expect_eq "index: exit status" "$rc" 0

# first QUERY: "heading|start of the passage shown" of the first hit.
first() {
    run "$SEARCH" --db "$DB" --json --limit 1 --no-facets "$1"
    json=$(printf '%s\n' "$out" | json_flat)
    printf '%s|%s' "$(jget "$json" 'hits[0].heading')" "$(jget "$json" 'hits[0].passage' | cut -c1-39)"
}

# No cue: the earlier of two equal paragraphs.
expect_eq "no cue: the earlier paragraph" "$(first 'lantern fell')" \
    "Lantern|In a winter storm the lantern fell from"
# "when": the paragraph with a date.
expect_eq "date cue (when): the dated paragraph" "$(first 'when did the lantern fall')" \
    "Lantern|Decades later the lantern fell again in"
# "how many": a number that is not a year.
expect_eq "no cue: the earlier stairs paragraph" "$(first 'tower stairs')" \
    "Stairs|In 1901 the tower stairs were painted r"
expect_eq "number cue (how many): a quantity, not a year" "$(first 'how many tower stairs')" \
    "Stairs|Counted from the door to the gallery, t"
# A quantity spelled out is a number too.
expect_eq "no cue: the earlier cranes paragraph" "$(first 'harbour cranes')" \
    "Cranes|The harbour cranes were built of rivete"
expect_eq "number cue (how many): a quantity spelled out" "$(first 'how many harbour cranes')" \
    "Cranes|Of the harbour cranes only eleven still"
# "who": a capitalized name that is not a query word nor a sentence's first word.
expect_eq "no cue: the earlier glass paragraph" "$(first 'lantern glass designed')" \
    "Glass|the lantern glass was designed with gre"
expect_eq "name cue (who): the paragraph naming someone" "$(first 'who designed the lantern glass')" \
    "Glass|The lantern glass was designed by Marco"
# A role asks for a name, and the name beside the role word wins over a
# name elsewhere (Anna Berg) and the role word without a name.
expect_eq "focus word: the name beside the role" "$(first 'tower architect')" \
    "Builders|The architect was Pietro Lanza, whose d"
# Coverage: the section holding both words beats the one repeating one.
expect_eq "coverage: both words beat one word repeated" "$(first 'tower bells')" \
    "Chapel|The chapel has bells, rung on feast day"
# Proximity: the words side by side beat the same words far apart.
expect_eq "proximity: the words side by side" "$(first 'stone bridge')" \
    "Bridges|The stone bridge crosses the river near"
# The text shown is whole sentences, grown to a readable length (40 words)
# within its paragraph and no further: 2 of the paragraph's 3 sentences.
run "$SEARCH" --db "$DB" --json --limit 1 --no-facets "how many tower stairs"
json=$(printf '%s\n' "$out" | json_flat)
expect_eq "window: whole sentences, no more than a reading needs" "$(jget "$json" 'hits[0].passage')" \
    "Counted from the door to the gallery, the tower stairs have 212 steps of cut stone. ${FILL%% Its walls*}"
finish
