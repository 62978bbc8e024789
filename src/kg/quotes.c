/* quotes.c — quotations with their speakers; people and organisations.
 *
 * GDELT's GKG lists quotations without speakers; dyad names them.
 *
 * Quotations.  Marks: "straight", “curly”, „low“, «guillemets».  An opening
 * mark starts a quotation; the matching closer ends it (a straight " also
 * closes a curly one: real copy mixes them).  A paragraph that ends inside
 * a quotation continues it when the next paragraph opens with a quotation
 * mark (the newspaper convention); otherwise the quotation ends with the
 * paragraph.  A quotation that opens inside a sentence ("called it “a
 * fraternal land”") is partial.
 *
 * Speakers.  An attribution verb (said, noted, stressed, told, added,
 * according to, ...) within a few words after the closing mark — "…,” the
 * Belarusian leader noted", "…," said Lavrov — or before the opening mark
 * — "Lavrov said: “…”", "According to Lavrov, “…”" — and the actor, pronoun
 * or nominal reference next to it.  The coder has already resolved those
 * ("the Belarusian leader" -> BLRGOV, "he" -> the last actor), so the
 * speaker's code is the coder's; the speaker's name is the person the
 * article names with that code (Aleksandr Lukashenko), else the words
 * themselves.  A capitalized name next to the verb that no dictionary
 * knows is a speaker too ("Jeffrey Kupfer said").  A quotation with no
 * attribution of its own right after a quotation in the same paragraph
 * ("“…,” he said. “…”") continues it and is joined to it.
 *
 * People: the coder's actors whose dictionary entry is dated (leaders),
 * and unknown names after a title ("Deputy Secretary of Energy Jeffrey
 * Kupfer": the last two capitalized words after the title run) or before an
 * attribution verb; grouped by surname, the longest form is the name.
 * Organisations: the coder's actors with an organisation code (IGO, NGO,
 * MNC, BUS, MED, PTY, EDU ...) and capitalized runs containing an
 * organisation word (Ministry, Council, Forum, Bank, Party ...). */
#include "kg/kg.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const SAYVERBS[] = {
    "said", "says", "say", "noted", "notes", "stressed", "stresses", "told", "tells", "added", "adds", "stated",
    "states", "declared", "declares", "emphasized", "emphasised", "emphasizes", "emphasises", "underlined",
    "underscored", "explained", "explains", "announced", "remarked", "warned", "warns", "insisted", "insists",
    "argued", "argues", "claimed", "claims", "asserted", "observed", "continued", "concluded", "wrote", "writes",
    "tweeted", "asked", "asks", "replied", "answered", "recalled", "admitted", "acknowledged", "urged", "pointed",
    "commented", "confirmed", "reported", "assured", "believes", "stressing", "noting", "adding", "saying",
    /* Russian: past tense (masculine, feminine, plural) and present */
    "заявил", "заявила", "заявили", "сказал", "сказала", "сказали", "отметил", "отметила", "отметили",
    "подчеркнул", "подчеркнула", "подчеркнули", "добавил", "добавила", "добавили", "сообщил", "сообщила",
    "сообщили", "пояснил", "пояснила", "пояснили", "уточнил", "уточнила", "написал", "написала", "напомнил",
    "напомнила", "заверил", "заверила", "предупредил", "предупредила", "ответил", "ответила", "констатировал",
    "указал", "указала", "рассказал", "рассказала", "признал", "признала", "считает", "говорит", "заявляет",
    "отмечает", "подчеркивает", "утверждает", "полагает", "убежден", "убеждена", NULL};
