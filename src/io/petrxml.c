/* petrxml.c — PETRARCH XML input: <Sentence date=YYYYMMDD id=... source=...
 * sentence=true|false category=...><Text>...</Text>[<Parse>...</Parse>]
 * [<EventCoding .../>]</Sentence>, inside <Sentences> and any other wrappers
 * (<Validation>, <Environment>, <Config>, comments).
 *
 * Decisions:
 *  - The whole input is in memory (callers read files or stdin first).  It is
 *    UTF-8-repaired once (invalid bytes -> U+FFFD, NUL -> space; lines are
 *    kept, so line numbers stay the file's) and then walked by a small
 *    lexical scanner that knows only comments, CDATA sections, processing
 *    instructions, declarations, quoted attribute values and tag names.  It
 *    cuts the input into one segment per <Sentence> element (and per
 *    <Config>, <Environment> child, <Stop>/<Pause> when meta items are
 *    wanted); the wrappers around them are not checked.
 *  - Each segment is parsed by its own libxml2 xmlTextReader (streaming: the
 *    <Parse> tree is skipped with xmlTextReaderNext, not built).  A record is
 *    therefore always judged alone: an XML error inside one <Sentence> makes
 *    that record the error and reading resumes at the next "<Sentence".
 *    (One reader over the whole document cannot do this: after a fatal error
 *    xmlTextReaderRead fails at once and the nodes it had parsed ahead, up to
 *    a chunk of earlier, well-formed records, are lost with it.)  A
 *    <Sentence> left open ends where the next "<Sentence" start tag begins,
 *    so a missing </Sentence> costs one record, not the rest of the file.
 *  - Parser options: XML_PARSE_RECOVER (keep reading to the end of the
 *    segment so the record's id is known for the message), XML_PARSE_NONET,
 *    XML_PARSE_BIG_LINES; XML_PARSE_NOENT is off and a segment has no DTD,
 *    so only the predefined entities and character references expand.  The
 *    XML declaration is not used: input is read as UTF-8.
 *  - libxml2 never prints: each reader has a structured error handler that
 *    keeps the first error, and the thread's generic and structured handlers
 *    are silenced for the duration of every call into libxml2, then restored.
 *  - Record checks, in order: XML errors, a missing <Text>, a missing or
 *    invalid date (YYYYMMDD; YYYY-MM-DD is also accepted).  A missing id is
 *    allowed (the article reader falls back to a content hash).
 *  - <Text> content (text and CDATA) has every run of XML whitespace replaced
 *    by one space and is trimmed.  sentence="true" (also "1", "yes", any case)
 *    marks a one-sentence record; anything else, or no attribute, a story.
 */
#include "io/petrxml.h"
#include "dyad.h"
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct sbuf {
    char *p;
    size_t len, cap;
};

struct dy_petr {
    char *buf; /* repaired input, NUL-terminated */
    size_t n;
    char *name;
    int meta;
    size_t pos;      /* scanner position */
    int in_env;      /* inside <Environment> */
    long line;       /* line number at line_off */
    size_t line_off;
    long *bad_line;  /* lines with repaired bytes, ascending */
    size_t *bad_cnt;
    size_t nbadl, badcur;
    char *err;
    /* per-item storage, released by the next call */
    char **strs;
    size_t nstrs, capstrs;
    dy_petr_coding *cod;
    int ncod, capcod;
    struct sbuf text;
    int text_space; /* a space is pending before the next text byte */
    /* libxml2 errors of the current segment */
    int xerrs;
    int xerr_line;
    char xerr[300];
};

/* ------------------------------------------------------------ helpers */

static int sb_reserve(struct sbuf *b, size_t extra) {
    if (extra > SIZE_MAX - b->len - 1) return -1;
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *q = realloc(b->p, cap);
    if (!q) return -1;
    b->p = q;
    b->cap = cap;
    return 0;
}

