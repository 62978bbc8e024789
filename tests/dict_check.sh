#!/bin/sh
# dyad dict check finds each planted problem (file:line) and passes a clean set.
DYAD=$1; SRC=$2
T=$SRC/tests/dict-check
out=$("$DYAD" dict check --dict "actors:$T/planted.actors" --dict "verbs:$T/planted.verbs")
rc=$?
printf '%s\n' "$out"
fail=0
[ $rc -eq 1 ] || { echo "FAIL: exit $rc, want 1"; fail=1; }
for want in "planted.actors:3: 'POLAND_' repeats" "planted.actors:4: 'CZECH_REPUBLIC_' \[CZE\] and" \
    "planted.actors:6: 'ATLANTIS_': 'ATL' is not a CAMEO actor code" \
    "planted.actors:7: 'JOHN_SMITH_': a person coded USAGOV without a date range" \
    "both hold office XYZ-president at once" "planted.verbs:2: pattern code '999' is not a CAMEO event code" \
    "^6 problem"; do
    printf '%s\n' "$out" | grep -q "$want" || { echo "FAIL: missing: $want"; fail=1; }
done
D=$SRC/tests/spec/dict
"$DYAD" dict check --dict "$D/spec.actors" --dict "$D/spec.agents" --dict "$D/spec.verbs" >/dev/null ||
    { echo "FAIL: the clean spec dictionaries are reported"; fail=1; }
"$DYAD" dict check >"${TMPDIR:-/tmp}/dict-check.$$" 2>&1 || { echo "FAIL: the built-in dictionaries have lint problems:"; tail -20 "${TMPDIR:-/tmp}/dict-check.$$"; fail=1; }
rm -f "${TMPDIR:-/tmp}/dict-check.$$"
[ $fail -eq 0 ] && echo "ok: dict check reports every planted problem, and the built-in dictionaries are clean"
exit $fail
