#!/bin/sh
# bad_input.sh — bad input never crashes, never hangs and never loses the rest
# of a batch.  Each case runs a batch "good file(s) + one bad input" and checks
#   - the exit status (0 ok, 1 some records/files bad, 2 usage, 3 dictionary),
#   - the message on stderr (names the file, and the line where there is one),
#   - that the good articles of the same batch were still coded (their
#     article ids appear in the emitted events) and the --stats counts.
#
# usage: sh tests/bad_input.sh DYAD_BINARY SOURCE_DIR
#
# Inputs are generated at test time in a temporary directory (nothing binary
# is committed).  A tiny TABARI-format dictionary is written there too, so the
# good articles are coded the same way whatever the built-in dictionaries hold
# and ../shared is not needed.
set -u

DYAD=${1:?usage: bad_input.sh DYAD_BINARY SOURCE_DIR}
# $2 (the source dir) is not needed: every input is generated here
[ -x "$DYAD" ] || { echo "bad_input: $DYAD is not an executable"; exit 1; }
case $DYAD in /*) ;; *) DYAD=$(pwd)/$DYAD ;; esac

NAME=bad-input TIMEOUT=300 # a time limit guards against hangs
. "$(dirname "$0")/lib/harness.sh"

# run ARGS... : run dyad code with stdout -> out, stderr -> err; RC = status.
run() {
    $TL "$DYAD" code "$@" >out 2>err
    RC=$?
}
# expect_err TEXT : stderr contains TEXT (fixed string)
expect_err() {
    if ! grep -F -q -e "$1" err; then fail "stderr lacks '$1'"; show; fi
}
expect_article() {
    if ! articles | grep -F -x -q -e "$1"; then
        fail "no event for article '$1' (events for: $(articles | tr '\n' ' '))"
    fi
}
expect_no_article() {
    if articles | grep -F -x -q -e "$1"; then fail "unexpected event for article '$1'"; fi
}
# expect_stats ARTICLES EVENTS BAD : the --stats line on stderr
expect_stats() {
    line=$(grep -E '^dyad: [0-9]+ articles, [0-9]+ sentences, [0-9]+ events, [0-9]+ bad records' err | head -1)
    if [ -z "$line" ]; then fail "no --stats line"; show; return; fi
    got=$(echo "$line" | sed -E 's/^dyad: ([0-9]+) articles, [0-9]+ sentences, ([0-9]+) events, ([0-9]+) bad records.*/\1 \2 \3/')
    [ "$got" = "$1 $2 $3" ] || fail "--stats says '$got' (articles events bad), expected '$1 $2 $3'"
}
expect_no_stdout() { [ ! -s out ] || fail "unexpected output on stdout: $(head -c 200 out)"; }

# ------------------------------------------------------------- fixtures
cat >mini.actors <<'EOF'
; test actors
RUSSIA_ [RUS]
UKRAINE_ [UKR]
FRANCE_ [FRA]
GERMANY_ [DEU]
EOF
cat >mini.verbs <<'EOF'
; test verbs
CONDEMN [122]
- $ * +  [122]
ACCUSE [112]
- $ * +  [112]
EOF
DICT="--dict actors:mini.actors --dict verbs:mini.verbs"

printf '%s\n' '{"id":"g1","date":"2023-06-28","title":"t","text":"Russia condemned Ukraine on Monday."}' >g1.jsonl
printf '%s\n' '{"id":"g2","date":"2023-06-28","title":"t","text":"France accused Germany of spying."}' >g2.jsonl

# Sanity: the good inputs code, or every later check means nothing.
CASE="good inputs"
run $DICT --stats g1.jsonl g2.jsonl
expect_rc 0
expect_article g1
expect_article g2
expect_stats 2 2 0
grep -q '"code":"122"' out || fail "g1 did not give code 122"
grep -q '"code":"112"' out || fail "g2 did not give code 112"
if [ "$FAILS" -ne 0 ]; then
    echo "bad_input: the good inputs do not code; cannot test bad input"
    exit 1
fi

