/* phoenix_out.c — unit tests for the Phoenix event writer (src/io/writer.c).
 *
 * Events for a hand-made article are written to a temporary file, read back,
 * split on tabs, and every column is compared with what the Phoenix data set
 * would hold (columns listed in writer.c). */
#include "io/writer.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define MAXCOL 40

/* Read the next line of fp into buf and split it on tabs; returns the number
 * of columns, 0 at end of file. */
static int read_cols(FILE *fp, char *buf, size_t cap, char **col) {
    if (!fgets(buf, (int)cap, fp)) return 0;
    size_t n = strlen(buf);
    CHECK(n && buf[n - 1] == '\n', "line does not end with a newline");
    if (n && buf[n - 1] == '\n') buf[--n] = '\0';
    int nc = 0;
    char *p = buf;
    for (;;) {
        if (nc < MAXCOL) col[nc] = p;
        nc++;
        char *t = strchr(p, '\t');
        if (!t) break;
        *t = '\0';
        p = t + 1;
    }
    return nc;
}

/* Expected columns, 1-based as in writer.c's list; NULL = not checked. */
static void expect(int line, char **col, int nc, const char *const *want, int nwant) {
    checks++;
    if (nc != nwant) {
        failures++;
        fprintf(stderr, "phoenix_out.c:%d: FAIL: %d columns, want %d\n", line, nc, nwant);
        return;
    }
    for (int i = 0; i < nwant; i++) {
        if (!want[i]) continue;
        checks++;
        if (strcmp(col[i], want[i]) != 0) {
            failures++;
            fprintf(stderr, "phoenix_out.c:%d: FAIL: column %d is \"%s\", want \"%s\"\n", line, i + 1, col[i], want[i]);
        }
    }
}

static const char text[] = "Belarus and Russia have laid a solid foundation.\n"
                           "Syrian rebels attacked\tthe\narmy of\n Turkey.";

static void test_columns(void) {
    dyad_article a;
    memset(&a, 0, sizeof a);
    a.id = "art1";
    a.date = "2023-06-28";
    a.title = "";
    a.text = text;
    a.text_len = sizeof text - 1;
    a.url = "http://example.org/a\tb";
    a.source = "example";
    a.lang = a.comment = a.origin = "";

    dyad_event ev[4];
    memset(ev, 0, sizeof ev);
    /* 0: BLRGOV -> RUS 030 */
    ev[0].sentence = 0;
    ev[0].sent_start = 0;
    ev[0].sent_end = 48;
    ev[0].source = (dyad_actor){"BLRGOV", 0, 7, NULL};
    ev[0].target = (dyad_actor){"RUS", 12, 18, NULL};
    ev[0].code = "030";
    ev[0].verb_start = 24;
    ev[0].verb_end = 28;
    /* 1: SYRREB -> TURMIL 190; text spans with tab and newlines */
    ev[1].sentence = 1;
    ev[1].sent_start = 49;
    ev[1].sent_end = sizeof text - 1;
    ev[1].source = (dyad_actor){"SYRREB", 49, 62, NULL};
    ev[1].target = (dyad_actor){"TURMIL", 72, 91, NULL};
    ev[1].code = "190";
    ev[1].verb_start = 63;
    ev[1].verb_end = 71;
    /* 2: no target, attributes, code with a Phoenix quad of 0 */
    ev[2] = ev[0];
    ev[2].source = (dyad_actor){"USAMILREBUAF", 0, 7, NULL};
    ev[2].target = (dyad_actor){NULL, 0, 0, NULL};
    ev[2].code = "010";
    /* 3: odd codes: not a country, an IGO, spans past the end */
    ev[3] = ev[0];
    ev[3].source = (dyad_actor){"KSVGOVX", 0, 999, NULL};
    ev[3].target = (dyad_actor){"IGOUNOKB", 5000, 6000, NULL};
    ev[3].code = "141";

    FILE *fp = tmpfile();
    CHECK(fp != NULL, "tmpfile");
    if (!fp) return;
    CHECK(dy_write_event_phoenix(fp, &a, &ev[0], 0, "DAMS,1;LIBRARIANS,2") == 0, "write 0");
    CHECK(dy_write_event_phoenix(fp, &a, &ev[1], 1, NULL) == 0, "write 1");
    CHECK(dy_write_event_phoenix(fp, &a, &ev[2], 2, "") == 0, "write 2");
    CHECK(dy_write_event_phoenix(fp, &a, &ev[3], 3, "A\tB") == 0, "write 3");
    CHECK(dy_write_events(fp, DY_OUT_PHOENIX26, &a, ev, 2) == 0, "write_events 26");
    CHECK(dy_write_events(fp, DY_OUT_PHOENIX, &a, ev, 1) == 0, "write_events 29");
    a.date = "";
    CHECK(dy_write_event_phoenix_cols(fp, &a, &ev[0], 0, "X,1", 0) == 0, "write no date");
    rewind(fp);

    char buf[4096], *col[MAXCOL];
    int nc;

    nc = read_cols(fp, buf, sizeof buf, col);
    const char *const w0[29] = {
        "art1-0-0", "20230628", "2023", "06", "28",                 /* 1-5 */
        "BLRGOV", "BLR", "GOV", "",                                 /* 6-9 */
        "RUS", "RUS", "", "",                                       /* 10-13 */
        "030", "03", "1", "4.0",                                    /* 14-17 */
        "DAMS,1;LIBRARIANS,2", "", "", "", "", "",                     /* 18-23 */
        "art1_1", "http://example.org/a b", "example",              /* 24-26 */
        "Belarus", "Russia", "laid"};                               /* 27-29 */
    expect(__LINE__, col, nc, w0, 29);

    nc = read_cols(fp, buf, sizeof buf, col);
    const char *const w1[29] = {
        "art1-1-1", "20230628", "2023", "06", "28",
        "SYRREB", "SYR", "REB", "",
        "TURMIL", "TUR", "MIL", "",
        "190", "19", "4", "-10.0",
        "", "", "", "", "", "",
        "art1_2", NULL, "example",
        "Syrian rebels", "the army of Turkey", "attacked"};
    expect(__LINE__, col, nc, w1, 29);

    nc = read_cols(fp, buf, sizeof buf, col);
    const char *const w2[29] = {
        "art1-0-2", NULL, NULL, NULL, NULL,
        "USAMILREBUAF", "USA", "MIL", "REB;UAF",
        "", "", "", "",
        "010", "01", "0", "0.0",
        "", "", "", "", "", "",
        "art1_1", NULL, NULL,
        "Belarus", "", "laid"};
    expect(__LINE__, col, nc, w2, 29);

    nc = read_cols(fp, buf, sizeof buf, col);
    const char *const w3[29] = {
        NULL, NULL, NULL, NULL, NULL,
        "KSVGOVX", "", "GOV", "X",   /* KSV is not one of Phoenix's countries */
        "IGOUNOKB", "IGO", "", "UNO;KB",
        "141", "14", "4", "-6.5",    /* protest: material conflict in Phoenix's classes */
        "A B", "", "", "", "", "",
        NULL, NULL, NULL,
        NULL, "", "laid"};
    expect(__LINE__, col, nc, w3, 29);
    CHECK(nc == 29 && strncmp(col[26], "Belarus and Russia", 18) == 0 && !strchr(col[26], '\n'),
          "span past the end: \"%s\"", nc == 29 ? col[26] : "");

    /* dy_write_events: 26 columns, empty issues */
    nc = read_cols(fp, buf, sizeof buf, col);
    const char *const w4[26] = {"art1-0-0", "20230628", "2023", "06", "28", "BLRGOV", "BLR", "GOV", "",
                                "RUS", "RUS", "", "", "030", "03", "1", "4.0", "", "", "", "", "", "",
                                "art1_1", "http://example.org/a b", "example"};
    expect(__LINE__, col, nc, w4, 26);
    nc = read_cols(fp, buf, sizeof buf, col);
    CHECK(nc == 26 && strcmp(col[0], "art1-1-1") == 0 && strcmp(col[13], "190") == 0, "second 26-column line");
    nc = read_cols(fp, buf, sizeof buf, col);
    CHECK(nc == 29 && strcmp(col[17], "") == 0 && strcmp(col[26], "Belarus") == 0, "write_events 29 columns");

    /* no date */
    nc = read_cols(fp, buf, sizeof buf, col);
    const char *const w5[26] = {"art1-0-0", "", "", "", "", "BLRGOV", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                "030", NULL, NULL, NULL, "X,1"};
    expect(__LINE__, col, nc, w5, 26);

    CHECK(read_cols(fp, buf, sizeof buf, col) == 0, "extra lines");
    fclose(fp);
}

