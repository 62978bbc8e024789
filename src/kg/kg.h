/* kg.h — an article's knowledge graph: places with coordinates, people,
 * organisations, quotations with their speakers, tone, themes, amounts and
 * dates, each with byte offsets [start, end) into the article text.
 *
 * It runs after the coder on the same article (dy_coder_want_mentions gives
 * it the coder's actors, resolved pronouns and nominal references, so "the
 * Belarusian leader noted" names the same speaker the events name) and
 * tokenizes the text once more with its own light word splitter (names,
 * numbers, quotation marks), which costs a few microseconds per sentence.
 *
 * How each part works and why is written at the top of its file:
 *   places.c    place recognition and disambiguation (gazetteer.h: the index)
 *   quotes.c    quotations and speakers; people and organisations
 *   measures.c  tone (AFINN-165, GDELT V1.5 fields), themes, amounts, dates
 *   kg.c        the article pass, event locations, JSON output
 *
 * Ownership: dy_kg holds the resources (gazetteer mapping, tone lexicon,
 * theme dictionary), read-only after dy_kg_new, shareable by threads that
 * each have their own dy_kg_doc.  A dy_kg_doc holds one article's result and
 * is reused article after article (its memory is kept, its content replaced
 * by the next dy_kg_analyze). */
#ifndef DY_KG_H
#define DY_KG_H
#include "code/coder.h"
#include "code/issues.h"
#include "dyad.h"
#include "kg/gazetteer.h"
#include <stddef.h>
#include <stdio.h>

typedef struct dy_kg dy_kg;

/* gazpath: the gazetteer index, NULL for dy_gaz_default_path().  A missing
 * index is an error only when require_gaz is set; otherwise places are not
 * found and a warning is written once to err (err[0] != 0 on return). */
dy_kg *dy_kg_new(const char *gazpath, int require_gaz, char *err, size_t errlen);
void dy_kg_free(dy_kg *kg);
const dy_gaz *dy_kg_gazetteer(const dy_kg *kg);

enum { KG_RULE_NONE = 0, KG_RULE_SENTENCE, KG_RULE_DATELINE, KG_RULE_ACTOR };

typedef struct {
    uint32_t place;  /* gazetteer place */
    size_t start, end;  /* first mention */
    int count;
    int sentence;    /* of the first mention */
} kg_loc;

typedef struct {
    size_t start, end;   /* span of a mention */
    int sentence;
    uint32_t place;
} kg_locmention;

typedef struct {
    char *name;          /* normalized ("Aleksandr Lukashenko") */
    const char *code;    /* actor code or NULL */
    size_t start, end;   /* first mention */
    int count;
    int known;           /* from the dictionaries (1) or found by title/capitals (0) */
} kg_entity;

typedef struct {
    size_t start, end;       /* inner text of the first part */
    size_t last_end;         /* end of the last part */
    char *text;              /* the parts joined with a space */
    int parts;
    int partial;             /* opens inside a sentence ("he called it 'x'") */
    char *speaker;           /* NULL when not found */
    const char *speaker_code;
    char *verb;              /* attribution verb ("noted", "according to") */
    size_t sp_start, sp_end; /* speaker mention in the text */
    int sentence;
} kg_quote;

typedef struct {
    double tone, positive, negative, polarity, activity, selfgroup;
    int words;
    int available; /* 0 when the build had no tone lexicon */
} kg_tone;

typedef struct {
    char *theme;
    size_t start, end; /* first phrase found */
    int count;         /* distinct phrases found in the article */
} kg_theme;

typedef struct {
    size_t start, end;
    double value;
    char unit[16];      /* currency ("USD") or "" */
    char object[64];    /* "soldiers" or "" */
} kg_amount;

typedef struct {
    size_t start, end;
    char date[11];      /* "YYYY-MM-DD", "YYYY-MM", "YYYY" or "" when it cannot be resolved */
} kg_date;

/* per event: where it happened */
typedef struct {
    uint32_t place; /* GZ_NONE when none */
    int rule;       /* KG_RULE_* */
} kg_evloc;

#define KG_VEC(T, name) T *name; int n_##name, cap_##name
typedef struct dy_kg_doc {
    const char *text;
    size_t len;
    int date; /* yyyymmdd or 0 */
    KG_VEC(kg_loc, locs);
    KG_VEC(kg_locmention, lms);
    KG_VEC(kg_entity, persons);
    KG_VEC(kg_entity, orgs);
    KG_VEC(kg_quote, quotes);
    KG_VEC(kg_theme, themes);
    KG_VEC(kg_amount, amounts);
    KG_VEC(kg_date, dates);
    KG_VEC(kg_evloc, evlocs);
    kg_tone tone;
    uint32_t dateline; /* place of the dateline or GZ_NONE */
    int dateline_lm;   /* its mention in lms, -1 */
    void *scratch;     /* tokens etc. (kg.c) */
} dy_kg_doc;

dy_kg_doc *dy_kg_doc_new(void);
void dy_kg_doc_free(dy_kg_doc *doc);

/* Analyze one article already coded by c (with mentions wanted).  date:
 * "YYYY-MM-DD" or "" (relative dates then stay unresolved).  ev/nev: the
 * events dyad_code_text returned, which get a location each in
 * doc->evlocs.  Returns 0 or DYAD_ENOMEM. */