# ------------------------------------------------------------- empty file
CASE="empty file"
: >empty.txt
run $DICT --stats g1.jsonl empty.txt g2.jsonl
expect_rc 1
expect_err "empty.txt"
expect_article g1
expect_article g2
expect_stats 2 2 1

# ------------------------------------------------------------- binary file
CASE="binary file"
head -c 65536 /bin/true >binary.dat 2>/dev/null || cat /bin/true >binary.dat
run $DICT --stats g1.jsonl binary.dat g2.jsonl
expect_rc 1
expect_err "binary.dat"
grep -i -q 'binary' err || { fail "message does not say the file is binary"; show; }
expect_article g1
expect_article g2
expect_stats 2 2 1
[ "$(articles | wc -l)" -eq 2 ] || fail "events from the binary file: $(articles | tr '\n' ' ')"

# ------------------------------------------------------------- invalid UTF-8
# A text article (title, blank line, body) with invalid bytes in both
# sentences: a warning naming the file, the events still produced, exit 0.
CASE="invalid UTF-8 text"
printf 'Headline\n\nRussia condemned Ukraine \377\376 on Monday.\nFrance accused Germany of spying \300 again.\n' >badutf8.txt
run $DICT --stats g1.jsonl badutf8.txt g2.jsonl
expect_rc 0
expect_err "badutf8.txt"
grep -i -q 'utf-8' err || { fail "warning does not mention UTF-8"; show; }
expect_article g1
expect_article g2
expect_stats 3 4 0
# the text article's id is a content hash: it is the third article id
[ "$(articles | wc -l)" -eq 3 ] || fail "the invalid-UTF-8 article gave no events ($(articles | tr '\n' ' '))"
# output stays valid UTF-8 (repaired bytes become U+FFFD)
if command -v python3 >/dev/null 2>&1 && python3 -c 'import json' 2>/dev/null; then
    python3 - out <<'EOF' || fail "output is not valid UTF-8 JSON Lines"
import json, sys
for n, raw in enumerate(open(sys.argv[1], 'rb'), 1):
    try:
        json.loads(raw.decode('utf-8'))
    except Exception as e:
        print('  line %d: %s' % (n, e)); sys.exit(1)
EOF
fi

CASE="invalid UTF-8 jsonl"
printf '{"id":"u1","date":"2023-06-28","title":"t","text":"Russia condemned Ukraine \377 on Monday."}\n' >badutf8.jsonl
run $DICT --stats g2.jsonl badutf8.jsonl
expect_rc 0
expect_err "badutf8.jsonl:1:"
expect_article u1
expect_article g2

# ------------------------------------------------------------- 10 MB line
# One 10 MB JSONL line (many sentences, the last one codes) between two good
# lines; generated by doubling a sentence, then cut to exactly 10 MiB.
CASE="10 MB JSONL line"
printf 'Lorem ipsum dolor sit amet. ' >chunk
i=0
while [ $i -lt 19 ]; do cat chunk chunk >chunk2 && mv chunk2 chunk; i=$((i + 1)); done
{
    cat g1.jsonl
    printf '{"id":"big","date":"2023-06-28","title":"t","text":"'
    head -c 10485760 chunk
    printf '. Russia condemned Ukraine on Monday."}\n'
    cat g2.jsonl
} >big.jsonl
rm -f chunk
size=$(wc -c <big.jsonl)
[ "$size" -gt 10485760 ] || fail "generated line too short ($size bytes)"
run $DICT --stats big.jsonl
expect_rc 0
expect_article g1
expect_article big
expect_article g2
expect_stats 3 3 0
# ... and the same 10 MB as a line that is not JSON at all
CASE="10 MB non-JSON line"
{
    cat g1.jsonl
    head -c 10485760 big.jsonl | tr -d '{}"\n'
    printf '\n'
    cat g2.jsonl
} >big2.jsonl
run $DICT --stats big2.jsonl
expect_rc 1
expect_err "big2.jsonl:2:"
expect_article g1
expect_article g2
expect_stats 2 2 1
[ "$(wc -c <err)" -lt 4096 ] || fail "the error message echoes the 10 MB line ($(wc -c <err) bytes on stderr)"
rm -f big.jsonl big2.jsonl