/* Every root gets Phoenix's class and a Goldstein score. */
static void test_roots(void) {
    static const int quad[21] = {-1, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 3, 4, 4, 4, 4};
    dyad_article a;
    memset(&a, 0, sizeof a);
    a.id = a.date = a.title = a.url = a.source = a.lang = a.comment = a.origin = "";
    a.text = "";
    for (int r = 1; r <= 20; r++) {
        char code[16];
        snprintf(code, sizeof code, "%02d0", r);
        dyad_event e;
        memset(&e, 0, sizeof e);
        e.source.code = "USA";
        e.target.code = "CHN";
        e.code = code;
        FILE *fp = tmpfile();
        if (!fp) return;
        dy_write_event_phoenix(fp, &a, &e, 0, "");
        rewind(fp);
        char buf[1024], *col[MAXCOL];
        int nc = read_cols(fp, buf, sizeof buf, col);
        char root[16], q[16];
        snprintf(root, sizeof root, "%02d", r);
        snprintf(q, sizeof q, "%d", quad[r]);
        CHECK(nc == 29 && strcmp(col[14], root) == 0 && strcmp(col[15], q) == 0 && col[16][0],
              "root %02d: root \"%s\" quad \"%s\" goldstein \"%s\"", r, nc == 29 ? col[14] : "",
              nc == 29 ? col[15] : "", nc == 29 ? col[16] : "");
        fclose(fp);
    }
    /* an unknown code: no root, class or score */
    dyad_event e;
    memset(&e, 0, sizeof e);
    e.source.code = "USA";
    e.code = "---";
    FILE *fp = tmpfile();
    if (!fp) return;
    dy_write_event_phoenix(fp, &a, &e, 0, "");
    rewind(fp);
    char buf[1024], *col[MAXCOL];
    int nc = read_cols(fp, buf, sizeof buf, col);
    CHECK(nc == 29 && !strcmp(col[13], "---") && !col[14][0] && !col[15][0] && !col[16][0], "unknown code");
    fclose(fp);
}

int main(void) {
    test_columns();
    test_roots();
    printf("phoenix_out: %d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
