/* reader.c — unit tests for the article readers (text, JSONL, TABARI, auto).
 *
 * Inputs are small strings opened with fmemopen(), plus a tmpfile() for the
 * 10 MB line so the real getline() path past the 4 KiB peek is exercised.
 * Exit 0 when all checks pass, 1 otherwise (each failure is printed). */
#include "dyad_internal.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

/* A reader over an in-memory string (the FILE is closed by close_all). */
struct src {
    FILE *fp;
    dyad_reader *r;
};

static struct src open_mem(const char *s, size_t n, const char *name, dyad_input_format fmt) {
    struct src x;
    x.fp = fmemopen((void *)s, n, "r");
    if (!x.fp) { /* zero-length buffers are refused by some libcs */
        x.fp = tmpfile();
        if (x.fp) {
            fwrite(s, 1, n, x.fp);
            rewind(x.fp);
        }
    }
    x.r = x.fp ? dyad_reader_open(x.fp, name, fmt) : NULL;
    if (!x.r) {
        fprintf(stderr, "cannot open reader on %s\n", name);
        exit(1);
    }
    return x;
}
#define OPEN(lit, name, fmt) open_mem(lit, sizeof(lit) - 1, name, fmt)

static void close_all(struct src x) {
    dyad_reader_close(x.r);
    fclose(x.fp);
}

static void hash_id(char out[18], const char *text, size_t n) {
    snprintf(out, 18, "h%016" PRIx64, dy_hash64(text, n));
}

static void check_article_invariants(const dyad_article *a) {
    CHECK(a->id && a->date && a->title && a->text && a->url && a->source && a->lang && a->comment && a->origin,
          "NULL string in article");
    CHECK(strlen(a->text) == a->text_len, "text_len %zu != strlen %zu", a->text_len, strlen(a->text));
}

/* --------------------------------------------------------------- text */

