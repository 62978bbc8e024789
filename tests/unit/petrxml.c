/* petrxml.c — unit tests for the PETRARCH XML reader (DYAD_INPUT_PETRXML):
 * sentence and story records, wrappers, <Parse> ignored, entities and CDATA,
 * whitespace, malformed records reported by id with the rest still read, a
 * truncated file, auto-detection, and that libxml2 never writes to stderr.
 * Exit 0 when all checks pass, 1 otherwise (each failure is printed). */
#include "dyad_internal.h"
#include "io/petrxml.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

/* Everything one pass of a reader produced, for checking afterwards. */
#define MAXREC 32
struct rec {
    int ok;            /* 1 article, 0 error */
    char id[64], date[16], source[32], category[32], text[512], err[512];
    int one_sentence;
    long line;
    size_t bad;
};

struct run {
    int n, fmt;
    struct rec r[MAXREC];
};

static void run_reader(const char *s, size_t n, const char *name, dyad_input_format fmt, struct run *out) {
    memset(out, 0, sizeof *out);
    FILE *fp = tmpfile();
    if (!fp) {
        perror("tmpfile");
        exit(1);
    }
    fwrite(s, 1, n, fp);
    rewind(fp);
    dyad_reader *r = dyad_reader_open(fp, name, fmt);
    if (!r) exit(1);
    dyad_article a;
    int rc, guard = 0;
    while ((rc = dyad_reader_next(r, &a)) != 0 && guard++ < 1000) {
        if (out->n == MAXREC) break;
        struct rec *x = &out->r[out->n++];
        if (rc < 0) {
            snprintf(x->err, sizeof x->err, "%s", dyad_reader_error(r));
            continue;
        }
        x->ok = 1;
        CHECK(a.id && a.date && a.title && a.text && a.url && a.source && a.lang && a.comment && a.origin &&
                  a.category,
              "NULL string in article");
        CHECK(strlen(a.text) == a.text_len, "text_len");
        snprintf(x->id, sizeof x->id, "%s", a.id);
        snprintf(x->date, sizeof x->date, "%s", a.date);
        snprintf(x->source, sizeof x->source, "%s", a.source);
        snprintf(x->category, sizeof x->category, "%s", a.category);
        snprintf(x->text, sizeof x->text, "%s", a.text);
        x->one_sentence = a.one_sentence;
        x->line = a.line;
        x->bad = a.bad_bytes;
    }
    out->fmt = dyad_reader_format(r);
    dyad_reader_close(r);
    fclose(fp);
}
#define RUN(lit, fmt, out) run_reader(lit, sizeof(lit) - 1, "t.xml", fmt, out)

static struct run R; /* large: keep off the stack */

/* ------------------------------------------------------------- records */

static void test_basic(void) {
    RUN("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"                                  /* 1 */
        "<!-- a comment with <Sentence id=\"fake\"> inside -->\n"                     /* 2 */
        "<Sentences>\n"                                                                /* 3 */
        "<Sentence date=\"20230628\" id=\"S-1\" source=\"BELTA\" sentence=\"true\" category=\"DEMO\">\n" /* 4 */
        "<Text>\n"                                                                     /* 5 */
        "  Freedonia   condemned\n"                                                    /* 6 */
        "\tSylvania.\n"                                                                /* 7 */
        "</Text>\n"                                                                    /* 8 */
        "<Parse>(ROOT (S (NP (NNP Freedonia)) (VP (VBD condemned) (NP (NNP Sylvania)))))</Parse>\n" /* 9 */
        "</Sentence>\n"                                                                /* 10 */
        "<Sentence date=\"19950103\" id=\"S-2\" sentence=\"false\">\n"                 /* 11 */
        "<Text>Freedonia met Sylvania. Then Sylvania left.\n\nA new paragraph.</Text>\n" /* 12 */
        "</Sentence>\n"                                                                /* 13 */
        "<Sentence date=\"2001-02-03\" id=\"S-3\"><Text>No sentence attribute.</Text></Sentence>\n" /* 14 */
        "</Sentences>\n",
        DYAD_INPUT_AUTO, &R);
    CHECK(R.fmt == DYAD_INPUT_PETRXML, "auto-detected as PETRARCH XML (got %d)", R.fmt);
    CHECK(R.n == 3, "3 records, got %d", R.n);
    struct rec *a = &R.r[0], *b = &R.r[1], *c = &R.r[2];
    CHECK(a->ok, "S-1 read: %s", a->err);
    STREQ(a->id, "S-1");
    STREQ(a->date, "2023-06-28");
    STREQ(a->source, "BELTA");
    STREQ(a->category, "DEMO");
    STREQ(a->text, "Freedonia condemned Sylvania."); /* whitespace collapsed, <Parse> ignored */
    CHECK(a->one_sentence == 1, "sentence=\"true\" is one sentence");
    CHECK(a->line == 4, "S-1 line %ld", a->line);
    CHECK(b->ok, "S-2 read: %s", b->err);
    STREQ(b->id, "S-2");
    STREQ(b->date, "1995-01-03");
    STREQ(b->text, "Freedonia met Sylvania. Then Sylvania left. A new paragraph.");
    CHECK(b->one_sentence == 0, "sentence=\"false\" is a story");
    STREQ(b->category, "");
    CHECK(b->line == 11, "S-2 line %ld", b->line);
    CHECK(c->ok && c->one_sentence == 0, "no sentence attribute: a story");
    STREQ(c->date, "2001-02-03");
}

