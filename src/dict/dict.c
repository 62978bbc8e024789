/* dict.c — reading TABARI-language dictionaries (.actors, .agents, .verbs,
 * .options) into a dyad_dict, and the word index the matcher uses.
 *
 * Decisions (see TABARI manual ch. 5-6, 8):
 *  - One phrase language for every file; blanks allow intervening words, '_'
 *    and '~' require adjacency, '_'/'=' after a word make it exact.  Hyphens
 *    become '_' as in TABARI >= 0.7.3.
 *  - Dates may be 6-digit TABARI dates (YY < 31 -> 20YY) or 8-digit YYYYMMDD:
 *    dyad's own dictionaries use 8 digits, so they have no 2030 pivot.
 *  - Errors stop the load and name file and line; nothing is interactive.
 *    Unknown '<SECTION>' tags are errors, not silently skipped text.
 */
#include "dict/dict.h"
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

/* ---------------------------------------------------------------- arena */

void *dy_dict_alloc(dyad_dict *d, size_t n) {
    n = (n + 15) & ~(size_t)15;
    if (!d->nblocks || d->blockused + n > d->blocksize) {
        size_t sz = n > 65536 ? n : 65536;
        if (d->nblocks == d->capblocks) {
            size_t nc = d->capblocks ? d->capblocks * 2 : 16;
            char **nb = realloc(d->blocks, nc * sizeof *nb);
            if (!nb) return NULL;
            d->blocks = nb;
            d->capblocks = nc;
        }
        char *b = calloc(1, sz);
        if (!b) return NULL;
        d->blocks[d->nblocks++] = b;
        d->blocksize = sz;
        d->blockused = 0;
    }
    void *p = d->blocks[d->nblocks - 1] + d->blockused;
    d->blockused += n;
    return p;
}

const char *dy_dict_strdup(dyad_dict *d, const char *s, size_t n) {
    char *p = dy_dict_alloc(d, n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

static const char *dy_memmem(const char *h, size_t hn, const char *n, size_t nn) {
    if (nn == 0) return h;
    for (size_t i = 0; i + nn <= hn; i++)
        if (h[i] == n[0] && !memcmp(h + i, n, nn)) return h + i;
    return NULL;
}

/* ---------------------------------------------------------------- folding */

size_t dy_fold(const char *s, size_t n, char *out, size_t outcap) {
    size_t o = 0;
    int ascii = 1;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80) { ascii = 0; break; }
    if (ascii) {
        for (size_t i = 0; i < n && o + 1 < outcap; i++) out[o++] = (char)tolower((unsigned char)s[i]);
        out[o] = 0;
        return o;
    }
    /* Russian: ASCII and the 66 letters of the Russian alphabet are folded
     * here as utf8proc folds them (lowercase; marks stripped, so Ё/ё -> е,
     * Й/й -> и); any other character takes the general path below.  This is
     * most of the time spent coding Russian text otherwise. */
    {
        size_t i = 0, k = 0;
        char tmp[256];
        while (i < n && k + 2 < sizeof tmp) {
            unsigned char c = (unsigned char)s[i];
            if (c < 0x80) { tmp[k++] = (char)tolower(c); i++; continue; }
            if (i + 1 >= n) break;
            unsigned char d = (unsigned char)s[i + 1];
            unsigned cp;
            if (c == 0xD0 && d >= 0x90 && d <= 0xBF) cp = 0x400 + (d - 0x80);      /* А..я (U+0410-043F) */
            else if (c == 0xD1 && d >= 0x80 && d <= 0x8F) cp = 0x440 + (d - 0x80); /* р..я (U+0440-044F) */
            else if ((c == 0xD0 && d == 0x81) || (c == 0xD1 && d == 0x91)) cp = 0x451; /* Ё ё */
            else break;
            if (cp >= 0x410 && cp <= 0x42F) cp += 0x20; /* uppercase -> lowercase */
            if (cp == 0x451) cp = 0x435;                /* ё -> е */
            if (cp == 0x439) cp = 0x438;                /* й -> и */
            tmp[k++] = (char)(0xC0 | (cp >> 6));
            tmp[k++] = (char)(0x80 | (cp & 0x3F));
            i += 2;
        }
        if (i == n) {
            for (size_t q = 0; q < k && o + 1 < outcap; q++) out[o++] = tmp[q];
            out[o] = 0;
            return o;
        }
    }
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &m,
                                      UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
    if (r < 0) { /* invalid: fall back to ASCII lowering */
        for (size_t i = 0; i < n && o + 1 < outcap; i++) out[o++] = (char)tolower((unsigned char)s[i]);
    } else {
        for (utf8proc_ssize_t i = 0; i < r && o + 1 < outcap; i++) {
            unsigned char c = m[i];
            /* Turkish dotless i (U+0131 C4 B1) has no case fold to i: do it */
            if (c == 0xC4 && i + 1 < r && m[i + 1] == 0xB1) {
                out[o++] = 'i';
                i += 1;
                continue;
            }
            /* typographic apostrophe (U+2019 E2 80 99) -> ' */
            if (c == 0xE2 && i + 2 < r && m[i + 1] == 0x80 && (m[i + 2] == 0x99 || m[i + 2] == 0x98)) {
                out[o++] = '\'';
                i += 2;
                continue;
            }
            out[o++] = (char)c;
        }
    }
    free(m);
    out[o] = 0;
    return o;
}

/* ---------------------------------------------------------------- errors */

typedef struct {
    dyad_dict *d;
    const char *file;
    int line;
    char *err;
    size_t errlen;
    int verbs; /* '&' names a synset only in .verbs files */
    int synlen; /* PETRARCH patterns: a synset counts as its longest member */
} rd;

static int fail(rd *r, const char *fmt, ...) {
    if (r->err && r->errlen) {
        int k = snprintf(r->err, r->errlen, "%s:%d: ", r->file, r->line);
        if (k < 0) k = 0;
        if ((size_t)k < r->errlen) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(r->err + k, r->errlen - (size_t)k, fmt, ap);
            va_end(ap);
        }
    }
    return DYAD_EPARSE;
}

/* ---------------------------------------------------------------- phrases */

static int find_synset(dyad_dict *d, const char *name, size_t n) {
    for (int i = 0; i < d->nsyn; i++)
        if (strlen(d->syn[i].name) == n && memcmp(d->syn[i].name, name, n) == 0) return i;
    return -1;
}

/* Parse a phrase from s[0..n).  Grammar: items separated by blanks; an item
 * is a run of words/tokens joined by '_' or '~'.  '{ a | b }' alternatives.
 * endings: END_* applied to the final word (roots only). */
static int parse_phrase(rd *r, const char *s, size_t n, dy_phrase *ph, int endings, int depth);

static int push_el(rd *r, dy_el **el, int *nel, int *cap, dy_el e) {
    if (*nel == *cap) {
        int nc = *cap ? *cap * 2 : 8;
        dy_el *ne = realloc(*el, (size_t)nc * sizeof *ne);
        if (!ne) return fail(r, "out of memory");
        *el = ne;
        *cap = nc;
    }
    (*el)[(*nel)++] = e;
    return 0;
}

static int parse_phrase(rd *r, const char *s, size_t n, dy_phrase *ph, int endings, int depth) {
    dy_el *el = NULL;
    int nel = 0, cap = 0, rc = 0;
    size_t i = 0;
    int length = 0;
    char fold[512];
    if (depth > 4) return fail(r, "alternatives nested too deeply");
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
        if (i >= n) break;
        if (s[i] == '{') { /* alternatives */
            size_t j = i + 1;
            int lvl = 1;
            while (j < n && lvl) {
                if (s[j] == '{') lvl++;
                else if (s[j] == '}') lvl--;
                if (lvl) j++;
            }
            if (lvl) { rc = fail(r, "unbalanced '{' in pattern"); goto out; }
            dy_el e = {0};
            e.kind = EL_ALT;
            /* split at top-level '|' */
            size_t a = i + 1, k = i + 1;
            int l2 = 0, cnt = 0;
            dy_phrase alts[32];
            for (; k <= j; k++) {
                if (k < j && s[k] == '{') l2++;
                if (k < j && s[k] == '}') l2--;
                if (k == j || (s[k] == '|' && l2 == 0)) {
                    if (cnt == 32) { rc = fail(r, "too many alternatives"); goto out; }
                    memset(&alts[cnt], 0, sizeof alts[cnt]);
                    if ((rc = parse_phrase(r, s + a, k - a, &alts[cnt], END_NONE, depth + 1))) goto out;
                    if (alts[cnt].n == 0) { rc = fail(r, "empty alternative in '{...}'"); goto out; }
                    cnt++;
                    a = k + 1;
                }
            }
            e.alt = dy_dict_alloc(r->d, (size_t)cnt * sizeof *e.alt);
            memcpy(e.alt, alts, (size_t)cnt * sizeof *e.alt);
            e.nalt = cnt;
            int maxl = 0;
            for (int q = 0; q < cnt; q++) if (alts[q].length > maxl) maxl = alts[q].length;
            length += maxl;
            i = j + 1;
            if (i < n && (s[i] == '_' || s[i] == '~')) { e.consec = 1; i++; }
            if ((rc = push_el(r, &el, &nel, &cap, e))) goto out;
            continue;
        }
        if (s[i] == '}' || s[i] == '|') { rc = fail(r, "unexpected '%c' in pattern", s[i]); goto out; }
        /* one word or token up to a connector or blank */
        size_t j = i;
        while (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != '_' && s[j] != '~' && s[j] != '{') j++;
        dy_el e = {0};
        size_t wl = j - i;
        if (wl == 1 && strchr("*$+%^", s[i])) {
            e.kind = s[i] == '*' ? EL_VERB : s[i] == '$' ? EL_SRC : s[i] == '+' ? EL_TGT : s[i] == '%' ? EL_COMP : EL_SKIP;
        } else if (s[i] == '&' && r->verbs) {
            int sy = find_synset(r->d, s + i, wl);
            if (sy < 0) { rc = fail(r, "unknown synset '%.*s'", (int)wl, s + i); goto out; }
            e.kind = EL_SYNSET;
            e.synset = sy;
            if (r->synlen) {
                int maxl = 0;
                for (int q = 0; q < r->d->syn[sy].nalt; q++)
                    if (r->d->syn[sy].alt[q].length > maxl) maxl = r->d->syn[sy].alt[q].length;
                length += maxl;
                e.synlen = maxl;
            }
            /* a synset adds nothing to the pattern's length, as in TABARI
             * (SYNSET-07 of its validation suite depends on it): order the
             * more specific synset patterns first within a verb instead */
        } else if (wl == 0) { /* stray connector */
            i = j + 1;
            continue;
        } else {
            e.kind = EL_WORD;
            int eq = 0;
            size_t wl2 = wl;
            if (wl2 && s[i + wl2 - 1] == '=') { eq = 1; wl2--; }
            size_t fl = dy_fold(s + i, wl2, fold, sizeof fold);
            if (fl == 0) { i = j + 1; continue; }
            e.word = dy_dict_strdup(r->d, fold, fl);
            e.len = (uint16_t)fl;
            if (eq) e.exact = 1;
            for (size_t q = 0; q < fl; q++) if (isalnum((unsigned char)fold[q]) || (unsigned char)fold[q] >= 0x80) length++;
        }
        i = j;
        if (i < n && (s[i] == '_' || s[i] == '~')) {
            if (s[i] == '_' && e.kind == EL_WORD) e.exact = 1;
            i++;
            if (i < n && s[i] != ' ' && s[i] != '\t') e.consec = 1;
        }
        if ((rc = push_el(r, &el, &nel, &cap, e))) goto out;
    }
    /* regular endings on the final word of a root */
    if (nel && endings && el[nel - 1].kind == EL_WORD && el[nel - 1].exact) {
        const char *w = el[nel - 1].word;
        size_t wl = el[nel - 1].len;
        /* '=' suppresses endings: marked by a trailing '=' in the source; we
         * detect it by re-scanning the raw text end. */
        size_t e2 = n;
        while (e2 && (s[e2 - 1] == ' ' || s[e2 - 1] == '\t')) e2--;
        if (!(e2 && s[e2 - 1] == '=')) el[nel - 1].endings = (uint8_t)endings;
        (void)w;
        (void)wl;
    }
    ph->el = dy_dict_alloc(r->d, (size_t)(nel ? nel : 1) * sizeof *ph->el);
    if (nel) memcpy(ph->el, el, (size_t)nel * sizeof *el);
    ph->n = nel;
    ph->length = length;