static void test_text(void) {
    dyad_article a;
    {
        struct src x = OPEN("Posted: 28.06.2023 12:14:00\n\nMinsk hosts a regional forum\n\n"
                            "Delegates from Gomel met officials. They signed a plan.\n\n"
                            "The forum closes on Friday.\n\n",
                            "art.txt", DYAD_INPUT_TEXT);
        CHECK(dyad_reader_next(x.r, &a) == 1, "text article read");
        check_article_invariants(&a);
        STREQ(a.date, "2023-06-28");
        STREQ(a.title, "Minsk hosts a regional forum");
        STREQ(a.text, "Delegates from Gomel met officials. They signed a plan.\n\nThe forum closes on Friday.");
        char h[18];
        hash_id(h, a.text, a.text_len);
        STREQ(a.id, h);
        CHECK(strlen(a.id) == 17 && a.id[0] == 'h', "hash id shape");
        STREQ(a.origin, "art.txt");
        CHECK(a.line == 1, "line %ld", a.line);
        CHECK(a.bad_bytes == 0, "bad bytes");
        STREQ(a.comment, "");
        CHECK(dyad_input_format_parse("text") == (int)dyad_reader_format(x.r), "format");
        CHECK(dyad_reader_next(x.r, &a) == 0, "one file = one article");
        CHECK(dyad_reader_next(x.r, &a) == 0, "still at end");
        close_all(x);
    }
    /* other date lines */
    struct {
        const char *in, *date, *title, *text;
    } cases[] = {
        {"2023-06-28\nTitle A\nBody A.", "2023-06-28", "Title A", "Body A."},
        {"28.06.2023\n\n\nTitle B\n\n\nBody B.\n", "2023-06-28", "Title B", "Body B."},
        {"2024-02-29T08:30:00+03:00\nTitle C\n\nBody C.", "2024-02-29", "Title C", "Body C."},
        {"2023-06-28 12:00 UTC\nTitle D\n\nBody D.", "2023-06-28", "Title D", "Body D."},
        {"Date: June 28, 2023\nTitle E\n\nBody E.", "2023-06-28", "Title E", "Body E."},
        {"Date: Wed, 28 Jun 2023 10:00:00 +0000\nTitle F\n\nBody F.", "2023-06-28", "Title F", "Body F."},
        {"Date: sometime\nTitle G\n\nBody G.", "", "Title G", "Body G."},
        {"No date here\n\nBody H.", "", "No date here", "Body H."},
        {"2023-06-28 Lukashenko meets Putin\n\nBody I.", "", "2023-06-28 Lukashenko meets Putin", "Body I."},
        {"\n\n  Title J  \nBody J line one\nline two\n", "", "Title J", "Body J line one\nline two"},
        {"Title only, no body", "", "Title only, no body", "Title only, no body"},
        {"\xEF\xBB\xBFTitle K\r\n\r\nBody K.\r\n", "", "Title K", "Body K."},
        {"31.02.2023\nTitle L\n\nBody L.", "", "31.02.2023", "Title L\n\nBody L."}, /* not a real date: a title */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct src x = open_mem(cases[i].in, strlen(cases[i].in), "c.txt", DYAD_INPUT_TEXT);
        int rc = dyad_reader_next(x.r, &a);
        CHECK(rc == 1, "case %zu: rc %d (%s)", i, rc, dyad_reader_error(x.r));
        if (rc == 1) {
            check_article_invariants(&a);
            CHECK(strcmp(a.date, cases[i].date) == 0, "case %zu date \"%s\"", i, a.date);
            CHECK(strcmp(a.title, cases[i].title) == 0, "case %zu title \"%s\"", i, a.title);
            CHECK(strcmp(a.text, cases[i].text) == 0, "case %zu text \"%s\"", i, a.text);
        }
        close_all(x);
    }
    /* empty articles are errors */
    const char *empty[] = {"", "  \n\n \t\n", "Posted: 28.06.2023 12:14:00\n\n\n", "2023-06-28"};
    for (size_t i = 0; i < sizeof empty / sizeof *empty; i++) {
        struct src x = open_mem(empty[i], strlen(empty[i]), "e.txt", DYAD_INPUT_TEXT);
        CHECK(dyad_reader_next(x.r, &a) == DYAD_EPARSE, "empty case %zu", i);
        STREQ(dyad_reader_error(x.r), "e.txt: empty article");
        CHECK(dyad_reader_next(x.r, &a) == 0, "empty case %zu then end", i);
        close_all(x);
    }
    /* offsets into text are offsets into the file's body */
    {
        const char in[] = "Title\n\nFirst para.\n\n  Second para.";
        struct src x = OPEN(in, "o.txt", DYAD_INPUT_TEXT);
        CHECK(dyad_reader_next(x.r, &a) == 1, "offsets article");
        const char *body = strstr(in, "First");
        CHECK(a.text_len == strlen(body) && memcmp(a.text, body, a.text_len) == 0, "body verbatim");
        close_all(x);
    }
    /* invalid UTF-8 and NUL in text are repaired and counted */
    {
        const char in[] = "Title \xFF\n\nBody \xC3 with\0nul.";
        struct src x = OPEN(in, "u.txt", DYAD_INPUT_TEXT);
        CHECK(dyad_reader_next(x.r, &a) == 1, "utf8 article");
        STREQ(a.title, "Title \xEF\xBF\xBD");
        STREQ(a.text, "Body \xEF\xBF\xBD with nul.");
        CHECK(a.bad_bytes == 3, "bad_bytes %zu", a.bad_bytes);
        check_article_invariants(&a);
        close_all(x);
    }
}

/* -------------------------------------------------------------- JSONL */

