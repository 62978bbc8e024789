/* warc.h — WARC 1.0/1.1 archives (plain or gzip, one member per record, as
 * Common Crawl writes them), read as a stream: the HTML pages in them. */
#ifndef DYAD_WARC_H
#define DYAD_WARC_H
#include <stddef.h>

/* The byte source: up to n bytes into buf; 0 at end of input; (size_t)-1 on
 * a read error. */
typedef size_t (*dy_warc_read_fn)(void *ctx, char *buf, size_t n);

typedef struct dy_warc dy_warc;

/* One record with an HTML page; strings owned by the reader, valid until the
 * next call. */
typedef struct {
    const char *url;       /* WARC-Target-URI, "" if none */
    const char *date;      /* WARC-Date (fetch time, ISO 8601), "" if none */
    const char *record_id; /* WARC-Record-ID */
    const char *payload;   /* the page: HTTP body de-chunked and decompressed */
    size_t payload_len;
    const char *charset;   /* from the HTTP Content-Type, "" if none */
    unsigned long long offset; /* where the record starts: in the file, for .warc.gz the gzip member's */
    long number;           /* 1-based record number */
} dy_warc_rec;

/* What was read and skipped, and why. */
typedef struct {
    long records;        /* WARC records seen */
    long pages;          /* HTML pages returned */
    long not_html;       /* warcinfo, request, metadata, revisit records; payloads not HTML */
    long http_status;    /* responses other than 200 (redirects, errors) */
    long encoding;       /* a content-encoding dyad cannot decode (br, compress ...) */
    long too_large;      /* payloads over the size limit */
    long bad;            /* records reported as errors */
    unsigned long long html_bytes; /* bytes of HTML returned (uncompressed) */
} dy_warc_counts;

/* Nonzero when s[0, n) starts a WARC file: "WARC/1." or a gzip member whose
 * content starts so. */
int dy_warc_sniff(const char *s, size_t n);

/* A reader on the source; max_payload bounds the memory of one page (bytes).
 * NULL when out of memory. */
dy_warc *dy_warc_open(dy_warc_read_fn fn, void *ctx, const char *name, size_t max_payload);
/* 1 a page, 0 end of input, DYAD_EPARSE a bad record (dy_warc_error says
 * "FILE: record N at offset X: what"; call again to go on), DYAD_EIO a read
 * error (the end), DYAD_ENOMEM. */
int dy_warc_next(dy_warc *w, dy_warc_rec *rec);
const char *dy_warc_error(const dy_warc *w);
const dy_warc_counts *dy_warc_get_counts(const dy_warc *w);
void dy_warc_close(dy_warc *w);

#endif