out:
    free(el);
    return rc;
}

/* ---------------------------------------------------------------- dates & codes */

/* 6-digit YYMMDD (YY <= 30 -> 20YY) or 8-digit YYYYMMDD -> yyyymmdd; -1 bad */
static int parse_date(const char *s, size_t n) {
    if (n != 6 && n != 8) return -1;
    for (size_t i = 0; i < n; i++) if (!isdigit((unsigned char)s[i])) return -1;
    int v = atoi(s);
    char buf[9];
    memcpy(buf, s, n);
    buf[n] = 0;
    v = atoi(buf);
    int y, m, d;
    if (n == 6) {
        y = v / 10000;
        y += y <= 30 ? 2000 : 1900;
        m = v / 100 % 100;
        d = v % 100;
    } else {
        y = v / 10000;
        m = v / 100 % 100;
        d = v % 100;
    }
    if (m < 1 || m > 12 || d < 1 || d > 31) return -1;
    return y * 10000 + m * 100 + d;
}

const char *dy_code_for_date(const dy_code *c, int n, int date) {
    const char *def = NULL;
    int restricted = 0;
    for (int i = 0; i < n; i++) {
        if (!c[i].lo && !c[i].hi) {
            if (!def) def = c[i].code;
            continue;
        }
        restricted = 1;
        if (date && (!c[i].lo || date >= c[i].lo) && (!c[i].hi || date <= c[i].hi)) return c[i].code;
    }
    if (def) return def;
    return restricted ? "---" : NULL;
}

/* Parse "[CODE]" blocks in s: actor/agent codes with optional date
 * restrictions.  Appends to *codes. */
static int parse_codes(rd *r, const char *s, size_t n, dy_code **codes, int *ncodes) {
    size_t i = 0;
    while (i < n) {
        while (i < n && s[i] != '[') {
            if (s[i] != ' ' && s[i] != '\t') return fail(r, "unexpected text '%.*s' after code", (int)(n - i), s + i);
            i++;
        }
        if (i >= n) break;
        size_t j = i + 1;
        while (j < n && s[j] != ']') j++;
        if (j >= n) return fail(r, "missing ']'");
        /* content: CODE [date] ; strip blanks */
        char buf[256];
        size_t bl = 0;
        for (size_t k = i + 1; k < j && bl + 1 < sizeof buf; k++) buf[bl++] = s[k];
        buf[bl] = 0;
        /* code is the first blank-delimited token, except the null code
         * which may be written "- - -" */
        char *p = buf;
        while (*p == ' ' || *p == '\t') p++;
        dy_code c = {0};
        char code[128];
        size_t cl = 0;
        if (p[0] == '-' && (p[1] == ' ' || p[1] == '-')) { /* null code */
            int dashes = 0;
            while (*p == '-' || *p == ' ') { if (*p == '-') dashes++; p++; if (dashes == 3) break; }
            strcpy(code, "---");
            cl = 3;
        } else {
            while (*p && *p != ' ' && *p != '\t' && *p != '<' && *p != '>' && cl + 1 < sizeof code) {
                /* a date range glued to the code? stop at digit run of 6+ after letters: rare; ignore */
                code[cl++] = *p++;
            }
            code[cl] = 0;
        }
        if (cl == 0) return fail(r, "no code in '[...]'");
        while (*p == ' ' || *p == '\t') p++;
        if (*p) {
            /* date restriction: <D, >D, D-D */
            char *q = p;
            char tmp[64];
            size_t tl = 0;
            for (; *q && tl + 1 < sizeof tmp; q++) if (*q != ' ' && *q != '\t') tmp[tl++] = *q;
            tmp[tl] = 0;
            if (tmp[0] == '<' || tmp[0] == '>') {
                int dt = parse_date(tmp + 1, strlen(tmp + 1));
                if (dt < 0) return fail(r, "bad date restriction '%s' (want YYMMDD or YYYYMMDD)", tmp);
                if (tmp[0] == '<') c.hi = dt;
                else c.lo = dt;
            } else {
                char *dash = strchr(tmp, '-');
                if (!dash) return fail(r, "bad date restriction '%s'", tmp);
                int a = parse_date(tmp, (size_t)(dash - tmp)), b = parse_date(dash + 1, strlen(dash + 1));
                if (a < 0 || b < 0) return fail(r, "bad date range '%s' (want YYMMDD-YYMMDD)", tmp);
                c.lo = a;
                c.hi = b;
            }
        }
        c.code = dy_dict_strdup(r->d, code, cl);
        dy_code *nc = realloc(*codes, (size_t)(*ncodes + 1) * sizeof *nc);
        if (!nc) return fail(r, "out of memory");
        *codes = nc;
        nc[(*ncodes)++] = c;
        i = j + 1;
    }
    return 0;
}

/* ---------------------------------------------------------------- roots */

static int add_root(rd *r, const dy_phrase *ph, int type, dy_code *codes, int ncodes, dy_verb *v,
                    const char *name, size_t namelen) {
    dyad_dict *d = r->d;
    if (d->nroots == d->caproots) {
        int nc = d->caproots ? d->caproots * 2 : 1024;
        dy_root *nr = realloc(d->roots, (size_t)nc * sizeof *nr);
        if (!nr) return fail(r, "out of memory");
        d->roots = nr;
        d->caproots = nc;
    }
    dy_root *rt = &d->roots[d->nroots++];
    memset(rt, 0, sizeof *rt);
    rt->ph = *ph;
    rt->type = (uint8_t)type;
    if (ncodes) {
        rt->codes = dy_dict_alloc(d, (size_t)ncodes * sizeof *codes);
        memcpy(rt->codes, codes, (size_t)ncodes * sizeof *codes);
        rt->ncodes = ncodes;
    }
    rt->verb = v;
    rt->name = dy_dict_strdup(d, name, namelen);
    rt->line = r->line;
    rt->file = r->file;
    d->compiled = 0;
    return 0;
}

static int valid_root(rd *r, const dy_phrase *ph) {
    if (ph->n == 0) return fail(r, "empty phrase");
    if (ph->el[0].kind != EL_WORD) return fail(r, "phrase must begin with a word");
    for (int i = 0; i < ph->n; i++)
        if (ph->el[i].kind != EL_WORD) return fail(r, "only words are allowed in this phrase");
    return 0;
}

/* Split "PHRASE [codes] ; comment" into phrase and code parts.  Comments
 * start at ';' outside brackets. */
static void split_line(const char *s, size_t n, size_t *phend, size_t *codestart, size_t *end) {
    size_t i = 0, e = n;
    int br = 0;
    for (i = 0; i < n; i++) {
        if (s[i] == '[') br++;
        else if (s[i] == ']') br--;
        else if ((s[i] == ';' || (s[i] == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == ']'))) &&
                 br <= 0) {
            e = i; /* ';' (TABARI) or ' #' (PETRARCH) starts a comment */
            break;
        }
    }
    while (e && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) e--;
    size_t b = 0;
    while (b < e && s[b] != '[') b++;
    *codestart = b;
    size_t pe = b;
    while (pe && (s[pe - 1] == ' ' || s[pe - 1] == '\t')) pe--;
    *phend = pe;
    *end = e;
}

static void hyphen_to_underscore(char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] == '-' && i + 1 < n && s[i + 1] != '-' && i > 0 && s[i - 1] != ' ' && s[i - 1] != '-') s[i] = '_';
}

/* ---------------------------------------------------------------- verbs */

static int parse_verb_code(rd *r, const char *s, size_t n, const char **code, const char **code2, int *flags) {
    /* [042] [042:043] [---] [023?] [111!] [:173] */
    size_t i = 0;
    while (i < n && s[i] != '[') i++;
    if (i >= n) return fail(r, "missing code '[...]'");
    size_t j = i + 1;
    while (j < n && s[j] != ']') j++;
    if (j >= n) return fail(r, "missing ']'");
    char buf[64];
    size_t bl = 0;
    for (size_t k = i + 1; k < j && bl + 1 < sizeof buf; k++)
        if (s[k] != ' ' && s[k] != '\t') buf[bl++] = s[k];
    buf[bl] = 0;
    *flags = 0;
    while (bl && (buf[bl - 1] == '?' || buf[bl - 1] == '!')) {
        *flags |= buf[bl - 1] == '?' ? VC_SUB : VC_DOM;
        buf[--bl] = 0;
    }
    if (bl == 0) return fail(r, "no code in '[...]'");
    char *colon = strchr(buf, ':');
    *code2 = NULL;
    if (colon) {
        *colon = 0;
        *code = colon == buf ? NULL : dy_dict_strdup(r->d, buf, strlen(buf));
        *code2 = dy_dict_strdup(r->d, colon + 1, strlen(colon + 1));
        if (!*code) *code = dy_dict_strdup(r->d, "---", 3), *flags |= 0;
    } else {
        *code = dy_dict_strdup(r->d, buf, bl);
    }
    /* anything after ']' other than blanks is an error */
    for (size_t k = j + 1; k < n; k++)
        if (s[k] != ' ' && s[k] != '\t') return fail(r, "unexpected text after code: '%.*s'", (int)(n - k), s + k);
    return 0;
}

