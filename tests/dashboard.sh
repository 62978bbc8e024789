#!/bin/sh
# dashboard.sh — the dashboard in a real browser (issue 7): dyad serve on a
# temporary store holding the seed article (or the example), Debian's Chromium
# driven by npm playwright-core (tests/dashboard.js).  Screenshots go to
# build/screenshots/.
set -u
DYAD=${1:?usage: dashboard.sh DYAD_BINARY SOURCE_DIR}
SRC=${2:?}
case $DYAD in /*) ;; *) DYAD=$(pwd)/$DYAD ;; esac
case $SRC in /*) ;; *) SRC=$(pwd)/$SRC ;; esac
BUILD=$(dirname "$DYAD")
[ -s "$BUILD/web/index.html" ] || { echo "skip: build/web not built (scripts/setup installs the npm libraries)"; exit 77; }
[ -x /usr/bin/chromium ] || { echo "skip: Debian chromium not installed (scripts/setup installs it)"; exit 77; }
[ -f "$SRC/node_modules/playwright-core/package.json" ] || { echo "skip: npm playwright-core not installed (scripts/setup)"; exit 77; }
command -v node >/dev/null || { echo "skip: node not installed"; exit 77; }
NAME=dashboard TIMEOUT=180
. "$SRC/tests/lib/harness.sh"
SHARED=${DYAD_SHARED:-$SRC/../shared}
SEED=$(ls "$SHARED"/seed/*.txt 2>/dev/null | head -n 1)
"$DYAD" ingest --db d.sqlite "${SEED:-$SRC/examples/belarus-russia.txt}" "$SRC/examples/belarus-russia.txt" >/dev/null 2>&1 ||
    { echo "FAIL: ingest"; exit 1; }
PORT=$(free_port)
"$DYAD" serve --db d.sqlite --port $PORT -q 2>serve.err &
SPID=$!
trap 'kill $SPID 2>/dev/null; wait $SPID 2>/dev/null; cd /; rm -rf "$T"' EXIT HUP INT TERM
i=0
until curl -s -o /dev/null "http://127.0.0.1:$PORT/api/health"; do
    i=$((i + 1)); [ $i -lt 50 ] || { echo "FAIL: server did not start"; cat serve.err; exit 1; }; sleep 0.1
done
mkdir -p "$BUILD/screenshots"
NODE_PATH=$SRC/node_modules $TL node "$SRC/tests/dashboard.js" "http://127.0.0.1:$PORT/" "$BUILD/screenshots"
RC=$?
[ $RC -eq 0 ] && echo "dashboard: all checks passed; screenshots in $BUILD/screenshots"
exit $RC
