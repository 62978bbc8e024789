/* coder.c — sparse parsing and event coding, in the spirit of TABARI.
 *
 * How a sentence is coded (TABARI manual ch. 5.8 and 7; comments mark where
 * dyad deliberately does better):
 *   1. tokenize: words with byte offsets, case-folded; commas are tokens;
 *      '?', '!', '-' and quotes separate words; "1,500" is one word.
 *   2. classify: at each word the longest dictionary root wins (actors,
 *      agents, verbs, nouns, adjectives); closed-class words (determiners,
 *      pronouns, conjunctions, IN/OF, WAS/WERE/BEEN, BY, FORMER) are built
 *      in.  A verb after A/AN/THE, or capitalised inside a mixed-case
 *      sentence, is a noun.  Null-coded actors (for the article date) are nouns.
 *   3. compound actors "A, B and C", compound nouns/adjectives (their
 *      conjunctions do not split clauses).
 *   4. pronouns: HE/SHE/IT -> first actor; ITS/HIS/HER -> nearest actor
 *      before; THEY/THEM/THEIR -> first compound, else first actor.  dyad
 *      (outside TABARI mode) also resolves a pronoun with no antecedent in
 *      its sentence to the last actor of the previous sentence.
 *   5. comma-delimited nonrestrictive clauses are dropped (COMMA limits).
 *   6. clauses split at AND/BUT/OR/NOR that are not inside compounds.
 *   7. in each clause, verbs left to right: the longest matching pattern,
 *      else the root code; source/target from $ + % ^ or by default rules;
 *      passive voice (WAS/WERE/BEEN .. verb BY) swaps them.
 *   8. events: paired codes, compounds and coded compounds expanded,
 *      subordinate (?) and dominant (!) codes resolved, self-events and
 *      duplicates removed.
 *   dyad extension (outside TABARI mode): a verb negated by NOT/NEVER/NO or
 *   a contraction (DIDN'T...) right before it, when the matched pattern does
 *   not itself mention the negation, yields no event.
 */
#include "code/coder.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXTOK 400   /* words coded per sentence; longer sentences are cut */
#define MAXEV 256    /* events per sentence */
#define MAXACT 64    /* actors in one compound */

enum wt { W_NONE = 0, W_ACTOR, W_AGENT, W_VERB, W_NOUN, W_ADJ, W_DET, W_PRON, W_CONJ, W_PREP, W_COMMA,
          W_AUX, W_BY, W_FORMER, W_NULL, W_NOT };

typedef struct {
    uint32_t start, end;  /* byte offsets in the text */
    const char *w;        /* folded */
    uint16_t wl;
    uint8_t cap;          /* starts with an uppercase letter */
    uint8_t type;         /* enum wt */
    int root;             /* dictionary root index or -1 */
    int head, tail;       /* extent of the root this word belongs to */
    int ref;              /* pronoun: token index of the referent actor, -1 */
    int comp;             /* compound id (>=0) for actors in a parsed compound */
    uint8_t sub;          /* in an eliminated comma clause */
    uint8_t keepconj;     /* conjunction inside a compound: not a clause break */
    uint8_t brk;          /* a quote or dash stands before this word */
    uint16_t pb[3];       /* signature bits of the first 1, 2, 3 letters */
    uint64_t wh;          /* dy_hash64(w, wl) | 1 for words of up to 32 bytes (classify) */
    const char *code;     /* actor: resolved code for the date ("---" null) */
} tok;

typedef struct {
    int head, tail, n;
    int act[MAXACT]; /* token indexes of actor heads */
} compound;

typedef struct {
    const char *code; /* combined actor+agent code, may contain '/' */
    int head, tail;   /* token span of the actor */
    int comp;         /* compound id or -1 */
} actref;

typedef struct {
    actref src, tgt;
    const char *code, *code2;
    int flags;
    int vhead, vtail;
    int clause;
    int selfcomp; /* target defaulted to the compound source itself */
} rawev;

struct dyad_coder {
    const dyad_dict *d;
    const dy_options *opt;
    int tabari;
    int status;
    char why[128];
    tok *t;
    int nt;
    compound *cp;
    int ncp;
    rawev ev[MAXEV];
    int nev;
    /* output */
    dyad_event *out;
    int nout, capout;
    /* per-call string arena: a chain of blocks, freed at the next call, so
     * strings handed out in events stay valid until then */
    struct dy_block { struct dy_block *next; size_t cap, used; char data[]; } *arena;
    char *fold;
    size_t foldcap, foldused;
    /* previous sentence's last actor (for cross-sentence pronouns) */
    char prevcode[64];
    int forward;     /* keep prevcode across calls (TABARI FORWARD) */
    /* dyad: nominal references within an article: agent code ("~GOV") ->
     * the last full actor code seen with it ("BLRGOV") */
    struct { char agent[24]; char code[64]; } nominal[16];
    int nnominal;
    int date;
    int nsent;    /* sentences coded by the last dyad_code_text call */
    const char *text; /* the text being coded (for original spellings) */
    size_t textlen;
    dyad_span *sp; /* its sentences as dyad_split_sentences gives them (not one_sentence) */
    size_t nsp, capsp;
    int have_sp;
    dy_sig sig; /* signature of the sentence's words (pattern prefilter) */
    /* every actor, resolved reference and verb of the last article, for the
     * knowledge graph (src/kg) */
    dy_mention *men;
    int nmen, capmen;
    int want_mentions;
    int allcaps; /* the sentence being classified has no lowercase word */
    /* words by first byte: chains in text order, for gapped word search */
    short firstc[256], lastc[256], nextc[MAXTOK + 1], prevc[MAXTOK + 1];
};

/* ------------------------------------------------------------ small utils */

int dy_date_int(const char *date) {
    if (!date || strlen(date) < 10) return 0;
    int y = atoi(date), m = atoi(date + 5), d = atoi(date + 8);
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > 31) return 0;
    return y * 10000 + m * 100 + d;
}

static const char *astr(dyad_coder *c, const char *s, size_t n) {
    struct dy_block *b = c->arena;
    if (!b || b->used + n + 1 > b->cap) {
        size_t cap = n + 1 > 16384 ? n + 1 : 16384;
        struct dy_block *nb = malloc(sizeof *nb + cap);
        if (!nb) return "---"; /* out of memory: a null code, never a dangling pointer */
        nb->next = b;
        nb->cap = cap;
        nb->used = 0;
        c->arena = b = nb;
    }
    char *p = b->data + b->used;
    memcpy(p, s, n);
    p[n] = 0;
    b->used += n + 1;
    return p;
}

static void arena_reset(dyad_coder *c) {
    /* keep the newest block, free the rest */
    struct dy_block *b = c->arena;
    if (!b) return;
    struct dy_block *rest = b->next;
    b->next = NULL;
    b->used = 0;
    while (rest) {
        struct dy_block *nx = rest->next;
        free(rest);
        rest = nx;
    }
}

static int streq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

static int is_null_code(const char *s) { return !s || streq(s, "---"); }

/* ------------------------------------------------------------ tokenizer */

static int is_upper_utf8(const unsigned char *p) {
    if (*p < 0x80) return isupper(*p) != 0;
    /* Latin-1 supplement / Latin Extended-A / Cyrillic capitals */
    if (p[0] == 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E && p[1] != 0x97) return 1;
    if (p[0] == 0xD0 && p[1] >= 0x80 && p[1] <= 0xAF) return 1;
    if (p[0] == 0xC4 || p[0] == 0xC5) return (p[1] & 1) == 0;
    return 0;
}

/* bytes of a multi-byte separator at p (quotes, dashes), 0 if none */
static int sep_len(const unsigned char *p, const unsigned char *e) {
    if (e - p >= 3 && p[0] == 0xE2 && p[1] == 0x80) {
        unsigned char x = p[2];
        if (x == 0x9C || x == 0x9D || x == 0x9E || x == 0x93 || x == 0x94 || x == 0xA6 || x == 0x98) return 3;
    }
    if (e - p >= 2 && p[0] == 0xC2 && (p[1] == 0xAB || p[1] == 0xBB || p[1] == 0xA0)) return 2;
    return 0;
}

static int push_tok(dyad_coder *c, uint32_t s, uint32_t e, const char *text, int first_in_sentence) {
    while (e > s && strchr("()[]{}:\"*'`<>", text[e - 1]) && !(text[e - 1] == '\'' && e - s > 1 && (text[e - 2] == 's' || text[e - 2] == 'S'))) e--;
    while (s < e && strchr("()[]{}:\"*'`<>", text[s])) s++;
    /* trailing period: drop unless the word is an abbreviation with inner periods (U.S.) */
    /* a Russian initial keeps its period ("А. Лукашенко": not the conjunction а) */
    int initial = e - s == 3 && (unsigned char)text[s] == 0xD0 && (unsigned char)text[s + 1] >= 0x90 &&
                  (unsigned char)text[s + 1] <= 0xAF && text[e - 1] == '.';
    if (e > s && text[e - 1] == '.' && !initial) {
        const char *dot = memchr(text + s, '.', e - 1 - s);
        if (!dot || (e - s >= 2 && islower((unsigned char)text[e - 2]))) {
            while (e > s && text[e - 1] == '.') e--;
        }
    }
    if (e <= s) return 0;
    if (c->nt >= MAXTOK) return -1;
    size_t need = (e - s) * 2 + 8;
    if (c->foldused + need > c->foldcap) return -1;
    tok *t = &c->t[c->nt++];
    memset(t, 0, sizeof *t);
    t->start = s;
    t->end = e;
    char *f = c->fold + c->foldused;
    /* drop inner commas of numbers already handled by the caller */
    size_t fl = dy_fold(text + s, e - s, f, need);
    c->foldused += fl + 1;
    t->w = f;
    t->wl = (uint16_t)fl;
    t->cap = (uint8_t)is_upper_utf8((const unsigned char *)text + s);
    t->root = -1;
    t->ref = -1;
    t->comp = -1;
    t->head = t->tail = c->nt - 1;
    (void)first_in_sentence;
    return 0;
}

static void push_comma(dyad_coder *c, uint32_t at) {
    if (c->nt >= MAXTOK) return;
    if (c->nt && c->t[c->nt - 1].type == W_COMMA) return;
    tok *t = &c->t[c->nt++];
    memset(t, 0, sizeof *t);
    t->start = at;
    t->end = at + 1;
    t->w = ",";
    t->wl = 1;
    t->type = W_COMMA;
    t->root = -1;
    t->ref = -1;
    t->comp = -1;
    t->head = t->tail = c->nt - 1;
}

static void tokenize(dyad_coder *c, const char *text, size_t s, size_t e) {
    c->nt = 0;
    c->foldused = 0;
    size_t need = (e - s) * 2 + 64;
    if (need > c->foldcap) {
        char *nf = realloc(c->fold, need);
        if (!nf) return;
        c->fold = nf;
        c->foldcap = need;
    }
    const unsigned char *u = (const unsigned char *)text;
    size_t i = s;
    int brk = 0;
    while (i < e && c->nt < MAXTOK) {
        unsigned char ch = u[i];
        if (ch == '"' || (ch == '-' && (i + 1 >= e || u[i + 1] == ' ' || u[i + 1] == '-'))) brk = 1;
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '?' || ch == '!' || ch == '"' || ch == '-' ||
            ch == '/' || ch == '_') { i++; continue; }
        int sl = sep_len(u + i, u + e);
        if (sl) { i += (size_t)sl; brk = 1; continue; }
        if (ch == ',' || ch == ';') { push_comma(c, (uint32_t)i); i++; continue; }
        size_t j = i;
        while (j < e) {
            unsigned char x = u[j];
            if (x == ' ' || x == '\t' || x == '\n' || x == '\r' || x == '?' || x == '!' || x == '"' || x == ';' || x == '-' || x == '/' || x == '_') break;
            if (x == ',' && !(j > i && isdigit(u[j - 1]) && j + 1 < e && isdigit(u[j + 1]))) break;
            if (sep_len(u + j, u + e)) break;
            j++;
        }
        if (j > i) {
            int before = c->nt;
            /* numbers with thousands commas: fold removes nothing, so strip commas here */
            if (memchr(text + i, ',', j - i)) {
                char tmp[128];
                size_t k = 0;
                for (size_t q = i; q < j && k + 1 < sizeof tmp; q++) if (text[q] != ',') tmp[k++] = text[q];
                if (c->nt < MAXTOK && c->foldused + k + 1 <= c->foldcap) {
                    tok *t = &c->t[c->nt++];
                    memset(t, 0, sizeof *t);
                    t->start = (uint32_t)i;
                    t->end = (uint32_t)j;
                    memcpy(c->fold + c->foldused, tmp, k);
                    c->fold[c->foldused + k] = 0;
                    t->w = c->fold + c->foldused;
                    t->wl = (uint16_t)k;
                    c->foldused += k + 1;
                    t->root = t->ref = t->comp = -1;
                    t->head = t->tail = c->nt - 1;
                }
            } else if (push_tok(c, (uint32_t)i, (uint32_t)j, text, c->nt == 0) < 0) {
                break;
            }
            if (c->nt > before) {
                c->t[before].brk = (uint8_t)brk;
                brk = 0;
            }
        }
        i = j;
    }
}

