#!/bin/sh
# cli.sh — the dyad command line: format detection and forcing, stdin, -o,
# output formats, help text kept in step with the getopt tables of
# src/cli/main.c, exit status of usage errors, and the JSON event contract
# (DESIGN.md: id, article, sentence, date, source, target, code, root, quad,
# goldstein, plover, text; source/target start/end are byte offsets into the
# article text).
#
# usage: sh tests/cli.sh DYAD_BINARY SOURCE_DIR
#
# A tiny TABARI-format dictionary is generated at test time, so the checks do
# not depend on the built-in dictionaries or on ../shared.
set -u

DYAD=${1:?usage: cli.sh DYAD_BINARY SOURCE_DIR}
SRC=${2:-.}
[ -x "$DYAD" ] || { echo "cli: $DYAD is not an executable"; exit 1; }
case $DYAD in /*) ;; *) DYAD=$(pwd)/$DYAD ;; esac
case $SRC in /*) ;; *) SRC=$(pwd)/$SRC ;; esac
MAIN_C=$SRC/src/cli/main.c
[ -f "$MAIN_C" ] || { echo "cli: $MAIN_C not found"; exit 1; }

NAME=cli
. "$(dirname "$0")/lib/harness.sh"
note() { echo "NOTE [$CASE]: $*"; }

# run ARGS... : run dyad with stdout -> out, stderr -> err; RC = status
run() {
    $TL "$DYAD" "$@" >out 2>err
    RC=$?
}

PY=""
if command -v python3 >/dev/null 2>&1 && python3 -c 'import json' >/dev/null 2>&1; then PY=python3; fi
JQ=""
command -v jq >/dev/null 2>&1 && JQ=jq

# ------------------------------------------------------------- fixtures
cat >mini.actors <<'EOF'
RUSSIA_ [RUS]
UKRAINE_ [UKR]
FRANCE_ [FRA]
GERMANY_ [DEU]
EOF
cat >mini.verbs <<'EOF'
CONDEMN [122]
- $ * +  [122]
ACCUSE [112]
- $ * +  [112]
EOF
DICT="--dict actors:mini.actors --dict verbs:mini.verbs"

# One article, three formats.  Its first sentence is the whole of the TABARI
# record, so the three must give the same event.
SENT='Russia condemned Ukraine on Monday.'
printf 'Posted: 28.06.2023 10:15:00\nRussia and Ukraine\n\n%s\n' "$SENT" >art.txt
printf '{"id":"art","date":"2023-06-28","title":"Russia and Ukraine","text":"%s"}\n' "$SENT" >art.jsonl
printf '230628 art\n%s\n\n' "$SENT" >art.tabari

# ------------------------------------------------------------- detection
CASE="format detection"
for f in art.txt art.jsonl art.tabari; do
    run code $DICT --format tabari "$f"
    expect_rc 0
    cut -f1-5 out >"$f.events"
    [ -s "$f.events" ] || fail "$f gave no event"
done
if ! cmp -s art.jsonl.events art.txt.events; then
    fail "text and jsonl give different events"; diff art.jsonl.events art.txt.events | head
fi
if ! cmp -s art.jsonl.events art.tabari.events; then
    fail "tabari and jsonl give different events"; diff art.jsonl.events art.tabari.events | head
fi
grep -q "$(printf '^230628\tRUS\tUKR\t122\t')" art.jsonl.events || fail "expected 230628 RUS UKR 122, got: $(cat art.jsonl.events)"
# text and jsonl carry the same body: the JSON events agree in every field of
# the contract but the ids
if [ -n "$PY" ]; then
    run code $DICT art.txt; cp out art.txt.json
    run code $DICT art.jsonl; cp out art.jsonl.json
    $PY - art.txt.json art.jsonl.json <<'EOF' || fail "text and jsonl JSON events differ beyond the id"
import json, sys
def load(p):
    out = []
    for line in open(p, encoding='utf-8'):
        e = json.loads(line)
        out.append({k: e.get(k) for k in ('sentence', 'date', 'source', 'target', 'code', 'root',
                                           'quad', 'goldstein', 'plover', 'text')})
    return out
a, b = load(sys.argv[1]), load(sys.argv[2])
if a != b:
    print('  text :', a); print('  jsonl:', b); sys.exit(1)
EOF
fi
# the TABARI record id and the JSON id are kept
run code $DICT art.tabari
[ "$(articles)" = art ] || fail "TABARI record id not kept: $(articles)"
run code $DICT art.jsonl
[ "$(articles)" = art ] || fail "JSONL id not kept: $(articles)"
# a text article without id gets "h" + 16 hex digits
run code $DICT art.txt
articles | grep -q -x 'h[0-9a-f]\{16\}' || fail "text article id is not h+16 hex: $(articles)"

# ------------------------------------------------------------- forcing
CASE="--input-format forces"
# a TABARI file read as text: the header line is the title, so the id is a
# content hash and the date is not taken from the header
run code $DICT --input-format text --format tabari art.tabari
expect_rc 0
[ -s out ] || fail "TABARI file forced to text gave no events"
grep -q "$(printf '\tart$')" out && fail "forced text still read a TABARI record id: $(cat out)"
grep -q '^230628' out && fail "forced text still took the TABARI header date: $(cat out)"
# the short option does the same
run code $DICT -i text --format tabari art.tabari
grep -q "$(printf '\tart$')" out && fail "-i text not honoured"
# a text file read as JSONL: every non-blank line is a bad JSON record
run code $DICT --input-format jsonl art.txt
expect_rc 1
grep -q 'art.txt:1:' err || { fail "forced jsonl: no 'art.txt:1:' error"; show; }
[ -s out ] && fail "forced jsonl coded a text file: $(head -c 200 out)"
# a JSONL file read explicitly as jsonl and as auto agree
run code $DICT --input-format jsonl art.jsonl; cp out forced.json
run code $DICT art.jsonl
cmp -s out forced.json || fail "--input-format jsonl and auto differ on a JSONL file"
run code $DICT --input-format auto art.jsonl
cmp -s out forced.json || fail "--input-format auto and default differ"

# ------------------------------------------------------------- stdin
CASE="stdin"
run code $DICT art.jsonl; cp out file.json
$TL "$DYAD" code $DICT - <art.jsonl >out 2>err; RC=$?
expect_rc 0
cmp -s out file.json || fail "'-' gives different output from the file"
$TL "$DYAD" code $DICT <art.jsonl >out 2>err; RC=$?
expect_rc 0
cmp -s out file.json || fail "no FILE gives different output from the file"
# '-' among files; TABARI on stdin is detected too
printf '{"id":"s2","date":"2023-06-28","text":"France accused Germany of spying."}\n' >s2.jsonl
$TL "$DYAD" code $DICT art.jsonl - s2.jsonl <art.tabari >out 2>err; RC=$?
expect_rc 0
[ "$(articles | tr '\n' ' ')" = "art s2 " ] || fail "'-' among files: events for $(articles | tr '\n' ' ')"
[ "$(grep -c '"article":"art"' out)" -eq 2 ] || fail "'-' among files: expected 2 events for art (file + stdin)"

# ------------------------------------------------------------- -o
CASE="-o / --output"
run code $DICT art.jsonl; cp out stdout.json
run code $DICT -o o1.json art.jsonl
expect_rc 0
[ -s out ] && fail "-o still wrote to stdout"
cmp -s o1.json stdout.json || fail "-o file differs from stdout output"
run code $DICT --output o2.tsv --format tabari art.jsonl
expect_rc 0
[ -s o2.tsv ] || fail "--output with --format tabari wrote nothing"
run code $DICT -o no-such-dir/x.json art.jsonl
[ "$RC" -ne 0 ] || fail "-o into a missing directory exited 0"
grep -q 'no-such-dir/x.json' err || { fail "-o error does not name the file"; show; }

# ------------------------------------------------------------- --format tabari
CASE="--format tabari"
printf '{"id":"two","date":"2023-06-28","text":"Russia condemned Ukraine on Monday. France accused Germany of spying."}\n' >two.jsonl
run code $DICT --format tabari two.jsonl
expect_rc 0
[ "$(wc -l <out)" -eq 2 ] || fail "expected 2 lines, got $(wc -l <out)"
bad=$(awk -F '\t' 'NF != 6 || $1 !~ /^[0-9][0-9][0-9][0-9][0-9][0-9]$/ || $4 !~ /^[0-9]+$/ || $6 != "two"' out)
[ -z "$bad" ] || fail "lines that are not 'YYMMDD<TAB>SRC<TAB>TGT<TAB>CODE<TAB>NAME<TAB>ID': $bad"
run code $DICT -f tabari two.jsonl
[ "$(wc -l <out)" -eq 2 ] || fail "-f tabari differs from --format tabari"
run code $DICT --format json two.jsonl; cp out json1
run code $DICT two.jsonl
cmp -s out json1 || fail "--format json is not the default"

# ------------------------------------------------------------- help
CASE="help"
run help
expect_rc 0
cp out help.main
# every command main() dispatches on is in `dyad help`
cmds=$(grep -o 'strcmp(cmd, "[a-z][a-z-]*")' "$MAIN_C" | sed 's/.*"\(.*\)")/\1/' | sort -u)
[ -n "$cmds" ] || fail "could not parse the commands out of $MAIN_C"
for c in $cmds; do
    grep -q -w -e "$c" help.main || fail "'dyad help' does not mention the command '$c'"
done
run --help; expect_rc 0
cmp -s out help.main || fail "'dyad --help' differs from 'dyad help'"

# long_opts FUNCTION : the long options of the getopt table in FUNCTION
long_opts() {
    sed -n "/^static int $1(/,/^}/p" "$MAIN_C" |
        grep -o '{"[a-z][a-z0-9-]*", *[a-z_]*_argument' | sed 's/^{"\([^"]*\)".*/\1/' | sort -u
}
# short_opts FUNCTION : the letters of its getopt_long optstring
short_opts() {
    sed -n "/^static int $1(/,/^}/p" "$MAIN_C" |
        sed -n 's/.*getopt_long([^"]*"\([^"]*\)".*/\1/p' | head -1 | tr -d ':' | sed 's/./& /g'
}
# check_help CMD FUNCTION : `dyad CMD --help` exits 0 on stdout, mentions every
# option FUNCTION accepts and documents no option FUNCTION does not accept
check_help() {
    CASE="help: dyad $1 --help"
    run "$1" --help
    expect_rc 0
    [ -s out ] || fail "no help on stdout"
    cp out "help.$1"
    opts=$(long_opts "$2")
    [ -n "$opts" ] || { fail "could not parse the getopt table of $2() in $MAIN_C"; return; }
    for o in $opts; do
        grep -q -e "--$o\\b" "help.$1" || fail "help does not mention --$o (accepted by $2)"
    done
    # short aliases: reported, not failed (the contract is the long options)
    for s in $(short_opts "$2"); do
        grep -q -e "-$s\\b" "help.$1" || note "help does not mention -$s (accepted by $2)"
    done
    for o in $(grep -o -e '--[a-z][a-z0-9-]*' "help.$1" | sed 's/^--//' | sort -u); do
        echo "$opts" | grep -q -x -e "$o" || fail "help documents --$o, which $2 does not accept"
    done
    run help "$1"
    expect_rc 0
    cmp -s out "help.$1" || fail "'dyad help $1' differs from 'dyad $1 --help'"
    run "$1" -h
    cmp -s out "help.$1" || fail "'dyad $1 -h' differs from 'dyad $1 --help'"
}
check_help code cmd_code
check_help validate cmd_validate
# the help states the exit codes the tests rely on
CASE="help: exit codes"
for k in 0 1 2 3; do grep -q "$k" help.code || fail "code --help does not state exit status $k"; done

