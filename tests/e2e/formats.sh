#!/bin/bash
# The reference article in every input format gives the same documents: the
# article file, .txt.gz, .txt.xz, JSON Lines (plain, .gz, .xz, on standard
# input), WikiExtractor output (a wiki_NN file in a directory tree, given
# directly, split over two files, compressed), and --format forcing a format
# on files whose names say nothing or say otherwise.  Each run holds the same
# six articles: 1666 and one stub per entity it links to (so that the
# WikiExtractor links, which name titles, resolve to the same ids).
#
# Compared per document (by its Q term): every term with its wdf and
# positions, every value, the document data; except what depends on the
# source path (the P term, the fingerprint in slot 7, the data's "path").
# Needs Debian's python3-xapian (skipped without it).
. "$top_srcdir/tests/e2e/lib.sh"
/usr/bin/python3 -c 'import xapian' 2>/dev/null || { echo "python3-xapian is not installed: skipped"; exit 77; }
ART="$CORPUS/1666-azerbaijan-osce-relations.txt"


# summary OUT: the summary line without its timing ("; 0.0 MB in 0.0 s").
summary() {
    printf '%s\n' "$1" | sed -E 's/; [0-9.]+ MB in [0-9.]+ s$//'
}

# ---- the inputs ----
mkdir -p "$TMP/txt"
cp "$ART" "$TMP/txt/1666.txt"
# The stubs: one per entity id of the article, titled with its tag's text;
# and the article as JSON Lines and as WikiExtractor output.
/usr/bin/python3 - "$ART" "$TMP" <<'EOF'
import html, json, os, re, sys, urllib.parse
art, tmp = sys.argv[1], sys.argv[2]
src = open(art, encoding='utf-8').read()
aid, title, body = src.split('\n', 2)
TAG = re.compile(r'\[([^\]\n]+)\]\((\d+)\)')
stubs = {}
for m in TAG.finditer(src):
    stubs.setdefault(int(m.group(2)), m.group(1))
articles = []   # (id, title, body in the article format)
for sid, stitle in sorted(stubs.items()):
    sbody = '%s is a country. It joined the OSCE on January 30, 1992.\n' % stitle
    articles.append((sid, stitle, sbody))
    with open(os.path.join(tmp, 'txt', 'stub-%d.txt' % sid), 'w', encoding='utf-8') as f:
        f.write('%d\n%s\n%s' % (sid, stitle, sbody))
articles.append((int(aid), title, body))

# JSON Lines: text is the body after line 2, as it is.
with open(os.path.join(tmp, 'all.jsonl'), 'w', encoding='utf-8') as f:
    for i, t, b in articles:
        f.write(json.dumps({'id': i, 'title': t, 'text': b}) + '\n')

# WikiExtractor: the title repeated and a blank line, then paragraphs one
# per line with a blank line between them, hard-wrapped lines joined,
# headings "Heading." right above their section's first line, list items
# right after the line that introduces them, empty sections left out, tags
# as links to the stub's title.
SENT = tuple('.:;,!?')
def display(s):
    return TAG.sub(lambda m: m.group(1), s)
def short(s):
    return len(display(s).split()) <= 12
def ends(s, chars):
    s = display(s).rstrip('"\')]\u201d\u2019')
    return s.endswith(chars)
def to_wiki(s):
    out, at = [], 0
    for m in TAG.finditer(s):
        out.append(html.escape(s[at:m.start()], quote=False))
        href = urllib.parse.quote(stubs[int(m.group(2))])
        out.append('<a href="%s">%s</a>' % (href, html.escape(m.group(1), quote=False)))
        at = m.end()
    out.append(html.escape(s[at:], quote=False))
    return ''.join(out)

