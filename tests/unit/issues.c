/* issues.c — unit tests for the issues dictionary (src/code/issues.c).
 *
 * A small dictionary in the Phoenix IssueCoding format is loaded from memory
 * and from a file; sentences check matching (case, word boundaries, n:/v:/+
 * forms, overlapping phrases, counts, order), ~ and ~~ exclusions, the output
 * buffer, and that malformed lines are reported as "file:line: message".
 * argv[1] = source dir; when the reference data is there (DYAD_SHARED, else
 * argv[1]/../shared) the real Phoenix.IssueCoding.txt is loaded too. */
#include "code/issues.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

static const char dict[] =
    "# test issues, Phoenix format\n"
    "<ISSUE CATEGORY=\"WATER\" TYPE=\"ALL\">\n"
    "dam [DAMS]\n"
    "reservoir [DAMS]   # a comment\n"
    "river n:basin [DAMS]\n"
    "hydro+v:charge [HYDRO]\n"
    "~beaver+dam\n"
    "</ISSUE>\n"
    "\n"
    "<ISSUE CATEGORY=\"SCHOOLS\" TYPE=\"ALL\">\n"
    "after+school [AFTER_SCHOOL]\n"
    "n:librarian [LIBRARIANS]\n"
    "n:library [LIBRARY_POLICY]\n"
    "n:bus pass [LIBRARY_POLICY]\n"
    "n:master n:class [MASTERCLASS]\n"
    "~~librarian of the month\n"
    "</ISSUE>\n"
    "<issue category=\"VIOLENCE\">\n"
    "arms n:raid [ARMS_RAID]\n"
    "n:raid on civilians [ARMS_RAID]\n"
    "v:ambush [AMBUSH]\n"
    "tribal v:clash [AMBUSH]\n"
    "v:mobilize [MOBILIZE]\n"
    "~Sherwood Forest's ambush\n"
    "</issue>\n"
    "<ISSUE CATEGORY=\"SUPPLY\" TYPE=\"ALL\">\n"
    "blackout [BLACKOUT]\n"
    "fuel n:blackout [FUEL]\n"
    "~no blackout\n"
    "</ISSUE>\n"
    "ferry[TRANSPORT]\n"
    "n:car+park [PARKING]\n";

static dy_issues *load(const char *text) {
    char err[256] = "";
    dy_issues *d = dy_issues_load_buffer("test.issues", text, strlen(text), NULL, err, sizeof err);
    CHECK(d != NULL, "load failed: %s", err);
    return d;
}

/* match the whole of s and compare the output */
static void m(int line, const dy_issues *d, const char *s, const char *want) {
    char out[512];
    memset(out, 'x', sizeof out);
    int n = dy_issues_match(d, s, 0, strlen(s), out, sizeof out);
    int want_n = 0;
    if (*want) {
        want_n = 1;
        for (const char *p = want; *p; p++) want_n += *p == ';';
    }
    checks++;
    if (strcmp(out, want) != 0 || n != want_n) {
        failures++;
        fprintf(stderr, "issues.c:%d: FAIL: \"%s\"\n   got  %d \"%s\"\n   want %d \"%s\"\n", line, s, n, out, want_n,
                want);
    }
}
#define M(d, s, want) m(__LINE__, d, s, want)

