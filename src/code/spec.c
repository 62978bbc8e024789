/* spec.c — spec tests as data (`dyad spec FILE...`).
 *
 * A spec file is a list of cases:
 *
 *   === negation: "did not agree" is not an agreement (issue 2)
 *   date: 2023-06-28            optional; selects dated actor codes
 *   mode: tabari                optional; code as TABARI would
 *   text:
 *   Russia did not condemn Ukraine.
 *   events:
 *   none                        or one "SOURCE TARGET CODE" per line
 *
 * Lines before the first "===" and lines starting with "#" are comments.  The
 * text (one or more lines, an article) is coded with the built-in
 * dictionaries; the case passes when the set of (source, target, code)
 * equals the expected set.  A regression case carries the number of the
 * issue that found it in its title.
 */
#include "code/spec.h"
#include "code/coder.h"
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char src[64], tgt[64], code[16];
} sev;

typedef struct {
    char title[256];
    char date[16];
    int tabari;
    char *text;
    size_t len, cap;
    sev ev[64];
    int nev;
    int line;
} scase;

static void text_add(scase *k, const char *s) {
    size_t n = strlen(s);
    if (k->len + n + 2 > k->cap) {
        size_t nc = (k->len + n + 2) * 2;
        char *nt = realloc(k->text, nc);
        if (!nt) return;
        k->text = nt;
        k->cap = nc;
    }
    memcpy(k->text + k->len, s, n);
    k->len += n;
    k->text[k->len] = 0;
}

static int run_case(dyad_coder *c, scase *k, FILE *out, const char *path) {
    const dyad_event *ev;
    dy_coder_set_tabari(c, k->tabari);
    int n = dyad_code_text(c, k->text ? k->text : "", k->len, k->date, 0, &ev);
    if (n < 0) n = 0;
    int ok = 1;
    for (int i = 0; i < k->nev && ok; i++) {
        int f = 0;
        for (int j = 0; j < n && !f; j++)
            f = !strcmp(ev[j].source.code, k->ev[i].src) && !strcmp(ev[j].target.code, k->ev[i].tgt) &&
                !strcmp(ev[j].code, k->ev[i].code);
        ok = f;
    }
    for (int j = 0; j < n && ok; j++) {
        int f = 0;
        for (int i = 0; i < k->nev && !f; i++)
            f = !strcmp(ev[j].source.code, k->ev[i].src) && !strcmp(ev[j].target.code, k->ev[i].tgt) &&
                !strcmp(ev[j].code, k->ev[i].code);
        ok = f;
    }
    if (!ok) {
        fprintf(out, "FAIL %s:%d: %s\n  expected:", path, k->line, k->title);
        if (!k->nev) fprintf(out, " none");
        for (int i = 0; i < k->nev; i++) fprintf(out, " %s %s %s;", k->ev[i].src, k->ev[i].tgt, k->ev[i].code);
        fprintf(out, "\n  got:     ");
        if (!n) fprintf(out, " none");
        for (int j = 0; j < n; j++) fprintf(out, " %s %s %s;", ev[j].source.code, ev[j].target.code, ev[j].code);
        fprintf(out, "\n");
    }
    return ok;
}

int dy_spec_run(const dyad_dict *d, const char *path, FILE *out, int *passed, int *failed) {
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "dyad spec: %s: %s\n", path, strerror(errno));
        return -1;
    }
    dyad_coder *c = dyad_coder_new(d);
    scase k;
    memset(&k, 0, sizeof k);
    int in = 0, section = 0; /* 1 text, 2 events */
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    int lineno = 0, bad = 0;
    for (;;) {
        got = getline(&line, &cap, f);
        int eof = got < 0;
        if (!eof) lineno++;
        if (eof || !strncmp(line, "===", 3)) {
            if (in) {
                if (run_case(c, &k, out, path)) (*passed)++;
                else (*failed)++;
            }
            if (eof) break;
            free(k.text);
            memset(&k, 0, sizeof k);
            in = 1;
            section = 0;
            k.line = lineno;
            char *t = line + 3;
            while (*t == ' ' || *t == '=') t++;
            snprintf(k.title, sizeof k.title, "%.*s", (int)strcspn(t, "\r\n"), t);
            continue;
        }
        if (!in || line[0] == '#') continue;
        line[strcspn(line, "\r\n")] = 0;
        if (section != 1 && !strncmp(line, "date:", 5)) {
            char *v = line + 5;
            while (*v == ' ') v++;
            snprintf(k.date, sizeof k.date, "%s", v);
        } else if (section != 1 && !strncmp(line, "mode:", 5)) {
            k.tabari = strstr(line, "tabari") != NULL;
        } else if (!strcmp(line, "text:")) {
            section = 1;
        } else if (!strcmp(line, "events:")) {
            section = 2;
        } else if (section == 1) {
            text_add(&k, line);
            text_add(&k, "\n");
        } else if (section == 2) {
            char a[64], b[64], cd[16], extra[2];
            if (!line[0] || !strcmp(line, "none")) continue;
            /* exactly three fields, a code of digits: "A B 010; C D 011" on
             * one line is a mistake, not an event coded "010;" */
            if (sscanf(line, "%63s %63s %15s %1s", a, b, cd, extra) != 3 || strspn(cd, "0123456789") != strlen(cd) ||
                k.nev == 64) {
                fprintf(out, "%s:%d: expected 'SOURCE TARGET CODE' (one event per line) or 'none'\n", path, lineno);
                bad = 1;
                continue;
            }
            snprintf(k.ev[k.nev].src, sizeof k.ev[k.nev].src, "%s", a);
            snprintf(k.ev[k.nev].tgt, sizeof k.ev[k.nev].tgt, "%s", b);
            snprintf(k.ev[k.nev].code, sizeof k.ev[k.nev].code, "%s", cd);
            k.nev++;
        }
    }
    free(k.text);
    free(line);
    fclose(f);
    dyad_coder_free(c);
    if (bad) (*failed)++;
    return 0;
}