/* ------------------------------------------------------------ classification */

/* closed-class words, English and Russian (folded: её -> ее), with their
 * class; Cyrillic words cannot collide with English ones, so one table
 * serves both.  (Not Russian В as a preposition: "направила миротворцев в
 * Казахстан" is not Kazakh troops; a Russian genitive needs none: "армия Сирии".) */
static const struct { const char *w; uint8_t type; } CLOSED[] = {
    {"the", W_DET}, {"a", W_DET}, {"an", W_DET},
    {"he", W_PRON}, {"him", W_PRON}, {"she", W_PRON}, {"it", W_PRON}, {"its", W_PRON}, {"his", W_PRON},
    {"her", W_PRON}, {"they", W_PRON}, {"them", W_PRON}, {"their", W_PRON}, {"он", W_PRON}, {"она", W_PRON},
    {"оно", W_PRON}, {"они", W_PRON}, {"его", W_PRON}, {"ее", W_PRON}, {"их", W_PRON}, {"ему", W_PRON},
    {"еи", W_PRON}, {"им", W_PRON}, {"него", W_PRON}, {"нее", W_PRON}, {"них", W_PRON}, {"нему", W_PRON},
    {"неи", W_PRON}, {"ним", W_PRON}, {"ними", W_PRON},
    {"and", W_CONJ}, {"but", W_CONJ}, {"or", W_CONJ}, {"nor", W_CONJ}, {"и", W_CONJ}, {"но", W_CONJ},
    {"или", W_CONJ}, {"а", W_CONJ},
    {"of", W_PREP}, {"in", W_PREP},
    {"was", W_AUX}, {"were", W_AUX}, {"been", W_AUX},
    {"by", W_BY}, {"former", W_FORMER},
    {"not", W_NOT}, {"never", W_NOT}, {"no", W_NOT}, {"didn't", W_NOT}, {"don't", W_NOT}, {"doesn't", W_NOT},
    {"won't", W_NOT}, {"wouldn't", W_NOT}, {"can't", W_NOT}, {"cannot", W_NOT}, {"couldn't", W_NOT},
    {"isn't", W_NOT}, {"wasn't", W_NOT}, {"aren't", W_NOT}, {"weren't", W_NOT}, {"hasn't", W_NOT},
    {"haven't", W_NOT}, {"hadn't", W_NOT}, {"shouldn't", W_NOT}, {"refused", W_NOT}, {"не", W_NOT},
    {"ни", W_NOT}, {NULL, 0}};
static const char *const PLURAL_PRONS[] = {"they", "them", "their", "они", "их", "им", "них", "ним", "ними", NULL};

static const char *const MODALS[] = {"will", "would", "shall", "should", "can", "could", "may", "might", "must", "to",
                                     "not", "also", "has", "have", "had", "is", "are", "was", "were", "be", "been",
                                     "did", "does", "do", "then", "now", "later", "jointly", "again", "who", "which",
                                     "that", NULL};

#define in_list dy_in_list
/* is token tk's word in the list?  (its hash made once, in classify) */
static int tin(const char *const *l, const tok *tk) {
    return tk->wl <= 32 ? dy_in_list_h(l, tk->w, tk->wl, tk->wh) : dy_in_list(l, tk->w, tk->wl);
}

/* Match phrase elements [from, n) of ph at token position i forward.  Only
 * EL_WORD elements are expected (roots).  Returns the last token index or -1. */
static int match_root_rest(const dyad_coder *c, const dy_phrase *ph, int i) {
    int pos = i;
    for (int k = 1; k < ph->n; k++) {
        const dy_el *prev = &ph->el[k - 1], *e = &ph->el[k];
        int found = -1;
        int lim = prev->consec ? pos + 1 : c->nt - 1;
        if (!prev->consec && lim > pos + 8) lim = pos + 8; /* gapped root words stay close */
        for (int q = pos + 1; q <= lim && q < c->nt; q++) {
            if (c->t[q].type == W_COMMA) break;
            /* dyad: a gap does not swallow a name ("провела с Россией
             * совместные учения" is not the root ПРОВЕЛ ... УЧЕНИ with Russia
             * inside it), unless the whole sentence is in capitals */
            if (!c->tabari && !c->allcaps && q - 1 > pos && c->t[q - 1].cap) break;
            if (dy_word_match(e, c->t[q].w, c->t[q].wl)) { found = q; break; }
        }
        if (found < 0) return -1;
        pos = found;
    }
    return pos;
}

/* does an unclassified word look like an adjective (a modifier, not the
 * head noun of a subject)?  By suffix or a short list; plural nouns ("the
 * talks failed") and bare nouns ("the report said") do not. */
static int adjective_like(const char *w, size_t n) {
    static const char *const SUF[] = {"al", "ic", "ive", "ous", "ful", "less", "able", "ible", "ary", "ory", "ent",
                                      "ant", "ish", "ese", "ian", "ned", "sed", "ted", "led", "ied", "est", "ier", NULL};
    static const char *const ADJ[] = {"new", "big", "major", "surprise", "first", "last", "joint", "brief", "rare",
                                      "fresh", "deadly", "massive", "heavy", "sharp", "failed", "latest", "second",
                                      "third", "full", "rocket", "mortar", "air", "suicide", "bomb", "missile", "drone",
                                      "border", "state", "peace", "trade", "nuclear", "military", "naval", NULL};
    if (in_list(ADJ, w, n)) return 1;
    if (n < 5) return 0;
    for (int k = 0; SUF[k]; k++) {
        size_t l = strlen(SUF[k]);
        if (n > l + 2 && !memcmp(w + n - l, SUF[k], l)) return 1;
    }
    return 0;
}

/* dyad (not TABARI): a verb is a noun after a possessive (HIS vow, THEIR
 * support) or after a determiner and one or two adjective-like words (A
 * SURPRISE visit, THE CHEMICAL attacks).  Actors, agents, known words and
 * noun-like words in between stop the rule (THE OFFICIALS said, THE TALKS
 * failed, THE REPORT said).  Measured against wink-lexicon's POS data in
 * bench/pos-lexicon.md, which did not help. */
static int noun_context(const dyad_coder *c, int i) {
    static const char *const POSS[] = {"his", "her", "its", "their", "our", "my", "your", NULL};
    if (i > 0 && tin(POSS, &c->t[i - 1])) return 1;
    for (int k = 1; k <= 2 && i - k - 1 >= 0; k++) {
        const tok *m = &c->t[i - k];
        if (m->type != W_NONE || m->brk || m->root >= 0) return 0;
        if (tin(MODALS, m) || !adjective_like(m->w, m->wl)) return 0;
        const tok *d = &c->t[i - k - 1];
        if (d->type == W_DET || tin(POSS, d)) return 1;
    }
    return 0;
}

static int type_rank(int t) { /* tie-break between roots of equal length */
    switch (t) {
    case RT_NOUN: case RT_ADJ: return 4;
    case RT_ACTOR: return 3;
    case RT_AGENT: return 2;
    default: return 1;
    }
}

/* a token's closed class (W_DET, W_PRON ...) or W_NONE: one hashed lookup */
static int closed_class(const tok *t) {
    if (t->wl > 32) return W_NONE;
    int r = dy_table_find_h(CLOSED, sizeof CLOSED[0], t->w, t->wl, t->wh);
    return r < 0 ? W_NONE : CLOSED[r].type;
}

static void classify(dyad_coder *c) {
    const dyad_dict *d = c->d;
    int allcaps = 1;
    for (int i = 0; i < c->nt && allcaps; i++) {
        if (c->t[i].cap) continue;
        const unsigned char *w = (const unsigned char *)c->t[i].w;
        if (dy_cyr_lead(w[0])) { allcaps = 0; break; } /* a lowercase Russian word */
        for (int k = 0; k < c->t[i].wl; k++)
            if (w[k] >= 'a' && w[k] <= 'z') { allcaps = 0; break; }
    }
    c->allcaps = allcaps;
    /* dyad: "US" in capitals inside mixed-case text is the United States,
     * not the pronoun "us" */
    if (!allcaps && !c->tabari)
        for (int i = 0; i < c->nt; i++)
            if (c->t[i].wl == 2 && !memcmp(c->t[i].w, "us", 2) && c->text && c->t[i].end - c->t[i].start == 2 &&
                !memcmp(c->text + c->t[i].start, "US", 2)) {
                c->t[i].w = "u.s.";
                c->t[i].wl = 4;
            }
    for (int i = 0; i < c->nt; i++)
        if (c->t[i].wl <= 32) c->t[i].wh = dy_hash64(c->t[i].w, c->t[i].wl) | 1;
    /* chains of words by first byte */
    for (int k = 0; k < 256; k++) c->firstc[k] = c->lastc[k] = -1;
    for (int i = 0; i < c->nt; i++) {
        unsigned char ch = (unsigned char)c->t[i].w[0];
        c->nextc[i] = -1;
        c->prevc[i] = c->lastc[ch];
        if (c->lastc[ch] >= 0) c->nextc[c->lastc[ch]] = (short)i;
        else c->firstc[ch] = (short)i;
        c->lastc[ch] = (short)i;
    }
    /* signature of the sentence (pattern prefilter) and of each word */
    memset(&c->sig, 0, sizeof c->sig);
    for (int i = 0; i < c->nt; i++)
        for (size_t k = 1; k <= 3; k++) {
            size_t m = k <= c->t[i].wl ? k : c->t[i].wl;
            c->t[i].pb[k - 1] = (uint16_t)dy_sig_bit(c->t[i].w, m ? m : 1);
            if (k <= c->t[i].wl) dy_sig_add(&c->sig, c->t[i].pb[k - 1]);
        }
    for (int i = 0; i < c->nt;) {
        tok *t = &c->t[i];
        if (t->type == W_COMMA) { i++; continue; }
        int best = -1, bestlen = -1, bestend = i, bestrank = 0;
        /* every prefix of the word may be a stem in the dictionary: hash
         * all prefixes in one pass, longest first */
        uint32_t ph[64];
        int maxL = t->wl < 64 ? t->wl : 63;
        dy_prefix_hashes(t->w, (size_t)maxL, ph);
        for (int L = maxL; L >= 1; L--) {
            const dy_slot *s = dy_dict_slot_h(d, t->w, (size_t)L, ph[L]);
            if (!s) continue;
            for (int r = 0; r < s->nroots; r++) {
                /* the slot's keys first: the root itself only for a candidate */
                const dy_rkey *k = &s->keys[r];
                if (k->length < bestlen) break; /* sorted: nothing longer follows */
                /* the first element's word is the slot's, t->w's first L bytes:
                 * a stem matches, a whole word when nothing follows or an
                 * ending does (dy_word_match, whose byte loop is done) */
                if (k->exact && t->wl != L && !dy_word_ending(&d->roots[s->roots[r]].ph.el[0], t->w, t->wl))
                    continue;
                if (k->second_n) { /* cheap test of the second word before matching the rest */
                    if (k->second_consec) {
                        if (i + 1 >= c->nt || c->t[i + 1].wl < k->second_n ||
                            c->t[i + 1].pb[k->second_n - 1] != k->second_bit)
                            continue;
                    } else if (!(c->sig.w[k->second_bit >> 6] >> (k->second_bit & 63) & 1)) {
                        continue;
                    }
                }
                const dy_root *rt = &d->roots[s->roots[r]];
                int end = k->one ? i : match_root_rest(c, &rt->ph, i);
                if (end < 0) continue;
                int rank = type_rank(rt->type);
                if (rt->ph.length > bestlen || (rt->ph.length == bestlen && rank > bestrank)) {
                    best = s->roots[r];
                    bestlen = rt->ph.length;
                    bestend = end;
                    bestrank = rank;
                }
            }
        }
        int closed = closed_class(t);
        if (closed && (best < 0 || bestend == i)) {
            if (best >= 0 && closed == W_NOT) {
                /* a dictionary word (e.g. REFUSED as a verb) wins over negation */
            } else {
                t->type = (uint8_t)closed;
                i++;
                continue;
            }
        }
        if (best < 0) { i++; continue; }
        const dy_root *rt = &d->roots[best];
        int type = W_NONE;
        switch (rt->type) {
        case RT_ACTOR: type = W_ACTOR; break;
        case RT_AGENT: type = W_AGENT; break;
        case RT_VERB: type = W_VERB; break;
        case RT_NOUN: type = W_NOUN; break;
        case RT_ADJ: type = W_ADJ; break;
        case RT_DISCARD: /* PETRARCH discard list */
            c->status |= rt->codes[0].code[3] ? DY_ST_DISCARD_STORY | DY_ST_DISCARD : DY_ST_DISCARD;
            type = W_NONE;
            break;
        case RT_TIME:
            if (c->opt->time_shift && rt->ncodes) {
                if (streq(rt->codes[0].code, "###")) c->status |= DY_ST_DISCARD;
                else if (streq(rt->codes[0].code, "+++"))
                    c->status |= DY_ST_COMPLEX, snprintf(c->why, sizeof c->why, "complex time phrase %s", rt->name);
            }
            type = W_NONE;
            break;
        }
        if (type == W_ACTOR) {
            const char *code = dy_code_for_date(rt->codes, rt->ncodes, c->date);
            if (streq(code, "###")) c->status |= DY_ST_DISCARD;
            else if (streq(code, "+++")) c->status |= DY_ST_COMPLEX, snprintf(c->why, sizeof c->why, "complex actor %s", rt->name);
            if (!code || is_null_code(code) || streq(code, "###") || streq(code, "+++")) type = W_NOUN;
            t->code = code;
        } else if (type == W_AGENT) {
            const char *code = dy_code_for_date(rt->codes, rt->ncodes, c->date);
            if (!code || is_null_code(code)) type = W_NOUN;
            t->code = code;
        } else if (type == W_VERB) {
            const dy_verb *v = rt->verb;
            if (v->npat == 0 && is_null_code(v->code)) type = W_NULL;
            else if (i > 0 && c->t[i - 1].type == W_DET) type = W_NOUN;
            else if (i > 0 && t->cap && !allcaps) type = W_NOUN;
            else if (!c->tabari && noun_context(c, i)) type = W_NOUN;
            if (type == W_VERB && v->npat == 0 && v->code && streq(v->code, "###")) c->status |= DY_ST_DISCARD;
            if (type == W_VERB && v->npat == 0 && v->code && streq(v->code, "+++"))
                c->status |= DY_ST_COMPLEX, snprintf(c->why, sizeof c->why, "complex verb %s", rt->name);
        }
        for (int q = i; q <= bestend; q++) {
            c->t[q].type = (uint8_t)type;
            c->t[q].root = best;
            c->t[q].head = i;
            c->t[q].tail = bestend;
            c->t[q].code = t->code;
        }
        i = bestend + 1;
    }
}

