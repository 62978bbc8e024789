#!/bin/sh
# Russian text handling (issue 10): language per article (the input's lang
# wins), Cyrillic sentence splitting (initials, г., т.е., им.), ё read as е,
# «» quotation marks, and the Russian-specific coder rules, on articles
# written for the project.
DYAD=$1; SRC=$2
T=$(mktemp -d "${TMPDIR:-/tmp}/dyad-ru.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
fail=0
check() { if [ "$2" = 1 ]; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
has() { printf '%s\n' "$out" | jq -c "select($1)" | grep -q . && echo 1; } # an event of $out matches

# language: detected when the input has none, the input's own wins
cat >"$T/l.jsonl" <<'J'
{"id":"ru","text":"Президент Беларуси Александр Лукашенко провел переговоры с президентом России в Минске. Стороны обсудили торговлю и поставки."}
{"id":"en","text":"The President of Belarus held talks with the Russian president in Minsk on Friday. They discussed trade and supplies."}
{"id":"de","text":"Der Präsident von Belarus hat am Freitag in Minsk Gespräche mit dem russischen Präsidenten geführt und über den Handel gesprochen."}
{"id":"given","lang":"en","text":"Президент Беларуси провел переговоры с президентом России."}
J
langs=$("$DYAD" extract -q "$T/l.jsonl" | jq -r '.id + "=" + .lang' | tr '\n' ' ')
check "languages detected: ru, en, de; the input's lang wins ($langs)" \
  $([ "$langs" = "ru=ru en=en de=de given=en " ] && echo 1)

# sentences: initials and abbreviations do not end a sentence
printf 'Заголовок\n\nПрезидент Беларуси А. Лукашенко встретился с В.В. Путиным в г. Минске, т.е. в столице. МГУ им. Ломоносова принял делегацию. Затем Россия осудила Польшу.\n' >"$T/s.txt"
out=$("$DYAD" code "$T/s.txt")
check "the initials stay in their sentence: BLRGOV meets RUSGOV in sentence 0" \
  $(has '.sentence == 0 and .source.code == "BLRGOV" and .target.code == "RUSGOV" and .code == "040"')
check "the third sentence is sentence 2 (RUS condemns POL)" \
  $(has '.sentence == 2 and .source.code == "RUS" and .target.code == "POL" and .root == "11"')

# ё and е code alike
printf 'Т\n\nРоссия нанесёт удар по Украине.\n' >"$T/yo.txt"
printf 'Т\n\nРоссия нанесет удар по Украине.\n' >"$T/ye.txt"
a=$("$DYAD" code "$T/yo.txt" | jq -r '.source.code + " " + .target.code + " " + .code')
b=$("$DYAD" code "$T/ye.txt" | jq -r '.source.code + " " + .target.code + " " + .code')
check "нанесёт and нанесет code the same ($a / $b)" $([ -n "$a" ] && [ "$a" = "$b" ] && echo 1)

# negation and quotations: «» separate words; НЕ before the verb negates
printf 'Т\n\n«Беларусь не осудила Россию», — сообщил источник.\n' >"$T/neg.txt"
n=$("$DYAD" code "$T/neg.txt" | jq -r 'select(.root == "11") | .code' | wc -l)
check "a negated verb codes no event" $([ "$n" -eq 0 ] && echo 1)

# an English article and a Russian article in one run code into the same codes
cat >"$T/mix.jsonl" <<'J'
{"id":"e","date":"2024-03-01","text":"Poland condemned Belarus over the border crisis."}
{"id":"r","date":"2024-03-01","text":"Польша осудила Белоруссию из-за кризиса на границе."}
J
pairs=$("$DYAD" code "$T/mix.jsonl" | jq -r '.article + ":" + .source.code + ">" + .target.code + ":" + .root' | sort | tr '\n' ' ')
check "English and Russian articles code alike ($pairs)" $([ "$pairs" = "e:POL>BLR:11 r:POL>BLR:11 " ] && echo 1)
exit $fail
