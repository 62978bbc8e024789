#define _DEFAULT_SOURCE 1 /* MAP_POPULATE */
/* image.c — compiled dictionary images (`dyad dict compile -o FILE`).
 *
 * A loaded dictionary set is written as one versioned binary file so that
 * production dictionaries load in milliseconds instead of being parsed:
 *
 *   header  magic "DYADIMG\0", format version, byte-order mark, section
 *           sizes, FNV-1a checksum of everything after the header
 *   sources the dictionary files it was built from (path, size, mtime):
 *           when one of them has changed the image is refused as stale
 *   strtab  every string, NUL-terminated; loaded strings point into the
 *           mapping itself (the file is mmap'd read-only and kept mapped)
 *   tables  elements, phrases, codes, patterns, verbs, roots, synsets and
 *           the options, as fixed-size records with indices instead of
 *           pointers; loading rebuilds the pointer structures from them
 *
 * Any inconsistency (bad magic, other version, truncation, checksum, an
 * index out of range) is reported as "FILE: not a dyad image / corrupt ...".
 */
#include "dict/dict.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define IMG_MAGIC "DYADIMG"
#define IMG_VERSION 4u
#define IMG_BOM 0x01020304u
#define NONE 0xffffffffu

/* checksum of the payload: FNV-style mixing 8 bytes at a time (a 10 MB image
 * sums in a couple of milliseconds) */
