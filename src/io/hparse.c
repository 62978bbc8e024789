/* hparse.c — dyad's own HTML parser.
 *
 * Why not libxml2's: its HTML parser decodes the page a character at a time
 * and mallocs every node, attribute and string; on news pages it was 60% of
 * reading a WARC archive (bench/warc: 32 MB/s).  This parser finds tags with
 * memchr, keeps everything in one arena freed at once, and builds the tree
 * html.c walks (elements, attributes, text) and nothing else.
 *
 * What it does, after the HTML standard, simplified:
 *   - tags, attributes (quoted, unquoted, bare), comments, <!DOCTYPE>,
 *     <?...?> and <![CDATA[...]]> (kept as text); names lowercased;
 *   - character references: the HTML 4 named entities (Latin-1, symbols,
 *     punctuation, plus &numero; and &apos;), decimal and hex numbers (the
 *     Windows-1252 meaning of 128-159, U+FFFD for invalid ones), with or
 *     without the final ';' for the classic ones (&amp &nbsp);
 *   - raw text elements (script, style, iframe, noembed, noframes, xmp) and
 *     escapable raw text (title, textarea) end only at their end tag;
 *   - void elements (br, img, meta, ...) and "<x/>" never take children;
 *   - implied end tags: a block element closes an open <p>; <li> closes an
 *     open <li>, <dt>/<dd> an open <dt>/<dd>, a cell an open cell, a row an
 *     open row, a table section an open section, <option> an open option, a
 *     heading a heading that is still open, <a> an open <a>; an end tag
 *     closes everything opened after its element, but not past a table
 *     cell, a table or a caption it was not opened in; an end tag with no
 *     open element is ignored;
 *   - one "html" root; <head> and <body> become its children (a second one
 *     is ignored); text and elements before <body> stay under the root.
 * Not done: the adoption agency for misnested formatting elements (<b><i>
 * </b></i> closes the <i> with the <b>), foster parenting of text inside
 * tables, <template>, foreign content rules for SVG/MathML (their elements
 * are elements like any other).  Nesting deeper than MAXSTACK elements is
 * flattened: deeper elements become siblings, so no walk recurses without
 * bound. */
#include "io/hparse.h"
#include "dyad_internal.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAXSTACK 256

typedef struct blk {
    struct blk *next;
    size_t used, cap;
    max_align_t data[];
} blk;

struct dy_hdoc {
    blk *b;
    dy_hnode *root;
    int oom;
};

