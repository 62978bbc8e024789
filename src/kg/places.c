/* places.c — find places in an article and decide which place each name is.
 *
 * How the reference systems do it: GDELT matches a gazetteer against the
 * text and prefers the biggest place; CLIFF/Mordecai find candidate names
 * with a named-entity tagger, then rank GeoNames candidates by population,
 * by the countries the article is about and by the other places it names.
 * dyad does the same without a tagger, in one pass over its own tokens:
 *
 * 1. Candidates.  At every capitalized word, the longest run of up to six
 *    words (joined only by spaces, hyphens or apostrophes; inner words may be
 *    lowercase connectors: of, on, upon, de, del, la, le, am, and, the) whose
 *    key is a gazetteer name.  Not a place: a run inside a person's name
 *    found by the coder ("George Washington"), and a single word that is a
 *    common English word when it opens a sentence ("Many", "Split").
 * 2. Evidence, before choosing: the countries of the coder's actors, and the
 *    countries and subdivisions named unambiguously (countries, the
 *    subdivisions of those countries, regions).
 * 3. Choice, per name, by score: population (log10, cities) or type
 *    (country 9, subdivision 7.5, region 7.2), + 4 when the place's country
 *    is one the article is about, + 3 when its subdivision is named too
 *    ("Paris" with "Texas"), + 1 for a capital or subdivision seat; names
 *    only known in another language's spelling count 1 less.
 * 4. Acceptance of small places: a city under 50,000 people that the
 *    article's countries do not support needs a locative word before it
 *    (in, at, near, from, outside, to ...) or its subdivision or country
 *    right after a comma ("Paris, Texas"); this keeps "West" in "the West"
 *    from becoming West, Texas.
 * The dateline is a place that opens the article and is followed by a
 * comma, a bracket or a dash ("MINSK, June 28 (BelTA) -"). */
#include "kg/kg.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAXWORDS 6

static const char *const CONNECT[] = {"of", "on", "upon", "de", "del", "la", "le", "am", "and", "the", "da", "do",
                                      "du", "des", "el", "al", NULL};
static const char *const LOCATIVE[] = {"in", "at", "near", "from", "outside", "to", "into", "across", "toward",
                                       "towards", "around", "inside", "via", "through", "throughout", "visited",
                                       "visit", "visiting", "в", "во", "из", "под", NULL};
static const char *const ADMIN[] = {"county", "province", "district", "region", "oblast", "krai", "kray",
                                    "governorate", "prefecture", "municipality", "parish", "raion", "rayon",
                                    "department", "canton", "borough", "township", "okrug", NULL};
/* common words that are also the names of places somewhere: not a place
 * when they open a sentence (lowercase they never match) */
static const char *const COMMON[] = {
    "many", "more", "most", "some", "all", "one", "two", "three", "after", "before", "during", "since", "while",
    "when", "where", "why", "how", "what", "who", "this", "that", "these", "those", "there", "here", "today",
    "president", "prime", "minister", "government", "officials", "police", "army", "military", "troops",
    "meanwhile", "however", "therefore", "also", "but", "and", "or", "so", "yet", "still", "even", "only",
    "last", "next", "first", "early", "late", "new", "old", "good", "great", "best", "high", "long", "big",
    "our", "we", "they", "he", "she", "it", "his", "her", "their", "its", "my", "your", "you", "i", "a", "an",
    "the", "in", "on", "at", "by", "for", "with", "from", "to", "of", "as", "if", "not", "no", "yes", "union",
    "liberty", "victory", "independence", "republic", "democracy", "justice", "hope", "progress", "unity",
    "peace", "friendship", "industry", "commerce", "enterprise", "mission", "split", "nice", "reading", "bath",
    "march", "may", "june", "july", "august", "april", "sunday", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "mobile", "chance", "power", "energy", "media", "centre", "center", "central",
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "upper", "lower",
    "lead", "deal", "well", "sale", "gas", "oil", "bank", "post", "press", "state", "general", "colonel",
    "admiral", "mount", "fort", "port", "lake", "river", "saint", "st", "san", "santa", "cities", "city",
    NULL};


