#!/bin/sh
# store.sh — dyad ingest / query / db on a real SQLite file (issue 6):
# idempotence, --recode, near-duplicate stories and the three counting modes,
# two concurrent ingests, kill -9 in the middle, and bad databases (corrupt,
# foreign, newer schema, unreachable PostgreSQL, full disk).
set -u
DYAD=${1:?usage: store.sh DYAD_BINARY SOURCE_DIR}
SRC=${2:?}
case $DYAD in /*) ;; *) DYAD=$(pwd)/$DYAD ;; esac
case $SRC in /*) ;; *) SRC=$(pwd)/$SRC ;; esac
[ -s "$(dirname "$DYAD")/gazetteer.idx" ] || { echo "skip: gazetteer.idx not built (run scripts/setup)"; exit 77; }
command -v sqlite3 >/dev/null || { echo "skip: sqlite3 not installed (scripts/setup installs it)"; exit 77; }
NAME=store TIMEOUT=300
. "$SRC/tests/lib/harness.sh"
EX=$SRC/examples/belarus-russia.txt
q() { sqlite3 "$@"; }
eq() { # eq WHAT GOT WANT
    if [ "$2" != "$3" ]; then fail "$1: got '$2', want '$3'"; fi
}

CASE="ingest, then the same again changes nothing"
$TL "$DYAD" ingest --db d.sqlite "$EX" >out 2>err; RC=$?; expect_rc 0
n1=$(q d.sqlite "SELECT count(*) FROM events"); a1=$(q d.sqlite "SELECT count(*) FROM articles")
[ "$n1" -gt 0 ] || fail "no events stored"
eq "journal mode" "$(q d.sqlite 'PRAGMA journal_mode')" wal
$TL "$DYAD" ingest --db d.sqlite --stats "$EX" >out 2>err; RC=$?; expect_rc 0
grep -q "0 added, 0 replaced, 1 already stored" err || { fail "second ingest not reported as already stored"; show; }
eq "events after re-ingest" "$(q d.sqlite 'SELECT count(*) FROM events')" "$n1"
eq "articles after re-ingest" "$(q d.sqlite 'SELECT count(*) FROM articles')" "$a1"
eq "sentences indexed for full text" "$(q d.sqlite "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'pressure'")" 1
eq "Lukashenko's quotation stored with his code" "$(q d.sqlite "SELECT speaker_code FROM quotes LIMIT 1")" BLRGOV
[ "$(q d.sqlite "SELECT count(*) FROM places WHERE name = 'Minsk' AND country = 'BY'")" = 1 ] || fail "place Minsk not stored"

CASE="--recode replaces the article in one transaction"
q d.sqlite "DELETE FROM events WHERE idx = 0"
$TL "$DYAD" ingest --db d.sqlite --recode --stats "$EX" >out 2>err; RC=$?; expect_rc 0
grep -q "1 replaced" err || { fail "not reported as replaced"; show; }
eq "events after --recode" "$(q d.sqlite 'SELECT count(*) FROM events')" "$n1"
eq "full-text hits after --recode" "$(q d.sqlite "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'pressure'")" 1
q d.sqlite "INSERT INTO sentences_fts (sentences_fts) VALUES ('integrity-check')" 2>err || { fail "the full-text index is inconsistent after --recode"; cat err; }

CASE="--dict: an article coded with the user's dictionaries, --recode after they change"
printf 'RUSSIA [RUS]\nBELARUS [BLR]\n' >my.actors
printf 'PRAISE_ [051]\n' >my.verbs
printf '{"id":"mine","date":"2024-01-02","text":"Russia praised Belarus on Monday."}\n' >mine.jsonl
$TL "$DYAD" ingest --db m.sqlite -d actors:my.actors -d verbs:my.verbs mine.jsonl >out 2>err; RC=$?; expect_rc 0
eq "event coded with the user's verb" "$(q m.sqlite "SELECT source || ' ' || target || ' ' || code FROM events")" "RUS BLR 051"
printf 'PRAISE_ [057]\n' >my.verbs
$TL "$DYAD" ingest --db m.sqlite --recode -d actors:my.actors -d verbs:my.verbs mine.jsonl >out 2>err; RC=$?; expect_rc 0
eq "after the dictionary changed, --recode stores the new code" "$(q m.sqlite "SELECT code FROM events")" "057"
$TL "$DYAD" ingest --db m.sqlite -d verbs:no-such.verbs mine.jsonl >out 2>err; RC=$?; expect_rc 3
grep -q "no-such.verbs" err || { fail "a missing dictionary is not named"; show; }

CASE="near-duplicate stories: one story, counted once per story"
body=$(awk 'NR > 3' "$EX" | tr '\n' ' ' | sed 's/"/\\"/g')
body2=$(printf '%s' "$body" | sed 's/on Wednesday/on Wednesday evening/')
{
  printf '{"id":"wire-1","url":"https://a.example/1","date":"2023-06-28","text":"%s"}\n' "$body"
  printf '{"id":"wire-2","url":"https://b.example/2","date":"2023-06-28","text":"%s"}\n' "$body2"
  printf '{"id":"other","date":"2023-06-29","text":"Russia condemned Ukraine on Thursday."}\n'
} >wire.jsonl
$TL "$DYAD" ingest --db w.sqlite wire.jsonl >out 2>err; RC=$?; expect_rc 0
eq "stories for 3 articles (2 near-duplicates)" "$(q w.sqlite 'SELECT count(DISTINCT story) FROM articles')" 2
eq "the copy's story" "$(q w.sqlite "SELECT story FROM articles WHERE id = 'wire-2'")" wire-1
raw=$("$DYAD" query series --db w.sqlite --source BLR --target RUS --csv --count raw | awk -F, 'NR == 2 { print $2 }')
story=$("$DYAD" query series --db w.sqlite --source BLR --target RUS --csv --count story | awk -F, 'NR == 2 { print $2 }')
day=$("$DYAD" query series --db w.sqlite --source BLR --target RUS --csv --count day | awk -F, 'NR == 2 { print $2 }')
[ -n "$raw" ] && [ "$raw" -eq $((story * 2)) ] || fail "raw count $raw is not twice the per-story count $story"
eq "per-day count equals per-story count here" "$day" "$story"
"$DYAD" query events --db w.sqlite --count story --json --actor BLR >out 2>err; RC=$?; expect_rc 0
grep -q '"mentions":2' out || fail "per-story events do not say they were reported twice"
jq -e . out >/dev/null 2>&1 || fail "query --json is not JSON lines"
"$DYAD" query events --db w.sqlite --text condemned --csv >out; eq "full-text search rows" "$(($(wc -l <out) - 1))" 1
"$DYAD" query events --db w.sqlite --near 53.9,27.56,100 --csv >out
grep -q ",Belarus,BY," out || fail "no event placed in Belarus within 100 km of Minsk"
grep -q ",Russia,RU," out && fail "an event placed in Russia is within 100 km of Minsk"
"$DYAD" query dyads --db w.sqlite --csv | head -1 | grep -qx "source,target,events,goldstein_mean" || fail "dyads header"
"$DYAD" query series --db w.sqlite --actor RUS --by week --csv | grep -q "^2023-06-26," || fail "week periods start on Monday"

CASE="two ingests at once on one file lose nothing and store nothing twice"
i=0; : >many.jsonl
while [ $i -lt 300 ]; do
  printf '{"id":"a%d","date":"2023-06-%02d","text":"Russia and Belarus signed an agreement on trade number %d. Poland criticized Germany over plan %d."}\n' \
    $i $((i % 28 + 1)) $i $i >>many.jsonl
  i=$((i + 1))
done
$TL "$DYAD" ingest --db c.sqlite many.jsonl >o1 2>e1 & p1=$!
$TL "$DYAD" ingest --db c.sqlite many.jsonl >o2 2>e2 & p2=$!
wait $p1; r1=$?; wait $p2; r2=$?
[ $r1 -eq 0 ] && [ $r2 -eq 0 ] || { fail "exit statuses $r1 $r2"; cat e1 e2 | head -5; }
eq "articles" "$(q c.sqlite 'SELECT count(*) FROM articles')" 300
eq "events per article" "$(q c.sqlite 'SELECT count(*) FROM (SELECT article FROM events GROUP BY article HAVING count(*) <> 3)')" 0

CASE="a failing article in the middle of a batch is undone alone"
"$DYAD" db migrate --db f.sqlite >/dev/null
q f.sqlite "CREATE TRIGGER fail_a5 BEFORE INSERT ON events WHEN NEW.article = 'a5' AND NEW.idx = 2 BEGIN SELECT RAISE(ABORT, 'test failure'); END;"
head -10 many.jsonl >ten.jsonl
$TL "$DYAD" ingest --db f.sqlite --stats ten.jsonl >out 2>err; RC=$?
grep -q "article a5 not stored: .*test failure" err || { fail "the failure is not reported"; show; }
grep -q "9 added, 0 replaced, 0 already stored, 1 failed" err || { fail "not 9 added and 1 failed"; show; }
eq "articles" "$(q f.sqlite 'SELECT count(*) FROM articles')" 9
eq "rows of the failed article" "$(q f.sqlite "SELECT (SELECT count(*) FROM sentence_spans WHERE article = 'a5') + (SELECT count(*) FROM events WHERE article = 'a5') + (SELECT count(*) FROM actors WHERE article = 'a5') + (SELECT count(*) FROM sentences_fts WHERE article = 'a5')")" 0
eq "events of the others" "$(q f.sqlite 'SELECT count(*) FROM events')" 27
q f.sqlite "DROP TRIGGER fail_a5"
$TL "$DYAD" ingest --db f.sqlite ten.jsonl >out 2>err; RC=$?
eq "articles after a rerun" "$(q f.sqlite 'SELECT count(*) FROM articles')" 10
q f.sqlite "CREATE TRIGGER fail_a5 BEFORE INSERT ON events WHEN NEW.article = 'a5' AND NEW.idx = 2 BEGIN SELECT RAISE(ABORT, 'test failure'); END;"
$TL "$DYAD" ingest --db f.sqlite --recode --stats ten.jsonl >out 2>err; RC=$?
grep -q "9 replaced, 0 already stored, 1 failed" err || { fail "--recode: not 9 replaced and 1 failed"; show; }
eq "a failed --recode keeps the old version" "$(q f.sqlite "SELECT count(*) FROM events WHERE article = 'a5'")" 3

CASE="kill -9 in the middle: every article complete or absent, a second run completes"
i=0; : >big.jsonl
while [ $i -lt 4000 ]; do
  printf '{"id":"k%d","date":"2023-07-01","text":"Russia and Belarus signed an agreement on trade number %d. Poland criticized Germany over plan %d. Lukashenko visited Moscow."}\n' $i $i $i >>big.jsonl
  i=$((i + 1))
done
"$DYAD" ingest --db k.sqlite big.jsonl >/dev/null 2>&1 & pk=$!
t=0
while [ "$(q k.sqlite 'SELECT count(*) FROM articles' 2>/dev/null || echo 0)" -lt 200 ] && [ $t -lt 100 ]; do sleep 0.1; t=$((t + 1)); done
kill -9 $pk 2>/dev/null; wait $pk 2>/dev/null
got=$(q k.sqlite 'SELECT count(*) FROM articles')
[ "$got" -gt 0 ] && [ "$got" -lt 4000 ] || echo "note: the kill came at $got articles"
eq "articles without all their sentences" "$(q k.sqlite 'SELECT count(*) FROM articles a WHERE (SELECT count(*) FROM sentences s WHERE s.article = a.id) <> 3')" 0
eq "sentences without their article" "$(q k.sqlite 'SELECT count(*) FROM sentence_spans s WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = s.article)')" 0
# every article of big.jsonl codes into the same 5 events
eq "articles without all their events" "$(q k.sqlite 'SELECT count(*) FROM articles a WHERE (SELECT count(*) FROM events e WHERE e.article = a.id) <> 5')" 0
eq "rows of absent articles" "$(q k.sqlite 'SELECT count(*) FROM events WHERE article NOT IN (SELECT id FROM articles)')" 0
$TL "$DYAD" ingest --db k.sqlite big.jsonl >out 2>err; RC=$?; expect_rc 0
eq "articles after the second run" "$(q k.sqlite 'SELECT count(*) FROM articles')" 4000

CASE="a corrupt file is refused, named, exit 4, and left as it was"
head -c 20000 /dev/urandom >corrupt.sqlite; cp corrupt.sqlite before
$TL "$DYAD" ingest --db corrupt.sqlite "$EX" >out 2>err; RC=$?; expect_rc 4
grep -q "corrupt.sqlite" err || { fail "message does not name the file"; show; }
grep -qi "not a database\|not a SQLite database" err || { fail "message does not say what is wrong"; show; }
cmp -s corrupt.sqlite before || fail "the corrupt file was changed"

CASE="a foreign SQLite database is not dyad's"
q foreign.sqlite "CREATE TABLE customers (id INTEGER, name TEXT); INSERT INTO customers VALUES (1, 'x');"
$TL "$DYAD" ingest --db foreign.sqlite "$EX" >out 2>err; RC=$?; expect_rc 4
grep -q "not a dyad database" err || { fail "no 'not a dyad database'"; show; }
eq "foreign tables untouched" "$(q foreign.sqlite "SELECT count(*) FROM sqlite_master WHERE name = 'events'")" 0

CASE="a newer schema version is refused; query on a missing file says so"
cp d.sqlite newer.sqlite; q newer.sqlite "UPDATE dyad_meta SET value = '99' WHERE key = 'schema_version'"
$TL "$DYAD" ingest --db newer.sqlite "$EX" >out 2>err; RC=$?; expect_rc 4
grep -q "schema version 99 is newer" err || { fail "no schema version message"; show; }
$TL "$DYAD" query events --db nothing.sqlite >out 2>err; RC=$?; expect_rc 4
grep -q "nothing.sqlite: no such database" err || { fail "no message for a missing database"; show; }
$TL "$DYAD" db migrate --db fresh.sqlite >out 2>err; RC=$?; expect_rc 0
grep -q "schema version 3" out || fail "db migrate did not report the version"

CASE="a version 1 store is refused until 'dyad db migrate' adds amounts and dates"
cp d.sqlite old.sqlite
# version 1's tables, as dyad 0.1 wrote them: no amounts or dates, sentences
# clustered on (article, idx), the full-text index with its own copy of the text
q old.sqlite "DROP TABLE amounts; DROP TABLE dates;
  CREATE TABLE s1 (article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, idx INTEGER NOT NULL,
    start_off INTEGER NOT NULL, end_off INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (article, idx)) WITHOUT ROWID;
  INSERT INTO s1 SELECT article, idx, start_off, end_off, text FROM sentences;
  DROP TABLE sentences_fts; DROP VIEW sentences; DROP TABLE sentence_spans; ALTER TABLE s1 RENAME TO sentences;
  CREATE VIRTUAL TABLE sentences_fts USING fts5(text, article UNINDEXED, idx UNINDEXED, detail=none, columnsize=0);
  INSERT INTO sentences_fts (text, article, idx) SELECT text, article, idx FROM sentences;
  UPDATE dyad_meta SET value = '1' WHERE key = 'schema_version'"
$TL "$DYAD" ingest --db old.sqlite "$EX" >out 2>err; RC=$?; expect_rc 4
grep -q "schema version 1 is older than this dyad's (3): run 'dyad db migrate" err || { fail "no message to migrate"; show; }
$TL "$DYAD" db migrate --db old.sqlite >out 2>err; RC=$?; expect_rc 0
eq "version after migrate" "$(q old.sqlite "SELECT value FROM dyad_meta WHERE key = 'schema_version'")" 3
eq "events kept by the migration" "$(q old.sqlite 'SELECT count(*) FROM events')" "$(q d.sqlite 'SELECT count(*) FROM events')"
eq "full-text search after the migration" "$(q old.sqlite "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'pressure'")" 1
$TL "$DYAD" ingest --db old.sqlite --recode "$EX" >out 2>err; RC=$?; expect_rc 0
eq "the article's dates after --recode" "$(q old.sqlite "SELECT date FROM dates")" 2023-06-28
eq "full-text search after --recode" "$(q old.sqlite "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'pressure'")" 1
q old.sqlite "INSERT INTO sentences_fts (sentences_fts) VALUES ('integrity-check')" 2>err || { fail "the full-text index is inconsistent after migrate and --recode"; cat err; }
$TL "$DYAD" db migrate --db old.sqlite >out 2>err; RC=$?; expect_rc 0
grep -q "schema version 3" out || fail "a second migrate does not leave version 3"

CASE="a version 2 store (sentence text in its own table) is migrated to version 3 (text cut from the article)"
cp d.sqlite v2.sqlite
q v2.sqlite "CREATE TABLE s2 (sid INTEGER PRIMARY KEY, article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, start_off INTEGER NOT NULL, end_off INTEGER NOT NULL, text TEXT NOT NULL, UNIQUE (article, idx));
  INSERT INTO s2 SELECT sid, article, idx, start_off, end_off, text FROM sentences;
  DROP VIEW sentences; DROP TABLE sentence_spans; ALTER TABLE s2 RENAME TO sentences;
  CREATE INDEX actors_code ON actors(code);
  UPDATE dyad_meta SET value = '2' WHERE key = 'schema_version'"
q v2.sqlite "SELECT sid, article, idx, start_off, end_off, text FROM sentences ORDER BY sid" >sent2
$TL "$DYAD" ingest --db v2.sqlite "$EX" >out 2>err; RC=$?; expect_rc 4
grep -q "schema version 2 is older than this dyad's (3)" err || { fail "a version 2 store is not refused"; show; }
$TL "$DYAD" db migrate --db v2.sqlite >out 2>err; RC=$?; expect_rc 0
eq "version after migrate" "$(q v2.sqlite "SELECT value FROM dyad_meta WHERE key = 'schema_version'")" 3
eq "sentences is a view" "$(q v2.sqlite "SELECT type FROM sqlite_master WHERE name = 'sentences'")" view
eq "version 2's index on actors(code) dropped" "$(q v2.sqlite "SELECT count(*) FROM sqlite_master WHERE name = 'actors_code'")" 0
q v2.sqlite "SELECT sid, article, idx, start_off, end_off, text FROM sentences ORDER BY sid" >sent3
cmp -s sent2 sent3 || fail "the sentences (ids, spans, text) differ after the migration"
q v2.sqlite "INSERT INTO sentences_fts (sentences_fts) VALUES ('integrity-check')" 2>err || { fail "the full-text index is inconsistent after the migration"; cat err; }
eq "full-text search after the migration" "$(q v2.sqlite "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'pressure'")" 1
$TL "$DYAD" ingest --db v2.sqlite --recode "$EX" >out 2>err; RC=$?; expect_rc 0
q v2.sqlite "INSERT INTO sentences_fts (sentences_fts) VALUES ('integrity-check')" 2>err || { fail "the full-text index is inconsistent after migrate and --recode"; cat err; }
eq "full-text search after --recode" "$(q v2.sqlite "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'pressure'")" 1
eq "no sentence text stored twice" "$(q v2.sqlite "SELECT count(*) FROM pragma_table_info('sentence_spans') WHERE name = 'text'")" 0

CASE="an unreachable PostgreSQL server is a clear error"
$TL "$DYAD" ingest --db postgresql://dyad@127.0.0.1:9/none "$EX" >out 2>err; RC=$?; expect_rc 4
grep -q "cannot connect to PostgreSQL" err || { fail "no connection message"; show; }

CASE="a full disk: a clear error, exit 4, every stored article complete"
if mkdir -p tiny && mount -t tmpfs -o size=600k tmpfs tiny 2>/dev/null; then
  $TL "$DYAD" ingest --db tiny/full.sqlite big.jsonl >out 2>err; RC=$?
  expect_rc 4
  grep -qi "full" err || { fail "no 'full' in the message"; show; }
  eq "half-written articles" "$(q tiny/full.sqlite 'SELECT count(*) FROM articles a WHERE (SELECT count(*) FROM events e WHERE e.article = a.id) <> 5' 2>/dev/null || echo 0)" 0
  umount tiny
else
  echo "note: cannot mount a tmpfs here (not root or no privilege): full-disk case skipped"
fi

[ "$FAILS" -eq 0 ] || { echo "store: $FAILS check(s) failed"; exit 1; }
echo "store: all checks passed"
