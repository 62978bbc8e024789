/* reader.c — article readers: plain text, JSON Lines, TABARI records.
 *
 * Decisions:
 *  - Input may be a pipe, so nothing seeks: with DYAD_INPUT_AUTO,
 *    dyad_reader_open() reads up to 4 KiB into a peek buffer (detection,
 *    binary check) and the line reader drains it before calling getline() on
 *    the stream.  Explicit formats do not peek, so records from a slow pipe
 *    come out as they arrive.  Lines have no length limit; a leading UTF-8
 *    byte-order mark is dropped.
 *  - Every string handed out is a fresh dyad_utf8_repair() copy owned by the
 *    reader and freed at the next call; scratch buffers are reused, so memory
 *    stays bounded by the largest record, not by the input.
 *  - JSON lines are repaired before parsing (jansson rejects invalid UTF-8, and
 *    one bad byte should not lose an article); the repaired count is the
 *    article's bad_bytes.  \u0000 is allowed and becomes a space.
 *  - TABARI: a record is a "YYMMDD ID" header, text lines, then a blank line.
 *    Lines between records that are not headers are skipped (banners, stray
 *    notes).  A blank line inside an open comment does not end the record
 *    unless a header follows it; then the comment is taken as closed there
 *    (real validation files contain such slips).  A comment still open at end
 *    of input means the file was truncated: the record is an error.  A
 *    comment may open on the header line; the rest of the header after the
 *    ID is otherwise ignored.
 *  - TEXT: the whole input is one article.  Its text is the body bytes as in
 *    the file (from the first non-blank line after the title, trailing
 *    whitespace dropped), so offsets can be mapped back.  A title with no body
 *    is coded as its own text.
 *  - PETRXML: PETRARCH XML (io/petrxml.c).  The whole input is read into
 *    memory first, then records come out one by one; a malformed record is
 *    one error and the next call goes on with the next <Sentence>.
 *    sentence="true" records are one sentence (a->one_sentence), others are
 *    stories to split.
 *  - AUTO: binary input (NUL, or >30% control bytes in the first 4 KiB) is
 *    reported once as an error; input whose first tag-like thing (after
 *    whitespace, XML declaration, comments) is a tag is PETRARCH XML; a
 *    TABARI header must carry a valid date, so text opening with "200000
 *    people ..." stays text.
 */
#include "dyad_internal.h"
#include "io/feed.h"
#include "io/html.h"
#include "io/petrxml.h"
#include "io/warc.h"
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#define PEEK_SIZE 4096

struct buf {
    char *p;
    size_t len, cap;
};

enum { F_ID, F_DATE, F_TITLE, F_TEXT, F_URL, F_SOURCE, F_LANG, F_COMMENT, F_CATEGORY, F_FETCHED, NFIELDS };

enum { ST_READY, ST_BINARY, ST_DONE };

struct dyad_reader {
    FILE *fp;
    char *name;
    dyad_input_format fmt;
    int state;
    int read_error; /* errno of a failed read, 0 if none */
    char *peek;
    size_t peek_len, peek_pos;
    int at_eof;
    int bom_done; /* a leading byte-order mark was looked for */
    struct buf line; /* current line without its newline; NUL-terminated */
    long lineno;
    int reuse; /* next read_line() returns the current line again */
    char *gl;  /* getline() buffer */
    size_t gl_cap;
    char *err;
    char *field[NFIELDS];
    struct buf text, comment, seg;
    dy_petr *px; /* PETRARCH XML parser, once the input is read */
    dy_feed *feed; /* RSS/Atom, once the input is read */
    dy_warc *warc; /* WARC, streaming */
    char langs[64]; /* languages kept from HTML and WARC: ",en,ru," or "" for all */
    int no_detect;  /* leave lang empty when the input gives none */
    dyad_reader_stats st;
};

/* ------------------------------------------------------------- buffers */

static int buf_reserve(struct buf *b, size_t extra) {
    if (extra > SIZE_MAX - b->len - 1) return -1;
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->p, cap);
    if (!p) return -1;
    b->p = p;
    b->cap = cap;
    return 0;
}