static const char *const TITLES[] = {
    "president", "prime", "minister", "secretary", "deputy", "chancellor", "king", "queen", "prince", "princess",
    "sheikh", "emir", "general", "gen", "colonel", "col", "major", "lieutenant", "lt", "admiral", "spokesman",
    "spokeswoman", "spokesperson", "ambassador", "senator", "sen", "governor", "gov", "mayor", "mr", "mrs", "ms",
    "dr", "pope", "patriarch", "chairman", "chairwoman", "chair", "director", "commander", "chief", "head",
    "leader", "speaker", "envoy", "representative", "rep", "judge", "justice", "premier", "vice", "foreign",
    "defence", "defense", "interior", "finance", "trade", "energy", "economy", "health", "first", "chief",
    "executive", "ceo", "founder", "professor", "prof", "archbishop", "bishop", "cardinal", "rabbi", "imam",
    "ayatollah", "sergeant", "sgt", "captain", "capt", "officer", "official", "minister", "mp", NULL};
static const char *const ORGWORDS[] = {
    "ministry", "council", "committee", "forum", "bank", "company", "corporation", "corp", "agency", "university",
    "party", "organisation", "organization", "association", "commission", "parliament", "assembly", "court",
    "fund", "institute", "group", "service", "office", "department", "army", "forces", "front", "movement",
    "network", "news", "union", "federation", "alliance", "league", "society", "academy", "foundation",
    "authority", "board", "bureau", "cabinet", "congress", "senate", "duma", "inc", "ltd", "llc", "plc", "ag",
    "gmbh", "airlines", "railways", "times", "post", "tribune", "herald", "guardian", "telegraph", "press",
    "reuters", "tass", "belta", "interfax", "ria", "xinhua", "navy", "guard", "brigade", "battalion", "militia",
    "police", "church", "mission", "centre", "center", "school", "club", NULL};
static const char *const CONNECT[] = {"of", "for", "and", "the", "on", "de", "du", "des", "al", NULL};
static const char *const NAMEPART[] = {"van", "von", "de", "da", "di", "bin", "ibn", "al", "el", "la", "le", "der", NULL};


static void add_entity(dy_kg_doc *doc, int org, char *name, const char *code, size_t st, size_t en, int known);

/* ------------------------------------------------------------ quote marks */

enum { Q_NONE = 0, Q_OPEN, Q_CLOSE, Q_BOTH };

/* mark at text[i]: its kind and byte length */
static int qmark(const char *text, size_t n, size_t i, int *len) {
    unsigned char c = (unsigned char)text[i];
    *len = 1;
    if (c == '"') return Q_BOTH;
    if (c == 0xC2 && i + 1 < n) {
        *len = 2;
        if ((unsigned char)text[i + 1] == 0xAB) return Q_OPEN;  /* « */
        if ((unsigned char)text[i + 1] == 0xBB) return Q_CLOSE; /* » */
    }
    if (c == 0xE2 && i + 2 < n && (unsigned char)text[i + 1] == 0x80) {
        *len = 3;
        unsigned char d = (unsigned char)text[i + 2];
        if (d == 0x9C) return Q_BOTH;  /* “ opens, or closes after „ */
        if (d == 0x9D) return Q_CLOSE; /* ” */
        if (d == 0x9E) return Q_OPEN;  /* „ */
    }
    return Q_NONE;
}

/* token index of the first token starting at or after byte b */
#define tok_at kg_tok_first

/* a mention (actor, nominal, pronoun) covering or starting in [a, b) */
static const dy_mention *mention_in(const kg_scratch *s, size_t a, size_t b, int last) {
    const dy_mention *found = NULL;
    for (int i = kg_men_first(s, a); i < s->nmen && s->men[i].start < b; i++) {
        const dy_mention *m = &s->men[i];
        if (m->kind == DY_M_VERB || !m->code) continue;
        if (!last) return m;
        found = m;
    }
    return found;
}

/* the article's person with this code (the named one), else NULL */
static const kg_entity *person_with(const dy_kg_doc *doc, const char *code) {
    if (!code) return NULL;
    for (int i = 0; i < doc->n_persons; i++)
        if (doc->persons[i].code && !strcmp(doc->persons[i].code, code)) return &doc->persons[i];
    return NULL;
}

