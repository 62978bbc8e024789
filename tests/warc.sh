#!/bin/sh
# warc.sh — WARC archives (issue 9, points 1, 4, 5): response and resource
# records with HTML become articles with their URL and fetch date; chunked
# transfer coding and gzip content coding are undone; requests, metadata,
# redirects, images are skipped and counted; the same archive gzipped per
# record (as CC-NEWS ships it) gives the same articles and is recognised by
# content; damaged records (wrong Content-Length, truncated or corrupt gzip,
# a 100 MB page) are named with record number and offset and the rest read,
# in bounded memory.
set -u
DYAD=${1:?usage: warc.sh DYAD_BINARY SOURCE_DIR}
SRC=${2:?}
case $DYAD in /*) ;; *) DYAD=$(pwd)/$DYAD ;; esac
case $SRC in /*) ;; *) SRC=$(pwd)/$SRC ;; esac
NAME=warc TIMEOUT=300
. "$SRC/tests/lib/harness.sh"
. "$SRC/tests/lib/warc.sh"
F=$SRC/tests/fixtures/html
command -v jq >/dev/null || { echo "warc.sh: jq missing (scripts/setup installs it)"; exit 1; }
run() { $TL "$DYAD" "$@" >out 2>err; RC=$?; }

# the records, one file each
printf 'software: dyad-test\r\nformat: WARC File Format 1.1\r\n' >info
printf 'GET /a HTTP/1.1\r\nHost: www.meridianwire.example\r\n\r\n' >req
http_response 200 'text/html; charset=utf-8' "$F/wire.html" >r1
http_response 200 'text/html; charset=UTF-8' "$F/agency-ru.html" chunked gzip >r2
printf '<html><body>moved</body></html>' >moved.html
http_response 301 'text/html' moved.html >r3
head -c 2000 /dev/urandom >img.jpg
http_response 200 'image/jpeg' img.jpg >r4
http_response 200 'text/html' "$F/german.html" >r5
printf 'fetchTimeMs: 120\r\n' >meta
http_response 200 'text/html; charset=windows-1251' "$F/agency-ru-cp1251.html" >r6
{
  warc_record warcinfo "" application/warc-fields info
  warc_record request https://www.meridianwire.example/a 'application/http; msgtype=request' req
  warc_record response https://www.meridianwire.example/a 'application/http; msgtype=response' r1
  warc_record metadata https://www.meridianwire.example/a application/warc-fields meta
  warc_record response https://evrazia-segodnya.ru/p/1 'application/http; msgtype=response' r2
  warc_record response http://old.example/x 'application/http; msgtype=response' r3
  warc_record response https://img.example/1.jpg 'application/http; msgtype=response' r4
  warc_record resource https://steppeandborder.example/post 'text/html' "$F/blog.html"
  warc_record response https://de.example/artikel 'application/http; msgtype=response' r5
  warc_record response https://kurier.example/n/17 'application/http; msgtype=response' r6
} >plain.warc
# the same, one gzip member per record
WARC_N=0
{
  warc_record warcinfo "" application/warc-fields info | warc_gz
  warc_record request https://www.meridianwire.example/a 'application/http; msgtype=request' req | warc_gz
  warc_record response https://www.meridianwire.example/a 'application/http; msgtype=response' r1 | warc_gz
  warc_record metadata https://www.meridianwire.example/a application/warc-fields meta | warc_gz
  warc_record response https://evrazia-segodnya.ru/p/1 'application/http; msgtype=response' r2 | warc_gz
  warc_record response http://old.example/x 'application/http; msgtype=response' r3 | warc_gz
  warc_record response https://img.example/1.jpg 'application/http; msgtype=response' r4 | warc_gz
  warc_record resource https://steppeandborder.example/post 'text/html' "$F/blog.html" | warc_gz
  warc_record response https://de.example/artikel 'application/http; msgtype=response' r5 | warc_gz
  warc_record response https://kurier.example/n/17 'application/http; msgtype=response' r6 | warc_gz
} >news.warc.gz

CASE="a plain WARC: pages with URL and fetch date, the rest skipped and counted"
run extract --no-text plain.warc; expect_rc 0
[ "$(wc -l <out)" -eq 4 ] || { fail "expected 4 articles, got $(wc -l <out)"; cat out; }
jq -r '[.id, .date, .fetched, .lang, .title] | @tsv' out >got
grep -q '^https://www.meridianwire.example/a	2023-06-28	2023-06-29T08:03:00Z	en	Belarus and Russia sign trade deals' got ||
  fail "the wire page: id, publication date, fetch date, language or title wrong: $(head -n 1 got)"
grep -q '^https://evrazia-segodnya.ru/p/1	2023-07-04	.*	ru	Лавров провел переговоры' got || fail "the chunked+gzip Russian page is wrong or missing"
grep -q '^https://steppeandborder.example/post	2023-06-20' got || fail "the resource record is missing"
grep -q '^https://kurier.example/n/17	2023-05-17	.*	ru	Минск вызвал' got || fail "the windows-1251 page (charset from HTTP) is wrong or missing"
grep -q 'plain.warc: 10 WARC records (.* of HTML): 4 articles; skipped: 4 not HTML (requests, metadata, other content types), 1 HTTP status not 200, 1 in other languages' err ||
  { fail "no summary of what was read and skipped"; show; }

CASE="the same archive gzipped per record, named .bin: detected by content, same articles"
cp news.warc.gz news.bin
run extract --no-text news.bin; expect_rc 0
jq -r '[.id, .date, .fetched, .lang, .title] | @tsv' out >got2
cut -f 1,2,4,5 got >a; cut -f 1,2,4,5 got2 >b
cmp -s a b || fail "gzip-per-record WARC gives different articles"
run code news.warc.gz; expect_rc 0
grep -q '"article":"https://www.meridianwire.example/a"' out || fail "dyad code: no events from the archive's wire page"

CASE="wrong Content-Length (too short, too long): named with record and offset, the rest read"
WARC_N=0
{
  warc_record response https://a.example/1 'application/http; msgtype=response' r1
  warc_record response https://b.example/2 'application/http; msgtype=response' r1 -10
  warc_record resource https://c.example/3 'text/html' "$F/blog.html"
  warc_record response https://d.example/4 'application/http; msgtype=response' r1 50
  warc_record resource https://e.example/5 'text/html' "$F/opinion.html"
  warc_record resource https://f.example/6 'text/html' "$F/url-date.html"
} >bad.warc
run extract --no-text bad.warc; expect_rc 1
grep -q 'bad.warc: record 2 at offset [0-9]* (https://b.example/2): Content-Length [0-9]* does not end the record' err ||
  { fail "the short Content-Length is not named"; show; }
grep -q 'bad.warc: record 4 at offset [0-9]* (https://d.example/4): Content-Length [0-9]* runs into the next record' err ||
  { fail "the long Content-Length is not named"; show; }
for u in https://a.example/1 https://c.example/3 https://e.example/5 https://f.example/6; do
  grep -q "\"id\":\"$u\"" out || fail "record $u lost"
done

CASE="a truncated .warc.gz and a corrupt gzip member: reported, the rest read"
size=$(wc -c <news.warc.gz)
head -c $((size - 700)) news.warc.gz >cut.warc.gz
run extract --no-text cut.warc.gz; expect_rc 1
grep -q 'cut.warc.gz: .*truncated' err || { fail "truncation not reported"; show; }
[ "$(wc -l <out)" -ge 3 ] || fail "records before the cut lost"
WARC_N=0
{
  warc_record resource https://a.example/1 'text/html' "$F/blog.html" | warc_gz
  warc_record resource https://b.example/2 'text/html' "$F/wire.html" | warc_gz | head -c 300
  head -c 500 /dev/urandom | tr '\037' x
  warc_record resource https://c.example/3 'text/html' "$F/opinion.html" | warc_gz
} >corrupt.warc.gz
run extract --no-text corrupt.warc.gz; expect_rc 1
grep -q 'corrupt.warc.gz: .*gzip' err || { fail "corrupt gzip data not reported"; show; }
grep -q '"id":"https://a.example/1"' out && grep -q '"id":"https://c.example/3"' out || fail "members around the corrupt one lost"

CASE="a 100 MB page in a .warc.gz: skipped with a message, bounded memory, the rest read"
{ printf '<!DOCTYPE html><html><body><p>'; head -c 104857600 /dev/zero | tr '\0' 'a'; printf '</p></body></html>'; } >big.html
http_response 200 text/html big.html >rbig
rm -f big.html
WARC_N=0
{
  warc_record response https://big.example/1 'application/http; msgtype=response' rbig | warc_gz
  warc_record resource https://c.example/3 'text/html' "$F/opinion.html" | warc_gz
} >big.warc.gz
rm -f rbig
if [ -x /usr/bin/time ]; then
  $TL /usr/bin/time -f '%M' "$DYAD" extract --no-text big.warc.gz >out 2>err; RC=$?
  kb=$(tail -n 1 err)
  [ "$kb" -lt 120000 ] || fail "peak memory $kb KB for a 100 MB page (bounded memory expected)"
else
  run extract --no-text big.warc.gz
fi
grep -q 'big.warc.gz: record 1 at offset 0 (https://big.example/1): response of 100 MB over the 16 MB limit: skipped' err ||
  { fail "the 100 MB page is not reported"; show; }
grep -q '"id":"https://c.example/3"' out || fail "the page after the 100 MB one was lost"

[ "$FAILS" -eq 0 ] && { echo "warc: all cases passed"; exit 0; }
echo "warc: $FAILS failure(s)"
exit 1
