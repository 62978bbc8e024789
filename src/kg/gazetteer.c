/* gazetteer.c — build and open the place index (see gazetteer.h). */
#include "kg/gazetteer.h"
#include "dict/dict.h"
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#define GZ_MAGIC "DYADGAZ"
#define GZ_VERSION 3u
/* A bit per name hash's top 22 bits (512 KB, in the file): most words and
 * word runs the graph asks about are no place name, and the bit answers them
 * without reading the bucket table and the name table (two cache misses in
 * 7 MB: dy_gaz_find was 3.7% of an ingest for 0.3% of its instructions). */
#define GZ_BLOOM_BITS 22
#define GZ_BUCKET_BITS 18
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

typedef struct {
    char magic[8];
    uint32_t version, nplaces, nnames, bucket_bits;
    uint64_t off_places, off_names, off_buckets, off_cc, off_str, str_len, file_len;
    uint64_t off_bloom; /* (1 << GZ_BLOOM_BITS) bits */
} gz_header;

struct dy_gaz {
    void *map;
    size_t len;
    const gz_header *h;
    const gz_place *places;
    const gz_name *names;
    const uint32_t *buckets;
    const uint32_t *cc;
    const uint64_t *bloom;
    const char *str;
};

/* ------------------------------------------------------------ keys */

size_t dy_gaz_key(const char *s, size_t n, char *out, size_t outcap) {
    if (!outcap) return 0;
    char fold[512];
    if (n > 400) n = 400;
    size_t i0 = 0;
    while (i0 < n && (unsigned char)s[i0] < 0x80) i0++;
    if (i0 == n) { /* ASCII: letters and digits are the word characters */
        size_t o = 0;
        int space = 0;
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)s[i], l = c | 32;
            int digit = (unsigned)c - '0' < 10u;
            if (!digit && (unsigned)l - 'a' >= 26u) { space = o > 0; continue; }
            if (space) {
                if (o + 1 >= outcap) break;
                out[o++] = ' ';
                space = 0;
            }
            if (o + 1 >= outcap) break;
            out[o++] = (char)(digit ? c : l);
        }
        out[o] = 0;
        return o;
    }
    size_t fl = dy_fold(s, n, fold, sizeof fold);
    size_t o = 0;
    int space = 0;
    for (size_t i = 0; i < fl;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)fold + i, (utf8proc_ssize_t)(fl - i), &cp);
        if (k <= 0) { i++; continue; }
        utf8proc_category_t cat = utf8proc_category(cp);
        int word = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                   (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO) ||
                   (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME);
        if (!word) {
            space = o > 0;
        } else {
            if (space) {
                if (o + 1 >= outcap) break;
                out[o++] = ' ';
                space = 0;
            }
            if (o + (size_t)k >= outcap) break;
            memcpy(out + o, fold + i, (size_t)k);
            o += (size_t)k;
        }
        i += (size_t)k;
    }
    out[o] = 0;
    return o;
}

/* ------------------------------------------------------------ builder */

typedef dy_buf gbuf;
#define gb_add dy_buf_add

typedef struct {
    gbuf places, names, str;
    double *sx, *sy, *sz; /* per place: sum of unit vectors of its cities */
    uint32_t *ncity;
    size_t sumcap;
    uint32_t cc[26 * 26];
    /* subdivisions: (cc, geonames admin1) -> place */
    struct sub { char cc[2]; char admin[12]; uint32_t place; } *subs;
    size_t nsubs, capsubs;
    /* names of the current place, for de-duplication */
    uint64_t cur[512];
    int ncur;
    uint32_t curplace;
} builder;

static uint32_t b_nplaces(const builder *b) { return (uint32_t)(b->places.n / sizeof(gz_place)); }
static gz_place *b_place(builder *b, uint32_t i) { return (gz_place *)b->places.p + i; }

static uint32_t b_str(builder *b, const char *s, size_t n) {
    uint32_t off = (uint32_t)b->str.n;
    if (gb_add(&b->str, s, n) || gb_add(&b->str, "", 1)) return 0;
    return off;
}