/* ------------------------------------------------------------ compounds */

/* Russian В/ВО at p between an agent and a place, before any verb: the
 * subject's home ("Протестующие в Ереване перекрыли", "Власти в Курской
 * области заявили"); after a verb it is where to ("направила миротворцев в
 * Казахстан") and joins nothing */
static int ru_v_subject(const dyad_coder *c, int p) {
    const tok *t = &c->t[p];
    if (c->tabari || !((t->wl == 2 && !memcmp(t->w, "в", 2)) || (t->wl == 4 && !memcmp(t->w, "во", 4)))) return 0;
    if (p == 0 || c->t[p - 1].type != W_AGENT) return 0;
    for (int q = 0; q < p; q++)
        if (c->t[q].type == W_VERB) return 0;
    return 1;
}

/* SET: CONVERT AGENTS: an agent with no actor next to it becomes an actor
 * coded with the agent code itself ("~MIL"). */
/* an agent phrase at i with no actor next to it ("the President stressed") */
static int lone_agent(const dyad_coder *c, int i) {
    const tok *t = &c->t[i];
    if (t->type != W_AGENT || t->head != i) return 0;
    int tl = t->tail;
    if (i > 0 && (c->t[i - 1].type == W_ACTOR || c->t[i - 1].type == W_FORMER)) return 0;
    if (tl + 1 < c->nt && c->t[tl + 1].type == W_ACTOR) return 0;
    if (tl + 2 < c->nt && (c->t[tl + 1].type == W_PREP || ru_v_subject(c, tl + 1)) && c->t[tl + 2].type == W_ACTOR)
        return 0;
    return 1;
}

static void convert_agents(dyad_coder *c) {
    for (int i = 0; i < c->nt; i++) {
        if (!lone_agent(c, i)) continue;
        for (int q = i; q <= c->t[i].tail; q++) c->t[q].type = W_ACTOR;
        i = c->t[i].tail;
    }
}

/* dyad: "Chinese President Xi Jinping": a demonym, a title and a named
 * person of that country are one actor, the person (CHNGOV), not the bare
 * state "Chinese" with the title handed to the name.  TABARI reads the
 * demonym as its own actor, which makes the state the source. */
static void merge_titled_people(dyad_coder *c) {
    for (int i = 0; i < c->nt; i++) {
        tok *a = &c->t[i];
        if (a->type != W_ACTOR || a->head != i || !a->code || strlen(a->code) != 3) continue;
        int g = a->tail + 1, p = g; /* the title may be part of the name: PRESIDENT_XI */
        if (g < c->nt && c->t[g].type == W_AGENT && c->t[g].head == g) p = c->t[g].tail + 1;
        if (p >= c->nt || c->t[p].type != W_ACTOR || c->t[p].head != p || !c->t[p].code) continue;
        const char *pc = c->t[p].code;
        if (strlen(pc) <= 3 || strncmp(pc, a->code, 3) || strchr(pc, '/')) continue;
        int end = c->t[p].tail, root = c->t[p].root;
        for (int q = i; q <= end; q++) {
            c->t[q].type = W_ACTOR;
            c->t[q].head = i;
            c->t[q].tail = end;
            c->t[q].root = root;
            c->t[q].code = pc;
        }
        i = end;
    }
}

/* dyad: "the President" with no actor next to it is the last actor the
 * article named with that role ("the President of Belarus ... The President
 * stressed"): a definite nominal reference. */
static void resolve_nominals(dyad_coder *c) {
    if (!c->nnominal) return;
    for (int i = 1; i < c->nt; i++) {
        if (!lone_agent(c, i) || c->t[i - 1].type != W_DET || c->t[i - 1].wl != 3) continue;
        const char *ag = c->t[i].code;
        for (int k = c->nnominal - 1; k >= 0 && ag; k--) {
            if (strcmp(c->nominal[k].agent, ag)) continue;
            const char *code = astr(c, c->nominal[k].code, strlen(c->nominal[k].code));
            for (int q = i; q <= c->t[i].tail; q++) {
                c->t[q].type = W_ACTOR;
                c->t[q].code = code;
            }
            break;
        }
        i = c->t[i].tail;
    }
}

/* remember, for nominal references, which actor each role belonged to */
static void remember_nominal(dyad_coder *c, const char *agent, const char *code) {
    if (!agent || !code || strlen(agent) >= sizeof c->nominal[0].agent || strlen(code) >= sizeof c->nominal[0].code ||
        strchr(code, '/'))
        return;
    for (int k = 0; k < c->nnominal; k++)
        if (!strcmp(c->nominal[k].agent, agent)) {
            memmove(&c->nominal[k], &c->nominal[k + 1], (size_t)(c->nnominal - k - 1) * sizeof c->nominal[0]);
            c->nnominal--;
            break;
        }
    if (c->nnominal == 16) {
        memmove(&c->nominal[0], &c->nominal[1], 15 * sizeof c->nominal[0]);
        c->nnominal--;
    }
    dy_put(c->nominal[c->nnominal].agent, sizeof c->nominal[0].agent, 0, agent, (size_t)-1);
    dy_put(c->nominal[c->nnominal].code, sizeof c->nominal[0].code, 0, code, (size_t)-1);
    c->nnominal++;
}

static void find_compounds(dyad_coder *c) {
    /* TABARI's rule: at AND/NOR, an actor must follow (across determiners
     * and adjectives); walking back over actors, commas, conjunctions,
     * determiners and adjectives, every actor must be separated from the
     * next by a comma or conjunction. */
    c->ncp = 0;
    for (int i = 1; i + 1 < c->nt; i++) {
        tok *t = &c->t[i];
        if (t->type != W_CONJ) continue;
        /* AND, NOR; Russian И ("Россия и Беларусь") */
        if (!((t->wl == 3 && !memcmp(t->w, "and", 3)) || (t->wl == 3 && !memcmp(t->w, "nor", 3)) ||
              (t->wl == 2 && !memcmp(t->w, "и", 2))))
            continue;
        int pend = -1;
        for (int q = i + 1; q < c->nt; q++) {
            int ty = c->t[q].type;
            if (ty == W_ACTOR) {
                if (c->t[q].head == q) { q = c->t[q].tail; pend = q; }
                continue;
            }
            if (ty == W_DET || ty == W_ADJ) continue;
            break;
        }
        if (pend < 0) continue;
        int pset = -1, need = 0;
        for (int q = i; q >= 0; q--) {
            int ty = c->t[q].type;
            if (ty == W_CONJ || ty == W_COMMA) { need = 0; continue; }
            if (ty == W_DET || ty == W_ADJ) continue;
            /* dyad: an agent after its actor ("Sudan's army and the Rapid
             * Support Forces") belongs to the member */
            if (!c->tabari && ty == W_AGENT && !need && q > 0 &&
                (c->t[q - 1].type == W_ACTOR || (q > 1 && c->t[q - 1].type == W_DET && c->t[q - 2].type == W_ACTOR))) {
                q = c->t[q].head;
                continue;
            }
            if (ty == W_ACTOR) {
                if (need) break;
                q = c->t[q].head;
                pset = q;
                need = 1;
                continue;
            }
            break;
        }
        if (pset < 0) continue;
        /* a later compound absorbs earlier ones inside it */
        while (c->ncp > 0 && c->cp[c->ncp - 1].head >= pset) c->ncp--;
        compound *cp = &c->cp[c->ncp];
        cp->head = pset;
        cp->tail = pend;
        cp->n = 0;
        for (int q = pset; q <= pend && cp->n < MAXACT; q++)
            if (c->t[q].type == W_ACTOR && c->t[q].head == q) cp->act[cp->n++] = q;
        c->ncp++;
        i = pend;
    }
    for (int k = 0; k < c->ncp; k++) {
        compound *cp = &c->cp[k];
        for (int q = cp->head; q <= cp->tail; q++) {
            if (c->t[q].type == W_CONJ || c->t[q].type == W_COMMA) c->t[q].keepconj = 1;
            if (c->t[q].type == W_ACTOR) c->t[q].comp = k;
        }
    }
    /* compound nouns / adjectives: noun conj adj* noun ; adj conj adj */
    for (int i = 1; i + 1 < c->nt; i++) {
        if (c->t[i].type != W_CONJ || c->t[i].keepconj) continue;
        int p = c->t[i - 1].type;
        if (p == W_NOUN) {
            int q = i + 1;
            while (q < c->nt && c->t[q].type == W_ADJ) q++;
            if (q < c->nt && c->t[q].type == W_NOUN) c->t[i].keepconj = 1;
        } else if (p == W_ADJ && c->t[i + 1].type == W_ADJ) {
            c->t[i].keepconj = 1;
        }
    }
}

/* ------------------------------------------------------------ pronouns */

/* dyad (not TABARI): WE/US/OUR in a quotation belong to its speaker --
 * the actor of a closing attribution ("..., the Belarusian leader noted")
 * when the sentence ends with one, else the previous sentence's subject. */