# ------------------------------------------------------------- truncated TABARI
# A good record, then a record whose comment is never closed and the file
# ends; a second good file follows in the batch.
CASE="truncated TABARI record"
printf '230628 GOOD-01\nRussia condemned Ukraine on Monday.\n\n230628 TRUNC-01\nFrance accused Germany /* a comment that\nnever ends' >trunc.tabari
printf '230628 GOOD-02\nFrance accused Germany of spying.\n\n' >good.tabari
run $DICT --stats trunc.tabari good.tabari
expect_rc 1
expect_err "trunc.tabari:"
expect_err "TRUNC-01"
grep -i -q 'comment' err || { fail "message does not mention the comment"; show; }
expect_article GOOD-01
expect_article GOOD-02
expect_no_article TRUNC-01
expect_stats 2 2 1
# the same with the format forced
run $DICT --input-format tabari --stats trunc.tabari good.tabari
expect_rc 1
expect_err "TRUNC-01"
expect_article GOOD-01
expect_article GOOD-02

# ------------------------------------------------------------- bad JSON line
CASE="unparsable JSON line"
{
    cat g1.jsonl
    printf '%s\n' '{"id":"broken","date":"2023-06-28","text":"Russia condemned Ukraine"'
    cat g2.jsonl
} >mid.jsonl
run $DICT --stats mid.jsonl
expect_rc 1
expect_err "mid.jsonl:2:"
expect_article g1
expect_article g2
expect_no_article broken
expect_stats 2 2 1
# --quiet: still exit 1 and counted, but no message
CASE="unparsable JSON line, --quiet"
run $DICT --quiet --stats mid.jsonl
expect_rc 1
grep -q 'mid.jsonl:2:' err && fail "--quiet still reports the bad record"
expect_article g1
expect_article g2
expect_stats 2 2 1

