/* issues.c — the issues dictionary: loading (PETRARCH/Phoenix IssueCoding
 * format) and matching.  The format and the matching rules are described in
 * issues.h.
 *
 * Layout.  Every dictionary word is interned once (words: open-addressing
 * hash of the lower-cased word -> word id).  Phrases, after n:/v:/+
 * expansion, are paths in a word trie whose edges live in one hash table
 * keyed by (node, word id); a node lists the entries (issue code or
 * exclusion, section) whose phrase ends there.
 *
 * Matching is one pass over the words of the text: each word is hashed once
 * and looked up (words not in the dictionary get id -1), and from every word
 * that starts some phrase the trie is walked forward while the following
 * words extend a path.  No regular expressions, no per-phrase scans.  Word
 * ids are kept in a fixed window on the stack, so matching allocates
 * nothing. */
#include "code/issues.h"
#include "dyad.h"
#include "dyad_internal.h"
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 32   /* words in one phrase */
#define MAX_WORD 120   /* bytes in one dictionary word (before inflection) */
#define MAX_FORMS 256  /* forms of one line after n:/v: expansion */
#define WINDOW 256     /* word ids kept while matching; > MAX_WORDS */
#define MAX_HITS 128   /* distinct phrases recorded per sentence */
#define HIT_SLOTS 256  /* hash slots for them (power of 2, > MAX_HITS) */
#define MAX_CODE 64    /* bytes in one issue code */
#define MAX_EXCL 32    /* distinct excluded sections per sentence before "all" */

enum { K_ISSUE = 0, K_EXCL = 1, K_STORY = 2 };

typedef struct {
    int32_t code;    /* index into codes, or -1 for an exclusion */
    int32_t section; /* 0 = outside any <ISSUE> block */
    int32_t next;    /* next entry ending at the same node, or -1 */
    int32_t kind;    /* K_* */
} entry;

/* Interned strings: ids 0..n-1, bytes in one pool. */
typedef struct {
    char *pool;
    size_t pool_len, pool_cap;
    size_t *off, *len;
    uint64_t *hash;
    size_t n, cap;
    int32_t *slot; /* -1 empty, else id */
    size_t nslot;  /* power of 2 */
    int fold;      /* compare ASCII case-insensitively (words), or exactly (codes) */
    /* a bit per string's hash (its top 18 bits, 32 KB): a text's words are
     * mostly in no phrase, and the bit says so without a probe (st_find was
     * 3% of an ingest, in cache misses) */
    dy_hbits bits;
} strtab;

struct dy_issues {
    strtab words, codes;
    size_t max_word; /* longest dictionary word, bytes */
    size_t max_len;  /* longest phrase, words */
    /* trie */
    int32_t *head; /* per node: first entry, -1 none */
    size_t nnodes, capnodes;
    uint64_t *ekey; /* edges: (parent << 32 | word) -> child */
    int32_t *eval;  /* -1 empty */
    size_t nedges, capedges; /* capedges power of 2 */
    entry *ent;
    size_t nent, capent;
    /* stats */
    size_t phrases, exclusions, sections, skipped, forms;
};

/* ------------------------------------------------------------ words */

static int is_alnum(unsigned c) { return (c - '0' < 10u) || ((c | 32u) - 'a' < 26u); }
static unsigned char lower(unsigned char c) { return ((unsigned)c - 'A' < 26u) ? (unsigned char)(c | 32) : c; }

/* Bytes of the separator starting at s[i], or 0 if s[i] starts (or
 * continues) a word. */
static inline size_t sep_len(const unsigned char *s, size_t i, size_t n) {
    unsigned c = s[i];
    if (c < 0x80) return is_alnum(c) ? 0 : 1;
    if (c == 0xC2 && i + 1 < n && (s[i + 1] == 0xA0 || s[i + 1] == 0xAB || s[i + 1] == 0xBB)) return 2;
    if (i + 2 < n && (s[i + 2] & 0xC0) == 0x80) {
        if (c == 0xE2 && (s[i + 1] == 0x80 || (s[i + 1] == 0x81 && s[i + 2] <= 0xAF))) return 3; /* U+2000-206F */
        if (c == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x80) return 3;                           /* U+3000 */
        if (c == 0xEF && s[i + 1] == 0xBB && s[i + 2] == 0xBF) return 3;                           /* U+FEFF */
    }
    return 0;
}