static int buf_add(struct buf *b, const char *s, size_t n) {
    if (buf_reserve(b, n)) return -1;
    if (n) memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

static void buf_reset(struct buf *b) {
    b->len = 0;
    if (b->p) b->p[0] = '\0';
}

/* give the memory back (a whole input handed to a parser that copied it) */
static void buf_release(struct buf *b) {
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

static int is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static void trim(const char **s, size_t *n) {
    while (*n && is_space((unsigned char)**s)) { (*s)++; (*n)--; }
    while (*n && is_space((unsigned char)(*s)[*n - 1])) (*n)--;
}

static int is_blank(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!is_space((unsigned char)s[i])) return 0;
    return 1;
}

static const char *find2(const char *s, size_t n, char a, char b) {
    for (size_t i = 0; i + 1 < n; i++) {
        const char *p = memchr(s + i, a, n - 1 - i);
        if (!p) return NULL;
        if (p[1] == b) return p;
        i = (size_t)(p - s);
    }
    return NULL;
}

/* --------------------------------------------------------------- errors */

static void set_err(dyad_reader *r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    free(r->err);
    r->err = NULL;
    if (k < 0) return;
    r->err = malloc((size_t)k + 1);
    if (!r->err) return;
    va_start(ap, fmt);
    vsnprintf(r->err, (size_t)k + 1, fmt, ap);
    va_end(ap);
}

static int read_failed(dyad_reader *r) {
    set_err(r, "%s: read error: %s", r->name, strerror(r->read_error ? r->read_error : EIO));
    r->state = ST_DONE;
    return DYAD_EIO;
}

/* ---------------------------------------------------------------- input */

/* Read the next line into r->line (newline and a trailing CR removed).
 * Returns 1, 0 at end of input, or a negative DYAD_E* code. */
static int read_line(dyad_reader *r) {
    if (r->reuse) {
        r->reuse = 0;
        return 1;
    }
    buf_reset(&r->line);
    int got_nl = 0, got_any = 0;
    if (r->peek_pos < r->peek_len) {
        const char *p = r->peek + r->peek_pos;
        size_t rem = r->peek_len - r->peek_pos;
        const char *nl = memchr(p, '\n', rem);
        size_t take = nl ? (size_t)(nl - p) + 1 : rem;
        if (buf_add(&r->line, p, take)) return DYAD_ENOMEM;
        r->peek_pos += take;
        got_nl = nl != NULL;
        got_any = 1;
    }
    if (!got_nl && !r->at_eof) {
        errno = 0;
        ssize_t k = getline(&r->gl, &r->gl_cap, r->fp);
        if (k < 0) {
            if (ferror(r->fp)) {
                r->read_error = errno;
                return read_failed(r);
            }
            r->at_eof = 1;
        } else if (r->line.len == 0 && r->gl_cap > (size_t)k) {
            /* common case: swap buffers instead of copying a long line */
            char *t = r->line.p;
            size_t tc = r->line.cap;
            r->line.p = r->gl;
            r->line.cap = r->gl_cap;
            r->line.len = (size_t)k;
            r->gl = t;
            r->gl_cap = tc;
            got_any = 1;
        } else {
            if (buf_add(&r->line, r->gl, (size_t)k)) return DYAD_ENOMEM;
            got_any = 1;
        }
    }
    if (!got_any) return 0;
    if (r->line.len && r->line.p[r->line.len - 1] == '\n') r->line.len--;
    if (r->line.len && r->line.p[r->line.len - 1] == '\r') r->line.len--;
    if (!r->bom_done) {
        r->bom_done = 1;
        if (r->line.len >= 3 && memcmp(r->line.p, "\xEF\xBB\xBF", 3) == 0) {
            memmove(r->line.p, r->line.p + 3, r->line.len - 3);
            r->line.len -= 3;
        }
    }
    if (buf_reserve(&r->line, 0)) return DYAD_ENOMEM;
    r->line.p[r->line.len] = '\0';
    r->lineno++;
    return 1;
}

/* Append the rest of the input (peek buffer, then stream) to b: all of it,
 * or with max > 0 at most max bytes, the rest read through and dropped;
 * *total (if given) gets how many bytes there were. */
static int read_rest_max(dyad_reader *r, struct buf *b, size_t max, unsigned long long *total) {
    size_t from = b->len;
    unsigned long long seen = 0;
    if (r->peek_pos < r->peek_len) {
        size_t k = r->peek_len - r->peek_pos;
        seen += k;
        if (buf_add(b, r->peek + r->peek_pos, max && k > max ? max : k)) return DYAD_ENOMEM;
    }
    r->peek_pos = r->peek_len;
    char drop[65536];
    while (!r->at_eof) {
        int keep = !max || b->len - from < max;
        if (keep && buf_reserve(b, 65536)) return DYAD_ENOMEM;
        char *to = keep ? b->p + b->len : drop;
        size_t k = fread(to, 1, 65536, r->fp);
        seen += k;
        if (keep) {
            size_t room = max ? max - (b->len - from) : k;
            b->len += k < room ? k : room;
            b->p[b->len] = '\0';
        }
        if (k < 65536) {
            if (ferror(r->fp)) {
                r->read_error = errno;
                return read_failed(r);
            }
            r->at_eof = 1;
        }
    }
    if (total) *total = seen;
    if (!r->bom_done) {
        r->bom_done = 1;
        if (b->len - from >= 3 && memcmp(b->p + from, "\xEF\xBB\xBF", 3) == 0) {
            memmove(b->p + from, b->p + from + 3, b->len - from - 3);
            b->len -= 3;
            b->p[b->len] = '\0';
        }
    }
    return 0;
}

static int read_rest(dyad_reader *r, struct buf *b) { return read_rest_max(r, b, 0, NULL); }

/* ---------------------------------------------------------------- dates */

/* A date alone on a line, maybe with a time: "28.06.2023 12:14:00",
 * "2023-06-28T12:14:00Z", "2023-06-28 12:14 UTC". */
static int date_only(const char *s, size_t n, char out[11]) {
    size_t e;
    char d[11];
    if (!dy_parse_date(s, n, d, &e)) return 0;
    while (n > e && is_space((unsigned char)s[n - 1])) n--;
    if (n - e >= 4 && (strncasecmp(s + n - 3, "UTC", 3) == 0 || strncasecmp(s + n - 3, "GMT", 3) == 0)) n -= 3;
    for (size_t i = e; i < n; i++)
        if (!s[i] || !strchr("0123456789:.,+-TZ \t", s[i])) return 0;
    memcpy(out, d, 11);
    return 1;
}

/* ------------------------------------------------------------- articles */

static void clear_fields(dyad_reader *r) {
    for (int i = 0; i < NFIELDS; i++) {
        free(r->field[i]);
        r->field[i] = NULL;
    }
}

/* Store a repaired copy of s[0..n) as field f; adds to *bad. */
static int set_field(dyad_reader *r, int f, const char *s, size_t n, size_t *bad, size_t *outlen) {
    size_t len = 0, nb = 0;
    char *c = dyad_utf8_repair(s ? s : "", s ? n : 0, &len, &nb);
    if (!c) return DYAD_ENOMEM;
    free(r->field[f]);
    r->field[f] = c;
    if (bad) *bad += nb;
    if (outlen) *outlen = len;
    return 0;
}

static const char *fv(const dyad_reader *r, int f) { return r->field[f] ? r->field[f] : ""; }

/* Fill *a from the fields; id falls back to URL, then to a content hash. */
static int finish(dyad_reader *r, dyad_article *a, size_t text_len, long line, size_t bad) {
    if (!r->field[F_ID] || !r->field[F_ID][0]) {
        if (r->field[F_URL] && r->field[F_URL][0]) {
            if (set_field(r, F_ID, r->field[F_URL], strlen(r->field[F_URL]), NULL, NULL)) return DYAD_ENOMEM;
        } else {
            char h[24];
            const char *t = fv(r, F_TEXT);
            snprintf(h, sizeof h, "h%016" PRIx64, dy_hash64(t, text_len));
            if (set_field(r, F_ID, h, strlen(h), NULL, NULL)) return DYAD_ENOMEM;
        }
    }
    /* the language: the input's own lang field wins, else detected from
     * the text (script and function words: en, ru, other ISO 639-1 codes) */
    if (!r->no_detect && (!r->field[F_LANG] || !fv(r, F_LANG)[0])) {
        const char *l = dyad_detect_language(fv(r, F_TEXT), text_len);
        if (l[0] && set_field(r, F_LANG, l, strlen(l), NULL, NULL)) return DYAD_ENOMEM;
    }
    memset(a, 0, sizeof *a);
    a->id = fv(r, F_ID);
    a->date = fv(r, F_DATE);
    a->title = fv(r, F_TITLE);
    a->text = fv(r, F_TEXT);
    a->text_len = r->field[F_TEXT] ? text_len : 0;
    a->url = fv(r, F_URL);
    a->source = fv(r, F_SOURCE);
    a->lang = fv(r, F_LANG);
    a->comment = fv(r, F_COMMENT);
    a->category = fv(r, F_CATEGORY);
    a->fetched = fv(r, F_FETCHED);
    a->origin = r->name;
    a->line = line;
    a->bad_bytes = bad;
    return 1;
}

/* ----------------------------------------------------------------- TEXT */

static int text_parse(dyad_reader *r, dyad_article *a) {
    struct buf *b = &r->text;
    const char *s = b->p ? b->p : "";
    size_t n = b->len, pos = 0, bad = 0, tlen = 0;
    long lineno = 1, first = 0;
    const char *title = NULL;
    size_t title_len = 0;
    char date[11] = "";
    int seen_date = 0;
    /* date line (optional), then title: the first non-blank lines */
    while (pos < n) {
        const char *nl = memchr(s + pos, '\n', n - pos);
        size_t le = nl ? (size_t)(nl - s) : n;
        const char *l = s + pos;
        size_t ll = le - pos;
        pos = nl ? le + 1 : n;
        trim(&l, &ll);
        if (ll) {
            if (!first) first = lineno;
            if (!seen_date && !title) {
                seen_date = 1;
                if (ll > 5 && (strncasecmp(l, "Posted:", 7) == 0 || strncasecmp(l, "Date:", 5) == 0)) {
                    const char *v = (const char *)memchr(l, ':', ll) + 1;
                    if (!dy_parse_date(v, ll - (size_t)(v - l), date, NULL)) date[0] = '\0';
                    lineno++;
                    continue;
                }
                if (date_only(l, ll, date)) {
                    lineno++;
                    continue;
                }
            }
            title = l;
            title_len = ll;
            lineno++;
            break;
        }
        lineno++;
    }
    if (!title) {
        set_err(r, "%s: empty article", r->name);
        return DYAD_EPARSE;
    }
    /* body: from the first non-blank line after the title */
    size_t bs = pos;
    while (pos < n) {
        const char *nl = memchr(s + pos, '\n', n - pos);
        size_t le = nl ? (size_t)(nl - s) : n;
        if (!is_blank(s + pos, le - pos)) break;
        pos = nl ? le + 1 : n;
        bs = pos;
    }
    size_t be = n;
    while (be > bs && is_space((unsigned char)s[be - 1])) be--;
    if (set_field(r, F_TITLE, title, title_len, &bad, NULL)) return DYAD_ENOMEM;
    if (be > bs) {
        if (set_field(r, F_TEXT, s + bs, be - bs, &bad, &tlen)) return DYAD_ENOMEM;
    } else {
        if (set_field(r, F_TEXT, r->field[F_TITLE], strlen(r->field[F_TITLE]), NULL, &tlen)) return DYAD_ENOMEM;
    }
    if (date[0] && set_field(r, F_DATE, date, 10, NULL, NULL)) return DYAD_ENOMEM;
    return finish(r, a, tlen, first ? first : 1, bad);
}

static int text_next(dyad_reader *r, dyad_article *a) {
    struct buf *b = &r->text;
    buf_reset(b);
    int rc = read_rest(r, b);
    r->state = ST_DONE;
    if (!rc) rc = text_parse(r, a);
    /* the raw input is not needed any more; keep memory bounded */
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
    return rc;
}

/* ---------------------------------------------------------------- JSONL */

/* Copy a JSON string member into field f; ids and dates may be integers. */
static int json_field(dyad_reader *r, json_t *obj, const char *key, int f, size_t *bad, size_t *len) {
    json_t *v = json_object_get(obj, key);
    if (json_is_string(v)) return set_field(r, f, json_string_value(v), json_string_length(v), bad, len);
    if (json_is_integer(v) && (f == F_ID || f == F_DATE)) {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return set_field(r, f, tmp, strlen(tmp), bad, len);
    }
    return 0;
}

/* The common JSONL record, read without building a jansson tree: one
 * object of string members (numbers, true, false and null skipped when the
 * key is not one dyad reads), valid UTF-8, no \u0000.  Anything else (an
 * integer id, nested values, a syntax error, a missing text) returns 0 and
 * the line goes through jansson as before, which also words the errors; the
 * fields are then set again from scratch.  A quarter of an ingest's reading
 * time went to building and freeing the tree. */
static const char *js_ws(const char *p, const char *e) {
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
    return p;
}

static int js_hex4(const char *p, unsigned *v) {
    unsigned x = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        x <<= 4;
        if (c >= '0' && c <= '9') x |= (unsigned)(c - '0');
        else if ((c | 32) >= 'a' && (c | 32) <= 'f') x |= (unsigned)((c | 32) - 'a' + 10);
        else return 0;
    }
    *v = x;
    return 1;
}

