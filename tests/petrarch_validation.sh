#!/bin/sh
# PETRARCH unit-test records (../shared/conformance/petrarch): at least 70%
# of the scored records (the categories its <Include> selects) must pass.
DYAD=$1; SRC=$2
SHARED=${DYAD_SHARED:-$SRC/../shared}
. "$SRC/tests/lib/suite.sh"
suite "$DYAD" "$SHARED/conformance/petrarch/PETR.UnitTest.records.xml" 250 70