static int add_pattern(rd *r, dy_verb *v, const char *s, size_t n) {
    size_t phend, cs, e;
    split_line(s, n, &phend, &cs, &e);
    if (cs >= e) return fail(r, "pattern without a code '[...]'");
    char buf[2048];
    if (phend >= sizeof buf) return fail(r, "pattern too long");
    memcpy(buf, s, phend);
    hyphen_to_underscore(buf, phend);
    dy_pattern p = {0};
    int rc = parse_phrase(r, buf, phend, &p.ph, END_NONE, 0);
    if (rc) return rc;
    int nv = 0;
    for (int i = 0; i < p.ph.n; i++)
        if (p.ph.el[i].kind == EL_VERB) { nv++; p.verb_at = i; }
    if (nv != 1) return fail(r, "pattern must contain exactly one '*' (the verb)");
    if ((rc = parse_verb_code(r, s + cs, e - cs, &p.code, &p.code2, &p.flags))) return rc;
    p.line = r->line;
    if (v->npat == v->cappat) {
        if (!v->cappat && dy_dict_own(r->d, v)) return fail(r, "out of memory");
        int nc = v->cappat ? v->cappat * 2 : 4;
        dy_pattern *np = realloc(v->pat, (size_t)nc * sizeof *np);
        if (!np) return fail(r, "out of memory");
        v->pat = np;
        v->cappat = nc;
    }
    v->pat[v->npat++] = p;
    r->d->npatterns++;
    return 0;
}

/* ---------------------------------------------------------------- loader */

static int is_blank_line(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return 0;
    return 1;
}

enum { SEC_NONE, SEC_NOUN, SEC_ADJ, SEC_SYN, SEC_TIME };

/* A pending actor entry (phrase + synonyms, codes may follow on indented lines). */
typedef struct {
    dy_phrase *ph;     /* grows: Phoenix entries carry hundreds of synonyms */
    char (*names)[128];
    int nph, capph;
    dy_code *codes;
    int ncodes;
    int line;
    int type;
    const char *office; /* "office=NAME" in the entry's comment (dyad's own tag) */
} pending;

/* A phrase seen again adds its codes to the first entry (PETRARCH
 * accumulates them; TABARI would warn of a duplicate).  Index: folded
 * phrase text + type -> root. */
static uint32_t name_hash(const char *s, int type) {
    uint32_t h = 2166136261u ^ (uint32_t)type;
    for (; *s; s++) { h ^= (unsigned char)*s; h *= 16777619u; }
    return h;
}

static int name_find(const dyad_dict *d, const char *key, int type) {
    if (!d->nnames) return -1;
    uint32_t m = d->nnames - 1;
    for (uint32_t i = name_hash(key, type) & m;; i = (i + 1) & m) {
        if (!d->names[i].name) return -1;
        const dy_root *rt = &d->roots[d->names[i].root];
        if (rt->type == type && !strcmp(d->names[i].name, key)) return d->names[i].root;
    }
}

static int name_add(dyad_dict *d, const char *key, int type, int root) {
    if (2 * (d->usednames + 1) > d->nnames) {
        uint32_t nn = d->nnames ? d->nnames * 2 : 4096;
        void *old = d->names;
        uint32_t on = d->nnames;
        d->names = calloc(nn, sizeof *d->names);
        if (!d->names) { d->names = old; return DYAD_ENOMEM; }
        d->nnames = nn;
        d->usednames = 0;
        for (uint32_t i = 0; i < on; i++) {
            struct { const char *name; int root; } *o = (void *)((char *)old + i * sizeof *d->names);
            if (o->name) name_add(d, o->name, d->roots[o->root].type, o->root);
        }
        free(old);
    }
    uint32_t m = d->nnames - 1;
    for (uint32_t i = name_hash(key, type) & m;; i = (i + 1) & m)
        if (!d->names[i].name) {
            d->names[i].name = key;
            d->names[i].root = root;
            d->usednames++;
            return 0;
        }
}

/* canonical text of a phrase: its folded words and connectors */
static void phrase_key(const dy_phrase *ph, char *out, size_t cap) {
    size_t o = 0;
    for (int i = 0; i < ph->n && o + 1 < cap; i++) {
        const dy_el *e = &ph->el[i];
        int k = snprintf(out + o, cap - o, "%s%s%s", e->word ? e->word : "?", e->exact ? "_" : "",
                         e->consec ? "~" : " ");
        if (k < 0) break;
        o += (size_t)k;
        if (o >= cap) { o = cap - 1; break; }
    }
    out[o] = 0;
}

static int flush_pending(rd *r, pending *p) {
    int rc = 0;
    if (!p->nph) return 0;
    int save = r->line;
    r->line = p->line;
    if (!p->ncodes && p->type == RT_ACTOR) {
        /* an actor with no code at all is null-coded (PETRARCH: "equivalent
         * to a null code"), e.g. a name listed to keep it from other matches */
        dy_code nc = {"---", 0, 0};
        p->codes = malloc(sizeof nc);
        if (!p->codes) { r->line = save; return fail(r, "out of memory"); }
        p->codes[0] = nc;
        p->ncodes = 1;
    }
    if (!p->ncodes) rc = fail(r, "'%s' has no code", p->names[0]);
    else
        for (int i = 0; i < p->nph && !rc; i++) {
            char key[512];
            phrase_key(&p->ph[i], key, sizeof key);
            int prev = name_find(r->d, key, p->type);
            if (prev >= 0) { /* accumulate */
                if (r->d->ndups == r->d->capdups) {
                    size_t nc = r->d->capdups ? r->d->capdups * 2 : 64;
                    void *nd = realloc(r->d->dups, nc * sizeof *r->d->dups);
                    if (nd) r->d->dups = nd, r->d->capdups = nc;
                }
                if (r->d->ndups < r->d->capdups) {
                    r->d->dups[r->d->ndups].root = prev;
                    r->d->dups[r->d->ndups].file = r->file;
                    r->d->dups[r->d->ndups].line = p->line;
                    r->d->ndups++;
                }
                dy_root *rt = &r->d->roots[prev];
                dy_code *nc = dy_dict_alloc(r->d, (size_t)(rt->ncodes + p->ncodes) * sizeof *nc);
                if (!nc) { rc = fail(r, "out of memory"); break; }
                memcpy(nc, rt->codes, (size_t)rt->ncodes * sizeof *nc);
                memcpy(nc + rt->ncodes, p->codes, (size_t)p->ncodes * sizeof *nc);
                rt->codes = nc;
                rt->ncodes += p->ncodes;
                continue;
            }
            rc = add_root(r, &p->ph[i], p->type, p->codes, p->ncodes, NULL, p->names[i], strlen(p->names[i]));
            if (!rc) r->d->roots[r->d->nroots - 1].office = i == 0 ? p->office : NULL;
            if (!rc) rc = name_add(r->d, dy_dict_strdup(r->d, key, strlen(key)), p->type, r->d->nroots - 1);
            if (!rc) {
                if (p->type == RT_ACTOR) r->d->nactors++;
                else r->d->nagents++;
            }
        }
    r->line = save;
    free(p->codes);
    p->codes = NULL;
    p->ncodes = 0;
    p->nph = 0;
    return rc;
}

static int pending_add(rd *r, pending *p, const char *s, size_t n) {
    if (p->nph == p->capph) {
        int nc = p->capph ? p->capph * 2 : 16;
        dy_phrase *nph = realloc(p->ph, (size_t)nc * sizeof *nph);
        if (!nph) return fail(r, "out of memory");
        p->ph = nph;
        char(*nn)[128] = realloc(p->names, (size_t)nc * sizeof *nn);
        if (!nn) return fail(r, "out of memory");
        p->names = nn;
        p->capph = nc;
    }
    char buf[1024];
    if (n >= sizeof buf) return fail(r, "phrase too long");
    memcpy(buf, s, n);
    hyphen_to_underscore(buf, n);
    dy_phrase *ph = &p->ph[p->nph];
    int rc = parse_phrase(r, buf, n, ph, END_NOUN, 0);
    if (rc) return rc;
    if ((rc = valid_root(r, ph))) return rc;
    size_t cn = n < 127 ? n : 127;
    memcpy(p->names[p->nph], s, cn);
    p->names[p->nph][cn] = 0;
    p->nph++;
    return 0;
}

/* ---------------------------------------------------------------- PETRARCH */

/* "!NAME! = ..." defines a substitution set; "!NAME! PHRASE [code]" uses one */
static int is_subst_def(const char *s, size_t n) {
    const char *close = n > 1 ? memchr(s + 1, '!', n - 1) : NULL;
    if (!close) return 0;
    const char *q = close + 1;
    while (q < s + n && (*q == ' ' || *q == '\t')) q++;
    return q < s + n && *q == '=';
}

/* A discard line: PHRASE (the sentence is not coded) or +PHRASE (the whole
 * story is not); words are consecutive, the last is a stem unless it ends
 * in '_'.  Stored as RT_DISCARD roots. */
static int add_discard(rd *r, const char *s, size_t n) {
    size_t phend, cs, end;
    split_line(s, n, &phend, &cs, &end);
    int story = 0;
    if (phend && s[0] == '+') { story = 1; s++; phend--; }
    while (phend && (s[0] == ' ' || s[0] == '\t')) { s++; phend--; }
    if (!phend) return 0;
    char tmp[1024];
    if (phend >= sizeof tmp) return fail(r, "phrase too long");
    size_t k = 0;
    for (size_t i = 0; i < phend; i++) tmp[k++] = (s[i] == ' ' || s[i] == '\t') ? '_' : s[i];
    while (k && tmp[k - 1] == '_' && k > 1 && tmp[k - 2] == '_') k--;
    hyphen_to_underscore(tmp, k);
    dy_phrase ph;
    int rc = parse_phrase(r, tmp, k, &ph, END_NONE, 0);
    if (rc) return rc;
    if ((rc = valid_root(r, &ph))) return rc;
    dy_code c = {story ? "####" : "###", 0, 0};
    r->d->ndiscards++;
    return add_root(r, &ph, RT_DISCARD, &c, 1, NULL, s, phend);
}

/* PETRARCH agent line: PHRASE {PLURAL ...} [CODE] # comment.  '{}' means no
 * plural; listed plurals are added as synonyms; otherwise the regular plural
 * comes from the exact-word endings.  !SET! markers expand to each member. */
