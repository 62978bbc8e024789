/* warc.c — WARC 1.0 / 1.1 records as a stream of HTML pages.
 *
 * Input is plain WARC or gzip (usually one member per record, as Common
 * Crawl's CC-NEWS writes it; any split into members works, since members are
 * inflated one after the other into one stream).  Only a bounded window of
 * the stream is in memory: at most one page (max_payload) plus read-ahead;
 * larger records are read through and dropped.
 *
 * A record: "WARC/1.x" line, named fields, blank line, Content-Length bytes
 * of block, CRLF CRLF.  response records (application/http; msgtype=
 * response) hold an HTTP response: status 200 and an HTML Content-Type give
 * a page (chunked transfer coding removed, gzip/deflate content coding
 * inflated); resource records with an HTML Content-Type are the page
 * themselves.  Everything else (warcinfo, request, metadata, revisit,
 * images, PDFs, redirects) is skipped and counted.
 *
 * Damage: a record whose Content-Length is wrong (the block does not end in
 * CRLF CRLF, or another record's "WARC/1." header shows up inside it) is
 * reported with its number and offset and reading resumes at the next
 * "WARC/1." line; a gzip stream that breaks off or is corrupt is reported
 * with its offset (for corrupt data, reading resumes at the next gzip
 * member).  Every message is "FILE: record N at offset X (URI): what". */
#include "io/warc.h"
#include "io/html.h"
#include "dyad.h"
#include "dyad_internal.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#define RAW_CHUNK 65536
#define HDR_MAX 65536 /* one WARC or HTTP header block */
#define MEMBERS 256   /* gzip member starts remembered, for record offsets */

struct dy_warc {
    dy_warc_read_fn fn;
    void *ctx;
    char *name;
    size_t max_payload;
    /* raw input */
    unsigned char raw[RAW_CHUNK];
    size_t raw_pos, raw_len;
    unsigned long long raw_off; /* file offset of raw[0] */
    int raw_eof, read_error;
    /* gzip */
    int gz, member_open, gz_bad;
    unsigned long long disc, disc_raw; /* stream offset where data resumes after corrupt gzip data (0: none), its file offset */
    z_stream zs;
    unsigned long long mem_u[MEMBERS], mem_raw[MEMBERS]; /* stream offset -> file offset of the member */
    int nmem;
    /* the (decompressed) stream window */
    char *d;
    size_t d_pos, d_len, d_cap;
    unsigned long long d_off; /* stream offset of d[0] */
    int eof, truncated;
    /* the current record */
    char *url, *date, *rid, *ctype;
    char charset[48]; /* from the Content-Type */
    char *body; /* de-chunked / inflated payload when it is not in place in d */
    size_t body_cap;
    long number;
    unsigned long long rec_off;
    dy_warc_counts counts;
    char err[768];
};

/* ---------------------------------------------------------------- input */

static int raw_fill(dy_warc *w) {
    if (w->raw_eof) return 0;
    if (w->raw_pos < w->raw_len) return 1;
    w->raw_off += w->raw_len;
    w->raw_pos = w->raw_len = 0;
    size_t k = w->fn(w->ctx, (char *)w->raw, sizeof w->raw);
    if (k == (size_t)-1) { w->read_error = 1, w->raw_eof = 1; return 0; }
    if (k == 0) { w->raw_eof = 1; return 0; }
    w->raw_len = k;
    return 1;
}

static void note_member(dy_warc *w) {
    unsigned long long u = w->d_off + w->d_len, r = w->raw_off + w->raw_pos;
    if (w->nmem == MEMBERS) {
        memmove(w->mem_u, w->mem_u + MEMBERS / 2, sizeof w->mem_u / 2);
        memmove(w->mem_raw, w->mem_raw + MEMBERS / 2, sizeof w->mem_raw / 2);
        w->nmem = MEMBERS / 2;
    }
    w->mem_u[w->nmem] = u, w->mem_raw[w->nmem] = r, w->nmem++;
}

/* the file offset of stream offset u (a gzip member's start), or u */
static unsigned long long file_off(const dy_warc *w, unsigned long long u) {
    if (!w->gz) return u;
    for (int i = w->nmem - 1; i >= 0; i--)
        if (w->mem_u[i] <= u) return w->mem_raw[i];
    return u;
}