/* a string at *pp (just after its opening quote) decoded into b; NULL if it
 * is anything jansson should judge */
static const char *js_string(const char *p, const char *e, struct buf *b) {
    b->len = 0;
    for (;;) {
        const char *q = p;
        while (q < e && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20) q++;
        if (q > p && buf_add(b, p, (size_t)(q - p))) return NULL;
        if (q >= e || (unsigned char)*q < 0x20) return NULL;
        if (*q == '"') return q + 1;
        /* an escape */
        if (q + 1 >= e) return NULL;
        char c = q[1], out;
        p = q + 2;
        switch (c) {
        case '"': out = '"'; break;
        case '\\': out = '\\'; break;
        case '/': out = '/'; break;
        case 'b': out = '\b'; break;
        case 'f': out = '\f'; break;
        case 'n': out = '\n'; break;
        case 'r': out = '\r'; break;
        case 't': out = '\t'; break;
        case 'u': {
            unsigned u, lo;
            if (e - p < 4 || !js_hex4(p, &u) || u == 0) return NULL;
            p += 4;
            if (u >= 0xDC00 && u <= 0xDFFF) return NULL;
            if (u >= 0xD800 && u <= 0xDBFF) {
                if (e - p < 6 || p[0] != '\\' || p[1] != 'u' || !js_hex4(p + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                    return NULL;
                p += 6;
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            }
            char enc[4];
            size_t k = dy_utf8_put(enc, u);
            if (buf_add(b, enc, k)) return NULL;
            continue;
        }
        default: return NULL;
        }
        if (buf_add(b, &out, 1)) return NULL;
    }
}

/* a number, true, false or null: where it ends, or NULL */
static const char *js_scalar(const char *p, const char *e) {
    static const char *const W[] = {"true", "false", "null"};
    for (int i = 0; i < 3; i++) {
        size_t l = strlen(W[i]);
        if ((size_t)(e - p) >= l && !memcmp(p, W[i], l)) return p + l;
    }
    const char *q = p;
    if (q < e && *q == '-') q++;
    if (q >= e || *q < '0' || *q > '9') return NULL;
    if (*q == '0') q++;
    else while (q < e && *q >= '0' && *q <= '9') q++;
    if (q < e && *q == '.') {
        if (++q >= e || *q < '0' || *q > '9') return NULL;
        while (q < e && *q >= '0' && *q <= '9') q++;
    }
    if (q < e && (*q == 'e' || *q == 'E')) {
        q++;
        if (q < e && (*q == '+' || *q == '-')) q++;
        if (q >= e || *q < '0' || *q > '9') return NULL;
        while (q < e && *q >= '0' && *q <= '9') q++;
    }
    return q;
}

/* 1: read; 0: leave the line to jansson; <0: out of memory */
static int jsonl_fast(dyad_reader *r, const char *p, size_t n, size_t *tlen, size_t *nb) {
    static const char *const KEYS[] = {"text", "id", "title", "url", "source", "lang", "date"};
    static const int KF[] = {F_TEXT, F_ID, F_TITLE, F_URL, F_SOURCE, F_LANG, F_DATE};
    if (!dy_utf8_valid(p, n)) return 0;
    const char *e = p + n;
    p = js_ws(p, e);
    if (p >= e || *p++ != '{') return 0;
    struct buf *b = &r->seg;
    int have_text = 0;
    p = js_ws(p, e);
    if (p < e && *p == '}') return 0; /* no text */
    for (;;) {
        if (p >= e || *p++ != '"') return 0;
        const char *k = p;
        while (p < e && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20) p++;
        if (p >= e || *p != '"') return 0;
        size_t kl = (size_t)(p - k);
        p = js_ws(p + 1, e);
        if (p >= e || *p++ != ':') return 0;
        p = js_ws(p, e);
        int f = -1;
        for (int i = 0; i < 7; i++)
            if (strlen(KEYS[i]) == kl && !memcmp(KEYS[i], k, kl)) { f = i; break; }
        if (p < e && *p == '"') {
            if (!(p = js_string(p + 1, e, b))) return 0;
            if (f >= 0) {
                int ef = KF[f];
                if (set_field(r, ef, b->p ? b->p : "", b->len, ef == F_DATE ? NULL : nb, ef == F_TEXT ? tlen : NULL))
                    return DYAD_ENOMEM;
                if (ef == F_TEXT) have_text = 1;
            }
        } else {
            if (f >= 0) return 0; /* an integer id or date, or a text that is no string */
            if (!(p = js_scalar(p, e))) return 0;
        }
        p = js_ws(p, e);
        if (p < e && *p == ',') { p = js_ws(p + 1, e); continue; }
        if (p < e && *p == '}') break;
        return 0;
    }
    p = js_ws(p + 1, e);
    return p == e && have_text;
}

/* the line through jansson: fields set, or an error worded for the user */
static int jsonl_tree(dyad_reader *r, long line, size_t *tlen, size_t *nb, size_t *bad) {
    size_t flen = 0;
    char *fixed = dyad_utf8_repair(r->line.p, r->line.len, &flen, bad);
    if (!fixed) return DYAD_ENOMEM;
    json_error_t je;
    json_t *root = json_loadb(fixed, flen, JSON_ALLOW_NUL, &je);
    free(fixed);
    if (!root) {
        set_err(r, "%s:%ld: invalid JSON: %s", r->name, line, je.text);
        return DYAD_EPARSE;
    }
    if (!json_is_object(root)) {
        json_decref(root);
        set_err(r, "%s:%ld: invalid JSON: not an object", r->name, line);
        return DYAD_EPARSE;
    }
    if (!json_is_string(json_object_get(root, "text"))) {
        json_decref(root);
        set_err(r, "%s:%ld: missing \"text\"", r->name, line);
        return DYAD_EPARSE;
    }
    int e = json_field(r, root, "text", F_TEXT, nb, tlen);
    if (!e) e = json_field(r, root, "id", F_ID, nb, NULL);
    if (!e) e = json_field(r, root, "title", F_TITLE, nb, NULL);
    if (!e) e = json_field(r, root, "url", F_URL, nb, NULL);
    if (!e) e = json_field(r, root, "source", F_SOURCE, nb, NULL);
    if (!e) e = json_field(r, root, "lang", F_LANG, nb, NULL);
    if (!e) e = json_field(r, root, "date", F_DATE, NULL, NULL);
    json_decref(root);
    return e;
}

static int jsonl_next(dyad_reader *r, dyad_article *a) {
    int rc;
    while ((rc = read_line(r)) == 1) {
        if (is_blank(r->line.p, r->line.len)) continue;
        long line = r->lineno;
        /* nb: NULs inside strings; bad: bytes the line repair replaced */
        size_t bad = 0, tlen = 0, nb = 0;
        int e = jsonl_fast(r, r->line.p, r->line.len, &tlen, &nb);
        if (e < 0) return DYAD_ENOMEM;
        if (e == 0) { /* not the common case: jansson, from scratch */
            clear_fields(r);
            tlen = nb = 0;
            if ((e = jsonl_tree(r, line, &tlen, &nb, &bad)) != 0) return e;
        }
        if (r->field[F_DATE]) {
            char d[11];
            if (dy_parse_date(r->field[F_DATE], strlen(r->field[F_DATE]), d, NULL)) {
                if ((e = set_field(r, F_DATE, d, 10, NULL, NULL)) != 0) return e;
            } else
                r->field[F_DATE][0] = '\0';
        }
        return finish(r, a, tlen, line, bad + nb);
    }
    if (rc == 0) r->state = ST_DONE;
    return rc;
}

/* --------------------------------------------------------------- TABARI */

/* "YYMMDD<space>ID...": six digits, whitespace, a token. */
static int is_header(const char *s, size_t n) {
    if (n < 8) return 0;
    for (int i = 0; i < 6; i++)
        if (!is_digit((unsigned char)s[i])) return 0;
    if (s[6] != ' ' && s[6] != '\t') return 0;
    for (size_t i = 7; i < n; i++)
        if (!is_space((unsigned char)s[i])) return 1;
    return 0;
}

static int header_date(const char *s, char out[11]) {
    int yy = (s[0] - '0') * 10 + (s[1] - '0');
    int m = (s[2] - '0') * 10 + (s[3] - '0');
    int d = (s[4] - '0') * 10 + (s[5] - '0');
    int y = yy < 50 ? 2000 + yy : 1900 + yy;
    if (!dy_valid_ymd(y, m, d)) return 0;
    snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    return 1;
}

/* Trim the comment that began at offset from; drop it and its separator
 * when empty. */
static void close_comment(struct buf *c, size_t from, size_t sep) {
    size_t b = from, e = c->len;
    while (b < e && is_space((unsigned char)c->p[b])) b++;
    while (e > b && is_space((unsigned char)c->p[e - 1])) e--;
    if (b == e) {
        c->len = from - sep;
    } else {
        memmove(c->p + from, c->p + b, e - b);
        c->len = from + (e - b);
    }
    if (c->p) c->p[c->len] = '\0';
}

struct tstate {
    int in_comment;
    size_t cfrom, csep; /* current comment's start and separator length */
    long cline;         /* line where it opened */
};

/* Split one line into text (outside comments) and comment contents. */
static int tabari_line(dyad_reader *r, struct tstate *t) {
    const char *s = r->line.p;
    size_t n = r->line.len, p = 0;
    buf_reset(&r->seg);
    while (p < n) {
        if (t->in_comment) {
            const char *q = find2(s + p, n - p, '*', '/');
            if (q) {
                if (buf_add(&r->comment, s + p, (size_t)(q - (s + p)))) return DYAD_ENOMEM;
                close_comment(&r->comment, t->cfrom, t->csep);
                t->in_comment = 0;
                p = (size_t)(q - s) + 2;
            } else {
                if (buf_add(&r->comment, s + p, n - p) || buf_add(&r->comment, "\n", 1)) return DYAD_ENOMEM;
                p = n;
            }
        } else {
            const char *q = find2(s + p, n - p, '/', '*');
            size_t end = q ? (size_t)(q - s) : n;
            if (buf_add(&r->seg, s + p, end - p)) return DYAD_ENOMEM;
            if (!q) break;
            t->csep = r->comment.len ? 1 : 0;
            if (t->csep && buf_add(&r->comment, "\n", 1)) return DYAD_ENOMEM;
            t->cfrom = r->comment.len;
            t->cline = r->lineno;
            t->in_comment = 1;
            p = end + 2;
        }
    }
    const char *seg = r->seg.p ? r->seg.p : "";
    size_t sl = r->seg.len;
    trim(&seg, &sl);
    if (sl) {
        if (r->text.len && buf_add(&r->text, " ", 1)) return DYAD_ENOMEM;
        if (buf_add(&r->text, seg, sl)) return DYAD_ENOMEM;
    }
    return 0;
}

static int tabari_next(dyad_reader *r, dyad_article *a) {
    int rc;
    for (;;) { /* find the next header */
        rc = read_line(r);
        if (rc <= 0) {
            if (rc == 0) r->state = ST_DONE;
            return rc;
        }
        if (is_header(r->line.p, r->line.len)) break;
    }
    long hline = r->lineno;
    char date[11] = "", raw[7];
    memcpy(raw, r->line.p, 6);
    raw[6] = '\0';
    int date_ok = header_date(r->line.p, date);
    const char *id = r->line.p + 7;
    while (is_space((unsigned char)*id)) id++;
    size_t idl = 0;
    while (id[idl] && !is_space((unsigned char)id[idl])) idl++;
    size_t bad = 0, tlen = 0;
    if (set_field(r, F_ID, id, idl, &bad, NULL)) return DYAD_ENOMEM;

    buf_reset(&r->text);
    buf_reset(&r->comment);
    struct tstate t = {0, 0, 0, 0};
    int eof = 0;
    /* a comment may open on the header line itself */
    const char *hc = find2(r->line.p, r->line.len, '/', '*');
    if (hc) {
        size_t off = (size_t)(hc - r->line.p);
        memmove(r->line.p, hc, r->line.len - off);
        r->line.len -= off;
        r->line.p[r->line.len] = '\0';
        if ((rc = tabari_line(r, &t))) return rc;
    }
    for (;;) {
        rc = read_line(r);
        if (rc < 0) return rc;
        if (rc == 0) { eof = 1; break; }
        if (is_blank(r->line.p, r->line.len)) {
            if (!t.in_comment) break;
            /* blank line in an open comment: a following header ends the record */
            size_t blanks = 1;
            while ((rc = read_line(r)) == 1 && is_blank(r->line.p, r->line.len)) blanks++;
            if (rc < 0) return rc;
            if (rc == 0) { eof = 1; break; }
            if (is_header(r->line.p, r->line.len)) {
                r->reuse = 1;
                close_comment(&r->comment, t.cfrom, t.csep);
                t.in_comment = 0;
                break;
            }
            while (blanks--)
                if (buf_add(&r->comment, "\n", 1)) return DYAD_ENOMEM;
        }
        if ((rc = tabari_line(r, &t))) return rc;
    }
    if (eof) r->state = ST_DONE;
    if (t.in_comment) {
        set_err(r, "%s:%ld: record %s: comment opened on line %ld is never closed", r->name, hline,
                fv(r, F_ID), t.cline);
        return DYAD_EPARSE;
    }
    if (!date_ok) {
        set_err(r, "%s:%ld: record %s: invalid date \"%s\" in header", r->name, hline, fv(r, F_ID), raw);
        return DYAD_EPARSE;
    }
    if (set_field(r, F_TEXT, r->text.p, r->text.len, &bad, &tlen)) return DYAD_ENOMEM;
    if (set_field(r, F_COMMENT, r->comment.p, r->comment.len, &bad, NULL)) return DYAD_ENOMEM;
    if (set_field(r, F_DATE, date, 10, NULL, NULL)) return DYAD_ENOMEM;
    rc = finish(r, a, tlen, hline, bad);
    a->one_sentence = 1;
    return rc;
}

/* -------------------------------------------------------------- PETRXML */

static int petrxml_next(dyad_reader *r, dyad_article *a) {
    if (!r->px) {
        buf_reset(&r->text);
        int rc = read_rest(r, &r->text);
        if (rc) return rc;
        r->px = dy_petr_open(r->text.p ? r->text.p : "", r->text.len, r->name, 0);
        buf_release(&r->text); /* the parser keeps its own repaired copy */
        if (!r->px) return DYAD_ENOMEM;
    }
    dy_petr_item it;
    int rc = dy_petr_next(r->px, &it);
    if (rc == 0) {
        r->state = ST_DONE;
        return 0;
    }
    if (rc < 0) {
        if (rc != DYAD_ENOMEM) set_err(r, "%s", dy_petr_error(r->px));
        return rc;
    }
    size_t tlen = 0;
    if (set_field(r, F_ID, it.id, strlen(it.id), NULL, NULL) ||
        set_field(r, F_DATE, it.date, strlen(it.date), NULL, NULL) ||
        set_field(r, F_SOURCE, it.source, strlen(it.source), NULL, NULL) ||
        set_field(r, F_CATEGORY, it.category, strlen(it.category), NULL, NULL) ||
        set_field(r, F_TEXT, it.text, it.text_len, NULL, &tlen))
        return DYAD_ENOMEM;
    rc = finish(r, a, tlen, it.line, it.bad_bytes);
    a->one_sentence = it.one_sentence;
    return rc;
}

/* ----------------------------------------------------------------- FEED */

static int feed_next(dyad_reader *r, dyad_article *a) {
    if (!r->feed) {
        buf_reset(&r->text);
        int rc = read_rest(r, &r->text);
        if (rc) return rc;
        r->feed = dy_feed_open(r->text.p ? r->text.p : "", r->text.len, r->name);
        buf_release(&r->text);
        if (!r->feed) return DYAD_ENOMEM;
    }
    dy_feed_item it;
    int rc = dy_feed_next(r->feed, &it);
    if (rc == 0) {
        r->state = ST_DONE;
        return 0;
    }
    if (rc < 0) {
        if (rc != DYAD_ENOMEM) set_err(r, "%s", dy_feed_error(r->feed));
        return rc;
    }
    size_t tlen = 0, bad = 0;
    if (set_field(r, F_ID, it.id, strlen(it.id), NULL, NULL) || set_field(r, F_DATE, it.date, strlen(it.date), NULL, NULL) ||
        set_field(r, F_TITLE, it.title, strlen(it.title), &bad, NULL) || set_field(r, F_URL, it.url, strlen(it.url), NULL, NULL) ||
        set_field(r, F_SOURCE, it.source, strlen(it.source), NULL, NULL) ||
        set_field(r, F_TEXT, it.text, strlen(it.text), &bad, &tlen))
        return DYAD_ENOMEM;
    return finish(r, a, tlen, it.line, bad);
}

/* ----------------------------------------------------------- HTML, WARC */

/* The largest page read (a bigger one is skipped: memory stays bounded). */
#define PAGE_MAX (16u << 20)

static int lang_wanted(const dyad_reader *r, const char *l) {
    if (!r->langs[0] || !l[0]) return 1; /* all, or unknown: keep */
    char key[12];
    snprintf(key, sizeof key, ",%s,", l);
    return strstr(r->langs, key) != NULL;
}

/* the article of an extracted page; 1, or 0 when skipped (counted, and said
 * in r->err for a lone page), DYAD_ENOMEM */
static int page_article(dyad_reader *r, dyad_article *a, dy_html_doc *h, const char *fetched, long line) {
    if (!lang_wanted(r, h->lang)) {
        r->st.other_lang++;
        set_err(r, "%s: page in language '%s' skipped (--languages)", r->name, h->lang);
        return 0;
    }
    if (!h->text_len) {
        r->st.no_text++;
        set_err(r, "%s: no article text found in the page", r->name);
        return 0;
    }
    char date[11] = "";
    if (h->date[0]) memcpy(date, h->date, 11);
    else if (fetched && !dy_parse_date(fetched, strnlen(fetched, 40), date, NULL)) /* the fetch date (WARC-Date) */
        date[0] = 0; /* ... when it is a date at all */
    size_t tlen = 0;
    if (set_field(r, F_DATE, date, strlen(date), NULL, NULL) || set_field(r, F_TITLE, h->title, strlen(h->title), NULL, NULL) ||
        set_field(r, F_URL, h->url, strlen(h->url), NULL, NULL) ||
        set_field(r, F_SOURCE, h->outlet, strlen(h->outlet), NULL, NULL) ||
        set_field(r, F_LANG, h->lang, strlen(h->lang), NULL, NULL) ||
        set_field(r, F_TEXT, h->text, h->text_len, NULL, &tlen) ||
        set_field(r, F_FETCHED, fetched ? fetched : "", fetched ? strlen(fetched) : 0, NULL, NULL))
        return DYAD_ENOMEM;
    int rc = finish(r, a, tlen, line, h->bad_bytes);
    if (rc == 1) r->st.articles++;
    return rc;
}

/* one HTML page: the whole input, up to PAGE_MAX */
static int html_next(dyad_reader *r, dyad_article *a) {
    r->state = ST_DONE;
    buf_reset(&r->text);
    unsigned long long total = 0;
    int rc0 = read_rest_max(r, &r->text, PAGE_MAX + 1, &total);
    if (rc0) return rc0;
    r->st.records++;
    if (total > PAGE_MAX) {
        r->st.too_large++, r->st.bad++;
        set_err(r, "%s: page of %llu MB over the %u MB limit: skipped", r->name, total >> 20, PAGE_MAX >> 20);
        return DYAD_ETOOBIG;
    }
    r->st.html_bytes += r->text.len;
    dy_html_doc h;
    if (dy_html_extract(r->text.p ? r->text.p : "", r->text.len, NULL, NULL, &h)) { dy_html_free(&h); return DYAD_ENOMEM; }
    int rc = page_article(r, a, &h, NULL, 1);
    dy_html_free(&h);
    if (rc == 0) rc = DYAD_EPARSE; /* the reason is in r->err */
    return rc;
}

static size_t warc_source(void *ctx, char *buf, size_t n) {
    dyad_reader *r = ctx;
    if (r->peek_pos < r->peek_len) {
        size_t k = r->peek_len - r->peek_pos;
        if (k > n) k = n;
        memcpy(buf, r->peek + r->peek_pos, k);
        r->peek_pos += k;
        return k;
    }
    if (r->at_eof) return 0;
    size_t k = fread(buf, 1, n, r->fp);
    if (k == 0) {
        if (ferror(r->fp)) { r->read_error = errno ? errno : EIO; return (size_t)-1; }
        r->at_eof = 1;
    }
    return k;
}

static void warc_stats(dyad_reader *r) {
    const dy_warc_counts *c = dy_warc_get_counts(r->warc);
    r->st.records = c->records, r->st.not_html = c->not_html, r->st.http_status = c->http_status;
    r->st.too_large = c->too_large, r->st.html_bytes = c->html_bytes;
    r->st.bad = c->bad;
}

static int warc_next(dyad_reader *r, dyad_article *a) {
    if (!r->warc) {
        r->warc = dy_warc_open(warc_source, r, r->name, PAGE_MAX);
        if (!r->warc) return DYAD_ENOMEM;
    }
    for (;;) {
        dy_warc_rec rec;
        int rc = dy_warc_next(r->warc, &rec);
        warc_stats(r);
        if (rc == 0) { r->state = ST_DONE; return 0; }
        if (rc < 0) {
            if (rc != DYAD_ENOMEM) set_err(r, "%s", dy_warc_error(r->warc));
            if (rc == DYAD_EIO) { r->read_error = r->read_error ? r->read_error : EIO; return read_failed(r); }
            return rc;
        }
        dy_html_doc h;
        if (dy_html_extract(rec.payload, rec.payload_len, rec.url, rec.charset[0] ? rec.charset : NULL, &h)) {
            dy_html_free(&h);
            return DYAD_ENOMEM;
        }
        if (!h.url[0] && rec.url[0]) { free(h.url); h.url = strdup(rec.url); if (!h.url) { dy_html_free(&h); return DYAD_ENOMEM; } }
        /* the id is where the page was fetched: the same URL fetched twice is one article */
        if (set_field(r, F_ID, rec.url, strlen(rec.url), NULL, NULL)) { dy_html_free(&h); return DYAD_ENOMEM; }
        rc = page_article(r, a, &h, rec.date, rec.number);
        dy_html_free(&h);
        if (rc != 0) return rc;
        if (r->err) r->err[0] = 0;
    }
}

/* ------------------------------------------------------------ detection */

static int looks_binary(const unsigned char *s, size_t n) {
    size_t ctl = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c == 0) return 1;
        if ((c < 0x20 && !is_space(c)) || c == 0x7F) ctl++;
    }
    return n && ctl * 10 > n * 3;
}

