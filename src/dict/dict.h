/* dict.h — the compiled dictionary: actors, agents, verbs with patterns,
 * nouns/adjectives, synsets, and the TABARI options that affect coding.
 *
 * Phrase language (TABARI, manual ch. 5): words separated by blanks may have
 * other words between them; words joined by '_' (or '~') must be adjacent.
 * A word followed by '_' or '=' must match the whole text word (only regular
 * endings allowed, see dy_word_match); any other word is a stem (prefix).
 * All words are stored case-folded (lowercase, marks stripped), like tokens.
 */
#ifndef DYAD_DICT_H
#define DYAD_DICT_H
#include "dyad_internal.h"
#include <stdint.h>

/* The pattern prefilter: a 256-bit signature of which 1-, 2- and 3-letter
 * word beginnings a sentence has.  A dictionary word needs the bit of its
 * first three letters (fewer when shorter); a token provides the bits of
 * its first one, two and three letters (a stem is a prefix of the token). */
typedef struct { uint64_t w[4]; } dy_sig;
static inline unsigned dy_sig_bit(const char *s, size_t n) {
    unsigned h = (unsigned char)s[0];
    if (n > 1) h = h * 131u + (unsigned char)s[1];
    if (n > 2) h = h * 131u + (unsigned char)s[2];
    h += (unsigned)(n < 3 ? n : 3) * 7919u;
    return (h * 2654435761u) >> 24;
}
static inline void dy_sig_add(dy_sig *g, unsigned bit) { g->w[bit >> 6] |= 1ULL << (bit & 63); }
/* all of need's bits in have? */
static inline int dy_sig_covers(const dy_sig *have, const dy_sig *need) {
    return !((need->w[0] & ~have->w[0]) | (need->w[1] & ~have->w[1]) | (need->w[2] & ~have->w[2]) |
             (need->w[3] & ~have->w[3]));
}
/* any of any's bits in have? */
static inline int dy_sig_meets(const dy_sig *have, const dy_sig *any) {
    return ((any->w[0] & have->w[0]) | (any->w[1] & have->w[1]) | (any->w[2] & have->w[2]) |
            (any->w[3] & have->w[3])) != 0;
}

enum dy_el_kind {
    EL_WORD = 0, EL_VERB, /* '*' */
    EL_SRC,               /* '$' */
    EL_TGT,               /* '+' */
    EL_COMP,              /* '%' */
    EL_SKIP,              /* '^' */
    EL_SYNSET,            /* &NAME */
    EL_ALT                /* { a | b | ... } : alternatives in alt[] */
};

/* endings a word may take when it is exact ('_') */
enum { END_NONE = 0, END_NOUN = 1, END_VERB = 2 };

typedef struct dy_phrase dy_phrase;

typedef struct dy_el {
    uint8_t kind;
    uint8_t exact;   /* whole-word match */
    uint8_t consec;  /* next element must follow immediately */
    uint8_t endings; /* END_* allowed on an exact word */
    const char *word;  /* EL_WORD: folded word */
    uint16_t len;
    int synset;        /* EL_SYNSET: index */
    int synlen;        /* EL_SYNSET: length it counts in the pattern (PETRARCH files) */
    dy_phrase *alt;    /* EL_ALT: nalt alternatives */
    int nalt;
} dy_el;

struct dy_phrase {
    dy_el *el;
    int n;
    int length; /* TABARI length: letters of the literal text, for ordering */
};

/* A code with an optional date window (inclusive, yyyymmdd, 0 = open). */
typedef struct {
    const char *code; /* "BLRGOV", "---", "###", "+++", "A/B" compounds, "~GOV" agents */
    int lo, hi;
} dy_code;

enum dy_root_type { RT_ACTOR = 1, RT_AGENT, RT_VERB, RT_NOUN, RT_ADJ, RT_TIME,
                    RT_DISCARD /* codes[0]: "###" the sentence, "####" the whole story */ };

/* Verb code flags */
enum { VC_SUB = 1 /* '?' */, VC_DOM = 2 /* '!' */ };

typedef struct dy_pattern {
    dy_phrase ph;      /* contains exactly one EL_VERB */
    int verb_at;       /* index of EL_VERB in ph.el */
    const char *code;  /* "042", "---", "###", "+++"; second of a pair in code2 */
    const char *code2; /* paired code or NULL */
    int flags;         /* VC_* */
    int line;
    dy_sig need;       /* signature bits of the pattern's mandatory words */
    int syns[3], nsyns; /* synsets the pattern needs (one member must be there) */
} dy_pattern;