static uint64_t img_sum(uint64_t h, const unsigned char *p, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    for (; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ULL;
    return h;
}

typedef struct {
    char magic[8];
    uint32_t version, bom;
    uint32_t nsources, nstr, nel, nph, ncode, npat, nverb, nroot, nsyn, ntr;
    uint32_t stat_verbs, stat_forms, stat_transforms, stat_synsets; /* for 'dict stats' */
    uint64_t payload; /* bytes after the header */
    uint64_t checksum;
} img_header;

typedef struct { uint32_t path, mtime_lo, mtime_hi, size_lo, size_hi; } img_source;
typedef struct { uint8_t kind, exact, consec, endings; uint32_t word, len, synset, alt, nalt, synlen; } img_el;
typedef struct { uint32_t el, n; int32_t length; } img_ph;
typedef struct { uint32_t code; int32_t lo, hi; } img_code;
typedef struct { uint32_t ph, verb_at, code, code2; int32_t flags, line; } img_pat;
typedef struct { uint32_t code, code2; int32_t flags; uint32_t pat, npat, share; } img_verb;
typedef struct { uint32_t ph, type, codes, ncodes, verb, name, line, file; } img_root;
typedef struct { uint32_t name, alt, nalt; } img_syn;
typedef struct { uint8_t u, ls, lt, rs, rt, pad[3]; uint32_t upper, lower, code; } img_tr;
typedef struct {
    int32_t v[26];
    uint32_t def_src, def_tgt;
} img_opt;

/* ------------------------------------------------------------ writer */

typedef dy_buf vec;
#define vec_add dy_buf_add

typedef struct {
    vec str, el, ph, code, pat, verb, root, syn, tr;
    /* string -> offset, so each distinct string is stored once */
    uint32_t *soff;
    size_t scap, sused;
    /* verb pointer -> index */
    const dy_verb **vkeys;
    uint32_t *vvals;
    size_t vcap;
    int oom;
} writer;

static uint32_t str_hash(const char *s) {
    uint32_t h = 2166136261u;
    for (; *s; s++) { h ^= (unsigned char)*s; h *= 16777619u; }
    return h;
}

static uint32_t put_str(writer *w, const char *s) {
    if (!s) return NONE;
    if (2 * (w->sused + 1) > w->scap) { /* grow and rehash */
        size_t nc = w->scap ? w->scap * 2 : 65536;
        uint32_t *ns = malloc(nc * sizeof *ns);
        if (!ns) { w->oom = 1; return 0; }
        memset(ns, 0xff, nc * sizeof *ns);
        for (size_t i = 0; i < w->scap; i++)
            if (w->soff[i] != NONE) {
                size_t j = str_hash(w->str.p + w->soff[i]) & (nc - 1);
                while (ns[j] != NONE) j = (j + 1) & (nc - 1);
                ns[j] = w->soff[i];
            }
        free(w->soff);
        w->soff = ns;
        w->scap = nc;
    }
    size_t j = str_hash(s) & (w->scap - 1);
    for (; w->soff[j] != NONE; j = (j + 1) & (w->scap - 1))
        if (!strcmp(w->str.p + w->soff[j], s)) return w->soff[j];
    uint32_t off = (uint32_t)w->str.n;
    if (vec_add(&w->str, s, strlen(s) + 1)) { w->oom = 1; return 0; }
    w->soff[j] = off;
    w->sused++;
    return off;
}

static uint32_t put_phrase(writer *w, const dy_phrase *ph);

/* writes the alternatives of an element as consecutive phrase records */
static uint32_t put_alts(writer *w, const dy_phrase *alt, int nalt) {
    uint32_t first = (uint32_t)(w->ph.n / sizeof(img_ph));
    img_ph blank = {0, 0, 0};
    for (int i = 0; i < nalt; i++)
        if (vec_add(&w->ph, &blank, sizeof blank)) w->oom = 1;
    for (int i = 0; i < nalt && !w->oom; i++) {
        uint32_t idx = put_phrase(w, &alt[i]);
        /* move the record into its reserved slot */
        img_ph rec;
        memcpy(&rec, w->ph.p + (size_t)idx * sizeof rec, sizeof rec);
        memcpy(w->ph.p + (size_t)(first + i) * sizeof rec, &rec, sizeof rec);
    }
    return first;
}

static uint32_t put_phrase(writer *w, const dy_phrase *ph) {
    /* elements first (their alternatives recursively), then the record */
    img_el *tmp = calloc((size_t)(ph->n ? ph->n : 1), sizeof *tmp);
    if (!tmp) { w->oom = 1; return 0; }
    for (int i = 0; i < ph->n; i++) {
        const dy_el *e = &ph->el[i];
        tmp[i].kind = e->kind;
        tmp[i].exact = e->exact;
        tmp[i].consec = e->consec;
        tmp[i].endings = e->endings;
        tmp[i].word = e->word ? put_str(w, e->word) : NONE;
        tmp[i].len = e->len;
        tmp[i].synset = (uint32_t)e->synset;
        tmp[i].alt = e->kind == EL_ALT ? put_alts(w, e->alt, e->nalt) : NONE;
        tmp[i].nalt = (uint32_t)e->nalt;
        tmp[i].synlen = (uint32_t)e->synlen;
    }
    img_ph rec = {(uint32_t)(w->el.n / sizeof(img_el)), (uint32_t)ph->n, ph->length};
    if (vec_add(&w->el, tmp, (size_t)ph->n * sizeof *tmp)) w->oom = 1;
    free(tmp);
    uint32_t idx = (uint32_t)(w->ph.n / sizeof rec);
    if (vec_add(&w->ph, &rec, sizeof rec)) w->oom = 1;
    return idx;
}

static uint32_t verb_index(writer *w, const dy_verb *v);

static uint32_t put_verb(writer *w, const dy_verb *v) {
    img_verb rec = {put_str(w, v->code), put_str(w, v->code2), v->flags, 0, 0, NONE};
    if (v->share) {
        rec.share = verb_index(w, v->share);
    } else {
        rec.pat = (uint32_t)(w->pat.n / sizeof(img_pat));
        rec.npat = (uint32_t)v->npat;
        for (int i = 0; i < v->npat; i++) {
            const dy_pattern *p = &v->pat[i];
            img_pat pr = {put_phrase(w, &p->ph), (uint32_t)p->verb_at, put_str(w, p->code), put_str(w, p->code2),
                          p->flags, p->line};
            /* put_phrase may have appended patterns? no: patterns never nest */
            if (vec_add(&w->pat, &pr, sizeof pr)) w->oom = 1;
        }
    }
    uint32_t idx = (uint32_t)(w->verb.n / sizeof rec);
    if (vec_add(&w->verb, &rec, sizeof rec)) w->oom = 1;
    return idx;
}

static uint32_t verb_index(writer *w, const dy_verb *v) {
    size_t m = w->vcap - 1;
    size_t h = ((uintptr_t)v >> 4) * 2654435761u;
    for (size_t i = h & m;; i = (i + 1) & m) {
        if (w->vkeys[i] == v) return w->vvals[i];
        if (!w->vkeys[i]) {
            uint32_t idx = put_verb(w, v);
            /* the table may not have moved: insert at the first free slot now */
            for (size_t j = h & m;; j = (j + 1) & m)
                if (!w->vkeys[j]) {
                    w->vkeys[j] = v;
                    w->vvals[j] = idx;
                    return idx;
                }
        }
    }
}

int dy_image_save(const dyad_dict *d, const char *path, char *err, size_t errlen) {
    writer w;
    memset(&w, 0, sizeof w);
    w.vcap = 1024;
    while (w.vcap < (size_t)d->nroots * 2 + 16) w.vcap <<= 1;
    w.vkeys = calloc(w.vcap, sizeof *w.vkeys);
    w.vvals = calloc(w.vcap, sizeof *w.vvals);
    if (!w.vkeys || !w.vvals) w.oom = 1;
    /* synsets first: elements refer to them by index */
    for (int i = 0; i < d->nsyn && !w.oom; i++) {
        img_syn rec = {put_str(&w, d->syn[i].name), put_alts(&w, d->syn[i].alt, d->syn[i].nalt),
                       (uint32_t)d->syn[i].nalt};
        if (vec_add(&w.syn, &rec, sizeof rec)) w.oom = 1;
    }
    for (int i = 0; i < d->nroots && !w.oom; i++) {
        const dy_root *r = &d->roots[i];
        img_root rec = {put_phrase(&w, &r->ph), r->type, (uint32_t)(w.code.n / sizeof(img_code)), (uint32_t)r->ncodes,
                        r->verb ? verb_index(&w, r->verb) : NONE, put_str(&w, r->name), (uint32_t)r->line,
                        put_str(&w, r->file)};
        for (int k = 0; k < r->ncodes; k++) {
            img_code c = {put_str(&w, r->codes[k].code), r->codes[k].lo, r->codes[k].hi};
            if (vec_add(&w.code, &c, sizeof c)) w.oom = 1;
        }
        if (vec_add(&w.root, &rec, sizeof rec)) w.oom = 1;
    }
    for (int i = 0; i < d->ntr && !w.oom; i++) {
        const dy_transform *t = &d->tr[i];
        img_tr rec = {(uint8_t)t->u, (uint8_t)t->ls, (uint8_t)t->lt, (uint8_t)t->rs, (uint8_t)t->rt, {0, 0, 0},
                      put_str(&w, t->upper), put_str(&w, t->lower), put_str(&w, t->code)};
        if (vec_add(&w.tr, &rec, sizeof rec)) w.oom = 1;
    }
    const dy_options *o = &d->opt;
    img_opt op = {{o->code_mode, o->comma_off, o->cmin, o->cmax, o->emin, o->emax, o->bmin, o->bmax, o->cx_verbs,
                   o->cx_actors, o->cx_pronouns, o->cx_conj, o->cx_comma, o->cx_lateverb, o->cx_noactprior,
                   o->cx_noactafter, o->cx_noverb, o->cx_nosource, o->cx_notarget, o->cx_noevent, o->def_src_prior,
                   o->def_tgt_after, o->convert_agents, o->time_shift, o->min_words, 0},
                  put_str(&w, o->def_src), put_str(&w, o->def_tgt)};
    vec src = {0};
    for (size_t i = 0; i < d->nsources; i++) {
        img_source s = {put_str(&w, d->sources[i].path), (uint32_t)d->sources[i].mtime,
                        (uint32_t)((uint64_t)d->sources[i].mtime >> 32), (uint32_t)d->sources[i].size,
                        (uint32_t)((uint64_t)d->sources[i].size >> 32)};
        if (vec_add(&src, &s, sizeof s)) w.oom = 1;
    }
    int rc = 0;
    if (w.oom) {
        snprintf(err, errlen, "%s: out of memory while compiling the image", path);
        rc = DYAD_ENOMEM;
        goto out;
    }
    /* pad the string table so the tables after it are 8-byte aligned */
    while (w.str.n % 8) vec_add(&w.str, "", 1);
    img_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, IMG_MAGIC, 8);
    h.version = IMG_VERSION;
    h.bom = IMG_BOM;
    h.nsources = (uint32_t)(src.n / sizeof(img_source));
    h.nstr = (uint32_t)w.str.n;
    h.nel = (uint32_t)(w.el.n / sizeof(img_el));
    h.nph = (uint32_t)(w.ph.n / sizeof(img_ph));
    h.ncode = (uint32_t)(w.code.n / sizeof(img_code));
    h.npat = (uint32_t)(w.pat.n / sizeof(img_pat));
    h.nverb = (uint32_t)(w.verb.n / sizeof(img_verb));
    h.nroot = (uint32_t)(w.root.n / sizeof(img_root));
    h.nsyn = (uint32_t)(w.syn.n / sizeof(img_syn));
    h.ntr = (uint32_t)(w.tr.n / sizeof(img_tr));
    h.stat_verbs = (uint32_t)d->nverbs;
    h.stat_forms = (uint32_t)d->nforms;
    h.stat_transforms = (uint32_t)d->ntransforms;
    h.stat_synsets = (uint32_t)(d->nsynsets ? d->nsynsets : (size_t)d->nsyn);
    vec *parts[] = {&src, &w.str, &w.el, &w.ph, &w.code, &w.pat, &w.verb, &w.root, &w.syn, &w.tr};
    uint64_t hash = 1469598103934665603ULL;
    h.payload = sizeof op;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) h.payload += parts[i]->n;
    /* the checksum covers the payload as one byte stream: sum a copy */
    {
        size_t tot = (size_t)h.payload, o = 0;
        unsigned char *all = malloc(tot ? tot : 1);
        if (!all) {
            snprintf(err, errlen, "%s: out of memory while compiling the image", path);
            rc = DYAD_ENOMEM;
            goto out;
        }
        for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
            if (parts[i]->n) memcpy(all + o, parts[i]->p, parts[i]->n); /* an empty table has no buffer */
            o += parts[i]->n;
        }
        memcpy(all + o, &op, sizeof op);
        hash = img_sum(hash, all, tot);
        free(all);
    }
    h.checksum = hash;
    char tmppath[4096];
    snprintf(tmppath, sizeof tmppath, "%s.tmp", path);
    FILE *f = fopen(tmppath, "wb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", tmppath, strerror(errno));
        rc = DYAD_EIO;
        goto out;
    }
    fwrite(&h, sizeof h, 1, f);
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (parts[i]->n) fwrite(parts[i]->p, 1, parts[i]->n, f);
    fwrite(&op, sizeof op, 1, f);
    if (ferror(f) | fclose(f) || rename(tmppath, path)) {
        snprintf(err, errlen, "%s: write failed: %s", path, strerror(errno));
        remove(tmppath);
        rc = DYAD_EIO;
    }