CASE="version"
run version
expect_rc 0
v=$(sed -n 's/^#define DYAD_VERSION "\(.*\)"/\1/p' "$SRC/include/dyad.h")
[ -n "$v" ] && { grep -q -F -e "$v" out || fail "'dyad version' says '$(cat out)', dyad.h says $v"; }

# ------------------------------------------------------------- usage errors
CASE="unknown command"
run no-such-command
expect_rc 2
grep -q 'no-such-command' err || { fail "message does not name the command"; show; }
[ -s out ] && fail "usage error wrote to stdout"
CASE="no command"
run
expect_rc 2
CASE="bad option values"
run code --date 28/06/2023 art.jsonl; expect_rc 2
run code --format xml art.jsonl; expect_rc 2
run code -i pdf art.jsonl; expect_rc 2
run validate; expect_rc 2
run validate --no-such-option x.project; expect_rc 2

# ------------------------------------------------------------- JSON contract
CASE="JSON events"
printf '%s\n' \
    '{"id":"u8","date":"2023-06-28","title":"t","text":"Über Moskau — «Russia condemned Ukraine» on Monday. Später France accused Germany of spying."}' \
    '{"id":"two","date":"2023-06-28","text":"Russia condemned Ukraine on Monday. France accused Germany of spying."}' >events.jsonl
