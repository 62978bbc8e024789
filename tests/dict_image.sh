#!/bin/sh
# The compiled image of the built-in dictionaries (build/builtin.img, made by
# the build) codes exactly as the text dictionaries do, and an image that is
# not this dyad's (corrupt, or compiled from other dictionaries) is passed
# over without a word: the text is parsed as before.
DYAD=$1; SRC=$2
T=$(mktemp -d "${TMPDIR:-/tmp}/dyad-img.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
fail=0
check() { if [ "$2" = 1 ]; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
in="$SRC/examples/belarus-russia.txt $SRC/tests/fixtures/ru/seed-ru.txt"
DYAD_NO_IMAGE=1 "$DYAD" code $in >ref.jsonl 2>ref.err
check "the text dictionaries code the examples ($(wc -l <ref.jsonl) events)" $([ -s ref.jsonl ] && echo 1)
img=$(dirname "$DYAD")/builtin.img
if [ -f "$img" ]; then
    "$DYAD" code --stats $in >img.jsonl 2>img.err
    check "the build's builtin.img is used by dyad code" $(grep -q "(compiled image)" img.err && echo 1)
    check "the image codes exactly as the text dictionaries do" $(cmp -s ref.jsonl img.jsonl && echo 1)
else
    echo "note: no $img (the build makes it): the image itself is not compared"
fi
# a copy of the binary beside a corrupt image, then beside another set's image
mkdir bin && cp "$DYAD" bin/dyad
head -c 5000 /dev/urandom >bin/builtin.img
bin/dyad code --stats $in >bad.jsonl 2>bad.err
rc=$?
check "beside a corrupt builtin.img dyad code still succeeds (exit $rc)" $([ $rc -eq 0 ] && echo 1)
check "a corrupt builtin.img is not used" $(grep -q "(compiled image)" bad.err || echo 1)
check "a corrupt builtin.img is passed over silently" $(grep -qi "image\|corrupt" bad.err || echo 1)
check "beside a corrupt image the events are the same" $(cmp -s ref.jsonl bad.jsonl && echo 1)
D=$SRC/tests/spec/dict
"$DYAD" dict compile -o bin/builtin.img --dict "$D/spec.actors" --dict "$D/spec.agents" --dict "$D/spec.verbs" 2>/dev/null
bin/dyad code --stats $in >other.jsonl 2>other.err
check "an image of other dictionaries is not taken for the built-in ones" \
    $( [ -s bin/builtin.img ] && ! grep -q "(compiled image)" other.err && echo 1)
check "beside another set's image the events are the same" $(cmp -s ref.jsonl other.jsonl && echo 1)
exit $fail
