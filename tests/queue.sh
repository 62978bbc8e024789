#!/bin/sh
# queue.sh — Redis Streams workers with real servers (issue 8): 3 workers code
# 5,000 articles from a Redis stream into PostgreSQL while one worker is
# killed with SIGKILL and restarted, Redis is restarted once (append-only
# file on) and PostgreSQL refuses connections for a few seconds.  At the end
# every article is in the database exactly once, no event twice, and the
# dead-letter stream holds exactly the 3 poison messages planted.
set -u
DYAD=${1:?usage: queue.sh DYAD_BINARY SOURCE_DIR}
SRC=${2:?}
case $DYAD in /*) ;; *) DYAD=$(pwd)/$DYAD ;; esac
case $SRC in /*) ;; *) SRC=$(pwd)/$SRC ;; esac
[ -s "$(dirname "$DYAD")/gazetteer.idx" ] || { echo "skip: gazetteer.idx not built (run scripts/setup)"; exit 77; }
command -v redis-server >/dev/null && command -v redis-cli >/dev/null || { echo "skip: redis-server not installed (scripts/setup)"; exit 77; }
NAME=queue TIMEOUT=300
. "$SRC/tests/lib/harness.sh"
. "$SRC/tests/lib/pg.sh"
PSQL="$PGBIN/psql -qtA -h 127.0.0.1 -p $PGPORT -U dyad dyad"
RPORT=$(free_port)
mkdir -p redis && chmod 777 redis
redis_start() { redis-server --port $RPORT --bind 127.0.0.1 --dir "$PWD/redis" --appendonly yes --appendfsync always \
    --save "" --daemonize yes --logfile "$PWD/redis/log" >/dev/null; i=0
    until redis-cli -p $RPORT ping >/dev/null 2>&1; do i=$((i + 1)); [ $i -lt 100 ] || return 1; sleep 0.05; done; }
redis_start || { echo "FAIL: redis-server did not start"; exit 1; }
WPIDS=""
cleanup() { for p in $WPIDS; do kill -9 $p 2>/dev/null; done; redis-cli -p $RPORT shutdown nosave >/dev/null 2>&1; pg_stop; cd /; rm -rf "$T"; }
trap cleanup EXIT HUP INT TERM
Q=redis://127.0.0.1:$RPORT/news
"$DYAD" db migrate --db "$PGURL" >/dev/null || { echo "FAIL: db migrate"; exit 1; }

CASE="enqueue 5,000 articles and 3 poison messages"
i=0
while [ $i -lt 5000 ]; do
  printf '{"id":"n%d","date":"2023-07-%02d","text":"Russia and Belarus signed an agreement on trade number %d. Poland criticized Germany over plan %d."}\n' \
    $i $((i % 28 + 1)) $i $i
  i=$((i + 1))
done >articles.jsonl
$TL "$DYAD" enqueue --queue "$Q" -q articles.jsonl; RC=$?; expect_rc 0
p1=$(redis-cli -p $RPORT XADD news '*' a '{"nope":1}')
p2=$(redis-cli -p $RPORT XADD news '*' a '{"id":"bad-date","date":"2023-13-45","text":"Russia condemned Ukraine."}')
p3=$(redis-cli -p $RPORT XADD news '*' a 'this is not JSON')
[ "$(redis-cli -p $RPORT XLEN news)" = 5003 ] || fail "stream length $(redis-cli -p $RPORT XLEN news)"

MPORT=$(free_port)
start_worker() { m=""; [ "$1" = 2 ] && m="--metrics-port $MPORT"
    "$DYAD" worker --queue "$Q" --db "$PGURL" --name "w$1" --claim-idle 1500 --max-attempts 3 --stats -q $m \
    2>>"worker$1.err" & eval "W$1=\$!"; WPIDS="$WPIDS $!"; }
start_worker 1; start_worker 2; start_worker 3
stored() { $PSQL -c "SELECT count(*) FROM articles" 2>/dev/null || echo 0; }
wait_for() { t=0; while [ "$(stored)" -lt "$1" ] && [ $t -lt 600 ]; do sleep 0.1; t=$((t + 1)); done; }

CASE="a worker killed with SIGKILL and restarted"
wait_for 400
kill -9 $W1; wait $W1 2>/dev/null
start_worker 4

CASE="Redis restarted"
wait_for 1500
redis-cli -p $RPORT shutdown >/dev/null 2>&1   # the append-only file keeps the stream
sleep 0.5
redis_start || fail "redis did not restart"

CASE="PostgreSQL refuses connections for a few seconds"
wait_for 2500
as_pg "$PGBIN/pg_ctl" -D "$PWD/pg/data" -m fast stop >/dev/null 2>&1
sleep 3
as_pg "$PGBIN/pg_ctl" -D "$PWD/pg/data" -l "$PWD/pg/server.log" -w -t 30 \
  -o "-p $PGPORT -k $PWD/pg -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null 2>&1 || fail "postgres did not restart"

CASE="everything is done: each article once, no event twice, exactly the poison in dead letters"
t=0
while [ $t -lt 1200 ]; do
  left=$(redis-cli -p $RPORT XLEN news 2>/dev/null || echo 1)
  pend=$(redis-cli -p $RPORT XPENDING news dyad 2>/dev/null | head -n 1)
  [ "$left" = 0 ] && [ "${pend:-1}" = 0 ] && break
  sleep 0.1; t=$((t + 1))
done
[ $t -lt 1200 ] || fail "the queue did not drain: $left entries, $pend pending"
t=0   # the worker publishes its counters once a round (a blocking read lasts 1 s)
until curl -s "http://127.0.0.1:$MPORT/metrics" >metrics.txt && grep -q '^dyad_queue_lag{stream="news"} 0$' metrics.txt; do
  t=$((t + 1)); [ $t -lt 50 ] || break; sleep 0.1
done
grep -q '^dyad_worker_articles_stored_total{worker="w2"} [1-9]' metrics.txt || fail "no stored counter in /metrics: $(head -c 300 metrics.txt)"
grep -q '^dyad_queue_lag{stream="news"} 0$' metrics.txt || fail "queue lag not 0 in /metrics"
grep -q '^# TYPE dyad_worker_dead_letters_total counter$' metrics.txt || fail "no dead-letter counter in /metrics"
for p in $W2 $W3 $W4; do kill -TERM $p 2>/dev/null; done
for p in $W2 $W3 $W4; do wait $p; r=$?; [ $r -eq 0 ] || fail "a worker exited $r after SIGTERM"; done
WPIDS=""
[ "$(stored)" = 5000 ] || fail "articles stored: $(stored), want 5000"
[ "$($PSQL -c "SELECT count(*) FROM events")" = 15000 ] || fail "events: $($PSQL -c "SELECT count(*) FROM events"), want 15000"
[ "$($PSQL -c "SELECT count(*) FROM (SELECT article FROM events GROUP BY article HAVING count(*) <> 3) t")" = 0 ] ||
  fail "some article has other than its 3 events"
dead=$(redis-cli -p $RPORT XRANGE news:dead - + | awk 'p { print; p = 0 } $0 == "id" { p = 1 }' | sort | tr '\n' ' ')
want=$(printf '%s\n%s\n%s\n' "$p1" "$p2" "$p3" | sort | tr '\n' ' ')
[ "$dead" = "$want" ] || fail "dead letters: '$dead', want the poison '$want'"
grep -h "dead letter after" worker*.err | sed "s/^/  /"
grep -h "^dyad worker w" worker*.err | sed 's/^/  /'
[ "$FAILS" -eq 0 ] || { echo "queue: $FAILS check(s) failed"; exit 1; }
echo "queue: all checks passed"
