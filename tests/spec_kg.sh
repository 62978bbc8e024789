#!/bin/sh
# Knowledge-graph spec cases (issue 5): places, quotations and speakers,
# people, organisations, tone, themes, amounts, dates, event locations.
DYAD=$1; SRC=$2
dir=$(dirname "$DYAD")
[ -s "$dir/gazetteer.idx" ] || { echo "skip: $dir/gazetteer.idx was not built (run scripts/setup: it installs the npm data)"; exit 77; }
exec "$DYAD" spec "$SRC"/tests/spec/kg/*.txt