static int sb_add(struct sbuf *b, const char *s, size_t n) {
    if (sb_reserve(b, n)) return -1;
    if (n) memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

static int xml_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static int is_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int name_start(unsigned char c) { return is_alpha(c) || c == '_' || c == ':' || c >= 0x80; }
static int name_char(unsigned char c) { return name_start(c) || is_digit(c) || c == '-' || c == '.'; }

/* First occurrence of needle in s[0..n), or NULL (memmem is not POSIX). */
static const char *find(const char *s, size_t n, const char *needle) {
    size_t k = strlen(needle);
    if (k > n) return NULL;
    for (const char *p = s, *end = s + n - k + 1; (p = memchr(p, needle[0], (size_t)(end - p))) != NULL; p++)
        if (memcmp(p, needle, k) == 0) return p;
    return NULL;
}

static int starts(const char *s, size_t n, const char *lit) {
    size_t k = strlen(lit);
    return n >= k && memcmp(s, lit, k) == 0;
}

static void set_err(dy_petr *p, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    free(p->err);
    p->err = NULL;
    if (k < 0) return;
    p->err = malloc((size_t)k + 1);
    if (!p->err) return;
    va_start(ap, fmt);
    vsnprintf(p->err, (size_t)k + 1, fmt, ap);
    va_end(ap);
}

/* Keep a copy of s[0..n) until the next item; NULL when out of memory. */
static const char *keep(dy_petr *p, const char *s, size_t n) {
    if (p->nstrs == p->capstrs) {
        size_t cap = p->capstrs ? p->capstrs * 2 : 16;
        char **q = realloc(p->strs, cap * sizeof *q);
        if (!q) return NULL;
        p->strs = q;
        p->capstrs = cap;
    }
    char *c = malloc(n + 1);
    if (!c) return NULL;
    if (n) memcpy(c, s, n);
    c[n] = '\0';
    p->strs[p->nstrs++] = c;
    return c;
}

static void release(dy_petr *p) {
    for (size_t i = 0; i < p->nstrs; i++) free(p->strs[i]);
    p->nstrs = 0;
    p->ncod = 0;
    p->text.len = 0;
    if (p->text.p) p->text.p[0] = '\0';
    p->text_space = 0;
}

/* Line number of offset off (the scanner moves forward, so this is cheap). */
static long line_at(dy_petr *p, size_t off) {
    if (off > p->n) off = p->n;
    while (p->line_off < off) {
        const char *nl = memchr(p->buf + p->line_off, '\n', off - p->line_off);
        if (!nl) {
            p->line_off = off;
            break;
        }
        p->line++;
        p->line_off = (size_t)(nl - p->buf) + 1;
    }
    while (p->line_off > off) { /* rare: going back */
        p->line_off--;
        if (p->buf[p->line_off] == '\n') p->line--;
    }
    return p->line;
}

/* Repaired bytes on lines from..to; records come in line order, so a cursor
 * keeps this linear over the file. */
static size_t bad_in_lines(dy_petr *p, long from, long to) {
    size_t sum = 0;
    while (p->badcur < p->nbadl && p->bad_line[p->badcur] < from) p->badcur++;
    for (size_t i = p->badcur; i < p->nbadl && p->bad_line[i] <= to; i++) sum += p->bad_cnt[i];
    return sum;
}

/* ------------------------------------------------- libxml2 plumbing */

#if LIBXML_VERSION >= 21200
typedef const xmlError *dy_xerr;
#else
typedef xmlErrorPtr dy_xerr;
#endif

static void quiet_generic(void *ctx, const char *msg, ...) {
    (void)ctx;
    (void)msg;
}
static void quiet_structured(void *ctx, dy_xerr e) {
    (void)ctx;
    (void)e;
}

struct quiet {
    xmlGenericErrorFunc g;
    void *gctx;
    xmlStructuredErrorFunc s;
    void *sctx;
};

static void quiet_on(struct quiet *q) {
    q->g = xmlGenericError;
    q->gctx = xmlGenericErrorContext;
    q->s = xmlStructuredError;
    q->sctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, quiet_generic);
    xmlSetStructuredErrorFunc(NULL, quiet_structured);
}

static void quiet_off(const struct quiet *q) {
    xmlSetGenericErrorFunc(q->gctx, q->g);
    xmlSetStructuredErrorFunc(q->sctx, q->s);
}