static int cc_index(const char *cc) {
    if (!cc || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z') return -1;
    return (cc[0] - 'A') * 26 + (cc[1] - 'A');
}

static uint32_t b_new_place(builder *b, int type, const char *cc, const char *name, size_t nl) {
    gz_place p;
    memset(&p, 0, sizeof p);
    p.type = (uint8_t)type;
    p.adm1 = GZ_NONE;
    if (cc && cc_index(cc) >= 0) memcpy(p.cc, cc, 2);
    p.name = b_str(b, name, nl);
    if (gb_add(&b->places, &p, sizeof p)) return GZ_NONE;
    return b_nplaces(b) - 1;
}

static int b_name(builder *b, uint32_t place, const char *s, size_t n, int kind) {
    char key[256];
    size_t kl = dy_gaz_key(s, n, key, sizeof key);
    if (kl < 2) return 0;
    uint64_t h = dy_hash64(key, kl);
    if (b->curplace != place) b->curplace = place, b->ncur = 0;
    for (int i = 0; i < b->ncur; i++)
        if (b->cur[i] == h) return 0;
    if (b->ncur < 512) b->cur[b->ncur++] = h;
    gz_name nm;
    memset(&nm, 0, sizeof nm);
    nm.hash = h;
    nm.place = place;
    nm.kind = (uint8_t)kind;
    int words = 1;
    for (size_t i = 0; i < kl; i++) words += key[i] == ' ';
    nm.words = (uint8_t)(words > 255 ? 255 : words);
    return gb_add(&b->names, &nm, sizeof nm);
}

/* an alternate name worth keeping: Latin or Cyrillic letters, not a code */
static int keep_alt(const char *s, size_t n) {
    int letters = 0, lower = 0;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) return 0;
        i += (size_t)k;
        if (cp < 0x80) {
            if ((cp | 32) >= 'a' && (cp | 32) <= 'z') letters++, lower += cp >= 'a';
            continue;
        }
        if ((cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x400 && cp <= 0x4FF)) {
            letters++, lower++;
            continue;
        }
        if (cp == 0x2019 || cp == 0x2018 || cp == 0x2013 || cp == 0x2010 || cp == 0x2011) continue;
        return 0;
    }
    if (!letters) return 0;
    if (!lower && n <= 4) return 0; /* "UFA", "NYC": codes, not names */
    return n <= 80;
}

static void b_sum(builder *b, uint32_t place, double lat, double lon) {
    if (place == GZ_NONE || place >= b->sumcap) return;
    double la = lat * M_PI / 180, lo = lon * M_PI / 180;
    b->sx[place] += cos(la) * cos(lo);
    b->sy[place] += cos(la) * sin(lo);
    b->sz[place] += sin(la);
    b->ncity[place]++;
}

static char *slurp(const char *path, size_t *len, char *err, size_t errlen) {
    char *b = dy_read_file(path, len);
    if (!b) snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return b;
}

