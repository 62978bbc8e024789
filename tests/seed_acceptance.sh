#!/bin/sh
# Acceptance on the project's seed article (issue 2, point 9), with the
# built-in dictionaries: date, a Belarus-Russia cooperation event, Belarus (or
# Russia) opposing the West, Lukashenko's statements coded BLRGOV, and no
# actor that the text does not mention.
DYAD=$1; SRC=$2
SHARED=${DYAD_SHARED:-$SRC/../shared}
SEED=$(ls "$SHARED"/seed/*.txt 2>/dev/null | head -n 1)
[ -n "$SEED" ] || { echo "skip: $SHARED/seed absent"; exit 77; }
out=$("$DYAD" code "$SEED") || { echo "FAIL: dyad code exited $?"; exit 1; }
fail=0
check() { if [ "$2" -eq 0 ]; then echo "FAIL: $1"; fail=1; else echo "ok: $1"; fi; }
n=$(printf '%s\n' "$out" | grep -c '"code"')
echo "events: $n"
printf '%s\n' "$out" | sed 's/"text":"[^"]*"}$/}/'
check "every event dated 2023-06-28" $( [ "$n" -gt 0 ] && [ "$(printf '%s\n' "$out" | grep -c '"date":"2023-06-28"')" -eq "$n" ] && echo 1 || echo 0)
coop=$(printf '%s\n' "$out" | grep -E '"source":\{"code":"(BLR|RUS)[A-Z]*"' | grep -E '"target":\{"code":"(BLR|RUS)[A-Z]*"' \
  | grep -E '"source":\{"code":"BLR[^"]*".*"target":\{"code":"RUS|"source":\{"code":"RUS[^"]*".*"target":\{"code":"BLR' \
  | grep -cE '"root":"0[3-8]"')
check "a Belarus-Russia event with root 03-08" "$coop"
west=$(printf '%s\n' "$out" | grep -E '"source":\{"code":"(BLR|RUS)[A-Z]*"' | grep -E '"target":\{"code":"WST"' \
  | grep -cE '"root":"(09|1[0-9]|20)"')
check "Belarus or Russia against the West with root 09-20" "$west"
# Lukashenko's statements: events whose verb lies in his quotations or
# attributions (paragraphs 2 and 4 and the final sentence) carry BLRGOV
luk=$(printf '%s\n' "$out" | grep -E '"target":\{"code":"WST"' | grep -cE '"source":\{"code":"BLRGOV"')
check "the statement against Western pressure is Lukashenko's (BLRGOV)" "$luk"
# every source/target code must belong to an actor named in the article
bad=$(printf '%s\n' "$out" | grep -oE '"(source|target)":\{"code":"[^"]*"' | sed 's/.*"code":"//; s/"$//' \
  | grep -vE '^(BLR|RUS|WST|SUN|USR)' | sort -u)
check "no actor outside the text (found: ${bad:-none})" $( [ -z "$bad" ] && echo 1 || echo 0)
exit $fail
