#!/bin/sh
# Acceptance for Russian (issue 10): tests/fixtures/ru/seed-ru.txt, a Russian
# rendering of the seed article's key sentences written for the project,
# codes the same dyads (source and target codes of the events between two
# countries) and names the same places as the English original in
# ../shared/seed; Belarus-Russia cooperation (roots 03-08) and Belarus against
# the West (roots 09-20) are among them; Lukashenko's quotations are his
# (BLRGOV); the date is the article's.
DYAD=$1; SRC=$2
SHARED=${DYAD_SHARED:-$SRC/../shared}
SEED=$(ls "$SHARED"/seed/*.txt 2>/dev/null | head -n 1)
[ -n "$SEED" ] || { echo "skip: $SHARED/seed absent"; exit 77; }
dir=$(dirname "$DYAD")
[ -s "$dir/gazetteer.idx" ] || { echo "skip: $dir/gazetteer.idx was not built (run scripts/setup)"; exit 77; }
RU=$SRC/tests/fixtures/ru/seed-ru.txt
fail=0
check() { if [ "$2" = 1 ]; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
# dyads between two countries (an event inside one country, such as the
# English "the Head of State noted the presence of Belarusian companies",
# BLRGOV -> BLRBUS, hangs on one language's phrasing)
dyads() { "$DYAD" code "$1" | jq -r 'select(.target.code != null and .source.code[0:3] != .target.code[0:3])
  | [.source.code, .target.code] | join(" ")' | sort -u; }
places() { "$DYAD" gkg "$1" | jq -r '.locations[].name' | sort -u; }
en=$(dyads "$SEED"); ru=$(dyads "$RU")
printf 'English dyads:\n%s\nRussian dyads:\n%s\n' "$en" "$ru"
check "the same dyads as the English original" $([ -n "$en" ] && [ "$en" = "$ru" ] && echo 1)
coop=$("$DYAD" code "$RU" | jq -r 'select(.source.code[0:3] == "BLR" and .target.code[0:3] == "RUS" and (.root | tonumber) >= 3 and (.root | tonumber) <= 8) | .code' | head -n 1)
check "Belarus-Russia cooperation, roots 03-08 (${coop:-none})" $([ -n "$coop" ] && echo 1)
west=$("$DYAD" code "$RU" | jq -r 'select(.source.code == "BLRGOV" and .target.code == "WST" and (.root | tonumber) >= 9) | .code' | head -n 1)
check "Lukashenko (BLRGOV) against the West, roots 09-20 (${west:-none})" $([ -n "$west" ] && echo 1)
enp=$(places "$SEED"); rup=$(places "$RU")
printf 'English places: %s\nRussian places: %s\n' "$(echo $enp)" "$(echo $rup)"
check "the same places as the English original" $([ -n "$enp" ] && [ "$enp" = "$rup" ] && echo 1)
for p in Ufa Bashkortostan "Khabarovsk Krai" Kamchatka; do
  check "place $p with coordinates" $("$DYAD" gkg "$RU" | jq -e --arg p "$p" '[.locations[] | select(.name == $p and .lat != null and .lon != null)] | length > 0' >/dev/null && echo 1)
done
q=$("$DYAD" gkg "$RU" | jq -r '[.quotes[] | select(.speaker_code != null) | .speaker_code] | unique | join(",")')
check "the quotations are Lukashenko's (speaker codes: ${q:-none})" $([ "$q" = BLRGOV ] && echo 1)
d=$("$DYAD" code "$RU" | jq -r .date | sort -u)
check "every event dated 2023-06-28 (dates: $(echo $d))" $([ "$d" = 2023-06-28 ] && echo 1)
t=$("$DYAD" gkg "$RU" | jq -r '.tone.tone')
check "the tone is positive ($t)" $(awk -v t="$t" 'BEGIN { print (t > 0) ? 1 : 0 }')
exit $fail