static void resolve_first_person(dyad_coder *c) {
    int speaker = -1;
    for (int i = c->nt - 1; i >= 0 && i >= c->nt - 5; i--)
        if (c->t[i].type == W_ACTOR) { speaker = c->t[i].head; break; }
    for (int i = 0; i < c->nt; i++) {
        tok *t = &c->t[i];
        if (t->type != W_NONE) continue;
        static const char *const WE[] = {"we", "us", "our", "мы", "нас", "нам", "нами", "наш", "наша", "наше", "наши",
                                         "нашеи", "нашего", "нашему", "нашим", "наших", "нашу", NULL};
        if (!tin(WE, t)) continue;
        if (speaker > i) t->type = W_PRON, t->ref = speaker;
        else if (c->prevcode[0]) t->type = W_PRON, t->ref = -2;
    }
}

static void resolve_pronouns(dyad_coder *c) {
    for (int i = 0; i < c->nt; i++) {
        tok *t = &c->t[i];
        if (t->type != W_PRON || t->sub || t->ref != -1) continue;
        int plural = tin(PLURAL_PRONS, t);
        int ref = -1;
        for (int q = 0; q < i; q++) { /* HE HIM SHE HER IT ITS HIS: first non-compound actor before */
            tok *a = &c->t[q];
            if (a->type != W_ACTOR || a->sub || a->head != q) continue;
            if (plural) {
                if (a->comp >= 0) { ref = q; break; }
                if (ref < 0) ref = q;
            } else {
                if (a->comp >= 0) { q = c->cp[a->comp].tail; continue; } /* first non-compound actor */
                ref = q;
                break;
            }
        }
        t->ref = ref;
    }
}

/* ------------------------------------------------------------ comma clauses */

static void mark_sub(dyad_coder *c, int a, int b) {
    for (int i = a; i <= b && i < c->nt; i++) c->t[i].sub = 1;
}

/* Comma-delimited clauses (TABARI markSubordinate): from a comma, count the
 * words to the next comma (or the end); drop the phrase when the count is
 * within MIN..MAX (EMIN..EMAX at the end; BMIN..BMAX for the words before
 * the first comma).  Checking resumes after the comma that closed a phrase,
 * so phrases are chained, not overlapping. Commas inside compounds do not count. */
/* Russian words after a comma that open a clause of its own, not an aside:
 * what was said (что, чтобы) and a coordinate clause (а, но, однако, и:
 * "Польша закрыла пункты пропуска, а Литва выслала дипломата") */
static int ru_word(const tok *t) {
    return dy_cyr_lead((unsigned char)t->w[0]);
}

static const char *const THAT_RU[] = {"что", "чтобы", "а", "но", "однако", "и", NULL};

static void drop_comma_clauses(dyad_coder *c) {
    const dy_options *o = c->opt;
    if (o->comma_off) return;
    int i = 0;
    while (i < c->nt) {
        if (!(c->t[i].type == W_COMMA && !c->t[i].keepconj)) { i++; continue; }
        int start = i;
        if (start >= o->bmin && start <= o->bmax) mark_sub(c, 0, start - 1);
        int j = i + 1;
        while (j < c->nt && !(c->t[j].type == W_COMMA && !c->t[j].keepconj)) j++;
        int words = j - start - 1;
        /* Russian: ", что ..." and ", чтобы ..." carry what was said or
         * asked ("заявил, что Минск готов ..."), ", а ..." another event:
         * not asides (THAT_RU) */
        if (start + 1 < c->nt && !c->tabari &&
            (tin(THAT_RU, &c->t[start + 1]) ||
             (c->t[start + 1].type == W_VERB && ru_word(&c->t[start + 1])))) { /* ", — отметил Лукашенко" */
            i = j;
            continue;
        }
        if (j >= c->nt) {
            if (words >= o->emin && words <= o->emax) mark_sub(c, start, c->nt - 1);
            return;
        }
        if (words >= o->cmin && words <= o->cmax) mark_sub(c, start, j - 1);
        i = j + 1;
    }
}

/* dyad (not TABARI): dropping comma phrases must not drop the main clause.
 * When no verb is left outside the dropped phrases ("Later, France accused
 * Germany"), the phrases are restored. */
static void keep_main_clause(dyad_coder *c) {
    int any_sub = 0;
    for (int i = 0; i < c->nt; i++) {
        if (c->t[i].sub) any_sub = 1;
        else if (c->t[i].type == W_VERB) return;
    }
    if (!any_sub) return;
    for (int i = 0; i < c->nt; i++) c->t[i].sub = 0;
}

/* ------------------------------------------------------------ actor search */

/* actor code + agent code ("BLR" + "~GOV" -> "BLRGOV", "IGO~" + "UNO" ->
 * "IGOUNO").  A region attribute ("RUS@RU-BA") stays at the end. */
static const char *combine(dyad_coder *c, const char *actor, const char *agent) {
    if (!agent) return actor;
    if (!actor) return agent;
    const char *tilde = strchr(agent, '~');
    if (!tilde) return actor;
    const char *at = strchr(actor, '@');
    int alen = at ? (int)(at - actor) : (int)strlen(actor);
    const char *region = at ? at : "";
    char base[128], buf[160];
    size_t o = dy_put(base, sizeof base, 0, actor, (size_t)alen);
    if (tilde == agent) { /* suffix */
        const char *suf = agent + 1;
        if (strstr(base, suf)) return actor;
        o = dy_put(buf, sizeof buf, 0, base, o);
        o = dy_put(buf, sizeof buf, o, suf, (size_t)-1);
    } else { /* prefix */
        size_t pl = (size_t)(tilde - agent);
        if (!strncmp(base, agent, pl)) return actor;
        size_t bl = o;
        o = dy_put(buf, sizeof buf, 0, agent, pl);
        o = dy_put(buf, sizeof buf, o, base, bl);
    }
    o = dy_put(buf, sizeof buf, o, region, (size_t)-1);
    return astr(c, buf, o);
}

static int is_from(const tok *t) { return t->wl == 4 && !memcmp(t->w, "from", 4); }

/* a code whose first three letters name a country (not IGO/NGO/a role) */
static int country_prefix(const char *code) {
    static const char *const not[] = {"IGO", "NGO", "NGM", "IMG", "MNC", "UIS", "GOV", "MIL", "COP", "JUD", "LEG",
                                      "OPP", "REB", "INS", "SPY", "BUS", "MED", "EDU", "HLH", "CVL", "REF", "LAB",
                                      "AGR", "ELI", "CRM", "PTY", "REL", "HRI", "ENV", NULL};
    if (!code || !code[0] || !code[1] || !code[2]) return 0;
    for (int k = 0; k < 3; k++)
        if (code[k] < 'A' || code[k] > 'Z') return 0;
    if (dy_in_list(not, code, 3)) return 0; /* one hashed lookup instead of 29 compares */
    return 1;
}

/* dyad: an agent with no actor and no earlier holder of its role
 * ("militants", "police", "protesters") belongs to the country the sentence
 * is about: a place after a preposition ("... clashed with police in
 * Tehran"), else the country of an actor in a role ("the Pakistani army
 * killed militants" -> PAKREB).  Only the domestic roles -- militants,
 * protesters, police, civilians, criminals -- are placed so: a lone
 * "government" or "minister" is as often foreign as not.  A bare state ("The President praised
 * Poland") is no evidence: the role may be anyone's, so it stays uncoded. */
static void localize_agents(dyad_coder *c) {
    char place[4] = "", role[4] = "";
    for (int i = 0; i < c->nt; i++) {
        tok *t = &c->t[i];
        if (t->type != W_ACTOR || t->head != i || !country_prefix(t->code)) continue;
        if (!place[0] && i > 0 && c->t[i - 1].type == W_PREP && strlen(t->code) >= 3) memcpy(place, t->code, 3);
        int withagent = strlen(t->code) > 3 || (t->tail + 1 < c->nt && c->t[t->tail + 1].type == W_AGENT) ||
                        (i > 0 && c->t[i - 1].type == W_AGENT);
        if (!role[0] && withagent && !strchr(t->code, '@')) memcpy(role, t->code, 3);
    }
    const char *ctry = place[0] ? place : role[0] ? role : NULL;
    if (!ctry) return;
    for (int i = 0; i < c->nt; i++) {
        const char *ag = c->t[i].code;
        if (!lone_agent(c, i) || !ag || ag[0] != '~' ||
            !(streq(ag, "~REB") || streq(ag, "~INS") || streq(ag, "~OPP") || streq(ag, "~COP") || streq(ag, "~CVL") ||
              streq(ag, "~CRM"))) {
            if (c->t[i].type == W_AGENT && c->t[i].head == i) i = c->t[i].tail;
            continue;
        }
        const char *code = combine(c, ctry, c->t[i].code);
        for (int q = i; q <= c->t[i].tail; q++) {
            c->t[q].type = W_ACTOR;
            c->t[q].code = code;
        }
        i = c->t[i].tail;
    }
}


/* 1 when token i is a Russian word that is not a demonym adjective, else 0.
 * Demonyms end in -ск-/-цк- and an adjective ending (российский,
 * белорусской, немецкие); the text is read, not the folded word (folding
 * makes -ий and -ии alike).  Nouns in -ой/-ей (Украиной) are not. */
static int ru_noun_actor(const dyad_coder *c, int i) {
    const tok *t = &c->t[i];
    const unsigned char *w = (const unsigned char *)c->text + t->start;
    size_t n = t->end - t->start;
    if (!c->text || n < 4 || !dy_cyr_lead(w[0])) return 0;
    static const char *const END[] = {"ий", "ый", "ой", "ая", "яя", "ое", "ее", "ие", "ые", "ого", "его", "ому", "ему",
                                      "ым", "им", "ую", "юю", "ых", "их", "ыми", "ими", "ом", "ем", "ей", NULL};
    for (int k = 0; END[k]; k++) {
        size_t l = strlen(END[k]);
        if (n >= l + 4 && !memcmp(w + n - l, END[k], l) &&
            (!memcmp(w + n - l - 4, "ск", 4) || !memcmp(w + n - l - 4, "цк", 4)))
            return 0;
    }
    return 1;
}

/* agent adjacent to the actor unit [h, tl]: its code, and its token span in
 * *ah..*at (for the event's provenance) */
static const char *find_agent(dyad_coder *c, int h, int tl, int *ah, int *at) {
    int former = 0;
    int after = tl + 1;
    if (after < c->nt && c->t[after].type == W_FORMER) former = 1, after++;
    if (h > 0 && c->t[h - 1].type == W_FORMER) former = 1;
    /* dyad: one modifier may stand between ("Dagolath's first Deputy Prime
     * Minister") when it is an unclassified word */
    if (!c->tabari && after + 1 < c->nt && c->t[after].type == W_NONE && c->t[after].root < 0 &&
        !c->t[after].brk && c->t[after + 1].type == W_AGENT && adjective_like(c->t[after].w, c->t[after].wl))
        after++;
    /* possessive actor ("Gondor's Prime Minister"); in Russian only an
     * adjective comes before its agent ("белорусский лидер", not "от
     * Франции истребители": a noun actor follows its agent, "армия Франции") */
    if (after < c->nt && c->t[after].type == W_AGENT && !c->t[after].brk && (!c->t[after].sub || c->t[h].sub) &&
        ru_noun_actor(c, tl) == 0) {
        *ah = h;
        *at = c->t[after].tail;
        return former ? "~ELI" : c->t[after].code;
    }
    int p = h - 1;
    /* an agent before a list applies to every member ("Lawmakers in Fornost
     * and Gondor"): look before the list's first member (dyad) */
    if (!c->tabari && c->t[h].comp >= 0 && c->cp[c->t[h].comp].act[0] != h) {
        int first = c->cp[c->t[h].comp].act[0];
        int q = first - 1;
        while (q >= 0 && (c->t[q].type == W_DET || c->t[q].type == W_ADJ)) q--;
        if (q >= 0 && (c->t[q].type == W_PREP || is_from(&c->t[q]))) q--;
        if (q >= 0 && c->t[q].type == W_AGENT && !c->t[q].sub) return c->t[q].code; /* span stays the member's */
    }
    if (p >= 0 && (c->t[p].type == W_PREP || (!c->tabari && is_from(&c->t[p])) || ru_v_subject(c, p))) p--;
    if (p >= 0 && c->t[p].type == W_AGENT && !c->t[h].brk && !c->t[p + 1].brk && (!c->t[p].sub || c->t[h].sub)) {
        int hh = c->t[p].head;
        if (hh > 0 && c->t[hh - 1].type == W_FORMER) former = 1;
        *ah = hh;
        *at = tl;
        return former ? "~ELI" : c->t[p].code;
    }
    return NULL;
}