static const kg_entity *person_at(const dy_kg_doc *doc, size_t st, size_t en) {
    /* a person whose first mention text overlaps [st, en), or with that surname */
    for (int i = 0; i < doc->n_persons; i++) {
        const kg_entity *p = &doc->persons[i];
        const char *sur = strrchr(p->name, ' ');
        sur = sur ? sur + 1 : p->name;
        size_t sl = strlen(sur);
        for (size_t k = st; k + sl <= en; k++)
            if (!memcmp(doc->text + k, sur, sl) && (k + sl == en || !isalpha((unsigned char)doc->text[k + sl])))
                return p;
    }
    return NULL;
}

/* capitalized run of words ending right before token v (or starting at v) */
static int cap_run(const kg_scratch *s, int a, int dir, int *lo, int *hi) {
    int i = a, n = 0;
    while (i >= 0 && i < s->nt && s->t[i].cap && s->t[i].alpha && n < 4 && s->t[i].sentence == s->t[a].sentence) {
        n++;
        i += dir;
    }
    if (!n) return 0;
    if (dir < 0) *lo = i + 1, *hi = a;
    else *lo = a, *hi = i - 1;
    return n;
}

/* a word in capitals (МИД, NATO) */
static int acronym(const char *text, const kg_tok *t) {
    const unsigned char *p = (const unsigned char *)text + t->start, *e = (const unsigned char *)text + t->end;
    int letters = 0;
    while (p < e) {
        if (*p < 0x80) {
            if (islower(*p)) return 0;
            letters += isupper(*p) != 0;
            p++;
        } else if (p + 1 < e && ((p[0] == 0xD0 && p[1] >= 0x90 && p[1] <= 0xAF) || (p[0] == 0xD0 && p[1] == 0x81))) {
            letters++;
            p += 2;
        } else if (dy_cyr_lead(p[0])) {
            return 0; /* a lowercase Russian letter */
        } else {
            p++;
        }
    }
    return letters >= 2;
}

static void set_speaker(dy_kg_doc *doc, kg_quote *q, const kg_scratch *s, size_t a, size_t b, int verb_tok,
                        int verb_words, int from_end) {
    const dy_mention *m = mention_in(s, a, b, from_end);
    const kg_entity *p = NULL;
    if (m) {
        q->speaker_code = m->code;
        q->sp_start = m->start, q->sp_end = m->end;
        p = person_at(doc, m->start, m->end);
        if (!p && !(m->kind == DY_M_ACTOR && m->person)) p = person_with(doc, m->code);
        if (p && p->code) q->speaker_code = p->code;
        q->speaker = p ? strdup(p->name) : kg_clean(doc->text, m->start, m->end);
    } else {
        /* an unknown capitalized name next to the verb */
        int lo, hi, v = verb_tok;
        int ok = from_end ? cap_run(s, v - 1, -1, &lo, &hi) : cap_run(s, v + verb_words, 1, &lo, &hi);
        /* "по словам главы МИД Сергея Лаврова": titles before the name */
        for (int k = 1; !ok && !from_end && k <= 4 && v + verb_words + k < s->nt; k++)
            ok = cap_run(s, v + verb_words + k, 1, &lo, &hi);
        if (ok && !from_end) {
            while (hi >= lo && s->t[hi].end > b) hi--; /* not into the quotation */
            while (lo < hi && acronym(doc->text, &s->t[lo])) lo++; /* МИД, UN: not the name */
            ok = hi >= lo;
        }
        if (!ok && from_end == 0) ok = cap_run(s, v - 1, -1, &lo, &hi);
        if (!ok || s->t[lo].start < a || s->t[hi].end > b + 64) return;
        q->sp_start = s->t[lo].start, q->sp_end = s->t[hi].end;
        p = person_at(doc, q->sp_start, q->sp_end);
        q->speaker = p ? strdup(p->name) : kg_clean(doc->text, q->sp_start, q->sp_end);
        if (p) q->speaker_code = p->code;
        else if (hi > lo) add_entity(doc, 0, kg_clean(doc->text, q->sp_start, q->sp_end), NULL, q->sp_start, q->sp_end, 0);
    }
    int vw = verb_words;
    q->verb = kg_clean(doc->text, s->t[verb_tok].start, s->t[verb_tok + vw - 1].end);
}