static void test_jsonl(void) {
    dyad_article a;
    const char in[] =
        "{\"id\": \"a1\", \"date\": \"2023-06-28\", \"title\": \"T1\", \"text\": \"Text one.\", \"url\": "
        "\"http://x/1\", \"source\": \"belta\", \"lang\": \"en\"}\n"
        "{\"id\": \"a2\", \"text\": \"broken\"\n" /* line 2: bad JSON */
        "\n"
        "   \n"
        "{\"url\": \"http://x/5\", \"date\": \"20230629\", \"text\": \"Text five.\"}\n"
        "{\"date\": \"2023-06-30T10:11:12Z\", \"text\": \"Text six.\"}\n"
        "[1, 2, 3]\n"
        "{\"id\": \"a8\", \"title\": \"no text\"}\n"
        "{\"id\": 9, \"date\": \"01.07.2023\", \"text\": \"nul\\u0000here\"}\n"
        "{\"id\": \"\", \"url\": \"\", \"date\": \"soon\", \"text\": \"Text ten \xFF.\"}\r\n"
        "{\"id\": \"a11\", \"date\": 20230702, \"text\": \"Text eleven.\", \"title\": 5}";
    struct src x = OPEN(in, "f.jsonl", DYAD_INPUT_JSONL);
    int rc = dyad_reader_next(x.r, &a);
    CHECK(rc == 1, "line 1");
    check_article_invariants(&a);
    STREQ(a.id, "a1");
    STREQ(a.date, "2023-06-28");
    STREQ(a.title, "T1");
    STREQ(a.text, "Text one.");
    STREQ(a.url, "http://x/1");
    STREQ(a.source, "belta");
    STREQ(a.lang, "en");
    CHECK(a.line == 1, "line %ld", a.line);

    rc = dyad_reader_next(x.r, &a);
    CHECK(rc == DYAD_EPARSE, "bad line 2 rc %d", rc);
    CHECK(strncmp(dyad_reader_error(x.r), "f.jsonl:2: invalid JSON: ", 25) == 0, "error: %s",
          dyad_reader_error(x.r));

    rc = dyad_reader_next(x.r, &a);
    CHECK(rc == 1, "continues after bad line");
    STREQ(a.id, "http://x/5");
    STREQ(a.date, "2023-06-29");
    CHECK(a.line == 5, "line %ld", a.line);

    rc = dyad_reader_next(x.r, &a);
    CHECK(rc == 1, "line 6");
    char h[18];
    hash_id(h, "Text six.", 9);
    STREQ(a.id, h);
    STREQ(a.date, "2023-06-30");
    STREQ(a.url, "");
    STREQ(a.title, "");

    rc = dyad_reader_next(x.r, &a);
    CHECK(rc == DYAD_EPARSE, "array line");
    STREQ(dyad_reader_error(x.r), "f.jsonl:7: invalid JSON: not an object");

    rc = dyad_reader_next(x.r, &a);
    CHECK(rc == DYAD_EPARSE, "missing text");
    STREQ(dyad_reader_error(x.r), "f.jsonl:8: missing \"text\"");

    rc = dyad_reader_next(x.r, &a);
    CHECK(rc == 1, "line 9");
    STREQ(a.id, "9");
    STREQ(a.date, "2023-07-01");
    STREQ(a.text, "nul here");
    CHECK(a.text_len == 8, "text_len %zu", a.text_len);
    CHECK(a.bad_bytes == 1, "NUL counted: %zu", a.bad_bytes);

    rc = dyad_reader_next(x.r, &a);
    CHECK(rc == 1, "line 10 (invalid UTF-8, CRLF): %s", dyad_reader_error(x.r));
    STREQ(a.text, "Text ten \xEF\xBF\xBD.");
    CHECK(a.bad_bytes == 1, "bad_bytes %zu", a.bad_bytes);
    STREQ(a.date, "");
    hash_id(h, a.text, a.text_len);
    STREQ(a.id, h);

    rc = dyad_reader_next(x.r, &a);
    CHECK(rc == 1, "line 11 without final newline");
    STREQ(a.id, "a11");
    STREQ(a.date, "2023-07-02");
    STREQ(a.title, "");
    CHECK(a.line == 11, "line %ld", a.line);

    CHECK(dyad_reader_next(x.r, &a) == 0, "end");
    CHECK(dyad_reader_next(x.r, &a) == 0, "end again");
    close_all(x);

    /* a 10 MB line, through a real file */
    {
        size_t n = 10u << 20;
        FILE *fp = tmpfile();
        CHECK(fp != NULL, "tmpfile");
        if (!fp) return;
        fputs("{\"id\": \"small\", \"text\": \"Short.\"}\n{\"id\": \"big\", \"text\": \"", fp);
        char chunk[4096];
        for (size_t i = 0; i < sizeof chunk; i++) chunk[i] = (i % 64 == 63) ? ' ' : 'a' + (char)(i % 26);
        for (size_t w = 0; w < n; w += sizeof chunk) fwrite(chunk, 1, sizeof chunk, fp);
        fputs("\", \"date\": \"2023-01-02\"}\n{\"id\": \"after\", \"text\": \"After.\"}\n", fp);
        rewind(fp);
        dyad_reader *r = dyad_reader_open(fp, "big.jsonl", DYAD_INPUT_AUTO);
        CHECK(dyad_reader_format(r) == DYAD_INPUT_JSONL, "auto -> jsonl");
        CHECK(dyad_reader_next(r, &a) == 1, "small before big");
        rc = dyad_reader_next(r, &a);
        CHECK(rc == 1, "big line: %d %s", rc, dyad_reader_error(r));
        if (rc == 1) {
            STREQ(a.id, "big");
            CHECK(a.text_len == n, "big text_len %zu", a.text_len);
            STREQ(a.date, "2023-01-02");
            CHECK(a.line == 2, "line %ld", a.line);
        }
        CHECK(dyad_reader_next(r, &a) == 1 && strcmp(a.id, "after") == 0, "line after the big one");
        CHECK(dyad_reader_next(r, &a) == 0, "end");
        dyad_reader_close(r);
        fclose(fp);
    }
}