static int actor_at(dyad_coder *c, int i, actref *a) {
    tok *t = &c->t[i];
    int src = i;
    if (t->type == W_PRON) {
        if (t->ref < 0) {
            if (t->ref == -2) { /* previous sentence */
                a->code = astr(c, c->prevcode, strlen(c->prevcode));
                a->head = a->tail = i;
                a->comp = -1;
                return 1;
            }
            return 0;
        }
        src = t->ref;
    }
    tok *s = &c->t[src];
    if (s->type != W_ACTOR) return 0;
    int h = s->head, tl = s->tail, ah = h, at = tl;
    a->code = combine(c, s->code, find_agent(c, h, tl, &ah, &at));
    /* a compound stands behind its first member only: an actor found
     * inside a list (searching backwards, say) is just that actor */
    a->comp = s->comp >= 0 && c->cp[s->comp].act[0] == h ? s->comp : -1;
    /* the span covers actor and agent ("Belarusian leader"); a pronoun
     * points at its referent */
    a->head = ah;
    a->tail = at;
    return 1;
}

static int is_actor_tok(const dyad_coder *c, int i) {
    const tok *t = &c->t[i];
    if (t->sub) return 0;
    if (t->type == W_ACTOR && t->head == i) return 1;
    if (t->type == W_PRON && (t->ref >= 0 || t->ref == -2)) return 1;
    return 0;
}

/* first actor in [a, b] going forward, code distinct from `not` */
/* the actor starting at h is the object of a preposition ("prisoners in
 * Israel"), not a subject */
static int after_prep(const dyad_coder *c, int cs, int h) {
    int p = h - 1;
    while (p >= cs && (c->t[p].type == W_DET || c->t[p].type == W_ADJ)) p--;
    return p >= cs && c->t[p].type == W_PREP;
}

/* a comma (a quotation's close, an apposition's end) lies between the
 * clause start and token h: what precedes it is not h's verb's subject */
static int comma_before(const dyad_coder *c, int cs, int h) {
    for (int p = cs; p < h; p++)
        if (c->t[p].type == W_COMMA) return 1;
    return 0;
}

static int fwd_actor(dyad_coder *c, int a, int b, const char *not, actref *out) {
    for (int i = a; i <= b && i < c->nt; i++) {
        if (!is_actor_tok(c, i)) continue;
        actref r;
        if (!actor_at(c, i, &r)) continue;
        if (not && streq(r.code, not)) continue;
        *out = r;
        return i;
    }
    return -1;
}

static int back_actor(dyad_coder *c, int a, int b, const char *not, actref *out) {
    for (int i = b; i >= a && i >= 0; i--) {
        if (!is_actor_tok(c, i) && !(c->t[i].type == W_ACTOR && !c->t[i].sub)) continue;
        int h = c->t[i].type == W_ACTOR ? c->t[i].head : i;
        if (!is_actor_tok(c, h)) continue;
        actref r;
        if (!actor_at(c, h, &r)) continue;
        if (not && streq(r.code, not)) continue;
        *out = r;
        return h;
    }
    return -1;
}

/* ------------------------------------------------------------ pattern match */

typedef struct {
    int cs, ce;        /* clause bounds */
    int src, tgt, comp; /* token indexes found by $ + % (or -1) */
    int altdelta; /* actual minus nominal length of matched alternatives */
} pm;

static int skippable(const dyad_coder *c, int i) { return c->t[i].sub; }

static int match_seq(dyad_coder *c, const dy_el *el, int n, int pos, pm *m, int *endpos);

/* try to match a single element at/after pos (dir +1) or at/before pos (dir -1);
 * consec: must be exactly at pos. returns new position (last consumed) or -1 */
static int match_el(dyad_coder *c, const dy_el *e, int dir, int pos, int consec, pm *m) {
    int lim = dir > 0 ? m->ce : m->cs;
    if (e->kind == EL_WORD && !consec) {
        /* a word anywhere in range: visit only the words with its first
         * byte (same result as the position loop below, far fewer steps) */
        unsigned char ch = (unsigned char)e->word[0];
        if (dir > 0) {
            int p = c->firstc[ch];
            while (p >= 0 && p < pos) p = c->nextc[p];
            for (; p >= 0 && p <= lim; p = c->nextc[p])
                if (!c->t[p].sub && c->t[p].type != W_COMMA && dy_word_match(e, c->t[p].w, c->t[p].wl)) return p;
        } else {
            int p = c->lastc[ch];
            while (p >= 0 && p > pos) p = c->prevc[p];
            for (; p >= 0 && p >= lim; p = c->prevc[p])
                if (!c->t[p].sub && c->t[p].type != W_COMMA && dy_word_match(e, c->t[p].w, c->t[p].wl)) return p;
        }
        return -1;
    }
    for (int q = pos; dir > 0 ? q <= lim : q >= lim; q += dir) {
        if (q < 0 || q >= c->nt) return -1;
        if (skippable(c, q)) { if (consec) return -1; continue; }
        if (c->t[q].type == W_COMMA && e->kind == EL_WORD) { if (consec) return -1; continue; }
        switch (e->kind) {
        case EL_WORD:
            if (dy_word_match(e, c->t[q].w, c->t[q].wl)) return q;
            break;
        case EL_SRC: case EL_TGT: case EL_SKIP: {
            if (is_actor_tok(c, q) || (c->t[q].type == W_ACTOR && !c->t[q].sub)) {
                int h = c->t[q].type == W_ACTOR ? c->t[q].head : q;
                int tl = c->t[q].type == W_ACTOR ? c->t[q].tail : q;
                int comp = c->t[h].comp;
                if (e->kind == EL_SRC) m->src = h;
                else if (e->kind == EL_TGT) m->tgt = h;
                /* a compound is consumed whole */
                if (comp >= 0 && c->t[h].type == W_ACTOR) {
                    const compound *cp = &c->cp[comp];
                    return dir > 0 ? cp->tail : cp->head;
                }
                return dir > 0 ? tl : h;
            }
            break;
        }
        case EL_COMP: {
            int comp = c->t[q].comp;
            if (c->t[q].type == W_PRON && c->t[q].ref >= 0) comp = c->t[c->t[q].ref].comp;
            if (comp >= 0) {
                m->comp = c->cp[comp].act[0];
                if (c->t[q].type == W_PRON) return q;
                return dir > 0 ? c->cp[comp].tail : c->cp[comp].head;
            }
            if (is_actor_tok(c, q)) {
                /* a coded compound (A/B) also satisfies % */
                actref r;
                if (actor_at(c, q, &r) && strchr(r.code, '/')) {
                    m->comp = q;
                    return dir > 0 ? c->t[q].tail : c->t[q].head;
                }
            }
            break;
        }
        case EL_SYNSET: {
            const dy_synset *sy = &c->d->syn[e->synset];
            if (dir > 0 && sy->start) {
                /* only the members filed under this word's beginnings (1, 2 or
                 * 3 letters), and those that do not begin with a word */
                const tok *tq = &c->t[q];
                for (int k = 0; k <= 3; k++) {
                    int b = k < 3 ? tq->pb[k] : 256;
                    if (k < 3 && (size_t)k >= tq->wl) continue;
                    for (int j = sy->start[b]; j < sy->start[b + 1]; j++) {
                        const dy_phrase *ph = &sy->alt[sy->order[j]];
                        if (ph->n && ph->el[0].kind == EL_WORD && !dy_word_match(&ph->el[0], tq->w, tq->wl)) continue;
                        pm save = *m, m2 = *m;
                        int endp;
                        if (ph->n && match_el(c, &ph->el[0], 1, q, 1, &m2) == q &&
                            match_seq(c, ph->el, ph->n, q, m, &endp) == 0) {
                            /* a synset counted as its longest member: the
                             * match is as long as the member found */
                            if (e->synlen) m->altdelta += ph->length - e->synlen;
                            return endp;
                        }
                        *m = save;
                    }
                }
                break;
            }
            for (int a = 0; a < sy->nalt; a++) {
                pm save = *m;
                int endp;
                const dy_phrase *ph = &sy->alt[a];
                if (dir > 0) {
                    /* the member must start here; the outer loop moves q */
                    if (ph->n && ph->el[0].kind == EL_WORD && !dy_word_match(&ph->el[0], c->t[q].w, c->t[q].wl))
                        continue;
                    pm m2 = *m;
                    if (ph->n && match_el(c, &ph->el[0], 1, q, 1, &m2) == q &&
                        match_seq(c, ph->el, ph->n, q, m, &endp) == 0)
                        return endp;
                } else {
                    /* match the alternative forward ending at q: try starts */
                    /* the member must end here: check its last word first */
                    const dy_el *last = ph->n ? &ph->el[ph->n - 1] : NULL;
                    if (last && last->kind == EL_WORD && !dy_word_match(last, c->t[q].w, c->t[q].wl)) continue;
                    for (int st = q; st >= m->cs && st >= q - 8; st--) {
                        *m = save;
                        pm m2 = *m;
                        m2.ce = q;
                        if (match_seq(c, ph->el, ph->n, st, &m2, &endp) == 0 && endp == q) {
                            m->src = m2.src; m->tgt = m2.tgt; m->comp = m2.comp;
                            return st;
                        }
                    }
                }
                *m = save;
            }
            break;
        }
        case EL_ALT: {
            for (int a = 0; a < e->nalt; a++) {
                pm save = *m;
                int endp;
                const dy_phrase *ph = &e->alt[a];
                if (dir > 0) {
                    /* first element of the alternative must be at q */
                    pm m2 = *m;
                    if (ph->n && match_el(c, &ph->el[0], 1, q, 1, &m2) == q) {
                        if (match_seq(c, ph->el, ph->n, q, m, &endp) == 0) {
                            int mx = 0;
                            for (int z = 0; z < e->nalt; z++) if (e->alt[z].length > mx) mx = e->alt[z].length;
                            m->altdelta += ph->length - mx;
                            return endp;
                        }
                    }
                } else {
                    const dy_el *last = ph->n ? &ph->el[ph->n - 1] : NULL;
                    if (last && last->kind == EL_WORD && !dy_word_match(last, c->t[q].w, c->t[q].wl)) continue;
                    for (int st = q; st >= m->cs && st >= q - 8; st--) {
                        pm m2 = *m;
                        m2.ce = q;
                        pm m3 = m2;
                        if (ph->n && match_el(c, &ph->el[0], 1, st, 1, &m3) == st &&
                            match_seq(c, ph->el, ph->n, st, &m2, &endp) == 0 && endp == q) {
                            m->src = m2.src; m->tgt = m2.tgt; m->comp = m2.comp;
                            int mx = 0;
                            for (int z = 0; z < e->nalt; z++) if (e->alt[z].length > mx) mx = e->alt[z].length;
                            m->altdelta += ph->length - mx;
                            return st;
                        }
                    }
                }
                *m = save;
            }
            break;
        }
        default:
            break;
        }
        if (consec) return -1;
    }
    return -1;
}

/* match elements el[0..n) forward: el[0] at or after pos, each later one
 * after the previous (adjacent when the previous is consec).  Returns 0 and
 * *endpos = last token consumed, or -1. */
static int match_seq(dyad_coder *c, const dy_el *el, int n, int pos, pm *m, int *endpos) {
    int last = pos - 1;
    for (int k = 0; k < n; k++) {
        int consec = k > 0 && el[k - 1].consec;
        int q = match_el(c, &el[k], 1, k == 0 ? pos : last + 1, consec, m);
        if (q < 0) return -1;
        last = q;
    }
    *endpos = last;
    return 0;
}

static int syns_present(const dyad_coder *c, const dy_pattern *p) {
    for (int i = 0; i < p->nsyns; i++)
        if (!dy_sig_meets(&c->sig, &c->d->syn[p->syns[i]].sig)) return 0;
    return 1;
}