/* find the next gzip member header in the raw input after corrupt data */
static int gz_resync(dy_warc *w) {
    for (;;) {
        if (!raw_fill(w)) return 0;
        while (w->raw_pos < w->raw_len) {
            unsigned char *p = memchr(w->raw + w->raw_pos, 0x1f, w->raw_len - w->raw_pos);
            if (!p) { w->raw_pos = w->raw_len; break; }
            w->raw_pos = (size_t)(p - w->raw);
            if (w->raw_pos + 2 >= w->raw_len) { /* keep the partial magic across refills: rare; step past */
                w->raw_pos++;
                continue;
            }
            if (p[1] == 0x8b && p[2] == 0x08) return 1;
            w->raw_pos++;
        }
    }
}

/* make d hold at least `need` unread bytes (or all that is left); 0 ok, -1 oom */
static int fill(dy_warc *w, size_t need) {
    while (w->d_len - w->d_pos < need && !w->eof) {
        if (w->d_pos > 0 && (w->d_pos > w->d_cap / 2 || w->d_len == w->d_cap)) {
            memmove(w->d, w->d + w->d_pos, w->d_len - w->d_pos);
            w->d_off += w->d_pos, w->d_len -= w->d_pos, w->d_pos = 0;
        }
        if (w->d_cap - w->d_len < RAW_CHUNK) {
            size_t nc = w->d_cap ? w->d_cap * 2 : 4 * RAW_CHUNK;
            while (nc - w->d_len < RAW_CHUNK) nc *= 2;
            char *nd = realloc(w->d, nc + 1);
            if (!nd) return -1;
            w->d = nd, w->d_cap = nc;
        }
        if (!raw_fill(w)) {
            if (w->gz && w->member_open) w->truncated = 1;
            w->eof = 1;
            break;
        }
        if (!w->gz) {
            size_t k = w->raw_len - w->raw_pos, room = w->d_cap - w->d_len;
            if (k > room) k = room;
            memcpy(w->d + w->d_len, w->raw + w->raw_pos, k);
            w->raw_pos += k, w->d_len += k;
            continue;
        }
        if (!w->member_open) note_member(w), w->member_open = 1;
        w->zs.next_in = w->raw + w->raw_pos;
        w->zs.avail_in = (uInt)(w->raw_len - w->raw_pos);
        w->zs.next_out = (unsigned char *)w->d + w->d_len;
        w->zs.avail_out = (uInt)(w->d_cap - w->d_len);
        int zr = inflate(&w->zs, Z_NO_FLUSH);
        w->raw_pos = (size_t)(w->zs.next_in - w->raw);
        w->d_len = (size_t)((char *)w->zs.next_out - w->d);
        if (zr == Z_STREAM_END) {
            inflateReset(&w->zs);
            w->member_open = 0;
        } else if (zr == Z_DATA_ERROR || zr == Z_NEED_DICT || zr == Z_STREAM_ERROR) {
            w->gz_bad++;
            inflateReset(&w->zs);
            w->member_open = 0;
            unsigned long long at = w->raw_off + w->raw_pos;
            w->raw_pos++;
            if (!gz_resync(w)) { w->eof = 1; break; }
            if (!w->disc) w->disc = w->d_off + w->d_len, w->disc_raw = at;
        } else if (zr == Z_MEM_ERROR)
            return -1;
    }
    if (w->d) w->d[w->d_len] = 0;
    return 0;
}

static size_t avail(const dy_warc *w) { return w->d_len - w->d_pos; }

/* corrupt gzip data fell inside the stream from stream offset `from` up to
 * what is buffered: the record there is lost; go on where good data resumes */
static int broken(dy_warc *w, unsigned long long from) {
    if (!w->disc || w->disc <= from || w->disc > w->d_off + w->d_len) return 0;
    w->d_pos = (size_t)(w->disc - w->d_off);
    w->disc = 0;
    return 1;
}

/* ------------------------------------------------------------- messages */

