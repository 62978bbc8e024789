/* validate.c — run a TABARI validation project (Validate.project): load the
 * dictionaries and options it names, code every record of its text file and
 * compare with the expected events written in the records' comments:
 *   { SRC / TGT / CODE }   an expected event (several per record)
 *   {+++}  {###}  {---}    complex, discarded, no event
 *   { OPTION: <command> }  an options command applied from here on
 *   -{ ... }               disabled expectation (ignored, as in TABARI)
 * A record passes when the set of coded events equals the expected set.
 * Records whose only expectations are disabled ('-{...}'), or that have none
 * (the FINAL-01 marker), state nothing to check; they are counted as passed
 * without comparison.
 * Standard records are those up to and including FINAL-01; `all` continues.
 */
#include "code/validate.h"
#include "code/coder.h"
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char src[64], tgt[64], code[16];
} xev;

static void trim(char *s) {
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) s[--n] = 0;
    size_t b = 0;
    while (s[b] && isspace((unsigned char)s[b])) b++;
    if (b) memmove(s, s + b, n - b + 1);
}

static void strip_spaces(char *s) {
    char *o = s;
    for (char *p = s; *p; p++) if (!isspace((unsigned char)*p)) *o++ = *p;
    *o = 0;
}

/* Parse expectations from the comment text.  Returns count of events;
 * sets *kind: 0 events, 1 complex, 2 discard, 3 no event, 4 option-only. */
static int parse_expected(const char *cm, xev *ev, int max, int *kind, char options[][256], int *nopt) {
    int n = 0;
    *kind = 0;
    *nopt = 0;
    int saw_event = 0, saw_special = 0;
    for (const char *p = cm; (p = strchr(p, '{'));) {
        const char *q = strchr(p, '}');
        if (!q && !strncmp(p + 1 + strspn(p + 1, " "), "OPTION:", 7)) {
            /* an option command whose closing brace was forgotten: up to the end */
            q = p + strlen(p);
            while (q > p && (q[-1] == '/' || q[-1] == '*' || q[-1] == ' ' || q[-1] == '\n')) q--;
        }
        if (!q) break;
        int disabled = p > cm && p[-1] == '-';
        char buf[512];
        size_t len = (size_t)(q - p - 1);
        if (len >= sizeof buf) len = sizeof buf - 1;
        memcpy(buf, p + 1, len);
        buf[len] = 0;
        p = *q ? q + 1 : q;
        if (disabled) { *kind = 5; continue; }
        trim(buf);
        if (!strncmp(buf, "OPTION:", 7)) {
            if (*nopt < 8) {
                snprintf(options[*nopt], 256, "%.255s", buf + 7);
                trim(options[*nopt]);
                (*nopt)++;
            }
            continue;
        }
        char tmp[512];
        snprintf(tmp, sizeof tmp, "%s", buf);
        strip_spaces(tmp);
        if (!strcmp(tmp, "+++")) { *kind = 1; saw_special = 1; continue; }
        if (!strcmp(tmp, "###")) { *kind = 2; saw_special = 1; continue; }
        if (!strcmp(tmp, "---") || !tmp[0]) { *kind = 3; saw_special = 1; continue; }
        char *s1 = strchr(tmp, '/');
        if (!s1) continue;
        char *s2 = strchr(s1 + 1, '/');
        if (!s2) continue;
        *s1 = *s2 = 0;
        if (n < max) {
            snprintf(ev[n].src, sizeof ev[n].src, "%.63s", tmp);
            snprintf(ev[n].tgt, sizeof ev[n].tgt, "%.63s", s1 + 1);
            snprintf(ev[n].code, sizeof ev[n].code, "%.15s", s2 + 1);
            n++;
        }
        saw_event = 1;
    }
    if (saw_event && saw_special && *kind == 1) *kind = 6; /* complex, or these events */
    else if (saw_event) *kind = 0;
    else if (!saw_special && *nopt) *kind = 4;
    else if (!saw_special && *kind == 5) *kind = 5; /* only disabled expectations: not checked */
    else if (!saw_special && !strchr(cm, '{')) *kind = 5; /* no expectation at all (FINAL-01) */
    else if (!saw_special) *kind = 3;
    return n;
}