/* The next word in s[*pos, n): [*ws, *we).  Returns 0 when there is none. */
static int next_word(const unsigned char *s, size_t n, size_t *pos, size_t *ws, size_t *we) {
    size_t i = *pos, k;
    while (i < n && (k = sep_len(s, i, n)) > 0) i += k;
    if (i >= n) {
        *pos = n;
        return 0;
    }
    *ws = i;
    /* ASCII letters and digits inline: the other bytes ask sep_len */
    while (i < n && ((s[i] < 0x80 && is_alnum(s[i])) || (s[i] >= 0x80 && sep_len(s, i, n) == 0))) i++;
    *we = *pos = i;
    return 1;
}

static uint64_t hash_bytes(const unsigned char *s, size_t n, int fold) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= fold ? lower(s[i]) : s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static int32_t st_find(const strtab *t, const unsigned char *s, size_t n, uint64_t h) {
    if (!t->nslot || !dy_hbits_has(&t->bits, h)) return -1;
    size_t mask = t->nslot - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        int32_t id = t->slot[i];
        if (id < 0) return -1;
        if (t->hash[id] != h || t->len[id] != n) continue;
        const unsigned char *p = (const unsigned char *)t->pool + t->off[id];
        size_t k = 0;
        if (t->fold)
            while (k < n && p[k] == lower(s[k])) k++;
        else
            while (k < n && p[k] == s[k]) k++;
        if (k == n) return id;
    }
}

static int grow(void **p, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap) return 0;
    size_t nc = *cap ? *cap : 16;
    while (nc < need) {
        if (nc > SIZE_MAX / 2 / elem) return -1;
        nc *= 2;
    }
    void *np = realloc(*p, nc * elem);
    if (!np) return -1;
    *p = np;
    *cap = nc;
    return 0;
}

/* Intern s (folded to lower case when t->fold); returns the id or -1 when
 * out of memory. */
static int32_t st_add(strtab *t, const unsigned char *s, size_t n) {
    uint64_t h = hash_bytes(s, n, t->fold);
    int32_t id = st_find(t, s, n, h);
    if (id >= 0) return id;
    if (t->n >= INT32_MAX - 1) return -1;
    if ((t->n + 1) * 2 > t->nslot) {
        size_t ns = t->nslot ? t->nslot * 2 : 64;
        int32_t *sl = malloc(ns * sizeof *sl);
        if (!sl) return -1;
        for (size_t i = 0; i < ns; i++) sl[i] = -1;
        for (size_t k = 0; k < t->n; k++) {
            size_t i = (size_t)t->hash[k] & (ns - 1);
            while (sl[i] >= 0) i = (i + 1) & (ns - 1);
            sl[i] = (int32_t)k;
        }
        free(t->slot);
        t->slot = sl;
        t->nslot = ns;
    }
    size_t cap = t->cap;
    if (grow((void **)&t->off, &cap, t->n + 1, sizeof *t->off)) return -1;
    cap = t->cap;
    if (grow((void **)&t->len, &cap, t->n + 1, sizeof *t->len)) return -1;
    cap = t->cap;
    if (grow((void **)&t->hash, &cap, t->n + 1, sizeof *t->hash)) return -1;
    t->cap = cap;
    if (grow((void **)&t->pool, &t->pool_cap, t->pool_len + n + 1, 1)) return -1;
    char *dst = t->pool + t->pool_len;
    for (size_t k = 0; k < n; k++) dst[k] = (char)(t->fold ? lower(s[k]) : s[k]);
    dst[n] = '\0';
    id = (int32_t)t->n++;
    t->off[id] = t->pool_len;
    t->len[id] = n;
    t->hash[id] = h;
    dy_hbits_add(&t->bits, h);
    t->pool_len += n + 1;
    size_t i = (size_t)h & (t->nslot - 1);
    while (t->slot[i] >= 0) i = (i + 1) & (t->nslot - 1);
    t->slot[i] = id;
    return id;
}