static dyad_input_format detect(const char *s, size_t n) {
    size_t i = 0;
    while (i < n && is_space((unsigned char)s[i])) i++;
    if (i < n && s[i] == '{') return DYAD_INPUT_JSONL;
    if (dy_warc_sniff(s, n)) return DYAD_INPUT_WARC;
    if (dy_feed_sniff(s, n)) return DYAD_INPUT_FEED;
    if (dy_html_sniff(s, n)) return DYAD_INPUT_HTML;
    if (dy_petr_sniff(s, n)) return DYAD_INPUT_PETRXML;
    /* skip '#' banners and blank lines, then expect a header */
    size_t p = 0;
    while (p < n) {
        const char *nl = memchr(s + p, '\n', n - p);
        size_t le = nl ? (size_t)(nl - s) : n;
        const char *l = s + p;
        size_t ll = le - p;
        if (ll && l[ll - 1] == '\r') ll--;
        if (is_blank(l, ll) || l[0] == '#') {
            if (!nl) break;
            p = le + 1;
            continue;
        }
        char d[11];
        if (is_header(l, ll) && header_date(l, d)) return DYAD_INPUT_TABARI;
        break;
    }
    return DYAD_INPUT_TEXT;
}

/* ------------------------------------------------------------------ API */

dyad_reader *dyad_reader_open(FILE *fp, const char *name, dyad_input_format fmt) {
    if (!fp) return NULL;
    dyad_reader *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->fp = fp;
    r->name = strdup(name ? name : "-");
    r->fmt = fmt;
    snprintf(r->langs, sizeof r->langs, ",en,ru,");
    if (r->name && fmt != DYAD_INPUT_AUTO) return r; /* no peek: a slow pipe yields records as they come */
    r->peek = malloc(PEEK_SIZE);
    if (!r->name || !r->peek) {
        dyad_reader_close(r);
        return NULL;
    }
    while (r->peek_len < PEEK_SIZE) {
        size_t k = fread(r->peek + r->peek_len, 1, PEEK_SIZE - r->peek_len, fp);
        r->peek_len += k;
        if (k == 0) {
            if (ferror(fp)) r->read_error = errno ? errno : EIO;
            else r->at_eof = 1;
            break;
        }
    }
    if (r->peek_len >= 3 && memcmp(r->peek, "\xEF\xBB\xBF", 3) == 0) r->peek_pos = 3;
    r->bom_done = 1;
    const char *s = r->peek + r->peek_pos;
    size_t n = r->peek_len - r->peek_pos;
    if (dy_warc_sniff(s, n)) r->fmt = DYAD_INPUT_WARC; /* gzip'd WARC looks binary */
    else if (looks_binary((const unsigned char *)s, n)) r->state = ST_BINARY;
    else r->fmt = detect(s, n);
    return r;
}

