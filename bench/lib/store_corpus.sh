# Sourced by bench/store and bench/ab: store_corpus SAMPLE writes
# articles.jsonl in the current directory, 2,000 articles of six Gigaword
# sentences each, drawn at random (fixed seed) from the sample's TABARI
# records, so that the articles differ from each other as separate stories
# do (a corpus of copies would send every article down the near-duplicate path).
store_corpus() {
  awk '/^[0-9][0-9][0-9][0-9][0-9][0-9][ \t]/ { if (t != "") print t; t = ""; next } NF { t = t (t == "" ? "" : " ") $0 } END { if (t != "") print t }' "$1" |
    sed 's/\\/\\\\/g; s/"/\\"/g' >sents
  awk -v n="$(wc -l <sents)" '{ s[NR - 1] = $0 } END { srand(20081); for (a = 0; a < 2000; a++) { t = ""; for (k = 0; k < 6; k++) t = t (k ? " " : "") s[int(rand() * n) % n];
    printf "{\"id\":\"b%d\",\"date\":\"2008-%02d-%02d\",\"text\":\"%s\"}\n", a, a % 12 + 1, a % 28 + 1, t } }' sents >articles.jsonl
}
