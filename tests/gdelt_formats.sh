#!/bin/sh
# GDELT formats (issue 5, point 7): `dyad code -f gdelt-events` writes GDELT
# 2.0 Event lines and `dyad gkg -f gdelt-gkg` GKG 2.1 records; read them back
# column by column.
DYAD=$1; SRC=$2
[ -s "$(dirname "$DYAD")/gazetteer.idx" ] || { echo "skip: gazetteer.idx was not built (run scripts/setup)"; exit 77; }
EX=$SRC/examples/belarus-russia.txt
fail=0
bad() { echo "FAIL: $*"; fail=1; }
ev=$("$DYAD" code -f gdelt-events "$EX") || bad "dyad code -f gdelt-events exited $?"
[ -n "$ev" ] || bad "no GDELT event lines"
printf '%s\n' "$ev" | awk -F'\t' '
  function num(x) { return x ~ /^-?[0-9]+(\.[0-9]+)?$/ }
  function geo(c, who) {  # Type FullName CountryCode ADM1Code ADM2Code Lat Long FeatureID
    if ($c !~ /^[0-5]$/) { print "FAIL: line " NR " " who "Geo_Type \"" $c "\""; bad = 1 }
    if ($c > 0 && ($(c+1) == "" || $(c+2) !~ /^[A-Z][A-Z]$/ || !num($(c+5)) || !num($(c+6)) || $(c+7) == "")) {
      print "FAIL: line " NR " " who "Geo fields: " $(c+1) "|" $(c+2) "|" $(c+3) "|" $(c+5) "|" $(c+6) "|" $(c+7); bad = 1 }
    if ($c == 1 && $(c+3) != $(c+2)) { print "FAIL: line " NR " " who "country-level ADM1Code should be the country code"; bad = 1 }
  }
  {
    if (NF != 61) { print "FAIL: line " NR " has " NF " columns, GDELT 2.0 has 61"; bad = 1; next }
    if ($1 !~ /^[0-9]+$/) { print "FAIL: GLOBALEVENTID \"" $1 "\""; bad = 1 }
    if ($2 != "20230628" || $3 != "202306" || $4 != "2023" || $5 !~ /^2023\.[0-9][0-9][0-9][0-9]$/) { print "FAIL: dates " $2 " " $3 " " $4 " " $5; bad = 1 }
    if ($6 == "" || $7 == "") { print "FAIL: Actor1Code/Name empty"; bad = 1 }
    if ($6 ~ /^BLR/ && $8 != "BLR") { print "FAIL: Actor1CountryCode of " $6 " is \"" $8 "\""; bad = 1 }
    if ($26 !~ /^[01]$/) { print "FAIL: IsRootEvent \"" $26 "\""; bad = 1 }
    if ($27 !~ /^[0-9][0-9][0-9][0-9]?$/ || substr($27, 1, 3) != $28 || substr($27, 1, 2) != $29) { print "FAIL: event codes " $27 " " $28 " " $29; bad = 1 }
    if ($30 !~ /^[1-4]$/ || !num($31) || $32 < 1 || $33 != 1 || $34 != 1 || !num($35)) { print "FAIL: quad/goldstein/counts/tone " $30 " " $31 " " $32 " " $33 " " $34 " " $35; bad = 1 }
    geo(36, "Actor1"); geo(52, "Action")
    if ($60 !~ /^[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]$/ || $61 == "") { print "FAIL: DATEADDED/SOURCEURL " $60 " " $61; bad = 1 }
    if ($6 == "BLRGOV" && $16 == "WST") wst = 1
    if ($6 == "BLR" && $16 == "RUS" && $27 == "030" && $37 == "Belarus" && $38 == "BO") blr = 1
  }
  END {
    if (!wst) { print "FAIL: no BLRGOV -> WST line"; bad = 1 }
    if (!blr) { print "FAIL: BLR -> RUS 030 with Actor1Geo Belarus (FIPS BO)"; bad = 1 }
    exit bad }' || fail=1
