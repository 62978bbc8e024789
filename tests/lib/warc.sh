# warc.sh — write WARC records for tests and benchmarks (sourced).
#   http_response STATUS CTYPE FILE [chunked] [gzip]  an HTTP response with FILE as body
#   warc_record TYPE URI CTYPE FILE [LEN_DELTA]          a WARC/1.1 record holding FILE
#                                                         (Content-Length off by LEN_DELTA)
#   warc_gz                                              gzip stdin as one member (stdout)
WARC_N=0
http_response() {
  _st=$1 _ct=$2 _f=$3; shift 3
  _chunk=0 _gz=0
  for o in "$@"; do case $o in chunked) _chunk=1 ;; gzip) _gz=1 ;; esac; done
  if [ $_gz = 1 ]; then _g=$(basename "$_f").body.gz; gzip -c -n "$_f" >"$_g"; _f=$_g; fi
  case $_st in 200) _r=OK ;; 301) _r="Moved Permanently" ;; 404) _r="Not Found" ;; *) _r=Status ;; esac
  printf 'HTTP/1.1 %s %s\r\nContent-Type: %s\r\nServer: test\r\n' "$_st" "$_r" "$_ct"
  [ $_gz = 1 ] && printf 'Content-Encoding: gzip\r\n'
  if [ $_chunk = 1 ]; then
    printf 'Transfer-Encoding: chunked\r\n\r\n'
    _size=$(wc -c <"$_f") _off=0
    while [ "$_off" -lt "$_size" ]; do
      _k=1000; [ $((_size - _off)) -lt $_k ] && _k=$((_size - _off))
      printf '%x\r\n' "$_k"
      dd if="$_f" bs=1 skip="$_off" count="$_k" 2>/dev/null
      printf '\r\n'
      _off=$((_off + _k))
    done
    printf '0\r\n\r\n'
  else
    printf 'Content-Length: %d\r\n\r\n' "$(wc -c <"$_f")"
    cat "$_f"
  fi
}
warc_record() {
  WARC_N=$((WARC_N + 1))
  _len=$(( $(wc -c <"$4") + ${5:-0} ))
  printf 'WARC/1.1\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: 2023-06-29T08:%02d:00Z\r\n' "$1" "$2" $((WARC_N % 60))
  printf 'WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012d>\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n' \
    "$WARC_N" "$3" "$_len"
  cat "$4"
  printf '\r\n\r\n'
}
warc_gz() { gzip -c -n; }
