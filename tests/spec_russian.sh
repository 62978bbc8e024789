#!/bin/sh
# Russian coding (issue 10): spec cases for every CAMEO root (01-20) and for
# actors, agents, regions and dated leaders in Russian, written for the
# project, coded with the built-in dictionaries.
DYAD=$1; SRC=$2
exec "$DYAD" spec "$SRC"/tests/spec/roots-ru/*.txt