static void on_xml_error(void *arg, dy_xerr e) {
    dy_petr *p = arg;
    if (!e || e->level < XML_ERR_ERROR) return; /* warnings do not fail a record */
    if (p->xerrs++) return;
    const char *m = e->message ? e->message : "malformed XML";
    size_t k = strlen(m);
    while (k && xml_space((unsigned char)m[k - 1])) k--;
    if (k >= sizeof p->xerr) k = sizeof p->xerr - 1;
    memcpy(p->xerr, m, k);
    p->xerr[k] = '\0';
    p->xerr_line = e->line;
}

/* libxml2 messages count lines from the segment's start ("Opening and
 * ending tag mismatch: Text line 1 and Txet"): make them the file's. */
static void fix_lines(char *m, size_t cap, long base) {
    char out[sizeof ((dy_petr *)0)->xerr];
    size_t o = 0;
    if (cap > sizeof out) cap = sizeof out;
    for (const char *s = m; *s && o + 1 < cap;) {
        if (!strncmp(s, " line ", 6) && is_digit((unsigned char)s[6])) {
            char *end;
            long v = strtol(s + 6, &end, 10);
            int k = snprintf(out + o, cap - o, " line %ld", v + base - 1);
            if (k < 0 || (size_t)k >= cap - o) break;
            o += (size_t)k;
            s = end;
        } else
            out[o++] = *s++;
    }
    out[o] = '\0';
    memcpy(m, out, o + 1);
}

static xmlTextReaderPtr open_segment(dy_petr *p, size_t b, size_t e) {
    p->xerrs = 0;
    p->xerr[0] = '\0';
    p->xerr_line = 0;
    if (e - b > INT_MAX) return NULL;
    xmlTextReaderPtr rd = xmlReaderForMemory(p->buf + b, (int)(e - b), NULL, "UTF-8",
                                             XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_BIG_LINES);
    if (rd) xmlTextReaderSetStructuredErrorHandler(rd, on_xml_error, p);
    return rd;
}

/* Attribute of the current element as a kept string ("" when absent). */
static const char *attr(dy_petr *p, xmlTextReaderPtr rd, const char *name) {
    xmlChar *v = xmlTextReaderGetAttribute(rd, BAD_CAST name);
    if (!v) return "";
    const char *s = (const char *)v;
    size_t n = strlen(s);
    while (n && xml_space((unsigned char)s[n - 1])) n--;
    while (n && xml_space((unsigned char)*s)) { s++; n--; }
    const char *k = keep(p, s, n);
    xmlFree(v);
    return k;
}

