/* text.c — unit tests for UTF-8 repair and sentence splitting.
 *
 * Each sentence case is a text and the sentences expected from it, written as
 * one string with sentences separated by '|'.  Failures print the text, what
 * was expected and what came out; the program exits 1 if anything failed. */
#include "dyad.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* ------------------------------------------------------------ utf8 */

static void repair_case(int line, const char *in, size_t n, const char *want, size_t want_bad) {
    size_t len = 0, bad = 0;
    char *out = dyad_utf8_repair(in, n, &len, &bad);
    checks++;
    if (!out || len != strlen(want) || memcmp(out, want, len) != 0 || bad != want_bad || out[len] != '\0') {
        failures++;
        fprintf(stderr, "text.c:%d: FAIL: utf8 repair: got %zu bytes, %zu bad:", line, len, bad);
        for (size_t i = 0; out && i < len; i++) fprintf(stderr, " %02X", (unsigned char)out[i]);
        fprintf(stderr, "\n  want %zu bytes, %zu bad\n", strlen(want), want_bad);
    }
    free(out);
}

#define R(in, want, nbad) repair_case(__LINE__, in, sizeof(in) - 1, want, nbad)
#define FFFD "\xEF\xBF\xBD"

static void test_utf8(void) {
    /* valid input passes through byte-identical */
    R("", "", 0);
    R("plain ASCII", "plain ASCII", 0);
    R("\xD0\x9B\xD1\x83\xD0\xBA\xD0\xB0\xD1\x88\xD0\xB5\xD0\xBD\xD0\xBA\xD0\xBE",
      "\xD0\x9B\xD1\x83\xD0\xBA\xD0\xB0\xD1\x88\xD0\xB5\xD0\xBD\xD0\xBA\xD0\xBE", 0); /* Cyrillic */
    R("\xE2\x80\x9Cquote\xE2\x80\x9D \xE2\x82\xAC", "\xE2\x80\x9Cquote\xE2\x80\x9D \xE2\x82\xAC", 0);
    R("\xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF", "\xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF", 0); /* emoji, U+10FFFF */
    R("\xEF\xBF\xBD", FFFD, 0);                                                      /* U+FFFD itself is valid */
    R("\xED\x9F\xBF \xEE\x80\x80", "\xED\x9F\xBF \xEE\x80\x80", 0);                  /* around surrogates */
    /* stray bytes */
    R("a\x80z", "a" FFFD "z", 1);
    R("\xBF", FFFD, 1);
    R("\xFF\xFE", FFFD FFFD, 2);
    R("\xF5\x80\x80\x80", FFFD FFFD FFFD FFFD, 4);
    /* overlong forms */
    R("\xC0\xAF", FFFD FFFD, 2);
    R("\xC1\xBF", FFFD FFFD, 2);
    R("\xE0\x80\xAF", FFFD FFFD FFFD, 3);
    R("\xF0\x80\x80\xAF", FFFD FFFD FFFD FFFD, 4);
    /* surrogates */
    R("\xED\xA0\x80", FFFD FFFD FFFD, 3);
    R("\xED\xBF\xBF!", FFFD FFFD FFFD "!", 3);
    /* above U+10FFFF */
    R("\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD, 4);
    /* truncated sequences: each byte replaced, following ASCII kept */
    R("\xE2\x80", FFFD FFFD, 2);
    R("\xE2\x80x", FFFD FFFD "x", 2);
    R("x\xF0\x9F\x98", "x" FFFD FFFD FFFD, 3);
    R("\xC3", FFFD, 1);
    R("\xC3\xA9\xC3", "\xC3\xA9" FFFD, 1);
    /* NUL becomes a space */
    {
        size_t len, bad;
        char *o = dyad_utf8_repair("a\0b\0", 4, &len, &bad);
        CHECK(o && len == 4 && memcmp(o, "a b ", 5) == 0 && bad == 2, "NUL -> space");
        free(o);
    }
    /* NULL outputs are optional; NULL input with n == 0 is fine */
    {
        char *o = dyad_utf8_repair(NULL, 0, NULL, NULL);
        CHECK(o && o[0] == '\0', "NULL input");
        free(o);
    }
    /* large valid input unchanged; large mixed input grows by 2 per bad byte */
    {
        size_t n = 1 << 20, len, bad;
        char *big = malloc(n);
        for (size_t i = 0; i < n; i++) big[i] = (i % 7 == 6) ? '\xFF' : 'a';
        char *o = dyad_utf8_repair(big, n, &len, &bad);
        size_t nb = n / 7;
        CHECK(o && bad == nb && len == n + 2 * nb, "large mixed input: bad=%zu len=%zu", bad, len);
        free(o);
        free(big);
    }
}

/* -------------------------------------------------------- sentences */

static void split_case(int line, const char *text, const char *want) {
    size_t n = strlen(text);
    dyad_span sp[64];
    size_t k = dyad_split_sentences(text, n, sp, 64);
    char got[4096] = "";
    size_t gl = 0;
    for (size_t i = 0; i < k && i < 64; i++) {
        if (sp[i].start > sp[i].end || sp[i].end > n) {
            snprintf(got + gl, sizeof got - gl, "<bad span %zu..%zu>", sp[i].start, sp[i].end);
            break;
        }
        int w = snprintf(got + gl, sizeof got - gl, "%s%.*s", i ? "|" : "", (int)(sp[i].end - sp[i].start),
                         text + sp[i].start);
        if (w < 0 || (size_t)w >= sizeof got - gl) break;
        gl += (size_t)w;
    }
    checks++;
    if (strcmp(got, want) != 0) {
        failures++;
        fprintf(stderr, "text.c:%d: FAIL: split\n  text: %s\n  want: %s\n  got:  %s\n", line, text, want, got);
    }
}

#define S(text, want) split_case(__LINE__, text, want)

static void test_sentences(void) {
    S("", "");
    S("   \n\n  \t", "");
    S("One sentence", "One sentence");
    S("  Padded.  ", "Padded.");
    S("First one. Second one! Third one? Fourth.", "First one.|Second one!|Third one?|Fourth.");
    S("Really?! Yes.", "Really?!|Yes.");
    /* titles and other strong abbreviations */
    S("Mr. Smith met Mrs. Jones and Dr. No.", "Mr. Smith met Mrs. Jones and Dr. No.");
    S("Gen. Petraeus and Col. Kurtz met Lt. Dan. Sen. Kerry and Rep. Pelosi came.",
      "Gen. Petraeus and Col. Kurtz met Lt. Dan.|Sen. Kerry and Rep. Pelosi came.");
    S("Gov. Brown and Pres. Lincoln visited St. Petersburg with Prof. Higgins.",
      "Gov. Brown and Pres. Lincoln visited St. Petersburg with Prof. Higgins.");
    S("Big cities, e.g. Minsk and Moscow, i.e. capitals. They grew.",
      "Big cities, e.g. Minsk and Moscow, i.e. capitals.|They grew.");
    S("It was Belarus vs. Russia on Tuesday.", "It was Belarus vs. Russia on Tuesday.");
    /* weak abbreviations: no break before a name or a number, break before a starter */
    S("Martin Luther King Jr. Day is a holiday.", "Martin Luther King Jr. Day is a holiday.");
    S("Apple Inc. Chief Executive spoke. Acme Corp. The firm grew.",
      "Apple Inc. Chief Executive spoke.|Acme Corp.|The firm grew.");
    S("Shares of Rosneft Co. Ltd. rose. Gazprom fell.", "Shares of Rosneft Co. Ltd. rose.|Gazprom fell.");
    S("Resolution No. 1701 passed on Jan. 5 and Feb. 12 last year.",
      "Resolution No. 1701 passed on Jan. 5 and Feb. 12 last year.");
    S("Talks began in Oct. They ended in Dec. 2008.", "Talks began in Oct.|They ended in Dec. 2008.");
    S("Apples, pears, etc. were sold. We ate fruit, etc. The end.",
      "Apples, pears, etc. were sold.|We ate fruit, etc.|The end.");
    /* dotted acronyms */
    S("The U.S. Army and U.N. peacekeepers met E.U. officials in the U.K. capital.",
      "The U.S. Army and U.N. peacekeepers met E.U. officials in the U.K. capital.");
    S("Troops returned to the U.S. The war was over.", "Troops returned to the U.S.|The war was over.");
    S("The meeting ended at 5 p.m. Officials left at 6 p.m. He stayed.",
      "The meeting ended at 5 p.m. Officials left at 6 p.m.|He stayed.");
    S("U.S.-led forces advanced.", "U.S.-led forces advanced.");
    /* initials */
    S("A. Lukashenko met V. Putin in Minsk.", "A. Lukashenko met V. Putin in Minsk.");
    S("George W. Bush and John F. Kennedy were presidents.", "George W. Bush and John F. Kennedy were presidents.");
    S("J. R. R. Tolkien wrote books.", "J. R. R. Tolkien wrote books.");
    S("They chose Plan B. The others agreed.", "They chose Plan B.|The others agreed.");
    /* Cyrillic: initials, capitals start sentences, lowercase does not */
    S("\xD0\x90. \xD0\x9B\xD1\x83\xD0\xBA\xD0\xB0\xD1\x88\xD0\xB5\xD0\xBD\xD0\xBA\xD0\xBE \xD0\xB7\xD0\xB0\xD1\x8F"
      "\xD0\xB2\xD0\xB8\xD0\xBB. \xD0\x9C\xD0\xB8\xD0\xBD\xD1\x81\xD0\xBA \xD0\xB6\xD0\xB4\xD0\xB5\xD1\x82.",
      "\xD0\x90. \xD0\x9B\xD1\x83\xD0\xBA\xD0\xB0\xD1\x88\xD0\xB5\xD0\xBD\xD0\xBA\xD0\xBE \xD0\xB7\xD0\xB0\xD1\x8F"
      "\xD0\xB2\xD0\xB8\xD0\xBB.|\xD0\x9C\xD0\xB8\xD0\xBD\xD1\x81\xD0\xBA \xD0\xB6\xD0\xB4\xD0\xB5\xD1\x82.");
    S("one. \xD0\xB4\xD0\xB2\xD0\xB0", "one. \xD0\xB4\xD0\xB2\xD0\xB0");
    /* decimals and numbers */
    S("Growth was 3.5 percent in 2008. In 2009 it was 1.2 percent.",
      "Growth was 3.5 percent in 2008.|In 2009 it was 1.2 percent.");
    S("It rose in 1990. 2000 people marched.", "It rose in 1990.|2000 people marched.");
    /* lowercase after a period: no break */
    S("He said no. and then left.", "He said no. and then left.");
    /* ellipses */
    S("He paused... and went on.", "He paused... and went on.");
    S("He paused... Then he left.", "He paused...|Then he left.");
    S("Wait\xE2\x80\xA6 It came.", "Wait\xE2\x80\xA6|It came.");
    S("Words . . . more words.", "Words . . . more words.");
    /* closing quotes and brackets after the stop */
    S("He said: \"We will go.\" They went.", "He said: \"We will go.\"|They went.");
    S("\xE2\x80\x9CWe agree.\xE2\x80\x9D The talks ended.",
      "\xE2\x80\x9CWe agree.\xE2\x80\x9D|The talks ended.");
    S("\xC2\xAB\xD0\x94\xD0\xB0.\xC2\xBB \xD0\x9D\xD0\xB5\xD1\x82.",
      "\xC2\xAB\xD0\x94\xD0\xB0.\xC2\xBB|\xD0\x9D\xD0\xB5\xD1\x82.");
    S("It was 'final.' Nobody argued.", "It was 'final.'|Nobody argued.");
    S("(See the report.) Then vote.", "(See the report.)|Then vote.");
    S("\"Why?\" he asked. \"Because.\"", "\"Why?\" he asked.|\"Because.\"");
    S("France condemned as`` unacceptable'' the claims. Rwanda replied.",
      "France condemned as`` unacceptable'' the claims.|Rwanda replied.");
    S("France condemned the ``claims.'' Rwanda replied.", "France condemned the ``claims.''|Rwanda replied.");
    /* opening quote after a stop begins a sentence */
    S("He left. \"we stay,\" they said.", "He left.|\"we stay,\" they said.");
    S("He left. \xE2\x80\x9Cwe stay.\xE2\x80\x9D", "He left.|\xE2\x80\x9Cwe stay.\xE2\x80\x9D");
    /* blank lines always end a sentence; single newlines do not */
    S("A headline without a stop\n\nThe body starts here.", "A headline without a stop|The body starts here.");
    S("Line one continues\non the next line. Next sentence.",
      "Line one continues\non the next line.|Next sentence.");
    S("Meeting with Mr.\n\nSmith", "Meeting with Mr.|Smith");
    S("Para one\r\n  \r\nPara two", "Para one|Para two");
    S("one\n \t\n\n\ntwo\n", "one|two");
    /* no-break space counts as space */
    S("\xC2\xA0Hello there.\xC2\xA0 Next one.\xC2\xA0", "Hello there.|Next one.");
    /* non-ASCII after the stop that is not a letter: no break */
    S("Done. \xE2\x80\x94 Reuters", "Done. \xE2\x80\x94 Reuters");
    /* repaired text and odd bytes */
    S("Bad " FFFD ". " FFFD " next. Fine.", "Bad " FFFD ". " FFFD " next.|Fine.");
    S("\x01\x02. \x03", "\x01\x02. \x03");
    S("...", "...");
    S(". . .", ". . .");
    S("?", "?");

    /* the count is returned even when the buffer is too small */
    {
        const char *t = "A one. B two. C three. D four.";
        dyad_span sp[2];
        size_t k = dyad_split_sentences(t, strlen(t), sp, 2);
        CHECK(k == 4, "count with small buffer: %zu", k);
        CHECK(sp[1].start == 7 && sp[1].end == 13, "second span %zu..%zu", sp[1].start, sp[1].end);
        CHECK(dyad_split_sentences(t, strlen(t), NULL, 0) == 4, "count with no buffer");
    }
    /* not NUL-terminated: only n bytes are read */
    {
        char t[] = {'H', 'i', '.', ' ', 'Y', 'o', '.'};
        dyad_span sp[4];
        size_t k = dyad_split_sentences(t, 3, sp, 4);
        CHECK(k == 1 && sp[0].start == 0 && sp[0].end == 3, "length respected");
    }
    /* embedded NUL bytes do not stop the scan */
    {
        const char t[] = "One.\0 Two. Three.";
        dyad_span sp[4];
        size_t k = dyad_split_sentences(t, sizeof t - 1, sp, 4);
        CHECK(k == 2, "NUL inside text: %zu sentences", k);
    }
    /* linear time: pathological inputs of 4 MB finish quickly */
    {
        size_t n = 4u << 20;
        char *t = malloc(n);
        const char *pats[] = {". ", "U.S. ", "Mr. ", "a. ", "\n\n", " ", "\"", ".\"", "((((((. "};
        for (size_t p = 0; p < sizeof pats / sizeof *pats; p++) {
            size_t pl = strlen(pats[p]);
            for (size_t i = 0; i < n; i++) t[i] = pats[p][i % pl];
            size_t k = dyad_split_sentences(t, n, NULL, 0);
            (void)k;
        }
        memset(t, '.', n);
        CHECK(dyad_split_sentences(t, n, NULL, 0) == 1, "all dots");
        memset(t, ' ', n);
        t[0] = '.';
        CHECK(dyad_split_sentences(t, n, NULL, 0) == 1, "dot and spaces");
        free(t);
    }
}

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    test_utf8();
    test_sentences();
    if (failures) {
        fprintf(stderr, "unit_text: %d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("unit_text: %d checks passed\n", checks);
    return 0;
}