out:
    free(src.p);
    vec *all[] = {&w.str, &w.el, &w.ph, &w.code, &w.pat, &w.verb, &w.root, &w.syn, &w.tr};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) free(all[i]->p);
    free(w.vkeys);
    free(w.vvals);
    free(w.soff);
    return rc;
}

/* ------------------------------------------------------------ loader */

int dy_image_is(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    char m[8] = {0};
    size_t k = fread(m, 1, 8, f);
    fclose(f);
    return k == 8 && !memcmp(m, IMG_MAGIC, 8);
}

typedef struct {
    const img_header *h;
    const char *str;
    const img_el *el;
    const img_ph *ph;
    const img_code *code;
    const img_pat *pat;
    const img_verb *verb;
    const img_root *root;
    const img_syn *syn;
    dyad_dict *d;
    dy_phrase *phrases; /* built lazily: index -> phrase */
    char *built;
    dy_verb *verbs;
    int bad;
} loader;

static const char *S(loader *L, uint32_t off) {
    if (off == NONE) return NULL;
    if (off >= L->h->nstr) { L->bad = 1; return ""; }
    return L->str + off;
}

static dy_phrase *P(loader *L, uint32_t idx) {
    if (idx >= L->h->nph) { L->bad = 1; return &L->phrases[0]; }
    if (L->built[idx]) return &L->phrases[idx];
    L->built[idx] = 1;
    const img_ph *r = &L->ph[idx];
    dy_phrase *ph = &L->phrases[idx];
    if ((uint64_t)r->el + r->n > L->h->nel) { L->bad = 1; return ph; }
    ph->n = (int)r->n;
    ph->length = r->length;
    ph->el = dy_dict_alloc(L->d, (size_t)(r->n ? r->n : 1) * sizeof *ph->el);
    if (!ph->el) { L->bad = 1; return ph; }
    for (uint32_t i = 0; i < r->n; i++) {
        const img_el *e = &L->el[r->el + i];
        dy_el *o = &ph->el[i];
        o->kind = e->kind;
        o->exact = e->exact;
        o->consec = e->consec;
        o->endings = e->endings;
        o->word = S(L, e->word);
        o->len = (uint16_t)e->len;
        o->synset = (int)e->synset;
        o->nalt = (int)e->nalt;
        o->synlen = (int)e->synlen;
        if (o->kind == EL_WORD && !o->word) L->bad = 1;
        if (o->kind == EL_SYNSET && e->synset >= L->h->nsyn) L->bad = 1;
        if (o->kind == EL_ALT) {
            if (e->alt == NONE || (uint64_t)e->alt + e->nalt > L->h->nph) { L->bad = 1; continue; }
            for (uint32_t a = 0; a < e->nalt; a++) P(L, e->alt + a);
            o->alt = &L->phrases[e->alt];
        }
    }
    return ph;
}