# ------------------------------------------------------------- bad dictionaries
# dict_case NAME LINE CONTENT : with --strict, --dict verbs:NAME must exit 3
# with "NAME:LINE:" and code nothing; by default the line is reported with
# "NAME:LINE:", skipped, and the rest of the dictionary still codes.
dict_case() {
    CASE="malformed dictionary (--strict): $1"
    printf '%s' "$3" >"$1"
    run --strict --dict actors:mini.actors --dict "verbs:$1" g1.jsonl g2.jsonl
    expect_rc 3
    expect_err "$1:$2:"
    expect_no_stdout
    CASE="malformed dictionary (default): $1"
    run --dict actors:mini.actors --dict "verbs:$1" g1.jsonl g2.jsonl
    expect_rc 0
    expect_err "$1:$2:"
    expect_err "skipped"
    expect_article g1   # coded with the dictionary's good lines (CONDEMN)
}
dict_case unbalanced.verbs 3 '; unbalanced brace
CONDEMN [122]
- $ * { + | UKRAINE  [122]
'
dict_case nobracket.verbs 3 '; missing bracket
CONDEMN [122]
- $ * +  [122
'
dict_case orphan.verbs 2 '; pattern before any verb
- $ * +  [122]
CONDEMN [122]
'
dict_case section.verbs 3 '; unknown section
CONDEMN [122]
<NOSUCHSECTION>
- $ * +  [122]
'
CASE="missing dictionary file"
run --dict verbs:no-such.verbs g1.jsonl
expect_rc 3
expect_err "no-such.verbs"
expect_no_stdout

# ------------------------------------------------------------- missing input
CASE="nonexistent input file"
run $DICT --stats g1.jsonl does-not-exist.jsonl g2.jsonl
expect_rc 1
expect_err "does-not-exist.jsonl"
expect_article g1
expect_article g2
expect_stats 2 2 1

# ------------------------------------------------------------- usage errors
CASE="unknown --format"
run $DICT --format nosuchformat g1.jsonl
expect_rc 2
expect_err "nosuchformat"
expect_no_stdout
CASE="unknown --input-format"
run $DICT --input-format nosuchformat g1.jsonl
expect_rc 2
expect_err "nosuchformat"
expect_no_stdout
CASE="unknown option"
run $DICT --no-such-option g1.jsonl
expect_rc 2
expect_no_stdout

CASE="spec file: two events on one line is named, not read as an odd code"
printf '=== x\ntext:\nRussia condemned Ukraine.\nevents:\nRUS UKR 111; UKR RUS 111\n' >two.spec
$TL "$DYAD" spec two.spec >out 2>err
RC=$?
expect_rc 1
grep -q "two.spec:5: expected 'SOURCE TARGET CODE' (one event per line)" out err ||
    fail "no message naming two.spec:5"

# ---- knowledge graph and gazetteer (issue 5)
GAZ=$(dirname "$DYAD")/gazetteer.idx
if [ -s "$GAZ" ]; then
    CASE="gkg: a corrupt gazetteer index is refused with its name, exit 3"
    head -c 100000 "$GAZ" >trunc.idx
    $TL "$DYAD" gkg --gazetteer trunc.idx g1.jsonl >out 2>err
    RC=$?
    expect_rc 3
    expect_err "trunc.idx: truncated or corrupt"
    printf 'not an index at all, just text that is long enough to hold a header\n%.0s' 1 2 3 >junk.idx
    $TL "$DYAD" gkg --gazetteer junk.idx g1.jsonl >out 2>err
    RC=$?
    expect_rc 3
    expect_err "junk.idx: not a dyad gazetteer index"
    $TL "$DYAD" code --with-kg --gazetteer missing.idx g1.jsonl >out 2>err
    RC=$?
    expect_rc 3
    expect_err "missing.idx: No such file or directory"

    CASE="gkg: binary and invalid UTF-8 input in a batch; the good article still has its graph"
    head -c 300000 /dev/urandom >noise.bin
    printf 'x\n\n"Belarus is our friend," Lukashenko said in Minsk.\n' >good.txt
    $TL "$DYAD" gkg -i text noise.bin good.txt >out 2>err
    RC=$?
    expect_rc 0
    [ "$(wc -l <out)" -eq 2 ] || fail "expected 2 JSON lines, got $(wc -l <out)"
    grep -q '"speaker":"Lukashenko"' out || fail "the good article lost its quotation's speaker"

    CASE="gkg: a 4 MB article of quotation marks and names stays linear"
    awk 'BEGIN { srand(7); split("\" said Paris Lukashenko noted the Minsk President . \xc2\xab \xc2\xbb", w, " ");
        for (i = 0; i < 600000; i++) printf "%s ", w[int(rand() * 12) + 1]; print "" }' >huge.txt
    TIMEOUT_SAVE=$TL
    command -v timeout >/dev/null 2>&1 && TL="timeout 60"
    $TL "$DYAD" gkg -i text huge.txt >out 2>err
    RC=$?
    TL=$TIMEOUT_SAVE
    expect_rc 0
    grep -q '"quotes":\[{' out || fail "no quotations found in the huge article"

    CASE="gazetteer build: a malformed places line is named with its line"
    printf 'Urals | region | RU | - | 60 60 | -\nBroken line without fields\n' >places.txt
    printf '{"RU":{"iso":"RU","iso3":"RUS","fips":"RS","names":{"en":"Russia"},"regions":[]}}\n' >sub.json
    $TL "$DYAD" gazetteer build --cities /dev/null --subdivisions sub.json --places places.txt -o x.idx >out 2>err
    RC=$?
    expect_rc 3
    expect_err "places.txt:2: expected 6 fields"
    [ ! -e x.idx ] || fail "a failed build left x.idx"
else
    echo "note: $GAZ not built (scripts/setup installs its npm data): gazetteer cases skipped"
fi

if [ "$FAILS" -ne 0 ]; then
    echo "bad_input: $FAILS check(s) failed"
    exit 1
fi
echo "bad_input: all checks passed"
exit 0