static const char *st_str(const strtab *t, int32_t id) { return t->pool + t->off[id]; }

static void st_free(strtab *t) {
    free(t->pool);
    free(t->off);
    free(t->len);
    free(t->hash);
    free(t->slot);
}

/* ------------------------------------------------------------ trie */

static size_t edge_slot(uint64_t key, size_t cap) {
    key ^= key >> 31;
    key *= 0x9E3779B97F4A7C15ULL;
    key ^= key >> 29;
    return (size_t)key & (cap - 1);
}

static int32_t edge_get(const dy_issues *d, int32_t node, int32_t word) {
    if (!d->capedges) return -1;
    uint64_t key = (uint64_t)(uint32_t)node << 32 | (uint32_t)word;
    for (size_t i = edge_slot(key, d->capedges);; i = (i + 1) & (d->capedges - 1)) {
        if (d->eval[i] < 0) return -1;
        if (d->ekey[i] == key) return d->eval[i];
    }
}

static int32_t new_node(dy_issues *d) {
    if (d->nnodes >= INT32_MAX - 1) return -1;
    if (grow((void **)&d->head, &d->capnodes, d->nnodes + 1, sizeof *d->head)) return -1;
    d->head[d->nnodes] = -1;
    return (int32_t)d->nnodes++;
}

/* The child of node along word, created if absent; -1 when out of memory. */
static int32_t edge_add(dy_issues *d, int32_t node, int32_t word) {
    int32_t c = edge_get(d, node, word);
    if (c >= 0) return c;
    if ((d->nedges + 1) * 2 > d->capedges) {
        size_t nc = d->capedges ? d->capedges * 2 : 256;
        uint64_t *k = malloc(nc * sizeof *k);
        int32_t *v = malloc(nc * sizeof *v);
        if (!k || !v) {
            free(k);
            free(v);
            return -1;
        }
        for (size_t i = 0; i < nc; i++) v[i] = -1;
        for (size_t i = 0; i < d->capedges; i++) {
            if (d->eval[i] < 0) continue;
            size_t j = edge_slot(d->ekey[i], nc);
            while (v[j] >= 0) j = (j + 1) & (nc - 1);
            k[j] = d->ekey[i];
            v[j] = d->eval[i];
        }
        free(d->ekey);
        free(d->eval);
        d->ekey = k;
        d->eval = v;
        d->capedges = nc;
    }
    c = new_node(d);
    if (c < 0) return -1;
    uint64_t key = (uint64_t)(uint32_t)node << 32 | (uint32_t)word;
    size_t i = edge_slot(key, d->capedges);
    while (d->eval[i] >= 0) i = (i + 1) & (d->capedges - 1);
    d->ekey[i] = key;
    d->eval[i] = c;
    d->nedges++;
    return c;
}

/* Add one phrase form (words[0..n) lower-case) ending in an entry.  A form
 * already present with the same code, kind and section is not added twice. */
static int add_form(dy_issues *d, char words[][MAX_WORD + 8], size_t n, int32_t code, int kind, int32_t section) {
    int32_t node = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(words[i]);
        int32_t w = st_add(&d->words, (const unsigned char *)words[i], len);
        if (w < 0) return DYAD_ENOMEM;
        if (len > d->max_word) d->max_word = len;
        node = edge_add(d, node, w);
        if (node < 0) return DYAD_ENOMEM;
    }
    for (int32_t e = d->head[node]; e >= 0; e = d->ent[e].next)
        if (d->ent[e].code == code && d->ent[e].kind == kind && d->ent[e].section == section) return 0;
    if (d->nent >= INT32_MAX - 1 || grow((void **)&d->ent, &d->capent, d->nent + 1, sizeof *d->ent))
        return DYAD_ENOMEM;
    entry *e = &d->ent[d->nent];
    e->code = code;
    e->kind = kind;
    e->section = section;
    e->next = d->head[node];
    d->head[node] = (int32_t)d->nent++;
    if (n > d->max_len) d->max_len = n;
    d->forms++;
    return 0;
}

