#!/bin/sh
# serve.sh — dyad serve on a real SQLite store holding the example article
# (issue 7): the JSON API, its errors, and hostile requests — oversized
# bodies, a slow client, malformed JSON and parameters, path traversal, a
# missing or wrong token — after each of which the next good request must
# still be answered.
set -u
DYAD=${1:?usage: serve.sh DYAD_BINARY SOURCE_DIR}
SRC=${2:?}
case $DYAD in /*) ;; *) DYAD=$(pwd)/$DYAD ;; esac
case $SRC in /*) ;; *) SRC=$(pwd)/$SRC ;; esac
[ -s "$(dirname "$DYAD")/gazetteer.idx" ] || { echo "skip: gazetteer.idx not built (run scripts/setup)"; exit 77; }
command -v curl >/dev/null || { echo "skip: curl not installed (scripts/setup installs it)"; exit 77; }
command -v jq >/dev/null || { echo "skip: jq not installed (scripts/setup installs it)"; exit 77; }
NAME=serve TIMEOUT=120
. "$SRC/tests/lib/harness.sh"
EX=$SRC/examples/belarus-russia.txt
"$DYAD" ingest --db s.sqlite "$EX" >/dev/null 2>&1 || { echo "FAIL: ingest"; exit 1; }
PORT=$(free_port)
"$DYAD" serve --db s.sqlite --port $PORT --token s3cret --max-body 100000 --timeout 3 -q 2>serve.err &
SPID=$!
trap 'kill $SPID 2>/dev/null; wait $SPID 2>/dev/null; cd /; rm -rf "$T"' EXIT HUP INT TERM
U=http://127.0.0.1:$PORT
i=0
until curl -s -o /dev/null "$U/api/health"; do i=$((i + 1)); [ $i -lt 50 ] || { echo "FAIL: server did not start"; cat serve.err; exit 1; }; sleep 0.1; done
# get PATH [curl args] -> body in out, status in RC
get() { p=$1; shift; RC=$(curl -s -o out -w '%{http_code}' "$@" "$U$p"); }
alive() { get /api/health; [ "$RC" = 200 ] || fail "the next good request after [$CASE] got $RC"; }
expect_json() { jq -e "$1" out >/dev/null 2>&1 || { fail "$1 does not hold on: $(head -c 300 out)"; }; }

CASE="health, events, series, dyads, actors, openapi"
get /api/health; expect_rc 200; expect_json '.status == "ok" and .events > 0'
get "/api/events?actor=BLR&limit=2"; expect_rc 200; expect_json '.rows | length == 2'
expect_json '.rows[0] | has("source") and has("target") and has("code") and has("text") and has("lat")'
get "/api/events?actor=BLR&limit=2&offset=2"; expect_rc 200; expect_json '.offset == 2'
get "/api/series?source=BLR&target=RUS&by=month"; expect_rc 200; expect_json '.rows[0].period == "2023-06" and .rows[0].events >= 1'
get "/api/dyads"; expect_rc 200; expect_json '.rows[0] | has("source") and has("events")'
get "/api/actors?count=story"; expect_rc 200; expect_json '.rows | length > 0'
get /api/openapi.json; expect_rc 200; expect_json '.openapi == "3.0.3" and (.paths | has("/api/events") and has("/api/code"))'

CASE="an article with the spans of its actors, verbs, places and quotations"
id=$(jq -r '.rows[0].article' <<EOF
$(curl -s "$U/api/events?limit=1")
EOF
)
get "/api/articles/$id"; expect_rc 200
expect_json '.text | length > 100'
expect_json '[.spans[].kind] | (index("actor") != null and index("verb") != null and index("place") != null and index("quote") != null)'
expect_json '. as $a | [.spans[] | select(.kind == "place") | $a.text[.start:.end]] | length > 0'
get "/api/articles/nosuch"; expect_rc 404; expect_json '.status == 404 and (.error | test("nosuch"))'

CASE="POST /api/code: text or JSON in, events and knowledge graph out, nothing stored"
n0=$(curl -s "$U/api/health" | jq .events)
get /api/code -X POST --data-binary @"$EX"; expect_rc 200
expect_json '.events | length > 0'; expect_json '.kg.locations | map(.name) | index("Minsk") != null'
get /api/code -X POST -H 'Content-Type: application/json' --data-binary '{"text":"Russia condemned Ukraine on Monday.","date":"2024-01-15"}'
expect_rc 200; expect_json '.events[0].source.code == "RUS" and .events[0].code == "111" and .events[0].date == "2024-01-15"'
[ "$(curl -s "$U/api/health" | jq .events)" = "$n0" ] || fail "/api/code stored something"

CASE="malformed JSON and parameters"
get /api/code -X POST --data-binary '{"text": 12'; expect_rc 400; expect_json '.status == 400'; alive
get /api/code -X POST --data-binary '{"date":"2024-01-01"}'; expect_rc 400; alive
get "/api/events?quad=9"; expect_rc 400; get "/api/events?from=yesterday"; expect_rc 400
get "/api/events?near=1,2"; expect_rc 400; get "/api/events?limit=-1"; expect_rc 400
get "/api/events?actor=BLR%27%3B%20DROP%20TABLE%20events%3B--"; expect_rc 400
get "/api/events?text=%27%20OR%201%3D1%20--"; expect_rc 200; alive
[ "$(curl -s "$U/api/health" | jq .events)" = "$n0" ] || fail "the events table changed"
get /api/nothing; expect_rc 404; get /api/events -X DELETE; expect_rc 405; alive

CASE="an oversized body gets 413 and the server answers the next request"
head -c 300000 /dev/zero | tr '\0' 'x' >big.txt
get /api/code -X POST --data-binary @big.txt; expect_rc 413; expect_json '.status == 413'; alive

CASE="a slow client that never finishes its request does not block others"
command -v node >/dev/null || { echo "skip: node not installed (scripts/setup installs it)"; exit 77; }
node -e "const s = require('net').connect($PORT, '127.0.0.1', () => s.write('GET /api/health HTTP/1.1\\r\\nHost: x\\r\\n'));
  s.on('error', () => {}); setTimeout(() => s.destroy(), 6000);" &
SLOW=$!
sleep 0.5; alive
node -e "const s = require('net').connect($PORT, '127.0.0.1', () => s.write('POST /api/code HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 100000\\r\\n\\r\\nabc'));
  s.on('error', () => {}); setTimeout(() => s.destroy(), 6000);" &
SLOW2=$!
sleep 0.5; alive
wait $SLOW $SLOW2 2>/dev/null

CASE="static files: no path traversal"
get "/../../../etc/passwd" --path-as-is; [ "$RC" = 404 ] || [ "$RC" = 400 ] || fail "traversal got $RC"
get "/%2e%2e/%2e%2e/etc/passwd" --path-as-is; [ "$RC" = 404 ] || [ "$RC" = 400 ] || fail "encoded traversal got $RC"
grep -q "root:" out && fail "/etc/passwd was served"
get /; expect_rc 200; alive

CASE="ingest needs the bearer token"
get /api/ingest -X POST --data-binary '{"id":"z1","date":"2024-02-01","text":"Poland criticized Germany."}'; expect_rc 401
get /api/ingest -X POST -H 'Authorization: Bearer wrong' --data-binary '{"id":"z1","text":"Poland criticized Germany."}'; expect_rc 401
get /api/ingest -X POST -H 'Authorization: Bearer s3cret' --data-binary '{"id":"z1","date":"2024-02-01","text":"Poland criticized Germany."}'
expect_rc 200; expect_json '.added == 1'
get "/api/events?source=POL"; expect_json '.rows[0].target == "DEU"'

CASE="CORS is off unless asked for; the server binds to loopback"
curl -s -D hdr -o /dev/null "$U/api/health"; grep -qi "access-control-allow-origin" hdr && fail "CORS header without --cors"
grep -qi "x-content-type-options: nosniff" hdr || fail "no nosniff header"
if command -v ss >/dev/null 2>&1; then ss -ltn | grep -q "127.0.0.1:$PORT" || fail "not listening on 127.0.0.1:$PORT"; fi

CASE="SIGTERM stops it cleanly"
kill -TERM $SPID; wait $SPID; RC=$?
[ $RC -eq 0 ] || fail "exit status $RC after SIGTERM"
CASE="--dict: /api/code codes with the server's own dictionaries; a missing one is exit 3"
printf 'RUSSIA [RUS]\nBELARUS [BLR]\n' >my.actors
printf 'PRAISE_ [057]\n' >my.verbs
PORT2=$(free_port)
"$DYAD" serve --db s.sqlite --port $PORT2 -d actors:my.actors -d verbs:my.verbs -q 2>serve2.err &
SPID2=$!
i=0
until curl -s -o /dev/null "http://127.0.0.1:$PORT2/api/health"; do i=$((i + 1)); [ $i -lt 50 ] || break; sleep 0.1; done
U=http://127.0.0.1:$PORT2
get /api/code -X POST -H 'Content-Type: application/json' --data-binary '{"text":"Russia praised Belarus on Monday.","date":"2024-01-15"}'
expect_rc 200; expect_json '.events | length == 1 and .[0].code == "057"'
kill -TERM $SPID2; wait $SPID2
"$DYAD" serve --db s.sqlite --port $PORT2 -d verbs:no-such.verbs -q >out 2>err; RC=$?; expect_rc 3
grep -q "no-such.verbs" err || fail "a missing dictionary is not named: $(cat err)"

CASE="a long-running server sees another process's changes when it groups stories"
# The server's connection keeps near-duplicate candidates in memory by rowid.
# Another process replaces article x (SQLite gives the new row x's old rowid);
# an exact copy of the new x must then join x's story, not be compared with
# the text x had before.
"$DYAD" ingest --db st.sqlite "$EX" >/dev/null 2>&1 || fail "ingest into st.sqlite"
PORT3=$(free_port)
"$DYAD" serve --db st.sqlite --port $PORT3 --threads 1 --token t -q 2>serve3.err &
SPID3=$!
i=0
until curl -s -o /dev/null "http://127.0.0.1:$PORT3/api/health"; do i=$((i + 1)); [ $i -lt 50 ] || break; sleep 0.1; done
U=http://127.0.0.1:$PORT3
T1="Russia and Belarus signed a trade agreement in Minsk on Monday, officials of both governments said."
T2="Poland criticized Germany over its energy plan in a statement issued in Warsaw on Tuesday evening."
get /api/ingest -X POST -H 'Authorization: Bearer t' --data-binary "{\"id\":\"x\",\"date\":\"2024-03-01\",\"text\":\"$T1\"}"
expect_rc 200; expect_json '.added == 1'
printf '{"id":"x","date":"2024-03-01","text":"%s"}\n' "$T2" >x2.jsonl
"$DYAD" ingest --db st.sqlite --recode x2.jsonl >/dev/null 2>err || fail "recode x: $(cat err)"
get /api/ingest -X POST -H 'Authorization: Bearer t' --data-binary "{\"id\":\"y\",\"date\":\"2024-03-01\",\"text\":\"$T2\"}"
expect_rc 200; expect_json '.added == 1'
kill -TERM $SPID3; wait $SPID3
got=$(sqlite3 st.sqlite "SELECT story FROM articles WHERE id = 'y'" 2>&1)
[ "$got" = x ] || fail "story of an exact copy of the replaced x: got '$got', want 'x'"

[ "$FAILS" -eq 0 ] || { echo "serve: $FAILS check(s) failed"; exit 1; }
echo "serve: all checks passed"