int dyad_reader_next(dyad_reader *r, dyad_article *a) {
    if (!r || !a) return DYAD_EARG;
    clear_fields(r);
    if (r->state == ST_DONE) return 0;
    if (r->read_error) return read_failed(r);
    if (r->state == ST_BINARY) {
        r->state = ST_DONE;
        set_err(r, "%s: binary file, not text", r->name);
        return DYAD_EPARSE;
    }
    int rc;
    switch (r->fmt) {
    case DYAD_INPUT_JSONL: rc = jsonl_next(r, a); break;
    case DYAD_INPUT_TABARI: rc = tabari_next(r, a); break;
    case DYAD_INPUT_TEXT: rc = text_next(r, a); break;
    case DYAD_INPUT_PETRXML: rc = petrxml_next(r, a); break;
    case DYAD_INPUT_FEED: rc = feed_next(r, a); break;
    case DYAD_INPUT_HTML: rc = html_next(r, a); break;
    case DYAD_INPUT_WARC: rc = warc_next(r, a); break;
    default:
        set_err(r, "%s: unknown input format", r->name);
        r->state = ST_DONE;
        return DYAD_EARG;
    }
    if (rc == DYAD_ENOMEM) set_err(r, "%s:%ld: out of memory", r->name, r->lineno);
    if (rc != 1) clear_fields(r);
    return rc;
}