static int bad(dy_warc *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(dy_warc *w, const char *fmt, ...) {
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(w->err, sizeof w->err, "%s: record %ld at offset %llu%s%.200s%s: %s", w->name, w->number, w->rec_off,
             w->url && *w->url ? " (" : "", w->url ? w->url : "", w->url && *w->url ? ")" : "", what);
    w->counts.bad++;
    return DYAD_EPARSE;
}

/* --------------------------------------------------------------- parsing */

int dy_warc_sniff(const char *s, size_t n) {
    if (n >= 7 && !memcmp(s, "WARC/1.", 7)) return 1;
    if (n < 18 || (unsigned char)s[0] != 0x1f || (unsigned char)s[1] != 0x8b) return 0;
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return 0;
    unsigned char out[16];
    z.next_in = (unsigned char *)s, z.avail_in = (uInt)(n > 1u << 30 ? 1u << 30 : n);
    z.next_out = out, z.avail_out = sizeof out;
    inflate(&z, Z_SYNC_FLUSH);
    size_t got = sizeof out - z.avail_out;
    inflateEnd(&z);
    return got >= 7 && !memcmp(out, "WARC/1.", 7);
}

dy_warc *dy_warc_open(dy_warc_read_fn fn, void *ctx, const char *name, size_t max_payload) {
    dy_warc *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->fn = fn, w->ctx = ctx, w->max_payload = max_payload ? max_payload : 16u << 20;
    w->name = strdup(name ? name : "warc");
    if (!w->name) { free(w); return NULL; }
    raw_fill(w);
    if (w->raw_len >= 2 && w->raw[0] == 0x1f && w->raw[1] == 0x8b) {
        w->gz = 1;
        if (inflateInit2(&w->zs, 16 + MAX_WBITS) != Z_OK) { free(w->name), free(w); return NULL; }
    }
    return w;
}

void dy_warc_close(dy_warc *w) {
    if (!w) return;
    if (w->gz) inflateEnd(&w->zs);
    free(w->d), free(w->name), free(w->url), free(w->date), free(w->rid), free(w->ctype);
    free(w->body);
    free(w);
}

const char *dy_warc_error(const dy_warc *w) { return w->err; }
const dy_warc_counts *dy_warc_get_counts(const dy_warc *w) { return &w->counts; }

/* a header line at d_pos (ends with LF; CR dropped) -> [*s, *s + *n); -1 none */
static int header_line(dy_warc *w, size_t *at, const char **s, size_t *n, size_t limit) {
    for (;;) {
        const char *base = w->d + *at;
        size_t left = w->d_len - *at;
        const char *nl = memchr(base, '\n', left);
        if (nl) {
            *s = base, *n = (size_t)(nl - base);
            if (*n && base[*n - 1] == '\r') (*n)--;
            *at = (size_t)(nl - w->d) + 1;
            return 0;
        }
        if (w->eof || *at - w->d_pos > limit) return -1;
        size_t rel = *at - w->d_pos;
        if (fill(w, avail(w) + RAW_CHUNK)) return -2;
        *at = w->d_pos + rel;
        if (avail(w) <= rel + left && w->eof) return -1;
    }
}

static char *dupn(const char *s, size_t n) {
    while (n && isspace((unsigned char)*s)) s++, n--;
    while (n && isspace((unsigned char)s[n - 1])) n--;
    char *c = malloc(n + 1);
    if (c) memcpy(c, s, n), c[n] = 0;
    return c;
}

static int field(const char *s, size_t n, const char *name, const char **v, size_t *vn) {
    size_t k = strlen(name);
    if (n <= k || strncasecmp(s, name, k) || s[k] != ':') return 0;
    *v = s + k + 1, *vn = n - k - 1;
    return 1;
}

/* skip to the next "WARC/1." at a line start (after a damaged record) */
static int resync(dy_warc *w) {
    for (;;) {
        if (fill(w, 16)) return -1;
        if (avail(w) < 8) { w->d_pos = w->d_len; return 0; }
        const char *base = w->d + w->d_pos;
        size_t left = avail(w);
        for (size_t i = 0; i + 7 <= left; i++) {
            const char *p = memchr(base + i, 'W', left - i);
            if (!p) break;
            i = (size_t)(p - base);
            if (i + 7 > left) break;
            if (!memcmp(p, "WARC/1.", 7) && (p == base ? 1 : p[-1] == '\n')) {
                w->d_pos += i;
                return 0;
            }
        }
        /* keep the last 7 bytes: a header may straddle the refill */
        w->d_pos = w->d_len > 7 ? w->d_len - 7 : w->d_len;
        if (w->eof) { w->d_pos = w->d_len; return 0; }
        if (fill(w, avail(w) + RAW_CHUNK)) return -1;
    }
}

/* drop n bytes of the stream (a skipped block); 0, or -1 when the stream ends first */
static int skip_bytes(dy_warc *w, unsigned long long n) {
    while (n) {
        if (!avail(w) && fill(w, RAW_CHUNK)) return -2;
        size_t a = avail(w);
        if (!a) return -1;
        size_t k = a < n ? a : (size_t)n;
        w->d_pos += k, n -= k;
    }
    return 0;
}

static void set_str(char **dst, const char *s, size_t n) {
    free(*dst);
    *dst = dupn(s, n);
}

/* inflate src into w->body (gzip or zlib/raw deflate); 0, 1 over the limit, -1 corrupt, -2 oom */
static int inflate_body(dy_warc *w, const char *src, size_t n, size_t *out_len) {
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 32 + MAX_WBITS) != Z_OK) return -2; /* gzip or zlib header */
    size_t o = 0;
    int rc = 0, raw_tried = 0;
    z.next_in = (unsigned char *)src, z.avail_in = (uInt)n;
    for (;;) {
        if (w->body_cap - o < 65536) {
            size_t nc = w->body_cap ? w->body_cap * 2 : 262144;
            char *nb = realloc(w->body, nc + 1);
            if (!nb) { rc = -2; break; }
            w->body = nb, w->body_cap = nc;
        }
        z.next_out = (unsigned char *)w->body + o, z.avail_out = (uInt)(w->body_cap - o);
        int zr = inflate(&z, Z_NO_FLUSH);
        o = (size_t)((char *)z.next_out - w->body);
        if (o > w->max_payload) { rc = 1; break; }
        if (zr == Z_STREAM_END) break;
        if (zr == Z_DATA_ERROR && !raw_tried && o == 0) { /* "deflate" sent without its zlib header */
            raw_tried = 1;
            inflateEnd(&z);
            memset(&z, 0, sizeof z);
            if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return -2;
            z.next_in = (unsigned char *)src, z.avail_in = (uInt)n;
            continue;
        }
        if (zr != Z_OK) { rc = o ? 0 : -1; break; } /* truncated: keep what came out */
        if (!z.avail_in && z.avail_out) break;
    }
    inflateEnd(&z);
    if (w->body) w->body[o] = 0;
    *out_len = o;
    return rc;
}