run code $DICT events.jsonl
expect_rc 0
[ "$(wc -l <out)" -ge 3 ] || fail "expected at least 3 events, got $(wc -l <out)"
if [ -n "$PY" ]; then
    $PY - out events.jsonl <<'EOF' || fail "JSON event contract (see messages above)"
import json, sys
KEYS = ['id', 'article', 'sentence', 'date', 'source', 'target', 'code', 'root',
        'quad', 'goldstein', 'plover', 'text']
arts = {}
for line in open(sys.argv[2], encoding='utf-8'):
    a = json.loads(line)
    arts[a['id']] = a['text'].encode('utf-8')
bad = 0
def err(n, msg):
    global bad
    bad += 1
    print('  event line %d: %s' % (n, msg))
sliced = 0
for n, raw in enumerate(open(sys.argv[1], 'rb'), 1):
    try:
        e = json.loads(raw.decode('utf-8'))
    except Exception as x:
        err(n, 'does not parse: %s' % x); continue
    if not isinstance(e, dict):
        err(n, 'not an object'); continue
    for k in KEYS:
        if k not in e: err(n, 'missing key %r' % k)
    if bad: continue
    if not isinstance(e['source'], dict): err(n, 'source is not an object'); continue
    if e['target'] is not None and not isinstance(e['target'], dict): err(n, 'target is neither null nor an object')
    if e['quad'] not in (1, 2, 3, 4): err(n, 'quad %r not in 1..4' % e['quad'])
    if not isinstance(e['goldstein'], (int, float)): err(n, 'goldstein not a number')
    if not (isinstance(e['code'], str) and e['code'].isdigit()): err(n, 'code %r not digits' % e['code'])
    if not e['code'].startswith(e['root']): err(n, 'root %r is not the prefix of code %r' % (e['root'], e['code']))
    if e['date'] is not None and not (len(e['date']) == 10 and e['date'][4] == '-' and e['date'][7] == '-'):
        err(n, 'date %r is not YYYY-MM-DD' % e['date'])
    text = arts.get(e['article'])
    if text is None: err(n, 'article %r is not an input id' % e['article']); continue
    for side in ('source', 'target'):
        s = e[side]
        if s is None: continue
        for k in ('code', 'text', 'start', 'end'):
            if k not in s: err(n, '%s lacks %r' % (side, k))
        if bad: continue
        got = text[s['start']:s['end']].decode('utf-8', 'replace')
        if got != s['text']:
            err(n, '%s start/end %d..%d slice the article to %r, not %r' % (side, s['start'], s['end'], got, s['text']))
        else:
            sliced += 1
if not bad and sliced == 0: err(0, 'no source/target span was checked')
sys.exit(1 if bad else 0)
EOF
elif [ -n "$JQ" ]; then
    note "python3 not found: checking keys with jq; the start/end slicing check is skipped"
    $JQ -e -s 'all(.[]; has("id") and has("article") and has("sentence") and has("date") and has("source")
        and has("target") and has("code") and has("root") and has("quad") and has("goldstein")
        and has("plover") and has("text") and (.source | has("code") and has("text") and has("start") and has("end")))' out >/dev/null ||
        fail "some event lacks a key (jq)"
else
    note "neither python3 nor jq found: JSON parse and key checks skipped"
fi
# u8 puts multi-byte characters before the actors, so its spans check that
# start/end are byte offsets (not character offsets)
grep -q '"article":"u8"' out || fail "no event for article u8"

if [ "$FAILS" -ne 0 ]; then
    echo "cli: $FAILS check(s) failed"
    exit 1
fi
echo "cli: all checks passed"
exit 0