const char *dyad_reader_error(const dyad_reader *r) {
    return r && r->err ? r->err : "";
}

void dyad_reader_get_stats(const dyad_reader *r, dyad_reader_stats *st) {
    memset(st, 0, sizeof *st);
    if (!r) return;
    *st = r->st;
    off_t o = r->fp ? ftello(r->fp) : -1;
    st->bytes = o > 0 ? (unsigned long long)o : 0;
}

void dyad_reader_set_detect_language(dyad_reader *r, int on) {
    if (r) r->no_detect = !on;
}

int dyad_reader_set_languages(dyad_reader *r, const char *list) {
    if (!r || !list) return DYAD_EARG;
    if (!strcasecmp(list, "all")) { r->langs[0] = 0; return 0; }
    size_t k = 0;
    r->langs[k++] = ',';
    for (const char *p = list; *p; p++) {
        if (*p == ' ') continue;
        if (k + 2 >= sizeof r->langs) return DYAD_EARG;
        char c = (char)tolower((unsigned char)*p);
        if (c != ',' && (c < 'a' || c > 'z')) return DYAD_EARG;
        r->langs[k++] = c;
    }
    r->langs[k++] = ',';
    r->langs[k] = 0;
    return 0;
}

dyad_input_format dyad_reader_format(const dyad_reader *r) {
    return r ? r->fmt : DYAD_INPUT_AUTO;
}

