#!/bin/sh
# store_pg.sh — the store on a real PostgreSQL server (issue 6): started here
# on a loopback port with a temporary data directory, nothing mocked.  The
# same articles go into PostgreSQL and into a SQLite file, and every query
# must answer the same on both backends; re-ingesting and two concurrent
# ingests store each article once.
set -u
DYAD=${1:?usage: store_pg.sh DYAD_BINARY SOURCE_DIR}
SRC=${2:?}
case $DYAD in /*) ;; *) DYAD=$(pwd)/$DYAD ;; esac
case $SRC in /*) ;; *) SRC=$(pwd)/$SRC ;; esac
[ -s "$(dirname "$DYAD")/gazetteer.idx" ] || { echo "skip: gazetteer.idx not built (run scripts/setup)"; exit 77; }
NAME=store-pg TIMEOUT=300
. "$SRC/tests/lib/harness.sh"
. "$SRC/tests/lib/pg.sh"
EX=$SRC/examples/belarus-russia.txt
SHARED=${DYAD_SHARED:-$SRC/../shared}
inputs="$EX"
[ -d "$SHARED/seed" ] && inputs="$inputs $(ls "$SHARED"/seed/*.txt | head -n 1)"
body=$(awk 'NR > 3' "$EX" | tr '\n' ' ' | sed 's/"/\\"/g')
{
  printf '{"id":"wire-1","url":"https://a.example/1","date":"2023-06-28","text":"%s"}\n' "$body"
  printf '{"id":"wire-2","url":"https://b.example/2","date":"2023-06-28","text":"%s"}\n' "$(printf '%s' "$body" | sed 's/on Wednesday/on Wednesday evening/')"
  i=0
  while [ $i -lt 200 ]; do
    printf '{"id":"a%d","date":"2023-%02d-%02d","text":"Russia and Belarus signed an agreement on trade number %d. Poland criticized Germany over plan %d."}\n' \
      $i $((i % 12 + 1)) $((i % 28 + 1)) $i $i
    i=$((i + 1))
  done
} >more.jsonl

CASE="ingest into PostgreSQL and into SQLite"
$TL "$DYAD" ingest --db "$PGURL" --stats $inputs more.jsonl >out 2>err; RC=$?; expect_rc 0
$TL "$DYAD" ingest --db s.sqlite $inputs more.jsonl >out 2>err; RC=$?; expect_rc 0
$TL "$DYAD" db info --db "$PGURL" >out 2>err; RC=$?; expect_rc 0
grep -q "backend  PostgreSQL" out || fail "db info does not say PostgreSQL"

CASE="the same queries answer the same on both backends"
for qy in "events --actor BLR" "events --count story" "events --count day --from 2023-03-01 --to 2023-06-30" \
          "events --text agreement --limit 500" "events --near 53.9,27.56,100" "events --root 06 --quad 2" \
          "series --source BLR --target RUS" "series --actor POL --by week" "series --actor RUS --by day --count story" \
          "dyads" "dyads --count story" "actors" "actors --count day" "events --plover COOPERATE --limit 1000"; do
    "$DYAD" query $qy --db "$PGURL" --csv >pg.csv 2>pg.err || { fail "query $qy on PostgreSQL: $(head -1 pg.err)"; continue; }
    "$DYAD" query $qy --db s.sqlite --csv >lite.csv 2>lite.err || { fail "query $qy on SQLite: $(head -1 lite.err)"; continue; }
    [ "$(wc -l <pg.csv)" -gt 1 ] || fail "query $qy: no rows"
    sort pg.csv >a; sort lite.csv >b
    cmp -s a b || { fail "query $qy differs between PostgreSQL and SQLite"; diff a b | head -4; }
done
"$DYAD" query series --db "$PGURL" --source BLR --target RUS --json >out
grep -q '"period":"2023-06","events":' out || fail "series JSON from PostgreSQL: $(head -1 out)"

CASE="re-ingesting into PostgreSQL changes nothing; two ingests at once store each article once"
n=$("$DYAD" db info --db "$PGURL" | awk '$1 == "events" { print $2 }')
$TL "$DYAD" ingest --db "$PGURL" --stats $inputs more.jsonl >out 2>err; RC=$?; expect_rc 0
grep -q " 0 added" err || { fail "re-ingest added articles"; show; }
[ "$("$DYAD" db info --db "$PGURL" | awk '$1 == "events" { print $2 }')" = "$n" ] || fail "events changed on re-ingest"
i=0; : >many.jsonl
while [ $i -lt 300 ]; do
  printf '{"id":"c%d","date":"2023-08-01","text":"Russia and Belarus signed an agreement on trade number %d. Poland criticized Germany over plan %d."}\n' $i $i $i >>many.jsonl
  i=$((i + 1))
done
$TL "$DYAD" ingest --db "$PGURL" many.jsonl >o1 2>e1 & p1=$!
$TL "$DYAD" ingest --db "$PGURL" many.jsonl >o2 2>e2 & p2=$!
wait $p1; r1=$?; wait $p2; r2=$?
[ $r1 -eq 0 ] && [ $r2 -eq 0 ] || { fail "exit statuses $r1 $r2"; head -3 e1 e2; }
"$DYAD" query events --db "$PGURL" --from 2023-08-01 --to 2023-08-01 --limit 100000 --csv >out
[ "$(($(wc -l <out) - 1))" -eq 900 ] || fail "300 articles x 3 events: got $(($(wc -l <out) - 1)) event rows"

CASE="a version 1 store on PostgreSQL is migrated to version 3 (amounts, dates; sentences keep their text)"
PSQL="$PGBIN/psql -q -h 127.0.0.1 -p $PGPORT -U dyad"
$PSQL -c "CREATE DATABASE old" dyad >/dev/null 2>&1
OLD="postgresql://dyad@127.0.0.1:$PGPORT/old"
$TL "$DYAD" ingest --db "$OLD" "$EX" >out 2>err; RC=$?; expect_rc 0
$PSQL -c "DROP TABLE amounts; DROP TABLE dates; CREATE INDEX actors_code ON actors(code); UPDATE dyad_meta SET value = '1' WHERE key = 'schema_version'" old >/dev/null 2>&1
$TL "$DYAD" ingest --db "$OLD" "$EX" >out 2>err; RC=$?; expect_rc 4
grep -q "schema version 1 is older" err || { fail "a version 1 store is not refused"; show; }
$TL "$DYAD" db migrate --db "$OLD" >out 2>err; RC=$?; expect_rc 0
grep -q "schema version 3 (PostgreSQL)" out || { fail "db migrate did not bring PostgreSQL to version 3"; show; }
$TL "$DYAD" ingest --db "$OLD" --recode "$EX" >out 2>err; RC=$?; expect_rc 0
[ "$($PSQL -t -A -c "SELECT date FROM dates" old)" = 2023-06-28 ] || fail "no date stored after the migration and --recode"
[ "$($PSQL -t -A -c "SELECT count(*) FROM sentences WHERE text LIKE '%pressure%'" old)" = 1 ] || fail "PostgreSQL's sentences lost their text"
[ "$($PSQL -t -A -c "SELECT count(*) FROM pg_indexes WHERE indexname = 'actors_code'" old)" = 0 ] || fail "the index on actors(code) was not dropped"

CASE="a wrong database name on a live server is a clear error"
$TL "$DYAD" ingest --db "postgresql://dyad@127.0.0.1:$PGPORT/nosuchdb" "$EX" >out 2>err; RC=$?; expect_rc 4
grep -q 'database "nosuchdb" does not exist' err || { fail "no message naming the database"; show; }

[ "$FAILS" -eq 0 ] || { echo "store_pg: $FAILS check(s) failed"; exit 1; }
echo "store_pg: all checks passed (PostgreSQL on port $PGPORT)"