static void test_entities(void) {
    RUN("<Sentences><Sentence date=\"20230101\" id=\"E&amp;1\" sentence=\"TRUE\">"
        "<Text>AT&amp;T &lt;b&gt; &quot;q&quot; &apos;a&apos; &#65;&#x42; caf&#xE9; "
        "<![CDATA[R&D <raw>]]> end</Text></Sentence></Sentences>",
        DYAD_INPUT_PETRXML, &R);
    CHECK(R.n == 1 && R.r[0].ok, "entity record read: %s", R.r[0].err);
    STREQ(R.r[0].id, "E&1");
    STREQ(R.r[0].text, "AT&T <b> \"q\" 'a' AB caf\xC3\xA9 R&D <raw> end");
    CHECK(R.r[0].one_sentence == 1, "sentence=\"TRUE\"");
}

static void test_wrapped(void) {
    /* a validation file: Environment, Config between records, EventCoding, comments */
    RUN("<Validation>\n"
        "<Environment><Verbfile>v.txt</Verbfile><Include>DEMO</Include></Environment>\n"
        "<Sentences>\n"
        "<Config option=\"comma_max\" value=\"3\"></Config>\n"
        "<Sentence date=\"19950101\" id=\"W1\" category=\"DEMO\" sentence=\"true\">\n"
        "<!-- comment </Sentence> not the end -->\n"
        "<EventCoding sourcecode=\"AAA\" targetcode=\"BBB\" eventcode=\"111\"></EventCoding>\n"
        "<Text>One.</Text>\n"
        "<Parse>(ROOT (NP (NN x) < not even XML))</Parse>\n"
        "</Sentence>\n"
        "<Stop></Stop>\n"
        "<Sentence date=\"19950102\" id=\"W2\" sentence=\"true\"><Text>Two.</Text></Sentence>\n"
        "</Sentences></Validation>\n",
        DYAD_INPUT_AUTO, &R);
    CHECK(R.fmt == DYAD_INPUT_PETRXML, "wrapped file detected");
    CHECK(R.n == 2 && R.r[0].ok && R.r[1].ok, "both records read (%d): %s %s", R.n, R.r[0].err, R.r[1].err);
    STREQ(R.r[0].text, "One.");
    STREQ(R.r[1].id, "W2");
}

