#!/bin/sh
# PETRARCH/Phoenix dictionary formats as data: tests/spec-petrarch/cases.txt,
# coded with dictionaries written in those formats (verbs with blocks,
# forms, synsets and PETRARCH-2 patterns; Phoenix actors, agents, discards).
# Then the same dictionaries with one malformed line each: reported as
# FILE:LINE and skipped by default, fatal (exit 3) with --strict.
DYAD=$1; SRC=$2
S=$SRC/tests/spec-petrarch
D="--dict verbs:$S/verbs.txt --dict actors:$S/actors.txt --dict agents:$S/agents.txt --dict discards:$S/discards.txt"
# shellcheck disable=SC2086
"$DYAD" spec $D "$S/cases.txt" || exit 1
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT
fail=0
check() { # KIND FILE LINE-NUMBER-IN-ERROR CONTENT-TO-APPEND
    cp "$S/$2" "$T/$2"
    printf '%s\n' "$4" >>"$T/$2"
    n=$(wc -l <"$T/$2" | tr -d ' ')
    "$DYAD" dict stats --dict "$1:$T/$2" >/dev/null 2>"$T/err"
    rc=$?
    if [ $rc -ne 0 ] || ! grep -q "$2:$n:" "$T/err"; then echo "FAIL: $2 + '$4': default load rc=$rc, want 0 and '$2:$n:'"; cat "$T/err"; fail=1; fi
    "$DYAD" dict stats --strict --dict "$1:$T/$2" >/dev/null 2>"$T/err"
    rc=$?
    if [ $rc -ne 3 ] || ! grep -q "$2:$n:" "$T/err"; then echo "FAIL: $2 + '$4': --strict rc=$rc, want 3 and '$2:$n:'"; cat "$T/err"; fail=1; fi
}
check verbs verbs.txt x '- * (TO {UNCLOSED AID) [050]'
check verbs verbs.txt x '- * &NOSUCHSET [050]'
check actors actors.txt x '	[RUS 1999-2000]'
check agents agents.txt x 'ENVOY [~GOV'
check agents agents.txt x '!NOSUCH!_WORKER [~LAB]'
# --dict-format: forcing the format changes how the verb file is read
a=$("$DYAD" dict stats --dict "verbs:$S/verbs.txt" 2>/dev/null | sed -n 's/^verb forms *//p')
p=$("$DYAD" dict stats --dict-format petrarch --dict "verbs:$S/verbs.txt" 2>/dev/null | sed -n 's/^verb forms *//p')
t=$("$DYAD" dict stats --dict-format tabari --dict "verbs:$S/verbs.txt" 2>/dev/null | sed -n 's/^skipped lines *//p')
if [ "$a" != "$p" ] || [ "${a:-0}" -eq 0 ]; then echo "FAIL: --dict-format petrarch read $p forms, auto $a"; fail=1; fi
if [ "${t:-0}" -eq 0 ]; then echo "FAIL: --dict-format tabari read the PETRARCH file without complaint"; fail=1; fi
[ $fail -eq 0 ] && echo "ok: malformed PETRARCH-format lines are reported and skipped, or fatal with --strict"
exit $fail
