/* util.c — small helpers shared across modules. */
#include "dyad_internal.h"
#include <dlfcn.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>

const struct dy_data_file *dy_data_find(const char *name) {
    for (const struct dy_data_file *f = dy_data_files; f->name; f++)
        if (strcmp(f->name, name) == 0) return f;
    return NULL;
}

int dy_dl_load(dy_dl_lib *l, char *err, size_t errlen) {
    pthread_mutex_lock(&l->mu);
    if (!l->state) {
        void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
        l->state = h ? 1 : -1;
        if (!h) snprintf(l->why, sizeof l->why, "%s could not be loaded (%s); install %s", l->soname, dlerror(), l->package);
        for (size_t i = 0; h && l->names[i]; i++) {
            void *sym = dlsym(h, l->names[i]);
            if (!sym) {
                snprintf(l->why, sizeof l->why, "%s has no %s", l->soname, l->names[i]);
                l->state = -1;
                break;
            }
            memcpy((char *)l->table + i * sizeof sym, &sym, sizeof sym);
        }
    }
    int ok = l->state == 1;
    pthread_mutex_unlock(&l->mu);
    if (!ok && err && errlen) snprintf(err, errlen, "%s", l->why);
    return ok ? 0 : -1;
}

uint64_t dy_hash64(const void *p, size_t n) {
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

const char *dyad_strerror(int code) {
    switch (code) {
    case DYAD_OK: return "success";
    case DYAD_ENOMEM: return "out of memory";
    case DYAD_EIO: return "input/output error";
    case DYAD_EPARSE: return "malformed input";
    case DYAD_EUTF8: return "invalid UTF-8";
    case DYAD_EARG: return "invalid argument";
    case DYAD_ETOOBIG: return "input too large";
    default: return "unknown error";
    }
}

void dy_json_str(FILE *f, const char *s, size_t n, int html_safe) {
    static const char hex[] = "0123456789abcdef";
    if (!s) { fputs("null", f); return; }
    putc('"', f);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && !(html_safe && c == '<')) { run++; continue; }
        if (run) fwrite(s + i - run, 1, run, f);
        run = 0;
        switch (c) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            fputs("\\u00", f);
            putc(hex[c >> 4], f);
            putc(hex[c & 15], f);
        }
    }
    if (run) fwrite(s + n - run, 1, run, f);
    putc('"', f);
}

int dy_buf_add(dy_buf *b, const void *x, size_t n) {
    if (n > SIZE_MAX - b->n - 1) return -1;
    if (b->n + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 4096;
        while (nc < b->n + n + 1) nc = nc > SIZE_MAX / 2 ? b->n + n + 1 : nc * 2;
        char *np = realloc(b->p, nc);
        if (!np) return -1;
        b->p = np;
        b->cap = nc;
    }
    if (n) memcpy(b->p + b->n, x, n);
    b->n += n;
    b->p[b->n] = 0;
    return 0;
}

char *dy_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    dy_buf b = {0};
    char tmp[65536];
    size_t k;
    int oom = 0;
    while (!oom && (k = fread(tmp, 1, sizeof tmp, f)) > 0) oom = dy_buf_add(&b, tmp, k) != 0;
    int bad = ferror(f);
    fclose(f);
    if (!oom && !b.p) oom = dy_buf_add(&b, "", 0) != 0; /* an empty file is "" */
    if (oom || bad) {
        free(b.p);
        errno = oom ? ENOMEM : EIO;
        return NULL;
    }
    if (len) *len = b.n;
    return b.p;
}

/* Word lists (closed-class words, say-verbs, titles, abbreviations ...) and
 * tables whose rows begin with a word (function words with their languages,
 * closed-class words with their class) are static arrays ended by a NULL
 * word; each is turned, on first use, into an open-addressing hash set of
 * row numbers, found again by the array's address.  A scan cost ~200
 * instructions a word and the coder, the graph, the splitter and the
 * language guesser ask thousands of times an article; most words are longer
 * than any in the list and are answered by the length alone. */
