#!/bin/sh
# --facet decade and --facet century: each matching section counts once in
# each decade (century) it mentions a year of, however many years it names
# there; checked against exact figures and against counts made here from
# every hit's years.  The text histogram falls back to them (not to sums of
# years) when there are too many years, or decades, for its bars.  A hit's
# years are printed with consecutive years as spans.
. "$top_srcdir/tests/e2e/lib.sh"

A="$TMP/arch"
mkdir -p "$A"
# "treaty": 27 distinct years in 4 sections (and an undated one), over 8
# decades and 4 centuries.
printf '%s\n' 3001 'Long war' \
    'The treaty war lasted 1905–1920, then came peace in 1923 and talks in 1925 and 1926.' '' \
    'Aftermath' 'The treaty was first signed in 1899 and renewed in 1901.' >"$A/3001.txt"
printf '%s\n' 3002 'Old treaty' 'A treaty of 1789 was confirmed in 1795 and in 1799.' '' \
    'Renewal' 'The treaty lapsed in 1999 and was renewed in 2000 and in 2004.' >"$A/3002.txt"
printf '%s\n' 3003 'Nothing signed' 'No treaty was ever made here.' '' \
    'Other' 'In 1910 another agreement was made.' >"$A/3003.txt"
# "charter": 30 sections, one a decade from the 1000s to the 1290s, and one
# naming three decades of the 11th century and one of the 12th.
i=0
while [ $i -lt 30 ]; do
    printf '%s\n' $((3100 + i)) "Charter $i" "A charter was granted in $((1005 + 10 * i))." \
        >"$A/$((3100 + i)).txt"
    i=$((i + 1))
done
printf '%s\n' 3200 'Charters' 'A charter of 1005 was renewed in 1015, in 1025 and in 1135.' \
    >"$A/3200.txt"
"$INDEX" --quiet --shards 2 --db "$TMP/db" "$A" || fail "indexing: exit $?"

# jsearch ARGS...: annals-search --json; sets $json (json_flat of stdout).
jsearch() {
    run "$SEARCH" --db "$TMP/db" --json "$@"
    expect_eq "$*: exit status" "$rc" 0
    json=$(printf '%s\n' "$out" | json_flat)
}

# ---- exact figures
jsearch --facet decade --facet century treaty
expect_eq "treaty: years" "$(printf '%s\n' "$json" | facet_counts year)" \
    "1789:1 1795:1 1799:1 1899:1 1901:1 1905:1 1906:1 1907:1 1908:1 1909:1 1910:1 1911:1 1912:1 1913:1 1914:1 1915:1 1916:1 1917:1 1918:1 1919:1 1920:1 1923:1 1925:1 1926:1 1999:1 2000:1 2004:1 "
expect_eq "treaty: decades" "$(printf '%s\n' "$json" | facet_counts decade)" \
    "1780:1 1790:1 1890:1 1900:2 1910:1 1920:1 1990:1 2000:1 "
expect_eq "treaty: centuries" "$(printf '%s\n' "$json" | facet_counts century)" \
    "1700:1 1800:1 1900:3 2000:1 "
expect_eq "treaty: entities" "$(jget "$json" facets.entity)" "[]"
jsearch --no-facets --facet century charter
expect_eq "charter: centuries" "$(printf '%s\n' "$json" | facet_counts century)" "1000:11 1100:11 1200:10 "
expect_eq "charter: no years" "$(jget "$json" facets.year)" "[]"
expect_eq "charter: no decades" "$(jget "$json" facets.decade)" "[]"
jsearch --no-facets --facet decade charter
expect_eq "charter: decades" "$(printf '%s\n' "$json" | facet_counts decade)" \
    "1000:2 1010:2 1020:2 1030:1 1040:1 1050:1 1060:1 1070:1 1080:1 1090:1 1100:1 1110:1 1120:1 1130:2 1140:1 1150:1 1160:1 1170:1 1180:1 1190:1 1200:1 1210:1 1220:1 1230:1 1240:1 1250:1 1260:1 1270:1 1280:1 1290:1 "
# Asked for only with --facet: the default is the year facet alone.
jsearch treaty
expect_eq "default: no decades" "$(jget "$json" facets.decade)" "[]"
expect_eq "default: no centuries" "$(jget "$json" facets.century)" "[]"
expect_match "json: key \"decade\"" "$out" '"decade": '
expect_match "json: key \"century\"" "$out" '"century": '

