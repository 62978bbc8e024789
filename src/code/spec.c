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
 *   kg:                         optional: knowledge-graph checks, one a line,
 *                               "KEY VALUE | VALUE ..." (all must hold):
 *     place NAME | TYPE | CC | ADM1 [| LAT LON]   a location (ADM1 "-" for none;
 *                                                  coordinates within 0.3 degrees)
 *     no-place TEXT             no location was found for these words
 *     quotes N                  exactly N quotations
 *     quote SPEAKER | CODE [| VERB]  a quotation with this speaker ("-" code: none)
 *     all-quotes SPEAKER | CODE every quotation is this speaker's
 *     person NAME [| CODE]      a person
 *     no-person NAME            not a person
 *     org NAME                  an organisation
 *     theme CODE                a theme
 *     amount VALUE | OBJECT     an amount (OBJECT: the counted noun or currency)
 *     date TEXT | YYYY-MM-DD    a date mention resolved to this date
 *     tone positive|negative    the sign of the tone
 *     location SRC TGT CODE | PLACE | RULE   an event's place and the rule used
 *
 * Lines before the first "===" and lines starting with "#" are comments.  The
 * text (one or more lines, an article) is coded with the built-in
 * dictionaries; the case passes when the set of (source, target, code)
 * equals the expected set.  A regression case carries the number of the
 * issue that found it in its title.
 */
#include "code/spec.h"
#include "code/coder.h"
#include "kg/kg.h"
#include <math.h>
#include <ctype.h>
#include <strings.h>
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
    char kg[32][256];
    int kgline[32];
    int nkg;
    int has_events;
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

static int kg_check(const dy_kg *kg, const dy_kg_doc *doc, const dyad_event *ev, int nev, const char *spec, char *why,
                    size_t wl);
static const dy_kg *spec_kg;
static dy_kg_doc *spec_doc;