typedef struct {
    const void *rows;
    uint32_t mask;
    uint32_t maxlen;
    /* a bit per word's hash (its top 8 bits), beside rows: most words asked
     * about are in no list, and the bit says so without reading a slot (a
     * cache miss for 40% of the time of a lookup) */
    uint64_t bloom[4];
    struct { uint64_t h; uint32_t row, n; } slot[];
} dy_wset;

#define DY_WSETS 128 /* distinct lists; more are scanned */
static _Atomic(dy_wset *) wsets[DY_WSETS];

static const char *row_word(const void *rows, size_t stride, size_t i) {
    return *(const char *const *)((const char *)rows + i * stride);
}

static dy_wset *wset_build(const void *rows, size_t stride) {
    size_t n = 0;
    while (row_word(rows, stride, n)) n++;
    uint32_t cap = 8;
    while (cap < n * 2) cap *= 2;
    dy_wset *w = calloc(1, sizeof *w + cap * sizeof w->slot[0]);
    if (!w) return NULL;
    w->rows = rows;
    w->mask = cap - 1;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(row_word(rows, stride, i));
        uint64_t h = dy_hash64(row_word(rows, stride, i), len) | 1;
        uint32_t k = (uint32_t)h & w->mask;
        while (w->slot[k].h) k = (k + 1) & w->mask;
        w->slot[k].h = h, w->slot[k].row = (uint32_t)i, w->slot[k].n = (uint32_t)len;
        w->bloom[h >> 62] |= 1ULL << (h >> 56 & 63);
        if (len > w->maxlen) w->maxlen = (uint32_t)len;
    }
    return w;
}

int dy_table_find_h(const void *rows, size_t stride, const char *word, size_t n, uint64_t h) {
    uint32_t i = (uint32_t)(((uintptr_t)rows * 0x9E3779B97F4A7C15ULL) >> 57), tries = 0;
    dy_wset *w;
    for (;;) {
        w = atomic_load_explicit(&wsets[i], memory_order_acquire);
        if (!w) {
            dy_wset *nw = wset_build(rows, stride), *expect = NULL;
            if (!nw) break;
            if (atomic_compare_exchange_strong_explicit(&wsets[i], &expect, nw, memory_order_acq_rel,
                                                        memory_order_acquire)) {
                w = nw;
            } else { /* another thread filled the slot first */
                free(nw);
                w = expect;
            }
        }
        if (w->rows == rows) break;
        w = NULL;
        if (++tries == DY_WSETS) break;
        i = (i + 1) & (DY_WSETS - 1);
    }
    if (!w) { /* no memory or no free slot: scan */
        for (size_t r = 0; row_word(rows, stride, r); r++) {
            const char *x = row_word(rows, stride, r);
            if (!strncmp(x, word, n) && x[n] == 0) return (int)r;
        }
        return -1;
    }
    if (n > w->maxlen || n == 0 || !(w->bloom[h >> 62] >> (h >> 56 & 63) & 1)) return -1;
    for (uint32_t k = (uint32_t)h & w->mask; w->slot[k].h; k = (k + 1) & w->mask)
        if (w->slot[k].h == h && w->slot[k].n == n && !memcmp(row_word(rows, stride, w->slot[k].row), word, n))
            return (int)w->slot[k].row;
    return -1;
}

int dy_table_find(const void *rows, size_t stride, const char *word, size_t n) {
    return dy_table_find_h(rows, stride, word, n, dy_hash64(word, n) | 1);
}

int dy_in_list_h(const char *const *l, const char *word, size_t n, uint64_t h) {
    return dy_table_find_h(l, sizeof *l, word, n, h) >= 0;
}

int dy_in_list(const char *const *l, const char *word, size_t n) {
    return dy_table_find_h(l, sizeof *l, word, n, dy_hash64(word, n) | 1) >= 0;
}
