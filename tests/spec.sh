#!/bin/sh
# Spec tests as data: tests/spec/*.txt, run by `dyad spec` with the test
# dictionaries in tests/spec/dict/ (so coder behaviour is checked apart from
# the built-in dictionaries, which grow).
DYAD=$1; SRC=$2
D=$SRC/tests/spec/dict
exec "$DYAD" spec --dict "$D/spec.actors" --dict "$D/spec.agents" --dict "$D/spec.verbs" "$SRC"/tests/spec/*.txt