static const char *jstr(json_t *o, const char *k) {
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static void add_json_names(builder *b, uint32_t place, json_t *names) {
    const char *k;
    json_t *v;
    json_object_foreach(names, k, v) {
        const char *s = json_string_value(v);
        if (!s) continue;
        /* English and GeoNames' names, and Russian; the package's other
         * languages are not needed for English or Russian news and some of
         * them are wrong ("zh" names in Russian) */
        if (!strcmp(k, "en") || !strcmp(k, "geonames")) b_name(b, place, s, strlen(s), GZN_PRIMARY);
        else if (!strcmp(k, "ru") && keep_alt(s, strlen(s))) b_name(b, place, s, strlen(s), GZN_ALT);
    }
}

static int load_subdivisions(builder *b, const char *path, char *err, size_t errlen) {
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root || !json_is_object(root)) {
        snprintf(err, errlen, "%s:%d: %s", path, je.line, root ? "not a JSON object" : je.text);
        json_decref(root);
        return -1;
    }
    const char *key;
    json_t *c;
    json_object_foreach(root, key, c) {
        const char *iso = jstr(c, "iso"), *fips = jstr(c, "fips");
        json_t *names = json_object_get(c, "names");
        const char *en = names ? jstr(names, "en") : NULL;
        if (!iso || cc_index(iso) < 0 || !en) continue;
        uint32_t p = b_new_place(b, GZ_COUNTRY, iso, en, strlen(en));
        if (p == GZ_NONE) goto oom;
        if (fips && strlen(fips) == 2) memcpy(b_place(b, p)->fips, fips, 2);
        const char *iso3 = jstr(c, "iso3");
        if (iso3 && strlen(iso3) == 3) memcpy(b_place(b, p)->iso3, iso3, 3);
        json_t *num = json_object_get(c, "numeric");
        if (json_is_integer(num) && json_integer_value(num) > 0 && json_integer_value(num) < 1000)
            b_place(b, p)->numeric = (uint16_t)json_integer_value(num);
        b->cc[cc_index(iso)] = p;
        add_json_names(b, p, names);
        json_t *regs = json_object_get(c, "regions");
        size_t i;
        json_t *r;
        json_array_foreach(regs, i, r) {
            const char *riso = jstr(r, "iso"), *rfips = jstr(r, "fips"), *admin = jstr(r, "admin");
            json_t *rn = json_object_get(r, "names");
            const char *ren = rn ? jstr(rn, "en") : NULL;
            if (!ren) ren = jstr(r, "name");
            if (!riso || !ren || strlen(riso) > 3) continue;
            uint32_t q = b_new_place(b, GZ_ADM1, iso, ren, strlen(ren));
            if (q == GZ_NONE) goto oom;
            gz_place *pq = b_place(b, q);
            memcpy(pq->adm1code, riso, strlen(riso));
            if (rfips && strlen(rfips) <= 2) memcpy(pq->fipsadm1, rfips, strlen(rfips));
            if (fips && strlen(fips) == 2) memcpy(pq->fips, fips, 2);
            pq->adm1 = q;
            b_name(b, q, ren, strlen(ren), GZN_PRIMARY);
            if (rn) add_json_names(b, q, rn);
            if (admin && strlen(admin) < 12) {
                if (b->nsubs == b->capsubs) {
                    size_t nc = b->capsubs ? b->capsubs * 2 : 1024;
                    struct sub *ns = realloc(b->subs, nc * sizeof *ns);
                    if (!ns) goto oom;
                    b->subs = ns;
                    b->capsubs = nc;
                }
                struct sub *s = &b->subs[b->nsubs++];
                memcpy(s->cc, iso, 2);
                snprintf(s->admin, sizeof s->admin, "%s", admin);
                s->place = q;
            }
        }
    }
    json_decref(root);
    return 0;
oom:
    json_decref(root);
    snprintf(err, errlen, "%s: out of memory", path);
    return -1;
}

static uint32_t find_sub(const builder *b, const char *cc, const char *admin, size_t al) {
    for (size_t i = 0; i < b->nsubs; i++)
        if (!memcmp(b->subs[i].cc, cc, 2) && strlen(b->subs[i].admin) == al && !memcmp(b->subs[i].admin, admin, al))
            return b->subs[i].place;
    return GZ_NONE;
}

static uint32_t find_adm1_iso(builder *b, const char *code) { /* "RU-BA" */
    if (strlen(code) < 4 || code[2] != '-') return GZ_NONE;
    for (size_t i = 0; i < b->nsubs; i++) {
        gz_place *p = b_place(b, b->subs[i].place);
        if (!memcmp(p->cc, code, 2) && !strncmp(p->adm1code, code + 3, 4) && strlen(code + 3) <= 3) return b->subs[i].place;
    }
    /* subdivisions without a GeoNames admin code are not in subs: scan */
    for (uint32_t i = 0; i < b_nplaces(b); i++) {
        gz_place *p = b_place(b, i);
        if (p->type == GZ_ADM1 && !memcmp(p->cc, code, 2) && strlen(code + 3) <= 3 &&
            !strncmp(p->adm1code, code + 3, 4))
            return i;
    }
    return GZ_NONE;
}

/* iso-codes: Debian's names for countries and subdivisions */
static void load_isocodes(builder *b, const char *dir) {
    char path[1024];
    snprintf(path, sizeof path, "%s/iso_3166-1.json", dir);
    json_t *root = json_load_file(path, 0, NULL);
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(root, "3166-1"), i, e) {
        const char *a2 = jstr(e, "alpha_2");
        int ci = cc_index(a2);
        if (ci < 0 || !b->cc[ci]) continue;
        const char *ks[] = {"name", "common_name", "official_name"};
        for (int k = 0; k < 3; k++) {
            const char *s = jstr(e, ks[k]);
            if (s) b_name(b, b->cc[ci], s, strlen(s), k < 2 ? GZN_PRIMARY : GZN_ALIAS);
        }
    }
    json_decref(root);
    snprintf(path, sizeof path, "%s/iso_3166-2.json", dir);
    root = json_load_file(path, 0, NULL);
    json_array_foreach(json_object_get(root, "3166-2"), i, e) {
        const char *code = jstr(e, "code"), *name = jstr(e, "name");
        if (!code || !name) continue;
        uint32_t q = find_adm1_iso(b, code);
        if (q == GZ_NONE) continue;
        b_name(b, q, name, strlen(name), GZN_ALIAS);
        const char *comma = strchr(name, ',');
        if (comma) b_name(b, q, name, (size_t)(comma - name), GZN_ALIAS); /* "Bashkortostan, Respublika" */
    }
    json_decref(root);
}