/* Append text, collapsing whitespace runs into one space. */
static int text_add(dy_petr *p, const char *s) {
    for (; *s; s++) {
        if (xml_space((unsigned char)*s)) {
            p->text_space = p->text.len > 0;
            continue;
        }
        const char *run = s;
        while (s[1] && !xml_space((unsigned char)s[1])) s++;
        if (p->text_space && sb_add(&p->text, " ", 1)) return -1;
        p->text_space = 0;
        if (sb_add(&p->text, run, (size_t)(s - run) + 1)) return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ scanner */

/* At s[i] == '<': the offset after a comment, CDATA section, processing
 * instruction or declaration that starts there (n when it is unterminated),
 * or 0 when none does. */
static size_t skip_markup(const char *s, size_t n, size_t i) {
    const char *t = s + i, *e;
    size_t r = n - i;
    if (starts(t, r, "<!--")) return (e = find(t + 4, r - 4, "-->")) ? (size_t)(e - s) + 3 : n;
    if (starts(t, r, "<![CDATA[")) return (e = find(t + 9, r - 9, "]]>")) ? (size_t)(e - s) + 3 : n;
    if (starts(t, r, "<?")) return (e = find(t + 2, r - 2, "?>")) ? (size_t)(e - s) + 2 : n;
    if (starts(t, r, "<!")) { /* DOCTYPE and other declarations: to '>' outside quotes and [...] */
        int br = 0;
        char q = 0;
        for (size_t j = i + 2; j < n; j++) {
            char c = s[j];
            if (q) {
                if (c == q) q = 0;
            } else if (c == '"' || c == '\'') q = c;
            else if (c == '[') br++;
            else if (c == ']') br--;
            else if (c == '>' && br <= 0) return j + 1;
        }
        return n;
    }
    return 0;
}

/* From the '<' of a tag at i: the offset after its '>'.  A '<' (inside or
 * outside quotes) or the end of input ends an unterminated tag there.
 * *selfclose is set for "/>". */
static size_t tag_end(const char *s, size_t n, size_t i, int *selfclose) {
    char q = 0;
    *selfclose = 0;
    for (size_t j = i + 1; j < n; j++) {
        char c = s[j];
        if (c == '<') return j;
        if (q) {
            if (c == q) q = 0;
        } else if (c == '"' || c == '\'') q = c;
        else if (c == '>') {
            *selfclose = s[j - 1] == '/';
            return j + 1;
        }
    }
    return n;
}

/* Length of the tag name at s[i] (0 when none). */
static size_t name_len(const char *s, size_t n, size_t i) {
    if (i >= n || !name_start((unsigned char)s[i])) return 0;
    size_t j = i + 1;
    while (j < n && name_char((unsigned char)s[j])) j++;
    return j - i;
}

static int name_is(const char *s, size_t n, size_t i, const char *name) {
    size_t k = name_len(s, n, i);
    return k == strlen(name) && memcmp(s + i, name, k) == 0;
}

/* End of the element named `name` whose start tag ends at te: after its
 * end tag; before the next <Sentence start tag when it is left open (a
 * record never swallows the next one); n at end of input.  *how is set to
 * 1 (closed), 0 (cut at the next <Sentence) or -1 (end of input). */
static size_t element_end(const char *s, size_t n, size_t te, int selfclose, const char *name, int *how) {
    *how = 1;
    if (selfclose) return te;
    size_t j = te;
    const char *lt;
    while (j < n && (lt = memchr(s + j, '<', n - j)) != NULL) {
        size_t k = (size_t)(lt - s), m = skip_markup(s, n, k);
        if (m) {
            j = m;
            continue;
        }
        if (k + 1 < n && s[k + 1] == '/' && name_is(s, n, k + 2, name)) {
            int sc;
            return tag_end(s, n, k, &sc);
        }
        if (name_is(s, n, k + 1, "Sentence")) {
            *how = 0;
            return k;
        }
        j = k + 1;
    }
    *how = -1;
    return n;
}

/* Blank out (spaces, newlines kept) every complete <Parse> element in
 * buf[b, e): the parse tree is not used, so it is neither parsed nor can
 * it make the record malformed. */
static void blank_parse(dy_petr *p, size_t b, size_t e) {
    char *s = p->buf;
    size_t j = b;
    const char *lt;
    while (j < e && (lt = memchr(s + j, '<', e - j)) != NULL) {
        size_t k = (size_t)(lt - s), m = skip_markup(s, e, k);
        if (m) {
            j = m;
            continue;
        }
        if (!name_is(s, e, k + 1, "Parse")) {
            j = k + 1;
            continue;
        }
        int sc, how;
        size_t t = tag_end(s, e, k, &sc);
        if (t > k && s[t - 1] != '>') return; /* a broken start tag: leave it to libxml2 */
        size_t end = element_end(s, e, t, sc, "Parse", &how);
        if (how != 1 || s[end - 1] != '>') return; /* not closed: libxml2 reports it */
        for (size_t i = k; i < end; i++)
            if (s[i] != '\n') s[i] = ' ';
        j = end;
    }
}

/* The next segment: sets [*b, *e), the start tag's end *te and the kind.
 * Returns 0 at end of input. */
static int scan(dy_petr *p, size_t *b, size_t *te, size_t *e, int *kind, int *how) {
    const char *s = p->buf;
    size_t n = p->n;
    while (p->pos < n) {
        const char *lt = memchr(s + p->pos, '<', n - p->pos);
        if (!lt) break;
        size_t k = (size_t)(lt - s), m = skip_markup(s, n, k);
        if (m) {
            p->pos = m;
            continue;
        }
        int sc;
        if (k + 1 < n && s[k + 1] == '/') {
            if (name_is(s, n, k + 2, "Environment")) p->in_env = 0;
            p->pos = tag_end(s, n, k, &sc);
            continue;
        }
        if (!name_len(s, n, k + 1)) {
            p->pos = k + 1;
            continue;
        }
        size_t t = tag_end(s, n, k, &sc);
        if (name_is(s, n, k + 1, "Sentence")) {
            *kind = DY_PETR_SENTENCE;
            *b = k;
            *te = t;
            *e = p->pos = element_end(s, n, t, sc, "Sentence", how);
            return 1;
        }
        if (p->meta) {
            int kd = 0;
            if (name_is(s, n, k + 1, "Environment")) {
                p->in_env = !sc;
            } else if (name_is(s, n, k + 1, "Config")) {
                kd = DY_PETR_CONFIG;
            } else if (p->in_env) {
                kd = DY_PETR_ENV;
            } else if (name_is(s, n, k + 1, "Stop") || name_is(s, n, k + 1, "Pause")) {
                kd = DY_PETR_STOP;
            }
            if (kd) {
                char nm[64];
                size_t nl = name_len(s, n, k + 1);
                if (nl >= sizeof nm) nl = sizeof nm - 1;
                memcpy(nm, s + k + 1, nl);
                nm[nl] = '\0';
                *kind = kd;
                *b = k;
                *te = t;
                *e = p->pos = element_end(s, n, t, sc, nm, how);
                return 1;
            }
        }
        p->pos = t; /* a wrapper (or meta not wanted): look inside */
    }
    p->pos = n;
    return 0;
}

/* ------------------------------------------------------------ records */

static int days_in_month(int y, int m) {
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return d[m - 1];
}

/* "YYYYMMDD" or "YYYY-MM-DD" -> "YYYY-MM-DD"; 0 when invalid. */
static int petr_date(const char *s, char out[11]) {
    int v[8], k = 0;
    size_t n = strlen(s);
    if (n == 10 && s[4] == '-' && s[7] == '-') {
        for (size_t i = 0; i < n; i++)
            if (i != 4 && i != 7) {
                if (!is_digit((unsigned char)s[i])) return 0;
                v[k++] = s[i] - '0';
            }
    } else if (n == 8) {
        for (size_t i = 0; i < n; i++) {
            if (!is_digit((unsigned char)s[i])) return 0;
            v[k++] = s[i] - '0';
        }
    } else
        return 0;
    int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3], m = v[4] * 10 + v[5], d = v[6] * 10 + v[7];
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return 0;
    out[0] = (char)('0' + v[0]);
    out[1] = (char)('0' + v[1]);
    out[2] = (char)('0' + v[2]);
    out[3] = (char)('0' + v[3]);
    out[4] = '-';
    out[5] = (char)('0' + v[4]);
    out[6] = (char)('0' + v[5]);
    out[7] = '-';
    out[8] = (char)('0' + v[6]);
    out[9] = (char)('0' + v[7]);
    out[10] = '\0';
    return 1;
}

static int truthy(const char *s) {
    return !strcasecmp(s, "true") || !strcmp(s, "1") || !strcasecmp(s, "yes");
}

static int add_coding(dy_petr *p, xmlTextReaderPtr rd) {
    if (p->ncod == p->capcod) {
        int cap = p->capcod ? p->capcod * 2 : 8;
        dy_petr_coding *q = realloc(p->cod, (size_t)cap * sizeof *q);
        if (!q) return -1;
        p->cod = q;
        p->capcod = cap;
    }
    dy_petr_coding *c = &p->cod[p->ncod];
    c->source = attr(p, rd, "sourcecode");
    c->target = attr(p, rd, "targetcode");
    c->code = attr(p, rd, "eventcode");
    c->error = attr(p, rd, "error");
    const char *ne = attr(p, rd, "noevents");
    if (!c->source || !c->target || !c->code || !c->error || !ne) return -1;
    c->noevents = truthy(ne);
    p->ncod++;
    return 0;
}

/* The id of a record whose start tag libxml2 did not deliver: parse the
 * start tag alone, as an empty element (a cut tag is closed first, with a
 * quote when one is open). */
static const char *fallback_id(dy_petr *p, size_t b, size_t te) {
    const char *id = "";
    size_t end = te;
    if (end > b && p->buf[end - 1] == '>') end--;
    if (end > b && p->buf[end - 1] == '/') end--;
    int xe = p->xerrs, xl = p->xerr_line;
    char xm[sizeof p->xerr];
    memcpy(xm, p->xerr, sizeof xm);
    for (int attempt = 0; attempt < 3 && !id[0]; attempt++) {
        struct sbuf t = {0};
        size_t e = end;
        if (attempt == 2) /* up to the last complete attribute */
            while (e > b && p->buf[e - 1] != '"' && p->buf[e - 1] != '\'') e--;
        if (e > b && e - b < 65536 && !sb_add(&t, p->buf + b, e - b) &&
            !sb_add(&t, attempt == 1 ? "\"/>" : "/>", attempt == 1 ? 3 : 2)) {
            xmlTextReaderPtr rd = xmlReaderForMemory(t.p, (int)t.len, NULL, "UTF-8", XML_PARSE_RECOVER | XML_PARSE_NONET);
            if (rd) {
                xmlTextReaderSetStructuredErrorHandler(rd, on_xml_error, p);
                if (xmlTextReaderRead(rd) == 1 && xmlTextReaderNodeType(rd) == XML_READER_TYPE_ELEMENT) {
                    const char *v = attr(p, rd, "id");
                    if (v) id = v;
                }
                xmlFreeTextReader(rd);
            }
        }
        free(t.p);
    }
    p->xerrs = xe;
    p->xerr_line = xl;
    memcpy(p->xerr, xm, sizeof xm);
    return id;
}

static int parse_sentence(dy_petr *p, size_t b, size_t te, size_t e, int how, dy_petr_item *it) {
    long line = line_at(p, b);
    blank_parse(p, te, e);
    it->kind = DY_PETR_SENTENCE;
    it->line = line;
    const char *date = "", *sentence = "";
    int root = 0, has_text = 0, text_depth = -1, nomem = 0;
    xmlTextReaderPtr rd = open_segment(p, b, e);
    if (!rd) {
        if (e - b > INT_MAX) {
            set_err(p, "%s:%ld: record %s: record larger than 2 GB", p->name, line, fallback_id(p, b, te));
            return DYAD_EPARSE;
        }
        return DYAD_ENOMEM;
    }
    int rc = xmlTextReaderRead(rd);
    while (rc == 1 && !nomem) {
        int type = xmlTextReaderNodeType(rd), depth = xmlTextReaderDepth(rd);
        const char *nm = (const char *)xmlTextReaderConstLocalName(rd);
        if (!nm) nm = "";
        if (type == XML_READER_TYPE_ELEMENT && depth == 0) {
            root = 1;
            it->id = attr(p, rd, "id");
            date = attr(p, rd, "date");
            it->source = attr(p, rd, "source");
            it->category = attr(p, rd, "category");
            sentence = attr(p, rd, "sentence");
            if (!it->id || !date || !it->source || !it->category || !sentence) nomem = 1;
        } else if (type == XML_READER_TYPE_ELEMENT && text_depth < 0) {
            if (!strcmp(nm, "Parse")) {
                rc = xmlTextReaderNext(rd); /* skip the tree without looking at it */
                continue;
            }
            if (!strcmp(nm, "Text")) {
                has_text = 1;
                p->text_space = p->text.len > 0;
                if (!xmlTextReaderIsEmptyElement(rd)) text_depth = depth;
            } else if (!strcmp(nm, "EventCoding")) {
                if (add_coding(p, rd)) nomem = 1;
            }
        } else if (text_depth >= 0 && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                                       type == XML_READER_TYPE_WHITESPACE ||
                                       type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
            const char *v = (const char *)xmlTextReaderConstValue(rd);
            if (v && text_add(p, v)) nomem = 1;
        } else if (type == XML_READER_TYPE_END_ELEMENT && depth == text_depth) {
            text_depth = -1;
        }
        rc = xmlTextReaderRead(rd);
    }
    xmlFreeTextReader(rd);
    if (nomem) return DYAD_ENOMEM;
    if (rc < 0 && !p->xerrs) {
        p->xerrs = 1;
        snprintf(p->xerr, sizeof p->xerr, "malformed XML");
        p->xerr_line = 0;
    }
    long end_line = line_at(p, e);
    it->bad_bytes = bad_in_lines(p, line, end_line);
    if (!root || !it->id) it->id = fallback_id(p, b, te);
    const char *rid = it->id[0] ? it->id : "(no id)";
    if (how == 0) {
        set_err(p, "%s:%ld: record %s: no </Sentence> before the next <Sentence> on line %ld", p->name, line, rid,
                end_line);
        return DYAD_EPARSE;
    }
    if (how < 0) {
        set_err(p, "%s:%ld: record %s: the input ends inside the record (no </Sentence>)", p->name, line, rid);
        return DYAD_EPARSE;
    }
    if (p->xerrs) {
        fix_lines(p->xerr, sizeof p->xerr, line);
        if (p->xerr_line > 0)
            set_err(p, "%s:%ld: record %s: XML error at line %ld: %s", p->name, line, rid, line + p->xerr_line - 1,
                    p->xerr);
        else
            set_err(p, "%s:%ld: record %s: XML error: %s", p->name, line, rid, p->xerr);
        return DYAD_EPARSE;
    }
    if (!has_text) {
        set_err(p, "%s:%ld: record %s: missing <Text>", p->name, line, rid);
        return DYAD_EPARSE;
    }
    char d[11];
    if (!date[0]) {
        set_err(p, "%s:%ld: record %s: missing date attribute", p->name, line, rid);
        return DYAD_EPARSE;
    }
    if (!petr_date(date, d)) {
        set_err(p, "%s:%ld: record %s: invalid date \"%s\" (want YYYYMMDD)", p->name, line, rid, date);
        return DYAD_EPARSE;
    }
    if (!(it->date = keep(p, d, 10))) return DYAD_ENOMEM;
    if (sb_reserve(&p->text, 0)) return DYAD_ENOMEM;
    p->text.p[p->text.len] = '\0';
    it->text = p->text.p;
    it->text_len = p->text.len;
    it->one_sentence = truthy(sentence);
    it->codings = p->cod;
    it->ncodings = p->ncod;
    return 1;
}

static int parse_meta(dy_petr *p, int kind, size_t b, size_t e, dy_petr_item *it) {
    long line = line_at(p, b);
    it->kind = kind;
    it->line = line;
    xmlTextReaderPtr rd = open_segment(p, b, e);
    if (!rd) return e - b > INT_MAX ? (set_err(p, "%s:%ld: element larger than 2 GB", p->name, line), DYAD_EPARSE)
                                    : DYAD_ENOMEM;
    int rc, nomem = 0;
    const char *el = "";
    while ((rc = xmlTextReaderRead(rd)) == 1 && !nomem) {
        int type = xmlTextReaderNodeType(rd);
        if (type == XML_READER_TYPE_ELEMENT && xmlTextReaderDepth(rd) == 0) {
            const char *nm = (const char *)xmlTextReaderConstLocalName(rd);
            if (!(el = keep(p, nm ? nm : "", nm ? strlen(nm) : 0))) nomem = 1;
            if (kind == DY_PETR_CONFIG) {
                it->name = attr(p, rd, "option");
                it->value = attr(p, rd, "value");
                if (!it->name || !it->value) nomem = 1;
            }
        } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || type == XML_READER_TYPE_WHITESPACE) {
            const char *v = (const char *)xmlTextReaderConstValue(rd);
            if (v && text_add(p, v)) nomem = 1;
        }
    }
    xmlFreeTextReader(rd);
    if (nomem || sb_reserve(&p->text, 0)) return DYAD_ENOMEM;
    p->text.p[p->text.len] = '\0';
    if (rc < 0 && !p->xerrs) {
        p->xerrs = 1;
        snprintf(p->xerr, sizeof p->xerr, "malformed XML");
    }
    if (p->xerrs) {
        char nm[64];
        size_t nl = name_len(p->buf, p->n, b + 1);
        if (nl >= sizeof nm) nl = sizeof nm - 1;
        memcpy(nm, p->buf + b + 1, nl);
        nm[nl] = '\0';
        fix_lines(p->xerr, sizeof p->xerr, line);
        if (p->xerr_line > 0)
            set_err(p, "%s:%ld: <%s>: XML error at line %ld: %s", p->name, line, nm, line + p->xerr_line - 1, p->xerr);
        else
            set_err(p, "%s:%ld: <%s>: XML error: %s", p->name, line, nm, p->xerr);
        return DYAD_EPARSE;
    }
    if (kind != DY_PETR_CONFIG) {
        it->name = el;
        if (!(it->value = keep(p, p->text.p, p->text.len))) return DYAD_ENOMEM;
    }
    return 1;
}