/* remove chunked transfer coding from s[0, n) into w->body; 0, -1 malformed (what was read is kept) */
static int dechunk(dy_warc *w, const char *s, size_t n, size_t *out_len) {
    if (w->body_cap < n || !w->body) { /* (an empty chunked body still needs its NUL) */
        char *nb = realloc(w->body, n + 1);
        if (!nb) return -2;
        w->body = nb, w->body_cap = n;
    }
    size_t i = 0, o = 0;
    int rc = -1;
    while (i < n) {
        size_t j = i;
        unsigned long long len = 0;
        int digits = 0;
        while (j < n && isxdigit((unsigned char)s[j]) && digits < 16) {
            int c = tolower((unsigned char)s[j]);
            len = len * 16 + (unsigned)(c <= '9' ? c - '0' : c - 'a' + 10);
            j++, digits++;
        }
        if (!digits) break;
        const char *nl = memchr(s + j, '\n', n - j); /* chunk extensions up to the line end */
        if (!nl) break;
        j = (size_t)(nl - s) + 1;
        if (len == 0) { rc = 0; break; }
        if (len > n - j) { memcpy(w->body + o, s + j, n - j), o += n - j; break; }
        memcpy(w->body + o, s + j, (size_t)len);
        o += (size_t)len;
        i = j + (size_t)len;
        if (i < n && s[i] == '\r') i++;
        if (i < n && s[i] == '\n') i++;
    }
    w->body[o] = 0;
    *out_len = o;
    return rc;
}

