/* cameo.c — the CAMEO codebook: code -> name, Goldstein weight, QuadClass,
 * PLOVER type and mode.
 *
 * The table is data/cameo.tsv, embedded in the library.  It is parsed once,
 * on first use (pthread_once, so concurrent first calls are safe), into a
 * file-static array sorted by code; lookups are binary searches.  The parsed
 * strings live in one heap copy of the file that is kept for the life of the
 * process.  Lines that do not parse are skipped (tests/unit/cameo.c checks
 * that none are). */
#include "code/cameo.h"
#include "dyad_internal.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define CAMEO_MAX 1024 /* CAMEO has 300-odd codes */

static dyad_cameo cameo_tab[CAMEO_MAX];
static size_t cameo_n;
static char *cameo_text; /* NUL-separated fields of data/cameo.tsv */
static pthread_once_t cameo_once = PTHREAD_ONCE_INIT;

static int is_digit(char c) { return c >= '0' && c <= '9'; }

int dy_cameo_root(const char *code) {
    if (!code) return -1;
    size_t n = 0;
    while (n < 5 && code[n]) {
        if (!is_digit(code[n])) return -1;
        n++;
    }
    if (n < 2 || n > 4) return -1;
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    return root >= 1 && root <= 20 ? root : -1;
}

/* "-7.2", "10.0", "0", "+3.4": decimal without exponent.  Parsed by hand so
 * that the result does not depend on the C locale's decimal point. */
static int parse_weight(const char *s, double *out) {
    int neg = 0;
    if (*s == '-' || *s == '+') neg = *s++ == '-';
    long long mant = 0, scale = 1;
    int digits = 0, frac = 0;
    for (; *s; s++) {
        if (is_digit(*s)) {
            if (digits++ >= 15) return -1;
            mant = mant * 10 + (*s - '0');
            if (frac) scale *= 10;
        } else if (*s == '.' && !frac) {
            frac = 1;
        } else {
            return -1;
        }
    }
    if (!digits) return -1;
    *out = (neg ? -(double)mant : (double)mant) / (double)scale;
    return 0;
}

/* Split one line (NUL-terminated, no newline) into the seven fields and fill
 * *e.  Returns 0, or -1 if the line is malformed. */
static int parse_line(char *line, dyad_cameo *e) {
    char *f[7];
    int nf = 0;
    f[nf++] = line;
    for (char *p = line; *p; p++) {
        if (*p == '\t') {
            if (nf == 7) return -1; /* too many fields */
            *p = '\0';
            f[nf++] = p + 1;
        }
    }
    if (nf != 7) return -1;
    if (dy_cameo_root(f[0]) < 0) return -1;
    double g;
    if (parse_weight(f[1], &g) < 0 || g < -10.0 || g > 10.0) return -1;
    if (!(f[2][0] >= '1' && f[2][0] <= '4' && f[2][1] == '\0')) return -1;
    if (!f[6][0]) return -1; /* every code has a name */
    e->code = f[0];
    e->goldstein = g;
    e->quad = f[2][0] - '0';
    e->plover = f[3];
    e->plover_mode = f[4];
    e->plover_context = f[5];
    e->name = f[6];
    return 0;
}

static int cmp_entry(const void *a, const void *b) {
    return strcmp(((const dyad_cameo *)a)->code, ((const dyad_cameo *)b)->code);
}

static void cameo_load(void) {
    const struct dy_data_file *df = dy_data_find("cameo.tsv");
    if (!df) return;
    cameo_text = malloc(df->len + 1);
    if (!cameo_text) return;
    memcpy(cameo_text, df->bytes, df->len);
    cameo_text[df->len] = '\0';

    char *p = cameo_text, *end = cameo_text + df->len;
    while (p < end && cameo_n < CAMEO_MAX) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *eol = nl ? nl : end;
        *eol = '\0';
        if (eol > p && eol[-1] == '\r') eol[-1] = '\0';
        if (*p && *p != '#' && parse_line(p, &cameo_tab[cameo_n]) == 0) cameo_n++;
        p = eol + 1;
    }
    qsort(cameo_tab, cameo_n, sizeof cameo_tab[0], cmp_entry);
    /* Drop duplicate codes (keep one of each; the unit test checks there
     * are none) so the table is strictly ordered. */
    size_t w = 0;
    for (size_t i = 0; i < cameo_n; i++)
        if (w == 0 || strcmp(cameo_tab[w - 1].code, cameo_tab[i].code) != 0) cameo_tab[w++] = cameo_tab[i];
    cameo_n = w;
}

static void cameo_init(void) { pthread_once(&cameo_once, cameo_load); }

const dyad_cameo *dyad_cameo_lookup(const char *code) {
    if (!code) return NULL;
    cameo_init();
    size_t lo = 0, hi = cameo_n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(code, cameo_tab[mid].code);
        if (c == 0) return &cameo_tab[mid];
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return NULL;
}

const dyad_cameo *dyad_cameo_table(size_t *n) {
    cameo_init();
    if (n) *n = cameo_n;
    return cameo_tab;
}

/* PLOVER actor sectors from CAMEO actor codes: the role that follows the
 * 3-letter country (or the IGO/NGO prefix).  Roles are CAMEO's actor
 * "type" codes; PLOVER names them as sectors. */
const char *dyad_actor_sector(const char *code) {
    static const struct { const char *role, *sector; } roles[] = {
        {"GOV", "government"}, {"MIL", "military"}, {"COP", "police"},    {"JUD", "judiciary"},
        {"LEG", "legislature"}, {"OPP", "opposition"}, {"REB", "rebel"},  {"INS", "rebel"},
        {"SPY", "intelligence"}, {"BUS", "business"}, {"MNC", "business"}, {"MED", "media"},
        {"EDU", "education"},  {"HLH", "health"},    {"CVL", "civilian"}, {"REF", "refugees"},
        {"LAB", "labor"},      {"AGR", "agriculture"}, {"ELI", "elite"},  {"CRM", "criminal"},
        {"PTY", "party"},      {"REL", "religious"}, {"HRI", "human_rights"}, {"ENV", "environment"},
        {"NGO", "ngo"},        {"NGM", "ngo"},       {"IGO", "igo"},      {"IMG", "rebel"},
    };
    if (!code || strlen(code) < 3) return "";
    if (!strncmp(code, "---", 3)) { /* a null actor in a role: ---GOV */
        code += 3;
        for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
            if (!strncmp(code, roles[i].role, 3)) return roles[i].sector;
        return "";
    }
    size_t n = strlen(code);
    /* organisation prefixes first */
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (n >= 3 && !strncmp(code, roles[i].role, 3) &&
            (!strcmp(roles[i].role, "IGO") || !strcmp(roles[i].role, "NGO") || !strcmp(roles[i].role, "NGM") ||
             !strcmp(roles[i].role, "IMG")))
            return roles[i].sector;
    if (n == 3) return "state";
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (!strncmp(code + 3, roles[i].role, 3)) return roles[i].sector;
    return "";
}