int dy_kg_analyze(const dy_kg *kg, const dyad_coder *c, const char *text, size_t n, const char *date,
                  const dyad_event *ev, int nev, dy_kg_doc *doc);

/* Write the article's graph as one JSON line (dyad gkg).  Returns 0 or -1. */
int dy_kg_write_json(FILE *f, const dy_kg *kg, const dyad_article *a, const dy_kg_doc *doc);

/* A place as a JSON object (dyad code --with-kg "location"): {name, type,
 * country, adm1, lat, lon, geonameid, rule}.  Returns 0 or -1. */
int dy_kg_write_place_json(FILE *f, const dy_kg *kg, uint32_t place, int rule);
const char *dy_kg_rule_name(int rule);
const char *dy_kg_type_name(int type);
/* "Ufa, Bashkortostan, Russia" into buf */
const char *dy_kg_full_name(const dy_kg *kg, uint32_t place, char *buf, size_t cap);

/* ---- internal, shared by the kg files ---- */
typedef struct {
    size_t start, end;
    int sentence;
    int para;            /* paragraph index */
    uint8_t cap;         /* first letter uppercase */
    uint8_t num;         /* starts with a digit */
    uint8_t alpha;       /* has a letter */
    char key[48];        /* dy_gaz_key of the word, cut at 47 bytes */
    uint8_t klen;
    uint64_t kh;         /* dy_hash64(key, klen) | 1 */
} kg_tok;

typedef struct {
    kg_tok *t;
    int nt, cap;
    const dyad_span *sent; /* the coder's sentences, or own's */
    size_t nsent;
    dyad_span *own;
    size_t capown;
    const dy_mention *men;
    int nmen;
} kg_scratch;

struct dy_kg {
    dy_gaz *gaz;
    dy_issues *themes;
    /* AFINN: open-addressing table of folded words and bigrams -> score */
    struct { uint64_t h; int8_t score; } *afinn;
    size_t afinn_mask;
    int have_afinn;
    /* first words of the lexicon's two-word entries ("no fun"), by
     * (dy_hash64(word) | 1) & 4095: other words skip the bigram lookup */
    uint64_t afinn_first[64];
    /* a bit per entry's hash (its top 18 bits, 32 KB): most words are in
     * no lexicon, and the bit says so without a probe into the table (a
     * cache miss in 1 MB) */
    dy_hbits afinn_bits;
    uint32_t iso3_place[26 * 26 * 26]; /* alpha-3 -> country place (GZ_NONE) */
};

int kg_push(void **v, int *n, int *cap, size_t sz); /* grows a vector; returns index or -1 */
#define KG_ADD(doc, name) kg_push((void **)&(doc)->name, &(doc)->n_##name, &(doc)->cap_##name, sizeof *(doc)->name)
/* country place of an actor code's first three letters, GZ_NONE if none */
uint32_t kg_actor_country(const dy_kg *kg, const char *code);
int kg_tok_is(const kg_tok *t, const char *w); /* folded word equals w */
/* Tokens, mentions and place mentions are in text order: the index of the
 * first of n records (size bytes each, a size_t start at byte off) whose
 * start is at or after pos. */
size_t kg_first_at(const void *base, size_t n, size_t size, size_t off, size_t pos);
#define kg_men_first(s, pos) \
    ((int)kg_first_at((s)->men, (size_t)(s)->nmen, sizeof(dy_mention), offsetof(dy_mention, start), (pos)))
#define kg_lm_first(doc, pos) \
    ((int)kg_first_at((doc)->lms, (size_t)(doc)->n_lms, sizeof(kg_locmention), offsetof(kg_locmention, start), (pos)))
#define kg_tok_first(s, pos) ((int)kg_first_at((s)->t, (size_t)(s)->nt, sizeof(kg_tok), offsetof(kg_tok, start), (pos)))
/* an entity list stops growing here (hostile input must not go quadratic) */
#define KG_MAX_ENTITIES 500
#define KG_MAX_LOCS 4000
int kg_in_list(const char *const *l, const char *w); /* w is in the NULL-terminated list l */
#define kg_tok_in(l, tk) dy_in_list_h((l), (tk)->key, (tk)->klen, (tk)->kh) /* a token's key is in l */
#define kg_tok_index(l, tk) dy_table_find_h((l), sizeof *(l), (tk)->key, (tk)->klen, (tk)->kh) /* its place in l, or -1 */
struct sb_stemmer;
/* Snowball stem of a folded Russian word as the tone table keys it */
size_t kg_ru_stem(struct sb_stemmer *st, const char *key, size_t kl, char *out, size_t cap);
int kg_is_person(const dy_kg *kg, const char *text, const dy_mention *m);
int kg_country_word(const dy_kg *kg, const kg_tok *t, int i); /* t[i] names a country */
/* the gazetteer hash of a nominative a declined Russian word may come from
 * (Минске -> минск), 0 when none is a name */
uint64_t kg_ru_name(const dy_kg *kg, const char *key, size_t kl);
void kg_places(const dy_kg *kg, kg_scratch *s, dy_kg_doc *doc);
void kg_quotes(const dy_kg *kg, kg_scratch *s, dy_kg_doc *doc);
void kg_entities(const dy_kg *kg, kg_scratch *s, dy_kg_doc *doc);
void kg_measures(const dy_kg *kg, kg_scratch *s, dy_kg_doc *doc);
/* a copy of text[s, e) with runs of white space made one space */
char *kg_clean(const char *text, size_t s, size_t e);
#endif
