/* validate_petr.c — run a PETRARCH unit-test file (PETR.UnitTest.records.xml):
 * load the dictionaries its <Environment> names, code each <Sentence> and
 * compare with its <EventCoding> children.
 *
 *  <Environment>   <Verbfile> <Actorfile> <Agentfile> <Discardfile> (paths
 *                  relative to the XML file; a comma separates several),
 *                  <Include> categories: only records whose category is
 *                  listed are scored, <Exclude> categories: never scored.
 *                  Records not scored are skipped and not counted.
 *  <Config option=X value=Y>  between records: comma_min/max, comma_bmin/bmax,
 *                  comma_emin/emax set the COMMA limits (cmin/cmax, bmin/bmax,
 *                  emin/emax) from there on; other options are ignored (listed
 *                  once with --verbose).
 *  <Stop>, <Pause> outside <Environment>: end the run.
 *  <EventCoding sourcecode= targetcode= eventcode=>  an expected event;
 *  <EventCoding noevents="True">  no event expected;
 *  <EventCoding error="...">  PETRARCH reports an input error (dateline,
 *                  bad parse, discard); passes when dyad codes no event.
 * A record passes when the set of (source, target, code) dyad codes equals
 * the expected set.  Records with no <EventCoding> are not scored.  A record
 * that cannot be read (malformed XML, bad date) counts as failed, whatever
 * its category, since its category may be what is unreadable.  `all`
 * scores every record (no <Include>/<Exclude>) and reads past <Stop>.
 * Coding uses dyad's own rules, not the TABARI-compatible ones: PETRARCH is
 * not TABARI (it codes from a parse), and dyad's rules (agents over lists,
 * "soldiers from Gondor", negation...) are closer to it: 209 vs 203 passed
 * when this was written.  A sentence="false" record is coded as a story.
 */
#include "code/coder.h"
#include "code/validate.h"
#include "io/petrxml.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define slurp dy_read_file

/* Is word w (of a space-separated list) in list? */
static int in_list(const char *list, const char *w) {
    size_t wl = strlen(w);
    if (!wl || !list) return 0;
    for (const char *p = list; *p;) {
        while (*p == ' ' || *p == ',' || *p == '\t') p++;
        const char *e = p;
        while (*e && *e != ' ' && *e != ',' && *e != '\t') e++;
        if ((size_t)(e - p) == wl && !strncmp(p, w, wl)) return 1;
        p = e;
    }
    return 0;
}

enum { ENV_VERBS, ENV_ACTORS, ENV_AGENTS, ENV_DISCARDS, NENV };
static const char *const env_tag[NENV] = {"Verbfile", "Actorfile", "Agentfile", "Discardfile"};
static const char *const env_kind[NENV] = {"verbs", "actors", "agents", "discards"};
/* loaded in the order the TABARI project loader uses */
static const int load_order[NENV] = {ENV_ACTORS, ENV_AGENTS, ENV_VERBS, ENV_DISCARDS};

typedef struct {
    char *file[NENV];
    char *include, *exclude;
    int has_include;
} env;

static void dict_warn(void *ctx, const char *msg) {
    int *w = ctx;
    if (w[1]) fprintf(stderr, "dyad validate: warning: %s\n", msg);
    w[0]++;
}

/* Load the dictionaries the environment names. Returns 0 or prints and returns 3. */
static int load_dicts(dyad_dict *d, const env *ev, const char *xmlpath, int verbose) {
    char dir[1024] = ".";
    const char *slash = strrchr(xmlpath, '/');
    if (slash) snprintf(dir, sizeof dir, "%.*s", (int)(slash - xmlpath), xmlpath);
    int any = 0, warn[2] = {0, verbose};
    char err[1024], path[2200];
    dyad_dict_set_lenient(d, 1, dict_warn, warn);
    for (int i = 0; i < NENV; i++) {
        int k = load_order[i];
        const char *list = ev->file[k];
        if (!list) continue;
        for (const char *p = list; *p;) {
            while (*p == ' ' || *p == ',') p++;
            const char *e = strchr(p, ',');
            if (!e) e = p + strlen(p);
            size_t n = (size_t)(e - p);
            while (n && p[n - 1] == ' ') n--;
            if (n) {
                if (p[0] == '/') snprintf(path, sizeof path, "%.*s", (int)n, p);
                else snprintf(path, sizeof path, "%s/%.*s", dir, (int)n, p);
                if (dyad_dict_load_file(d, path, env_kind[k], err, sizeof err)) {
                    fprintf(stderr, "dyad validate: cannot load the %s dictionary named by <%s> in %s: %s\n",
                            env_kind[k], env_tag[k], xmlpath, err);
                    return 3;
                }
                any++;
            }
            p = e;
        }
    }
    if (!any) {
        fprintf(stderr, "dyad validate: %s: <Environment> names no dictionaries (<Verbfile>, <Actorfile>, ...)\n",
                xmlpath);
        return 3;
    }
    if (warn[0])
        fprintf(stderr, "dyad validate: warning: %d malformed dictionary line(s) skipped%s\n", warn[0],
                verbose ? "" : " (--verbose lists them)");
    if (dyad_dict_compile(d, err, sizeof err)) {
        fprintf(stderr, "dyad validate: %s\n", err);
        return 3;
    }
    return 0;
}