static int html_type(const char *ct) {
    if (!ct) return 0;
    while (isspace((unsigned char)*ct)) ct++;
    return !strncasecmp(ct, "text/html", 9) || !strncasecmp(ct, "application/xhtml+xml", 21);
}


/* the HTTP response in block[0, n) -> the page in rec; 1 a page, 0 skipped (counted), <0 error */
static int http_page(dy_warc *w, const char *blk, size_t n, dy_warc_rec *rec) {
    size_t i = 0;
    const char *nl = memchr(blk, '\n', n);
    if (!nl || n < 12 || strncmp(blk, "HTTP/", 5)) return bad(w, "response record without an HTTP status line");
    const char *sp = memchr(blk, ' ', (size_t)(nl - blk));
    int status = sp ? atoi(sp + 1) : 0;
    i = (size_t)(nl - blk) + 1;
    const char *ct = NULL, *te = NULL, *ce = NULL;
    size_t ctn = 0, ten = 0, cen = 0;
    for (;;) {
        const char *e = i < n ? memchr(blk + i, '\n', n - i) : NULL;
        if (!e) return bad(w, "HTTP headers do not end (no blank line)");
        size_t ln = (size_t)(e - (blk + i));
        const char *l = blk + i;
        i = (size_t)(e - blk) + 1;
        if (ln && l[ln - 1] == '\r') ln--;
        if (!ln) break;
        const char *v;
        size_t vn;
        if (field(l, ln, "Content-Type", &v, &vn)) ct = v, ctn = vn;
        else if (field(l, ln, "Transfer-Encoding", &v, &vn)) te = v, ten = vn;
        else if (field(l, ln, "Content-Encoding", &v, &vn)) ce = v, cen = vn;
    }
    if (status != 200) { w->counts.http_status++; return 0; }
    char ctype[128] = "";
    if (ct) snprintf(ctype, sizeof ctype, "%.*s", (int)(ctn < 127 ? ctn : 127), ct);
    if (!html_type(ctype)) { w->counts.not_html++; return 0; }
    dy_html_charset(ctype, strlen(ctype), w->charset, sizeof w->charset);
    const char *body = blk + i;
    size_t bn = n - i;
    char tev[32] = "", cev[32] = "";
    if (te) snprintf(tev, sizeof tev, "%.*s", (int)(ten < 31 ? ten : 31), te);
    if (ce) snprintf(cev, sizeof cev, "%.*s", (int)(cen < 31 ? cen : 31), ce);
    char *t = tev;
    while (isspace((unsigned char)*t)) t++;
    char *c = cev;
    while (isspace((unsigned char)*c)) c++;
    int chunked = !strncasecmp(t, "chunked", 7);
    int zipped = !strncasecmp(c, "gzip", 4) || !strncasecmp(c, "x-gzip", 6) || !strncasecmp(c, "deflate", 7);
    if (*c && !zipped && strncasecmp(c, "identity", 8)) {
        w->counts.encoding++;
        return bad(w, "content-encoding '%s' is not supported (gzip, deflate): page skipped", c);
    }
    int warn_chunk = 0;
    if (chunked) {
        size_t o;
        int r = dechunk(w, body, bn, &o);
        if (r == -2) return DYAD_ENOMEM;
        warn_chunk = r < 0;
        body = w->body, bn = o;
    }
    if (zipped) {
        size_t o;
        char *src = NULL;
        if (body == w->body) { /* inflate reads from body and writes w->body: copy first */
            src = malloc(bn ? bn : 1);
            if (!src) return DYAD_ENOMEM;
            memcpy(src, body, bn);
            body = src;
        }
        int r = inflate_body(w, body, bn, &o);
        free(src);
        if (r == -2) return DYAD_ENOMEM;
        if (r == 1) { w->counts.too_large++; return bad(w, "page over %zu MB once decompressed: skipped", w->max_payload >> 20); }
        if (r == -1) return bad(w, "%s content coding does not decompress: page skipped", c);
        body = w->body, bn = o;
    }
    if (warn_chunk && !bn) return bad(w, "malformed chunked transfer coding: page skipped");
    rec->payload = body, rec->payload_len = bn;
    return 1;
}