/* Try a pattern for the verb occupying tokens [vh, vt]. */
static int try_pattern(dyad_coder *c, const dy_pattern *p, int vh, int vt, pm *m) {
    m->src = m->tgt = m->comp = -1;
    int va = p->verb_at;
    /* lower part: elements before '*', the last one adjacent if it is consec */
    if (va > 0) {
        const dy_el *le = p->ph.el;
        int n = va;
        int last = vh;
        for (int k = n - 1; k >= 0; k--) {
            int consec = le[k].consec;
            int q = match_el(c, &le[k], -1, last - 1, consec, m);
            if (q < 0) return 0;
            last = q;
        }
    }
    if (va + 1 < p->ph.n) {
        const dy_el *he = p->ph.el + va + 1;
        int n = p->ph.n - va - 1;
        int last = vt;
        for (int k = 0; k < n; k++) {
            int consec = k == 0 ? p->ph.el[va].consec : he[k - 1].consec;
            int q = match_el(c, &he[k], 1, last + 1, consec, m);
            if (q < 0) return 0;
            last = q;
        }
    }
    return 1;
}

/* ------------------------------------------------------------ events */

static void add_event(dyad_coder *c, const actref *s, const actref *t, const char *code, const char *code2, int flags,
                      int vh, int vt, int clause) {
    if (c->nev >= MAXEV) return;
    rawev *e = &c->ev[c->nev++];
    e->src = *s;
    e->tgt = *t;
    e->code = code;
    e->code2 = code2;
    e->flags = flags;
    e->vhead = vh;
    e->vtail = vt;
    e->clause = clause;
}

static int negated(const dyad_coder *c, int vh, const dy_pattern *p) {
    for (int q = vh - 1; q >= 0 && q >= vh - 3; q--) {
        const tok *t = &c->t[q];
        if (t->type == W_COMMA || t->type == W_CONJ || t->type == W_ACTOR) return 0;
        if (t->type == W_NOT) {
            if (p)
                for (int k = 0; k < p->ph.n; k++)
                    if (p->ph.el[k].kind == EL_WORD && dy_word_match(&p->ph.el[k], t->w, t->wl)) return 0;
            return 1;
        }
    }
    return 0;
}

/* Code one clause [cs, ce].  *cursrc carries the source across clauses. */
/* a Russian verb at v..vt in the attribution position: after a comma, a
 * dash or a quotation mark, with an actor (or its agent) within two words
 * after it */
static int ru_inverted(const dyad_coder *c, int cs, int v, int vt, int ce) {
    if (!ru_word(&c->t[v])) return 0;
    /* a comma or a dash right before the verb (a closing quotation mark alone
     * ends a name as often: Бойцы ЧВК «Вагнер» атаковали ...) */
    int mark = v - 1 >= cs && c->t[v - 1].type == W_COMMA;
    if (!mark && c->text && v > 0 && c->t[v].brk) {
        for (uint32_t k = c->t[v - 1].end; k + 2 < c->t[v].start + 1 && k < c->t[v].start; k++) {
            const unsigned char *x = (const unsigned char *)c->text + k;
            if (*x == ',' || (*x == '-' && k > c->t[v - 1].end) ||
                (k + 2 < c->t[v].start && x[0] == 0xE2 && x[1] == 0x80 && (x[2] == 0x93 || x[2] == 0x94)))
                mark = 1;
        }
    }
    if (!mark) return 0;
    for (int q = vt + 1; q <= vt + 2 && q < ce && q < c->nt; q++) {
        int ty = c->t[q].type;
        if (ty == W_ACTOR || ty == W_AGENT) return 1;
        if (ty == W_COMMA) return 0;
    }
    return 0;
}

static int code_clause(dyad_coder *c, int cs, int ce, int clause, actref *cursrc, int *have_src) {
    int coded = 0;
    int lastverb = -1; /* tail of the previous verb in this clause */
    for (int v = cs; v <= ce; v++) {
        tok *t = &c->t[v];
        if (t->type != W_VERB || t->head != v || t->sub) continue;
        const dy_root *rt = &c->d->roots[t->root];
        const dy_verb *vb = rt->verb;
        int vt = t->tail;
        int prevverb = lastverb;
        lastverb = vt;
        pm m = {cs, ce, -1, -1, -1, 0};
        const dy_pattern *hit = NULL;
        int hitlen = 0;
        for (int k = 0; k < vb->npat; k++) {
            /* a match through alternatives counts only the characters it
             * matched; longer patterns after it still get their chance */
            if (hit && vb->pat[k].ph.length <= hitlen) break;
            if (!dy_sig_covers(&c->sig, &vb->pat[k].need)) continue; /* a required word is absent */
            if (!syns_present(c, &vb->pat[k])) continue; /* no member of a required synset */
            pm mm = {cs, ce, -1, -1, -1, 0};
            if (try_pattern(c, &vb->pat[k], v, vt, &mm)) {
                if (!hit || vb->pat[k].ph.length + mm.altdelta > hitlen) {
                    hit = &vb->pat[k];
                    m = mm;
                    hitlen = vb->pat[k].ph.length + mm.altdelta;
                }
                if (!mm.altdelta) break;
            }
        }
        const char *code = hit ? hit->code : vb->code;
        const char *code2 = hit ? hit->code2 : vb->code2;
        int flags = hit ? hit->flags : vb->flags;
        if (!code && !code2) continue;
        if (streq(code, "###")) { c->status |= DY_ST_DISCARD; return 0; }
        if (streq(code, "+++")) { c->status |= DY_ST_COMPLEX; snprintf(c->why, sizeof c->why, "complex pattern"); return 0; }
        if (is_null_code(code) && !code2) continue;
        if (!c->tabari && negated(c, v, hit)) continue;
        actref src = {0}, tgt = {0};
        int hs = 0, ht = 0;
        int designated = hit && (m.src >= 0 || m.tgt >= 0 || m.comp >= 0);
        if (m.comp >= 0) {
            actref r;
            if (actor_at(c, m.comp, &r)) {
                src = r;
                tgt = r;
                hs = ht = 1;
            }
        }
        if (m.src >= 0) hs = actor_at(c, m.src, &src);
        if (m.tgt >= 0) ht = actor_at(c, m.tgt, &tgt);
        if (hit && ((m.src >= 0 && !hs) || (m.tgt >= 0 && !ht))) continue;
        /* passive voice: WAS/WERE/BEEN one or two words before, BY right after */
        int passive = 0, selfcomp = 0;
        if (!designated) {
            int aux = (v - 1 >= cs && c->t[v - 1].type == W_AUX) || (v - 2 >= cs && c->t[v - 2].type == W_AUX);
            if (aux && ((vt + 1 <= ce && c->t[vt + 1].type == W_BY) ||
                        (vt + 2 <= ce && c->t[vt + 2].type == W_BY && c->t[vt + 1].type == W_NONE)))
                passive = 1;
        }
        if (passive) {
            actref a, b;
            int i1 = fwd_actor(c, vt + 1, ce, NULL, &a);
            int i0 = back_actor(c, cs, v - 1, NULL, &b);
            if (i0 < 0 && *have_src) b = *cursrc, i0 = 0;
            if (i1 >= 0 && i0 >= 0) {
                src = a;
                tgt = b;
                hs = ht = 1;
            }
        }
        int prior = back_actor(c, cs, v - 1, NULL, &(actref){0}) >= 0;
        int after = fwd_actor(c, vt + 1, ce, NULL, &(actref){0}) >= 0;
        if (!hs && c->opt->def_src && c->opt->def_src_prior && !prior && !*have_src) {
            src.code = c->opt->def_src;
            src.head = src.tail = -1;
            src.comp = -1;
            hs = 1;
        }
        /* dyad: Russian inverted attribution ("..., заявил Лукашенко", "«...»,
         * — отметил белорусский лидер"): a verb right after a comma, dash
         * or quotation mark with an actor right after it has that actor as
         * its source and the actor before it as its target */
        if (!c->tabari && !hs && !ht && ru_inverted(c, cs, v, vt, ce)) {
            if (fwd_actor(c, vt + 1, ce, NULL, &src) >= 0) {
                hs = 1;
                if (back_actor(c, cs, v - 1, src.code, &tgt) >= 0) ht = 1;
            }
        }
        if (!hs) {
            /* default source: the first actor in the clause before the verb,
             * else the source carried from the previous clause, else (TABARI
             * is greedy) the first actor after the verb */
            /* dyad: a compound target ("the regions of Belarus and
             * Russia") does not rule out a source sharing one member's code:
             * only that member's self-event is dropped at emit */
            const char *not = ht && (c->tabari || tgt.comp < 0) ? tgt.code : NULL;
            /* dyad: after a reporting verb ("Russia said Ukraine attacked"),
             * the subject of this verb is the actor since that verb */
            actref adj;
            if (!c->tabari && prevverb >= cs && fwd_actor(c, prevverb + 1, v - 1, not, &src) >= 0) hs = 1;
            /* dyad: an actor right before the verb, after a comma, is its
             * subject, even when a quotation or another actor opens the clause ("... fraternal
             * land for us," Aleksandr Lukashenko noted) */
            /* (Russian: whatever stands before it, "После заявления Варшавы
             * посол Польши обвинил ...": the nominative is next to its verb) */
            else if (!c->tabari && v - 1 >= cs && c->t[v - 1].type == W_ACTOR && !c->t[v - 1].sub &&
                     c->t[v - 1].comp < 0 && !after_prep(c, cs, c->t[v - 1].head) &&
                     (comma_before(c, cs, c->t[v - 1].head) || ru_word(&c->t[v])) &&
                     back_actor(c, v - 1, v - 1, not, &adj) >= 0)
                src = adj, hs = 1;
            else if (fwd_actor(c, cs, v - 1, not, &src) >= 0) hs = 1;
            else if (*have_src && (!ht || !streq(cursrc->code, tgt.code))) src = *cursrc, hs = 1;
            else if ((ht || c->tabari) && fwd_actor(c, vt + 1, ce, not, &src) >= 0) hs = 1;
        }
        if (!hs && c->opt->def_src) {
            src.code = c->opt->def_src;
            src.head = src.tail = -1;
            src.comp = -1;
            hs = 1;
        }
        if (hs && !ht && c->opt->def_tgt && c->opt->def_tgt_after && !after) {
            tgt.code = c->opt->def_tgt;
            tgt.head = tgt.tail = -1;
            tgt.comp = -1;
            ht = 1;
        }
        if (hs && !ht) {
            /* dyad: not into a Russian attribution after a comma ("Беларусь и
             * Россия заложили фундамент ..., заявил Президент Беларуси") */
            int tce = ce;
            for (int q = vt + 1; !c->tabari && q + 1 <= ce && q + 1 < c->nt; q++)
                if (c->t[q].type == W_COMMA && c->t[q + 1].type == W_VERB && c->t[q + 1].head == q + 1 &&
                    ru_inverted(c, cs, q + 1, c->t[q + 1].tail, ce)) {
                    tce = q - 1;
                    break;
                }
            int th = fwd_actor(c, vt + 1, tce, src.code, &tgt);
            /* dyad: after an active verb, an actor in a later "by" phrase
             * is a third party ("Saudi Arabia and Iran agreed to restore
             * relations in a deal brokered by China"), not the target */
            if (!c->tabari && th > vt + 1 && src.comp >= 0) {
                int p = th - 1;
                while (p > vt && c->t[p].type == W_DET) p--;
                if (c->t[p].type == W_BY) th = -1;
            }
            if (th >= 0) ht = 1;
            else {
                int h = back_actor(c, cs, v - 1, src.code, &tgt);
                if (h >= 0) {
                    ht = 1;
                    /* the only other actor is in the source's own list */
                    if (src.comp >= 0 && c->t[h].comp == src.comp) tgt = src, selfcomp = 1;
                } else if (src.comp >= 0) tgt = src, ht = 1, selfcomp = 1;
            }
        }
        if (hs && !ht && c->opt->def_tgt) {
            tgt.code = c->opt->def_tgt;
            tgt.head = tgt.tail = -1;
            tgt.comp = -1;
            ht = 1;
        }
        if (!hs || !ht) continue;
        int before = c->nev;
        if (m.comp < 0 && src.comp >= 0 && src.comp == tgt.comp && src.head >= 0) {
            /* source and target from one compound: it acts on itself */
            tgt = src;
            selfcomp = 1;
        }
        add_event(c, &src, &tgt, code, code2, flags, v, vt, clause);
        if (c->nev > before) c->ev[c->nev - 1].selfcomp = selfcomp;
        *cursrc = src;
        *have_src = 1;
        coded = 1;
        if (flags & VC_SUB) continue; /* a subordinate event does not end the clause */
        if (vb->upper) continue;      /* nor one a '~' transformation may combine */
        if (c->opt->code_mode != 2) break;
    }
    return coded;
}