/* ------------------------------------------------------------ inflection */

static int is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

/* -s form (plural, third person): out gets w + suffix. */
static void form_s(const char *w, char *out) {
    size_t n = strlen(w);
    memcpy(out, w, n + 1);
    if (n >= 2 && w[n - 1] == 'y' && !is_vowel(w[n - 2])) {
        strcpy(out + n - 1, "ies");
    } else if (w[n - 1] == 's' || w[n - 1] == 'x' || w[n - 1] == 'z' ||
               (n >= 2 && (w[n - 1] == 'h' && (w[n - 2] == 'c' || w[n - 2] == 's')))) {
        strcpy(out + n, "es");
    } else {
        strcpy(out + n, "s");
    }
}

static void form_ed(const char *w, char *out) {
    size_t n = strlen(w);
    memcpy(out, w, n + 1);
    if (w[n - 1] == 'e') strcpy(out + n, "d");
    else if (n >= 2 && w[n - 1] == 'y' && !is_vowel(w[n - 2])) strcpy(out + n - 1, "ied");
    else strcpy(out + n, "ed");
}

static void form_ing(const char *w, char *out) {
    size_t n = strlen(w);
    memcpy(out, w, n + 1);
    if (n >= 2 && w[n - 2] == 'i' && w[n - 1] == 'e') strcpy(out + n - 2, "ying");
    else if (n >= 2 && w[n - 1] == 'e' && w[n - 2] != 'e' && w[n - 2] != 'o' && w[n - 2] != 'y')
        strcpy(out + n - 1, "ing");
    else strcpy(out + n, "ing");
}

/* ------------------------------------------------------------ loading */

typedef struct {
    dy_issues *d;
    const char *name;
    long line;
    int section;      /* current section, 0 = none */
    long section_line; /* where it was opened */
    char msg[512];
} parser;

static int perr(parser *p, const char *fmt, ...) {
    int k = snprintf(p->msg, sizeof p->msg, "%s:%ld: ", p->name, p->line);
    if (k < 0) k = 0;
    if ((size_t)k < sizeof p->msg) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->msg + k, sizeof p->msg - (size_t)k, fmt, ap);
        va_end(ap);
    }
    return DYAD_EPARSE;
}