static void test_malformed(void) {
    /* each bad record is one error naming file, line and id; the rest is read */
    RUN("<Sentences>\n"                                                                      /* 1 */
        "<Sentence date=\"20230101\" id=\"OK1\" sentence=\"true\"><Text>first</Text></Sentence>\n" /* 2 */
        "<Sentence date=\"20230101\" id=\"BAD-XML\" sentence=\"true\">\n"                    /* 3 */
        "<Text>a < b</Text>\n"                                                               /* 4 */
        "</Sentence>\n"                                                                      /* 5 */
        "<Sentence date=\"20231301\" id=\"BAD-DATE\"><Text>x</Text></Sentence>\n"            /* 6 */
        "<Sentence id=\"NO-DATE\"><Text>x</Text></Sentence>\n"                               /* 7 */
        "<Sentence date=\"20230101\" id=\"NO-TEXT\"><Parse>(x)</Parse></Sentence>\n"         /* 8 */
        "<Sentence date=\"20230101\" id=\"MISMATCH\"><Text>x</Txet></Sentence>\n"            /* 9 */
        "<Sentence date=\"20230101\" id=\"OPEN\"><Text>never closed\n"                       /* 10 */
        "<Sentence date=\"20230101\" id=\"OK2\" sentence=\"true\"><Text>second</Text></Sentence>\n" /* 11 */
        "<Sentence date=\"20230101\" id=\"AMP\"><Text>AT&T</Text></Sentence>\n"              /* 12 */
        "<Sentence date=\"20230101\" id=\"OK3\"><Text>third</Text></Sentence>\n"             /* 13 */
        "</Sentences>\n",
        DYAD_INPUT_PETRXML, &R);
    static const struct {
        const char *id, *err;
    } want[] = {
        {"OK1", NULL},
        {NULL, "t.xml:3: record BAD-XML: XML error at line 4: "},
        {NULL, "t.xml:6: record BAD-DATE: invalid date \"20231301\""},
        {NULL, "t.xml:7: record NO-DATE: missing date"},
        {NULL, "t.xml:8: record NO-TEXT: missing <Text>"},
        {NULL, "t.xml:9: record MISMATCH: XML error at line 9: "},
        {NULL, "t.xml:10: record OPEN: no </Sentence> before the next <Sentence> on line 11"},
        {"OK2", NULL},
        {NULL, "t.xml:12: record AMP: XML error at line 12: "},
        {"OK3", NULL},
    };
    int nw = (int)(sizeof want / sizeof *want);
    CHECK(R.n == nw, "%d results, got %d", nw, R.n);
    for (int i = 0; i < nw && i < R.n; i++) {
        if (want[i].id) {
            CHECK(R.r[i].ok, "result %d should be record %s, got error %s", i, want[i].id, R.r[i].err);
            STREQ(R.r[i].id, want[i].id);
        } else {
            CHECK(!R.r[i].ok, "result %d should be an error", i);
            CHECK(!strncmp(R.r[i].err, want[i].err, strlen(want[i].err)), "result %d: got \"%s\", want \"%s...\"", i,
                  R.r[i].err, want[i].err);
        }
    }
}

static void test_truncated(void) {
    static const char doc[] = "<Sentences>\n"
                              "<Sentence date=\"20230101\" id=\"T1\" sentence=\"true\"><Text>kept</Text></Sentence>\n"
                              "<Sentence date=\"20230101\" id=\"T2\" sentence=\"true\"><Text>cut off in the mi";
    run_reader(doc, sizeof doc - 1, "t.xml", DYAD_INPUT_AUTO, &R);
    CHECK(R.n == 2, "2 results, got %d", R.n);
    CHECK(R.r[0].ok, "T1 read");
    STREQ(R.r[0].text, "kept");
    CHECK(!R.r[1].ok, "T2 is an error");
    STREQ(R.r[1].err, "t.xml:3: record T2: the input ends inside the record (no </Sentence>)");
    /* every prefix of the document: no crash, T1 whenever it is complete, never more than 2 results */
    size_t t1_end = (size_t)(strstr(doc, "</Sentence>") - doc) + strlen("</Sentence>");
    for (size_t k = 0; k <= sizeof doc - 1; k++) {
        run_reader(doc, k, "t.xml", DYAD_INPUT_PETRXML, &R);
        CHECK(R.n <= 2, "prefix %zu: %d results", k, R.n);
        if (k >= t1_end) CHECK(R.n >= 1 && R.r[0].ok && !strcmp(R.r[0].id, "T1"), "prefix %zu: T1 read", k);
        for (int i = 0; i < R.n; i++)
            if (!R.r[i].ok) CHECK(strncmp(R.r[i].err, "t.xml:", 6) == 0, "prefix %zu: message %s", k, R.r[i].err);
    }
    /* cut inside the start tag: the id is still found */
    RUN("<Sentences><Sentence date=\"20230101\" id=\"CUT\" sen", DYAD_INPUT_PETRXML, &R);
    CHECK(R.n == 1 && !R.r[0].ok, "cut start tag is an error");
    CHECK(strstr(R.r[0].err, "record CUT:") != NULL, "cut start tag names the id: %s", R.r[0].err);
}