static int add_petr_agent(rd *r, pending *pend, const char *s, size_t n, char subst[][2][256], int nsubst) {
    size_t phend, cs, end;
    split_line(s, n, &phend, &cs, &end);
    if (cs >= end) return fail(r, "agent without a code '[...]'");
    char phrase[512], plurals[512] = "";
    int noplural = 0;
    const char *ob = memchr(s, '{', phend);
    size_t pl = ob ? (size_t)(ob - s) : phend;
    while (pl && (s[pl - 1] == ' ' || s[pl - 1] == '\t')) pl--;
    if (pl >= sizeof phrase) return fail(r, "phrase too long");
    memcpy(phrase, s, pl);
    phrase[pl] = 0;
    if (ob) {
        const char *cb = memchr(ob, '}', (size_t)(s + phend - ob));
        if (!cb) return fail(r, "unbalanced '{' in plural");
        snprintf(plurals, sizeof plurals, "%.*s", (int)(cb - ob - 1), ob + 1);
        noplural = 1; /* explicit plurals (or none) replace the regular one */
    }
    /* expand one !SET! marker (the files use at most one per phrase) */
    char forms[32][512];
    int nf = 0;
    const char *m1 = strchr(phrase, '!');
    if (m1) {
        const char *m2 = strchr(m1 + 1, '!');
        if (!m2) return fail(r, "unterminated !SET! marker");
        int found = -1;
        for (int i = 0; i < nsubst; i++)
            if (strlen(subst[i][0]) == (size_t)(m2 - m1 + 1) && !memcmp(subst[i][0], m1, (size_t)(m2 - m1 + 1))) found = i;
        if (found < 0) return fail(r, "unknown substitution set '%.*s'", (int)(m2 - m1 + 1), m1);
        char list[256];
        snprintf(list, sizeof list, "%s", subst[found][1]);
        for (char *tok = strtok(list, ","); tok && nf < 32; tok = strtok(NULL, ","))
            snprintf(forms[nf++], sizeof forms[0], "%.*s%s%s", (int)(m1 - phrase), phrase, tok, m2 + 1);
        noplural = 1; /* members are used as given */
    } else {
        snprintf(forms[nf++], sizeof forms[0], "%s", phrase);
        for (char *p = plurals, *tok; nf < 32 && (tok = strtok(p, " \t")); p = NULL)
            snprintf(forms[nf++], sizeof forms[0], "%s", tok);
    }
    pend->line = r->line;
    int rc = 0;
    for (int i = 0; i < nf && !rc; i++) {
        char tmp[520];
        size_t k = strlen(forms[i]);
        while (k && (forms[i][k - 1] == ' ' || forms[i][k - 1] == '\t')) k--;
        if (!k) continue;
        /* exact last word; '=' stops the regular endings when plurals are explicit */
        snprintf(tmp, sizeof tmp, "%.*s%s", (int)k, forms[i], noplural ? (forms[i][k - 1] == '_' ? "=" : "_=") :
                                                                             (forms[i][k - 1] == '_' ? "" : "_"));
        rc = pending_add(r, pend, tmp, strlen(tmp));
    }
    if (!rc) rc = parse_codes(r, s + cs, end - cs, &pend->codes, &pend->ncodes);
    if (!rc) rc = flush_pending(r, pend);
    return rc;
}

/* "~ a (a b ATTACK) SAY = a b 015" */
static int add_transform(rd *r, const char *s, size_t n) {
    char buf[512], *tok[16];
    int nt = 0;
    if (n >= sizeof buf) return fail(r, "transformation too long");
    size_t k = 0;
    for (size_t i = 0; i < n; i++) { /* space out the parentheses */
        if (s[i] == '(' || s[i] == ')') {
            if (k + 3 >= sizeof buf) break;
            buf[k++] = ' ', buf[k++] = s[i], buf[k++] = ' ';
        } else if (k + 1 < sizeof buf) buf[k++] = s[i];
    }
    buf[k] = 0;
    for (char *p = buf, *t; nt < 16 && (t = strtok(p, " \t")); p = NULL) tok[nt++] = t;
    /* U ( LS LT LOWER ) UPPER = RS RT CODE */
    if (nt != 11 || strcmp(tok[1], "(") || strcmp(tok[5], ")") || strcmp(tok[7], "="))
        return fail(r, "transformation must read '~ a (a b LOWER) UPPER = a b CODE'");
    for (int i = 0; i < 11; i++)
        if ((i == 0 || i == 2 || i == 3 || i == 8 || i == 9) && strlen(tok[i]) != 1)
            return fail(r, "transformation actors are single letters, '.' or '_'");
    dyad_dict *d = r->d;
    if (d->ntr == d->captr) {
        int nc = d->captr ? d->captr * 2 : 8;
        dy_transform *ntr = realloc(d->tr, (size_t)nc * sizeof *ntr);
        if (!ntr) return fail(r, "out of memory");
        d->tr = ntr;
        d->captr = nc;
    }
    dy_transform *t = &d->tr[d->ntr++];
    memset(t, 0, sizeof *t);
    t->u = tok[0][0], t->ls = tok[2][0], t->lt = tok[3][0], t->rs = tok[8][0], t->rt = tok[9][0];
    char f[128];
    size_t fl = dy_fold(tok[6], strlen(tok[6]), f, sizeof f);
    t->upper = dy_dict_strdup(d, f, fl);
    fl = dy_fold(tok[4], strlen(tok[4]), f, sizeof f);
    t->lower = dy_dict_strdup(d, f, fl);
    t->code = dy_dict_strdup(d, tok[10], strlen(tok[10]));
    d->ntransforms++;
    return 0;
}

/* the verb whose root is exactly this one word */
static dy_verb *verb_named(dyad_dict *d, const char *w) {
    const dy_slot *s = dy_dict_slot(d, w, strlen(w));
    if (!s) return NULL;
    for (int i = 0; i < s->nroots; i++) {
        const dy_root *rt = &d->roots[s->roots[i]];
        if (rt->type == RT_VERB && rt->ph.n == 1 && !strcmp(rt->ph.el[0].word, w))
            return rt->verb->share ? rt->verb->share : rt->verb;
    }
    return NULL;
}

static int is_petrarch_verbs(const char *buf, size_t len) {
    /* a block header line "--- NAME [code] ---" */
    for (size_t pos = 0; pos < len;) {
        size_t e = pos;
        while (e < len && buf[e] != '\n') e++;
        size_t n = e - pos;
        const char *s = buf + pos;
        while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
        if (n > 7 && !memcmp(s, "---", 3) && (s[3] == ' ' || s[3] == '\t') && !memcmp(s + n - 3, "---", 3)) return 1;
        pos = e + 1;
    }
    return 0;
}

/* regular forms of an English verb: base, -s, -ed, -ing (PETRARCH makes them
 * the same way) */
static int verb_forms(const char *w, char out[][128]) {
    size_t n = strlen(w);
    int k = 0;
    if (n == 0 || n > 100) return 0;
    snprintf(out[k++], 128, "%s", w);
    char last = (char)toupper((unsigned char)w[n - 1]), prev = n > 1 ? (char)toupper((unsigned char)w[n - 2]) : 0;
    int vowel = prev && strchr("AEIOU", prev);
    if (last == 'E') {
        snprintf(out[k++], 128, "%sS", w);
        snprintf(out[k++], 128, "%sD", w);
        snprintf(out[k++], 128, "%.*sING", (int)(n - 1), w);
    } else if (last == 'Y' && !vowel) {
        snprintf(out[k++], 128, "%.*sIES", (int)(n - 1), w);
        snprintf(out[k++], 128, "%.*sIED", (int)(n - 1), w);
        snprintf(out[k++], 128, "%sING", w);
    } else if (strchr("SXZ", last) || (n > 1 && (prev == 'C' || prev == 'S') && last == 'H')) {
        snprintf(out[k++], 128, "%sES", w);
        snprintf(out[k++], 128, "%sED", w);
        snprintf(out[k++], 128, "%sING", w);
    } else {
        snprintf(out[k++], 128, "%sS", w);
        snprintf(out[k++], 128, "%sED", w);
        snprintf(out[k++], 128, "%sING", w);
    }
    return k;
}

/* PETRARCH-2 pattern (noun phrases in {}, prepositional phrases in ()) to
 * the TABARI pattern language: brackets become gaps, every word is exact
 * (with regular plural endings).  PETRARCH-1 patterns are TABARI patterns. */
static void petr2_pattern(const char *s, size_t n, char *out, size_t cap) {
    size_t o = 0;
    for (size_t i = 0; i < n && o + 3 < cap;) {
        char ch = s[i];
        if (ch == '{' || ch == '}' || ch == '(' || ch == ')') { out[o++] = ' '; i++; continue; }
        if (ch == ' ' || ch == '\t') { out[o++] = ' '; i++; continue; }
        if (ch == '*' && i + 1 < n && isalpha((unsigned char)s[i + 1])) { /* "*SCEPTICAL" */
            out[o++] = '*';
            out[o++] = ' ';
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && !strchr(" \t{}()", s[j])) j++;
        size_t w = j - i;
        if (w + 2 >= cap - o) break;
        memcpy(out + o, s + i, w);
        o += w;
        int special = w == 1 && strchr("*$+%^", s[i]);
        if (!special && s[i] != '&' && s[j - 1] != '_') out[o++] = '_';
        i = j;
    }
    out[o] = 0;
}

/* PETRARCH verbs (CAMEO.2.0, PETR.Validate.verbs): synsets (&NAME, +member),
 * blocks "--- NAME [code] ---" of synonymous verbs (with {forms}, '+' marking
 * the verb word of a compound, an optional own [code]), pattern lines "- ..."
 * shared by the block, and '~' transformations (applied by the coder).  Unlike
 * PETRARCH's reader, patterns with $ + % are kept and text after a "<!"
 * line is read. */