typedef struct dy_verb {
    const char *code, *code2; /* root code (may be NULL when root has no code) */
    int flags;
    dy_pattern *pat; /* sorted longest first */
    int npat, cappat;
    struct dy_verb *share; /* PETRARCH block: patterns are this verb's (not owned) */
    int upper;             /* the upper verb of a '~' transformation: does not end a clause */
} dy_verb;

/* A PETRARCH '~' transformation: ~ U (LS LT LOWER) UPPER = RS RT CODE, e.g.
 * "~ a (b . ATTACK) SAY = a b 112": "A said B attacked" is A accusing B.
 * Variables are letters; '.' any actor; '_' no actor of its own (the
 * upper source); CODE "Q" keeps the lower event's code. */
typedef struct {
    char u, ls, lt, rs, rt;
    const char *upper, *lower, *code; /* verb words (folded), result code */
    dy_verb *uverb, *lverb;           /* resolved by dyad_dict_compile */
} dy_transform;

/* A root: a phrase that classifies words of the text. */
typedef struct dy_root {
    dy_phrase ph;
    uint8_t type;   /* RT_* */
    dy_code *codes; /* actors/agents: one or more (dated) codes */
    int ncodes;
    dy_verb *verb;  /* RT_VERB: shared by all forms of the verb */
    const char *name; /* display: the dictionary text of the phrase */
    /* classification prefilter for the second word: its signature bit, the
     * prefix length the bit covers (0: no second word), adjacency */
    uint8_t second_n, second_consec;
    uint16_t second_bit;
    const char *office; /* people: "office=NAME" tag from the entry's comment (lint) */
    int line;
    const char *file;
} dy_root;

/* What the coder tests of a root before it reads the root itself, kept
 * beside the slot's root list: the roots are spread over the dictionary's
 * memory, and reading their length and first element cost two cache misses
 * per root tried (two thirds of the time of the coder's word lookup). */
typedef struct dy_rkey {
    int32_t length;   /* the root's ph.length */
    uint8_t exact;    /* first element is a whole word (endings aside), not a stem */
    uint8_t one;      /* a single element */
    uint8_t second_n, second_consec;
    uint16_t second_bit;
} dy_rkey;

/* Hash index: first word of a root -> roots starting with it. */
typedef struct dy_slot {
    const char *word;
    uint32_t len;
    uint32_t hash;
    int *roots; /* into d->slotroots; sorted by length desc */
    const dy_rkey *keys; /* into d->slotkeys: keys[i] of roots[i] */
    int nroots;
} dy_slot;

typedef struct {
    const char *name;
    dy_phrase *alt;
    int nalt;
    dy_sig sig; /* bits of the members' first words (all ones: any) */
    /* members bucketed by the signature bit of their first word: members of
     * bucket b are order[start[b] .. start[b+1]); order[start[256]..nalt)
     * are members that do not begin with a word */
    uint16_t *start, *order;
} dy_synset;

/* Options from a TABARI .options file that change coding. */
typedef struct {
    int code_mode;           /* 0 clause, 1 sentence, 2 all */
    int comma_off;
    int cmin, cmax, emin, emax, bmin, bmax;
    int cx_verbs, cx_actors, cx_pronouns, cx_conj, cx_comma, cx_lateverb;
    int cx_noactprior, cx_noactafter, cx_noverb, cx_nosource, cx_notarget, cx_noevent;
    const char *def_src, *def_tgt; /* DEFAULT codes or NULL */
    int def_src_prior, def_tgt_after;
    int convert_agents;
    int time_shift;          /* <TIME> phrases: [###] discards, [+++] complex */
    int min_words;           /* sentences with fewer words are not coded */
} dy_options;