static void test_detect_and_misc(void) {
    /* BOM, declaration and comments before the first tag */
    RUN("\xEF\xBB\xBF  <?xml version=\"1.0\"?>\n<!-- c -->\n<Sentences><Sentence date=\"20230101\" id=\"B\">"
        "<Text>bom</Text></Sentence></Sentences>",
        DYAD_INPUT_AUTO, &R);
    CHECK(R.fmt == DYAD_INPUT_PETRXML && R.n == 1 && R.r[0].ok, "BOM + declaration + comment detected");
    /* text that merely contains '<' stays text */
    RUN("<3 you\n\nMinsk hosts a forum.\n", DYAD_INPUT_AUTO, &R);
    CHECK(R.fmt == DYAD_INPUT_TEXT, "\"<3 you\" is text (got %d)", R.fmt);
    RUN("Title\n\n<b>Body</b>\n", DYAD_INPUT_AUTO, &R);
    CHECK(R.fmt == DYAD_INPUT_TEXT, "a tag later on is still text");
    /* format names */
    CHECK(dyad_input_format_parse("petrxml") == DYAD_INPUT_PETRXML, "\"petrxml\"");
    CHECK(dyad_input_format_parse("XML") == DYAD_INPUT_PETRXML, "\"XML\"");
    CHECK(dyad_input_format_parse("tabari") == DYAD_INPUT_TABARI, "\"tabari\" unchanged");
    /* one_sentence for TABARI records; 0 for text */
    RUN("230628 REC-1\nFreedonia condemned Sylvania.\n\n", DYAD_INPUT_TABARI, &R);
    CHECK(R.n == 1 && R.r[0].ok && R.r[0].one_sentence == 1, "TABARI record is one sentence");
    STREQ(R.r[0].category, "");
    RUN("Title\n\nBody one. Body two.\n", DYAD_INPUT_TEXT, &R);
    CHECK(R.n == 1 && R.r[0].ok && R.r[0].one_sentence == 0, "text article is not one sentence");
    /* no records at all, empty input */
    RUN("<Sentences></Sentences>", DYAD_INPUT_AUTO, &R);
    CHECK(R.n == 0, "no records");
    RUN("", DYAD_INPUT_PETRXML, &R);
    CHECK(R.n == 0, "empty input");
    /* missing id: content hash; empty text allowed */
    RUN("<Sentences><Sentence date=\"20230101\"><Text/></Sentence></Sentences>", DYAD_INPUT_PETRXML, &R);
    CHECK(R.n == 1 && R.r[0].ok && R.r[0].id[0] == 'h' && strlen(R.r[0].id) == 17, "hash id, got %s", R.r[0].id);
    STREQ(R.r[0].text, "");
    /* invalid UTF-8 is repaired and counted on its record only */
    RUN("<Sentences>\n<Sentence date=\"20230101\" id=\"U1\"><Text>ok</Text></Sentence>\n"
        "<Sentence date=\"20230101\" id=\"U2\"><Text>bad \xFF byte</Text></Sentence>\n</Sentences>",
        DYAD_INPUT_PETRXML, &R);
    CHECK(R.n == 2 && R.r[0].ok && R.r[1].ok, "records with bad UTF-8 read");
    CHECK(R.r[0].bad == 0 && R.r[1].bad == 1, "bad bytes %zu %zu", R.r[0].bad, R.r[1].bad);
    STREQ(R.r[1].text, "bad \xEF\xBF\xBD byte");
    /* an external entity is not fetched: it is an error of that record */
    RUN("<!DOCTYPE x [<!ENTITY e SYSTEM \"/etc/passwd\">]>\n<Sentences>\n"
        "<Sentence date=\"20230101\" id=\"X1\"><Text>&e;</Text></Sentence>\n"
        "<Sentence date=\"20230101\" id=\"X2\"><Text>fine</Text></Sentence></Sentences>",
        DYAD_INPUT_AUTO, &R);
    CHECK(R.n == 2 && !R.r[0].ok && R.r[1].ok, "undeclared/external entity: record error, next read");
    CHECK(R.n >= 1 && strstr(R.r[0].err, "record X1:") != NULL, "entity error names X1: %s", R.r[0].err);
}

/* The internal item stream the validator uses: Environment, Config, Stop and
 * EventCoding. */
