#!/bin/sh
# The manual page (docs/dyad.md) carries each subcommand's --help verbatim, and
# the README's worked example is what `dyad code` prints for the example today.
DYAD=$1; SRC=$2
fail=0
for cmd in code validate spec dict extract gkg gazetteer ingest query db serve enqueue worker; do
    "$DYAD" "$cmd" --help > help.$$ || { echo "FAIL: dyad $cmd --help"; fail=1; continue; }
    if ! awk -v f=help.$$ 'BEGIN { while ((getline l < f) > 0) want = want l "\n" } { doc = doc $0 "\n" }
        END { exit index(doc, want) ? 0 : 1 }' "$SRC/docs/dyad.md"; then
        echo "FAIL: docs/dyad.md does not carry 'dyad $cmd --help' as printed"; fail=1
    else echo "ok: dyad $cmd --help is in docs/dyad.md"; fi
done
rm -f help.$$
"$DYAD" code "$SRC/examples/belarus-russia.txt" > ex.$$ || { echo "FAIL: dyad code on the example"; fail=1; }
if ! awk -v f=ex.$$ 'BEGIN { while ((getline l < f) > 0) want = want l "\n" } { doc = doc $0 "\n" }
    END { exit (want != "" && index(doc, want)) ? 0 : 1 }' "$SRC/README.md"; then
    echo "FAIL: README's worked example differs from what dyad prints now"; fail=1
else echo "ok: README's worked example is current"; fi
rm -f ex.$$
exit $fail