static int feature_rank(const char *f, size_t n) {
    if (n == 4 && !memcmp(f, "PPLC", 4)) return GZF_PPLC;
    if (n == 4 && !memcmp(f, "PPLA", 4)) return GZF_PPLA;
    if (n >= 5 && !memcmp(f, "PPLA", 4)) return GZF_PPLA2;
    return GZF_PPL;
}

static int grow_sums(builder *b, size_t n) {
    if (n <= b->sumcap) return 0;
    size_t nc = n + 1024;
    double *x = realloc(b->sx, nc * sizeof *x), *y, *z;
    if (!x) return -1;
    b->sx = x;
    if (!(y = realloc(b->sy, nc * sizeof *y))) return -1;
    b->sy = y;
    if (!(z = realloc(b->sz, nc * sizeof *z))) return -1;
    b->sz = z;
    uint32_t *c = realloc(b->ncity, nc * sizeof *c);
    if (!c) return -1;
    b->ncity = c;
    for (size_t i = b->sumcap; i < nc; i++) b->sx[i] = b->sy[i] = b->sz[i] = 0, b->ncity[i] = 0;
    b->sumcap = nc;
    return 0;
}

static int load_cities(builder *b, const char *path, char *err, size_t errlen) {
    size_t len;
    char *buf = slurp(path, &len, err, errlen);
    if (!buf) return -1;
    if (grow_sums(b, b_nplaces(b))) { free(buf); snprintf(err, errlen, "out of memory"); return -1; }
    long line = 0;
    size_t ncities = 0;
    for (char *p = buf, *end = buf + len; p < end;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) nl = end;
        line++;
        char *f[19];
        size_t fl[19];
        int nf = 0;
        for (char *q = p; nf < 19;) {
            char *t = memchr(q, '\t', (size_t)(nl - q));
            if (!t) t = nl;
            f[nf] = q, fl[nf] = (size_t)(t - q), nf++;
            if (t == nl) break;
            q = t + 1;
        }
        char *next = nl + 1;
        if (nf < 15) {
            if (nl > p) fprintf(stderr, "%s:%ld: %d columns, GeoNames has 19: skipped\n", path, line, nf);
            p = next;
            continue;
        }
        char cc[3] = {0};
        if (fl[8] == 2) memcpy(cc, f[8], 2);
        double lat = strtod(f[4], NULL), lon = strtod(f[5], NULL);
        uint32_t pl = b_new_place(b, GZ_CITY, cc, f[1], fl[1]);
        if (pl == GZ_NONE || grow_sums(b, pl + 1)) { free(buf); snprintf(err, errlen, "out of memory"); return -1; }
        gz_place *P = b_place(b, pl);
        P->lat = (float)lat, P->lon = (float)lon, P->hascoord = 1;
        P->geonameid = (uint32_t)strtoul(f[0], NULL, 10);
        P->population = (uint32_t)strtoul(f[14], NULL, 10);
        P->feature = (uint8_t)feature_rank(f[7], fl[7]);
        int ci = cc_index(cc);
        uint32_t country = ci >= 0 ? b->cc[ci] : 0;
        if (country) memcpy(P->fips, b_place(b, country)->fips, 2);
        uint32_t sub = fl[10] ? find_sub(b, cc, f[10], fl[10]) : GZ_NONE;
        if (sub != GZ_NONE) {
            gz_place *S = b_place(b, sub);
            P = b_place(b, pl);
            P->adm1 = sub;
            memcpy(P->adm1code, S->adm1code, 4);
            memcpy(P->fipsadm1, S->fipsadm1, 2);
            b_sum(b, sub, lat, lon);
        }
        if (country) b_sum(b, country, lat, lon);
        b_name(b, pl, f[1], fl[1], GZN_PRIMARY);
        b_name(b, pl, f[2], fl[2], GZN_PRIMARY);
        for (char *a = f[3], *ae = f[3] + fl[3]; a < ae;) {
            char *c = memchr(a, ',', (size_t)(ae - a));
            if (!c) c = ae;
            if (keep_alt(a, (size_t)(c - a))) b_name(b, pl, a, (size_t)(c - a), GZN_ALT);
            a = c + 1;
        }
        ncities++;
        p = next;
    }
    free(buf);
    if (!ncities) {
        snprintf(err, errlen, "%s: no GeoNames city lines", path);
        return -1;
    }
    return 0;
}