static int is_blank(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

/* Parse a phrase s[0,n) and add its forms with (code, kind). */
static int add_phrase(parser *p, const char *s, size_t n, int32_t code, int kind) {
    static const int nforms_of[3] = {1, 2, 4}; /* plain, n:, v: */
    char words[MAX_WORDS][MAX_WORD + 8];
    int infl[MAX_WORDS]; /* 0 plain, 1 noun, 2 verb */
    size_t nw = 0;
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        while (i < n && is_blank(u[i])) i++;
        if (i >= n) break;
        size_t cs = i;
        while (i < n && !is_blank(u[i])) i++;
        size_t ce = i;
        /* a chunk: '+'-pieces, each may start with n: or v: */
        char chunk[512];
        size_t cl = 0;
        int mark = 0;
        size_t piece = cs; /* where the current '+'-piece starts */
        for (size_t k = cs; k < ce;) {
            if (k == piece && k + 1 < ce && u[k + 1] == ':' && (lower(u[k]) == 'n' || lower(u[k]) == 'v')) {
                if (mark) return perr(p, "more than one n: or v: in \"%.*s\"", (int)(ce - cs), s + cs);
                mark = lower(u[k]) == 'n' ? 1 : 2;
                k += 2;
                piece = k;
                continue;
            }
            if (cl + 1 >= sizeof chunk) return perr(p, "\"%.40s...\" is too long", s + cs);
            chunk[cl++] = u[k] == '+' ? ' ' : (char)u[k];
            if (u[k] == '+') piece = k + 1;
            k++;
        }
        size_t pos = 0, ws, we, first = nw;
        while (next_word((const unsigned char *)chunk, cl, &pos, &ws, &we)) {
            if (nw >= MAX_WORDS) return perr(p, "phrase has more than %d words", MAX_WORDS);
            if (we - ws > MAX_WORD) return perr(p, "word longer than %d bytes", MAX_WORD);
            for (size_t k = ws; k < we; k++) words[nw][k - ws] = (char)lower((unsigned char)chunk[k]);
            words[nw][we - ws] = '\0';
            infl[nw++] = 0;
        }
        if (mark) {
            if (nw == first) return perr(p, "%s: with no word after it", mark == 1 ? "n" : "v");
            infl[nw - 1] = mark;
        }
    }
    if (nw == 0) return perr(p, "phrase has no words");
    size_t total = 1;
    for (size_t k = 0; k < nw; k++) {
        total *= (size_t)nforms_of[infl[k]];
        if (total > MAX_FORMS) return perr(p, "more than %d forms after n:/v: expansion", MAX_FORMS);
    }
    char form[MAX_WORDS][MAX_WORD + 8];
    for (size_t f = 0; f < total; f++) {
        size_t rest = f;
        for (size_t k = 0; k < nw; k++) {
            int which = (int)(rest % (size_t)nforms_of[infl[k]]);
            rest /= (size_t)nforms_of[infl[k]];
            if (which == 0) strcpy(form[k], words[k]);
            else if (which == 1) form_s(words[k], form[k]);
            else if (which == 2) form_ed(words[k], form[k]);
            else form_ing(words[k], form[k]);
        }
        int rc = add_form(p->d, form, nw, code, kind, p->section);
        if (rc) return rc;
    }
    return 0;
}

/* <ISSUE ...> or </ISSUE>. */
static int parse_tag(parser *p, const char *s, size_t n) {
    size_t i = 1;
    int closing = 0;
    if (i < n && s[i] == '/') closing = 1, i++;
    size_t ns = i;
    while (i < n && is_alnum((unsigned char)s[i])) i++;
    int ok = i - ns == 5; /* tag names are case-insensitive */
    for (size_t k = 0; ok && k < 5; k++) ok = lower((unsigned char)s[ns + k]) == "issue"[k];
    if (!ok) return perr(p, "unknown tag \"%.*s\" (expected <ISSUE ...> or </ISSUE>)", (int)(n < 60 ? n : 60), s);
    if (s[n - 1] != '>') return perr(p, "tag does not end with '>'");
    if (memchr(s + 1, '>', n - 2)) return perr(p, "text after '>'");
    if (closing) {
        while (i < n - 1 && is_blank((unsigned char)s[i])) i++;
        if (i != n - 1) return perr(p, "</ISSUE> takes no attributes");
        if (!p->section) return perr(p, "</ISSUE> with no <ISSUE> open");
        p->section = 0;
        return 0;
    }
    if (i < n - 1 && !is_blank((unsigned char)s[i])) return perr(p, "unknown tag \"%.*s\"", (int)(n < 60 ? n : 60), s);
    if (p->section) {
        long open = p->section_line;
        p->section = 0; /* a lenient load goes on with the new section */
        p->d->sections++;
        p->section = (int)p->d->sections;
        p->section_line = p->line;
        return perr(p, "<ISSUE> inside the <ISSUE> opened at line %ld (missing </ISSUE>)", open);
    }
    if (p->d->sections >= INT32_MAX - 1) return perr(p, "too many sections");
    p->d->sections++;
    p->section = (int)p->d->sections;
    p->section_line = p->line;
    return 0;
}