int dy_warc_next(dy_warc *w, dy_warc_rec *rec) {
    memset(rec, 0, sizeof *rec);
    for (;;) {
        if (w->read_error) {
            w->read_error = 0;
            snprintf(w->err, sizeof w->err, "%s: read error", w->name);
            w->d_pos = w->d_len, w->eof = 1;
            return DYAD_EIO;
        }
        /* between records: CR/LF */
        for (;;) {
            if (fill(w, 1)) return DYAD_ENOMEM;
            if (!avail(w)) break;
            char ch = w->d[w->d_pos];
            if (ch != '\r' && ch != '\n') break;
            w->d_pos++;
        }
        if (!avail(w)) {
            if (w->truncated) {
                w->truncated = 0;
                snprintf(w->err, sizeof w->err, "%s: the gzip stream breaks off at offset %llu (truncated file)",
                         w->name, w->raw_off + w->raw_pos);
                w->counts.bad++;
                return DYAD_EPARSE;
            }
            if (w->gz_bad) {
                snprintf(w->err, sizeof w->err, "%s: %d corrupt gzip member(s) skipped", w->name, w->gz_bad);
                w->gz_bad = 0;
                w->counts.bad++;
                return DYAD_EPARSE;
            }
            return 0;
        }
        w->number++;
        w->counts.records++;
        unsigned long long ustart = w->d_off + w->d_pos;
        w->rec_off = file_off(w, ustart);
        free(w->url), free(w->date), free(w->rid), free(w->ctype);
        w->url = w->date = w->rid = w->ctype = NULL;
        if (fill(w, 16)) return DYAD_ENOMEM;
        if (avail(w) < 8 || memcmp(w->d + w->d_pos, "WARC/1.", 7)) {
            int r = bad(w, "not a WARC record header (expected 'WARC/1.0' or 'WARC/1.1')");
            w->d_pos++;
            if (resync(w)) return DYAD_ENOMEM;
            return r;
        }
        /* fields */
        size_t at = w->d_pos;
        const char *l;
        size_t ln;
        unsigned long long clen = 0;
        int have_len = 0, hr;
        char type[24] = "";
        if ((hr = header_line(w, &at, &l, &ln, HDR_MAX)) != 0) { /* version line */
            if (hr == -2) return DYAD_ENOMEM;
            w->d_pos = w->d_len;
            return bad(w, "record header breaks off (truncated file)");
        }
        for (;;) {
            hr = header_line(w, &at, &l, &ln, HDR_MAX);
            if (hr == -2) return DYAD_ENOMEM;
            if (hr) {
                int r = bad(w, w->eof ? "record header breaks off (truncated file)" : "record header over 64 KB");
                w->d_pos++;
                if (resync(w)) return DYAD_ENOMEM;
                return r;
            }
            if (!ln) break;
            const char *v;
            size_t vn;
            if (field(l, ln, "Content-Length", &v, &vn)) {
                char tmp[32];
                snprintf(tmp, sizeof tmp, "%.*s", (int)(vn < 31 ? vn : 31), v);
                char *e;
                clen = strtoull(tmp, &e, 10);
                while (isspace((unsigned char)*e)) e++;
                have_len = !*e && strspn(tmp, " \t0123456789") == strlen(tmp);
            } else if (field(l, ln, "WARC-Type", &v, &vn)) {
                char *t = dupn(v, vn);
                if (t) snprintf(type, sizeof type, "%s", t);
                free(t);
            } else if (field(l, ln, "WARC-Target-URI", &v, &vn)) {
                set_str(&w->url, v, vn);
                if (w->url && w->url[0] == '<') { /* WARC 1.0 drafts wrote <uri> */
                    size_t k = strlen(w->url);
                    memmove(w->url, w->url + 1, k);
                    if (k > 1 && w->url[k - 2] == '>') w->url[k - 2] = 0;
                }
            } else if (field(l, ln, "WARC-Date", &v, &vn))
                set_str(&w->date, v, vn);
            else if (field(l, ln, "WARC-Record-ID", &v, &vn))
                set_str(&w->rid, v, vn);
            else if (field(l, ln, "Content-Type", &v, &vn))
                set_str(&w->ctype, v, vn);
        }
        if (broken(w, ustart)) {
            w->gz_bad--;
            return bad(w, "corrupt gzip data at offset %llu: record lost, reading goes on at the next gzip member",
                       w->disc_raw);
        }
        if (!have_len) {
            int r = bad(w, "no valid Content-Length");
            w->d_pos = at;
            if (resync(w)) return DYAD_ENOMEM;
            return r;
        }
        w->d_pos = at;
        int want_http = !strcmp(type, "response") && w->ctype && strstr(w->ctype, "application/http");
        int want_res = !strcmp(type, "resource") && html_type(w->ctype);
        if (!want_http && !want_res) {
            w->counts.not_html++;
            int r = skip_bytes(w, clen);
            if (r == -2) return DYAD_ENOMEM;
            if (r) { w->counts.not_html--; return bad(w, "block shorter than its Content-Length %llu (truncated file)", clen); }
        } else if (clen > w->max_payload + HDR_MAX) {
            w->counts.too_large++;
            int r = skip_bytes(w, clen);
            if (r == -2) return DYAD_ENOMEM;
            r = bad(w, "%s of %llu MB over the %zu MB limit: skipped", want_http ? "response" : "resource", clen >> 20,
                    w->max_payload >> 20);
            if (fill(w, 4)) return DYAD_ENOMEM;
            if (avail(w) < 4 || memcmp(w->d + w->d_pos, "\r\n\r\n", 4))
                if (resync(w)) return DYAD_ENOMEM;
            return r;
        } else {
            if (fill(w, (size_t)clen + 4)) return DYAD_ENOMEM;
            if (broken(w, ustart)) {
                w->gz_bad--;
                return bad(w, "corrupt gzip data at offset %llu: record lost, reading goes on at the next gzip member",
                           w->disc_raw);
            }
            size_t blen = (size_t)clen;
            if (avail(w) < blen) {
                w->d_pos = w->d_len;
                return bad(w, "block shorter than its Content-Length %llu (truncated file)", clen);
            }
            /* another record's header inside the block: Content-Length too large */
            const char *blk = w->d + w->d_pos;
            for (size_t i = 0; i + 11 <= blen; i++) {
                const char *p = memchr(blk + i, '\n', blen - i);
                if (!p) break;
                i = (size_t)(p - blk);
                if (i + 11 <= blen && !memcmp(p + 1, "WARC/1.", 7) && i >= 3 && !memcmp(p - 3, "\r\n\r", 3)) {
                    w->d_pos += i + 1;
                    return bad(w, "Content-Length %llu runs into the next record (it should be %zu): skipped", clen,
                               i - 3);
                }
            }
            if (avail(w) < blen + 4 || memcmp(blk + blen, "\r\n\r\n", 4)) {
                int r = bad(w, "Content-Length %llu does not end the record (no CRLF CRLF after the block): skipped",
                            clen);
                w->d_pos++;
                if (resync(w)) return DYAD_ENOMEM;
                return r;
            }
            int r;
            if (want_http) r = http_page(w, blk, blen, rec);
            else {
                dy_html_charset(w->ctype, strlen(w->ctype), w->charset, sizeof w->charset);
                rec->payload = blk, rec->payload_len = blen;
                r = 1;
            }
            w->d_pos += blen + 4; /* the payload stays valid: d is only compacted by the next fill */
            if (r < 0) return r;
            if (r == 0) continue;
            rec->url = w->url ? w->url : "";
            rec->date = w->date ? w->date : "";
            rec->record_id = w->rid ? w->rid : "";
            rec->charset = w->charset;
            rec->offset = w->rec_off, rec->number = w->number;
            w->counts.pages++;
            w->counts.html_bytes += rec->payload_len;
            return 1;
        }
        /* end of a skipped block */
        if (fill(w, 4)) return DYAD_ENOMEM;
        if (avail(w) >= 4 && !memcmp(w->d + w->d_pos, "\r\n\r\n", 4)) continue;
        if (!avail(w)) continue;
        {
            int r = bad(w, "Content-Length %llu does not end the record (no CRLF CRLF after the block)", clen);
            if (resync(w)) return DYAD_ENOMEM;
            return r;
        }
    }
}