/* ---------------------------------------------------------------- API */

int dy_petr_sniff(const char *s, size_t n) {
    size_t i = 0;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) i = 3;
    for (;;) {
        while (i < n && xml_space((unsigned char)s[i])) i++;
        if (i >= n || s[i] != '<') return 0;
        if (i + 1 >= n) return 0;
        unsigned char c = (unsigned char)s[i + 1];
        if (c == '?' || (c == '!' && starts(s + i, n - i, "<!--"))) {
            size_t m = skip_markup(s, n, i);
            if (m >= n) return 1; /* a declaration or comment longer than what we see */
            i = m;
            continue;
        }
        return c == '!' || name_start(c);
    }
}

dy_petr *dy_petr_open(const char *buf, size_t n, const char *name, int meta) {
    dy_petr *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->name = strdup(name ? name : "-");
    p->meta = meta;
    p->line = 1;
    if (!buf) n = 0;
    if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        buf += 3;
        n -= 3;
    }
    size_t len = 0, nbad = 0;
    p->buf = dyad_utf8_repair(buf ? buf : "", n, &len, &nbad);
    if (p->buf && nbad) {
        /* repair again line by line, to know which records the bad bytes were in */
        free(p->buf);
        p->buf = NULL;
        struct sbuf out = {0};
        size_t cap = 0;
        long ln = 1;
        int fail = sb_reserve(&out, n);
        for (size_t i = 0; i < n && !fail; ln++) {
            const char *nl = memchr(buf + i, '\n', n - i);
            size_t e = nl ? (size_t)(nl - buf) + 1 : n, l2 = 0, nb = 0;
            char *r = dyad_utf8_repair(buf + i, e - i, &l2, &nb);
            if (!r || sb_add(&out, r, l2)) fail = 1;
            free(r);
            if (!fail && nb) {
                if (p->nbadl == cap) {
                    cap = cap ? cap * 2 : 16;
                    long *a = realloc(p->bad_line, cap * sizeof *a);
                    if (a) p->bad_line = a;
                    size_t *c = realloc(p->bad_cnt, cap * sizeof *c);
                    if (c) p->bad_cnt = c;
                    if (!a || !c) fail = 1;
                }
                if (!fail) {
                    p->bad_line[p->nbadl] = ln;
                    p->bad_cnt[p->nbadl++] = nb;
                }
            }
            i = e;
        }
        if (fail || sb_reserve(&out, 0)) {
            free(out.p);
        } else {
            p->buf = out.p;
            len = out.len;
        }
    }
    p->n = len;
    if (!p->name || !p->buf) {
        dy_petr_close(p);
        return NULL;
    }
    xmlInitParser();
    return p;
}