static int code_ok(unsigned char c) { return c > ' ' && c != ',' && c != ';' && c != '[' && c != ']' && c != 0x7F; }

/* One line, comment removed, blanks trimmed, n > 0.  Returns 0, DYAD_EPARSE
 * (message in p->msg), DYAD_ENOMEM, or 1 when a lenient load used the line
 * but it deserves a warning (message in p->msg). */
static int parse_line(parser *p, const char *s, size_t n, int lenient) {
    if (s[0] == '<') return parse_tag(p, s, n);
    if (s[0] == '~') {
        int kind = K_EXCL;
        size_t i = 1;
        if (n > 1 && s[1] == '~') kind = K_STORY, i = 2;
        if (memchr(s, '[', n) || memchr(s, ']', n)) return perr(p, "an exclusion (~) takes no [CODE]");
        int rc = add_phrase(p, s + i, n - i, -1, kind);
        if (rc == 0) p->d->exclusions++;
        return rc;
    }
    const char *lb = memchr(s, '[', n);
    if (!lb) return perr(p, "no [CODE] after \"%.*s\"", (int)(n < 60 ? n : 60), s);
    if (memchr(s, ']', (size_t)(lb - s))) return perr(p, "']' before '['");
    const char *cs = lb + 1;
    const char *rb = memchr(cs, ']', n - (size_t)(cs - s));
    if (!rb) return perr(p, "missing ']' after the code");
    size_t cl = (size_t)(rb - cs);
    while (cl && is_blank((unsigned char)*cs)) cs++, cl--;
    while (cl && is_blank((unsigned char)cs[cl - 1])) cl--;
    if (!cl) return perr(p, "empty [CODE]");
    if (cl > MAX_CODE) return perr(p, "code longer than %d bytes", MAX_CODE);
    for (size_t k = 0; k < cl; k++)
        if (!code_ok((unsigned char)cs[k])) return perr(p, "bad character in code [%.*s]", (int)(cl < 60 ? cl : 60), cs);
    int trailing = 0;
    for (const char *q = rb + 1; q < s + n; q++)
        if (!is_blank((unsigned char)*q)) trailing = 1;
    if (trailing && !lenient) return perr(p, "text after ']'");
    if (p->d->codes.n >= INT32_MAX - 1) return DYAD_ENOMEM;
    int32_t code = st_add(&p->d->codes, (const unsigned char *)cs, cl);
    if (code < 0) return DYAD_ENOMEM;
    int rc = add_phrase(p, s, (size_t)(lb - s), code, K_ISSUE);
    if (rc) return rc;
    p->d->phrases++;
    if (trailing) {
        perr(p, "text after ']' ignored");
        return 1; /* used, with a warning */
    }
    return 0;
}

void dy_issues_free(dy_issues *d) {
    if (!d) return;
    st_free(&d->words);
    st_free(&d->codes);
    free(d->head);
    free(d->ekey);
    free(d->eval);
    free(d->ent);
    free(d);
}

static void set_err(char *err, size_t errlen, const char *msg) {
    if (err && errlen) snprintf(err, errlen, "%s", msg);
}