static const char *const comma_opt[6] = {"comma_min",  "comma_max",  "comma_bmin",
                                         "comma_bmax", "comma_emin", "comma_emax"};

static int *comma_field(dy_options *o, int i) {
    int *f[6] = {&o->cmin, &o->cmax, &o->bmin, &o->bmax, &o->emin, &o->emax};
    return f[i];
}

/* Index of a COMMA <Config> option, or -1. */
static int comma_index(const char *name) {
    for (int i = 0; i < 6; i++)
        if (!strcasecmp(name, comma_opt[i])) return i;
    return -1;
}

static int count_value(const char *s, int *out) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < 0 || v > 1000000) return -1;
    *out = (int)v;
    return 0;
}

typedef struct {
    const char *src, *tgt, *code;
} triple;

static int has_triple(const triple *t, int n, const triple *x) {
    for (int i = 0; i < n; i++)
        if (!strcmp(t[i].src, x->src) && !strcmp(t[i].tgt, x->tgt) && !strcmp(t[i].code, x->code)) return 1;
    return 0;
}

static void print_set(FILE *out, const triple *t, int n) {
    fputc('{', out);
    for (int i = 0; i < n; i++) fprintf(out, "%s%s/%s/%s", i ? ", " : "", t[i].src, t[i].tgt, t[i].code);
    fputc('}', out);
}