int dy_petr_next(dy_petr *p, dy_petr_item *it) {
    if (!p || !it) return DYAD_EARG;
    release(p);
    memset(it, 0, sizeof *it);
    it->id = it->date = it->source = it->category = it->text = it->name = it->value = "";
    it->codings = NULL;
    size_t b, te, e;
    int kind, how;
    if (!scan(p, &b, &te, &e, &kind, &how)) return 0;
    struct quiet q;
    quiet_on(&q);
    int rc = kind == DY_PETR_SENTENCE ? parse_sentence(p, b, te, e, how, it) : parse_meta(p, kind, b, e, it);
    quiet_off(&q);
    if (rc == DYAD_ENOMEM) set_err(p, "%s:%ld: out of memory", p->name, line_at(p, b));
    if (rc != 1) {
        release(p);
        memset(it, 0, sizeof *it);
        it->id = it->date = it->source = it->category = it->text = it->name = it->value = "";
    }
    return rc;
}

const char *dy_petr_error(const dy_petr *p) {
    return p && p->err ? p->err : "";
}

void dy_petr_close(dy_petr *p) {
    if (!p) return;
    release(p);
    free(p->strs);
    free(p->cod);
    free(p->text.p);
    free(p->buf);
    free(p->name);
    free(p->err);
    free(p->bad_line);
    free(p->bad_cnt);
    free(p);
}