static void test_items(void) {
    static const char doc[] = "<Validation><Environment>\n"
                              "  <Verbfile> v.txt </Verbfile>\n"
                              "  <Include>DEMO  PATTERN</Include>\n"
                              "  <Config option=\"stop_on_error\" value=\"True\"></Config>\n"
                              "</Environment>\n"
                              "<Sentences>\n"
                              "<Config option=\"comma_max\" value=\"6\"/>\n"
                              "<Sentence date=\"19950101\" id=\"I1\" category=\"DEMO\" sentence=\"true\">\n"
                              "<EventCoding sourcecode=\"ARN\" targetcode=\"GON\" eventcode=\"064\"></EventCoding>\n"
                              "<EventCoding sourcecode='\"NEW ACTOR\"' targetcode=\"GON\" eventcode=\"033\"/>\n"
                              "<EventCoding noevents = \"True\"></EventCoding>\n"
                              "<EventCoding error=\"dateline\"></EventCoding>\n"
                              "<Text>x</Text></Sentence>\n"
                              "<Stop></Stop>\n"
                              "</Sentences></Validation>";
    dy_petr *p = dy_petr_open(doc, sizeof doc - 1, "v.xml", 1);
    CHECK(p != NULL, "open");
    if (!p) return;
    dy_petr_item it;
    CHECK(dy_petr_next(p, &it) == 1 && it.kind == DY_PETR_ENV, "Verbfile item");
    STREQ(it.name, "Verbfile");
    STREQ(it.value, "v.txt");
    CHECK(dy_petr_next(p, &it) == 1 && it.kind == DY_PETR_ENV, "Include item");
    STREQ(it.value, "DEMO PATTERN");
    CHECK(dy_petr_next(p, &it) == 1 && it.kind == DY_PETR_CONFIG, "Config in Environment");
    STREQ(it.name, "stop_on_error");
    CHECK(dy_petr_next(p, &it) == 1 && it.kind == DY_PETR_CONFIG, "Config between records");
    STREQ(it.name, "comma_max");
    STREQ(it.value, "6");
    CHECK(it.line == 7, "Config line %ld", it.line);
    CHECK(dy_petr_next(p, &it) == 1 && it.kind == DY_PETR_SENTENCE, "record");
    CHECK(it.ncodings == 4, "4 codings, got %d", it.ncodings);
    if (it.ncodings == 4) {
        STREQ(it.codings[0].source, "ARN");
        STREQ(it.codings[0].target, "GON");
        STREQ(it.codings[0].code, "064");
        STREQ(it.codings[1].source, "\"NEW ACTOR\"");
        CHECK(it.codings[2].noevents == 1, "noevents");
        STREQ(it.codings[2].code, "");
        STREQ(it.codings[3].error, "dateline");
    }
    CHECK(dy_petr_next(p, &it) == 1 && it.kind == DY_PETR_STOP, "Stop");
    STREQ(it.name, "Stop");
    CHECK(dy_petr_next(p, &it) == 0, "end");
    CHECK(dy_petr_next(p, &it) == 0, "end stays end");
    dy_petr_close(p);

    CHECK(dy_petr_sniff("  <Sentences>", 13), "sniff tag");
    CHECK(dy_petr_sniff("<!-- long comment never closed in the peek", 42), "sniff open comment");
    CHECK(!dy_petr_sniff("< 3", 3), "sniff '< 3'");
    CHECK(!dy_petr_sniff("{\"a\":1}", 7), "sniff JSON");
    CHECK(!dy_petr_sniff("", 0), "sniff empty");
}

/* libxml2 must not print: run the malformed cases with stderr redirected to
 * a file and check that it stays empty. */
static void test_quiet(void) {
    fflush(stderr);
    int saved = dup(2);
    FILE *tmp = tmpfile();
    if (saved < 0 || !tmp) return;
    dup2(fileno(tmp), 2);
    int f0 = failures;
    RUN("<Sentences><Sentence date=\"20230101\" id=\"Q\"><Text>a < b &bogus; </Txt></Sentence><Sentence",
        DYAD_INPUT_AUTO, &R);
    RUN("<a><b></a>", DYAD_INPUT_PETRXML, &R);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    long size = ftell(tmp);
    fseek(tmp, 0, SEEK_END);
    size = ftell(tmp);
    fclose(tmp);
    CHECK(size == 0 && failures == f0, "nothing written to stderr while reading malformed XML (%ld bytes)", size);
}

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    test_basic();
    test_entities();
    test_wrapped();
    test_malformed();
    test_truncated();
    test_detect_and_misc();
    test_items();
    test_quiet();
    printf("petrxml: %d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