static int stale_sources(const img_source *src, uint32_t n, const char *str, uint32_t nstr, char *why, size_t cap) {
    for (uint32_t i = 0; i < n; i++) {
        if (src[i].path >= nstr) return -1;
        const char *p = str + src[i].path;
        struct stat st;
        if (stat(p, &st)) continue; /* source gone: the image stands on its own */
        uint64_t size = (uint64_t)src[i].size_lo | (uint64_t)src[i].size_hi << 32;
        int64_t mt = (int64_t)((uint64_t)src[i].mtime_lo | (uint64_t)src[i].mtime_hi << 32);
        if ((uint64_t)st.st_size != size || (int64_t)st.st_mtime != mt) {
            snprintf(why, cap, "%s changed after the image was compiled", p);
            return 1;
        }
    }
    return 0;
}

int dy_image_load(dyad_dict *d, const char *path, char *err, size_t errlen) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return DYAD_EIO;
    }
    struct stat st;
    if (fstat(fd, &st) || st.st_size < (off_t)sizeof(img_header)) {
        close(fd);
        snprintf(err, errlen, "%s: not a dyad dictionary image (too short)", path);
        return DYAD_EPARSE;
    }
    size_t size = (size_t)st.st_size;
#ifdef MAP_POPULATE
    int mflags = MAP_PRIVATE | MAP_POPULATE; /* fault the file in at once */