/* find an attribution verb in tokens [a, b): index and words, or -1 */
static int find_verb(const kg_scratch *s, int a, int b, int *words) {
    for (int i = a; i < b && i < s->nt; i++) {
        if ((kg_tok_is(&s->t[i], "according") && i + 1 < s->nt && kg_tok_is(&s->t[i + 1], "to")) ||
            (kg_tok_is(&s->t[i], "по") && i + 1 < s->nt && kg_tok_is(&s->t[i + 1], "словам"))) {
            *words = 2; /* according to X, по словам X */
            return i;
        }
        if (kg_tok_in(SAYVERBS, &s->t[i])) {
            *words = 1;
            if (kg_tok_is(&s->t[i], "pointed") && i + 1 < s->nt && kg_tok_is(&s->t[i + 1], "out")) *words = 2;
            return i;
        }
    }
    return -1;
}

static void attribute(dy_kg_doc *doc, const kg_scratch *s, kg_quote *q, size_t open, size_t close_end) {
    int words;
    /* after: up to 8 words of the same sentence/paragraph after the close */
    int a = tok_at(s, close_end);
    int last = a - 1; /* the quotation's last word: the attribution is in its paragraph */
    int para = last >= 0 ? s->t[last].para : -1;
    int lim = a + 8 < s->nt ? a + 8 : s->nt;
    for (int i = a; i < lim; i++) {
        int opens = 0; /* a new quotation opens before this word */
        for (size_t k = i > 0 ? s->t[i - 1].end : 0; k < s->t[i].start && !opens; k++)
            { int mk = k >= close_end ? qmark(doc->text, doc->len, k, &words) : Q_NONE; opens = mk == Q_OPEN || mk == Q_BOTH; }
        if (s->t[i].para != para || opens) {
            lim = i;
            break;
        }
    }
    /* stop at the end of the sentence the attribution is in; a stop right
     * after the closing mark ("«…». Путин отметил") ends it at once */
    for (size_t k = close_end; a < s->nt && k < s->t[a].start; k++)
        if (doc->text[k] == '.' || doc->text[k] == '!' || doc->text[k] == '?') { lim = a; break; }
    for (int i = a + 1; i < lim; i++)
        for (size_t k = s->t[i - 1].end; k < s->t[i].start; k++)
            if (doc->text[k] == '.' || doc->text[k] == '!' || doc->text[k] == '?') { lim = i; break; }
    int v = find_verb(s, a, lim, &words);
    if (v >= 0) {
        size_t from = s->t[a].start, to = s->t[lim - 1 < a ? a : lim - 1].end;
        /* speaker before the verb ("the Belarusian leader noted"), else after ("said Lavrov") */
        if (v > a && mention_in(s, from, s->t[v].start, 1))
            set_speaker(doc, q, s, from, s->t[v].start, v, words, 1);
        else if (v > a && cap_run(s, v - 1, -1, &(int){0}, &(int){0}))
            set_speaker(doc, q, s, from, s->t[v].start, v, words, 1);
        else
            set_speaker(doc, q, s, s->t[v].end, to, v, words, 0);
        if (q->speaker) return;
        /* a speaker no dictionary knows: the words next to the verb ("…," the
         * GUR military intelligence agency said / said a ministry spokesman) */
        int lo = v > a ? a : v + words, hi = v > a ? v : lim; /* [lo, hi) */
        if (lo < hi && hi - lo <= 7) {
            if (kg_tok_is(&s->t[lo], "the") && hi - lo > 1) lo++;
            q->speaker = kg_clean(doc->text, s->t[lo].start, s->t[hi - 1].end);
            q->sp_start = s->t[lo].start, q->sp_end = s->t[hi - 1].end;
            free(q->verb);
            q->verb = kg_clean(doc->text, s->t[v].start, s->t[v + words - 1].end);
            return;
        }
    }
    /* before: the words of the sentence before the opening mark */
    int b = tok_at(s, open);
    int st = b;
    while (st > 0 && b - st < 12 && s->t[st - 1].para == (b < s->nt ? s->t[b].para : -1)) {
        int stop = 0;
        for (size_t k = s->t[st - 1].end; k < (st < s->nt ? s->t[st].start : open); k++)
            if (doc->text[k] == '.' || doc->text[k] == '!' || doc->text[k] == '?') stop = 1;
        if (stop) break;
        st--;
    }
    v = find_verb(s, st, b, &words);
    if (v >= 0) {
        if (words == 2) /* according to X */
            set_speaker(doc, q, s, s->t[v].end, open, v, words, 0);
        else
            set_speaker(doc, q, s, s->t[st].start, s->t[v].start, v, words, 1);
    }
}