dy_issues *dy_issues_load_buffer(const char *name, const char *buf, size_t n, const dy_issues_opts *o, char *err,
                                 size_t errlen) {
    if (!name) name = "issues";
    if (!buf && n) {
        set_err(err, errlen, "no input");
        return NULL;
    }
    int lenient = o && o->lenient;
    dy_issues *d = calloc(1, sizeof *d);
    if (!d) goto nomem;
    d->words.fold = 1;
    if (new_node(d) != 0) goto nomem; /* the root */
    parser p = {.d = d, .name = name};
    size_t i = 0;
    if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) i = 3;
    while (i < n) {
        p.line++;
        const char *ls = buf + i;
        const char *nl = memchr(ls, '\n', n - i);
        size_t len = nl ? (size_t)(nl - ls) : n - i;
        i += len + (nl ? 1 : 0);
        const char *hash = memchr(ls, '#', len);
        if (hash) len = (size_t)(hash - ls);
        while (len && is_blank((unsigned char)*ls)) ls++, len--;
        while (len && is_blank((unsigned char)ls[len - 1])) len--;
        if (!len) continue;
        int rc = parse_line(&p, ls, len, lenient);
        if (rc == 1) { /* used, with a warning (lenient only) */
            if (o->warn) o->warn(o->ctx, p.msg);
            continue;
        }
        if (rc == DYAD_ENOMEM) goto nomem;
        if (rc) {
            if (!lenient) {
                set_err(err, errlen, p.msg);
                dy_issues_free(d);
                return NULL;
            }
            d->skipped++;
            if (o->warn) o->warn(o->ctx, p.msg);
        }
    }
    if (p.section) {
        p.line = p.section_line;
        perr(&p, "<ISSUE> is never closed (missing </ISSUE>)");
        if (!lenient) {
            set_err(err, errlen, p.msg);
            dy_issues_free(d);
            return NULL;
        }
        d->skipped++;
        if (o->warn) o->warn(o->ctx, p.msg);
    }
    d->sections++; /* count section 0 (outside any block) too: mask size */
    return d;
nomem:
    set_err(err, errlen, "out of memory");
    dy_issues_free(d);
    return NULL;
}

dy_issues *dy_issues_load_opts(const char *path, const dy_issues_opts *o, char *err, size_t errlen) {
    if (!path) {
        set_err(err, errlen, "no issues file given");
        return NULL;
    }
    size_t len;
    char *buf = dy_read_file(path, &len);
    if (!buf) {
        if (err && errlen) snprintf(err, errlen, "%s: %s", path, errno == EIO ? "read error" : strerror(errno));
        return NULL;
    }
    dy_issues *d = dy_issues_load_buffer(path, buf, len, o, err, errlen);
    free(buf);
    return d;
}

dy_issues *dy_issues_load(const char *path, char *err, size_t errlen) {
    return dy_issues_load_opts(path, NULL, err, errlen);
}

size_t dy_issues_count(const dy_issues *d) { return d ? d->phrases : 0; }

size_t dy_issues_sections(const dy_issues *d) { return d ? d->sections : 0; }

void dy_issues_stats(const dy_issues *d, size_t *codes, size_t *forms, size_t *exclusions, size_t *sections,
                     size_t *skipped) {
    if (codes) *codes = d ? d->codes.n : 0;
    if (forms) *forms = d ? d->forms : 0;
    if (exclusions) *exclusions = d ? d->exclusions : 0;
    if (sections) *sections = d && d->sections ? d->sections - 1 : 0;
    if (skipped) *skipped = d ? d->skipped : 0;
}

/* ------------------------------------------------------------ matching */

typedef struct {
    int32_t slot[HIT_SLOTS]; /* entry ids seen, -1 empty */
    int32_t item[MAX_HITS];  /* issue entries, in the order found */
    int nitem;
    int32_t excl[MAX_EXCL]; /* sections excluded in this text */
    int nexcl, excl_all;
    unsigned char *story; /* story mode: mark ~~ sections here */
    size_t nstory;
} hits;

static void hit(const dy_issues *d, hits *h, int32_t e) {
    const entry *x = &d->ent[e];
    if (h->story) {
        if (x->kind == K_STORY && !h->story[x->section]) {
            h->story[x->section] = 1;
            h->nstory++;
        }
        return;
    }
    if (x->kind != K_ISSUE) {
        if (x->section == 0) h->excl_all = 1;
        for (int k = 0; k < h->nexcl; k++)
            if (h->excl[k] == x->section) return;
        if (h->nexcl < MAX_EXCL) h->excl[h->nexcl++] = x->section;
        else h->excl_all = 1;
        return;
    }
    size_t i = ((size_t)e * 2654435761u) & (HIT_SLOTS - 1);
    while (h->slot[i] >= 0) {
        if (h->slot[i] == e) return;
        i = (i + 1) & (HIT_SLOTS - 1);
    }
    if (h->nitem >= MAX_HITS) return;
    h->slot[i] = e;
    h->item[h->nitem++] = e;
}

