#!/bin/sh
# html.sh — HTML pages to articles (issue 9, point 2): every page in
# tests/fixtures/html/ (written for the project, imitating wire services,
# state agencies, blogs, newspapers with ads, a windows-1251 table layout,
# broken markup ...) is read by `dyad extract` and checked against its
# NAME.expect: title, date, outlet, language, canonical URL, where the text
# starts (first:), sentences it must keep (has:) and boilerplate it must
# drop (not:).  A page with "lang: other" must be skipped with a message.
# Then: a page is detected by content, coded by `dyad code`, and pages that
# are too large, binary or empty give messages without stopping the batch.
set -u
DYAD=${1:?usage: html.sh DYAD_BINARY SOURCE_DIR}
SRC=${2:?}
case $DYAD in /*) ;; *) DYAD=$(pwd)/$DYAD ;; esac
case $SRC in /*) ;; *) SRC=$(pwd)/$SRC ;; esac
NAME=html TIMEOUT=120
. "$SRC/tests/lib/harness.sh"
F=$SRC/tests/fixtures/html
command -v jq >/dev/null || { echo "html.sh: jq missing (scripts/setup installs it)"; exit 1; }

# value of key K in an expect file (first line)
ev() { sed -n "s/^$1: //p" "$2" | head -n 1; }
# does the collapsed text contain the literal string $1?
has() { awk -v s="$1" 'BEGIN { RS = "\001" } { gsub(/[ \t\r\n]+/, " "); if (index($0, s)) f = 1 } END { exit !f }' text; }

n=0
for e in "$F"/*.expect; do
  page=${e%.expect}.html
  base=$(basename "$page")
  CASE=$base
  n=$((n + 1))
  $TL "$DYAD" extract "$page" >out 2>err
  RC=$?
  lang=$(ev lang "$e")
  if [ "$lang" = other ]; then
    [ -s out ] && fail "a page in another language was not skipped"
    grep -q "in language '[a-z]*' skipped" err || { fail "no message about the skipped language"; show; }
    continue
  fi
  [ "$RC" -eq 0 ] || { fail "exit status $RC"; show; continue; }
  jq -r '.text' out >text
  for k in title outlet lang url; do
    want=$(ev "$k" "$e")
    [ -n "$want" ] || continue
    jk=$k; [ "$k" = outlet ] && jk=source
    got=$(jq -r ".$jk // \"\"" out)
    [ "$got" = "$want" ] || fail "$k: got '$got', expected '$want'"
  done
  want=$(ev date "$e"); [ "$want" = "-" ] && want=""
  got=$(jq -r '.date // ""' out)
  [ "$got" = "$want" ] || fail "date: got '$got', expected '$want'"
  first=$(ev first "$e")
  if [ -n "$first" ]; then
    start=$(tr -s ' \n\t' '   ' <text | cut -c1-400)
    case $start in "$first"*) ;; *) fail "text does not start with: $first
      it starts: $(echo "$start" | cut -c1-160)" ;; esac
  fi
  sed -n 's/^has: //p' "$e" >hasl
  while IFS= read -r h; do has "$h" || fail "text lacks: $h"; done <hasl
  sed -n 's/^not: //p' "$e" >notl
  while IFS= read -r h; do has "$h" && fail "boilerplate kept: $h"; done <notl
done
[ "$n" -ge 10 ] || fail "only $n expect files found in $F"

CASE="a page is recognised by content and coded"
cp "$F/wire.html" page.txt
$TL "$DYAD" code page.txt >out 2>err; RC=$?
expect_rc 0
grep -q '"article":"https://www.meridianwire.example/world/europe/belarus-russia-sign-trade-deals-pledge-cut-barriers-mw4417"' out ||
  fail "events do not carry the page's canonical URL as article id"
grep -q '"date":"2023-06-28"' out || fail "events do not carry the publication date"
grep -q '"source":{[^}]*"code":"BLR' out || fail "no Belarusian source actor coded from the page"

CASE="too large, binary and empty pages in a batch: messages, the rest read"
{ printf '<!DOCTYPE html><html><body><p>'; head -c 17000000 /dev/zero | tr '\0' 'a'; printf '</p></body></html>'; } >huge.html
printf '<!DOCTYPE html><html><head><title>Nothing</title></head><body><nav><a href="/">Home</a></nav></body></html>' >empty.html
head -c 3000 /dev/urandom >bin.html
$TL "$DYAD" extract --no-text huge.html empty.html bin.html "$F/blog.html" >out 2>err; RC=$?
expect_rc 1
grep -q 'huge.html: page of 16 MB over the 16 MB limit: skipped' err || { fail "the huge page is not reported"; show; }
grep -q 'empty.html: no article text found in the page' err || { fail "the empty page is not reported"; show; }
grep -q 'bin.html: binary file' err || { fail "the binary file is not reported"; show; }
[ "$(wc -l <out)" -eq 1 ] && grep -q steppeandborder out || fail "the good page after them was not read"

CASE="--languages all keeps the German page; a bad list is a usage error"
$TL "$DYAD" extract --languages all --no-text "$F/german.html" >out 2>err; RC=$?
expect_rc 0
grep -q '"lang":"de"' out || fail "German page not kept with --languages all"
$TL "$DYAD" extract --languages 'en;ru' "$F/german.html" >out 2>err; RC=$?
expect_rc 2

[ "$FAILS" -eq 0 ] && { echo "html: $n pages and the batch cases passed"; exit 0; }
echo "html: $FAILS failure(s)"
exit 1