def blocks(body):
    """The body as [kind, text]: 'h' heading, 'p' paragraph, 'l' list item."""
    lines = body.split('\n')
    res, blank, colon, prev = [], False, False, None
    for i, line in enumerate(lines):
        l = line.strip()
        if not l:
            blank = True
            continue
        m = re.fullmatch(r'(=+)\s*(.*?)\s*(=+)', l)
        headlike = blank and short(l) and not ends(l, SENT)
        nxt = next((x.strip() for x in lines[i + 1:i + 2]), '')
        islist = short(l) and ((prev == 'p' and colon) or prev == 'l') and \
            not (headlike and not (nxt and short(nxt)))
        if m and len(m.group(1)) == len(m.group(3)):
            res.append(['h', m.group(2)]); prev = 'h'
        elif islist:
            res.append(['l', l]); prev = 'l'
        elif headlike:
            res.append(['h', l]); prev = 'h'
        elif prev == 'p' and not blank and not ends(res[-1][1], tuple('.:;!?')):
            res[-1][1] += ' ' + l
        else:
            res.append(['p', l]); prev = 'p'
        colon = ends(l, (':',))
        blank = False
    # empty sections are left out, as WikiExtractor does
    return [b for j, b in enumerate(res)
            if b[0] != 'h' or (j + 1 < len(res) and res[j + 1][0] != 'h')]

def wiki_doc(i, t, b):
    out = ['<doc id="%d" url="https://en.wikipedia.org/wiki?curid=%d" title="%s">' % (i, i, html.escape(t)), t, '']
    prev = None
    for kind, text in blocks(b):
        if kind == 'h':
            if prev not in (None, 'h'):
                out.append('')
            out.append(text + '.')
        elif kind == 'p':
            if prev not in (None, 'h'):
                out.append('')
            out.append(to_wiki(text))
        else:
            out.append(to_wiki(text))
        prev = kind
    out.append('</doc>')
    return '\n'.join(out) + '\n'

os.makedirs(os.path.join(tmp, 'wiki', 'AA'))
with open(os.path.join(tmp, 'wiki', 'AA', 'wiki_00'), 'w', encoding='utf-8') as f:
    for a in articles:
        f.write(wiki_doc(*a))
# The same split over two files: the stubs, then the article (compressed
# later): links resolve across the files of a run.
os.makedirs(os.path.join(tmp, 'wiki2', 'AA'))
os.makedirs(os.path.join(tmp, 'wiki2', 'AB'))
with open(os.path.join(tmp, 'wiki2', 'AA', 'wiki_00'), 'w', encoding='utf-8') as f:
    for a in articles[:-1]:
        f.write(wiki_doc(*a))
with open(os.path.join(tmp, 'wiki2', 'AB', 'wiki_01'), 'w', encoding='utf-8') as f:
    f.write(wiki_doc(*articles[-1]))
EOF
expect_eq "generating the inputs" "$?" 0
gzip -n "$TMP/wiki2/AB/wiki_01"

# The WikiExtractor form is what it should be: 7 headings, each right above
# a text line; paragraphs one per line; the lists after their colon lines.
W="$TMP/wiki/AA/wiki_00"
expect_eq "wiki: 6 docs" "$(grep -c '^<doc ' "$W")" 6
# (a heading: a short line ending in "." that a non-blank line follows)
expect_eq "wiki: headings" "$(sed -n '/^<doc id="1666"/,/^<\/doc>/p' "$W" |
    awk 'prev ~ /\.$/ && NF && split(prev, w, " ") <= 12 && prev !~ /^</ { printf "%s|", prev } { prev = $0 }')" \
    "Early participation.|Budapest Summit leading to  Minsk Group.|Minsk Group proposals.|Package.|Stage.|Common State solution.|See also.|"
expect_eq "wiki: heading above its first line" "$(grep -A1 '^Package\.$' "$W" | tail -n 1 | cut -c1-35)" "In this version, which was proposed"
expect_eq "wiki: wrapped lead line joined" "$(grep -c '^Relations between <a href="Azerbaijan">Azerbaijan</a> and .* began when <a href="Azerbaijan">Azerbaijan</a> joined OSCE' "$W")" 1
expect_eq "wiki: list after its colon line" "$(grep -A3 'conflict:$' "$W" | cut -c1-24 | tr '\n' '|')" \
    "At the Lisbon Summit, th|Territorial integrity of|To give the highest self|To ensure the security o|"
expect_eq "wiki: second list" "$(grep -A3 'Group are:$' "$W" | tr '\n' '|')" \
    "At present, Co-Chairs of the Minsk Group are:|Bernard Fassier (France)|Igor Popov (Russia)||"