static int32_t word_id(const dy_issues *d, const unsigned char *s, size_t n) {
    if (n > d->max_word) return -1;
    return st_find(&d->words, s, n, hash_bytes(s, n, 1));
}

static void scan(const dy_issues *d, const unsigned char *s, size_t n, hits *h) {
    if (!d->nedges) return;
    int32_t buf[WINDOW];
    size_t fill = 0, pos = 0, keep = d->max_len ? d->max_len - 1 : 0;
    int done = 0;
    for (;;) {
        size_t ws, we;
        while (fill < WINDOW) {
            if (!next_word(s, n, &pos, &ws, &we)) {
                done = 1;
                break;
            }
            buf[fill++] = word_id(d, s + ws, we - ws);
        }
        size_t limit = done ? fill : fill - keep;
        for (size_t i = 0; i < limit; i++) {
            int32_t node = 0;
            for (size_t j = i; j < fill && buf[j] >= 0; j++) {
                node = edge_get(d, node, buf[j]);
                if (node < 0) break;
                for (int32_t e = d->head[node]; e >= 0; e = d->ent[e].next) hit(d, h, e);
            }
        }
        if (done) return;
        memmove(buf, buf + limit, (fill - limit) * sizeof *buf);
        fill -= limit;
    }
}

size_t dy_issues_story(const dy_issues *d, const char *text, size_t n, unsigned char *mask) {
    if (!d || !mask) return 0;
    memset(mask, 0, d->sections);
    if (!text) return 0;
    hits h;
    h.story = mask;
    h.nstory = 0;
    scan(d, (const unsigned char *)text, n, &h);
    return h.nstory;
}

int dy_issues_match_story(const dy_issues *d, const char *text, size_t start, size_t end, const unsigned char *mask,
                          char *out, size_t outcap) {
    if (out && outcap) out[0] = '\0';
    if (!d || !text || end <= start) return 0;
    if (mask && mask[0]) return 0;
    hits h;
    for (size_t i = 0; i < HIT_SLOTS; i++) h.slot[i] = -1;
    h.nitem = h.nexcl = h.excl_all = 0;
    h.story = NULL;
    scan(d, (const unsigned char *)text + start, end - start, &h);
    if (h.excl_all) return 0;
    int32_t code[MAX_HITS];
    int count[MAX_HITS], nc = 0;
    for (int k = 0; k < h.nitem; k++) {
        const entry *x = &d->ent[h.item[k]];
        if (mask && mask[x->section]) continue;
        int ex = 0;
        for (int q = 0; q < h.nexcl && !ex; q++) ex = h.excl[q] == x->section;
        if (ex) continue;
        int c = 0;
        while (c < nc && code[c] != x->code) c++;
        if (c == nc) {
            /* insert in code order (the order the dictionary names them) */
            while (c > 0 && code[c - 1] > x->code) {
                code[c] = code[c - 1];
                count[c] = count[c - 1];
                c--;
            }
            code[c] = x->code;
            count[c] = 0;
            nc++;
        }
        count[c]++;
    }
    size_t o = 0;
    for (int c = 0; c < nc && out; c++) {
        char item[160];
        int k = snprintf(item, sizeof item, "%s%s,%d", o ? ";" : "", st_str(&d->codes, code[c]), count[c]);
        if (k < 0 || (size_t)k >= sizeof item || o + (size_t)k + 1 > outcap) break;
        memcpy(out + o, item, (size_t)k + 1);
        o += (size_t)k;
    }
    return nc;
}

int dy_issues_match(const dy_issues *d, const char *text, size_t start, size_t end, char *out, size_t outcap) {
    return dy_issues_match_story(d, text, start, end, NULL, out, outcap);
}