static void test_matching(void) {
    dy_issues *d = load(dict);
    if (!d) return;
    CHECK(dy_issues_count(d) == 18, "count %zu, want 18", dy_issues_count(d));
    size_t codes, forms, excl, sections, skipped;
    dy_issues_stats(d, &codes, &forms, &excl, &sections, &skipped);
    CHECK(codes == 13, "codes %zu", codes);
    CHECK(excl == 4, "exclusions %zu", excl);
    CHECK(sections == 4, "sections %zu", sections);
    CHECK(skipped == 0, "skipped %zu", skipped);
    CHECK(dy_issues_sections(d) == 5, "mask size %zu", dy_issues_sections(d));
    /* tar n:sand -> tar sand, tar sands; solar+v:power -> 2 * 4 forms (solar power = solar-power) */
    CHECK(forms >= 30, "forms %zu", forms);

    /* plain, case-insensitive, whole words */
    M(d, "Dam levels rose.", "DAMS,1");
    M(d, "DAM LEVELS ROSE", "DAMS,1");
    M(d, "Adam's damp damage, two dams.", ""); /* "dams" is not a form of the plain "dam" */
    M(d, "Dam-side towns", "DAMS,1");
    M(d, "dam", "DAMS,1");
    M(d, "", "");
    /* a phrase found twice counts once; two phrases of a code count two */
    M(d, "dam, dam and more dam", "DAMS,1");
    M(d, "dam and reservoir and river basins", "DAMS,3");
    /* n: */
    M(d, "a new librarian", "LIBRARIANS,1");
    M(d, "librarians and a librarian", "LIBRARIANS,2");
    M(d, "new libraries", "LIBRARY_POLICY,1");
    M(d, "Buses pass and a bus pass, library", "LIBRARY_POLICY,3"); /* n: inflects its own chunk */
    M(d, "bus passes", "");
    M(d, "masters classes and a master class", "MASTERCLASS,2");
    M(d, "a master's class", ""); /* "master s class" is three words */
    /* v: */
    M(d, "they ambushed", "AMBUSH,1");
    M(d, "vowing to ambush, ambushing, as it ambushes", "AMBUSH,3");
    M(d, "tribal clashes", "AMBUSH,1");
    M(d, "troops were mobilized, mobilizing", "MOBILIZE,2");
    M(d, "hydro charged homes", "HYDRO,1");
    M(d, "hydro-charging", "HYDRO,1");
    /* +: space or hyphen */
    M(d, "After-school clubs", "AFTER_SCHOOL,1");
    M(d, "after school clubs", "AFTER_SCHOOL,1");
    M(d, "afterschool clubs", "");
    /* n: on a +-joined chunk inflects its last word */
    M(d, "car parks", "PARKING,1");
    M(d, "cars park", "");
    /* a code right after the phrase, no blank */
    M(d, "ferry", "TRANSPORT,1");
    /* overlapping phrases all count; order is the dictionary's */
    M(d, "arms raids on civilians", "ARMS_RAID,2");
    M(d, "fuel blackouts and a power blackout hit librarians and a dam", "DAMS,1;LIBRARIANS,1;BLACKOUT,1;FUEL,1");
    /* ~ cancels its own section only */
    M(d, "there is no blackout of fuel blackouts or a dam", "DAMS,1");
    M(d, "beaver-dam builders; a dam", "");
    M(d, "the Sherwood Forest's ambush and arms raids", "");
    M(d, "the Sherwood Forest\xE2\x80\x99s ambush", ""); /* curly apostrophe separates words too */
    M(d, "arms\xC2\xA0" "raids", "ARMS_RAID,1");          /* no-break space */
    /* ~~ found in the sentence cancels its section there too */
    M(d, "The librarian of the month", "");

    /* [start, end) */
    const char *s = "dam. Librarians met. river basins";
    char out[128];
    int n = dy_issues_match(d, s, 5, 20, out, sizeof out);
    CHECK(n == 1 && strcmp(out, "LIBRARIANS,1") == 0, "span: %d \"%s\"", n, out);
    n = dy_issues_match(d, s, 21, 26, out, sizeof out); /* "river" only: the phrase crosses the end */
    CHECK(n == 0 && out[0] == '\0', "span end: %d \"%s\"", n, out);
    n = dy_issues_match(d, s, 10, 5, out, sizeof out);
    CHECK(n == 0 && out[0] == '\0', "end < start: %d", n);

    /* output buffer: whole items only, the count still counts them all */
    const char *three = "dam, a librarian, a blackout";
    n = dy_issues_match(d, three, 0, strlen(three), out, 16);
    CHECK(n == 3 && strcmp(out, "DAMS,1") == 0, "small buffer: %d \"%s\"", n, out);
    n = dy_issues_match(d, three, 0, strlen(three), out, 6);
    CHECK(n == 3 && out[0] == '\0', "tiny buffer: %d \"%s\"", n, out);
    n = dy_issues_match(d, three, 0, strlen(three), NULL, 0);
    CHECK(n == 3, "NULL buffer: %d", n);

    /* ~~ across the story */
    const char *story = "A librarian spoke. A dam burst. She was named librarian of the month.";
    unsigned char mask[8];
    size_t marked = dy_issues_story(d, story, strlen(story), mask);
    CHECK(marked == 1, "story marked %zu sections", marked);
    n = dy_issues_match_story(d, story, 0, 18, mask, out, sizeof out);
    CHECK(n == 0 && out[0] == '\0', "story exclusion: %d \"%s\"", n, out);
    n = dy_issues_match(d, story, 0, 18, out, sizeof out);
    CHECK(n == 1 && strcmp(out, "LIBRARIANS,1") == 0, "without the story: %d \"%s\"", n, out);
    n = dy_issues_match_story(d, story, 19, 31, mask, out, sizeof out);
    CHECK(n == 1 && strcmp(out, "DAMS,1") == 0, "other section kept: %d \"%s\"", n, out);

    /* a phrase across the matcher's window of word ids */
    char *longs = malloc(8192);
    if (longs) {
        for (int w0 = 250; w0 < 262; w0++) {
            size_t o = 0;
            for (int w = 0; w < 300; w++) {
                const char *word = w == w0 ? "arms" : w == w0 + 1 ? "raids" : "filler";
                o += (size_t)snprintf(longs + o, 8192 - o, "%s ", word);
            }
            n = dy_issues_match(d, longs, 0, o, out, sizeof out);
            CHECK(n == 1 && strcmp(out, "ARMS_RAID,1") == 0, "long text, phrase at word %d: %d \"%s\"", w0, n, out);
        }
        free(longs);
    }
    dy_issues_free(d);

    /* an exclusion outside any section cancels everything */
    d = load("~~sports page\ndam [DAMS]\n<ISSUE>\nlibrarian [LIBRARIANS]\n</ISSUE>\n");
    if (d) {
        M(d, "a dam and a librarian", "DAMS,1;LIBRARIANS,1");
        M(d, "a dam and a librarian on the sports page", "");
        const char *st = "A dam and a librarian. The sports page.";
        unsigned char mk[4];
        dy_issues_story(d, st, strlen(st), mk);
        n = dy_issues_match_story(d, st, 0, 18, mk, out, sizeof out);
        CHECK(n == 0, "global story exclusion: %d \"%s\"", n, out);
        dy_issues_free(d);
    }
    /* empty dictionary */
    d = load("# nothing\n\n");
    if (d) {
        M(d, "dam", "");
        CHECK(dy_issues_count(d) == 0, "empty count");
        dy_issues_free(d);
    }
}