#else
    int mflags = MAP_PRIVATE;
#endif
    void *map = mmap(NULL, size, PROT_READ, mflags, fd, 0);
    close(fd);
    if (map == MAP_FAILED) {
        snprintf(err, errlen, "%s: mmap: %s", path, strerror(errno));
        return DYAD_EIO;
    }
    const img_header *h = map;
    const char *why = NULL;
    char buf[512];
    if (memcmp(h->magic, IMG_MAGIC, 8)) why = "not a dyad dictionary image";
    else if (h->bom != IMG_BOM) why = "image was written on a machine of another byte order; recompile it";
    else if (h->version != IMG_VERSION) {
        snprintf(buf, sizeof buf, "image format %u, this dyad reads %u; recompile it with 'dyad dict compile'", h->version,
                 IMG_VERSION);
        why = buf;
    } else if (h->payload != size - sizeof *h) why = "image is truncated or has trailing bytes (corrupt)";
    if (!why) {
        uint64_t sum = img_sum(1469598103934665603ULL, (const unsigned char *)map + sizeof *h, (size_t)h->payload);
        if (sum != h->checksum) why = "image checksum does not match (corrupt)";
    }
    /* section layout, with overflow-safe bounds */
    uint64_t need = (uint64_t)h->nsources * sizeof(img_source) + h->nstr + (uint64_t)h->nel * sizeof(img_el) +
                    (uint64_t)h->nph * sizeof(img_ph) + (uint64_t)h->ncode * sizeof(img_code) +
                    (uint64_t)h->npat * sizeof(img_pat) + (uint64_t)h->nverb * sizeof(img_verb) +
                    (uint64_t)h->nroot * sizeof(img_root) + (uint64_t)h->nsyn * sizeof(img_syn) +
                    (uint64_t)h->ntr * sizeof(img_tr) + sizeof(img_opt);
    if (!why && need != h->payload) why = "image sections do not add up (corrupt)";
    const char *p = (const char *)map + sizeof *h;
    const img_source *src = (const void *)p;
    p += (size_t)h->nsources * sizeof(img_source);
    loader L;
    memset(&L, 0, sizeof L);
    L.h = h;
    L.str = p;
    p += h->nstr;
    L.el = (const void *)p;
    p += (size_t)h->nel * sizeof(img_el);
    L.ph = (const void *)p;
    p += (size_t)h->nph * sizeof(img_ph);
    L.code = (const void *)p;
    p += (size_t)h->ncode * sizeof(img_code);
    L.pat = (const void *)p;
    p += (size_t)h->npat * sizeof(img_pat);
    L.verb = (const void *)p;
    p += (size_t)h->nverb * sizeof(img_verb);
    L.root = (const void *)p;
    p += (size_t)h->nroot * sizeof(img_root);
    L.syn = (const void *)p;
    p += (size_t)h->nsyn * sizeof(img_syn);
    const img_tr *trs = (const void *)p;
    p += (size_t)h->ntr * sizeof(img_tr);
    const img_opt *op = (const void *)p;
    if (!why && h->nstr && L.str[h->nstr - 1] != 0) why = "string table is not terminated (corrupt)";
    if (!why) {
        int s = stale_sources(src, h->nsources, L.str, h->nstr, buf, sizeof buf);
        if (s < 0) why = "source table is corrupt";
        else if (s > 0) {
            char tmp[600];
            snprintf(tmp, sizeof tmp, "stale: %s; recompile it with 'dyad dict compile'", buf);
            snprintf(buf, sizeof buf, "%s", tmp);
            why = buf;
        }
    }
    if (why) {
        snprintf(err, errlen, "%s: %s", path, why);
        munmap(map, size);
        return DYAD_EPARSE;
    }
    L.d = d;
    for (uint32_t i = 0; i < h->nsources; i++) /* the files it was made from, for dy_dict_has_source */
        dy_dict_add_source(d, L.str + src[i].path,
                           (long long)((uint64_t)src[i].size_lo | (uint64_t)src[i].size_hi << 32),
                           (long long)((uint64_t)src[i].mtime_lo | (uint64_t)src[i].mtime_hi << 32));
    /* phrases live as long as the dictionary (alternatives point at them) */
    L.phrases = dy_dict_alloc(d, (size_t)(h->nph ? h->nph : 1) * sizeof *L.phrases);
    L.built = calloc(h->nph ? h->nph : 1, 1);
    L.verbs = dy_dict_alloc(d, (size_t)(h->nverb ? h->nverb : 1) * sizeof *L.verbs);
    if (!L.phrases || !L.built || !L.verbs) {
        free(L.built);
        munmap(map, size);
        snprintf(err, errlen, "%s: out of memory", path);
        return DYAD_ENOMEM;
    }
    int base_syn = d->nsyn;
    /* synsets */
    if (h->nsyn) {
        dy_synset *ns = realloc(d->syn, (size_t)(d->nsyn + (int)h->nsyn) * sizeof *ns);
        if (!ns) L.bad = 1;
        else {
            d->syn = ns;
            d->capsyn = d->nsyn + (int)h->nsyn;
            for (uint32_t i = 0; i < h->nsyn; i++) {
                const img_syn *s = &L.syn[i];
                dy_synset *o = &d->syn[d->nsyn++];
                o->name = S(&L, s->name);
                if ((uint64_t)s->alt + s->nalt > h->nph) { L.bad = 1; o->alt = NULL; o->nalt = 0; continue; }
                for (uint32_t a = 0; a < s->nalt; a++) P(&L, s->alt + a);
                o->alt = s->nalt ? &L.phrases[s->alt] : NULL;
                o->nalt = (int)s->nalt;
            }
        }
    }
    /* verbs and their patterns */
    for (uint32_t i = 0; i < h->nverb && !L.bad; i++) {
        const img_verb *v = &L.verb[i];
        dy_verb *o = &L.verbs[i];
        memset(o, 0, sizeof *o);
        o->code = S(&L, v->code);
        o->code2 = S(&L, v->code2);
        o->flags = v->flags;
        if (v->share != NONE) {
            if (v->share >= h->nverb) { L.bad = 1; break; }
            o->share = &L.verbs[v->share];
            continue;
        }
        if ((uint64_t)v->pat + v->npat > h->npat) { L.bad = 1; break; }
        if (v->npat) {
            o->pat = malloc((size_t)v->npat * sizeof *o->pat);
            if (!o->pat || dy_dict_own(d, o)) { free(o->pat); o->pat = NULL; L.bad = 1; break; }
            o->npat = o->cappat = (int)v->npat;
            for (uint32_t k = 0; k < v->npat; k++) {
                const img_pat *ip = &L.pat[v->pat + k];
                dy_pattern *pp = &o->pat[k];
                pp->ph = *P(&L, ip->ph);
                pp->verb_at = (int)ip->verb_at;
                pp->code = S(&L, ip->code);
                pp->code2 = S(&L, ip->code2);
                pp->flags = ip->flags;
                pp->line = ip->line;
                if (pp->verb_at >= pp->ph.n) L.bad = 1;
            }
        }
    }
    /* roots */
    for (uint32_t i = 0; i < h->nroot && !L.bad; i++) {
        const img_root *r = &L.root[i];
        if (d->nroots == d->caproots) {
            int nc = d->caproots ? d->caproots * 2 : (int)h->nroot + 16;
            dy_root *nr = realloc(d->roots, (size_t)nc * sizeof *nr);
            if (!nr) { L.bad = 1; break; }
            d->roots = nr;
            d->caproots = nc;
        }
        dy_root *o = &d->roots[d->nroots];
        memset(o, 0, sizeof *o);
        o->ph = *P(&L, r->ph);
        if (o->ph.n == 0 || o->ph.el[0].kind != EL_WORD) { L.bad = 1; break; }
        o->type = (uint8_t)r->type;
        if ((uint64_t)r->codes + r->ncodes > h->ncode) { L.bad = 1; break; }
        if (r->ncodes) {
            o->codes = dy_dict_alloc(d, r->ncodes * sizeof *o->codes);
            if (!o->codes) { L.bad = 1; break; }
            for (uint32_t k = 0; k < r->ncodes; k++) {
                o->codes[k].code = S(&L, L.code[r->codes + k].code);
                o->codes[k].lo = L.code[r->codes + k].lo;
                o->codes[k].hi = L.code[r->codes + k].hi;
                if (!o->codes[k].code) L.bad = 1;
            }
            o->ncodes = (int)r->ncodes;
        }
        if (r->verb != NONE) {
            if (r->verb >= h->nverb) { L.bad = 1; break; }
            o->verb = &L.verbs[r->verb];
        }
        if (o->type == RT_VERB && !o->verb) L.bad = 1;
        o->name = S(&L, r->name);
        o->line = (int)r->line;
        o->file = S(&L, r->file);
        d->nroots++;
        switch (o->type) {
        case RT_ACTOR: d->nactors++; break;
        case RT_AGENT: d->nagents++; break;
        case RT_DISCARD: d->ndiscards++; break;
        default: break;
        }
    }
    for (uint32_t i = 0; i < h->nverb; i++) d->npatterns += (size_t)L.verb[i].npat;
    d->nverbs += h->stat_verbs;
    d->nforms += h->stat_forms;
    d->ntransforms += h->stat_transforms;
    d->nsynsets += h->stat_synsets;
    (void)base_syn;
    for (uint32_t i = 0; i < h->ntr && !L.bad; i++) {
        if (d->ntr == d->captr) {
            int nc = d->captr ? d->captr * 2 : 8;
            dy_transform *nt = realloc(d->tr, (size_t)nc * sizeof *nt);
            if (!nt) { L.bad = 1; break; }
            d->tr = nt;
            d->captr = nc;
        }
        dy_transform *t = &d->tr[d->ntr++];
        memset(t, 0, sizeof *t);
        t->u = (char)trs[i].u, t->ls = (char)trs[i].ls, t->lt = (char)trs[i].lt, t->rs = (char)trs[i].rs,
        t->rt = (char)trs[i].rt;
        t->upper = S(&L, trs[i].upper);
        t->lower = S(&L, trs[i].lower);
        t->code = S(&L, trs[i].code);
        if (!t->upper || !t->lower || !t->code) L.bad = 1;
    }
    if (!L.bad) {
        dy_options *o = &d->opt;
        const int32_t *v = op->v;
        o->code_mode = v[0], o->comma_off = v[1], o->cmin = v[2], o->cmax = v[3], o->emin = v[4], o->emax = v[5];
        o->bmin = v[6], o->bmax = v[7], o->cx_verbs = v[8], o->cx_actors = v[9], o->cx_pronouns = v[10];
        o->cx_conj = v[11], o->cx_comma = v[12], o->cx_lateverb = v[13], o->cx_noactprior = v[14];
        o->cx_noactafter = v[15], o->cx_noverb = v[16], o->cx_nosource = v[17], o->cx_notarget = v[18];
        o->cx_noevent = v[19], o->def_src_prior = v[20], o->def_tgt_after = v[21], o->convert_agents = v[22];
        o->time_shift = v[23], o->min_words = v[24];
        o->def_src = S(&L, op->def_src);
        o->def_tgt = S(&L, op->def_tgt);
    }
    free(L.built);
    if (L.bad) {
        snprintf(err, errlen, "%s: image contents are inconsistent (corrupt); recompile it", path);
        /* the roots added so far point into the mapping: keep it alive */
    }
    /* the mapping backs every string: keep it until the dictionary is freed */
    if (d->nmaps < sizeof d->maps / sizeof d->maps[0]) {
        d->maps[d->nmaps].p = map;
        d->maps[d->nmaps].n = size;
        d->nmaps++;
    }
    d->compiled = 0;
    return L.bad ? DYAD_EPARSE : 0;
}

void dy_image_unmap(dyad_dict *d) {
    for (size_t i = 0; i < d->nmaps; i++) munmap(d->maps[i].p, d->maps[i].n);
    d->nmaps = 0;
}