/* ------------------------------------------------------------- TABARI */

static void test_tabari(void) {
    dyad_article a;
    const char in[] =
        "##########################\n"
        "#   test records\n"
        "##########################\n"
        "\n"
        "just a stray note\n"
        "080806 REC-01\n"
        "Minsk and Vilnius agreed to   \n"
        "  reopen the border crossing. \n"
        "\n"
        "490101  REC-02  EXTRA-TOKEN\n"
        "Gomel hosted talks /* first comment */ with Brest.\n"
        "/*\\n--------------\n"
        "\\n{ GOM / BRE / 040 } */\n"
        "\n"
        "\n"
        "500101\tREC-03\n"
        "Text before /* comment\n"
        "\n"
        "continued after a blank line */ and text after.\n"
        "\n"
        "991332 BADDATE\n"
        "This record has an impossible date.\n"
        "\n"
        "000229 REC-05\n"
        "Leap day text. /* open comment with a slip\n"
        "{ A / B / 010 }\n"
        "\n"
        "000301 REC-06\n"
        "Next record.\n"
        "Closing stray */ ignored text\n"
        "\n"
        "000302 REC-07\n"
        "\n"
        "000303 REC-08\n"
        "Truncated record /* with a comment that never\n"
        "ends\n";
    struct src x = OPEN(in, "v.text", DYAD_INPUT_TABARI);

    int rc = dyad_reader_next(x.r, &a);
    CHECK(rc == 1, "rec 1: %d", rc);
    check_article_invariants(&a);
    STREQ(a.id, "REC-01");
    STREQ(a.date, "2008-08-06");
    STREQ(a.text, "Minsk and Vilnius agreed to reopen the border crossing.");
    STREQ(a.comment, "");
    STREQ(a.title, "");
    CHECK(a.line == 6, "line %ld", a.line);

    rc = dyad_reader_next(x.r, &a);
    CHECK(rc == 1, "rec 2");
    STREQ(a.id, "REC-02");
    STREQ(a.date, "2049-01-01");
    STREQ(a.text, "Gomel hosted talks  with Brest.");
    STREQ(a.comment, "first comment\n\\n--------------\n\\n{ GOM / BRE / 040 }");
    CHECK(a.line == 10, "line %ld", a.line);

    rc = dyad_reader_next(x.r, &a);
    CHECK(rc == 1, "rec 3 (blank line inside a comment)");
    STREQ(a.id, "REC-03");
    STREQ(a.date, "1950-01-01");
    STREQ(a.text, "Text before and text after.");
    STREQ(a.comment, "comment\n\ncontinued after a blank line");

    rc = dyad_reader_next(x.r, &a);
    CHECK(rc == DYAD_EPARSE, "bad date: %d", rc);
    STREQ(dyad_reader_error(x.r), "v.text:21: record BADDATE: invalid date \"991332\" in header");

    rc = dyad_reader_next(x.r, &a);
    CHECK(rc == 1, "rec 5 (comment closed by the next header): %s", dyad_reader_error(x.r));
    STREQ(a.id, "REC-05");
    STREQ(a.date, "2000-02-29");
    STREQ(a.text, "Leap day text.");
    STREQ(a.comment, "open comment with a slip\n{ A / B / 010 }");

    rc = dyad_reader_next(x.r, &a);
    CHECK(rc == 1, "rec 6");
    STREQ(a.id, "REC-06");
    STREQ(a.text, "Next record. Closing stray */ ignored text");
    CHECK(a.line == 28, "line %ld", a.line);

    rc = dyad_reader_next(x.r, &a);
    CHECK(rc == 1, "rec 7 (empty)");
    STREQ(a.id, "REC-07");
    STREQ(a.text, "");
    CHECK(a.text_len == 0, "empty text_len");

    rc = dyad_reader_next(x.r, &a);
    CHECK(rc == DYAD_EPARSE, "truncated record: %d", rc);
    CHECK(strstr(dyad_reader_error(x.r), "v.text:34: record REC-08: comment opened on line 35 is never closed") != NULL,
          "error: %s", dyad_reader_error(x.r));
    CHECK(dyad_reader_next(x.r, &a) == 0, "end");
    close_all(x);

    /* records separated by CRLF blank lines, invalid UTF-8, no trailing newline */
    {
        struct src y = OPEN("950101 A-1\r\nText \xE9t\xE9.\r\n\r\n950102 A-2\r\nSecond.", "w.text",
                            DYAD_INPUT_TABARI);
        CHECK(dyad_reader_next(y.r, &a) == 1, "crlf rec 1");
        STREQ(a.text, "Text \xEF\xBF\xBDt\xEF\xBF\xBD.");
        CHECK(a.bad_bytes == 2, "bad_bytes %zu", a.bad_bytes);
        CHECK(dyad_reader_next(y.r, &a) == 1, "crlf rec 2");
        STREQ(a.id, "A-2");
        STREQ(a.text, "Second.");
        CHECK(a.bad_bytes == 0, "bad_bytes reset");
        CHECK(dyad_reader_next(y.r, &a) == 0, "end");
        close_all(y);
    }
    /* a comment opening on the header line */
    {
        struct src y = OPEN("950101 H-1 EXTRA /* header\nnote */ Body text.\n\n950102 H-2 /* one-line */\nMore.\n",
                            "h.text", DYAD_INPUT_TABARI);
        CHECK(dyad_reader_next(y.r, &a) == 1, "header comment rec 1");
        STREQ(a.id, "H-1");
        STREQ(a.text, "Body text.");
        STREQ(a.comment, "header\nnote");
        CHECK(dyad_reader_next(y.r, &a) == 1, "header comment rec 2");
        STREQ(a.text, "More.");
        STREQ(a.comment, "one-line");
        CHECK(dyad_reader_next(y.r, &a) == 0, "end");
        close_all(y);
    }
    /* a file with no records at all */
    {
        struct src y = OPEN("# only a banner\n\n", "n.text", DYAD_INPUT_TABARI);
        CHECK(dyad_reader_next(y.r, &a) == 0, "no records");
        close_all(y);
    }
}