void kg_quotes(const dy_kg *kg, kg_scratch *s, dy_kg_doc *doc) {
    const char *text = doc->text;
    size_t n = doc->len;
    for (size_t i = 0; i < n; i++) {
        int ml, k = qmark(text, n, i, &ml);
        if (k != Q_OPEN && k != Q_BOTH) continue;
        /* an opener stands at a word's start: after space, start, or ( [ — */
        if (k == Q_BOTH && i > 0) {
            unsigned char p = (unsigned char)text[i - 1];
            if (!(p == ' ' || p == '\n' || p == '\t' || p == '(' || p == '[' || p == 0x94 || p == 0x93 || p == ':'))
                continue;
        }
        size_t open = i, inner = i + (size_t)ml, j = inner, close = 0, close_end = 0;
        size_t segs[8][2];
        int nseg = 0;
        size_t seg_start = inner;
        while (j < n && j - open < 20000) {
            int l2, k2 = qmark(text, n, j, &l2);
            if ((k2 == Q_CLOSE || k2 == Q_BOTH) && j > inner) {
                close = j, close_end = j + (size_t)l2;
                break;
            }
            if (text[j] == '\n') {
                /* paragraph end inside the quotation */
                size_t q = j;
                while (q < n && (text[q] == '\n' || text[q] == ' ' || text[q] == '\r' || text[q] == '\t')) q++;
                int l3, k3 = q < n ? qmark(text, n, q, &l3) : Q_NONE;
                int blank = 0;
                for (size_t z = j + 1; z < q; z++) blank |= text[z] == '\n';
                if (!blank && q < n && k3 == Q_NONE) { j++; continue; } /* a wrapped line */
                if (k3 == Q_OPEN || k3 == Q_BOTH) {
                    if (nseg < 8) segs[nseg][0] = seg_start, segs[nseg][1] = j, nseg++;
                    seg_start = q + (size_t)l3;
                    j = seg_start;
                    continue;
                }
                close = j, close_end = j;
                break;
            }
            j++;
        }
        if (!close) break;
        if (nseg < 8) segs[nseg][0] = seg_start, segs[nseg][1] = close, nseg++;
        /* trim and measure */
        size_t is = segs[0][0], ie = segs[nseg - 1][1];
        while (is < ie && (text[is] == ' ' || text[is] == '\n')) is++;
        /* the comma before an attribution is not part of what was said */
        while (ie > is && (text[ie - 1] == ',' || text[ie - 1] == ' ' || text[ie - 1] == '\n')) ie--;
        if (nseg == 1) segs[0][1] = ie;
        else segs[nseg - 1][1] = ie;
        int words = 0;
        for (int t = tok_at(s, is); t < s->nt && s->t[t].end <= ie; t++) words++;
        i = close_end ? close_end - 1 : close;
        if (words < 2) continue; /* a 'scare quote' or a title, not a quotation */
        /* partial: text of the same sentence before the opening mark */
        int partial = 0;
        for (size_t z = open; z > 0; z--) {
            char ch = text[z - 1];
            if (ch == '.' || ch == '\n' || ch == '!' || ch == '?') break;
            if (ch != ' ' && ch != ':' && ch != ',') { partial = 1; break; }
        }
        kg_quote q;
        memset(&q, 0, sizeof q);
        q.start = is;
        q.last_end = ie;
        q.end = segs[0][1];
        q.parts = 1;
        q.partial = partial;
        q.sentence = tok_at(s, is) < s->nt ? s->t[tok_at(s, is)].sentence : 0;
        /* text: the segments joined */
        size_t cap = 1;
        for (int g = 0; g < nseg; g++) cap += segs[g][1] - segs[g][0] + 1;
        q.text = malloc(cap);
        if (!q.text) return;
        q.text[0] = 0;
        for (int g = 0; g < nseg; g++) {
            char *c = kg_clean(text, segs[g][0], segs[g][1]);
            if (!c) break;
            if (g) strcat(q.text, " ");
            strcat(q.text, c);
            free(c);
        }
        attribute(doc, s, &q, open, close_end);
        /* a name in quotation marks ("под маркой «Сделано в Беларуси»",
         * "under the slogan 'Peace now'") is nobody's words */
        static const char *const NAMING[] = {"маркои", "названием", "лозунгом", "брендом", "девизом", "слоганом",
                                             "названия", "slogan", "brand", "label", "title", "motto", NULL};
        int bt = tok_at(s, open);
        int naming = bt > 0 && bt <= s->nt && kg_tok_in(NAMING, &s->t[bt - 1]);
        if (!q.speaker && partial && !naming) {
            /* "Macron called the attack 'an act of terror'": the sentence's subject */
            size_t ss = 0;
            for (size_t z = open; z > 0; z--)
                if (text[z - 1] == '.' || text[z - 1] == '\n' || text[z - 1] == '!' || text[z - 1] == '?') { ss = z; break; }
            const dy_mention *m = mention_in(s, ss, open, 0);
            int vt = m ? tok_at(s, m->end) : s->nt;
            if (m && vt < s->nt && s->t[vt].end <= open) set_speaker(doc, &q, s, ss, open, vt, 1, 0);
        }
        /* a continuation: no attribution, same paragraph as the previous
         * quotation, nothing but its attribution in between */
        if (!q.speaker && doc->n_quotes) {
            kg_quote *pq = &doc->quotes[doc->n_quotes - 1];
            int pt = tok_at(s, pq->last_end), qt = tok_at(s, is);
            int same_para = pt < s->nt && qt < s->nt && s->t[pt].para == s->t[qt].para;
            if (same_para && pq->speaker && !partial) {
                size_t pl = strlen(pq->text), ql = strlen(q.text);
                char *jt = realloc(pq->text, pl + ql + 2);
                if (jt) {
                    jt[pl] = ' ';
                    memcpy(jt + pl + 1, q.text, ql + 1);
                    pq->text = jt;
                    pq->parts++;
                    pq->last_end = ie;
                }
                free(q.text);
                continue;
            }
            if (pq->speaker && qt < s->nt && pt < s->nt && s->t[qt].para - s->t[pt].para <= 1 && !partial) {
                q.speaker = strdup(pq->speaker);
                q.speaker_code = pq->speaker_code;
            }
        }
        int qi = KG_ADD(doc, quotes);
        if (qi < 0) { free(q.text); free(q.speaker); free(q.verb); return; }
        doc->quotes[qi] = q;
    }
    (void)kg;
}