static int load_petr_verbs(rd *r, const char *buf, size_t len) {
    dyad_dict *d = r->d;
    r->verbs = 1;
    r->synlen = 1; /* more specific synset patterns are tried before shorter ones */
    /* PETRARCH-2 files (CAMEO.2.0) write patterns with (prepositional
     * phrases); PETRARCH-1 files (PETR.Validate.verbs) use TABARI patterns */
    int petr2 = 0;
    for (size_t q = 0; q + 3 < len && !petr2; q++)
        if (buf[q] == '\n' && buf[q + 1] == '-' && buf[q + 2] == ' ') {
            size_t e = q + 1;
            while (e < len && buf[e] != '\n' && buf[e] != '[' && buf[e] != '#') e++;
            if (dy_memmem(buf + q + 1, e - q - 1, "(", 1)) petr2 = 1;
        }
    dy_verb *block = NULL;
    const char *blockcode = NULL, *blockcode2 = NULL;
    int blockflags = 0;
    dy_verb *members[256];
    int nmem = 0;
    int synset = -1, synnoplural = 0, xmlcomment = 0, rc = 0;
    size_t pos = 0;
    char tmp[2048];
    while (pos < len && !rc) {
        size_t e = pos;
        while (e < len && buf[e] != '\n') e++;
        size_t n = e - pos;
        const char *s = buf + pos;
        pos = e + 1;
        r->line++;
        do {
            if (n && s[n - 1] == '\r') n--;
            if (memchr(s, 0, n)) { rc = fail(r, "NUL byte in dictionary (binary file?)"); break; }
            if (n >= sizeof tmp - 8) { rc = fail(r, "line longer than %zu bytes", sizeof tmp - 9); break; }
            if (xmlcomment) { if (dy_memmem(s, n, "-->", 3)) xmlcomment = 0; break; }
            size_t b = 0;
            while (b < n && (s[b] == ' ' || s[b] == '\t')) b++;
            s += b;
            n -= b;
            if (!n || s[0] == '#') break;
            if (n >= 4 && !memcmp(s, "<!--", 4)) { if (!dy_memmem(s + 4, n - 4, "-->", 3)) xmlcomment = 1; break; }
            if (s[0] == '<') break; /* other markup lines (PETRARCH stops here; dyad reads on) */
            size_t phend, cs, end;
            split_line(s, n, &phend, &cs, &end);
            if (s[0] == '~') { rc = add_transform(r, s + 1, phend ? phend - 1 : 0); break; }
            if (s[0] == '&') { /* synset label */
                size_t k = 0;
                while (k < phend && s[k] != ' ' && s[k] != '\t') k++;
                char name[128];
                snprintf(name, sizeof name, "%.*s", (int)k, s);
                synnoplural = k && name[k - 1] == '_';
                if (synnoplural) name[--k] = 0;
                if (find_synset(d, name, k) >= 0) { rc = fail(r, "synset '%s' defined twice", name); break; }
                if (d->nsyn == d->capsyn) {
                    int nc = d->capsyn ? d->capsyn * 2 : 16;
                    dy_synset *ns = realloc(d->syn, (size_t)nc * sizeof *ns);
                    if (!ns) { rc = fail(r, "out of memory"); break; }
                    d->syn = ns;
                    d->capsyn = nc;
                }
                synset = d->nsyn++;
                d->syn[synset].name = dy_dict_strdup(d, name, k);
                d->syn[synset].alt = NULL;
                d->syn[synset].nalt = 0;
                d->nsynsets++;
                break;
            }
            if (s[0] == '+' && synset >= 0 && !block) { /* synset member: consecutive words */
                size_t k = 0;
                for (size_t i = 1; i < phend; i++) tmp[k++] = (s[i] == ' ' || s[i] == '\t') ? '_' : s[i];
                while (k && tmp[k - 1] == '_') k--;
                if (!k) { rc = fail(r, "empty synonym"); break; }
                tmp[k++] = '_';
                if (synnoplural || s[phend - 1] == '_') tmp[k++] = '=';
                hyphen_to_underscore(tmp, k);
                dy_phrase ph;
                int save = d->nsyn;
                d->nsyn = synset;
                rc = parse_phrase(r, tmp, k, &ph, END_NOUN, 0);
                d->nsyn = save;
                if (rc) break;
                dy_synset *sy = &d->syn[synset];
                dy_phrase *na = dy_dict_alloc(d, (size_t)(sy->nalt + 1) * sizeof *na);
                if (sy->nalt) memcpy(na, sy->alt, (size_t)sy->nalt * sizeof *na);
                na[sy->nalt++] = ph;
                sy->alt = na;
                break;
            }
            if (n > 3 && !memcmp(s, "---", 3)) { /* block header */
                synset = -1;
                block = dy_dict_alloc(d, sizeof *block);
                blockcode = blockcode2 = NULL;
                blockflags = 0;
                nmem = 0;
                const char *lb = memchr(s, '[', n), *rb = lb ? memchr(lb, ']', (size_t)(s + n - lb)) : NULL;
                if (lb && rb && (rc = parse_verb_code(r, lb, (size_t)(rb - lb + 1), &blockcode, &blockcode2, &blockflags)))
                    break;
                if (!blockcode) blockcode = "---";
                block->code = blockcode;
                block->code2 = blockcode2;
                block->flags = blockflags;
                break;
            }
            if (s[0] == '-' && (n == 1 || s[1] == ' ' || s[1] == '\t')) { /* pattern */
                if (!block) { rc = fail(r, "pattern line before any '--- VERB ---' block"); break; }
                const char *p = s + 1;
                size_t pn = n - 1;
                size_t ph2, cs2, e2;
                split_line(p, pn, &ph2, &cs2, &e2);
                int p2 = petr2 || memchr(p, '(', ph2) || (memchr(p, '{', ph2) && !memchr(p, '|', ph2));
                if (p2) {
                    int br = 0, pa = 0;
                    for (size_t q = 0; q < ph2 && br >= 0 && pa >= 0; q++) {
                        if (p[q] == '{') br++;
                        else if (p[q] == '}') br--;
                        else if (p[q] == '(') pa++;
                        else if (p[q] == ')') pa--;
                    }
                    if (br) { rc = fail(r, "unbalanced '{' in pattern"); break; }
                    if (pa) { rc = fail(r, "unbalanced '(' in pattern"); break; }
                    petr2_pattern(p, ph2, tmp, sizeof tmp - 64);
                    size_t tl = strlen(tmp);
                    snprintf(tmp + tl, sizeof tmp - tl, " %.*s", (int)(e2 - cs2), p + cs2);
                    rc = add_pattern(r, block, tmp, strlen(tmp));
                } else {
                    rc = add_pattern(r, block, p, e2);
                }
                break;
            }
            /* a verb line: VERB, +COMPOUND_VERB, WORD_+VERB, with {forms} and [code] */
            if (!block) { rc = fail(r, "verb line before any '--- VERB ---' block"); break; }
            dy_verb *v = block;
            if (cs < end) { /* own code: a verb sharing the block's patterns */
                v = dy_dict_alloc(d, sizeof *v);
                if ((rc = parse_verb_code(r, s + cs, end - cs, &v->code, &v->code2, &v->flags))) break;
                v->share = block;
                if (nmem < 256) members[nmem++] = v;
            }
            const char *ob = memchr(s, '{', phend);
            size_t wl = ob ? (size_t)(ob - s) : phend;
            while (wl && (s[wl - 1] == ' ' || s[wl - 1] == '\t')) wl--;
            char forms[40][128];
            int nf = 0;
            if (ob) {
                const char *cb = memchr(ob, '}', (size_t)(s + phend - ob));
                if (!cb) { rc = fail(r, "unbalanced '{' in verb forms"); break; }
                snprintf(forms[nf++], 128, "%.*s", (int)wl, s);
                char list[1024];
                snprintf(list, sizeof list, "%.*s", (int)(cb - ob - 1), ob + 1);
                for (char *pp = list, *tok; nf < 40 && (tok = strtok(pp, " \t")); pp = NULL) snprintf(forms[nf++], 128, "%s", tok);
            } else {
                /* regular forms of the '+' word (or the only word) */
                char word[128];
                snprintf(word, sizeof word, "%.*s", (int)wl, s);
                char *plus = strchr(word, '+');
                char *wstart = plus ? plus + 1 : word;
                size_t wlen = strcspn(wstart, "_ ");
                char head[128], tail[128], verb[128], vf[8][128];
                snprintf(head, sizeof head, "%.*s", (int)(wstart - word - (plus ? 1 : 0)), word);
                snprintf(verb, sizeof verb, "%.*s", (int)wlen, wstart);
                snprintf(tail, sizeof tail, "%s", wstart + wlen);
                int k = verb_forms(verb, vf);
                for (int i = 0; i < k && nf < 40; i++) snprintf(forms[nf++], 128, "%s%s%s", head, vf[i], tail);
            }
            for (int i = 0; i < nf && !rc; i++) {
                size_t k = 0;
                for (const char *q = forms[i]; *q && k + 2 < sizeof tmp; q++)
                    if (*q != '+') tmp[k++] = (*q == ' ' || *q == '\t') ? '_' : *q;
                while (k && tmp[k - 1] == '_') k--;
                if (!k) continue;
                tmp[k++] = '_';
                tmp[k++] = '=';
                hyphen_to_underscore(tmp, k);
                dy_phrase ph;
                if ((rc = parse_phrase(r, tmp, k, &ph, END_NONE, 0))) break;
                if ((rc = valid_root(r, &ph))) break;
                rc = add_root(r, &ph, RT_VERB, NULL, 0, v, forms[i], strlen(forms[i]));
                d->nforms++;
            }
            if (!rc) d->nverbs++;
        } while (0);
        if (rc && d->lenient && rc != DYAD_ENOMEM) {
            d->nskipped++;
            if (d->warn) d->warn(d->warn_ctx, r->err ? r->err : "");
            rc = 0;
        }
    }
    (void)members;
    d->compiled = 0;
    return rc;
}