/* only spaces, hyphens, apostrophes (or nothing) between two words */
static int joined(const char *text, const kg_tok *a, const kg_tok *b) {
    if (a->sentence != b->sentence) return 0;
    size_t gap = b->start - a->end;
    if (gap > 3) return 0;
    for (size_t i = a->end; i < b->start; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch != ' ' && ch != '-' && ch != '\'' && ch != 0xE2 && ch != 0x80 && ch != 0x99) return 0;
    }
    return 1;
}

static int in_person(const dy_kg *kg, const char *text, const kg_scratch *s, size_t st, size_t en) {
    /* a mention covering [st, en) starts at or shortly before st */
    int i = kg_men_first(s, st + 1);
    for (int k = i - 1; k >= 0 && k >= i - 8; k--) {
        const dy_mention *m = &s->men[k];
        if (m->start <= st && en <= m->end && kg_is_person(kg, text, m)) return 1;
    }
    return 0;
}

typedef struct {
    int tok, words;
    uint64_t hash;
} cand;

static double base_score(const gz_place *p) {
    switch (p->type) {
    case GZ_COUNTRY: return 9;
    case GZ_ADM1: return 7.5;
    case GZ_REGION: return 7.2;
    default: return log10((double)p->population + 10);
    }
}

typedef struct {
    uint8_t country[26 * 26]; /* article is about this country */
    /* subdivisions named: (cc, adm1code) */
    struct { char cc[2]; char adm[4]; } adm[64];
    int nadm;
} evidence;