static void *aalloc(dy_hdoc *d, size_t n) {
    n = (n + 15) & ~(size_t)15;
    blk *b = d->b;
    if (!b || b->used + n > b->cap) {
        size_t cap = n > 65536 ? n : 65536;
        if (b && cap < b->cap * 2 && b->cap < (1u << 24)) cap = b->cap * 2;
        blk *nb = malloc(sizeof *nb + cap);
        if (!nb) { d->oom = 1; return NULL; }
        nb->next = b, nb->used = 0, nb->cap = cap;
        d->b = b = nb;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

/* ------------------------------------------------------------ tag table */

enum {
    F_VOID = 1,    /* never has children */
    F_RAW = 2,     /* raw text up to the end tag */
    F_RCDATA = 4,  /* the same, character references decoded */
    F_CLOSEP = 8,  /* its start tag closes an open <p> */
    F_SCOPE = 16,  /* an end tag does not look past it */
    F_HEADING = 32,
    F_LIST = 64,   /* ul, ol: the scope of <li> */
    F_IMPLIES = 128 /* its start tag may close an element of its own kind (li, dt, td, tr, option, a ...) */
};

typedef struct {
    const char *name;
    int f;
} tag_info;

/* sorted by name (bsearch) */
static const tag_info TAGS[] = {
    {"a", F_IMPLIES}, {"address", F_CLOSEP}, {"applet", F_SCOPE}, {"area", F_VOID}, {"article", F_CLOSEP},
    {"aside", F_CLOSEP}, {"b", 0}, {"base", F_VOID}, {"basefont", F_VOID}, {"bgsound", F_VOID},
    {"blockquote", F_CLOSEP}, {"body", 0}, {"br", F_VOID}, {"button", 0}, {"caption", F_SCOPE},
    {"center", F_CLOSEP}, {"col", F_VOID}, {"dd", F_IMPLIES}, {"details", F_CLOSEP}, {"dialog", F_CLOSEP},
    {"dir", F_CLOSEP}, {"div", F_CLOSEP}, {"dl", F_CLOSEP}, {"dt", F_IMPLIES}, {"em", 0}, {"embed", F_VOID},
    {"fieldset", F_CLOSEP}, {"figcaption", F_CLOSEP}, {"figure", F_CLOSEP}, {"footer", F_CLOSEP},
    {"form", F_CLOSEP}, {"frame", F_VOID}, {"h1", F_CLOSEP | F_HEADING}, {"h2", F_CLOSEP | F_HEADING},
    {"h3", F_CLOSEP | F_HEADING}, {"h4", F_CLOSEP | F_HEADING}, {"h5", F_CLOSEP | F_HEADING},
    {"h6", F_CLOSEP | F_HEADING}, {"head", 0}, {"header", F_CLOSEP}, {"hgroup", F_CLOSEP}, {"hr", F_VOID | F_CLOSEP},
    {"html", F_SCOPE}, {"i", 0}, {"iframe", F_RAW}, {"img", F_VOID}, {"input", F_VOID}, {"keygen", F_VOID},
    {"li", F_CLOSEP | F_IMPLIES}, {"link", F_VOID}, {"main", F_CLOSEP}, {"marquee", F_SCOPE}, {"menu", F_CLOSEP},
    {"meta", F_VOID}, {"nav", F_CLOSEP}, {"noembed", F_RAW}, {"noframes", F_RAW}, {"object", F_SCOPE},
    {"ol", F_CLOSEP | F_LIST}, {"optgroup", F_IMPLIES}, {"option", F_IMPLIES}, {"p", F_CLOSEP}, {"param", F_VOID}, {"plaintext", F_RAW},
    {"pre", F_CLOSEP}, {"script", F_RAW}, {"section", F_CLOSEP}, {"source", F_VOID}, {"span", 0},
    {"style", F_RAW}, {"summary", F_CLOSEP}, {"table", F_CLOSEP | F_SCOPE}, {"tbody", F_IMPLIES},
    {"td", F_SCOPE | F_IMPLIES}, {"template", F_SCOPE}, {"textarea", F_RCDATA}, {"tfoot", F_IMPLIES}, {"th", F_SCOPE | F_IMPLIES},
    {"thead", F_IMPLIES}, {"title", F_RCDATA}, {"tr", F_IMPLIES}, {"track", F_VOID}, {"ul", F_CLOSEP | F_LIST},
    {"wbr", F_VOID}, {"xmp", F_RAW | F_CLOSEP},
};

static int cmp_tag(const void *k, const void *e) { return strcmp(k, ((const tag_info *)e)->name); }

/* a known tag: its static name and flags */
static const tag_info *tag_of(const char *name) {
    return bsearch(name, TAGS, sizeof TAGS / sizeof TAGS[0], sizeof TAGS[0], cmp_tag);
}

static int flags_of(const dy_hnode *e) { return e->hflags; }

/* ------------------------------------------------------------ references */

/* names of U+00A0..U+00FF, in order */
static const char *const LATIN1[96] = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",    "copy",   "ordf",
    "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn", "sup2",   "sup3",   "acute",  "micro",
    "para",   "middot", "cedil",  "sup1",   "ordm",   "raquo",  "frac14", "frac12", "frac34", "iquest", "Agrave",
    "Aacute", "Acirc",  "Atilde", "Auml",   "Aring",  "AElig",  "Ccedil", "Egrave", "Eacute", "Ecirc",  "Euml",
    "Igrave", "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde", "Ouml",
    "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",  "szlig",  "agrave", "aacute",
    "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil", "egrave", "eacute", "ecirc",  "euml",   "igrave",
    "iacute", "icirc",  "iuml",   "eth",    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide",
    "oslash", "ugrave", "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml"};

static const struct { const char *name; uint32_t cp; } OTHER[] = {
    {"quot", 34},     {"amp", 38},      {"apos", 39},     {"lt", 60},       {"gt", 62},       {"OElig", 338},
    {"oelig", 339},   {"Scaron", 352},  {"scaron", 353},  {"Yuml", 376},    {"fnof", 402},    {"circ", 710},
    {"tilde", 732},   {"ensp", 8194},   {"emsp", 8195},   {"thinsp", 8201}, {"zwnj", 8204},   {"zwj", 8205},
    {"lrm", 8206},    {"rlm", 8207},    {"ndash", 8211},  {"mdash", 8212},  {"lsquo", 8216},  {"rsquo", 8217},
    {"sbquo", 8218},  {"ldquo", 8220},  {"rdquo", 8221},  {"bdquo", 8222},  {"dagger", 8224}, {"Dagger", 8225},
    {"bull", 8226},   {"hellip", 8230}, {"permil", 8240}, {"prime", 8242},  {"Prime", 8243},  {"lsaquo", 8249},
    {"rsaquo", 8250}, {"oline", 8254},  {"frasl", 8260},  {"euro", 8364},   {"numero", 8470}, {"trade", 8482},
    {"larr", 8592},   {"uarr", 8593},   {"rarr", 8594},   {"darr", 8595},   {"harr", 8596},   {"minus", 8722},
    {"infin", 8734},  {"asymp", 8776},  {"ne", 8800},     {"le", 8804},     {"ge", 8805},     {"hearts", 9829},
};

/* Windows-1252 for references to 128..159 */
static const uint16_t W1252[32] = {0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                   0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                                   0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                   0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

static int is_alnum(unsigned char c) { return ((unsigned)c - (unsigned)'0' < 10u) || (((unsigned)c | 32u) - (unsigned)'a' < 26u); }

/* the named reference s[0..k) (without '&' and ';'): its code point, 0 if none */
static uint32_t named(const char *s, size_t k) {
    if (k < 2 || k > 8) return 0;
    for (int i = 0; i < 96; i++)
        if (LATIN1[i][0] == s[0] && strlen(LATIN1[i]) == k && !memcmp(LATIN1[i], s, k)) return 0xA0u + (uint32_t)i;
    for (size_t i = 0; i < sizeof OTHER / sizeof OTHER[0]; i++)
        if (OTHER[i].name[0] == s[0] && strlen(OTHER[i].name) == k && !memcmp(OTHER[i].name, s, k)) return OTHER[i].cp;
    return 0;
}

/* Decode the references of s[0, n) into out (never longer than the input):
 * its length. */
static size_t decode(const char *s, size_t n, char *out) {
    size_t o = 0, i = 0;
    while (i < n) {
        const char *amp = memchr(s + i, '&', n - i);
        size_t j = amp ? (size_t)(amp - s) : n;
        memcpy(out + o, s + i, j - i);
        o += j - i;
        if (!amp) break;
        i = j + 1;
        uint32_t cp = 0;
        size_t e = i;
        if (e < n && s[e] == '#') {
            e++;
            int hex = e < n && (s[e] == 'x' || s[e] == 'X');
            if (hex) e++;
            size_t d0 = e;
            uint32_t v = 0;
            while (e < n && (hex ? is_alnum((unsigned char)s[e]) && ((s[e] | 32) <= 'f' || s[e] <= '9') : s[e] >= '0' && s[e] <= '9')) {
                unsigned c = (unsigned char)s[e];
                unsigned dv = c <= '9' ? c - '0' : (c | 32) - 'a' + 10;
                if (v < 0x110000) v = v * (hex ? 16 : 10) + dv;
                e++;
            }
            if (e > d0) {
                if (v >= 0x80 && v <= 0x9F) v = W1252[v - 0x80];
                if (!v || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) v = 0xFFFD;
                cp = v;
                if (e < n && s[e] == ';') e++;
            }
        } else {
            while (e < n && e - i < 9 && is_alnum((unsigned char)s[e])) e++;
            cp = named(s + i, e - i);
            if (cp && e < n && s[e] == ';') e++;
            else if (cp && cp != 38 && cp != 60 && cp != 62 && cp != 34 && cp != 0xA0 && cp != 0xA9 && cp != 0xAE)
                cp = 0; /* without ';' only the classic few */
        }
        if (cp) {
            o += dy_utf8_put(out + o, cp);
            i = e;
        } else {
            out[o++] = '&';
        }
    }
    return o;
}

/* ------------------------------------------------------------ tree */

typedef struct {
    dy_hdoc *d;
    dy_hnode *stack[MAXSTACK];
    int depth; /* stack[0] is the root */
    int head, body;
} builder;

static dy_hnode *cur(builder *b) { return b->stack[b->depth - 1]; }

static void append(dy_hnode *parent, dy_hnode *n) {
    n->parent = parent;
    if (parent->last) parent->last->next = n;
    else parent->children = n;
    parent->last = n;
}

/* text s[0, n) under the current element, merged with a text node before it */
static void add_text(builder *b, const char *s, size_t n, int refs) {
    if (!n) return;
    dy_hnode *p = cur(b), *last = p->last;
    size_t old = last && last->type == H_TEXT ? strlen(last->content) : 0;
    char *t = aalloc(b->d, old + n + 1);
    if (!t) return;
    if (old) memcpy(t, last->content, old);
    size_t k = refs && memchr(s, '&', n) ? decode(s, n, t + old) : (memcpy(t + old, s, n), n);
    t[old + k] = 0;
    if (old) { last->content = t; return; }
    dy_hnode *x = aalloc(b->d, sizeof *x);
    if (!x) return;
    memset(x, 0, sizeof *x);
    x->type = H_TEXT;
    x->name = "text";
    x->content = t;
    append(p, x);
}

static int named_is(const dy_hnode *e, const char *name) { return !strcmp(e->name, name); }

/* the depth of the innermost open element named like one of names, searching
 * down to a scope boundary (or a list, for li); 0 if none */
static int in_scope(builder *b, const char *const *names, int stop_flags) {
    for (int i = b->depth - 1; i >= 1; i--) {
        dy_hnode *e = b->stack[i];
        for (int k = 0; names[k]; k++)
            if (named_is(e, names[k])) return i;
        if (flags_of(e) & stop_flags) return 0;
    }
    return 0;
}

static void pop_to(builder *b, int i) { /* closes stack[i] and everything above it */
    if (i >= 1 && i < b->depth) b->depth = i;
}

static void close_implied(builder *b, const char *t, int f) {
    static const char *const P[] = {"p", NULL}, *const LI[] = {"li", NULL}, *const DTDD[] = {"dt", "dd", NULL},
                             *const CELL[] = {"td", "th", NULL}, *const TR[] = {"tr", NULL},
                             *const SECT[] = {"thead", "tbody", "tfoot", NULL}, *const A[] = {"a", NULL};
    if (f & F_CLOSEP) pop_to(b, in_scope(b, P, F_SCOPE));
    if (!(f & F_IMPLIES)) { /* most tags: nothing of their own kind to close */
    } else if (!strcmp(t, "li")) pop_to(b, in_scope(b, LI, F_SCOPE | F_LIST));
    else if (!strcmp(t, "dt") || !strcmp(t, "dd")) pop_to(b, in_scope(b, DTDD, F_SCOPE));
    else if (!strcmp(t, "td") || !strcmp(t, "th")) {
        static const char *const ROW[] = {"tr", "table", NULL};
        int cell = in_scope(b, CELL, 0), row = in_scope(b, ROW, 0);
        if (cell > row) pop_to(b, cell);
    } else if (!strcmp(t, "tr")) {
        static const char *const TAB[] = {"table", NULL};
        int tr = in_scope(b, TR, 0), tab = in_scope(b, TAB, 0);
        if (tr > tab) pop_to(b, tr);
    } else if (!strcmp(t, "thead") || !strcmp(t, "tbody") || !strcmp(t, "tfoot")) {
        static const char *const TAB[] = {"table", NULL};
        int s = in_scope(b, SECT, 0), tab = in_scope(b, TAB, 0);
        if (s > tab) pop_to(b, s);
    } else if (!strcmp(t, "option") || !strcmp(t, "optgroup")) {
        if (named_is(cur(b), "option")) b->depth--;
        if (!strcmp(t, "optgroup") && named_is(cur(b), "optgroup")) b->depth--;
    } else if (!strcmp(t, "a")) {
        pop_to(b, in_scope(b, A, F_SCOPE));
    }
    if ((f & F_HEADING) && b->depth > 1 && (flags_of(cur(b)) & F_HEADING)) b->depth--;
}

static dy_hnode *new_element(builder *b, const char *name, size_t nl) {
    dy_hnode *e = aalloc(b->d, sizeof *e);
    if (!e) return NULL;
    memset(e, 0, sizeof *e);
    e->type = H_ELEMENT;
    char tmp[64];
    size_t k = nl < sizeof tmp - 1 ? nl : sizeof tmp - 1;
    memcpy(tmp, name, k);
    tmp[k] = 0;
    const tag_info *ti = tag_of(tmp);
    if (ti) {
        e->name = ti->name;
        e->hflags = ti->f;
    } else {
        char *s = aalloc(b->d, k + 1);
        if (!s) return NULL;
        memcpy(s, tmp, k + 1);
        e->name = s;
    }
    return e;
}

static void start_element(builder *b, dy_hnode *e, int selfclose) {
    int f = flags_of(e);
    if (named_is(e, "html")) { /* its attributes go to the root */
        if (!b->stack[0]->properties) b->stack[0]->properties = e->properties;
        return;
    }
    if (named_is(e, "head") || named_is(e, "body")) {
        int body = named_is(e, "body");
        if ((body && b->body) || (!body && (b->head || b->body))) return;
        b->depth = 1;
        append(b->stack[0], e);
        b->stack[b->depth++] = e;
        if (body) b->body = 1;
        else b->head = 1;
        return;
    }
    close_implied(b, e->name, f);
    append(cur(b), e);
    if (!(f & F_VOID) && !selfclose && b->depth < MAXSTACK) b->stack[b->depth++] = e;
}

static void end_element(builder *b, const char *name) {
    if (!strcmp(name, "html") || !strcmp(name, "body")) return; /* what follows stays in the body */
    if (!strcmp(name, "head")) {
        for (int i = b->depth - 1; i >= 1; i--)
            if (named_is(b->stack[i], "head")) { pop_to(b, i); return; }
        return;
    }
    for (int i = b->depth - 1; i >= 1; i--) {
        dy_hnode *e = b->stack[i];
        if (!strcmp(e->name, name)) { pop_to(b, i); return; }
        if (flags_of(e) & F_SCOPE) return;
    }
}

/* ------------------------------------------------------------ tokenizer */

static int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
static int is_alpha(unsigned char c) { return ((unsigned)c | 32u) - (unsigned)'a' < 26u; }

/* the end of "</name" (case-insensitive, then a space, '/' or '>') at or
 * after i; n when there is none */
static size_t find_end_tag(const char *s, size_t n, size_t i, const char *name) {
    size_t nl = strlen(name);
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt) return n;
        size_t j = (size_t)(lt - s);
        if (j + 2 + nl <= n && s[j + 1] == '/') {
            size_t k = 0;
            while (k < nl && (s[j + 2 + k] | 32) == name[k]) k++;
            if (k == nl && (j + 2 + nl == n || is_space((unsigned char)s[j + 2 + nl]) || s[j + 2 + nl] == '>' ||
                            s[j + 2 + nl] == '/'))
                return j;
        }
        i = j + 1;
    }
    return n;
}