/* ------------------------------------------------------------ errors */

static int nwarn;
static char lastwarn[256];
static void warn(void *ctx, const char *msg) {
    (void)ctx;
    nwarn++;
    snprintf(lastwarn, sizeof lastwarn, "%s", msg);
}

static void bad(int line, const char *text, const char *want) {
    char err[256] = "";
    dy_issues *d = dy_issues_load_buffer("bad.issues", text, strlen(text), NULL, err, sizeof err);
    checks++;
    if (d || strstr(err, want) != err) {
        failures++;
        fprintf(stderr, "issues.c:%d: FAIL: strict load of %s\n   got \"%s\"\n   want \"%s...\"\n", line,
                d ? "succeeded" : "failed", err, want);
    }
    dy_issues_free(d);
    /* lenient: loads, one warning, the good lines are kept */
    dy_issues_opts o = {1, warn, NULL};
    nwarn = 0;
    d = dy_issues_load_buffer("bad.issues", text, strlen(text), &o, err, sizeof err);
    checks++;
    if (!d || nwarn != 1 || strstr(lastwarn, want) != lastwarn) {
        failures++;
        fprintf(stderr, "issues.c:%d: FAIL: lenient load %s, %d warnings, last \"%s\"\n", line,
                d ? "succeeded" : "failed", nwarn, lastwarn);
    }
    if (d) {
        char out[64];
        int n = dy_issues_match(d, "good dam", 0, 8, out, sizeof out);
        CHECK(n == 1, "lenient load lost the good line (line %d)", line);
    }
    dy_issues_free(d);
}
#define BAD(text, want) bad(__LINE__, text, want)