void dyad_reader_close(dyad_reader *r) {
    if (!r) return;
    clear_fields(r);
    free(r->name);
    free(r->peek);
    free(r->line.p);
    free(r->gl);
    free(r->err);
    free(r->text.p);
    free(r->comment.p);
    free(r->seg.p);
    dy_petr_close(r->px);
    dy_feed_close(r->feed);
    dy_warc_close(r->warc);
    free(r);
}

int dyad_input_format_parse(const char *name) {
    if (!name) return -1;
    if (strcasecmp(name, "auto") == 0) return DYAD_INPUT_AUTO;
    if (strcasecmp(name, "text") == 0) return DYAD_INPUT_TEXT;
    if (strcasecmp(name, "jsonl") == 0) return DYAD_INPUT_JSONL;
    if (strcasecmp(name, "tabari") == 0) return DYAD_INPUT_TABARI;
    if (strcasecmp(name, "petrxml") == 0 || strcasecmp(name, "xml") == 0) return DYAD_INPUT_PETRXML;
    if (strcasecmp(name, "feed") == 0 || strcasecmp(name, "rss") == 0 || strcasecmp(name, "atom") == 0) return DYAD_INPUT_FEED;
    if (strcasecmp(name, "html") == 0) return DYAD_INPUT_HTML;
    if (strcasecmp(name, "warc") == 0) return DYAD_INPUT_WARC;
    return -1;
}