/* data/places.txt: NAME | TYPE | CC | ADM1 | LAT LON | ALIASES */
static int load_places(builder *b, const char *name, const char *s, size_t n, char *err, size_t errlen) {
    long line = 0;
    for (const char *p = s, *end = s + n; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) nl = end;
        line++;
        char l[2048];
        size_t ll = (size_t)(nl - p);
        const char *next = nl + 1;
        while (ll && (p[ll - 1] == '\r' || p[ll - 1] == ' ')) ll--;
        while (ll && (*p == ' ' || *p == '\t')) p++, ll--;
        if (!ll || *p == '#') { p = next; continue; }
        if (ll >= sizeof l) { snprintf(err, errlen, "%s:%ld: line too long", name, line); return -1; }
        memcpy(l, p, ll);
        l[ll] = 0;
        char *fld[6];
        int nf = 0;
        for (char *q = l; nf < 6;) {
            fld[nf++] = q;
            char *bar = strstr(q, " | ");
            if (!bar) break;
            *bar = 0;
            q = bar + 3;
        }
        if (nf != 6 || strstr(fld[5], " | ")) {
            snprintf(err, errlen, "%s:%ld: expected 6 fields 'NAME | TYPE | CC | ADM1 | LAT LON | ALIASES'", name, line);
            return -1;
        }
        const char *nm = fld[0], *type = fld[1], *cc = fld[2], *adm = fld[3];
        uint32_t place;
        if (!strcmp(type, "region")) {
            double lat, lon;
            char extra;
            if (sscanf(fld[4], "%lf %lf %c", &lat, &lon, &extra) != 2 || lat < -90 || lat > 90 || lon < -180 || lon > 180) {
                snprintf(err, errlen, "%s:%ld: bad coordinates '%s' (want 'LAT LON' in degrees)", name, line, fld[4]);
                return -1;
            }
            if (strcmp(cc, "-") && cc_index(cc) < 0) {
                snprintf(err, errlen, "%s:%ld: bad country code '%s'", name, line, cc);
                return -1;
            }
            place = b_new_place(b, GZ_REGION, strcmp(cc, "-") ? cc : NULL, nm, strlen(nm));
            if (place == GZ_NONE) { snprintf(err, errlen, "out of memory"); return -1; }
            gz_place *P = b_place(b, place);
            P->lat = (float)lat, P->lon = (float)lon, P->hascoord = 1;
            int ci = cc_index(cc);
            if (ci >= 0 && b->cc[ci]) memcpy(P->fips, b_place(b, b->cc[ci])->fips, 2);
            if (strcmp(adm, "-")) {
                uint32_t q = find_adm1_iso(b, adm);
                if (q != GZ_NONE) {
                    P = b_place(b, place);
                    P->adm1 = q;
                    memcpy(P->adm1code, b_place(b, q)->adm1code, 4);
                    memcpy(P->fipsadm1, b_place(b, q)->fipsadm1, 2);
                }
            }
            b_name(b, place, nm, strlen(nm), GZN_PRIMARY);
        } else if (!strcmp(type, "country")) {
            int ci = cc_index(cc);
            if (ci < 0) {
                snprintf(err, errlen, "%s:%ld: bad country code '%s'", name, line, cc);
                return -1;
            }
            if (!b->cc[ci]) { /* the registry may lack a country (EH): report, keep going */
                fprintf(stderr, "%s:%ld: warning: country '%s' is not in the registry data: line skipped\n", name, line, cc);
                p = next;
                continue;
            }
            place = b->cc[ci];
            b_name(b, place, nm, strlen(nm), GZN_ALIAS);
        } else if (!strcmp(type, "adm1")) {
            place = find_adm1_iso(b, adm);
            if (place == GZ_NONE) {
                /* the registry may lack a subdivision: report, keep going */
                fprintf(stderr, "%s:%ld: warning: unknown ISO 3166-2 code '%s': line skipped\n", name, line, adm);
                p = next;
                continue;
            }
            b_name(b, place, nm, strlen(nm), GZN_ALIAS);
        } else {
            snprintf(err, errlen, "%s:%ld: type '%s' is not region, country or adm1", name, line, type);
            return -1;
        }
        if (strcmp(fld[5], "-"))
            for (char *a = fld[5]; *a;) {
                char *sc = strstr(a, "; ");
                size_t al = sc ? (size_t)(sc - a) : strlen(a);
                if (al && a[al - 1] == ';') al--;
                if (al) b_name(b, place, a, al, GZN_ALIAS);
                if (!sc) break;
                a = sc + 2;
            }
        p = next;
    }
    return 0;
}