/* the index of the three bytes e ("-->", "]]>") at or after k; n if none */
static size_t find_end3(const char *s, size_t n, size_t k, const char *e) {
    while (k + 2 < n) {
        const char *p = memchr(s + k, e[0], n - 2 - k);
        if (!p) break;
        k = (size_t)(p - s);
        if (s[k + 1] == e[1] && s[k + 2] == e[2]) return k;
        k++;
    }
    return n;
}

static size_t skip_to_gt(const char *s, size_t n, size_t i) {
    const char *gt = memchr(s + i, '>', n - i);
    return gt ? (size_t)(gt - s) + 1 : n;
}

/* a start tag at s[i] ('<' then a letter): returns the index after it */
static size_t start_tag(builder *b, const char *s, size_t n, size_t i) {
    size_t p = i + 1, q = p;
    char name[64];
    size_t nl = 0;
    while (q < n && !is_space((unsigned char)s[q]) && s[q] != '/' && s[q] != '>') {
        if (nl < sizeof name) name[nl++] = (char)((s[q] >= 'A' && s[q] <= 'Z') ? s[q] | 32 : s[q]);
        q++;
    }
    dy_hnode *e = new_element(b, name, nl);
    if (!e) return n;
    dy_hattr *lasta = NULL;
    int selfclose = 0;
    p = q;
    for (;;) {
        while (p < n && (is_space((unsigned char)s[p]) || (s[p] == '/' && !(p + 1 < n && s[p + 1] == '>')))) p++;
        if (p >= n) break;
        if (s[p] == '>') { p++; break; }
        if (s[p] == '/') { selfclose = 1; p += 2; break; } /* "/>" */
        size_t a0 = p;
        while (p < n && !is_space((unsigned char)s[p]) && s[p] != '=' && s[p] != '>' && s[p] != '/') p++;
        if (p == a0) { p++; continue; } /* a stray '=' */
        size_t a1 = p, v0 = p, v1 = p;
        while (p < n && is_space((unsigned char)s[p])) p++;
        int has_value = 0, quoted = 0;
        if (p < n && s[p] == '=') {
            p++;
            while (p < n && is_space((unsigned char)s[p])) p++;
            has_value = 1;
            if (p < n && (s[p] == '"' || s[p] == '\'')) {
                const char *qe = memchr(s + p + 1, s[p], n - p - 1);
                v0 = p + 1;
                v1 = qe ? (size_t)(qe - s) : n;
                p = qe ? v1 + 1 : n;
                quoted = 1;
            } else {
                v0 = p;
                while (p < n && !is_space((unsigned char)s[p]) && s[p] != '>') p++;
                v1 = p;
            }
        }
        (void)quoted;
        dy_hattr *a = aalloc(b->d, sizeof *a);
        char *an = aalloc(b->d, a1 - a0 + 1), *av = aalloc(b->d, (has_value ? v1 - v0 : 0) + 1);
        if (!a || !an || !av) return n;
        for (size_t k = 0; k < a1 - a0; k++) an[k] = (char)((s[a0 + k] >= 'A' && s[a0 + k] <= 'Z') ? s[a0 + k] | 32 : s[a0 + k]);
        an[a1 - a0] = 0;
        size_t vl = has_value ? decode(s + v0, v1 - v0, av) : 0;
        av[vl] = 0;
        a->name = an, a->value = av, a->next = NULL;
        if (lasta) lasta->next = a;
        else e->properties = a;
        lasta = a;
    }
    int f = flags_of(e);
    start_element(b, e, selfclose);
    if ((f & (F_RAW | F_RCDATA)) && !selfclose) {
        size_t end = find_end_tag(s, n, p, e->name);
        int pushed = b->depth > 1 && cur(b) == e;
        if (end > p && pushed) add_text(b, s + p, end - p, (f & F_RCDATA) != 0);
        if (pushed) b->depth--;
        p = end < n ? skip_to_gt(s, n, end) : n;
    }
    return p;
}