/* --------------------------------------------------------------- auto */

static void test_auto(void) {
    dyad_article a;
    struct {
        const char *in;
        size_t n;
        dyad_input_format fmt;
    } cases[] = {
        {"  \n{\"text\": \"x\"}\n", 0, DYAD_INPUT_JSONL},
        {"#####\n# banner\n#####\n\n080806 AFP-1\nText.\n", 0, DYAD_INPUT_TABARI},
        {"080806  AFP-1\nText.\n", 0, DYAD_INPUT_TABARI},
        {"Posted: 28.06.2023 12:14:00\n\nTitle\n\nBody.\n", 0, DYAD_INPUT_TEXT},
        {"200000 people marched in Minsk\n\nBody.\n", 0, DYAD_INPUT_TEXT},
        {"Just a title\n", 0, DYAD_INPUT_TEXT},
        {"\xEF\xBB\xBF{\"text\": \"bom\"}\n", 0, DYAD_INPUT_JSONL},
        {"", 0, DYAD_INPUT_TEXT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct src x = open_mem(cases[i].in, strlen(cases[i].in), "auto", DYAD_INPUT_AUTO);
        CHECK(dyad_reader_format(x.r) == cases[i].fmt, "auto case %zu: format %d", i, (int)dyad_reader_format(x.r));
        int rc = dyad_reader_next(x.r, &a);
        CHECK(i == 7 ? rc == DYAD_EPARSE : rc == 1, "auto case %zu: rc %d", i, rc);
        close_all(x);
    }
    /* binary input: one error, then end */
    {
        static const char bin[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0";
        struct src x = OPEN(bin, "prog", DYAD_INPUT_AUTO);
        CHECK(dyad_reader_next(x.r, &a) == DYAD_EPARSE, "binary rc");
        STREQ(dyad_reader_error(x.r), "prog: binary file, not text");
        CHECK(dyad_reader_next(x.r, &a) == 0, "binary then end");
        close_all(x);
    }
    {
        char ctl[200];
        for (size_t i = 0; i < sizeof ctl; i++) ctl[i] = (i % 2) ? 'a' : '\x01';
        struct src x = open_mem(ctl, sizeof ctl, "ctl", DYAD_INPUT_AUTO);
        CHECK(dyad_reader_next(x.r, &a) == DYAD_EPARSE, "control-heavy input is binary");
        CHECK(dyad_reader_next(x.r, &a) == 0, "then end");
        close_all(x);
    }
    /* explicit formats never refuse binary-looking input; it is repaired */
    {
        static const char bin[] = "Title\0\x01\n\nBody\0.";
        struct src x = OPEN(bin, "b.txt", DYAD_INPUT_TEXT);
        CHECK(dyad_reader_next(x.r, &a) == 1, "explicit text over NULs");
        STREQ(a.text, "Body .");
        close_all(x);
    }
    /* format names */
    CHECK(dyad_input_format_parse("auto") == DYAD_INPUT_AUTO, "parse auto");
    CHECK(dyad_input_format_parse("text") == DYAD_INPUT_TEXT, "parse text");
    CHECK(dyad_input_format_parse("jsonl") == DYAD_INPUT_JSONL, "parse jsonl");
    CHECK(dyad_input_format_parse("TABARI") == DYAD_INPUT_TABARI, "parse tabari");
    CHECK(dyad_input_format_parse("html") == DYAD_INPUT_HTML, "parse html");
    CHECK(dyad_input_format_parse("warc") == DYAD_INPUT_WARC, "parse warc");
    CHECK(dyad_input_format_parse("pdf") == -1, "parse unknown");
    CHECK(dyad_input_format_parse("xml") == DYAD_INPUT_PETRXML, "parse xml");
    CHECK(dyad_input_format_parse("petrxml") == DYAD_INPUT_PETRXML, "parse petrxml");
    CHECK(dyad_input_format_parse(NULL) == -1, "parse NULL");
    /* bad arguments */
    CHECK(dyad_reader_next(NULL, &a) == DYAD_EARG, "NULL reader");
    CHECK(dyad_reader_open(NULL, "x", DYAD_INPUT_AUTO) == NULL, "NULL file");
    dyad_reader_close(NULL);
    STREQ(dyad_reader_error(NULL), "");
}

/* A real pipe (not seekable), more than the 4 KiB peek, with a BOM. */
static void test_pipe(void) {
    int fd[2];
    if (pipe(fd) != 0) {
        CHECK(0, "pipe");
        return;
    }
    char rec[128];
    size_t total = 0;
    if (write(fd[1], "\xEF\xBB\xBF", 3) != 3) CHECK(0, "write");
    for (int i = 0; i < 200; i++) {
        int k = snprintf(rec, sizeof rec, "{\"id\": \"p%d\", \"text\": \"Pipe record number %d.\"}\n", i, i);
        if (write(fd[1], rec, (size_t)k) != k) CHECK(0, "write");
        total += (size_t)k;
    }
    close(fd[1]);
    CHECK(total > 4096, "more than the peek");
    FILE *fp = fdopen(fd[0], "r");
    dyad_reader *r = dyad_reader_open(fp, "-", DYAD_INPUT_AUTO);
    CHECK(dyad_reader_format(r) == DYAD_INPUT_JSONL, "pipe: jsonl");
    dyad_article a;
    int n = 0, rc, ok = 1;
    while ((rc = dyad_reader_next(r, &a)) == 1) {
        snprintf(rec, sizeof rec, "p%d", n);
        if (strcmp(a.id, rec) != 0 || a.line != n + 1) ok = 0;
        n++;
    }
    CHECK(rc == 0 && n == 200 && ok, "pipe: %d records, rc %d, ok %d", n, rc, ok);
    dyad_reader_close(r);
    fclose(fp);
    /* explicit format: BOM dropped from the first line too */
    struct src x = OPEN("\xEF\xBB\xBF{\"id\": \"b\", \"text\": \"t\"}\n", "bom.jsonl", DYAD_INPUT_JSONL);
    CHECK(dyad_reader_next(x.r, &a) == 1 && strcmp(a.id, "b") == 0, "explicit jsonl with BOM: %s",
          dyad_reader_error(x.r));
    close_all(x);
}

/* Many small records through one reader: memory is reused (ASan watches). */
static void test_many(void) {
    size_t n = 20000, cap = n * 80, len = 0;
    char *buf = malloc(cap);
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(buf + len, cap - len, "080806 R%zu\nRecord %zu /* c%zu */ text.\n\n", i, i, i);
    struct src x = open_mem(buf, len, "many", DYAD_INPUT_AUTO);
    dyad_article a;
    size_t got = 0;
    int rc;
    while ((rc = dyad_reader_next(x.r, &a)) == 1) got++;
    CHECK(rc == 0 && got == n, "many records: %zu, rc %d", got, rc);
    close_all(x);
    free(buf);
}

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    test_text();
    test_jsonl();
    test_tabari();
    test_auto();
    test_pipe();
    test_many();
    if (failures) {
        fprintf(stderr, "unit_reader: %d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("unit_reader: %d checks passed\n", checks);
    return 0;
}