static int cmp_name(const void *a, const void *b) {
    const gz_name *x = a, *y = b;
    if (x->hash != y->hash) return x->hash < y->hash ? -1 : 1;
    if (x->kind != y->kind) return x->kind - y->kind;
    return x->place < y->place ? -1 : x->place > y->place;
}

static void finish_centroids(builder *b) {
    for (uint32_t i = 0; i < b_nplaces(b) && i < b->sumcap; i++) {
        gz_place *P = b_place(b, i);
        if ((P->type != GZ_COUNTRY && P->type != GZ_ADM1) || !b->ncity[i]) continue;
        double x = b->sx[i], y = b->sy[i], z = b->sz[i];
        double hyp = sqrt(x * x + y * y);
        P->lat = (float)(atan2(z, hyp) * 180 / M_PI);
        P->lon = (float)(atan2(y, x) * 180 / M_PI);
        P->hascoord = 1;
    }
}

int dy_gaz_build(const char *cities, const char *subdiv, const char *isodir, const char *places_name,
                 const char *places, size_t places_len, const char *out, char *err, size_t errlen) {
    builder b;
    memset(&b, 0, sizeof b);
    int rc = -1;
    b.curplace = GZ_NONE;
    b_str(&b, "", 0);
    /* place 0 is a sentinel so that cc[] == 0 means "no country" */
    b_new_place(&b, 0, NULL, "", 0);
    if (load_subdivisions(&b, subdiv, err, errlen)) goto done;
    if (isodir) load_isocodes(&b, isodir);
    if (load_places(&b, places_name, places, places_len, err, errlen)) goto done;
    if (load_cities(&b, cities, err, errlen)) goto done;
    finish_centroids(&b);
    size_t nn = b.names.n / sizeof(gz_name);
    qsort(b.names.p, nn, sizeof(gz_name), cmp_name);
    { /* one name per (key, place), the best kind (sorted first) */
        gz_name *v = (gz_name *)b.names.p;
        size_t o = 0;
        for (size_t i = 0; i < nn; i++) {
            int dup = 0;
            for (size_t k = o; k > 0 && v[k - 1].hash == v[i].hash && !dup; k--) dup = v[k - 1].place == v[i].place;
            if (!dup) v[o++] = v[i];
        }
        nn = o;
        b.names.n = nn * sizeof(gz_name);
    }
    size_t nbk = (size_t)1 << GZ_BUCKET_BITS;
    uint32_t *bk = calloc(nbk + 1, sizeof *bk);
    uint32_t *ccs = calloc(26 * 26, sizeof *ccs);
    if (!bk || !ccs) { free(bk); free(ccs); snprintf(err, errlen, "out of memory"); goto done; }
    const gz_name *names = (const gz_name *)b.names.p;
    size_t j = 0;
    for (size_t k = 0; k <= nbk; k++) {
        while (j < nn && (names[j].hash >> (64 - GZ_BUCKET_BITS)) < k) j++;
        bk[k] = (uint32_t)j;
    }
    for (int i = 0; i < 26 * 26; i++) ccs[i] = b.cc[i] ? b.cc[i] : GZ_NONE;
    size_t nbloom = ((size_t)1 << GZ_BLOOM_BITS) / 64;
    uint64_t *bloom = calloc(nbloom, sizeof *bloom);
    if (!bloom) { free(bk); free(ccs); snprintf(err, errlen, "out of memory"); goto done; }
    for (size_t i = 0; i < nn; i++) {
        uint64_t t = names[i].hash >> (64 - GZ_BLOOM_BITS);
        bloom[t >> 6] |= 1ULL << (t & 63);
    }
    gz_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, GZ_MAGIC, 8);
    h.version = GZ_VERSION;
    h.nplaces = b_nplaces(&b);
    h.nnames = (uint32_t)nn;
    h.bucket_bits = GZ_BUCKET_BITS;
    uint64_t off = (sizeof h + 7) & ~7ULL;
    h.off_places = off, off += ((uint64_t)b.places.n + 7) & ~7ULL;
    h.off_names = off, off += ((uint64_t)b.names.n + 7) & ~7ULL;
    h.off_buckets = off, off += ((nbk + 1) * 4 + 7) & ~7ULL;
    h.off_cc = off, off += 26 * 26 * 4;
    h.off_bloom = off, off += nbloom * 8; /* 26 * 26 * 4 keeps it 8-aligned */
    h.off_str = off, h.str_len = b.str.n, off += b.str.n;
    h.file_len = off;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", out);
    FILE *f = fopen(tmp, "wb");
    if (!f) { snprintf(err, errlen, "%s: %s", tmp, strerror(errno)); free(bk); free(ccs); goto done; }
    static const char zero[8];
    int ok = fwrite(&h, sizeof h, 1, f) == 1;
    ok = ok && fwrite(zero, 1, h.off_places - sizeof h, f) == h.off_places - sizeof h;
    ok = ok && fwrite(b.places.p, 1, b.places.n, f) == b.places.n;
    ok = ok && fwrite(zero, 1, h.off_names - h.off_places - b.places.n, f) == h.off_names - h.off_places - b.places.n;
    ok = ok && fwrite(b.names.p, 1, b.names.n, f) == b.names.n;
    ok = ok && fwrite(zero, 1, h.off_buckets - h.off_names - b.names.n, f) == h.off_buckets - h.off_names - b.names.n;
    ok = ok && fwrite(bk, 4, nbk + 1, f) == nbk + 1;
    ok = ok && fwrite(zero, 1, h.off_cc - h.off_buckets - (nbk + 1) * 4, f) == h.off_cc - h.off_buckets - (nbk + 1) * 4;
    ok = ok && fwrite(ccs, 4, 26 * 26, f) == 26 * 26;
    ok = ok && fwrite(bloom, 8, nbloom, f) == nbloom;
    ok = ok && fwrite(b.str.p, 1, b.str.n, f) == b.str.n;
    ok = (fclose(f) == 0) && ok;
    free(bk);
    free(ccs);
    free(bloom);
    if (!ok || rename(tmp, out)) {
        snprintf(err, errlen, "%s: write failed: %s", out, strerror(errno));
        remove(tmp);
        goto done;
    }
    fprintf(stderr, "dyad gazetteer: %u places, %zu names -> %s (%.1f MB)\n", h.nplaces, nn, out, (double)off / 1e6);
    rc = 0;