struct dyad_dict {
    dy_root *roots;
    int nroots, caproots;
    dy_slot *slots;
    int *slotroots; /* all slots' root lists, one array */
    dy_rkey *slotkeys; /* their keys, in the same order */
    dy_verb **owned; /* verbs owning a malloc'd pattern array (freed with d) */
    size_t nowned, capowned;
    uint32_t nslots, used;
    /* a bit per first-word hash (h * golden >> 14): most prefixes the coder
     * asks about are no stem, and the bitmap (32 KB) answers them without
     * touching the slot table (cache misses: a tenth of coding time) */
    uint64_t slotbits[1 << 12];
    dy_synset *syn;
    int nsyn, capsyn;
    dy_options opt;
    size_t nactors, nagents, nverbs, npatterns;
    size_t ndiscards, ntransforms, nforms, nsynsets;
    dy_transform *tr;
    int ntr, captr;
    /* repeated phrases seen while loading (for dyad dict check) */
    struct { int root; const char *file; int line; } *dups;
    size_t ndups, capdups;
    /* files loaded (for stats and image staleness checks) */
    struct { const char *path; long long size, mtime; } *sources;
    size_t nsources;
    /* mmap'd images backing strings of this dictionary */
    struct { void *p; size_t n; } maps[16];
    size_t nmaps;
    /* phrase text -> root, to accumulate the codes of a repeated phrase */
    struct { const char *name; int root; } *names;
    uint32_t nnames, usednames;
    int compiled;
    int lenient;      /* malformed lines are skipped and reported via warn */
    dyad_dict_format format; /* how verb files are read (auto: by content) */
    size_t nskipped;
    void (*warn)(void *ctx, const char *msg);
    void *warn_ctx;
    /* arena for strings and phrase arrays */
    char **blocks;
    size_t nblocks, capblocks, blockused, blocksize;
};

void *dy_dict_alloc(dyad_dict *d, size_t n);
const char *dy_dict_strdup(dyad_dict *d, const char *s, size_t n);
void dy_options_default(dy_options *o);
/* Apply one options line ("COMPLEX: VERBS[5]", "SET: CODE BY CLAUSE", ...).
 * Returns 0 or -1 with a message in err. Unknown commands are accepted. */
int dy_options_line(dyad_dict *d, const char *line, char *err, size_t errlen);
/* Lint the loaded dictionaries (dyad dict check): print "file:line:
 * problem" lines to out; returns the number of problems. */
int dy_dict_check(const dyad_dict *d, FILE *out);
/* Remember that v owns a malloc'd pattern array (freed by dyad_dict_free). */
int dy_dict_own(dyad_dict *d, dy_verb *v);
/* the files a dictionary was loaded from (images keep the list) */
void dy_dict_add_source(dyad_dict *d, const char *path, long long size, long long mtime);
int dy_dict_has_source(const dyad_dict *d, const char *path);
/* "builtin:<16 hex digits>": which built-in files this dyad carries */
void dy_dict_builtin_id(char out[25]);

/* Compiled images (image.c). */
int dy_image_save(const dyad_dict *d, const char *path, char *err, size_t errlen);
int dy_image_load(dyad_dict *d, const char *path, char *err, size_t errlen);
int dy_image_is(const char *path);
void dy_image_unmap(dyad_dict *d);
/* Hashes of every prefix of w: h[k] for w[0..k), k = 1..n (h[0] unused). */
void dy_prefix_hashes(const char *w, size_t n, uint32_t *h);
/* Find the slot for a word whose hash is known (from dy_prefix_hashes). */
const dy_slot *dy_dict_slot_h(const dyad_dict *d, const char *w, size_t n, uint32_t hash);
/* Find the slot for a word (exact key). NULL if absent. */
const dy_slot *dy_dict_slot(const dyad_dict *d, const char *w, size_t n);
/* Match one element word against a folded token (hot: inline, first byte
 * checked before anything else). */
int dy_word_ending(const dy_el *e, const char *tok, size_t toklen);
static inline int dy_word_match(const dy_el *e, const char *tok, size_t tl) {
    size_t wl = e->len;
    if (tl < wl || tok[0] != e->word[0]) return 0;
    for (size_t i = 1; i < wl; i++)
        if (tok[i] != e->word[i]) {
            /* PARTY -> PARTIES, CARRY -> CARRIED: the one irregular regular ending */
            if (i == wl - 1 && e->exact && e->endings && e->word[i] == 'y' && tl == wl + 2 && tok[i] == 'i' &&
                tok[i + 1] == 'e' && (tok[i + 2] == 's' || ((e->endings & END_VERB) && tok[i + 2] == 'd')))
                return 1;
            return 0;
        }
    if (!e->exact || tl == wl) return 1;
    return dy_word_ending(e, tok, tl);
}

/* Select a code from dated codes; date = yyyymmdd or 0 (unknown: the
 * default/last code).  Returns NULL when none applies. */
const char *dy_code_for_date(const dy_code *c, int n, int date);
/* case-fold a UTF-8 string (lowercase, strip marks) into out (NUL-terminated,
 * at most outcap bytes incl. NUL); returns length. */
size_t dy_fold(const char *s, size_t n, char *out, size_t outcap);

#endif
