/* options.c — the TABARI .options commands that change how dyad codes:
 * SET: CODE BY ..., COMPLEX: ..., COMMA: ..., DEFAULT: ..., SET: CONVERT
 * AGENT(S).  Output/labelling commands (LABEL, OUTPUT, FORWARD, SET: LABEL,
 * USAGE ...) are accepted and ignored: dyad's writers decide the output.
 */
#include "dict/dict.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dy_options_default(dy_options *o) {
    memset(o, 0, sizeof *o);
    o->cmin = 2;
    o->cmax = 10;
    o->emin = 2;
    o->emax = 10;
    o->bmin = 128;
    o->bmax = 0;
}

static int num_after(const char *s, const char *key, int *out) {
    const char *p = strstr(s, key);
    if (!p) return 0;
    p += strlen(key);
    while (*p == ' ' || *p == '=' || *p == '[' || *p == '\t') p++;
    if (!isdigit((unsigned char)*p)) return -1;
    *out = atoi(p);
    return 1;
}

/* find KEY as a whole word-ish token (not followed by a letter) */
static const char *word_in(const char *s, const char *key) {
    size_t k = strlen(key);
    for (const char *p = strstr(s, key); p; p = strstr(p + 1, key)) {
        if ((p == s || !isalpha((unsigned char)p[-1])) && !isalpha((unsigned char)p[k])) return p;
    }
    return NULL;
}

static const char *bracket_code(dyad_dict *d, const char *p) {
    const char *b = strchr(p, '[');
    if (!b) return NULL;
    const char *e = strchr(b, ']');
    if (!e) return NULL;
    b++;
    while (b < e && *b == ' ') b++;
    size_t n = (size_t)(e - b);
    while (n && b[n - 1] == ' ') n--;
    return dy_dict_strdup(d, b, n);
}

int dy_options_line(dyad_dict *d, const char *line, char *err, size_t errlen) {
    char s[1024];
    size_t n = 0;
    for (; line[n] && n + 1 < sizeof s; n++) s[n] = (char)toupper((unsigned char)line[n]);
    s[n] = 0;
    dy_options *o = &d->opt;
    char *c = s;
    while (*c == ' ' || *c == '\t') c++;
    if (!strncmp(c, "SET:", 4)) {
        if (strstr(c, "CODE BY SENT")) o->code_mode = 1;
        else if (strstr(c, "CODE BY CLAUSE")) o->code_mode = 0;
        else if (strstr(c, "CODE ALL")) o->code_mode = 2;
        else if (strstr(c, "CONVERT AGENT")) o->convert_agents = strstr(c, "TRUE") != NULL;
        else if (strstr(c, "TIME SHIFT")) o->time_shift = strstr(c, "TRUE") != NULL;
        else if (strstr(c, "MINIMUM WORDS")) {
            int v = 0;
            if (num_after(c, "MINIMUM WORDS", &v) > 0) o->min_words = v;
        }
        return 0;
    }
    if (!strncmp(c, "COMPLEX:", 8)) {
        o->cx_verbs = o->cx_actors = o->cx_pronouns = o->cx_conj = o->cx_comma = o->cx_lateverb = 0;
        if (num_after(c, "VERBS", &o->cx_verbs) < 0 || num_after(c, "ACTORS", &o->cx_actors) < 0 ||
            num_after(c, "PRONOUNS", &o->cx_pronouns) < 0 || num_after(c, "CONJ", &o->cx_conj) < 0 ||
            num_after(c, "LATEVERB", &o->cx_lateverb) < 0) {
            if (err) snprintf(err, errlen, "COMPLEX: a count in [...] is missing");
            return DYAD_EPARSE;
        }
        {
            const char *p = strstr(c, "COMMA");
            o->cx_comma = 0;
            if (p) num_after(p, "COMMA", &o->cx_comma);
        }
        o->cx_noactprior = word_in(c, "NOACTPRIOR") != NULL;
        o->cx_noactafter = word_in(c, "NOACTAFTER") != NULL;
        o->cx_noverb = word_in(c, "NOVERB") != NULL;
        o->cx_nosource = word_in(c, "NOSOURCE") != NULL;
        o->cx_notarget = word_in(c, "NOTARGET") != NULL;
        o->cx_noevent = word_in(c, "NOEVENT") != NULL;
        return 0;
    }
    if (!strncmp(c, "COMMA:", 6)) {
        if (strstr(c, "OFF")) { o->comma_off = 1; return 0; }
        o->comma_off = 0;
        /* keys: BMIN BMAX EMIN EMAX MIN MAX — match the prefixed ones first */
        const char *p;
        int v;
        char tmp[1024];
        snprintf(tmp, sizeof tmp, "%s", c);
        if ((p = strstr(tmp, "BMIN")) && num_after(p, "BMIN", &v) > 0) o->bmin = v, memset((char *)p, ' ', 4);
        if ((p = strstr(tmp, "BMAX")) && num_after(p, "BMAX", &v) > 0) o->bmax = v, memset((char *)p, ' ', 4);
        if ((p = strstr(tmp, "EMIN")) && num_after(p, "EMIN", &v) > 0) o->emin = v, memset((char *)p, ' ', 4);
        if ((p = strstr(tmp, "EMAX")) && num_after(p, "EMAX", &v) > 0) o->emax = v, memset((char *)p, ' ', 4);
        if ((p = strstr(tmp, "MIN")) && num_after(p, "MIN", &v) > 0) o->cmin = v;
        if ((p = strstr(tmp, "MAX")) && num_after(p, "MAX", &v) > 0) o->cmax = v;
        return 0;
    }
    if (!strncmp(c, "DEFAULT:", 8)) {
        if (strstr(c, "OFF")) {
            o->def_src = o->def_tgt = NULL;
            o->def_src_prior = o->def_tgt_after = 0;
            return 0;
        }
        const char *ps = strstr(c, "SOURCE"), *pt = strstr(c, "TARGET");
        o->def_src = o->def_tgt = NULL;
        o->def_src_prior = o->def_tgt_after = 0;
        if (ps) {
            o->def_src = bracket_code(d, ps);
            const char *pr = strstr(ps, "PRIOR");
            o->def_src_prior = pr && (!pt || pr < pt);
        }
        if (pt) {
            o->def_tgt = bracket_code(d, pt);
            o->def_tgt_after = strstr(pt, "AFTER") != NULL;
        }
        return 0;
    }
    return 0; /* LABEL:, OUTPUT:, FORWARD:, NONEVENTS:, ISSUES ... : not coding options */
}