done:
    free(b.places.p), free(b.names.p), free(b.str.p);
    free(b.sx), free(b.sy), free(b.sz), free(b.ncity), free(b.subs);
    return rc;
}

/* ------------------------------------------------------------ reader */

dy_gaz *dy_gaz_open(const char *path, char *err, size_t errlen) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s (the build makes it from the npm data scripts/setup installs)", path,
                 strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) || st.st_size < (off_t)sizeof(gz_header)) {
        close(fd);
        snprintf(err, errlen, "%s: not a dyad gazetteer index (too short)", path);
        return NULL;
    }
    void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) {
        snprintf(err, errlen, "%s: mmap: %s", path, strerror(errno));
        return NULL;
    }
    const gz_header *h = map;
    size_t len = (size_t)st.st_size;
    const char *why = NULL;
    if (memcmp(h->magic, GZ_MAGIC, 8)) why = "not a dyad gazetteer index";
    else if (h->version != GZ_VERSION) why = "made by another version of dyad (rebuild it)";
    else if (h->file_len != len) why = "truncated or corrupt (size differs from its header)";
    else if (h->bucket_bits != GZ_BUCKET_BITS || h->off_places < sizeof *h ||
             h->off_places + (uint64_t)h->nplaces * sizeof(gz_place) > h->off_names ||
             h->off_names + (uint64_t)h->nnames * sizeof(gz_name) > h->off_buckets ||
             h->off_buckets + (((uint64_t)1 << GZ_BUCKET_BITS) + 1) * 4 > h->off_cc ||
             h->off_cc + 26 * 26 * 4 > h->off_bloom || (h->off_bloom & 7) ||
             h->off_bloom + ((uint64_t)1 << GZ_BLOOM_BITS) / 8 > h->off_str || h->off_str + h->str_len > len || !h->str_len ||
             ((const char *)map)[h->off_str + h->str_len - 1] != 0 || (h->off_places | h->off_names | h->off_buckets | h->off_cc) & 3)
        why = "corrupt (sections out of range)";
    if (why) {
        munmap(map, len);
        snprintf(err, errlen, "%s: %s", path, why);
        return NULL;
    }
    dy_gaz *g = calloc(1, sizeof *g);
    if (!g) { munmap(map, len); snprintf(err, errlen, "out of memory"); return NULL; }
    g->map = map, g->len = len, g->h = h;
    const char *base = map;
    g->places = (const gz_place *)(base + h->off_places);
    g->names = (const gz_name *)(base + h->off_names);
    g->buckets = (const uint32_t *)(base + h->off_buckets);
    g->cc = (const uint32_t *)(base + h->off_cc);
    g->bloom = (const uint64_t *)(base + h->off_bloom);
    g->str = base + h->off_str;
    return g;
}