# ---- the same as counted here from every hit's years (pages of one hit
# too: the facets count all matches, not the page)
for q in treaty charter 'treaty OR charter' 'year:1900..1999' 'year:..1799' 'charter NOT year:1005' peace; do
    jsearch --no-facets --limit 1000 "$q"
    all=$json
    expect_eq "[$q]: every hit listed" "$(jcount "$all" hits)" "$(jget "$all" total)"
    expect_match "[$q]: hits with years" "$(printf '%s\n' "$all" | bucket_counts 10)" '^1[0-9]{3}:[1-9]'
    for o in "" "--sort date --limit 1 --offset 1"; do
        # shellcheck disable=SC2086
        jsearch --no-facets --facet decade --facet century $o "$q"
        expect_eq "[$q] $o: decades" "$(printf '%s\n' "$json" | facet_counts decade)" \
            "$(printf '%s\n' "$all" | bucket_counts 10)"
        expect_eq "[$q] $o: centuries" "$(printf '%s\n' "$json" | facet_counts century)" \
            "$(printf '%s\n' "$all" | bucket_counts 100)"
    done
done

# ---- text: the histogram falls back to exact decades, then centuries
run "$SEARCH" --db "$TMP/db" --no-color --limit 1 treaty
expect_eq "treaty (text): exit status" "$rc" 0
expect_eq "treaty (text): histogram" "$(printf '%s\n' "$out" | sed -n '/^Years/,$p')" "$(cat <<'HIST'
Years, by decade:
  1780s ████████████████████ 1
  1790s ████████████████████ 1
  1890s ████████████████████ 1
  1900s ████████████████████████████████████████ 2
  1910s ████████████████████ 1
  1920s ████████████████████ 1
  1990s ████████████████████ 1
  2000s ████████████████████ 1
HIST
)"
run "$SEARCH" --db "$TMP/db" --no-color --limit 1 charter
expect_eq "charter (text): histogram" "$(printf '%s\n' "$out" | sed -n '/^Years/,$p')" "$(cat <<'HIST'
Years, by century:
  1000–1099 ████████████████████████████████████████ 11
  1100–1199 ████████████████████████████████████████ 11
  1200–1299 ████████████████████████████████████▎ 10
HIST
)"
# Only the facets asked for: decades alone give decades, however many.
run "$SEARCH" --db "$TMP/db" --no-color --limit 1 --no-facets --facet decade charter
expect_eq "charter --facet decade (text): title" "$(printf '%s\n' "$out" | grep '^Years')" "Years, by decade:"
expect_eq "charter --facet decade (text): bars" "$(printf '%s\n' "$out" | grep -c '^  1[0-9]*0s ')" 30
run "$SEARCH" --db "$TMP/db" --no-color --limit 1 peace
expect_eq "peace (text): years" "$(printf '%s\n' "$out" | sed -n '/^Years/,$p' | sed -n '1p;2p;$p')" "Years:
  1905  ████████████████████████████████████████ 1
  1926  ████████████████████████████████████████ 1"
run "$SEARCH" --db "$TMP/db" --no-color --no-facets treaty
expect_no_match "--no-facets (text): no histogram" "$out" '^Years'

# ---- a hit's years: consecutive years as spans (JSON keeps them all)
run "$SEARCH" --db "$TMP/db" --no-color --no-facets --sort date --limit 10 treaty
expect_eq "treaty (text): hits" "$(printf '%s\n' "$out" | grep -E '^[0-9]+\. ')" \
    "1. Old treaty › Old treaty  (1789, 1795, 1799)
2. Long war › Aftermath  (1899, 1901)
3. Long war › Long war  (1905–1920, 1923, 1925–1926)
4. Old treaty › Renewal  (1999–2000, 2004)
5. Nothing signed › Nothing signed"
jsearch --no-facets --sort date --limit 10 treaty
expect_eq "treaty (json): years of hit 3" "$(jlist "$json" 'hits[2].years' | tr '\n' ' ')" \
    "1905 1906 1907 1908 1909 1910 1911 1912 1913 1914 1915 1916 1917 1918 1919 1920 1923 1925 1926 "

# ---- errors
run "$SEARCH" --db "$TMP/db" --facet decades treaty
expect_eq "--facet decades: exit status" "$rc" 2
expect_eq "--facet decades: stderr" "$err" \
    "annals-search: --facet decades: expected year, decade, century or entity"
finish