/* ------------------------------------------------------------ entities */

static const char *surname(const char *name) {
    const char *sp = strrchr(name, ' ');
    return sp ? sp + 1 : name;
}

static void add_entity(dy_kg_doc *doc, int org, char *name, const char *code, size_t st, size_t en, int known) {
    if (!name) return;
    if (!name[0] || strlen(name) > 200) { free(name); return; }
    kg_entity *v = org ? doc->orgs : doc->persons;
    int n = org ? doc->n_orgs : doc->n_persons;
    if (n >= KG_MAX_ENTITIES) { free(name); return; }
    for (int i = 0; i < n; i++) {
        int same = org ? !strcmp(v[i].name, name) : !strcmp(surname(v[i].name), surname(name));
        if (!same) continue;
        v[i].count++;
        if (strlen(name) > strlen(v[i].name)) { free(v[i].name); v[i].name = name; } else free(name);
        if (!v[i].code && code) v[i].code = code;
        v[i].known |= known;
        return;
    }
    int k = org ? KG_ADD(doc, orgs) : KG_ADD(doc, persons);
    if (k < 0) { free(name); return; }
    kg_entity *e = org ? &doc->orgs[k] : &doc->persons[k];
    e->name = name, e->code = code, e->start = st, e->end = en, e->count = 1, e->known = known;
}

