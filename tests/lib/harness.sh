# harness.sh — shared by the shell tests that run dyad on generated inputs
# (tests/cli.sh, tests/bad_input.sh).  Source it with NAME set (the test's
# name, for the temporary directory) and optionally TIMEOUT (seconds, default
# 120); it makes and enters a temporary directory removed on exit and defines
#   CASE / fail MSG      count a failure of the current case
#   TL                   "timeout N" where timeout(1) exists, else empty
#   show                 print RC and the head of stderr (file err)
#   expect_rc N          RC must be N
#   articles             distinct article ids in the JSON events in file out
#   free_port            print a loopback TCP port nothing listens on (tests
#                        that start servers run in parallel: fixed or pid-derived
#                        ports collided)
# Each test defines its own run(), which sets out, err and RC.
T=$(mktemp -d "${TMPDIR:-/tmp}/dyad-$NAME.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT HUP INT TERM
cd "$T" || exit 1

FAILS=0
CASE=""
fail() { echo "FAIL [$CASE]: $*"; FAILS=$((FAILS + 1)); }

TL=""
command -v timeout >/dev/null 2>&1 && TL="timeout ${TIMEOUT:-120}"
show() { echo "  --- command exit $RC; stderr:"; sed 's/^/  | /' err | cut -c1-300 | head -20; }
expect_rc() {
    if [ "$RC" -ne "$1" ]; then fail "exit status $RC, expected $1"; show; fi
}
articles() { grep -o '"article":"[^"]*"' out | sed 's/^"article":"//; s/"$//' | sort -u; }

free_port() {
    if command -v node >/dev/null 2>&1; then
        node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });"
    else
        echo $(( ($$ * 7 + $(date +%N | sed 's/^0*//;s/^$/0/') ) % 20000 + 30000 ))
    fi
}