static void test_errors(void) {
    BAD("dam [DAMS]\nwaterways\n", "bad.issues:2: no [CODE]");
    BAD("dam [DAMS]\n\n# c\nfoo [BAR\n", "bad.issues:4: missing ']'");
    BAD("dam [DAMS]\nfoo []\n", "bad.issues:2: empty [CODE]");
    BAD("dam [DAMS]\nfoo [A B]\n", "bad.issues:2: bad character in code");
    BAD("dam [DAMS]\nfoo [A,B]\n", "bad.issues:2: bad character in code");
    BAD("dam [DAMS]\n[DAMS]\n", "bad.issues:2: phrase has no words");
    BAD("dam [DAMS]\n--- [DAMS]\n", "bad.issues:2: phrase has no words");
    BAD("dam [DAMS]\n~gas [GAS]\n", "bad.issues:2: an exclusion (~) takes no [CODE]");
    BAD("dam [DAMS]\n~\n", "bad.issues:2: phrase has no words");
    BAD("dam [DAMS]\nn: [X]\n", "bad.issues:2: n: with no word");
    BAD("dam [DAMS]\nn:v:x [X]\n", "bad.issues:2: more than one n: or v:");
    BAD("dam [DAMS]\n<TOPIC>\n", "bad.issues:2: unknown tag");
    BAD("dam [DAMS]\n<ISSUE\n", "bad.issues:2: tag does not end with '>'");
    BAD("dam [DAMS]\n</ISSUE>\n", "bad.issues:2: </ISSUE> with no <ISSUE> open");
    BAD("dam [DAMS]\n\n<ISSUE CATEGORY=\"X\">\ngas [GAS]\n", "bad.issues:3: <ISSUE> is never closed");
    BAD("<ISSUE>\ndam [DAMS]\n<ISSUE>\n</ISSUE>\n", "bad.issues:3: <ISSUE> inside the <ISSUE> opened at line 1");
    BAD("dam [DAMS]\nfoo ] [X]\n", "bad.issues:2: ']' before '['");
    BAD("dam [DAMS]\na b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg [X]\n",
        "bad.issues:2: phrase has more than 32 words");
    BAD("dam [DAMS]\nn:a n:b n:c n:d n:e n:f n:g n:h n:i [X]\n", "bad.issues:2: more than 256 forms");
    BAD("dam [DAMS]\nfoo [XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX]\n",
        "bad.issues:2: code longer than");
    /* CRLF and a BOM are fine, and the line count still holds */
    BAD("\xEF\xBB\xBF" "dam [DAMS]\r\nfoo\r\n", "bad.issues:2: no [CODE]");

    /* text after ']': an error when strict, a warning (line kept) when lenient */
    char err[256];
    const char *t = "dam [DAMS]***\n";
    dy_issues *d = dy_issues_load_buffer("t.issues", t, strlen(t), NULL, err, sizeof err);
    CHECK(!d && strcmp(err, "t.issues:1: text after ']'") == 0, "strict trailing: %s", d ? "loaded" : err);
    dy_issues_free(d);
    dy_issues_opts o = {1, warn, NULL};
    nwarn = 0;
    d = dy_issues_load_buffer("t.issues", t, strlen(t), &o, err, sizeof err);
    CHECK(d && nwarn == 1 && strstr(lastwarn, "t.issues:1: text after ']' ignored"), "lenient trailing: %d %s", nwarn,
          lastwarn);
    if (d) {
        char out[32];
        CHECK(dy_issues_match(d, "dam", 0, 3, out, sizeof out) == 1, "trailing: line not kept");
        size_t skipped;
        dy_issues_stats(d, NULL, NULL, NULL, NULL, &skipped);
        CHECK(skipped == 0, "trailing: skipped %zu", skipped);
    }
    dy_issues_free(d);
    /* lenient without a callback, and the skipped count */
    o.warn = NULL;
    d = dy_issues_load_buffer("t.issues", "a\nb\ndam [DAMS]\n", 15, &o, err, sizeof err);
    size_t skipped = 99;
    dy_issues_stats(d, NULL, NULL, NULL, NULL, &skipped);
    CHECK(d && skipped == 2, "skipped %zu", skipped);
    dy_issues_free(d);
}