static int load_dict_text(dyad_dict *d, const char *file, const char *kind, const char *buf, size_t len, char *err,
                          size_t errlen) {
    /* the file name outlives this call in every root: keep a copy */
    rd r = {d, dy_dict_strdup(d, file, strlen(file)), 0, err, errlen, !strcmp(kind, "verbs"), 0};
    int finished = 0;
    int type = 0;
    if (!strcmp(kind, "actors")) type = RT_ACTOR;
    else if (!strcmp(kind, "agents")) type = RT_AGENT;
    else if (!strcmp(kind, "verbs")) type = RT_VERB;
    else if (!strcmp(kind, "options")) type = -1;
    else if (!strcmp(kind, "discards")) type = RT_DISCARD;
    else return fail(&r, "unknown dictionary kind '%s'", kind);
    if (type == RT_VERB && (d->format == DYAD_DICT_PETRARCH || (d->format == DYAD_DICT_AUTO && is_petrarch_verbs(buf, len))))
        return load_petr_verbs(&r, buf, len);
    pending pend;
    memset(&pend, 0, sizeof pend);
    pend.type = type;
    dy_verb *verb = NULL;        /* current verb root (for '-' and '{' lines) */
    int sec = SEC_NONE;
    int rc = 0;
    int synset = -1;
    size_t pos = 0;
    char line[4096];
    int xmlcomment = 0; /* inside a multi-line <!-- ... --> (PETRARCH files) */
    char subst[16][2][256]; /* PETRARCH agents: !SET! = a, b, ... */
    int nsubst = 0;
    while (pos < len && !rc && !finished) {
        size_t e = pos;
        while (e < len && buf[e] != '\n') e++;
        size_t n = e - pos;
        const char *s = buf + pos;
        pos = e + 1;
        r.line++;
        do { /* one line; 'break' and 'continue' end it */
        if (n && s[n - 1] == '\r') n--;
        if (memchr(s, 0, n)) { rc = fail(&r, "NUL byte in dictionary (binary file?)"); break; }
        if (n >= sizeof line) { rc = fail(&r, "line longer than %zu bytes", sizeof line - 1); break; }
        if (is_blank_line(s, n)) continue;
        int indented = (s[0] == ' ' || s[0] == '\t');
        size_t b = 0;
        while (b < n && (s[b] == ' ' || s[b] == '\t')) b++;
        s += b;
        n -= b;
        if (xmlcomment) {
            if (dy_memmem(s, n, "-->", 3)) xmlcomment = 0;
            continue;
        }
        if (n >= 4 && !memcmp(s, "<!--", 4)) { /* XML-style comment (PETRARCH) */
            if (!dy_memmem(s + 4, n - 4, "-->", 3)) xmlcomment = 1;
            continue;
        }
        if (s[0] == '#' || s[0] == '/') continue;
        if (s[0] == ';') continue;
        if (type == RT_DISCARD) { /* PETRARCH discards: PHRASE or +PHRASE (story), '#' comments */
            rc = add_discard(&r, s, n);
            continue;
        }
        if (type == RT_AGENT && s[0] == '!' && is_subst_def(s, n)) { /* !SET! = A, B, C */
            const char *eq = memchr(s, '=', n);
            const char *close = memchr(s + 1, '!', n - 1);
            if (!eq || !close || close > eq) { rc = fail(&r, "substitution set must read !NAME! = A, B, ..."); break; }
            if (nsubst == 16) { rc = fail(&r, "too many substitution sets (max 16)"); break; }
            snprintf(subst[nsubst][0], sizeof subst[0][0], "%.*s", (int)(close - s + 1), s);
            size_t k = 0;
            for (const char *q = eq + 1; q < s + n && *q != '#' && k + 1 < sizeof subst[0][1]; q++)
                if (*q != ' ' && *q != '\t') subst[nsubst][1][k++] = *q;
            subst[nsubst][1][k] = 0;
            nsubst++;
            continue;
        }
        if (type == RT_AGENT && (memchr(s, '{', n) || memchr(s, '!', n))) {
            /* PETRARCH agent: PHRASE {PLURALS} [~CODE] with !SET! markers */
            if ((rc = flush_pending(&r, &pend))) break;
            rc = add_petr_agent(&r, &pend, s, n, subst, nsubst);
            continue;
        }
        if (s[0] == '~') {
            if (n >= 7 && !strncmp(s, "~FINISH", 7)) { finished = 1; break; }
            continue;
        }
        if (type == -1) { /* options */
            memcpy(line, s, n);
            line[n] = 0;
            if ((rc = dy_options_line(d, line, r.err, r.errlen)) != 0) {
                char tmp[512];
                snprintf(tmp, sizeof tmp, "%s", r.err ? r.err : "");
                rc = fail(&r, "%s", tmp);
            }
            continue;
        }
        if (s[0] == '<') {
            if ((rc = flush_pending(&r, &pend))) break;
            char tag[32];
            size_t k = 0;
            for (size_t q = 0; q < n && k + 1 < sizeof tag && s[q] != '>'; q++)
                tag[k++] = (char)toupper((unsigned char)s[q]);
            tag[k] = 0;
            if (!strcmp(tag, "<NOUN") || !strcmp(tag, "<NOUNS")) sec = SEC_NOUN;
            else if (!strcmp(tag, "<ADJECTIVE") || !strcmp(tag, "<ADJECTIVES")) sec = SEC_ADJ;
            else if (!strcmp(tag, "<SYNSETS") || !strcmp(tag, "<SYNSET")) sec = SEC_SYN;
            else if (!strcmp(tag, "<TIME")) sec = SEC_TIME;
            else if (tag[1] == '/') sec = SEC_NONE;
            else { rc = fail(&r, "unknown section tag '%.*s'", (int)n, s); break; }
            verb = NULL;
            continue;
        }
        if (sec == SEC_TIME) {
            /* time phrases: only their special codes matter to dyad ([###]
             * discard, [+++] complex); day shifts and '-' patterns are read
             * and ignored, since dyad dates events by the article. */
            if (s[0] == '-') continue;
            size_t pe2, cs2, e2;
            split_line(s, n, &pe2, &cs2, &e2);
            if (!pe2 || cs2 >= e2) continue;
            char tmp[1024];
            if (pe2 >= sizeof tmp) { rc = fail(&r, "phrase too long"); break; }
            memcpy(tmp, s, pe2);
            hyphen_to_underscore(tmp, pe2);
            dy_phrase ph;
            if ((rc = parse_phrase(&r, tmp, pe2, &ph, END_NONE, 0))) break;
            if ((rc = valid_root(&r, &ph))) break;
            char code[16];
            size_t k = 0;
            for (size_t q = cs2 + 1; q < e2 && s[q] != ']' && k + 1 < sizeof code; q++)
                if (s[q] != ' ') code[k++] = s[q];
            code[k] = 0;
            dy_code dc = {dy_dict_strdup(d, code, k), 0, 0};
            d->opt.time_shift = 1; /* TABARI: <TIME> entries switch time shifting on */
            rc = add_root(&r, &ph, RT_TIME, &dc, 1, NULL, s, pe2);
            continue;
        }
        size_t phend, cs, end;
        split_line(s, n, &phend, &cs, &end);
        if (sec == SEC_NOUN || sec == SEC_ADJ) {
            if (phend == 0) continue;
            char tmp[1024];
            if (phend >= sizeof tmp) { rc = fail(&r, "phrase too long"); break; }
            memcpy(tmp, s, phend);
            hyphen_to_underscore(tmp, phend);
            dy_phrase ph;
            if ((rc = parse_phrase(&r, tmp, phend, &ph, END_NOUN, 0))) break;
            if ((rc = valid_root(&r, &ph))) break;
            rc = add_root(&r, &ph, sec == SEC_NOUN ? RT_NOUN : RT_ADJ, NULL, 0, NULL, s, phend);
            continue;
        }
        if (sec == SEC_SYN) {
            if (s[0] == '&') {
                if (d->nsyn == d->capsyn) {
                    int nc = d->capsyn ? d->capsyn * 2 : 16;
                    dy_synset *ns = realloc(d->syn, (size_t)nc * sizeof *ns);
                    if (!ns) { rc = fail(&r, "out of memory"); break; }
                    d->syn = ns;
                    d->capsyn = nc;
                }
                size_t k = 0;
                while (k < phend && s[k] != ' ' && s[k] != '\t') k++;
                if (find_synset(d, s, k) >= 0) { rc = fail(&r, "synset '%.*s' defined twice", (int)k, s); break; }
                synset = d->nsyn++;
                d->nsynsets++;
                d->syn[synset].name = dy_dict_strdup(d, s, k);
                d->syn[synset].alt = NULL;
                d->syn[synset].nalt = 0;
            } else if (s[0] == '+') {
                if (synset < 0) { rc = fail(&r, "'+' synonym before any '&SET' name"); break; }
                char tmp[1024];
                size_t m = phend - 1;
                if (m >= sizeof tmp) { rc = fail(&r, "phrase too long"); break; }
                memcpy(tmp, s + 1, m);
                hyphen_to_underscore(tmp, m);
                dy_phrase ph;
                /* a synset member may not refer to its own set */
                dy_synset *sy = &d->syn[synset];
                int save = d->nsyn;
                d->nsyn = synset; /* hide self and later sets */
                rc = parse_phrase(&r, tmp, m, &ph, END_NONE, 0);
                d->nsyn = save;
                if (rc) break;
                if (ph.n == 0) { rc = fail(&r, "empty synonym"); break; }
                dy_phrase *na = dy_dict_alloc(d, (size_t)(sy->nalt + 1) * sizeof *na);
                if (sy->nalt) memcpy(na, sy->alt, (size_t)sy->nalt * sizeof *na);
                na[sy->nalt++] = ph;
                sy->alt = na;
            } else {
                rc = fail(&r, "expected '&NAME' or '+member' inside <SYNSETS>");
                break;
            }
            continue;
        }
        if (type == RT_VERB) {
            if (s[0] == '-' && (n == 1 || s[1] == ' ' || s[1] == '\t')) {
                if (!verb) { rc = fail(&r, "pattern line before any verb"); break; }
                rc = add_pattern(&r, verb, s + 1, n - 1);
                continue;
            }
            if (s[0] == '{') { /* irregular forms: each becomes a root sharing the verb */
                if (!verb) { rc = fail(&r, "verb forms '{...}' before any verb"); break; }
                size_t q = 1;
                size_t close = 0;
                while (q < n && s[q] != '}') q++;
                if (q >= n) { rc = fail(&r, "unbalanced '{' in verb forms"); break; }
                close = q;
                q = 1;
                while (q < close && !rc) {
                    while (q < close && (s[q] == ' ' || s[q] == '\t')) q++;
                    size_t w = q;
                    while (w < close && s[w] != ' ' && s[w] != '\t') w++;
                    if (w > q) {
                        char tmp[256];
                        size_t m = w - q < 255 ? w - q : 255;
                        memcpy(tmp, s + q, m);
                        hyphen_to_underscore(tmp, m);
                        dy_phrase ph;
                        if (!(rc = parse_phrase(&r, tmp, m, &ph, END_VERB, 0)) && !(rc = valid_root(&r, &ph)))
                            rc = add_root(&r, &ph, RT_VERB, NULL, 0, verb, s + q, w - q);
                    }
                    q = w;
                }
                continue;
            }
            if (s[0] == '+') continue; /* synonym lines in verb files: not used */
            /* new verb root */
            dy_verb *v = dy_dict_alloc(d, sizeof *v);
            char tmp[1024];
            if (phend >= sizeof tmp) { rc = fail(&r, "phrase too long"); break; }
            memcpy(tmp, s, phend);
            hyphen_to_underscore(tmp, phend);
            dy_phrase ph;
            if ((rc = parse_phrase(&r, tmp, phend, &ph, END_VERB, 0))) break;
            if ((rc = valid_root(&r, &ph))) break;
            if (cs < end) {
                if ((rc = parse_verb_code(&r, s + cs, end - cs, &v->code, &v->code2, &v->flags))) break;
            }
            if ((rc = add_root(&r, &ph, RT_VERB, NULL, 0, v, s, phend))) break;
            d->nverbs++;
            verb = v;
            continue;
        }
        /* actors and agents */
        if (s[0] == '+') {
            if (!pend.nph) { rc = fail(&r, "'+' synonym without a preceding entry"); break; }
            if (cs < end) {
                rc = fail(&r, "a '+' synonym line cannot carry a code; put codes on indented lines");
                break;
            }
            rc = pending_add(&r, &pend, s + 1, phend - 1);
            continue;
        }
        if (s[0] == '[') {
            if (!pend.nph) { rc = fail(&r, "code line without a preceding entry"); break; }
            if (!indented && pend.ncodes) { rc = fail(&r, "code line must be indented"); break; }
            rc = parse_codes(&r, s, end, &pend.codes, &pend.ncodes);
            continue;
        }
        if ((rc = flush_pending(&r, &pend))) break;
        pend.line = r.line;
        pend.office = NULL;
        {   /* dyad's office tag in the comment: "; President of Belarus office=BLR-president" */
            const char *of = end < n ? dy_memmem(s + end, n - end, "office=", 7) : NULL;
            if (of) {
                size_t k = 7;
                while (of + k < s + n && !isspace((unsigned char)of[k])) k++;
                pend.office = dy_dict_strdup(d, of + 7, k - 7);
            }
        }
        if (phend == 0) { rc = fail(&r, "missing phrase"); break; }
        if ((rc = pending_add(&r, &pend, s, phend))) break;
        /* the entry stays open: '+' synonyms and indented (dated) code lines
         * may follow an inline code (PETRARCH actors do this) */
        if (cs < end) rc = parse_codes(&r, s + cs, end - cs, &pend.codes, &pend.ncodes);
        } while (0);
        if (rc && d->lenient && rc != DYAD_ENOMEM) {
            /* lenient: report the line and go on, as TABARI's "continue" */
            d->nskipped++;
            if (d->warn) d->warn(d->warn_ctx, r.err ? r.err : "");
            rc = 0;
        }
    }
    if (!rc) rc = flush_pending(&r, &pend);
    free(pend.ph);
    free(pend.names);
    if (rc && d->lenient && rc != DYAD_ENOMEM) {
        d->nskipped++;
        if (d->warn) d->warn(d->warn_ctx, r.err ? r.err : "");
        rc = 0;
    }
    else {
        free(pend.codes);
    }
    d->compiled = 0;
    return rc;
}