static int project_field(const char *buf, const char *tag, char *out, size_t cap) {
    const char *p = strstr(buf, tag);
    if (!p) return 0;
    p += strlen(tag);
    while (*p == ' ' || *p == '\t') p++;
    size_t n = 0;
    while (p[n] && p[n] != '\n' && p[n] != '\r' && n + 1 < cap) n++;
    memcpy(out, p, n);
    out[n] = 0;
    trim(out);
    return out[0] != 0;
}

#define read_all dy_read_file

int dy_project_load(dyad_dict *d, const char *project, char *textfile, size_t cap, char *err, size_t errlen) {
    size_t len;
    char *pj = read_all(project, &len);
    if (!pj) {
        snprintf(err, errlen, "%s: %s", project, strerror(errno));
        return DYAD_EIO;
    }
    char dir[1024] = ".";
    const char *slash = strrchr(project, '/');
    if (slash) snprintf(dir, sizeof dir, "%.*s", (int)(slash - project), project);
    static const struct { const char *tag, *kind; } files[] = {
        {"<actorsfile>", "actors"}, {"<agentsfile>", "agents"}, {"<verbsfile>", "verbs"}, {"<optionsfile>", "options"}};
    char name[512], path[1600];
    int rc = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0] && !rc; i++) {
        if (!project_field(pj, files[i].tag, name, sizeof name)) continue;
        snprintf(path, sizeof path, "%s/%s", dir, name);
        rc = dyad_dict_load_file(d, path, files[i].kind, err, errlen);
    }
    if (textfile && cap) {
        textfile[0] = 0;
        if (!rc && project_field(pj, "<textfile>", name, sizeof name)) snprintf(textfile, cap, "%s/%s", dir, name);
    }
    free(pj);
    return rc;
}