echo "gdelt-events: $(printf '%s\n' "$ev" | wc -l) lines of 61 columns read back"

# the GKG record of the seed article (its places and two quotations), else
# of the example with the checks that do not depend on the seed
SHARED=${DYAD_SHARED:-$SRC/../shared}
SEED=$(ls "$SHARED"/seed/*.txt 2>/dev/null | head -n 1)
full=1
[ -n "$SEED" ] || { SEED=$EX; full=0; echo "note: $SHARED/seed absent: GKG checked on the example without the seed's places and quotations"; }
gkg=$("$DYAD" gkg -f gdelt-gkg "$SEED") || bad "dyad gkg -f gdelt-gkg exited $?"
printf '%s\n' "$gkg" | awk -F'\t' -v full=$full '
  {
    if (NF != 27) { print "FAIL: GKG record has " NF " columns, GKG 2.1 has 27"; bad = 1; exit 1 }
    if ($1 !~ /^[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9]+$/ || $2 != "20230628000000" || $3 != "1") { print "FAIL: record id/date/collection " $1 " " $2 " " $3; bad = 1 }
    if ($8 !~ /(^|;)TRADE;/) { print "FAIL: V1THEMES lacks TRADE: " $8; bad = 1 }
    if ($9 !~ /(^|;)TRADE,[0-9]+;/) { print "FAIL: V2ENHANCEDTHEMES: " $9; bad = 1 }
    n = split($10, L, ";"); ok = 0
    for (i = 1; i <= n; i++) { m = split(L[i], F, "#"); if (m != 7) { print "FAIL: V1LOCATIONS block with " m " fields: " L[i]; bad = 1 }
      if (F[2] == "Ufa, Bashkortostan, Russia" && F[1] == 4 && F[3] == "RS" && F[4] == "RS08" && F[5] > 54.4 && F[5] < 55.1) ok = 1 }
    if (!ok && full) { print "FAIL: V1LOCATIONS lacks Ufa (4#Ufa, Bashkortostan, Russia#RS#RS08#lat#lon#id): " $10; bad = 1 }
    n = split($11, L, ";")
    for (i = 1; i <= n; i++) { m = split(L[i], F, "#"); if (m != 9 || F[9] !~ /^[0-9]+$/) { print "FAIL: V2ENHANCEDLOCATIONS block: " L[i]; bad = 1 } }
    if ($12 !~ /Lukashenko/ || $13 !~ /Lukashenko,[0-9]+;/) { print "FAIL: persons " $12 " / " $13; bad = 1 }
    if (split($16, T, ",") != 7 || T[1] <= 0 || T[7] < 100) { print "FAIL: V1.5TONE " $16; bad = 1 }
    if ($18 !~ /^wc:[0-9]+$/) { print "FAIL: GCAM " $18; bad = 1 }
    n = split($23, Q, "#")
    if (n != 2 && full) { print "FAIL: V2.1QUOTATIONS has " n " quotations: " substr($23, 1, 80); bad = 1 }
    for (i = 1; i <= n; i++) if (split(Q[i], F, "|") != 4 || F[1] !~ /^[0-9]+$/ || F[2] !~ /^[0-9]+$/ || F[3] == "") { print "FAIL: quotation block " substr(Q[i], 1, 60); bad = 1 }
    if ($27 !~ /^<PAGE_TITLE>.*<\/PAGE_TITLE><DYAD_SPEAKERS>Aleksandr Lukashenko\|BLRGOV(#Aleksandr Lukashenko\|BLRGOV)*<\/DYAD_SPEAKERS>$/) { print "FAIL: V2EXTRASXML " $27; bad = 1 }
  }
  END { exit bad }' || fail=1
echo "gdelt-gkg: $(printf '%s\n' "$gkg" | wc -l) record(s) of 27 columns read back"
[ $fail = 0 ] && echo "ok"
exit $fail
