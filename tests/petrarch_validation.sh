#!/bin/sh
# PETRARCH unit-test records (../shared/conformance/petrarch): at least 70%
# of the scored records (the categories its <Include> selects) must pass.
DYAD=$1; SRC=$2
SHARED=${DYAD_SHARED:-$SRC/../shared}
P=$SHARED/conformance/petrarch/PETR.UnitTest.records.xml
[ -f "$P" ] || { echo "skip: $P absent"; exit 77; }
out=$("$DYAD" validate "$P")
rc=$?
printf '%s\n' "$out" | tail -n 30
last=$(printf '%s\n' "$out" | tail -n 1)
echo "$last" | grep -qE '^[0-9]+ passed, [0-9]+ failed$' || { echo "FAIL: no summary line (exit $rc)"; exit 1; }
p=${last%% passed*}; f=${last#*passed, }; f=${f%% failed*}
t=$((p + f))
[ "$t" -ge 250 ] || { echo "FAIL: only $t records read"; exit 1; }
if [ $((p * 100)) -ge $((t * 70)) ]; then echo "ok: $p of $t pass (>= 70%)"; exit 0; fi
echo "FAIL: $p of $t pass (< 70%)"; exit 1
