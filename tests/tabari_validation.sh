#!/bin/sh
# TABARI's own validation suite (../shared/conformance/tabari): at least 95%
# of the standard records (up to FINAL-01) must pass.
DYAD=$1; SRC=$2
SHARED=${DYAD_SHARED:-$SRC/../shared}
. "$SRC/tests/lib/suite.sh"
suite "$DYAD" "$SHARED/conformance/tabari/Validate.project" 400 95