void dy_gaz_close(dy_gaz *g) {
    if (!g) return;
    munmap(g->map, g->len);
    free(g);
}

const char *dy_gaz_default_path(char *buf, size_t cap) {
    const char *env = getenv("DYAD_GAZETTEER");
    if (env && *env) { snprintf(buf, cap, "%s", env); return buf; }
    char exe[4096];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k > 0) {
        exe[k] = 0;
        char *sl = strrchr(exe, '/');
        if (sl) {
            sl[1] = 0;
            snprintf(buf, cap, "%sgazetteer.idx", exe);
            if (access(buf, R_OK) == 0) return buf;
        }
    }
    snprintf(buf, cap, "/usr/local/share/dyad/gazetteer.idx");
    return buf;
}

size_t dy_gaz_find(const dy_gaz *g, uint64_t hash, const gz_name **first) {
    uint64_t t = hash >> (64 - GZ_BLOOM_BITS);
    if (!(g->bloom[t >> 6] >> (t & 63) & 1)) { *first = g->names; return 0; }
    uint64_t k = hash >> (64 - GZ_BUCKET_BITS);
    uint32_t lo = g->buckets[k], hi = g->buckets[k + 1];
    if (hi > g->h->nnames || lo > hi) return 0;
    while (lo < hi && g->names[lo].hash < hash) lo++;
    uint32_t e = lo;
    while (e < hi && g->names[e].hash == hash) e++;
    *first = g->names + lo;
    return e - lo;
}

const gz_place *dy_gaz_place(const dy_gaz *g, uint32_t i) { return i < g->h->nplaces ? &g->places[i] : NULL; }
uint32_t dy_gaz_nplaces(const dy_gaz *g) { return g->h->nplaces; }
size_t dy_gaz_nnames(const dy_gaz *g) { return g->h->nnames; }
const char *dy_gaz_str(const dy_gaz *g, uint32_t off) { return off < g->h->str_len ? g->str + off : ""; }

uint32_t dy_gaz_country(const dy_gaz *g, const char *cc) {
    int ci = cc_index(cc);
    if (ci < 0) return GZ_NONE;
    uint32_t p = g->cc[ci];
    return p < g->h->nplaces ? p : GZ_NONE;
}

/* The builder writes each country's subdivisions right after the country
 * (load_subdivisions), so they are the adm1 places that follow it. */
uint32_t dy_gaz_adm1(const dy_gaz *g, const char *iso) {
    if (!iso || strlen(iso) < 4 || strlen(iso) > 7 || iso[2] != '-') return GZ_NONE;
    char cc[3] = {iso[0], iso[1], 0};
    uint32_t c = dy_gaz_country(g, cc);
    if (c == GZ_NONE) return GZ_NONE;
    for (uint32_t i = c + 1; i < g->h->nplaces && g->places[i].type == GZ_ADM1; i++)
        if (!strncmp(g->places[i].adm1code, iso + 3, 4) && !memcmp(g->places[i].cc, iso, 2)) return i;
    return GZ_NONE;
}
