#!/bin/sh
# Acceptance of the knowledge graph on the project's seed article (issue 5,
# point 8): the places with their types, subdivisions and Ufa's coordinates,
# two quotations both Aleksandr Lukashenko's (BLRGOV), a positive tone, the
# themes trade and import substitution.  The seed is read as dyad reads a
# text article (date line, title, body) and checked with `dyad spec`.
DYAD=$1; SRC=$2
SHARED=${DYAD_SHARED:-$SRC/../shared}
SEED=$(ls "$SHARED"/seed/*.txt 2>/dev/null | head -n 1)
[ -n "$SEED" ] || { echo "skip: $SHARED/seed absent"; exit 77; }
[ -s "$(dirname "$DYAD")/gazetteer.idx" ] || { echo "skip: gazetteer.idx was not built (run scripts/setup)"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
# the body: what follows the title line (dyad's text reader does the same)
date=$(sed -n 's/^Posted: \([0-9][0-9]\)\.\([0-9][0-9]\)\.\([0-9]\{4\}\).*/\3-\2-\1/p' "$SEED" | head -n 1)
{
  echo "=== the seed article's knowledge graph (issue 5)"
  echo "date: $date"
  echo "text:"
  awk 'NR==1 && /^Posted:/ {next} !t && NF {t=1; next} t' "$SEED" | sed 's/^===/ ===/'
  cat <<'CHECKS'
kg:
place Belarus | country | BY | -
place Russia | country | RU | -
place Ufa | city | RU | RU-BA | 54.74 55.97
place Bashkortostan | adm1 | RU | RU-BA
place Khabarovsk Krai | adm1 | RU | RU-KHA
place Kamchatka | region | RU | RU-KAM
place Urals | region | RU | -
place Siberia | region | RU | -
quotes 2
all-quotes Aleksandr Lukashenko | BLRGOV
tone positive
theme TRADE
theme IMPORT_SUBSTITUTION
person Aleksandr Lukashenko | BLRGOV
CHECKS
} > "$tmp/seed.txt"
"$DYAD" spec "$tmp/seed.txt"