int dy_validate_project(const char *project, FILE *out, int all, int verbose) {
    dyad_dict *d = dyad_dict_new();
    char err[1024], path[1600];
    if (dy_project_load(d, project, path, sizeof path, err, sizeof err)) {
        fprintf(stderr, "dyad validate: %s\n", err);
        dyad_dict_free(d);
        return 3;
    }
    if (!path[0]) {
        fprintf(stderr, "dyad validate: %s: no <textfile> line\n", project);
        dyad_dict_free(d);
        return 3;
    }
    dyad_dict_compile(d, err, sizeof err);
    FILE *tf = fopen(path, "rb");
    if (!tf) {
        fprintf(stderr, "dyad validate: %s: %s\n", path, strerror(errno));
        dyad_dict_free(d);
        return 3;
    }
    dyad_reader *r = dyad_reader_open(tf, path, DYAD_INPUT_TABARI);
    dyad_coder *c = dyad_coder_new(d);
    dy_coder_set_tabari(c, 1);
    dy_options opt = d->opt;
    if (!opt.min_words) opt.min_words = 8; /* TABARI's default MINIMUM WORDS */
    int forward = 0;
    char prevstory[128] = "";
    dy_coder_set_options(c, &opt);
    int passed = 0, failed = 0, rc, unchecked = 0, optrecs = 0;
    dyad_article a;
    xev ex[64];
    char options[8][256];
    while ((rc = dyad_reader_next(r, &a)) != 0) {
        if (rc < 0) {
            fprintf(out, "%s\n", dyad_reader_error(r));
            failed++;
            continue;
        }
        int kind, nopt;
        int nx = parse_expected(a.comment, ex, 64, &kind, options, &nopt);
        for (int k = 0; k < nopt; k++) {
            /* option records change the coder's options from here on */
            dyad_dict tmpd = *d;
            tmpd.opt = opt;
            dy_options_line(&tmpd, options[k], err, sizeof err);
            opt = tmpd.opt;
            if (strstr(options[k], "FORWARD")) forward = !strstr(options[k], "OFF");
        }
        if (kind == 4 || kind == 5) { /* option records; records with no live expectation */
            passed++;
            if (kind == 5) unchecked++;
            else optrecs++;
            if (!strcmp(a.id, "FINAL-01") && !all) break;
            continue;
        }
        /* FORWARD: records of one story (ids equal up to the last '-')
         * pass their first actor on to the next record's pronouns */
        char story[128];
        snprintf(story, sizeof story, "%s", a.id);
        char *dash = strrchr(story, '-');
        if (dash) *dash = 0;
        dy_coder_forward(c, forward && !strcmp(story, prevstory));
        snprintf(prevstory, sizeof prevstory, "%s", story);
        const dyad_event *ev;
        int n = dyad_code_text(c, a.text, a.text_len, a.date, 1, &ev);
        int st = dy_coder_status(c);
        int ok = 1;
        if (kind == 1) ok = (st & DY_ST_COMPLEX) != 0;
        else if (kind == 6 && (st & DY_ST_COMPLEX)) ok = 1; /* the record allows either */
        else if (kind == 2) ok = (st & DY_ST_DISCARD) != 0;
        else if (kind == 3) ok = n <= 0 && !(st & (DY_ST_COMPLEX | DY_ST_DISCARD));
        else {
            /* set equality */
            if (n < 0) n = 0;
            for (int i = 0; i < nx && ok; i++) {
                int f = 0;
                for (int j = 0; j < n && !f; j++)
                    f = !strcmp(ev[j].source.code, ex[i].src) && !strcmp(ev[j].target.code, ex[i].tgt) &&
                        !strcmp(ev[j].code, ex[i].code);
                if (!f) ok = 0;
            }
            for (int j = 0; j < n && ok; j++) {
                int f = 0;
                for (int i = 0; i < nx && !f; i++)
                    f = !strcmp(ev[j].source.code, ex[i].src) && !strcmp(ev[j].target.code, ex[i].tgt) &&
                        !strcmp(ev[j].code, ex[i].code);
                if (!f) ok = 0;
            }
            if (st & (DY_ST_COMPLEX | DY_ST_DISCARD)) ok = kind == 6 && (st & DY_ST_COMPLEX);
        }
        if (ok) passed++;
        else {
            failed++;
            fprintf(out, "FAIL %s (line %ld):", a.id, a.line);
            if (kind == 1) fprintf(out, " expected complex");
            else if (kind == 2) fprintf(out, " expected discard");
            else if (kind == 3) fprintf(out, " expected no event");
            else {
                fprintf(out, " expected");
                for (int i = 0; i < nx; i++) fprintf(out, " {%s/%s/%s}", ex[i].src, ex[i].tgt, ex[i].code);
            }
            fprintf(out, "; got");
            if (st & DY_ST_COMPLEX) fprintf(out, " complex (%s)", dy_coder_why(c));
            if (st & DY_ST_DISCARD) fprintf(out, " discard");
            if (n <= 0 && !st) fprintf(out, " no event");
            for (int j = 0; j < n; j++) fprintf(out, " {%s/%s/%s}", ev[j].source.code, ev[j].target.code, ev[j].code);
            fprintf(out, "\n");
            if (verbose) fprintf(out, "  text: %s\n", a.text);
        }
        if (!strcmp(a.id, "FINAL-01") && !all) break;
    }
    fprintf(out, "(%d option records applied; %d records with no live expectation counted as passed)\n", optrecs,
            unchecked);
    fprintf(out, "%d passed, %d failed\n", passed, failed);
    dyad_coder_free(c);
    dyad_reader_close(r);
    fclose(tf);
    dyad_dict_free(d);
    return failed ? 1 : 0;
}
