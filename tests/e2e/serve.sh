#!/bin/sh
# annals-serve on a free loopback port, over the corpus and generated
# articles: GET /api/search gives what annals-search --json prints for the
# same query and options, byte for byte (queries, year ranges, entities,
# date order, facets, paging, passages; HEAD too); bad parameters and
# queries get 400 with {"error": ...} (for a query, the line annals-search
# prints), other paths 404, other methods 405, oversize requests 414 and
# 431; a remote shard that goes down 503 naming it, and 200 once it is
# back (with --allow-partial, 200 and what annals-search --allow-partial
# gives); archive text holding markup comes back as JSON strings and never in
# the page, which is plugin/serve/page.html as it is, with its security
# headers; what annals-index commits while the server runs (a commit, then
# a compaction that rewrites the stub) is found by the next search, also
# with several databases (searched as annals-search --db --db does); eight
# requests at once get the same answers; SIGTERM and SIGINT stop it with
# status 0.  Servers listen on 127.0.0.1 only and are stopped at the end,
# whatever happens.
. "$top_srcdir/tests/e2e/lib.sh"
command -v curl >/dev/null 2>&1 || { echo "curl is not installed: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 is not installed: skipped"; exit 77; }
SERVE="$top_builddir/plugin/annals-serve"

A="$TMP/arch"
mkdir -p "$A"
cp "$CORPUS"/*.txt "$A/"
osce_articles "$A"
XSS='The xssprobe text holds <script>alert(1)</script> and <img src=x onerror=alert(1)> in 1999.'
printf '%s\n' 4242 'Probe <b>title</b>' "$XSS" >"$A/4242.txt"
ENT='Probe <i>Land</i> "Co" \ back'
printf '%s\n' 4244 'Entity probe' "The entprobe land [$ENT](4243) in 1998." >"$A/4244.txt"
"$INDEX" --quiet --shards 1 --db "$TMP/db" "$A" >/dev/null || fail "indexing: exit $?"

pids=""
stop() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    for p in $pids; do wait "$p" 2>/dev/null; done
}
trap 'stop; rm -rf "$TMP"' EXIT
# start NAME DB...: annals-serve on the databases on a free port, with its
# output in $TMP/NAME.*; sets $srv (its pid) and $URL once it answers (at
# most 10 s).
start() {
    name=$1
    shift
    for d; do
        set -- "$@" --db "$d"
        shift
    done
    port=$(free_ports 1)
    "$SERVE" "$@" --listen "127.0.0.1:$port" --threads 3 >"$TMP/$name.out" 2>"$TMP/$name.err" &
    srv=$!
    pids="$pids $srv"
    URL="http://127.0.0.1:$port"
    wait_http "$URL/" 100
}
# http NAME CURL-ARGS...: a request; $status, the body in $TMP/NAME.body
# (and $body), the headers in $TMP/NAME.head.
http() {
    name=$1
    shift
    status=$(curl -s -o "$TMP/$name.body" -D "$TMP/$name.head" -w '%{http_code}' "$@")
    body=$(cat "$TMP/$name.body")
}
# header NAME FIELD: a header of response NAME (the field case-blind).
header() {
    sed -n "s/^$2: \\(.*\\)\\r\$/\\1/Ip" "$TMP/$1.head"
}
# same QUERY CLI-OPTIONS API-PARAMS: /api/search?q=QUERY&API-PARAMS is
# annals-search --json CLI-OPTIONS QUERY on $DB, byte for byte.
DB="$TMP/db"
same() {
    # shellcheck disable=SC2086 # the options are words
    "$SEARCH" --db "$DB" --json $2 "$1" >"$TMP/cli.json" 2>"$TMP/cli.err"
    expect_eq "annals-search --json $2 '$1': exit status" "$?" 0
    http api -G --data-urlencode "q=$1" ${3:+-d "$3"} "$URL/api/search"
    expect_eq "GET /api/search?q=$1&$3: status" "$status" 200
    checks=$((checks + 1))
    cmp -s "$TMP/api.body" "$TMP/cli.json" ||
        fail "GET /api/search?q=$1&$3 differs from annals-search --json $2: $(diff "$TMP/cli.json" "$TMP/api.body" | head -n 20)"
}

start main "$TMP/db"
expect_eq "the line it prints" "$(cat "$TMP/main.out")" \
    "annals-serve: $URL/ (database $TMP/db, 3 threads)"

# ---- the API is annals-search --json
for q in 'Lisbon principles' 'OSCE' 'summit' '"Minsk Group" -Lisbon' 'treaty year:1800..1999' 'xssprobe'; do
    same "$q" "" ""
    same "$q" "--sort date" "sort=date"
    same "$q" "--year 1994..1997" "year=1994..1997"
    same "$q" "--entity 1588" "entity=1588"
    same "$q" "--entity Azerbaijan --year ..1995" "entity=Azerbaijan&year=..1995"
    same "$q" "--no-facets --facet year --facet entity --facet decade --facet century" \
        "facets=year,entity,decade,century"
    same "$q" "--no-facets" "facets="
    same "$q" "--offset 2 --limit 3 --sort date" "offset=2&limit=3&sort=date"
    same "$q" "--passages 2 --facet entity" "passages=2&facets=year,entity"
done
same "summit" "--limit 100 --offset 10000" "limit=100&offset=10000"
http api -G --data-urlencode "q=Lisbon principles" "$URL/api/search"
expect_eq "/api/search: Content-Type" "$(header api Content-Type)" "application/json"
expect_eq "/api/search: X-Content-Type-Options" "$(header api X-Content-Type-Options)" "nosniff"
expect_eq "/api/search: Content-Security-Policy" "$(header api Content-Security-Policy)" \
    "default-src 'none'; frame-ancestors 'none'"
expect_match "/api/search: X-Search-Time (ms)" "$(header api X-Search-Time)" '^[0-9]+\.[0-9]{3}$'
size=$(wc -c <"$TMP/api.body" | tr -d ' ')
http head -I -G --data-urlencode "q=Lisbon principles" "$URL/api/search"
expect_eq "HEAD /api/search: status" "$status" 200
expect_eq "HEAD /api/search: Content-Length" "$(header head Content-Length)" "$size"
expect_eq "HEAD /api/search: no body" \
    "$(curl -s -I -o /dev/null -w '%{size_download}' "$URL/api/search?q=OSCE")" 0

# ---- markup in the archive is text in JSON strings, and not in the page
http xss "$URL/api/search?q=xssprobe"
expect_eq "markup: status" "$status" 200
flat=$(json_flat <"$TMP/xss.body")
expect_eq "markup: the passage, a JSON string" "$(jget "$flat" 'hits[0].passage')" "$XSS"
expect_eq "markup: the title, a JSON string" "$(jget "$flat" 'hits[0].title')" 'Probe <b>title</b>'
expect_match "markup: as it is in the body" "$(grep -F '"passage":' "$TMP/xss.body")" \
    '^      "passage": "The xssprobe text holds <script>alert\(1\)</script> and <img src=x onerror=alert\(1\)> in 1999\.",$'
# ---- the facets: JSON that parses, names escaped
http ent "$URL/api/search?q=entprobe&facets=year,entity"
expect_eq "entity facet: the name, parsed" "$(python3 -c 'import json, sys
d = json.load(sys.stdin)["facets"]
print(d["entity"][0]["name"], d["entity"][0]["value"], d["entity"][0]["count"], d["year"], d["decade"])' <"$TMP/ent.body")" \
    "$ENT 4243 1 [{'value': 1998, 'count': 1}] []"
same "entprobe" "--facet entity" "facets=year,entity"
http page "$URL/"
expect_eq "GET /: status" "$status" 200
checks=$((checks + 1))
cmp -s "$TMP/page.body" "$top_srcdir/plugin/serve/page.html" || fail "GET /: not plugin/serve/page.html"
expect_eq "GET /: Content-Type" "$(header page Content-Type)" "text/html; charset=utf-8"
expect_eq "GET /: Content-Security-Policy" "$(header page Content-Security-Policy)" \
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
expect_eq "GET /: X-Content-Type-Options" "$(header page X-Content-Type-Options)" "nosniff"
expect_no_match "GET /: no archive text" "$body" 'xssprobe|alert\(1\)'
http page "$URL/?q=Lisbon&year=1996"
expect_eq "GET /?q=Lisbon&year=1996: the page" "$status:$(cmp -s "$TMP/page.body" "$top_srcdir/plugin/serve/page.html" && echo same)" "200:same"

# ---- bad queries: 400 with the line annals-search prints
for q in 'year:1999..1990' 'foo:bar' '(Lisbon' 'NOT Lisbon' 'date:1994-13-01' 'entity:4294967296' \
    "$(printf 'Lisbon \377')" ''; do
    run "$SEARCH" --db "$TMP/db" --json "$q"
    expect_eq "annals-search '$q': exit status" "$rc" 2
    msg=$(printf '%s' "${err#annals-search: }" | sed 's/["\\]/\\&/g')
    http bad -G --data-urlencode "q=$q" "$URL/api/search"
    expect_eq "/api/search?q=$q: status and body" "$status $body" "400 {\"error\": \"$msg\"}"
done
http bad -G --data-urlencode "q=OSCE" -d "year=1999..1990" "$URL/api/search"
expect_eq "year=1999..1990: status and body" "$status $body" \
    '400 {"error": "query error: year:1999..1990: the range runs backwards"}'
# ---- bad parameters: 400 and why
long=$(awk 'BEGIN { for (i = 0; i < 8193; i++) printf "a" }')
bad() {
    http bad "$URL/api/search?$1"
    expect_eq "/api/search?$(printf '%.80s' "$1"): status and body" "$status $body" "400 {\"error\": \"$2\"}"
}
bad "" 'no query: give it as q (/api/search?q=...)'
bad "limit=5" 'no query: give it as q (/api/search?q=...)'
bad "q=OSCE&foo=1" 'unknown parameter \"foo\" (parameters: q, year, entity, offset, limit, sort, passages, facets)'
bad "q=OSCE&Q=1" 'unknown parameter \"Q\" (parameters: q, year, entity, offset, limit, sort, passages, facets)'
bad "q=OSCE&q=Lisbon" 'parameter q given twice'
bad "q=OSCE&limit=2&limit=3" 'parameter limit given twice'
bad "q=OSCE&limit=0" 'limit=0: expected a number from 1 to 100'
bad "q=OSCE&limit=101" 'limit=101: expected a number from 1 to 100'
bad "q=OSCE&limit=-1" 'limit=-1: expected a number from 1 to 100'
bad "q=OSCE&limit=%2B5" 'limit=+5: expected a number from 1 to 100'
bad "q=OSCE&offset=10001" 'offset=10001: expected a number from 0 to 10000'
bad "q=OSCE&offset=99999999999999999999" 'offset=99999999999999999999: expected a number from 0 to 10000'
bad "q=OSCE&passages=11" 'passages=11: expected a number from 1 to 10'
bad "q=OSCE&sort=up" 'sort=up: expected relevance or date'
bad "q=OSCE&facets=year,foo" 'facets=year,foo: expected a comma list of year, decade, century and entity'
bad "q=OSCE&facets=year," 'facets=year,: expected a comma list of year, decade, century and entity'
bad "q=OSCE&entity=%FF" 'entity is not valid UTF-8'
bad "q=OSCE%00Lisbon" 'q holds a NUL byte'
bad "q=OSCE&year=1996%00" 'year holds a NUL byte'
bad "q=OSCE&%FF=1" 'a parameter name is not valid UTF-8'
bad "q=$long" 'q is longer than 8192 bytes'
bad "q=OSCE&entity=$(printf '%.257s' "$long")" 'entity is longer than 256 bytes'
bad "q=OSCE&$(printf '%.257s' "$long")=1" 'a parameter name is longer than 256 bytes'
http ok -G --data-urlencode "q=$(printf '%.8192s' "$long")" "$URL/api/search"
expect_eq "q of 8192 bytes: status" "$status" 200
expect_eq "empty year and entity narrow nothing" \
    "$(curl -s "$URL/api/search?q=OSCE&year=&entity=")" "$(curl -s "$URL/api/search?q=OSCE")"

# ---- other paths, other methods, oversize requests
for path in /nothing /api /api/search/ /api/search.json //api/search /index.html /page.html \
    /plugin/serve/page.html /etc/passwd /api/../api/search /%2e%2e/%2e%2e/etc/passwd /./; do
    http nf --path-as-is "$URL$path?q=OSCE"
    expect_eq "GET $path: status and body" "$status $body" \
        '404 {"error": "not found: the paths are / and /api/search"}'
done
for m in POST PUT DELETE PATCH OPTIONS TRACE; do
    for path in / /api/search; do
        http na -X "$m" -d 'q=OSCE' "$URL$path?q=OSCE"
        expect_eq "$m $path: status and body" "$status $body" '405 {"error": "method not allowed: GET or HEAD"}'
        expect_eq "$m $path: Allow" "$(header na Allow)" "GET, HEAD"
    done
done
http big "$URL/api/search?q=$(awk 'BEGIN { for (i = 0; i < 70000; i++) printf "a" }')"
expect_eq "a request line of 70,000 bytes: status" "$status" 414
http big -H "X-Big: $(awk 'BEGIN { for (i = 0; i < 70000; i++) printf "a" }')" "$URL/"
expect_eq "a header of 70,000 bytes: status" "$status" 431
http big -G --data-urlencode "q=Lisbon principles" "$URL/api/search"
expect_eq "after all that: a search" "$status" 200

# ---- eight requests at once, on keep-alive connections
"$SEARCH" --db "$TMP/db" --json --facet entity OSCE >"$TMP/cli.json"
"$SEARCH" --db "$TMP/db" --json --sort date summit >"$TMP/cli2.json"
par=""
for i in 1 2 3 4 5 6 7 8; do
    curl -s -o "$TMP/par$i.a" "$URL/api/search?q=OSCE&facets=year,entity" \
        -o "$TMP/par$i.b" "$URL/api/search?q=summit&sort=date" &
    par="$par $!"
done
# shellcheck disable=SC2086 # the pids are words
wait $par
for i in 1 2 3 4 5 6 7 8; do
    checks=$((checks + 1))
    cmp -s "$TMP/par$i.a" "$TMP/cli.json" && cmp -s "$TMP/par$i.b" "$TMP/cli2.json" ||
        fail "request $i of 8 at once: not annals-search's output"
done

# ---- what annals-index commits while the server runs: a commit (the
# shard reopened), then one that compacts the shard (the stub rewritten)
http fresh "$URL/api/search?q=zanzibarquux"
expect_eq "before the commit: total" "$(jget "$(json_flat <"$TMP/fresh.body")" total)" 0
mkdir -p "$TMP/new1" "$TMP/new2"
printf '%s\n' 5001 'Zanzibar' 'The zanzibarquux treaty of 1999.' >"$TMP/new1/5001.txt"
"$INDEX" --quiet --db "$TMP/db" "$TMP/new1" >/dev/null
expect_eq "the commit: exit status" "$?" 0
stub=$(cat "$TMP/db/XAPIANDB")
same zanzibarquux "" ""
expect_eq "after the commit: total" "$(jget "$(json_flat <"$TMP/api.body")" total)" 1
{
    printf '5002\nParts\nThe zanzibarquux parts.\n'
    i=1
    while [ $i -le 40 ]; do
        printf '\nPart %d\nThe zanzibarquux part %d of %d.\n' $i $i $((1900 + i))
        i=$((i + 1))
    done
} >"$TMP/new2/5002.txt"
"$INDEX" --quiet --db "$TMP/db" "$TMP/new2" >/dev/null
expect_eq "the compacting commit: exit status" "$?" 0
expect_no_match "the compacting commit: the stub rewritten" "$(cat "$TMP/db/XAPIANDB")" "^$stub\$"
same zanzibarquux "--limit 50" "limit=50"
expect_eq "after the compaction: total" "$(jget "$(json_flat <"$TMP/api.body")" total)" 42
same "Lisbon principles" "--facet entity" "facets=year,entity"

# ---- SIGTERM: status 0, nothing on stderr (SIGINT below)
kill -TERM "$srv"
wait "$srv"
expect_eq "SIGTERM: exit status" "$?" 0
expect_eq "SIGTERM: stderr" "$(cat "$TMP/main.err")" ""
pids=""
# A new database is a stub naming no shard until annals-index has written
# its shards: a server started on it finds them once the stub names them.
mkdir "$TMP/new"
echo "# annals: the shards of this database (an article's shard is a hash of its id)" \
    >"$TMP/new/XAPIANDB"
DB="$TMP/new"
start second "$DB"
same "Lisbon principles" "" ""
expect_eq "a new database: total" "$(jget "$(json_flat <"$TMP/api.body")" total)" 0
"$INDEX" --quiet --db "$DB" "$CORPUS" >/dev/null
expect_eq "a new database, indexed: exit status" "$?" 0
same "Lisbon principles" "" ""
expect_eq "a new database, indexed: total" "$(jget "$(json_flat <"$TMP/api.body")" total)" 4
kill -INT "$srv"
wait "$srv"
expect_eq "SIGINT: exit status" "$?" 0
expect_eq "SIGINT: stderr" "$(cat "$TMP/second.err")" ""
pids=""

# ---- several databases, searched as one, each followed as annals-index
# commits to it
start two "$TMP/db" "$TMP/new"
expect_eq "two databases: the line it prints" "$(cat "$TMP/two.out")" \
    "annals-serve: $URL/ (databases $TMP/db, $TMP/new, 3 threads)"
for q in 'Lisbon principles' zanzibarquux 'OSCE year:1990..1999'; do
    "$SEARCH" --db "$TMP/db" --db "$TMP/new" --json "$q" >"$TMP/cli.json"
    http api -G --data-urlencode "q=$q" "$URL/api/search"
    checks=$((checks + 1))
    cmp -s "$TMP/api.body" "$TMP/cli.json" ||
        fail "two databases, '$q': not annals-search --db --db --json: $(diff "$TMP/cli.json" "$TMP/api.body" | head -n 20)"
done
mkdir -p "$TMP/new3"
printf '%s\n' 5003 'Quuxland' 'The quuxlandia accord of 1998.' >"$TMP/new3/5003.txt"
"$INDEX" --quiet --db "$TMP/new" "$TMP/new3" >/dev/null
expect_eq "two databases, a commit to the second: exit status" "$?" 0
http api "$URL/api/search?q=quuxlandia"
expect_eq "two databases, after the commit: hits" \
    "$(jget "$(json_flat <"$TMP/api.body")" total) $(jget "$(json_flat <"$TMP/api.body")" 'hits[0].title')" "1 Quuxland"
stop
pids=""

# ---- a remote shard that goes down: 503 naming it; 200 again once it is back
if command -v xapian-tcpsrv >/dev/null 2>&1; then
    rport=$(free_ports 1)
    shard="$TMP/db/$(sed -n 's/^glass //p' "$TMP/db/XAPIANDB" | head -n 1)"
    up() {
        setsid xapian-tcpsrv --interface 127.0.0.1 --port "$rport" "$shard" >>"$TMP/tcpsrv.log" 2>&1 &
        tcpsrv=$!
        pids="$pids $tcpsrv"
        wait_until python3 -c "import socket; socket.create_connection(('127.0.0.1', $rport))"
    }
    up
    echo "remote 127.0.0.1:$rport" >"$TMP/remote.stub"
    start remote "$TMP/remote.stub"
    http remote "$URL/api/search?q=OSCE"
    expect_eq "remote shard up: status" "$status" 200
    kill "$tcpsrv"
    wait "$tcpsrv" 2>/dev/null
    http remote "$URL/api/search?q=OSCE"
    expect_eq "remote shard down: status" "$status" 503
    expect_eq "remote shard down: body" "$body" "{\"error\": \"remote 127.0.0.1:$rport: connection refused\"}"
    up
    http remote "$URL/api/search?q=OSCE"
    expect_eq "remote shard back: status" "$status" 200
    # --allow-partial: what annals-search --allow-partial --json gives,
    # with the shard up, down ("partial" and "missing"), and back again.
    printf 'remote 127.0.0.1:%s\nauto %s\n' "$rport" "$TMP/new" >"$TMP/mixed.stub"
    port=$(free_ports 1)
    "$SERVE" --db "$TMP/mixed.stub" --allow-partial --timeout 5 --threads 1 --listen "127.0.0.1:$port" \
        >"$TMP/partial.out" 2>"$TMP/partial.err" &
    pids="$pids $!"
    URL="http://127.0.0.1:$port"
    wait_http "$URL/" 100
    partial_same() {
        "$SEARCH" --db "$TMP/mixed.stub" --allow-partial --json "$2" >"$TMP/cli.json" 2>/dev/null
        http api -G --data-urlencode "q=$2" "$URL/api/search"
        expect_eq "--allow-partial, $1: status" "$status" 200
        checks=$((checks + 1))
        cmp -s "$TMP/api.body" "$TMP/cli.json" ||
            fail "--allow-partial, $1: not annals-search's: $(diff "$TMP/cli.json" "$TMP/api.body" | head -n 20)"
    }
    partial_same "shard up" "Lisbon principles"
    expect_no_match "--allow-partial, shard up: whole" "$body" '"partial"'
    kill "$tcpsrv"
    wait "$tcpsrv" 2>/dev/null
    partial_same "shard down" "Lisbon principles"
    expect_match "--allow-partial, shard down: partial" "$body" '"partial": true'
    expect_match "--allow-partial, shard down: missing" "$(printf '%s' "$body" | tr -d ' \n')" \
        "\"missing\":\\[\"remote127.0.0.1:$rport\"\\]"
    up
    partial_same "shard back" "Lisbon principles"
    expect_no_match "--allow-partial, shard back: whole again" "$body" '"partial"'
    stop
    pids=""
fi

# ---- its own errors: one line, status 2
busy=$(free_ports 1)
python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1); time.sleep(5)' "$busy" &
holder=$!
pids=$holder
sleep 0.5
for args in "--threads 0|annals-serve: --threads 0: expected a number from 1 to 256" \
    "--threads 257|annals-serve: --threads 257: expected a number from 1 to 256" \
    "--listen 8080|annals-serve: --listen 8080: expected ADDRESS:PORT (127.0.0.1:8080, [::1]:8080)" \
    "--listen localhost:8080|annals-serve: --listen localhost:8080: Name or service not known" \
    "--listen 127.0.0.1:65536|annals-serve: --listen 127.0.0.1:65536: expected ADDRESS:PORT (127.0.0.1:8080, [::1]:8080)" \
    "--listen 127.0.0.1:$busy|annals-serve: --listen 127.0.0.1:$busy: Address already in use" \
    "--bogus|annals-serve: invalid option or missing argument: --bogus (see --help)" \
    "extra|annals-serve: unexpected argument: extra (see --help)" \
    "--timeout 0|annals-serve: --timeout 0: expected a number of seconds from 0.001 to 3600"; do
    # shellcheck disable=SC2086 # the arguments are words
    run "$SERVE" --db "$TMP/db" ${args%%|*}
    expect_eq "annals-serve ${args%%|*}: status and stderr" "$rc $err" "2 ${args#*|}"
done
run "$SERVE" --db "$TMP/missing"
expect_eq "annals-serve --db missing: status" "$rc" 2
expect_match "annals-serve --db missing: stderr" "$err" "^annals-serve: $TMP/missing: "
kill "$holder" 2>/dev/null
pids=""
finish