static void test_file(void) {
    char path[] = "/tmp/dyad-issues-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0, "mkstemp");
    if (fd < 0) return;
    FILE *fp = fdopen(fd, "w");
    fputs("<ISSUE CATEGORY=\"E\">\ndam [DAMS]\nmissing code here\n</ISSUE>\n", fp);
    fclose(fp);
    char err[512] = "", want[600];
    dy_issues *d = dy_issues_load(path, err, sizeof err);
    snprintf(want, sizeof want, "%s:3: no [CODE] after \"missing code here\"", path);
    CHECK(!d && strcmp(err, want) == 0, "file error: \"%s\"", err);
    dy_issues_free(d);
    dy_issues_opts o = {1, warn, NULL};
    nwarn = 0;
    d = dy_issues_load_opts(path, &o, err, sizeof err);
    CHECK(d && nwarn == 1 && dy_issues_count(d) == 1, "lenient file: %d warnings", nwarn);
    dy_issues_free(d);
    unlink(path);
    d = dy_issues_load(path, err, sizeof err);
    CHECK(!d && strncmp(err, path, strlen(path)) == 0 && strstr(err, ": No such file"), "missing file: \"%s\"", err);
    dy_issues_free(d);
}

/* The Phoenix dictionary itself, when ../shared is there. */
static void test_phoenix(const char *srcdir) {
    char path[1024];
    const char *shared = getenv("DYAD_SHARED");
    if (shared) snprintf(path, sizeof path, "%s/dictionaries/phoenix/Phoenix.IssueCoding.txt", shared);
    else snprintf(path, sizeof path, "%s/../shared/dictionaries/phoenix/Phoenix.IssueCoding.txt", srcdir);
    if (access(path, R_OK) != 0) {
        printf("issues: %s absent, Phoenix dictionary checks skipped\n", path);
        return;
    }
    char err[1024];
    dy_issues *d = dy_issues_load(path, err, sizeof err);
    CHECK(!d && strstr(err, "Phoenix.IssueCoding.txt:") && strstr(err, "no [CODE]"), "strict Phoenix: %s",
          d ? "loaded" : err);
    dy_issues_free(d);
    dy_issues_opts o = {1, warn, NULL};
    nwarn = 0;
    d = dy_issues_load_opts(path, &o, err, sizeof err);
    CHECK(d != NULL, "lenient Phoenix: %s", err);
    if (!d) return;
    size_t codes, skipped;
    dy_issues_stats(d, &codes, NULL, NULL, NULL, &skipped);
    CHECK(dy_issues_count(d) > 2500 && codes > 100 && skipped < 40, "Phoenix: %zu phrases, %zu codes, %zu skipped",
          dy_issues_count(d), codes, skipped);
    M(d, "The World Bank and the International Monetary Fund warned of famine.", "INT_FINANCIAL_INST,2;FOOD_SECURITY,1");
    M(d, "There is no shortage of oil.", "OIL,1"); /* a ~ phrase of the SHORTAGE section */
    /* five DISEASE phrases, and a sixth whose words the file joins with U+2020 (a no-break
     * space mangled into a dagger), which separates words */
    M(d, "an outbreak of Ebola hemorrhagic fever", "DISEASE,6");
    dy_issues_free(d);
}

int main(int argc, char **argv) {
    test_matching();
    test_errors();
    test_file();
    test_phoenix(argc > 1 ? argv[1] : ".");
    printf("issues: %d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