/* expand an actor into codes: compound members, coded compounds A/B */
static int expand_actor(dyad_coder *c, const actref *a, actref *out, int max) {
    int n = 0;
    actref list[MAXACT];
    int nl = 0;
    if (a->comp >= 0 && a->head >= 0) {
        const compound *cp = &c->cp[a->comp];
        for (int k = 0; k < cp->n && nl < MAXACT; k++) {
            actref r;
            if (actor_at(c, cp->act[k], &r)) list[nl++] = r;
        }
        /* the agent of the first member, when it is right before the list,
         * applies only to that member (TABARI behaviour) */
    } else list[nl++] = *a;
    for (int k = 0; k < nl; k++) {
        const char *s = list[k].code;
        if (!s) continue;
        const char *p = s;
        while (*p && n < max) {
            const char *q = strchr(p, '/');
            size_t len = q ? (size_t)(q - p) : strlen(p);
            out[n] = list[k];
            out[n].code = q ? astr(c, p, len) : p;
            out[n].comp = -1;
            n++;
            if (!q) break;
            p = q + 1;
        }
    }
    return n;
}

/* "RUS@RU-BA" -> code "RUS", region "RU-BA" (region NULL when none) */
static void split_region(dyad_coder *c, const char *full, const char **code, const char **region) {
    const char *at = full ? strchr(full, '@') : NULL;
    if (!at) {
        *code = full;
        *region = NULL;
        return;
    }
    *code = astr(c, full, (size_t)(at - full));
    *region = at + 1;
}

static void emit(dyad_coder *c, const actref *s, const actref *t, const char *code, const rawev *e, int sent,
                 size_t ss, size_t se) {
    if (!code || is_null_code(code)) return;
    const char *sc, *sr, *tc, *tr;
    split_region(c, s->code, &sc, &sr);
    split_region(c, t->code, &tc, &tr);
    if (streq(sc, tc)) return; /* a region of a country acting on it is the country itself */
    /* dyad: a trip inside one's own country ("Lukashenko arrived in
     * Minsk": BLRGOV -> BLR) is not a visit between actors */
    /* ...nor is a state organ's statement about its own state ("Erdogan
     * said Ankara would...": TURGOV -> TUR 010 is the state talking about
     * itself); other domestic events stay ("the Armenian government
     * promised early elections": ARMGOV -> ARM 0344) */
    if (!c->tabari && strlen(tc) == 3 && strlen(sc) >= 6 && !strncmp(sc, tc, 3) &&
        (streq(code, "042") || streq(code, "043") ||
         (!strncmp(code, "01", 2) && (!strncmp(sc + 3, "GOV", 3) || !strncmp(sc + 3, "MIL", 3)))))
        return;
    /* the same event twice in one sentence: the sentence's events are the
     * last ones (looking further back made long articles quadratic) */
    for (int i = c->nout - 1; i >= 0 && c->out[i].sentence == sent; i--) {
        dyad_event *o = &c->out[i];
        if (streq(o->source.code, sc) && streq(o->target.code, tc) && streq(o->code, code)) return;
    }
    if (c->nout == c->capout) {
        int nc = c->capout ? c->capout * 2 : 64;
        dyad_event *no = realloc(c->out, (size_t)nc * sizeof *no);
        if (!no) return;
        c->out = no;
        c->capout = nc;
    }
    dyad_event *o = &c->out[c->nout++];
    memset(o, 0, sizeof *o);
    o->sentence = sent;
    o->sent_start = ss;
    o->sent_end = se;
    o->source.code = sc;
    o->source.region = sr;
    o->source.start = s->head >= 0 ? c->t[s->head].start : ss;
    o->source.end = s->tail >= 0 ? c->t[s->tail].end : ss;
    o->target.code = tc;
    o->target.region = tr;
    o->target.start = t->head >= 0 ? c->t[t->head].start : ss;
    o->target.end = t->tail >= 0 ? c->t[t->tail].end : ss;
    o->code = code;
    o->verb_start = c->t[e->vhead].start;
    o->verb_end = c->t[e->vtail].end;
}

/* the verb (block) that coded an event */
static const dy_verb *event_verb(const dyad_coder *c, const rawev *e) {
    const dy_verb *v = c->d->roots[c->t[e->vhead].root].verb;
    return v && v->share ? v->share : v;
}

/* bind variable x to actor a: 0 if it contradicts an earlier binding */
static int bind(char x, const actref *a, const actref **vars) {
    if (x == '.' || x == '_') return 1;
    if (vars[(unsigned char)x]) return streq(vars[(unsigned char)x]->code, a->code);
    for (int v = 'a'; v <= 'z'; v++) /* different letters, different actors */
        if (vars[v] && streq(vars[v]->code, a->code)) return 0;
    vars[(unsigned char)x] = a;
    return 1;
}

/* PETRARCH '~' transformations: an upper event (A said ...) and a lower one
 * (B attacked C) that match a rule become the rule's event; both go. */
static void apply_transforms(dyad_coder *c) {
    const dyad_dict *d = c->d;
    if (!d->ntr) return;
    int n0 = c->nev;
    for (int i = 0; i < n0; i++) {
        rawev *u = &c->ev[i];
        if (u->flags & 0x100) continue;
        const dy_verb *uv = event_verb(c, u);
        for (int k = 0; k < d->ntr && !(u->flags & 0x100); k++) {
            const dy_transform *t = &d->tr[k];
            if (t->uverb != uv || !t->lverb) continue;
            for (int j = 0; j < n0; j++) {
                rawev *l = &c->ev[j];
                if (j == i || (l->flags & 0x100) || event_verb(c, l) != t->lverb || l->vhead <= u->vhead) continue;
                const actref *vars[256] = {0};
                if (!bind(t->u, &u->src, vars)) continue;
                if (t->ls == '_' && !streq(l->src.code, u->src.code)) continue; /* no subject of its own */
                if (!bind(t->ls, &l->src, vars) || !bind(t->lt, &l->tgt, vars)) continue;
                const actref *rs = vars[(unsigned char)t->rs], *rt = vars[(unsigned char)t->rt];
                if (!rs || !rt || c->nev >= MAXEV) continue;
                rawev ne = *l;
                ne.src = *rs;
                ne.tgt = *rt;
                ne.code = streq(t->code, "Q") ? l->code : t->code;
                ne.code2 = NULL;
                ne.flags = 0;
                ne.selfcomp = 0;
                u->flags |= 0x100; /* consumed */
                l->flags |= 0x100;
                c->ev[c->nev++] = ne;
                break;
            }
        }
    }
}

static void finish_events(dyad_coder *c, int sent, size_t ss, size_t se) {
    apply_transforms(c);
    int anydom = 0, anymain = 0;
    for (int i = 0; i < c->nev; i++) {
        if (c->ev[i].flags & VC_DOM) anydom = 1;
        if (!(c->ev[i].flags & (VC_SUB | 0x100))) anymain = 1;
    }
    for (int i = 0; i < c->nev; i++) {
        rawev *e = &c->ev[i];
        if (e->flags & 0x100) continue; /* consumed by a transformation */
        if (anydom && !(e->flags & VC_DOM)) continue;
        if (anymain && (e->flags & VC_SUB)) continue;
        actref S[MAXACT], T[MAXACT];
        int ns = expand_actor(c, &e->src, S, MAXACT), nt = expand_actor(c, &e->tgt, T, MAXACT);
        if (e->selfcomp) {
            /* a compound acting on itself ("% *", or no other target):
             * each pair once, in text order; a paired code answers back */
            /* TABARI: each pair once, in text order.  dyad: the members act
             * on one another, so both directions ("Brazil and the United
             * States deepen their partnership") */
            for (int a = 0; a < ns; a++)
                for (int b = c->tabari ? a + 1 : 0; b < nt; b++) {
                    if (a == b) continue;
                    emit(c, &S[a], &T[b], e->code, e, sent, ss, se);
                    if (e->code2) emit(c, &T[b], &S[a], e->code2, e, sent, ss, se);
                }
            continue;
        }
        for (int a = 0; a < ns; a++)
            for (int b = 0; b < nt; b++) {
                emit(c, &S[a], &T[b], e->code, e, sent, ss, se);
                if (e->code2) emit(c, &T[b], &S[a], e->code2, e, sent, ss, se);
            }
    }
}

/* ------------------------------------------------------------ complexity */

static int complex_check(dyad_coder *c) {
    const dy_options *o = c->opt;
    int verbs = 0, actors = 0, prons = 0, conj = 0, firstverb = -1, actprior = 0, actafter = 0;
    for (int i = 0; i < c->nt; i++) {
        tok *t = &c->t[i];
        if (t->sub) continue;
        if (t->type == W_VERB && t->head == i) {
            verbs++;
            /* a null-coded root ("ACCORD [---]" with patterns) does not count
             * as the first verb for NOACTPRIOR/NOACTAFTER */
            const dy_verb *vb = c->d->roots[t->root].verb;
            if (firstverb < 0 && !(vb && is_null_code(vb->code) && !vb->code2)) firstverb = i;
        }
        if (t->type == W_ACTOR && t->head == i) {
            actors++;
            if (firstverb < 0) actprior = 1;
            else actafter = 1;
        }
        if (t->type == W_PRON) {
            prons++;
            if (t->ref >= 0 || t->ref == -2) { if (firstverb < 0) actprior = 1; else actafter = 1; }
        }
        if (t->type == W_CONJ && !t->keepconj) conj++;
    }
    const char *why = NULL;
    if (o->cx_verbs && verbs >= o->cx_verbs) why = "too many verbs";
    else if (o->cx_actors && actors >= o->cx_actors) why = "too many actors";
    else if (o->cx_pronouns && prons >= o->cx_pronouns) why = "too many pronouns";
    else if (o->cx_conj && conj >= o->cx_conj) why = "too many conjunctions";
    else if (o->cx_noverb && verbs == 0) why = "no verb";
    else if (o->cx_noactprior && firstverb >= 0 && !actprior && !o->def_src) why = "no actor prior to the verb";
    else if (o->cx_noactafter && firstverb >= 0 && !actafter) why = "no actor after the verb";
    else if (o->cx_lateverb && (firstverb < 0 || firstverb >= o->cx_lateverb)) why = "late verb";
    if (why) {
        c->status |= DY_ST_COMPLEX;
        snprintf(c->why, sizeof c->why, "%s", why);
        return 1;
    }
    return 0;
}

/* ------------------------------------------------------------ sentence */

static int root_dated(const dyad_coder *c, int root) {
    if (root < 0) return 0;
    const dy_root *r = &c->d->roots[root];
    for (int k = 0; k < r->ncodes; k++)
        if (r->codes[k].lo || r->codes[k].hi) return 1;
    return 0;
}

static void add_mention(dyad_coder *c, int sent, int kind, int h, int tl, const char *code, int person) {
    if (c->nmen == c->capmen) {
        int nc = c->capmen ? c->capmen * 2 : 256;
        dy_mention *nm = realloc(c->men, (size_t)nc * sizeof *nm);
        if (!nm) return;
        c->men = nm;
        c->capmen = nc;
    }
    dy_mention *m = &c->men[c->nmen++];
    m->sentence = sent;
    m->kind = kind;
    m->start = c->t[h].start;
    m->end = c->t[tl].end;
    m->code = code;
    m->person = person;
}

/* record the sentence's actors (with their agents' codes), resolved
 * pronouns and nominal references, and verbs */
