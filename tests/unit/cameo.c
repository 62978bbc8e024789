/* tests/unit/cameo.c — the CAMEO codebook (src/code/cameo.c, data/cameo.tsv).
 * argv[1] = source dir.  When the reference files are present (DYAD_SHARED,
 * else argv[1]/../shared), every CAMEO code must be in the table with the
 * Goldstein weight given there. */
#include "code/cameo.h"
#include "dyad.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static int quad_of_root(int root) {
    if (root >= 1 && root <= 5) return 1;
    if (root >= 6 && root <= 8) return 2;
    if (root >= 9 && root <= 13) return 3;
    if (root >= 14 && root <= 20) return 4;
    return -1;
}

static int near(double a, double b) { return fabs(a - b) < 1e-9; }

static void check_known(void) {
    const dyad_cameo *e = dyad_cameo_lookup("036");
    CHECK(e != NULL, "036 not found");
    if (e) {
        CHECK(strcmp(e->code, "036") == 0, "036: code is %s", e->code);
        CHECK(e->name && e->name[0], "036: empty name");
        CHECK(e->quad == 1, "036: quad %d, want 1", e->quad);
        CHECK(near(e->goldstein, 4.0), "036: goldstein %g, want 4.0", e->goldstein);
        CHECK(e->plover && e->plover_mode, "036: NULL plover fields");
        CHECK(e->plover_context && !strcmp(e->plover_context, "diplomatic"), "036: PLOVER context is not diplomatic");
    }
    e = dyad_cameo_lookup("190");
    CHECK(e != NULL, "190 not found");
    if (e) {
        CHECK(e->quad == 4, "190: quad %d, want 4", e->quad);
        CHECK(near(e->goldstein, -10.0), "190: goldstein %g, want -10.0", e->goldstein);
    }
    CHECK(dyad_cameo_lookup("1011") != NULL, "1011 not found");
    CHECK(dyad_cameo_lookup("01") != NULL, "root 01 not found");
    CHECK(dyad_cameo_lookup("20") != NULL, "root 20 not found");

    /* Exact code strings only. */
    const char *bad[] = {"", "0", "36", " 036", "036 ", "036\n", "0360", "999", "---", "21", "03a", "10111"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(dyad_cameo_lookup(bad[i]) == NULL, "lookup(\"%s\") should be NULL", bad[i]);
    CHECK(dyad_cameo_lookup(NULL) == NULL, "lookup(NULL) should be NULL");
}

static void check_root(void) {
    struct { const char *code; int root; } cases[] = {
        {"036", 3}, {"1011", 10}, {"01", 1}, {"20", 20}, {"2042", 20}, {"190", 19},
        {"---", -1}, {"", -1}, {"3", -1}, {"00", -1}, {"21", -1}, {"036 ", -1},
        {" 036", -1}, {"10111", -1}, {"1a", -1}, {"-10", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int r = dy_cameo_root(cases[i].code);
        CHECK(r == cases[i].root, "dy_cameo_root(\"%s\") = %d, want %d", cases[i].code, r, cases[i].root);
    }
    CHECK(dy_cameo_root(NULL) == -1, "dy_cameo_root(NULL) should be -1");
}

/* Number of data lines (not '#', not blank) in data/cameo.tsv. */
static long count_data_lines(const char *srcdir) {
    char path[4096];
    snprintf(path, sizeof path, "%s/data/cameo.tsv", srcdir);
    FILE *fp = fopen(path, "r");
    if (!fp) return -1;
    char line[1024];
    long n = 0;
    while (fgets(line, sizeof line, fp))
        if (line[0] != '#' && line[0] != '\n' && line[0] != '\r') n++;
    fclose(fp);
    return n;
}

static void check_table(const char *srcdir) {
    size_t n = 0;
    const dyad_cameo *t = dyad_cameo_table(&n);
    CHECK(t != NULL && n > 0, "empty table");
    if (!t) return;
    CHECK(n >= 300, "only %zu entries", n);
    long lines = count_data_lines(srcdir);
    if (lines >= 0) CHECK((long)n == lines, "table has %zu entries, data/cameo.tsv has %ld data lines", n, lines);
    size_t t2n = 0;
    CHECK(dyad_cameo_table(&t2n) == t && t2n == n, "second dyad_cameo_table call differs");
    for (size_t i = 0; i < n; i++) {
        const dyad_cameo *e = &t[i];
        int root = dy_cameo_root(e->code);
        CHECK(root > 0, "entry %zu: bad code \"%s\"", i, e->code);
        CHECK(e->quad == quad_of_root(root), "%s: quad %d, root %d wants %d", e->code, e->quad, root,
              quad_of_root(root));
        CHECK(e->name && e->name[0], "%s: empty name", e->code);
        CHECK(e->plover && e->plover_mode, "%s: NULL plover fields", e->code);
        CHECK(e->goldstein >= -10.0 && e->goldstein <= 10.0, "%s: goldstein %g out of range", e->code,
              e->goldstein);
        if (i > 0)
            CHECK(strcmp(t[i - 1].code, e->code) < 0, "table not sorted: \"%s\" before \"%s\"", t[i - 1].code,
                  e->code);
        CHECK(dyad_cameo_lookup(e->code) == e, "%s: lookup does not return its table entry", e->code);
        /* Every 3- and 4-digit code has its parent in the table. */
        if (strlen(e->code) > 2) {
            char parent[5];
            size_t pl = strlen(e->code) - 1;
            memcpy(parent, e->code, pl);
            parent[pl] = '\0';
            CHECK(dyad_cameo_lookup(parent) != NULL, "%s: parent %s missing", e->code, parent);
        }
    }
}

/* ------------------------------------------------- against ../shared */

#define REF_MAX 1024
static char ref_code[REF_MAX][8];
static double ref_weight[REF_MAX];
static size_t ref_nw;

static const double *weight_of(const char *code) {
    for (size_t i = 0; i < ref_nw; i++)
        if (strcmp(ref_code[i], code) == 0) return &ref_weight[i];
    return NULL;
}

/* The weight a code should carry: its own, else its nearest listed
 * ancestor's (4-digit -> 3-digit parent -> root). */
static const double *expected_weight(const char *code) {
    char buf[8];
    size_t n = strlen(code);
    if (n < 2 || n >= sizeof buf) return NULL;
    memcpy(buf, code, n + 1);
    for (size_t len = n; len >= 2; len--) {
        buf[len] = '\0';
        const double *w = weight_of(buf);
        if (w) return w;
    }
    return NULL;
}

static void check_reference(const char *srcdir) {
    char dir[4096], path[4200];
    const char *env = getenv("DYAD_SHARED");
    if (env && *env) snprintf(dir, sizeof dir, "%s/reference", env);
    else snprintf(dir, sizeof dir, "%s/../shared/reference", srcdir);

    snprintf(path, sizeof path, "%s/CAMEO.eventcodes.csv", dir);
    FILE *codes = fopen(path, "r");
    if (!codes) {
        printf("skip: ../shared absent\n");
        return;
    }
    snprintf(path, sizeof path, "%s/CAMEO.goldsteinscale.txt", dir);
    FILE *gs = fopen(path, "r");
    CHECK(gs != NULL, "%s missing", path);
    char line[1024];
    if (gs) {
        while (fgets(line, sizeof line, gs) && ref_nw < REF_MAX) {
            char c[16];
            double w;
            if (sscanf(line, "%15s %lf", c, &w) == 2 && strlen(c) < sizeof ref_code[0]) {
                strcpy(ref_code[ref_nw], c);
                ref_weight[ref_nw++] = w;
            }
        }
        fclose(gs);
        CHECK(ref_nw > 200, "read only %zu Goldstein weights", ref_nw);
    }
    size_t ncodes = 0;
    while (fgets(line, sizeof line, codes)) {
        char *comma = strchr(line, ',');
        if (!comma) continue;
        *comma = '\0';
        const char *code = line;
        ncodes++;
        const dyad_cameo *e = dyad_cameo_lookup(code);
        CHECK(e != NULL, "reference code %s not in the table", code);
        if (!e || !gs) continue;
        const double *w = expected_weight(code);
        CHECK(w != NULL, "no Goldstein weight for %s or its parents", code);
        if (w) CHECK(near(e->goldstein, *w), "%s: goldstein %g, reference %g", code, e->goldstein, *w);
    }
    fclose(codes);
    size_t n = 0;
    dyad_cameo_table(&n);
    CHECK(ncodes == n, "reference lists %zu codes, table has %zu", ncodes, n);
    printf("cameo: %zu reference codes checked\n", ncodes);
}

static int sector_checks(void) {
    int fails = 0;
    static const char *const cases[][2] = {{"BLRGOV", "government"}, {"RUS", "state"}, {"RUSMIL", "military"},
                                           {"IGOUNO", "igo"},       {"---GOV", "government"}, {"XYZ123", ""}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (strcmp(dyad_actor_sector(cases[i][0]), cases[i][1])) {
            printf("FAIL: sector of %s is '%s', want '%s'\n", cases[i][0], dyad_actor_sector(cases[i][0]), cases[i][1]);
            fails++;
        }
    const dyad_cameo *e = dyad_cameo_lookup("0311");
    if (!e || strcmp(e->plover_context, "economic")) { printf("FAIL: 0311 context\n"); fails++; }
    return fails;
}

int main(int argc, char **argv) {
    const char *srcdir = argc > 1 ? argv[1] : ".";
    check_root();
    check_known();
    check_table(srcdir);
    check_reference(srcdir);
    failures += sector_checks();
    if (failures) {
        fprintf(stderr, "cameo: %d check(s) failed\n", failures);
        return 1;
    }
    printf("cameo: ok\n");
    return 0;
}