static int cc_i(const char *cc) {
    if (cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z') return -1;
    return (cc[0] - 'A') * 26 + cc[1] - 'A';
}

static int adm_named(const evidence *ev, const gz_place *p) {
    if (!p->adm1code[0]) return 0;
    for (int i = 0; i < ev->nadm; i++)
        if (!memcmp(ev->adm[i].cc, p->cc, 2) && !strncmp(ev->adm[i].adm, p->adm1code, 4)) return 1;
    return 0;
}

static void note_place(evidence *ev, const gz_place *p) {
    int ci = cc_i(p->cc);
    if (ci >= 0) ev->country[ci] = 1;
    if ((p->type == GZ_ADM1 || p->type == GZ_REGION) && p->adm1code[0] && ev->nadm < 64 && !adm_named(ev, p)) {
        memcpy(ev->adm[ev->nadm].cc, p->cc, 2);
        memcpy(ev->adm[ev->nadm].adm, p->adm1code, 4);
        ev->nadm++;
    }
}

static double score(const evidence *ev, const gz_place *p, int kind) {
    double sc = base_score(p);
    int ci = cc_i(p->cc);
    if (ci >= 0 && ev->country[ci]) sc += 4;
    if (p->type == GZ_CITY && adm_named(ev, p)) sc += 3;
    if (p->type == GZ_CITY && (p->feature == GZF_PPLC || p->feature == GZF_PPLA)) sc += 1;
    if (kind == GZN_ALT) sc -= 1;
    return sc;
}

/* the best place for the name hash; *supported: its country/subdivision is
 * in the evidence */
static uint32_t choose(const dy_kg *kg, const evidence *ev, uint64_t h, int *supported) {
    const gz_name *nm;
    size_t n = dy_gaz_find(kg->gaz, h, &nm);
    uint32_t best = GZ_NONE;
    double bs = -1e9;
    for (size_t i = 0; i < n; i++) {
        const gz_place *p = dy_gaz_place(kg->gaz, nm[i].place);
        if (!p || !p->type) continue;
        double sc = score(ev, p, nm[i].kind);
        if (sc > bs) bs = sc, best = nm[i].place;
    }
    const gz_place *bp = best != GZ_NONE ? dy_gaz_place(kg->gaz, best) : NULL;
    if (bp && bp->type == GZ_ADM1) /* "Minsk", "Moscow": the city, not the subdivision named after it */
        for (size_t i = 0; i < n; i++) {
            const gz_place *p = dy_gaz_place(kg->gaz, nm[i].place);
            if (p && p->type == GZ_CITY && ((p->adm1 == best && p->population >= 10000) ||
                                             (!memcmp(p->cc, bp->cc, 2) && p->population >= 100000))) {
                best = nm[i].place;
                break;
            }
        }
    if (best != GZ_NONE) {
        const gz_place *p = dy_gaz_place(kg->gaz, best);
        int ci = cc_i(p->cc);
        *supported = (ci >= 0 && ev->country[ci]) || adm_named(ev, p);
    }
    return best;
}

static uint64_t run_hash(const kg_tok *t, int i, int w) {
    char key[6 * 48 + 8];
    size_t o = 0;
    for (int k = 0; k < w; k++) {
        if (k) key[o++] = ' ';
        memcpy(key + o, t[i + k].key, t[i + k].klen);
        o += t[i + k].klen;
    }
    return dy_hash64(key, o);
}

/* ---------------------------------------------------------- Russian forms
 * Russian place names are declined: "в Минске", "из Уфы", "Хабаровского
 * края", "Россией".  GeoNames holds the nominative.  For a run of one or two
 * Cyrillic words that is not itself a name, the nominatives a case ending
 * may come from are tried: nouns (Минске -> Минск, Уфы -> Уфа, России ->
 * Россия, Ярославля -> Ярославль) and, for the first of two words or a lone
 * adjective, adjectives (Хабаровского -> Хабаровский, Брестской -> Брестская).
 * Keys are folded (й -> и, ё -> е), so the endings below are too.  A wrong
 * guess only costs a lookup: it is kept only when the gazetteer has it. */
/* (край -> краи: a noun in -й, folded, declines крае, края, краю, краем) */
typedef struct { const char *end, *repl; } ru_end;
static const ru_end RU_NOUN[] = {
    {"ами", "ы"}, {"ями", "и"}, {"ах", "ы"}, {"ях", "и"}, {"ом", ""}, {"ем", "ь"}, {"ем", ""}, {"еи", "я"},
    {"ои", "а"}, {"ью", "ь"}, {"а", ""}, {"а", "о"}, {"у", ""}, {"у", "а"}, {"е", ""}, {"е", "а"}, {"е", "ь"},
    {"е", "я"}, {"е", "о"}, {"е", "и"}, {"ем", "и"}, {"ы", "а"}, {"ы", ""}, {"и", "я"}, {"и", "ь"}, {"и", "а"}, {"и", "ы"}, {"ю", "я"},
    {"ю", "ь"}, {"ю", "и"}, {"я", "ь"}, {"я", "и"}, {NULL, NULL}};
static const ru_end RU_ADJ[] = {
    {"ого", "ии"}, {"ого", "ыи"}, {"ого", "ои"}, {"его", "ии"}, {"ому", "ии"}, {"ому", "ыи"}, {"ому", "ои"},
    {"ему", "ии"}, {"ым", "ыи"}, {"им", "ии"}, {"ом", "ии"}, {"ом", "ыи"}, {"ом", "ои"}, {"ем", "ии"},
    {"ую", "ая"}, {"юю", "яя"}, {"ои", "ая"}, {"еи", "яя"}, {"ые", "ые"}, {"ых", "ые"}, {"их", "ие"},
    {NULL, NULL}};

static int is_cyr_key(const char *k) { return dy_cyr_lead((unsigned char)k[0]); }

/* nominative guesses for the folded word k; the word itself first */
static int ru_forms(const char *k, size_t kl, const ru_end *tab, char out[][48], int max) {
    int n = 0;
    if (kl < 48 && n < max) memcpy(out[n], k, kl + 1), n++;
    for (const ru_end *e = tab; e->end && n < max; e++) {
        size_t el = strlen(e->end), rl = strlen(e->repl);
        if (kl <= el + 2 || memcmp(k + kl - el, e->end, el)) continue; /* keep a stem of 2+ letters */
        if (kl - el + rl >= 48) continue;
        memcpy(out[n], k, kl - el);
        memcpy(out[n] + kl - el, e->repl, rl + 1);
        n++;
    }
    return n;
}

/* the run t[i..i+w-1] (w = 1 or 2, Cyrillic) under some case ending:
 * the hash of a gazetteer name, 0 when none */
uint64_t kg_ru_name(const dy_kg *kg, const char *key, size_t kl) {
    char a[24][48];
    const gz_name *nm;
    int na = ru_forms(key, kl, RU_NOUN, a, 24);
    na += ru_forms(key, kl, RU_ADJ, a + na, 24 - na) - 1;
    for (int x = 1; x < na; x++) {
        uint64_t h = dy_hash64(a[x], strlen(a[x]));
        if (dy_gaz_find(kg->gaz, h, &nm)) return h;
    }
    return 0;
}

static uint64_t ru_run(const dy_kg *kg, const kg_tok *t, int i, int w) {
    char a[24][48], b[24][48], key[100];
    const gz_name *nm;
    if (w == 1) return kg_ru_name(kg, t[i].key, t[i].klen);
    int na = ru_forms(t[i].key, t[i].klen, RU_ADJ, a, 24);
    na += ru_forms(t[i].key, t[i].klen, RU_NOUN, a + na, 24 - na) - 1; /* "Республике Башкортостан" */
    int nb = ru_forms(t[i + 1].key, t[i + 1].klen, RU_NOUN, b, 24);
    for (int x = 0; x < na; x++)
        for (int y = 0; y < nb; y++) {
            if (!x && !y) continue;
            size_t la = strlen(a[x]), lb = strlen(b[y]);
            memcpy(key, a[x], la), key[la] = ' ', memcpy(key + la + 1, b[y], lb);
            uint64_t h = dy_hash64(key, la + 1 + lb);
            if (dy_gaz_find(kg->gaz, h, &nm)) return h;
        }
    return 0;
}

/* token i names a country (in any Russian case):
 * "Беларуси" in "Президент Беларуси Александр Лукашенко" */
int kg_country_word(const dy_kg *kg, const kg_tok *t, int i) {
    if (!kg->gaz) return 0;
    const gz_name *nm;
    uint64_t h = dy_hash64(t[i].key, t[i].klen);
    size_t n = dy_gaz_find(kg->gaz, h, &nm);
    if (!n && is_cyr_key(t[i].key) && (h = ru_run(kg, t, i, 1)) != 0) n = dy_gaz_find(kg->gaz, h, &nm);
    for (size_t k = 0; k < n; k++) {
        const gz_place *p = dy_gaz_place(kg->gaz, nm[k].place);
        if (p && p->type == GZ_COUNTRY) return 1;
    }
    return 0;
}

/* the lowercase second word of a Russian subdivision: край, область,
 * республика, округ, район in any case */
static int ru_admin_word(const kg_tok *t) {
    static const char *const STEMS[] = {"кра", "област", "республик", "округ", "раион", NULL};
    if (!is_cyr_key(t->key)) return 0;
    for (int k = 0; STEMS[k]; k++) {
        size_t l = strlen(STEMS[k]);
        if (t->klen >= l && t->klen <= l + 6 && !memcmp(t->key, STEMS[k], l)) return 1;
    }
    return 0;
}

void kg_places(const dy_kg *kg, kg_scratch *s, dy_kg_doc *doc) {
    const kg_tok *t = s->t;
    const char *text = doc->text;
    /* 1. candidates: longest gazetteer name at each capitalized word */
    cand *cs = NULL;
    int nc = 0, capc = 0;
    for (int i = 0; i < s->nt; i++) {
        if (!t[i].cap || !t[i].alpha) continue;
        int w = 0;
        uint64_t hw = 0;
        for (int k = 1; k <= MAXWORDS && i + k <= s->nt; k++) {
            int j = i + k - 1;
            if (k > 1 && !joined(text, &t[j - 1], &t[j])) break;
            int ru = k <= 2 && is_cyr_key(t[i].key) && is_cyr_key(t[j].key);
            if (k > 1 && !t[j].cap && !kg_tok_in(CONNECT, &t[j]) && !(ru && ru_admin_word(&t[j]))) break;
            if (!t[j].cap && !(ru && k == 2 && ru_admin_word(&t[j]))) continue; /* a connector cannot end a name */
            uint64_t h = run_hash(t, i, k);
            const gz_name *nm;
            if (dy_gaz_find(kg->gaz, h, &nm)) w = k, hw = h;
            else if (ru && (h = ru_run(kg, t, i, k)) != 0) w = k, hw = h;
        }
        if (!w) continue;
        if (in_person(kg, text, s, t[i].start, t[i + w - 1].end)) { i += w - 1; continue; }
        /* a common word ("Many", "West", "Union") is a place only after a
         * locative word ("in Nice"), never when it opens a sentence */
        int first = i == 0 || t[i - 1].sentence != t[i].sentence;
        if (w == 1 && kg_tok_in(COMMON, &t[i]) && (first || !kg_tok_in(LOCATIVE, &t[i - 1]))) continue;
        /* "North Texas", "Southern California": the direction is not a place */
        if (w == 1 && kg_tok_in(COMMON, &t[i]) && i + 1 < s->nt && t[i + 1].cap && joined(text, &t[i], &t[i + 1]))
            continue;
        /* "Lamar County", "Kherson Oblast": an administrative unit the index
         * does not hold, not the town of that name somewhere else */
        if (i + w < s->nt && joined(text, &t[i + w - 1], &t[i + w]) && kg_tok_in(ADMIN, &t[i + w])) {
            i += w;
            continue;
        }
        if (nc == capc) {
            capc = capc ? capc * 2 : 64;
            cand *n2 = realloc(cs, (size_t)capc * sizeof *n2);
            if (!n2) { free(cs); return; }
            cs = n2;
        }
        cs[nc].tok = i, cs[nc].words = w, cs[nc].hash = hw;
        nc++;
        i += w - 1;
    }
    /* 2. evidence: actors' countries, then unambiguous countries and regions */
    evidence ev;
    memset(&ev, 0, sizeof ev);
    for (int m = 0; m < s->nmen; m++) {
        const char *code = s->men[m].code;
        if (code && strlen(code) >= 6 && !strncmp(code + 3, "MED", 3)) continue; /* Reuters (GBRMED) says nothing of where */
        uint32_t c = kg_actor_country(kg, code);
        const gz_place *p = c != GZ_NONE ? dy_gaz_place(kg->gaz, c) : NULL;
        if (p) note_place(&ev, p);
    }
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < nc; k++) {
            int sup;
            uint32_t pl = choose(kg, &ev, cs[k].hash, &sup);
            const gz_place *p = dy_gaz_place(kg->gaz, pl);
            if (p && p->type != GZ_CITY) note_place(&ev, p);
        }
    /* 3, 4. choose and accept */
    for (int k = 0; k < nc; k++) {
        int i = cs[k].tok, w = cs[k].words, sup = 0;
        uint32_t pl = choose(kg, &ev, cs[k].hash, &sup);
        const gz_place *p = dy_gaz_place(kg->gaz, pl);
        if (!p) continue;
        /* a town's name inside a longer proper name ("Black Sea Fleet") */
        if (p->type == GZ_CITY && w == 1 && p->population < 1000000 && i > 0 && t[i - 1].cap &&
            t[i - 1].sentence == t[i].sentence && joined(text, &t[i - 1], &t[i]) && text[t[i - 1].end] == ' ' &&
            !(i == 1 || t[i - 2].sentence != t[i].sentence) && !kg_tok_in(LOCATIVE, &t[i - 1]) &&
            !kg_tok_in(COMMON, &t[i - 1]))
            continue;
        if (p->type == GZ_CITY && p->population < 50000 && !sup) {
            int ok = i > 0 && t[i - 1].sentence == t[i].sentence && kg_tok_in(LOCATIVE, &t[i - 1]);
            if (!ok) continue;
        }
        size_t st = t[i].start, en = t[i + w - 1].end;
        int lm = KG_ADD(doc, lms);
        if (lm < 0) break;
        doc->lms[lm].start = st, doc->lms[lm].end = en, doc->lms[lm].sentence = t[i].sentence;
        doc->lms[lm].place = pl;
        int found = -1;
        for (int q = doc->n_locs - 1; q >= 0; q--) /* recent places first; bounded by KG_MAX_LOCS */
            if (doc->locs[q].place == pl) { found = q; break; }
        if (found < 0 && doc->n_locs >= KG_MAX_LOCS) { doc->n_lms--; continue; }
        if (found < 0) {
            found = KG_ADD(doc, locs);
            if (found < 0) break;
            doc->locs[found].place = pl;
            doc->locs[found].start = st, doc->locs[found].end = en;
            doc->locs[found].sentence = t[i].sentence;
        }
        doc->locs[found].count++;
        /* dateline: the article opens with the place, then , ( or a dash */
        if (doc->n_lms == 1 && i == 0 && en < doc->len) {
            size_t j = en;
            while (j < doc->len && text[j] == ' ') j++;
            if (j < doc->len && (text[j] == ',' || text[j] == '(' || text[j] == '-' ||
                                 ((unsigned char)text[j] == 0xE2 && j + 2 < doc->len && (unsigned char)text[j + 1] == 0x80 &&
                                  ((unsigned char)text[j + 2] == 0x93 || (unsigned char)text[j + 2] == 0x94))))
                doc->dateline = pl, doc->dateline_lm = lm;
        }
    }
    free(cs);
}
