#!/bin/sh
DYAD=$1; SRC=$2
exec "$DYAD" spec "$SRC"/tests/spec/roots/*.txt
