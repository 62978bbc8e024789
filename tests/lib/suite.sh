# suite.sh — shared by the conformance tests: run `dyad validate FILE` and
# require at least MIN records and PCT% of them passing.
# usage: . tests/lib/suite.sh; suite DYAD FILE MIN PCT
suite() {
    [ -f "$2" ] || { echo "skip: $2 absent"; exit 77; }
    out=$("$1" validate "$2")
    rc=$?
    printf '%s\n' "$out" | tail -n 30
    last=$(printf '%s\n' "$out" | tail -n 1)
    echo "$last" | grep -qE '^[0-9]+ passed, [0-9]+ failed$' || { echo "FAIL: no summary line (exit $rc)"; exit 1; }
    p=${last%% passed*}; f=${last#*passed, }; f=${f%% failed*}
    t=$((p + f))
    [ "$t" -ge "$3" ] || { echo "FAIL: only $t records read"; exit 1; }
    if [ $((p * 100)) -ge $((t * $4)) ]; then echo "ok: $p of $t pass (>= $4%)"; exit 0; fi
    echo "FAIL: $p of $t pass (< $4%)"; exit 1
}