expect_eq "wiki: a link with a space" "$(grep -c '<a href="United%20States">United States</a>' "$W")" 3
expect_eq "wiki: links glued to letters" "$(grep -o '<a href="Armenia">Armenia</a>n–<a href="Azerbaijan">Azerbaijan</a>i' "$W" | wc -l)" 2
expect_eq "wiki: no tags left" "$(grep -c '](1' "$W")" 0
expect_eq "wiki: no References" "$(grep -c 'References' "$W")" 0

# Compressed article files; JSON Lines compressed.
mkdir -p "$TMP/gz" "$TMP/xz"
for f in "$TMP"/txt/*.txt; do
    gzip -n -c "$f" >"$TMP/gz/$(basename "$f").gz"
    xz -c "$f" >"$TMP/xz/$(basename "$f").xz"
done
gzip -n -c "$TMP/all.jsonl" >"$TMP/all.jsonl.gz"
xz -c "$TMP/all.jsonl" >"$TMP/all.jsonl.xz"
expect_eq "jsonl: 6 lines" "$(wc -l <"$TMP/all.jsonl" | tr -d ' ')" 6

# ---- the reference: the article files ----
REF="$TMP/db-txt"
run "$INDEX" --jobs 1 --db "$REF" "$TMP/txt"
expect_eq "txt: exit status" "$rc" 0
expect_eq "txt: stderr" "$err" ""
expect_eq "txt: summary" "$(summary "$out")" "annals-index: 6 articles, 13 sections indexed into $REF"
expect_eq "txt: 13 documents" "$(doc_count "$REF")" 13
dump_db "$REF" --no-path >"$TMP/ref.dump"
expect_eq "txt: 1666 has 8 sections" "$(grep -c '^Q1666:[0-9]* data ' "$TMP/ref.dump")" 8
expect_eq "txt: entities of the lead" "$(value_of "$REF" "$(postings "$REF" Q1666:0)" 2)" "1100 1567 1588 1600 1683"
dump_db "$REF" --no-path --only 1666: >"$TMP/ref-1666.dump"

# same_docs WHAT DB [--only 1666:]: DB's documents are the reference's.
same_docs() {
    local what=$1 db=$2
    shift 2
    local ref="$TMP/ref.dump"
    [ $# -gt 0 ] && ref="$TMP/ref-1666.dump"
    dump_db "$db" --no-path "$@" >"$TMP/got.dump"
    checks=$((checks + 1))
    if ! cmp -s "$ref" "$TMP/got.dump"; then
        fail "$what: documents differ from the article file's (- article file, + $what):"
        diff -u "$ref" "$TMP/got.dump" | sed -n '3,80p' >&2
    fi
}

# index_as WHAT ARGS...: indexes ARGS into a new database (--jobs 1): exit
# 0, nothing on stderr, the six articles, the reference's documents.
index_as() {
    local what=$1
    shift
    local db="$TMP/db-$what"
    run "$INDEX" --jobs 1 --db "$db" "$@"
    expect_eq "$what: exit status" "$rc" 0
    expect_eq "$what: stderr" "$err" ""
    expect_eq "$what: summary" "$(summary "$out")" "annals-index: 6 articles, 13 sections indexed into $db"
    same_docs "$what" "$db"
}

index_as txt.gz "$TMP/gz"
index_as txt.xz "$TMP/xz"
index_as jsonl "$TMP/all.jsonl"
index_as jsonl.gz "$TMP/all.jsonl.gz"
index_as jsonl.xz "$TMP/all.jsonl.xz"
# WikiExtractor: a tree with AA/wiki_00 (found by its name), the file given
# directly (found by its content), split over AA/wiki_00 and AB/wiki_01.gz.
index_as wiki-tree "$TMP/wiki"
index_as wiki-file "$TMP/wiki/AA/wiki_00"
index_as wiki-split "$TMP/wiki2"
# Link targets are compared as Wikipedia compares titles: case, '_' for ' '.
mkdir -p "$TMP/wiki3/AA"
sed -e 's/href="United%20States"/href="united_States"/g' -e 's/href="Azerbaijan"/href="azerbaijan"/g' "$W" >"$TMP/wiki3/AA/wiki_00"
expect_eq "wiki3: hrefs rewritten" "$(grep -c 'href="united_States"' "$TMP/wiki3/AA/wiki_00")" 3
index_as wiki-hrefs "$TMP/wiki3"
expect_eq "wiki-tree: entities of the lead" "$(value_of "$TMP/db-wiki-tree" "$(postings "$TMP/db-wiki-tree" Q1666:0)" 2)" "1100 1567 1588 1600 1683"

# Standard input: JSON Lines, compressed JSON Lines, an article.
run sh -c 'cat "$1" | "$2" --jobs 1 --db "$3" -' sh "$TMP/all.jsonl" "$INDEX" "$TMP/db-stdin"
expect_eq "stdin jsonl: exit status" "$rc" 0
expect_eq "stdin jsonl: stderr" "$err" ""
expect_eq "stdin jsonl: summary" "$(summary "$out")" "annals-index: 6 articles, 13 sections indexed into $TMP/db-stdin"
same_docs "stdin jsonl" "$TMP/db-stdin"
run sh -c '"$2" --jobs 1 --db "$3" - <"$1"' sh "$TMP/all.jsonl.xz" "$INDEX" "$TMP/db-stdin-xz"
expect_eq "stdin jsonl.xz: exit status" "$rc" 0
same_docs "stdin jsonl.xz" "$TMP/db-stdin-xz"
run sh -c '"$2" --jobs 1 --db "$3" - <"$1"' sh "$ART" "$INDEX" "$TMP/db-stdin-txt"
expect_eq "stdin article: exit status" "$rc" 0
expect_eq "stdin article: 8 documents" "$(doc_count "$TMP/db-stdin-txt")" 8
same_docs "stdin article" "$TMP/db-stdin-txt" --only 1666:

# WikiExtractor on standard input: its links resolve against the titles of
# the run's files (here the stubs in AA/wiki_00).
run sh -c 'gzip -dc "$1" | "$2" --jobs 1 --db "$3" "$4" -' sh "$TMP/wiki2/AB/wiki_01.gz" "$INDEX" "$TMP/db-stdin-wiki" "$TMP/wiki2/AA"
expect_eq "stdin wiki: exit status" "$rc" 0
expect_eq "stdin wiki: stderr" "$err" ""
expect_eq "stdin wiki: summary" "$(summary "$out")" "annals-index: 6 articles, 13 sections indexed into $TMP/db-stdin-wiki"
same_docs "stdin wiki" "$TMP/db-stdin-wiki"

# --format: names that say nothing, or say another format.
mkdir -p "$TMP/forced/art" "$TMP/forced/wiki"
for f in "$TMP"/txt/*.txt; do b=$(basename "$f" .txt); cp "$f" "$TMP/forced/art/$b.article"; done
cp "$TMP/all.jsonl" "$TMP/forced/records.txt"
cp "$TMP/all.jsonl" "$TMP/forced/records.dat"
cp "$W" "$TMP/forced/wiki/dump.xml"
index_as forced-article --format article "$TMP/forced/art"
index_as forced-jsonl-dat --format jsonl "$TMP/forced/records.dat"
index_as forced-jsonl-txt --format jsonl "$TMP/forced/records.txt"
index_as forced-wiki --format wiki "$TMP/forced/wiki"
# Without --format: a .txt is an article (this one is not); a directory of
# unknown names holds no input; an unknown name given directly is read by
# its content.
run "$INDEX" --jobs 1 --db "$TMP/db-unforced" "$TMP/forced/records.txt"
expect_eq "jsonl named .txt: exit status" "$rc" 1
expect_eq "jsonl named .txt: stderr" "$err" "annals-index: $TMP/forced/records.txt:1: article id is not a decimal number (at most 4294967295); skipped"
run "$INDEX" --jobs 1 --db "$TMP/db-unforced2" "$TMP/forced/art"
expect_eq "unknown names in a tree: exit status" "$rc" 0
expect_eq "unknown names in a tree: summary" "$(summary "$out")" "annals-index: 0 articles, 0 sections indexed into $TMP/db-unforced2"
index_as auto-dat "$TMP/forced/records.dat"
index_as auto-xml "$TMP/forced/wiki/dump.xml"
run "$INDEX" --format html --db "$TMP/db-bad" "$ART"
expect_eq "--format html: exit status" "$rc" 2
expect_eq "--format html: stderr" "$err" "annals-index: --format takes article, jsonl, wiki or auto, not 'html' (see --help)"
finish
