# pg.sh — start a throw-away PostgreSQL server for a test (sourced after
# harness.sh, inside its temporary directory).  Sets PGURL and PGSTOP; the
# server listens on 127.0.0.1 on a free port, its data lives in ./pg and it
# is stopped on exit.  Exits 77 (skip) when Debian's postgresql is absent.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] || { echo "skip: PostgreSQL server not installed (scripts/setup installs postgresql)"; exit 77; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p pg && chmod 777 . pg 2>/dev/null
[ "$(id -u)" = 0 ] && chown postgres pg
as_pg "$PGBIN/initdb" -D "$PWD/pg/data" -A trust -U dyad --no-sync -E UTF8 --no-locale >pg/initdb.log 2>&1 ||
    { echo "FAIL: initdb"; cat pg/initdb.log; exit 1; }
PGPORT=""
for try in 1 2 3 4 5; do
    port=$(free_port)
    if as_pg "$PGBIN/pg_ctl" -D "$PWD/pg/data" -l "$PWD/pg/server.log" -w -t 30 \
        -o "-p $port -k $PWD/pg -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null 2>&1; then
        PGPORT=$port; break
    fi
done
[ -n "$PGPORT" ] || { echo "FAIL: the PostgreSQL server did not start"; tail -20 pg/server.log; exit 1; }
pg_stop() { as_pg "$PGBIN/pg_ctl" -D "$PWD/pg/data" -m immediate stop >/dev/null 2>&1; }
trap 'pg_stop; cd /; rm -rf "$T"' EXIT HUP INT TERM
"$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U dyad dyad || { echo "FAIL: createdb"; exit 1; }
PGURL="postgresql://dyad@127.0.0.1:$PGPORT/dyad"
