/* dyad_internal.h — shared by the library's modules, not installed. */
#ifndef DYAD_INTERNAL_H
#define DYAD_INTERNAL_H
#include "dyad.h"
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

/* c is the lead byte of a Russian letter (U+0400-047F: D0 or D1), the test
 * every Russian-specific rule starts with */
static inline int dy_cyr_lead(unsigned char c) { return c == 0xD0 || c == 0xD1; }
/* dst[o..] = src (n bytes, or up to its NUL when n is (size_t)-1), cut to
 * fit cap with a NUL after; returns the new length.  snprintf's "%s" at a
 * tenth of the cost, for the coder's and the store's per-event strings. */
static inline size_t dy_put(char *dst, size_t cap, size_t o, const char *src, size_t n) {
    if (o >= cap) return o;
    for (size_t i = 0; i < n && src[i] && o + 1 < cap; i++) dst[o++] = src[i];
    dst[o] = 0;
    return o;
}
/* 16 lowercase hex digits and a NUL, as "%016llx" */
static inline void dy_hex64(char out[17], uint64_t v) {
    for (int k = 15; k >= 0; k--, v >>= 4) out[k] = "0123456789abcdef"[v & 15];
    out[16] = 0;
}

/* Embedded data files (see scripts/embed.cmake). */
struct dy_data_file {
    const char *name;
    const char *bytes;
    size_t len;
};
extern const struct dy_data_file dy_data_files[];
/* Find an embedded data file by name ("cameo.tsv"); NULL if absent. */
const struct dy_data_file *dy_data_find(const char *name);

/* A growable byte buffer: append with dy_buf_add (a NUL byte always follows
 * the data, so text can be used as a C string); free(b.p) when done. */
typedef struct {
    char *p;
    size_t n, cap;
} dy_buf;
/* Append x[0, n); 0, or -1 when out of memory (the buffer is unchanged). */
int dy_buf_add(dy_buf *b, const void *x, size_t n);

/* The whole file, NUL-terminated (caller frees), its length in *len.  NULL
 * with errno set (fopen's, ENOMEM, or EIO for a read error) on failure. */
char *dy_read_file(const char *path, size_t *len);

/* Write s[0, n) as a JSON string literal (quotes, backslashes and control
 * characters escaped; with html_safe also '<', so the JSON can sit in a
 * page).  s == NULL writes null. */
void dy_json_str(FILE *f, const char *s, size_t n, int html_safe);

/* A shared library loaded on first use instead of linked (libpq, libmicro-
 * httpd: with what they depend on they cost every command ~15 ms at start;
 * dyad --version: 21.5 -> ~7 ms).
 * names: the symbols, NULL-terminated, in the order of table's function
 * pointers.  Define with DY_DL_LIB; dy_dl_load is thread-safe and tries
 * once. */
typedef struct {
    const char *soname, *package;
    const char *const *names;
    void *table;
    pthread_mutex_t mu;
    int state; /* 0 not tried, 1 loaded, -1 failed (why) */
    char why[512];
} dy_dl_lib;
#define DY_DL_LIB(soname, package, names, table) {soname, package, names, table, PTHREAD_MUTEX_INITIALIZER, 0, ""}
/* 0, or -1 with "LIB could not be loaded (...); install PACKAGE" or "LIB
 * has no SYMBOL" in err */
int dy_dl_load(dy_dl_lib *l, char *err, size_t errlen);

/* One bit per 64-bit hash (its top 18 bits; 32 KB) in front of a hash table
 * whose lookups mostly miss: a clear bit answers without a probe into the
 * table (a cache miss).  Zeroed memory is an empty filter. */
typedef struct { uint64_t w[1 << 12]; } dy_hbits;
static inline void dy_hbits_add(dy_hbits *b, uint64_t h) { b->w[h >> 52] |= 1ULL << (h >> 46 & 63); }
static inline int dy_hbits_has(const dy_hbits *b, uint64_t h) { return (int)(b->w[h >> 52] >> (h >> 46 & 63) & 1); }

/* 64-bit FNV-1a, used for content ids and hash tables. */
uint64_t dy_hash64(const void *p, size_t n);
/* the row of a static table whose rows (stride bytes each) begin with a
 * word (const char *), ended by a NULL word, holding the n bytes at w; -1
 * if none.  A hash set made on first use, kept for the process, thread-safe.
 * The _h forms take h = dy_hash64(w, n) | 1 (words looked up in many lists). */
int dy_table_find(const void *rows, size_t stride, const char *w, size_t n);
int dy_table_find_h(const void *rows, size_t stride, const char *w, size_t n, uint64_t h);
/* is w a word of the NULL-terminated static list l?  (a table of one column) */
int dy_in_list(const char *const *l, const char *w, size_t n);
int dy_in_list_h(const char *const *l, const char *w, size_t n, uint64_t h);
/* s[0, n) is well-formed UTF-8 (Unicode Table 3-7) without NUL bytes:
 * what dyad_utf8_repair would return unchanged (src/text/utf8.c) */
int dy_utf8_valid(const char *s, size_t n);
/* dyad_split_sentences into *buf, made or grown as needed (*cap: its size,
 * 0 at first); the number of sentences, or (size_t)-1 without memory */
size_t dy_split_into(const char *text, size_t n, dyad_span **buf, size_t *cap);
/* code point cp (below 0x110000) as UTF-8 at o (1-4 bytes); returns the length */
size_t dy_utf8_put(char *o, uint32_t cp);

/* Dates (src/text/date.c).  dy_parse_date recognises a date at the start of
 * s[0, n): YYYY-MM-DD (also / and .), YYYYMMDD, DD.MM.YYYY, "28 June 2023",
 * "June 28, 2023", "28 июня 2023", each optionally after a weekday; writes
 * "YYYY-MM-DD" and the index after the date; 1, or 0 when none. */
int dy_parse_date(const char *s, size_t n, char out[11], size_t *end);
int dy_valid_ymd(int y, int m, int d);

#endif