static void record_mentions(dyad_coder *c, int sent) {
    for (int i = 0; i < c->nt; i++) {
        tok *t = &c->t[i];
        if (t->type == W_VERB && t->head == i) add_mention(c, sent, DY_M_VERB, i, t->tail, NULL, 0);
        else if (t->type == W_PRON) {
            actref r;
            if (actor_at(c, i, &r) && r.code) add_mention(c, sent, DY_M_PRONOUN, i, i, r.code, 0);
        } else if (t->type == W_ACTOR && t->head == i && t->code) {
            actref r;
            if (!actor_at(c, i, &r) || !r.code) continue;
            int actor_root = t->root >= 0 && c->d->roots[t->root].type == RT_ACTOR;
            add_mention(c, sent, actor_root ? DY_M_ACTOR : DY_M_NOMINAL, i, t->tail, r.code,
                        actor_root && root_dated(c, t->root));
        }
    }
}

const dy_mention *dy_coder_mentions(const dyad_coder *c, int *n) {
    *n = c->nmen;
    return c->men;
}

void dy_coder_want_mentions(dyad_coder *c, int on) { c->want_mentions = on; }

static void code_sentence(dyad_coder *c, const char *text, size_t ss, size_t se, int sent) {
    int st0 = c->status;
    c->status = 0;
    c->nev = 0;
    tokenize(c, text, ss, se);
    if (!c->nt) { c->status |= st0; return; }
    if (c->opt->min_words) {
        int words = 0;
        for (int i = 0; i < c->nt; i++) words++; /* a comma counts as a word (TABARI) */
        if (words < c->opt->min_words) { c->status |= st0; return; }
    }
    classify(c);

    if (c->opt->convert_agents) convert_agents(c);
    else if (!c->tabari) merge_titled_people(c), resolve_nominals(c), localize_agents(c);
    find_compounds(c);
    drop_comma_clauses(c);
    if (!c->tabari) keep_main_clause(c);
    if (!c->tabari) resolve_first_person(c);
    resolve_pronouns(c);
    if ((!c->tabari || c->forward) && c->prevcode[0]) {
        /* a sentence-initial pronoun with no antecedent refers back */
        /* dyad: a sentence-initial pronoun; TABARI FORWARD: any unresolved one */
        int lim = c->tabari ? c->nt : 3;
        for (int i = 0; i < c->nt && i < lim; i++) {
            tok *t = &c->t[i];
            if (t->type == W_PRON && t->ref < 0 && !t->sub) { t->ref = -2; if (!c->tabari) break; }
            if (t->type == W_ACTOR && !c->tabari) break;
        }
        /* dyad: a Russian pronoun with no actor before it in its sentence,
         * wherever it stands ("«...», — добавил он") */
        for (int i = 0; !c->tabari && i < c->nt; i++) {
            tok *t = &c->t[i];
            if (t->type == W_ACTOR) break;
            if (t->type == W_PRON && t->ref == -1 && !t->sub && ru_word(t)) t->ref = -2;
        }
    }
    if (c->want_mentions) record_mentions(c, sent);
    if (getenv("DYAD_TRACE")) {
        static const char *const names[] = {"-", "ACTOR", "AGENT", "VERB", "NOUN", "ADJ", "DET", "PRON", "CONJ",
                                            "PREP", "COMMA", "AUX", "BY", "FORMER", "NULL", "NOT"};
        for (int i = 0; i < c->nt; i++)
            fprintf(stderr, "  %2d %-14.*s %-6s%s%s h%d t%d ref%d comp%d %s\n", i, c->t[i].wl, c->t[i].w,
                    names[c->t[i].type], c->t[i].sub ? " sub" : "", c->t[i].keepconj ? " keep" : "", c->t[i].head,
                    c->t[i].tail, c->t[i].ref, c->t[i].comp, c->t[i].code ? c->t[i].code : "");
    }
    if (c->status & DY_ST_DISCARD) { c->status |= st0; return; }
    if (!(c->status & DY_ST_COMPLEX)) complex_check(c);
    if (c->status & DY_ST_COMPLEX) {
        c->status |= st0;
        return;
    }
    /* clauses */
    actref cursrc = {0};
    int have = 0, cs = 0, clause = 0;
    for (int i = 0; i <= c->nt; i++) {
        if (i == c->nt || (c->t[i].type == W_CONJ && !c->t[i].keepconj && !c->t[i].sub)) {
            int ce = i - 1;
            if (ce >= cs) {
                /* an actor right after the conjunction resets the source */
                if (clause > 0) {
                    int q = cs;
                    while (q <= ce && (c->t[q].type == W_DET || c->t[q].type == W_ADJ || c->t[q].sub)) q++;
                    if (q <= ce && is_actor_tok(c, q)) have = 0;
                }
                int got = code_clause(c, cs, ce, clause, &cursrc, &have);
                if (!got && !have) {
                    if (fwd_actor(c, cs, ce, NULL, &cursrc) >= 0) have = 1;
                }
                if (got && c->opt->code_mode == 1) break;
                if (c->status & (DY_ST_DISCARD | DY_ST_COMPLEX)) break;
            }
            cs = i + 1;
            clause++;
        }
    }
    if (c->status & (DY_ST_DISCARD | DY_ST_COMPLEX)) { c->nev = 0; c->status |= st0; return; }
    finish_events(c, sent, ss, se);
    /* two passes: roles built from actor + agent ("the President of
     * Belarus"), then people coded directly (BLRGOV for Lukashenko, also
     * inside an apposition), so a named leader outweighs a role borrowed
     * from an institution later in the sentence ("Forum of Regions of
     * Belarus and Russia") */
    if (!c->tabari)
        for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < c->nt; i++) {
            tok *t = &c->t[i];
            if (t->type != W_ACTOR || t->head != i || !t->code || t->root < 0) continue;
            if (c->d->roots[t->root].type != RT_ACTOR) continue; /* not a resolved nominal */
            if (t->sub && pass == 0) continue;
            int ah = i, at = t->tail;
            const char *ag = find_agent(c, i, t->tail, &ah, &at);
            if (ag && ag[0] == '~') { if (pass == 0) remember_nominal(c, ag, combine(c, t->code, ag)); }
            else if (pass == 1 && strlen(t->code) > 3 && isalpha((unsigned char)t->code[3])) {
                /* a leader coded BLRGOV stands for the role ~GOV */
                char role[24];
                snprintf(role, sizeof role, "~%.22s", t->code + 3);
                remember_nominal(c, role, t->code);
            }
        }
    /* remember the last actor mentioned for the next sentence's pronouns */
    if (c->tabari) {
        for (int i = 0; i < c->nt; i++)
            if (c->t[i].type == W_ACTOR && c->t[i].head == i && c->t[i].code && strlen(c->t[i].code) < sizeof c->prevcode) {
                dy_put(c->prevcode, sizeof c->prevcode, 0, c->t[i].code, (size_t)-1);
                break;
            }
    } else
    for (int i = c->nt - 1; i >= 0; i--) {
        if (c->t[i].type == W_ACTOR && !c->t[i].sub) {
            actref r;
            if (actor_at(c, c->t[i].head, &r) && r.code && strlen(r.code) < sizeof c->prevcode && !strchr(r.code, '/')) {
                /* prefer the first actor (the subject) */
                actref f;
                if (fwd_actor(c, 0, c->nt - 1, NULL, &f) >= 0 && f.code && strlen(f.code) < sizeof c->prevcode &&
                    !strchr(f.code, '/'))
                    r = f;
                dy_put(c->prevcode, sizeof c->prevcode, 0, r.code, (size_t)-1);
            }
            break;
        }
    }
    c->status |= st0;
}

/* The end of a dateline opening text[s, e): a word in capitals (a city;
 * more capital words, spaces, commas, periods allowed), then within 80 bytes
 * a dash (" - ", " -- ", " – ", " — ") after an optional date and "(Agency)".
 * Returns s when there is none. */
static size_t dateline_end(const char *text, size_t s, size_t e) {
    size_t i = s, caps = 0;
    while (i < e && ((text[i] >= 'A' && text[i] <= 'Z') || text[i] == ' ' || text[i] == '.' || text[i] == '\'' ||
                     text[i] == '-' || (unsigned char)text[i] >= 0x80)) {
        if (text[i] >= 'A' && text[i] <= 'Z') caps++;
        if (text[i] == '-' && i + 1 < e && text[i + 1] == ' ') break; /* "KYIV - ..." */
        i++;
    }
    if (caps < 3 || i >= e) return s;
    for (size_t k = s; k < i; k++)
        if (text[k] >= 'a' && text[k] <= 'z') return s; /* not all capitals */
    if (text[i] != ',' && text[i] != '(' && text[i] != '-' && text[i] != ' ') return s;
    size_t lim = i + 80 < e ? i + 80 : e;
    for (size_t k = i; k + 2 < lim; k++) {
        const unsigned char *u = (const unsigned char *)text + k;
        size_t dl = 0;
        if (u[0] == ' ' && u[1] == '-' && u[2] == ' ') dl = 3;
        else if (u[0] == ' ' && u[1] == '-' && u[2] == '-') dl = 3 + (k + 3 < e && u[3] == ' ');
        else if (u[0] == ' ' && k + 4 < e && u[1] == 0xE2 && u[2] == 0x80 && (u[3] == 0x93 || u[3] == 0x94)) dl = 4;
        if (!dl) continue;
        size_t j = k + dl;
        while (j < e && text[j] == ' ') j++;
        return j < e ? j : s;
    }
    return s;
}

/* ------------------------------------------------------------ public */

dyad_coder *dyad_coder_new(const dyad_dict *d) {
    if (!d) return NULL;
    dyad_coder *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->d = d;
    c->opt = &d->opt;
    c->t = calloc(MAXTOK + 1, sizeof *c->t);
    c->cp = calloc(MAXTOK / 2 + 1, sizeof *c->cp);
    if (!c->t || !c->cp) {
        dyad_coder_free(c);
        return NULL;
    }
    return c;
}

void dyad_coder_free(dyad_coder *c) {
    if (!c) return;
    free(c->t);
    free(c->cp);
    free(c->out);
    free(c->men);
    arena_reset(c);
    free(c->arena);
    free(c->fold);
    free(c->sp);
    free(c);
}

void dy_coder_set_tabari(dyad_coder *c, int on) { c->tabari = on; }
void dy_coder_forward(dyad_coder *c, int on) {
    if (!on) c->prevcode[0] = 0;
    c->forward = on;
}
int dy_coder_status(const dyad_coder *c) { return c->status; }
int dy_coder_sentences(const dyad_coder *c) { return c->nsent; }

const dyad_span *dy_coder_spans(const dyad_coder *c, const char *text, size_t n, size_t *ns) {
    if (!c || !c->have_sp || c->text != text || c->textlen != n) return NULL;
    *ns = c->nsp;
    return c->sp;
}
const char *dy_coder_why(const dyad_coder *c) { return c->why; }
void dy_coder_set_options(dyad_coder *c, const dy_options *o) { c->opt = o ? o : &c->d->opt; }

int dyad_code_text(dyad_coder *c, const char *text, size_t n, const char *date, int one_sentence,
                   const dyad_event **events) {
    c->nout = 0;
    c->status = 0;
    c->why[0] = 0;
    if (!c->forward) c->prevcode[0] = 0;
    c->date = dy_date_int(date);
    arena_reset(c);
    if (!c->d->compiled) return DYAD_EARG;
    c->nsent = 0;
    c->nmen = 0;
    c->text = text;
    c->nnominal = 0;
    c->textlen = n;
    c->have_sp = 0;
    if (one_sentence) {
        c->nsent = 1;
        code_sentence(c, text, 0, n, 0);
    } else {
        size_t ns = dy_split_into(text, n, &c->sp, &c->capsp);
        if (ns == (size_t)-1) return DYAD_ENOMEM;
        c->nsp = ns;
        c->have_sp = 1;
        for (size_t i = 0; i < ns; i++) {
            size_t st = c->sp[i].start;
            /* dyad: a wire dateline ("MINSK, June 28 (BelTA) - ...", "KYIV (Reuters) --")
             * names where the story was filed, not an actor of its first sentence */
            if (i == 0 && !c->tabari) st = dateline_end(text, st, c->sp[0].end);
            code_sentence(c, text, st, c->sp[i].end, (int)i);
        }
        if (c->status & DY_ST_DISCARD_STORY) c->nout = 0; /* a story-level discard drops the article */
        c->nsent = (int)ns;
    }
    *events = c->out;
    return c->nout;
}