static int org_code(const char *code) {
    static const char *const P[] = {"IGO", "NGO", "NGM", "MNC", "IMG", NULL};
    static const char *const S[] = {"BUS", "MED", "PTY", "EDU", "NGO", "IGO", "MNC", "JUD", "LEG", NULL};
    if (!code || strlen(code) < 3) return 0;
    for (int i = 0; P[i]; i++)
        if (!strncmp(code, P[i], 3)) return 1;
    size_t n = strlen(code);
    if (n >= 6)
        for (int i = 0; S[i]; i++)
            if (!strcmp(code + n - 3, S[i])) return 1;
    return 0;
}

/* an organisation's name: two or more words, capitalized (not "Belarusian
 * companies") */
static int named_org(const kg_scratch *s, size_t st, size_t en) {
    int n = 0;
    for (int i = tok_at(s, st); i < s->nt && s->t[i].end <= en; i++) {
        if (!s->t[i].cap && !kg_tok_in(CONNECT, &s->t[i])) return 0;
        n++;
    }
    return n >= 2 || (n == 1 && en - st >= 2 && en - st <= 6); /* NATO, OSCE */
}

static int is_place_span(const dy_kg_doc *doc, size_t st, size_t en) {
    int i = kg_lm_first(doc, st + 1); /* a place mention covering it starts at or before st */
    for (int k = i - 1; k >= 0 && k >= i - 4; k--)
        if (doc->lms[k].start <= st && en <= doc->lms[k].end) return 1;
    return 0;
}