dy_hdoc *dy_hparse(const char *s, size_t n) {
    dy_hdoc *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    builder *b = malloc(sizeof *b);
    if (!b) { free(d); return NULL; }
    memset(b, 0, sizeof *b);
    b->d = d;
    d->root = aalloc(d, sizeof *d->root);
    if (!d->root) { free(b); dy_hfree(d); return NULL; }
    memset(d->root, 0, sizeof *d->root);
    d->root->type = H_ELEMENT;
    d->root->name = "html";
    b->stack[0] = d->root;
    b->depth = 1;
    size_t i = 0;
    while (i < n && !d->oom) {
        const char *lt = memchr(s + i, '<', n - i);
        size_t j = lt ? (size_t)(lt - s) : n;
        if (j > i) add_text(b, s + i, j - i, 1);
        if (!lt) break;
        i = j;
        unsigned char c = i + 1 < n ? (unsigned char)s[i + 1] : 0;
        if (c == '!') {
            if (i + 3 < n && s[i + 2] == '-' && s[i + 3] == '-') { /* comment */
                size_t k = find_end3(s, n, i + 2, "-->"); /* "<!-->" is a whole (empty) comment */
                i = k < n ? k + 3 : n;
            } else if (i + 9 <= n && !memcmp(s + i + 2, "[CDATA[", 7)) {
                size_t k = find_end3(s, n, i + 9, "]]>");
                add_text(b, s + i + 9, k - (i + 9), 0);
                i = k < n ? k + 3 : n;
            } else {
                i = skip_to_gt(s, n, i + 2); /* <!DOCTYPE ...> */
            }
        } else if (c == '?') {
            i = skip_to_gt(s, n, i + 2);
        } else if (c == '/') {
            if (i + 2 < n && is_alpha((unsigned char)s[i + 2])) {
                char name[64];
                size_t nl = 0, q = i + 2;
                while (q < n && !is_space((unsigned char)s[q]) && s[q] != '/' && s[q] != '>') {
                    if (nl + 1 < sizeof name) name[nl++] = (char)((s[q] >= 'A' && s[q] <= 'Z') ? s[q] | 32 : s[q]);
                    q++;
                }
                name[nl] = 0;
                i = skip_to_gt(s, n, q);
                if (!strcmp(name, "br")) {
                    dy_hnode *e = new_element(b, "br", 2);
                    if (e) start_element(b, e, 1);
                } else {
                    end_element(b, name);
                }
            } else {
                i = skip_to_gt(s, n, i + 2);
            }
        } else if (is_alpha(c)) {
            i = start_tag(b, s, n, i);
        } else {
            add_text(b, "<", 1, 0);
            i++;
        }
    }
    free(b);
    if (d->oom) { dy_hfree(d); return NULL; }
    return d;
}

dy_hnode *dy_hroot(const dy_hdoc *d) { return d ? d->root : NULL; }

void dy_hfree(dy_hdoc *d) {
    if (!d) return;
    for (blk *b = d->b; b;) {
        blk *nx = b->next;
        free(b);
        b = nx;
    }
    free(d);
}