static int run_case(dyad_coder *c, scase *k, FILE *out, const char *path) {
    const dyad_event *ev;
    dy_coder_set_tabari(c, k->tabari);
    dy_coder_want_mentions(c, k->nkg > 0);
    int n = dyad_code_text(c, k->text ? k->text : "", k->len, k->date, 0, &ev);
    if (n < 0) n = 0;
    if (k->nkg) {
        if (!spec_kg) {
            fprintf(out, "FAIL %s:%d: %s\n  kg checks need the gazetteer index (dyad spec could not open it)\n", path, k->line,
                    k->title);
            return 0;
        }
        if (!spec_doc) spec_doc = dy_kg_doc_new();
        int kok = spec_doc && !dy_kg_analyze(spec_kg, c, k->text ? k->text : "", k->len, k->date, ev, n, spec_doc);
        for (int i = 0; i < k->nkg && kok; i++) {
            char why[1024];
            if (!kg_check(spec_kg, spec_doc, ev, n, k->kg[i], why, sizeof why)) {
                fprintf(out, "FAIL %s:%d: %s\n  %s\n  got: %s\n", path, k->kgline[i], k->title, k->kg[i], why);
                kok = 0;
            }
        }
        if (!kok) return 0;
        if (!k->has_events) return 1; /* a kg case without "events:" checks only the graph */
    }
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

/* split "KEY a | b | c" into key and up to 6 trimmed fields */
static int kg_fields(char *line, char **key, char **f, int max) {
    *key = line;
    char *sp = strchr(line, ' ');
    if (!sp) return 0;
    *sp = 0;
    int n = 0;
    for (char *p = sp + 1; p && n < max;) {
        while (*p == ' ') p++;
        char *bar = strstr(p, " | ");
        if (bar) *bar = 0;
        size_t l = strlen(p);
        while (l && p[l - 1] == ' ') p[--l] = 0;
        f[n++] = p;
        p = bar ? bar + 3 : NULL;
    }
    return n;
}

static int ieq(const char *a, const char *b) { return a && b && !strcasecmp(a, b); }

/* one kg check; returns 1 when it holds, else writes why into why */
static int kg_check(const dy_kg *kg, const dy_kg_doc *doc, const dyad_event *ev, int nev, const char *spec, char *why,
                    size_t wl) {
    char line[256], *key, *f[6];
    snprintf(line, sizeof line, "%s", spec);
    int n = kg_fields(line, &key, f, 6);
    const dy_gaz *g = dy_kg_gazetteer(kg);
    if (!strcmp(key, "place") && n >= 4) {
        if (!g) { snprintf(why, wl, "no gazetteer index"); return 0; }
        for (int i = 0; i < doc->n_locs; i++) {
            const gz_place *p = dy_gaz_place(g, doc->locs[i].place);
            char adm[12] = "-", cc[3] = "";
            if (p->adm1code[0]) snprintf(adm, sizeof adm, "%.2s-%.4s", p->cc, p->adm1code);
            snprintf(cc, sizeof cc, "%.2s", p->cc[0] ? p->cc : "-");
            size_t tl = doc->locs[i].end - doc->locs[i].start;
            int as_written = strlen(f[0]) == tl && !strncasecmp(doc->text + doc->locs[i].start, f[0], tl);
            if ((!ieq(dy_gaz_str(g, p->name), f[0]) && !as_written) || strcmp(dy_kg_type_name(p->type), f[1]) || strcmp(cc, f[2]) ||
                strcmp(adm, f[3]))
                continue;
            if (n >= 5) {
                double la, lo;
                if (sscanf(f[4], "%lf %lf", &la, &lo) != 2 || fabs(la - p->lat) > 0.3 || fabs(lo - p->lon) > 0.3) {
                    snprintf(why, wl, "%s is at %.2f %.2f", f[0], p->lat, p->lon);
                    return 0;
                }
            }
            return 1;
        }
        snprintf(why, wl, "locations:");
        for (int i = 0; i < doc->n_locs; i++) {
            const gz_place *p = dy_gaz_place(g, doc->locs[i].place);
            size_t o = strlen(why);
            snprintf(why + o, wl - o, " %s (%s %.2s %.2s-%.4s);", dy_gaz_str(g, p->name), dy_kg_type_name(p->type), p->cc,
                     p->cc, p->adm1code);
        }
        return 0;
    }
    if (!strcmp(key, "no-place") && n >= 1) {
        for (int i = 0; i < doc->n_lms; i++) {
            size_t l = doc->lms[i].end - doc->lms[i].start;
            if (strlen(f[0]) == l && !strncasecmp(doc->text + doc->lms[i].start, f[0], l)) {
                snprintf(why, wl, "'%s' was taken for %s", f[0], dy_gaz_str(g, dy_gaz_place(g, doc->lms[i].place)->name));
                return 0;
            }
        }
        return 1;
    }
    if (!strcmp(key, "quotes") && n >= 1) {
        if (doc->n_quotes == atoi(f[0])) return 1;
        snprintf(why, wl, "%d quotations", doc->n_quotes);
        return 0;
    }
    if (!strcmp(key, "all-quotes") && n >= 2) {
        for (int i = 0; i < doc->n_quotes; i++)
            if (!ieq(doc->quotes[i].speaker, f[0]) || !ieq(doc->quotes[i].speaker_code, f[1])) {
                snprintf(why, wl, "quotation %d (%.40s...) is by %s (%s)", i + 1, doc->quotes[i].text,
                         doc->quotes[i].speaker ? doc->quotes[i].speaker : "nobody",
                         doc->quotes[i].speaker_code ? doc->quotes[i].speaker_code : "-");
                return 0;
            }
        if (doc->n_quotes) return 1;
        snprintf(why, wl, "no quotations");
        return 0;
    }
    if (!strcmp(key, "quote") && n >= 2) {
        for (int i = 0; i < doc->n_quotes; i++) {
            const kg_quote *q = &doc->quotes[i];
            int codeok = !strcmp(f[1], "-") ? !q->speaker_code : ieq(q->speaker_code, f[1]);
            int spok = !strcmp(f[0], "-") ? !q->speaker : ieq(q->speaker, f[0]);
            if (spok && codeok && (n < 3 || ieq(q->verb, f[2]))) return 1;
        }
        snprintf(why, wl, "quotations:");
        for (int i = 0; i < doc->n_quotes; i++) {
            size_t o = strlen(why);
            snprintf(why + o, wl - o, " [%s | %s | %s]", doc->quotes[i].speaker ? doc->quotes[i].speaker : "-",
                     doc->quotes[i].speaker_code ? doc->quotes[i].speaker_code : "-", doc->quotes[i].verb ? doc->quotes[i].verb : "-");
        }
        return 0;
    }
    if ((!strcmp(key, "person") || !strcmp(key, "no-person") || !strcmp(key, "org")) && n >= 1) {
        int org = !strcmp(key, "org");
        const kg_entity *e = org ? doc->orgs : doc->persons;
        int ne = org ? doc->n_orgs : doc->n_persons, found = 0;
        for (int i = 0; i < ne && !found; i++)
            found = ieq(e[i].name, f[0]) && (n < 2 || ieq(e[i].code, f[1]));
        if (!strcmp(key, "no-person")) found = !found;
        if (found) return 1;
        snprintf(why, wl, "%s:", org ? "organizations" : "persons");
        for (int i = 0; i < ne; i++) {
            size_t o = strlen(why);
            snprintf(why + o, wl - o, " [%s | %s]", e[i].name, e[i].code ? e[i].code : "-");
        }
        return 0;
    }
    if (!strcmp(key, "theme") && n >= 1) {
        for (int i = 0; i < doc->n_themes; i++)
            if (!strcmp(doc->themes[i].theme, f[0])) return 1;
        snprintf(why, wl, "themes:");
        for (int i = 0; i < doc->n_themes; i++) {
            size_t o = strlen(why);
            snprintf(why + o, wl - o, " %s", doc->themes[i].theme);
        }
        return 0;
    }
    if (!strcmp(key, "amount") && n >= 2) {
        double v = strtod(f[0], NULL);
        for (int i = 0; i < doc->n_amounts; i++)
            if (fabs(doc->amounts[i].value - v) < 1e-6 * (fabs(v) + 1) &&
                (ieq(doc->amounts[i].object, f[1]) || ieq(doc->amounts[i].unit, f[1])))
                return 1;
        snprintf(why, wl, "amounts:");
        for (int i = 0; i < doc->n_amounts; i++) {
            size_t o = strlen(why);
            snprintf(why + o, wl - o, " [%g | %s%s]", doc->amounts[i].value, doc->amounts[i].object, doc->amounts[i].unit);
        }
        return 0;
    }
    if (!strcmp(key, "date") && n >= 2) {
        for (int i = 0; i < doc->n_dates; i++) {
            size_t l = doc->dates[i].end - doc->dates[i].start;
            if (strlen(f[0]) == l && !strncasecmp(doc->text + doc->dates[i].start, f[0], l) && !strcmp(doc->dates[i].date, f[1]))
                return 1;
        }
        snprintf(why, wl, "dates:");
        for (int i = 0; i < doc->n_dates; i++) {
            size_t o = strlen(why);
            snprintf(why + o, wl - o, " [%.*s | %s]", (int)(doc->dates[i].end - doc->dates[i].start),
                     doc->text + doc->dates[i].start, doc->dates[i].date);
        }
        return 0;
    }
    if (!strcmp(key, "tone") && n >= 1) {
        int pos = !strcmp(f[0], "positive");
        if (doc->tone.available && (pos ? doc->tone.tone > 0 : doc->tone.tone < 0)) return 1;
        snprintf(why, wl, "tone %.3f%s", doc->tone.tone, doc->tone.available ? "" : " (no lexicon)");
        return 0;
    }
    if (!strcmp(key, "location") && n >= 3) {
        char a[64], b[64], c[16];
        if (sscanf(f[0], "%63s %63s %15s", a, b, c) != 3) { snprintf(why, wl, "want 'location SRC TGT CODE | PLACE | RULE'"); return 0; }
        for (int i = 0; i < nev && i < doc->n_evlocs; i++) {
            if (strcmp(ev[i].source.code, a) || strcmp(ev[i].target.code ? ev[i].target.code : "---", b) || strcmp(ev[i].code, c))
                continue;
            const gz_place *p = g ? dy_gaz_place(g, doc->evlocs[i].place) : NULL;
            int named = p && ieq(dy_gaz_str(g, p->name), f[1]);
            for (int m = 0; m < doc->n_lms && p && !named; m++) { /* or as written in the text */
                size_t l = doc->lms[m].end - doc->lms[m].start;
                named = doc->lms[m].place == doc->evlocs[i].place && strlen(f[1]) == l &&
                        !strncasecmp(doc->text + doc->lms[m].start, f[1], l);
            }
            if (named && !strcmp(dy_kg_rule_name(doc->evlocs[i].rule), f[2])) return 1;
            snprintf(why, wl, "%s %s %s is at %s (%s)", a, b, c, p ? dy_gaz_str(g, p->name) : "nowhere",
                     dy_kg_rule_name(doc->evlocs[i].rule));
            return 0;
        }
        snprintf(why, wl, "no event %s %s %s", a, b, c);
        return 0;
    }
    snprintf(why, wl, "unknown check (see src/code/spec.c)");
    return 0;
}

void dy_spec_set_kg(const dy_kg *kg) { spec_kg = kg; }

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
            k.has_events = 1;
        } else if (!strcmp(line, "kg:")) {
            section = 3;
        } else if (section == 3) {
            if (!line[0]) continue;
            if (k.nkg == 32 || !strchr(line, ' ')) {
                fprintf(out, "%s:%d: expected a check 'KEY VALUE' (at most 32 a case)\n", path, lineno);
                bad = 1;
                continue;
            }
            snprintf(k.kg[k.nkg], sizeof k.kg[0], "%s", line);
            k.kgline[k.nkg++] = lineno;
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
    dy_kg_doc_free(spec_doc);
    spec_doc = NULL;
    if (bad) (*failed)++;
    return 0;
}
