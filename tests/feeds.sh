#!/bin/sh
# feeds.sh — RSS 2.0 and Atom feeds as articles (issue 9, point 3): detected
# by content (not by file name), items coded with their URL as id and their
# date, HTML reduced to text (scripts dropped), an item without text skipped
# with file:line, a truncated feed and an entity bomb handled without losing
# the rest of the batch.
set -u
DYAD=${1:?usage: feeds.sh DYAD_BINARY SOURCE_DIR}
SRC=${2:?}
case $DYAD in /*) ;; *) DYAD=$(pwd)/$DYAD ;; esac
case $SRC in /*) ;; *) SRC=$(pwd)/$SRC ;; esac
NAME=feeds TIMEOUT=60
. "$SRC/tests/lib/harness.sh"
F=$SRC/tests/fixtures/feeds
run() { $TL "$DYAD" code "$@" >out 2>err; RC=$?; }

CASE="an RSS 2.0 feed named .txt is read as a feed"
run "$F/wire.rss.txt"; expect_rc 1   # one item has no text: reported, the rest coded
grep -q '"article":"https://wire.example/2023/06/28/belarus-russia-trade","sentence":0,"date":"2023-06-28"' out ||
  fail "no event of the first item with its URL and date"
grep -q '"article":"https://wire.example/2024/02/14/ukraine-accuses-russia".*"code":"112' out || fail "no UKR->RUS event from the escaped HTML description"
grep -q 'attacked' out && fail "text from a <script> was coded"
grep -q "wire.rss.txt:24: feed item without title or text" err || { fail "the empty item is not named with file:line"; show; }

CASE="an Atom feed, forced or detected"
run --input-format atom "$F/agency.atom"; expect_rc 0
grep -q '"article":"urn:example:agency:1001","sentence":0,"date":"2024-03-05".*"code":"111"' out || fail "CHN->JPN 111 from the Atom entry"
grep -q '"article":"urn:example:agency:1002".*"date":"2024-03-04"' out || fail "the entry dated by <updated>"

CASE="a truncated feed and an entity bomb do not stop the batch"
head -c 700 "$F/wire.rss.txt" >cut.xml
{
  echo '<?xml version="1.0"?>'
  echo '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
  echo '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
  echo '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">'
  echo '<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">'
  echo '<!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;"><!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">]>'
  echo '<rss version="2.0"><channel><title>bomb</title><item><title>x</title><description>&i;</description></item></channel></rss>'
} >bomb.xml
run cut.xml bomb.xml "$F/agency.atom"; expect_rc 1
grep -q "cut.xml" err || { fail "the truncated feed is not named"; show; }
grep -q "bomb.xml:7: not a well-formed feed: Detected an entity reference loop" err || { fail "the entity bomb is not named"; show; }
grep -q '"article":"urn:example:agency:1001"' out || fail "the good feed after them was not coded"

CASE="dyad gkg on a feed keeps the item's title and URL"
$TL "$DYAD" gkg "$F/agency.atom" >out 2>err; RC=$?; expect_rc 0
grep -q '"title":"China criticizes Japan"' out || fail "title missing in gkg output"

[ "$FAILS" -eq 0 ] || { echo "feeds: $FAILS check(s) failed"; exit 1; }
echo "feeds: all checks passed"