void kg_entities(const dy_kg *kg, kg_scratch *s, dy_kg_doc *doc) {
    const kg_tok *t = s->t;
    /* known people and organisations from the coder */
    for (int i = 0; i < s->nmen; i++) {
        const dy_mention *m = &s->men[i];
        if (m->kind != DY_M_ACTOR) continue;
        if (kg_is_person(kg, doc->text, m)) {
            /* extend a surname to a first name before it ("Aleksandr Lukashenko") */
            size_t st = m->start;
            int ti = tok_at(s, st);
            int one_word = ti + 1 >= s->nt || t[ti + 1].start >= m->end;
            if (one_word && ti > 0 && !(ti > 1 && kg_tok_is(&t[ti - 2], "of")) && t[ti - 1].cap && t[ti - 1].alpha && !kg_tok_in(TITLES, &t[ti - 1]) &&
                t[ti - 1].sentence == t[ti].sentence && t[ti].start - t[ti - 1].end == 1 &&
                !is_place_span(doc, t[ti - 1].start, t[ti - 1].end) && mention_in(s, t[ti - 1].start, t[ti - 1].end, 0) == NULL)
                st = t[ti - 1].start;
            /* "Russian President Vladimir Putin": the name follows the last title */
            for (int k = tok_at(s, st); k < s->nt && t[k].end <= m->end; k++)
                if (kg_tok_in(TITLES, &t[k]) && k + 1 < s->nt && t[k + 1].end <= m->end) st = t[k + 1].start;
            /* "Президент Беларуси Александр Лукашенко": nor a place or a
             * lowercase word before the name */
            for (int k = tok_at(s, st); k + 1 < s->nt && t[k + 1].end <= m->end; k++) {
                if (!(kg_country_word(kg, t, k) || !t[k].cap)) break;
                st = t[k + 1].start;
            }
            add_entity(doc, 0, kg_clean(doc->text, st, m->end), m->code, st, m->end, 1);
        } else if (org_code(m->code) && named_org(s, m->start, m->end)) {
            add_entity(doc, 1, kg_clean(doc->text, m->start, m->end), m->code, m->start, m->end, 1);
        }
    }
    /* unknown people after a title, and capitalized runs with an organisation word */
    for (int i = 0; i < s->nt; i++) {
        if (!t[i].cap || !t[i].alpha) continue;
        int j = i, orgw = 0, lastcap = i;
        while (j + 1 < s->nt && t[j + 1].sentence == t[i].sentence && t[j + 1].start - t[j].end <= 2 &&
               (t[j + 1].cap || (kg_tok_in(CONNECT, &t[j + 1]) && j + 2 < s->nt && t[j + 2].cap))) {
            int gapok = 1;
            for (size_t k = t[j].end; k < t[j + 1].start; k++)
                if (doc->text[k] != ' ' && doc->text[k] != '-' && doc->text[k] != '.') gapok = 0;
            if (!gapok) break;
            j++;
            if (t[j].cap) lastcap = j;
        }
        j = lastcap;
        for (int k = i; k <= j; k++) orgw |= kg_tok_in(ORGWORDS, &t[k]);
        int first = i == 0 || t[i - 1].sentence != t[i].sentence;
        if (orgw && j > i) {
            int st = i;
            if (first && !kg_tok_in(ORGWORDS, &t[i]) && t[i].key[0] == 't' && kg_tok_is(&t[i], "the")) st++;
            if (st < j && !is_place_span(doc, t[st].start, t[j].end))
                add_entity(doc, 1, kg_clean(doc->text, t[st].start, t[j].end), NULL, t[st].start, t[j].end, 0);
        } else if (kg_tok_in(TITLES, &t[i]) && j > i) {
            /* title run: the name is the last two capitalized words */
            int nlo = j - 1;
            if (nlo > i && kg_tok_in(NAMEPART, &t[nlo - 1])) nlo--;
            if (nlo <= i) nlo = i + 1;
            if (kg_tok_in(TITLES, &t[nlo]) || kg_tok_in(TITLES, &t[j]) || kg_tok_in(ORGWORDS, &t[j])) { i = j; continue; }
            int known = 0;
            for (int m = kg_men_first(s, t[nlo].start); m > 0 && m < s->nmen + 1 && !known; m--) {
                /* the mention before t[nlo] may reach into it */
                const dy_mention *x = &s->men[m - 1];
                if (x->end <= t[nlo].start) break;
                known = x->kind != DY_M_VERB;
            }
            for (int m = kg_men_first(s, t[nlo].start); m < s->nmen && s->men[m].start < t[j].end && !known; m++)
                known = s->men[m].kind != DY_M_VERB;
            if (!known && !is_place_span(doc, t[nlo].start, t[j].end))
                add_entity(doc, 0, kg_clean(doc->text, t[nlo].start, t[j].end), NULL, t[nlo].start, t[j].end, 0);
        }
        i = j;
    }
    (void)kg;
}