/* ---------------------------------------------------------------- public */

dyad_dict *dyad_dict_new(void) {
    dyad_dict *d = calloc(1, sizeof *d);
    if (d) dy_options_default(&d->opt);
    return d;
}

static int load_builtin_files(dyad_dict *d, char *err, size_t errlen);

static const char *guess_kind(const char *path) {
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    char low[256];
    size_t i = 0;
    for (; b[i] && i + 1 < sizeof low; i++) low[i] = (char)tolower((unsigned char)b[i]);
    low[i] = 0;
    if (strstr(low, "verb")) return "verbs";
    if (strstr(low, "agent")) return "agents";
    if (strstr(low, "option")) return "options";
    if (strstr(low, "discard")) return "discards";
    if (strstr(low, "actor")) return "actors";
    return NULL;
}

int dyad_dict_load_buffer(dyad_dict *d, const char *name, const char *kind, const char *buf, size_t n, char *err,
                          size_t errlen) {
    if (!kind) kind = guess_kind(name);
    if (!kind) {
        if (err) snprintf(err, errlen, "%s: cannot tell the dictionary kind from the name; use actors:, agents:, verbs: or options: before the path", name);
        return DYAD_EARG;
    }
    return load_dict_text(d, name, kind, buf, n, err, errlen);
}

void dy_dict_add_source(dyad_dict *d, const char *path, long long size, long long mtime) {
    void *ns = realloc(d->sources, (d->nsources + 1) * sizeof *d->sources);
    if (!ns) return;
    d->sources = ns;
    d->sources[d->nsources].path = dy_dict_strdup(d, path, strlen(path));
    d->sources[d->nsources].size = size;
    d->sources[d->nsources].mtime = mtime;
    d->nsources++;
}

int dy_dict_has_source(const dyad_dict *d, const char *path) {
    for (size_t i = 0; i < d->nsources; i++)
        if (d->sources[i].path && !strcmp(d->sources[i].path, path)) return 1;
    return 0;
}

static void note_source(dyad_dict *d, const char *path) {
    struct stat st;
    if (stat(path, &st)) return;
    dy_dict_add_source(d, path, (long long)st.st_size, (long long)st.st_mtime);
}

int dyad_dict_save(const dyad_dict *d, const char *path, char *err, size_t errlen) {
    return dy_image_save(d, path, err, errlen);
}

int dyad_dict_load_file(dyad_dict *d, const char *path, const char *kind, char *err, size_t errlen) {
    if (dy_image_is(path)) return dy_image_load(d, path, err, errlen); /* compiled image */
    note_source(d, path);
    size_t n;
    char *buf = dy_read_file(path, &n);
    if (!buf) {
        if (errno == ENOMEM) return DYAD_ENOMEM;
        if (err) snprintf(err, errlen, "%s: %s", path, errno == EIO ? "read error" : strerror(errno));
        return DYAD_EIO;
    }
    int rc = dyad_dict_load_buffer(d, path, kind, buf, n, err, errlen);
    free(buf);
    return rc;
}

int dyad_dict_load_builtin(dyad_dict *d, char *err, size_t errlen) {
    dyad_dict_format keep = d->format; /* the built-in files are TABARI-language */
    d->format = DYAD_DICT_TABARI;
    int rc = load_builtin_files(d, err, errlen);
    d->format = keep;
    return rc;
}

/* The built-in dictionaries are every embedded data file named
 * KIND.txt or KIND-SUBJECT.txt (actors-leaders.txt, verbs-conflict.txt...),
 * KIND one of actors, agents, verbs, discards; loaded in that kind order,
 * files of one kind in name order, generated KIND-zz-* files last. */
static const char *const BUILTIN_KINDS[] = {"actors", "agents", "verbs", "discards"};
static int builtin_file(const struct dy_data_file *f, size_t k, int pass) {
    size_t kl = strlen(BUILTIN_KINDS[k]);
    if (strncmp(f->name, BUILTIN_KINDS[k], kl) || (f->name[kl] != '.' && f->name[kl] != '-')) return 0;
    if ((strncmp(f->name + kl, "-zz-", 4) == 0) != pass) return 0; /* KIND-zz-* (generated) files last: hand-written ones win */
    size_t nl = strlen(f->name);
    return nl >= 4 && !strcmp(f->name + nl - 4, ".txt");
}

/* "builtin:" and 16 hex digits naming the built-in files' names and
 * bytes: recorded as a source of the built-in set, so that a compiled image
 * of it (build/builtin.img) is used only by a dyad with the same files */
void dy_dict_builtin_id(char out[25]) {
    uint64_t h = 0x6479616462756c74ULL;
    for (size_t k = 0; k < sizeof BUILTIN_KINDS / sizeof BUILTIN_KINDS[0]; k++)
        for (int pass = 0; pass < 2; pass++)
            for (const struct dy_data_file *f = dy_data_files; f->name; f++) {
                if (!builtin_file(f, k, pass)) continue;
                h = (h ^ dy_hash64(f->name, strlen(f->name))) * 0x100000001b3ULL;
                h = (h ^ dy_hash64(f->bytes, f->len)) * 0x100000001b3ULL;
            }
    memcpy(out, "builtin:", 8);
    dy_hex64(out + 8, h);
}

static int load_builtin_files(dyad_dict *d, char *err, size_t errlen) {
    for (size_t k = 0; k < sizeof BUILTIN_KINDS / sizeof BUILTIN_KINDS[0]; k++) {
        for (int pass = 0; pass < 2; pass++)
        for (const struct dy_data_file *f = dy_data_files; f->name; f++) {
            if (!builtin_file(f, k, pass)) continue;
            char name[96];
            snprintf(name, sizeof name, "builtin:%s", f->name);
            int rc = load_dict_text(d, name, BUILTIN_KINDS[k], f->bytes, f->len, err, errlen);
            if (rc) return rc;
        }
    }
    char id[25];
    dy_dict_builtin_id(id);
    dy_dict_add_source(d, id, 0, 0);
    return 0;
}

/* ---------------------------------------------------------------- index */

static uint32_t hash_word(const char *w, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) { h ^= (unsigned char)w[i]; h *= 16777619u; }
    return h ? h : 1;
}

void dy_prefix_hashes(const char *w, size_t n, uint32_t *h) {
    uint32_t x = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        x ^= (unsigned char)w[i];
        x *= 16777619u;
        h[i + 1] = x ? x : 1;
    }
}

#define SLOTBIT(h) (((uint32_t)(h) * 2654435769u) >> 14) /* 18 bits */
const dy_slot *dy_dict_slot_h(const dyad_dict *d, const char *w, size_t n, uint32_t h) {
    if (!d->nslots || !(d->slotbits[SLOTBIT(h) >> 6] >> (SLOTBIT(h) & 63) & 1)) return NULL;
    uint32_t m = d->nslots - 1;
    for (uint32_t i = h & m;; i = (i + 1) & m) {
        const dy_slot *s = &d->slots[i];
        if (!s->word) return NULL;
        if (s->hash == h && s->len == n && memcmp(s->word, w, n) == 0) return s;
    }
}

const dy_slot *dy_dict_slot(const dyad_dict *d, const char *w, size_t n) {
    if (!d->nslots) return NULL;
    uint32_t h = hash_word(w, n);
    uint32_t m = d->nslots - 1;
    for (uint32_t i = h & m;; i = (i + 1) & m) {
        const dy_slot *s = &d->slots[i];
        if (!s->word) return NULL;
        if (s->hash == h && s->len == n && memcmp(s->word, w, n) == 0) return s;
    }
}

static dy_slot *slot_insert(dyad_dict *d, const char *w, size_t n) {
    uint32_t h = hash_word(w, n);
    d->slotbits[SLOTBIT(h) >> 6] |= 1ULL << (SLOTBIT(h) & 63);
    uint32_t m = d->nslots - 1;
    for (uint32_t i = h & m;; i = (i + 1) & m) {
        dy_slot *s = &d->slots[i];
        if (!s->word) {
            s->word = w;
            s->len = (uint32_t)n;
            s->hash = h;
            d->used++;
            return s;
        }
        if (s->hash == h && s->len == n && memcmp(s->word, w, n) == 0) return s;
    }
}

static const dyad_dict *sort_dict;
static int cmp_root_len(const void *a, const void *b) {
    const dy_root *ra = &sort_dict->roots[*(const int *)a], *rb = &sort_dict->roots[*(const int *)b];
    if (ra->ph.length != rb->ph.length) return rb->ph.length - ra->ph.length;
    /* longer element count first, then consecutive before gapped, then file order */
    if (ra->ph.n != rb->ph.n) return rb->ph.n - ra->ph.n;
    int ca = ra->ph.n ? ra->ph.el[0].consec : 0, cb = rb->ph.n ? rb->ph.el[0].consec : 0;
    if (ca != cb) return cb - ca;
    return *(const int *)a - *(const int *)b;
}
static int cmp_pat_len(const void *a, const void *b) {
    const dy_pattern *pa = a, *pb = b;
    if (pa->ph.length != pb->ph.length) return pb->ph.length - pa->ph.length;
    return pa->line - pb->line;
}

/* already in order? (an image's roots are saved sorted) */
static int is_sorted(const int *r, int n) {
    for (int i = 1; i < n; i++)
        if (cmp_root_len(&r[i - 1], &r[i]) > 0) return 0;
    return 1;
}