int dy_validate_petr(const char *xmlpath, FILE *out, int all, int verbose) {
    size_t len = 0;
    char *buf = slurp(xmlpath, &len);
    if (!buf) {
        fprintf(stderr, "dyad validate: %s: %s\n", xmlpath, strerror(errno));
        return 3;
    }
    dy_petr *p = dy_petr_open(buf, len, xmlpath, 1);
    free(buf);
    if (!p) {
        fprintf(stderr, "dyad validate: out of memory\n");
        return 3;
    }
    env ev;
    memset(&ev, 0, sizeof ev);
    dyad_dict *d = NULL;
    dyad_coder *c = NULL;
    dy_options opt;
    int pend_set[6] = {0}, pend_val[6] = {0}; /* <Config> before the first record */
    memset(&opt, 0, sizeof opt);
    char unknown[2048] = " ";
    int passed = 0, failed = 0, skipped = 0, unscored = 0, malformed = 0, rc = 0, stopped = 0;
    triple *exp = NULL, *got = NULL;
    int cap_exp = 0, cap_got = 0;
    dy_petr_item it;
    int k;
    while ((k = dy_petr_next(p, &it)) != 0) {
        if (k == DYAD_ENOMEM) {
            fprintf(stderr, "dyad validate: %s\n", dy_petr_error(p));
            rc = 3;
            break;
        }
        if (k < 0) {
            if (strstr(dy_petr_error(p), ": record ")) { /* a record we cannot read: a failure */
                fprintf(out, "FAIL %s\n", dy_petr_error(p));
                malformed++;
                failed++;
            } else {
                fprintf(out, "%s (ignored)\n", dy_petr_error(p));
            }
            continue;
        }
        if (it.kind == DY_PETR_ENV) {
            for (int i = 0; i < NENV; i++)
                if (!strcmp(it.name, env_tag[i])) {
                    free(ev.file[i]);
                    ev.file[i] = strdup(it.value);
                }
            if (!strcmp(it.name, "Include")) {
                free(ev.include);
                ev.include = strdup(it.value);
                ev.has_include = 1;
            } else if (!strcmp(it.name, "Exclude")) {
                free(ev.exclude);
                ev.exclude = strdup(it.value);
            }
            continue;
        }
        if (it.kind == DY_PETR_STOP) {
            if (all) continue;
            stopped = 1;
            if (verbose) fprintf(out, "<%s> on line %ld: end of the run\n", it.name, it.line);
            break;
        }
        if (it.kind == DY_PETR_CONFIG) {
            int i = comma_index(it.name), v;
            if (i >= 0 && count_value(it.value, &v) == 0) {
                if (c) { /* from here on */
                    *comma_field(&opt, i) = v;
                    dy_coder_set_options(c, &opt);
                } else { /* before the first record: over the dictionary's options */
                    pend_val[i] = v;
                    pend_set[i] = 1;
                }
            } else if (i >= 0) {
                if (verbose)
                    fprintf(out, "note: line %ld: <Config option=\"%s\" value=\"%s\">: not a count; ignored\n",
                            it.line, it.name, it.value);
            } else if (verbose) {
                char key[140];
                snprintf(key, sizeof key, " %s ", it.name);
                if (!strstr(unknown, key) && strlen(unknown) + strlen(key) < sizeof unknown) {
                    strcat(unknown, it.name);
                    strcat(unknown, " ");
                    fprintf(out, "note: <Config option=\"%s\"> is not used by dyad; ignored\n", it.name);
                }
            }
            continue;
        }
        /* a record */
        if (!d) {
            d = dyad_dict_new();
            if (!d) {
                fprintf(stderr, "dyad validate: out of memory\n");
                rc = 3;
                break;
            }
            if ((rc = load_dicts(d, &ev, xmlpath, verbose)) != 0) break;
            c = dyad_coder_new(d);
            if (!c) {
                fprintf(stderr, "dyad validate: out of memory\n");
                rc = 3;
                break;
            }
            dy_coder_set_tabari(c, 0);
            opt = d->opt;
            for (int i = 0; i < 6; i++)
                if (pend_set[i]) *comma_field(&opt, i) = pend_val[i];
            dy_coder_set_options(c, &opt);
        }
        if (!all && ((ev.has_include && !in_list(ev.include, it.category)) ||
                     (ev.exclude && in_list(ev.exclude, it.category)))) {
            skipped++;
            continue;
        }
        if (it.ncodings == 0) {
            unscored++;
            continue;
        }
        const char *error = NULL;
        int nexp = 0;
        if (cap_exp < it.ncodings) {
            triple *t = realloc(exp, (size_t)it.ncodings * sizeof *t);
            if (!t) {
                rc = 3;
                break;
            }
            exp = t;
            cap_exp = it.ncodings;
        }
        for (int i = 0; i < it.ncodings; i++) {
            const dy_petr_coding *e = &it.codings[i];
            if (e->error[0]) error = e->error;
            else if (e->code[0] || e->source[0] || e->target[0]) {
                triple t = {e->source, e->target, e->code};
                if (!has_triple(exp, nexp, &t)) exp[nexp++] = t;
            }
        }
        const dyad_event *evs;
        int n = dyad_code_text(c, it.text, it.text_len, it.date, it.one_sentence, &evs);
        if (n < 0) n = 0;
        if (cap_got < n) {
            triple *t = realloc(got, (size_t)n * sizeof *t);
            if (!t) {
                rc = 3;
                break;
            }
            got = t;
            cap_got = n;
        }
        int ngot = 0;
        for (int j = 0; j < n; j++) {
            triple t = {evs[j].source.code ? evs[j].source.code : "", evs[j].target.code ? evs[j].target.code : "",
                        evs[j].code ? evs[j].code : ""};
            if (!has_triple(got, ngot, &t)) got[ngot++] = t;
        }
        int ok;
        if (error) ok = ngot == 0;
        else {
            ok = nexp == ngot;
            for (int i = 0; i < nexp && ok; i++) ok = has_triple(got, ngot, &exp[i]);
        }
        if (ok) {
            passed++;
            if (verbose) fprintf(out, "ok %s\n", it.id);
            continue;
        }
        failed++;
        fprintf(out, "FAIL %s: expected ", it.id[0] ? it.id : "(no id)");
        print_set(out, exp, error ? 0 : nexp);
        fprintf(out, "; got ");
        print_set(out, got, ngot);
        if (error) fprintf(out, " (error record: %s)", error);
        fputc('\n', out);
        if (verbose) fprintf(out, "  %s:%ld: %s\n", xmlpath, it.line, it.text);
    }
    if (rc == 0 && !d) {
        /* no record at all: still say whether the dictionaries load */
        d = dyad_dict_new();
        rc = d ? load_dicts(d, &ev, xmlpath, verbose) : 3;
    }
    if (rc == 0) {
        fprintf(out, "(%d records skipped by <Include>/<Exclude>; %d records with no <EventCoding> not scored", skipped,
                unscored);
        if (malformed) fprintf(out, "; %d malformed records counted as failed", malformed);
        if (stopped) fprintf(out, "; stopped at <Stop>");
        fprintf(out, ")\n%d passed, %d failed\n", passed, failed);
        rc = failed ? 1 : 0;
    }
    free(exp);
    free(got);
    for (int i = 0; i < NENV; i++) free(ev.file[i]);
    free(ev.include);
    free(ev.exclude);
    dyad_coder_free(c);
    dyad_dict_free(d);
    dy_petr_close(p);
    return rc;
}