int dyad_dict_compile(dyad_dict *d, char *err, size_t errlen) {
    free(d->slots);
    free(d->slotroots);
    free(d->slotkeys);
    d->slotkeys = NULL;
    uint32_t ns = 1024;
    while (ns < (uint32_t)d->nroots + (uint32_t)d->nroots / 3) ns <<= 1; /* first words are fewer than roots */
    d->slots = calloc(ns, sizeof *d->slots);
    memset(d->slotbits, 0, sizeof d->slotbits);
    d->slotroots = malloc((size_t)(d->nroots ? d->nroots : 1) * sizeof *d->slotroots);
    if (!d->slots || !d->slotroots) return DYAD_ENOMEM;
    d->nslots = ns;
    d->used = 0;
    /* two passes: count roots per first word, then place them (one array);
     * the slot of each root is remembered from the first pass */
    uint32_t *slotof = malloc((size_t)(d->nroots ? d->nroots : 1) * sizeof *slotof);
    if (!slotof) return DYAD_ENOMEM;
    for (int i = 0; i < d->nroots; i++) {
        dy_root *r = &d->roots[i];
        dy_slot *s = slot_insert(d, r->ph.el[0].word, r->ph.el[0].len);
        s->nroots++;
        slotof[i] = (uint32_t)(s - d->slots);
    }
    int at = 0;
    for (uint32_t i = 0; i < ns; i++)
        if (d->slots[i].word) {
            d->slots[i].roots = d->slotroots + at;
            at += d->slots[i].nroots;
            d->slots[i].nroots = 0;
        }
    for (int i = 0; i < d->nroots; i++) {
        dy_slot *s = &d->slots[slotof[i]];
        s->roots[s->nroots++] = i;
    }
    free(slotof);
    sort_dict = d;
    for (uint32_t i = 0; i < d->nslots; i++)
        if (d->slots[i].nroots > 1 && !is_sorted(d->slots[i].roots, d->slots[i].nroots))
            qsort(d->slots[i].roots, (size_t)d->slots[i].nroots, sizeof(int), cmp_root_len);
    /* sort each verb's patterns once (verbs are shared by their forms) */
    for (int i = 0; i < d->nroots; i++) {
        dy_verb *v = d->roots[i].verb;
        if (v && v->npat > 1 && v->cappat > 0) {
            int sorted = 1;
            for (int k = 1; k < v->npat && sorted; k++) sorted = cmp_pat_len(&v->pat[k - 1], &v->pat[k]) <= 0;
            if (!sorted) qsort(v->pat, (size_t)v->npat, sizeof *v->pat, cmp_pat_len);
            v->cappat = -v->cappat; /* mark sorted */
        }
    }
    for (int i = 0; i < d->nroots; i++) {
        dy_verb *v = d->roots[i].verb;
        if (v && v->cappat < 0) v->cappat = -v->cappat;
    }
    for (int i = 0; i < d->nroots; i++) {
        dy_root *r = &d->roots[i];
        r->second_n = 0;
        if (r->ph.n > 1 && r->ph.el[1].kind == EL_WORD && r->ph.el[1].len) {
            r->second_n = (uint8_t)(r->ph.el[1].len < 3 ? r->ph.el[1].len : 3);
            r->second_bit = (uint16_t)dy_sig_bit(r->ph.el[1].word, r->second_n);
            r->second_consec = r->ph.el[0].consec;
        }
    }
    /* prefilter data: synset signatures, and the synsets each pattern needs */
    for (int i = 0; i < d->nsyn; i++) { /* member buckets */
        dy_synset *sy = &d->syn[i];
        sy->start = dy_dict_alloc(d, 258 * sizeof *sy->start);
        sy->order = dy_dict_alloc(d, (size_t)(sy->nalt ? sy->nalt : 1) * sizeof *sy->order);
        if (!sy->start || !sy->order) return DYAD_ENOMEM;
        uint16_t cnt[257] = {0};
        for (int a = 0; a < sy->nalt; a++) {
            const dy_el *e = sy->alt[a].n ? &sy->alt[a].el[0] : NULL;
            int b = e && e->kind == EL_WORD ? (int)dy_sig_bit(e->word, e->len < 3 ? e->len : 3) : 256;
            cnt[b]++;
        }
        uint16_t at = 0;
        for (int b = 0; b < 257; b++) { sy->start[b] = at; at = (uint16_t)(at + cnt[b]); }
        sy->start[257] = at;
        uint16_t fill[257];
        memcpy(fill, sy->start, sizeof fill);
        for (int a = 0; a < sy->nalt; a++) {
            const dy_el *e = sy->alt[a].n ? &sy->alt[a].el[0] : NULL;
            int b = e && e->kind == EL_WORD ? (int)dy_sig_bit(e->word, e->len < 3 ? e->len : 3) : 256;
            sy->order[fill[b]++] = (uint16_t)a;
        }
    }
    for (int i = 0; i < d->nsyn; i++) {
        dy_synset *sy = &d->syn[i];
        memset(&sy->sig, 0, sizeof sy->sig);
        for (int a = 0; a < sy->nalt; a++) {
            const dy_el *e = sy->alt[a].n ? &sy->alt[a].el[0] : NULL;
            if (e && e->kind == EL_WORD) dy_sig_add(&sy->sig, dy_sig_bit(e->word, e->len));
            else memset(&sy->sig, 0xff, sizeof sy->sig);
        }
    }
    for (int i = 0; i < d->nroots; i++) {
        dy_verb *v = d->roots[i].verb;
        if (!v || v->share) continue;
        for (int k = 0; k < v->npat; k++) {
            dy_pattern *p = &v->pat[k];
            memset(&p->need, 0, sizeof p->need);
            for (int q = 0; q < p->ph.n; q++)
                if (p->ph.el[q].kind == EL_WORD) dy_sig_add(&p->need, dy_sig_bit(p->ph.el[q].word, p->ph.el[q].len));
            p->nsyns = 0;
            for (int q = 0; q < p->ph.n && p->nsyns < 3; q++)
                if (p->ph.el[q].kind == EL_SYNSET) p->syns[p->nsyns++] = p->ph.el[q].synset;
        }
    }
    /* transformations: resolve their verbs; an upper verb does not end a clause */
    for (int i = 0; i < d->ntr; i++) {
        dy_transform *t = &d->tr[i];
        t->uverb = verb_named(d, t->upper);
        t->lverb = verb_named(d, t->lower);
        if (t->uverb) t->uverb->upper = 1;
    }
    for (int i = 0; i < d->nroots; i++)
        if (d->roots[i].verb && d->roots[i].verb->share && d->roots[i].verb->share->upper) d->roots[i].verb->upper = 1;
    /* PETRARCH verbs with a code of their own use their block's patterns */
    for (int i = 0; i < d->nroots; i++) {
        dy_verb *v = d->roots[i].verb;
        if (v && v->share) {
            v->pat = v->share->pat;
            v->npat = v->share->npat;
            v->cappat = 0;
        }
    }
    /* the slots' root keys (second_* are set above) */
    d->slotkeys = malloc((size_t)(d->nroots ? d->nroots : 1) * sizeof *d->slotkeys);
    if (!d->slotkeys) return DYAD_ENOMEM;
    for (uint32_t i = 0; i < d->nslots; i++) {
        dy_slot *s = &d->slots[i];
        if (!s->word) continue;
        dy_rkey *k = d->slotkeys + (s->roots - d->slotroots);
        s->keys = k;
        for (int r = 0; r < s->nroots; r++) {
            const dy_root *rt = &d->roots[s->roots[r]];
            k[r].length = rt->ph.length;
            k[r].exact = rt->ph.el[0].exact != 0;
            k[r].one = rt->ph.n == 1;
            k[r].second_n = rt->second_n, k[r].second_consec = rt->second_consec, k[r].second_bit = rt->second_bit;
        }
    }
    d->compiled = 1;
    (void)err;
    (void)errlen;
    return 0;
}

int dy_dict_own(dyad_dict *d, dy_verb *v) {
    if (d->nowned == d->capowned) {
        size_t nc = d->capowned ? d->capowned * 2 : 256;
        dy_verb **no = realloc(d->owned, nc * sizeof *no);
        if (!no) return DYAD_ENOMEM;
        d->owned = no;
        d->capowned = nc;
    }
    d->owned[d->nowned++] = v;
    return 0;
}

void dyad_dict_set_lenient(dyad_dict *d, int on, void (*warn)(void *ctx, const char *msg), void *ctx) {
    d->lenient = on;
    d->warn = warn;
    d->warn_ctx = ctx;
}

size_t dyad_dict_skipped(const dyad_dict *d) { return d->nskipped; }

void dyad_dict_set_format(dyad_dict *d, dyad_dict_format f) { d->format = f; }

int dyad_dict_format_parse(const char *name) {
    if (!strcmp(name, "auto")) return DYAD_DICT_AUTO;
    if (!strcmp(name, "tabari")) return DYAD_DICT_TABARI;
    if (!strcmp(name, "petrarch") || !strcmp(name, "phoenix")) return DYAD_DICT_PETRARCH;
    return -1;
}

void dyad_dict_stats(const dyad_dict *d, size_t *actors, size_t *agents, size_t *verbs, size_t *patterns) {
    if (actors) *actors = d->nactors;
    if (agents) *agents = d->nagents;
    if (verbs) *verbs = d->nverbs;
    if (patterns) *patterns = d->npatterns;
}

void dyad_dict_free(dyad_dict *d) {
    if (!d) return;
    free(d->slots);
    free(d->slotroots);
    free(d->slotkeys);
    /* verbs' pattern arrays are malloc'd; each owner is listed once (a
     * PETRARCH block may own patterns without any verb of its own) */
    for (size_t i = 0; i < d->nowned; i++) free(d->owned[i]->pat);
    free(d->owned);
    free(d->roots);
    free(d->dups);
    free(d->tr);
    free(d->syn);
    free(d->names);
    free(d->sources);
    dy_image_unmap(d);
    for (size_t i = 0; i < d->nblocks; i++) free(d->blocks[i]);
    free(d->blocks);
    free(d);
}

/* ---------------------------------------------------------------- matching */

static int has_ending(const char *t, size_t tl, size_t wl, int endings) {
    static const char *const noun[] = {"s", "'s", "es", "'", NULL};
    static const char *const verb[] = {"s", "ed", "es", "en", "ing", "d", NULL};
    size_t rest = tl - wl;
    const char *x = t + wl;
    if (endings & END_NOUN)
        for (int i = 0; noun[i]; i++) if (strlen(noun[i]) == rest && !memcmp(noun[i], x, rest)) return 1;
    if (endings & END_VERB)
        for (int i = 0; verb[i]; i++) if (strlen(verb[i]) == rest && !memcmp(verb[i], x, rest)) return 1;
    return 0;
}

int dy_word_ending(const dy_el *e, const char *tok, size_t tl) {
    return e->endings ? has_ending(tok, tl, e->len, e->endings) : 0;
}
