/* kg.c — the knowledge-graph pass over one article, event locations, JSON.
 *
 * Words: runs of letters and digits (any script); "1,500" and "3.5" are one
 * number; everything else separates words.  Sentences are the coder's
 * (dyad_split_sentences); paragraphs end at a blank line or at a line break
 * followed by an indent or an opening quotation mark.
 *
 * Event locations (GDELT's ActionGeo, with the rule stated): the place named
 * in the event's sentence nearest to its verb, a city, subdivision or
 * region before a country ("sentence"); else the dateline's place
 * ("MINSK, June 28 (BelTA) -- ...", "dateline"); else the country of the
 * source actor, then of the target ("actor"). */
#include "kg/kg.h"
#include <stdint.h>
#include "dict/dict.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <libstemmer.h>
#include <utf8proc.h>

int kg_push(void **v, int *n, int *cap, size_t sz) {
    if (*n == *cap) {
        int nc = *cap ? *cap * 2 : 16;
        void *nv = realloc(*v, (size_t)nc * sz);
        if (!nv) return -1;
        *v = nv;
        *cap = nc;
    }
    memset((char *)*v + (size_t)*n * sz, 0, sz);
    return (*n)++;
}

char *kg_clean(const char *text, size_t s, size_t e) {
    char *o = malloc(e - s + 1);
    if (!o) return NULL;
    size_t k = 0;
    int sp = 0;
    for (size_t i = s; i < e; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t') { sp = k > 0; continue; }
        if (sp) o[k++] = ' ', sp = 0;
        o[k++] = (char)ch;
    }
    o[k] = 0;
    return o;
}

int kg_tok_is(const kg_tok *t, const char *w) { return t->key[0] == w[0] && !strcmp(t->key, w); }

size_t kg_first_at(const void *base, size_t n, size_t size, size_t off, size_t pos) {
    const char *b = base;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t m = (lo + hi) / 2, v;
        memcpy(&v, b + m * size + off, sizeof v);
        if (v < pos) lo = m + 1;
        else hi = m;
    }
    return lo;
}

int kg_in_list(const char *const *l, const char *word) { return dy_in_list(l, word, strlen(word)); }

/* A person: the coder's actor with a dated dictionary entry (a leader),
 * unless its words name a country, subdivision or city of 100,000 or more
 * (dictionaries date "Moscow" = RUSGOV too). */
int kg_is_person(const dy_kg *kg, const char *text, const dy_mention *m) {
    if (m->kind != DY_M_ACTOR || !m->person) return 0;
    /* seats of government the dictionaries date like office holders */
    static const char *const SEATS[] = {"kremlin", "white house", "pentagon", "elysee", "downing street", "whitehall",
                                        "blue house", "zhongnanhai", "quai d orsay", "capitol hill", "foggy bottom",
                                        "knesset", "bundestag", "duma", "rada", "palace", NULL};
    char key[256];
    size_t n = m->end - m->start;
    if (n > 2 && text[m->start + n - 2] == '\'' && (text[m->start + n - 1] | 32) == 's') n -= 2; /* Moscow's */
    else if (n > 4 && !memcmp(text + m->start + n - 4, "\xe2\x80\x99s", 4)) n -= 4;
    size_t kl = dy_gaz_key(text + m->start, n, key, sizeof key);
    if (kg_in_list(SEATS, key)) return 0;
    if (!kg->gaz) return 1;
    const gz_name *nm;
    size_t nn = kl ? dy_gaz_find(kg->gaz, dy_hash64(key, kl), &nm) : 0;
    /* Russian names are GeoNames' alternate names, and declined (Москве) */
    int cyr = kl && dy_cyr_lead((unsigned char)key[0]);
    uint64_t h2;
    if (!nn && cyr && !memchr(key, ' ', kl) && (h2 = kg_ru_name(kg, key, kl)) != 0) nn = dy_gaz_find(kg->gaz, h2, &nm);
    for (size_t i = 0; i < nn; i++) {
        const gz_place *p = dy_gaz_place(kg->gaz, nm[i].place);
        if (p && (nm[i].kind != GZN_ALT || cyr) && (p->type != GZ_CITY || p->population >= 100000)) return 0;
    }
    return 1;
}

uint32_t kg_actor_country(const dy_kg *kg, const char *code) {
    if (!code || strlen(code) < 3) return GZ_NONE;
    int a = code[0] - 'A', b = code[1] - 'A', c = code[2] - 'A';
    if (a < 0 || a > 25 || b < 0 || b > 25 || c < 0 || c > 25) return GZ_NONE;
    return kg->iso3_place[(a * 26 + b) * 26 + c];
}

/* ------------------------------------------------------------ resources */

static void afinn_put(dy_kg *kg, const char *key, size_t kl, int sc) {
    uint64_t h = dy_hash64(key, kl) | 1;
    size_t i = h & kg->afinn_mask;
    while (kg->afinn[i].h && kg->afinn[i].h != h) i = (i + 1) & kg->afinn_mask;
    if (kg->afinn[i].h) return; /* the first entry of a word or stem wins */
    kg->afinn[i].h = h;
    kg->afinn[i].score = (int8_t)sc;
    dy_hbits_add(&kg->afinn_bits, h);
}

/* The Snowball stem of a folded Russian word, marked with a leading \1 so
 * that a stem never meets a whole word in the table; 0 when none. */
size_t kg_ru_stem(struct sb_stemmer *st, const char *key, size_t kl, char *out, size_t cap) {
    if (!st || !kl || kl >= 128) return 0;
    const sb_symbol *r = sb_stemmer_stem(st, (const sb_symbol *)key, (int)kl);
    int n = r ? sb_stemmer_length(st) : 0;
    if (n <= 0 || (size_t)n + 2 > cap) return 0;
    out[0] = 1;
    memcpy(out + 1, r, (size_t)n);
    out[n + 1] = 0;
    return (size_t)n + 1;
}

/* Tone lexicons: AFINN-165 (English) and the Russian AFINN list.  English
 * entries match the folded word; Russian ones also match through Snowball's
 * Russian stemmer, so "отстаивали" in the list scores "отстаивает" in the
 * text.  Untranslated English lines in the Russian list are left out. */
static void load_afinn(dy_kg *kg) {
    const struct dy_data_file *files[2] = {dy_data_find("afinn-165.txt"), dy_data_find("afinn-ru.txt")};
    size_t n = 0;
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; files[k] && i < files[k]->len; i++) n += files[k]->bytes[i] == '\n';
    if (!n) return;
    size_t cap = 1;
    while (cap < n * 4 + 16) cap <<= 1; /* words and stems */
    kg->afinn = calloc(cap, sizeof *kg->afinn);
    if (!kg->afinn) return;
    kg->afinn_mask = cap - 1;
    struct sb_stemmer *st = files[1] ? sb_stemmer_new("russian", "UTF_8") : NULL;
    for (int k = 0; k < 2; k++) {
        const struct dy_data_file *f = files[k];
        if (!f) continue;
        for (const char *p = f->bytes, *end = f->bytes + f->len; p < end;) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            if (!nl) nl = end;
            const char *tab = memchr(p, '\t', (size_t)(nl - p));
            if (tab && (k == 0 || (unsigned char)p[0] >= 0x80)) {
                char key[128], stem[130];
                size_t kl = dy_gaz_key(p, (size_t)(tab - p), key, sizeof key);
                int sc = atoi(tab + 1);
                if (kl) afinn_put(kg, key, kl, sc);
                const char *sp = kl ? memchr(key, ' ', kl) : NULL;
                if (sp) {
                    uint64_t fh = (dy_hash64(key, (size_t)(sp - key)) | 1) & 4095;
                    kg->afinn_first[fh >> 6] |= 1ULL << (fh & 63);
                }
                size_t sl = k == 1 && !memchr(key, ' ', kl) ? kg_ru_stem(st, key, kl, stem, sizeof stem) : 0;
                if (sl > 3) afinn_put(kg, stem, sl, sc); /* stems of 2+ letters */
            }
            p = nl + 1;
        }
    }
    if (st) sb_stemmer_delete(st);
    kg->have_afinn = 1;
}

dy_kg *dy_kg_new(const char *gazpath, int require_gaz, char *err, size_t errlen) {
    dy_kg *kg = calloc(1, sizeof *kg);
    if (!kg) { snprintf(err, errlen, "out of memory"); return NULL; }
    err[0] = 0;
    char pb[4096];
    if (!gazpath) gazpath = dy_gaz_default_path(pb, sizeof pb);
    kg->gaz = dy_gaz_open(gazpath, err, errlen);
    if (!kg->gaz && require_gaz) { free(kg); return NULL; }
    for (size_t i = 0; i < sizeof kg->iso3_place / sizeof kg->iso3_place[0]; i++) kg->iso3_place[i] = GZ_NONE;
    if (kg->gaz) {
        /* the countries through the index's ISO 3166-1 alpha-2 table: 676
         * slots, not a walk over 142,685 places (a quarter of start-up) */
        for (int ci = 0; ci < 26 * 26; ci++) {
            char cc[3] = {(char)('A' + ci / 26), (char)('A' + ci % 26), 0};
            uint32_t i = dy_gaz_country(kg->gaz, cc);
            const gz_place *p = i == GZ_NONE ? NULL : dy_gaz_place(kg->gaz, i);
            if (!p || p->type != GZ_COUNTRY) continue;
            int a = p->iso3[0] - 'A', b = p->iso3[1] - 'A', c = p->iso3[2] - 'A';
            if (a < 0 || a > 25 || b < 0 || b > 25 || c < 0 || c > 25) continue;
            kg->iso3_place[(a * 26 + b) * 26 + c] = i;
        }
    }
    load_afinn(kg);
    const struct dy_data_file *th = dy_data_find("themes.txt");
    if (th) {
        char e2[512];
        kg->themes = dy_issues_load_buffer("data/themes.txt", th->bytes, th->len, NULL, e2, sizeof e2);
        if (!kg->themes && !err[0]) snprintf(err, errlen, "%s", e2);
    }
    return kg;
}

void dy_kg_free(dy_kg *kg) {
    if (!kg) return;
    dy_gaz_close(kg->gaz);
    dy_issues_free(kg->themes);
    free(kg->afinn);
    free(kg);
}

const dy_gaz *dy_kg_gazetteer(const dy_kg *kg) { return kg->gaz; }

dy_kg_doc *dy_kg_doc_new(void) {
    dy_kg_doc *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->scratch = calloc(1, sizeof(kg_scratch));
    if (!d->scratch) { free(d); return NULL; }
    return d;
}

static void doc_clear(dy_kg_doc *d) {
    for (int i = 0; i < d->n_persons; i++) free(d->persons[i].name);
    for (int i = 0; i < d->n_orgs; i++) free(d->orgs[i].name);
    for (int i = 0; i < d->n_quotes; i++) free(d->quotes[i].text), free(d->quotes[i].speaker), free(d->quotes[i].verb);
    for (int i = 0; i < d->n_themes; i++) free(d->themes[i].theme);
    d->n_locs = d->n_lms = d->n_persons = d->n_orgs = d->n_quotes = d->n_themes = d->n_amounts = d->n_dates = 0;
    d->n_evlocs = 0;
    memset(&d->tone, 0, sizeof d->tone);
    d->dateline = GZ_NONE;
    d->dateline_lm = -1;
}

void dy_kg_doc_free(dy_kg_doc *d) {
    if (!d) return;
    doc_clear(d);
    kg_scratch *s = d->scratch;
    if (s) free(s->t), free(s->own), free(s);
    free(d->locs), free(d->lms), free(d->persons), free(d->orgs), free(d->quotes), free(d->themes);
    free(d->amounts), free(d->dates), free(d->evlocs);
    free(d);
}

/* ------------------------------------------------------------ words */

static int is_word_cp(utf8proc_int32_t cp) {
    if (cp < 0x80) return (cp >= '0' && cp <= '9') || ((cp | 32) >= 'a' && (cp | 32) <= 'z');
    utf8proc_category_t cat = utf8proc_category(cp);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
           (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) ||
           (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

static int tokenize(kg_scratch *s, const char *text, size_t n) {
    s->nt = 0;
    size_t si = 0;
    int para = 0;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) { i++; continue; }
        if (cp == '\n') {
            /* a blank line, or a new line opening with an indent or a quote, starts a paragraph */
            size_t j = i + 1;
            while (j < n && (text[j] == ' ' || text[j] == '\r' || text[j] == '\t')) j++;
            if (j < n && (text[j] == '\n' || j > i + 1 || text[j] == '"' || (unsigned char)text[j] == 0xE2 ||
                          (unsigned char)text[j] == 0xC2))
                para++;
            i++;
            continue;
        }
        if (!is_word_cp(cp)) { i += (size_t)k; continue; }
        size_t st = i;
        int num = cp >= '0' && cp <= '9', alpha = !num;
        int cap = cp < 0x80 ? (cp >= 'A' && cp <= 'Z') : utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
        i += (size_t)k;
        while (i < n) {
            utf8proc_int32_t c2;
            utf8proc_ssize_t k2 = utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(n - i), &c2);
            if (k2 <= 0) break;
            if (is_word_cp(c2)) {
                if (!(c2 >= '0' && c2 <= '9')) alpha = 1;
                i += (size_t)k2;
                continue;
            }
            /* 1,500 and 3.5 */
            if (num && (c2 == ',' || c2 == '.') && i + 1 < n && text[i + 1] >= '0' && text[i + 1] <= '9') {
                i++;
                continue;
            }
            break;
        }
        if (s->nt == s->cap) {
            int nc = s->cap ? s->cap * 2 : 1024;
            kg_tok *nt = realloc(s->t, (size_t)nc * sizeof *nt);
            if (!nt) return -1;
            s->t = nt;
            s->cap = nc;
        }
        kg_tok *t = &s->t[s->nt++];
        t->start = st, t->end = i;
        while (si + 1 < s->nsent && st >= s->sent[si].end) si++;
        t->sentence = (int)si;
        t->para = para;
        t->cap = (uint8_t)cap, t->num = (uint8_t)num, t->alpha = (uint8_t)alpha;
        t->klen = (uint8_t)dy_gaz_key(text + st, i - st, t->key, sizeof t->key);
        t->kh = dy_hash64(t->key, t->klen) | 1;
    }
    return 0;
}

static int split(kg_scratch *s, const dyad_coder *c, const char *text, size_t n) {
    size_t ns;
    const dyad_span *done = dy_coder_spans(c, text, n, &ns); /* the coder's, when it split this text */
    if (!done) {
        if ((ns = dy_split_into(text, n, &s->own, &s->capown)) == (size_t)-1) return -1;
        done = s->own;
    }
    s->sent = done, s->nsent = ns;
    return 0;
}

/* ------------------------------------------------------------ events */

static int specific(const gz_place *p) { return p->type != GZ_COUNTRY; }

static void locate_events(const dy_kg *kg, dy_kg_doc *doc, const dyad_event *ev, int nev) {
    for (int i = 0; i < nev; i++) {
        int k = KG_ADD(doc, evlocs);
        if (k < 0) return;
        kg_evloc *el = &doc->evlocs[k];
        el->place = GZ_NONE;
        if (!kg->gaz) continue;
        size_t best = (size_t)-1;
        int bestspec = -1;
        size_t verb = ev[i].verb_start;
        for (int m = kg_lm_first(doc, ev[i].sent_start); m < doc->n_lms && doc->lms[m].start < ev[i].sent_end; m++) {
            const kg_locmention *lm = &doc->lms[m];
            if (m == doc->dateline_lm) continue; /* the dateline is not what the sentence says */
            if (lm->start < ev[i].sent_start || lm->end > ev[i].sent_end) continue;
            const gz_place *p = dy_gaz_place(kg->gaz, lm->place);
            if (!p) continue;
            size_t d = lm->start > verb ? lm->start - verb : verb - lm->start;
            int sp = specific(p);
            if (sp > bestspec || (sp == bestspec && d < best)) best = d, bestspec = sp, el->place = lm->place;
        }
        if (el->place != GZ_NONE) { el->rule = KG_RULE_SENTENCE; continue; }
        if (doc->dateline != GZ_NONE) { el->place = doc->dateline, el->rule = KG_RULE_DATELINE; continue; }
        uint32_t c = kg_actor_country(kg, ev[i].source.code);
        if (c == GZ_NONE && ev[i].target.code) c = kg_actor_country(kg, ev[i].target.code);
        if (c != GZ_NONE) el->place = c, el->rule = KG_RULE_ACTOR;
    }
}

int dy_kg_analyze(const dy_kg *kg, const dyad_coder *c, const char *text, size_t n, const char *date,
                  const dyad_event *ev, int nev, dy_kg_doc *doc) {
    doc_clear(doc);
    doc->text = text;
    doc->len = n;
    doc->date = dy_date_int(date);
    kg_scratch *s = doc->scratch;
    if (split(s, c, text, n) || tokenize(s, text, n)) return DYAD_ENOMEM;
    s->men = c ? dy_coder_mentions(c, &s->nmen) : NULL;
    if (!c) s->nmen = 0;
    if (kg->gaz) kg_places(kg, s, doc);
    kg_entities(kg, s, doc);
    kg_quotes(kg, s, doc);
    kg_measures(kg, s, doc);
    locate_events(kg, doc, ev, nev);
    return 0;
}

/* ------------------------------------------------------------ JSON */

static void jstr(FILE *f, const char *s, size_t n) { dy_json_str(f, s, n, 0); }
static void js(FILE *f, const char *s) {
    if (!s) fputs("null", f);
    else jstr(f, s, strlen(s));
}

const char *dy_kg_rule_name(int rule) {
    static const char *const r[] = {"none", "sentence", "dateline", "actor"};
    return rule >= 0 && rule <= 3 ? r[rule] : "none";
}
const char *dy_kg_type_name(int type) {
    static const char *const t[] = {"", "country", "adm1", "city", "region"};
    return type >= 0 && type <= 4 ? t[type] : "";
}

const char *dy_kg_full_name(const dy_kg *kg, uint32_t place, char *buf, size_t cap) {
    buf[0] = 0;
    const gz_place *p = kg->gaz ? dy_gaz_place(kg->gaz, place) : NULL;
    if (!p) return buf;
    size_t o = (size_t)snprintf(buf, cap, "%s", dy_gaz_str(kg->gaz, p->name));
    if (p->type != GZ_COUNTRY && p->type != GZ_ADM1 && p->adm1 != GZ_NONE) {
        const gz_place *a = dy_gaz_place(kg->gaz, p->adm1);
        if (a && o < cap) o += (size_t)snprintf(buf + o, cap - o, ", %s", dy_gaz_str(kg->gaz, a->name));
    }
    if (p->type != GZ_COUNTRY && p->cc[0]) {
        char cc[3] = {p->cc[0], p->cc[1], 0};
        const gz_place *c = dy_gaz_place(kg->gaz, dy_gaz_country(kg->gaz, cc));
        if (c && o < cap) snprintf(buf + o, cap - o, ", %s", dy_gaz_str(kg->gaz, c->name));
    }
    return buf;
}

static void place_fields(FILE *f, const dy_kg *kg, const gz_place *p) {
    fputs("\"name\":", f);
    js(f, dy_gaz_str(kg->gaz, p->name));
    fprintf(f, ",\"type\":\"%s\",\"country\":", dy_kg_type_name(p->type));
    if (p->cc[0]) fprintf(f, "\"%.2s\"", p->cc);
    else fputs("null", f);
    fputs(",\"adm1\":", f);
    if (p->adm1code[0]) fprintf(f, "\"%.2s-%.4s\"", p->cc, p->adm1code);
    else fputs("null", f);
    if (p->hascoord) fprintf(f, ",\"lat\":%.4f,\"lon\":%.4f", p->lat, p->lon);
    else fputs(",\"lat\":null,\"lon\":null", f);
    fputs(",\"geonameid\":", f);
    if (p->geonameid) fprintf(f, "%u", p->geonameid);
    else fputs("null", f);
}

int dy_kg_write_place_json(FILE *f, const dy_kg *kg, uint32_t place, int rule) {
    const gz_place *p = kg->gaz ? dy_gaz_place(kg->gaz, place) : NULL;
    if (!p) return fputs("null", f) < 0 ? -1 : 0;
    fputc('{', f);
    place_fields(f, kg, p);
    fprintf(f, ",\"rule\":\"%s\"}", dy_kg_rule_name(rule));
    return ferror(f) ? -1 : 0;
}

static void entities(FILE *f, const char *key, const kg_entity *e, int n) {
    fprintf(f, ",\"%s\":[", key);
    for (int i = 0; i < n; i++) {
        fputs(i ? ",{\"name\":" : "{\"name\":", f);
        js(f, e[i].name);
        fputs(",\"code\":", f);
        js(f, e[i].code);
        fprintf(f, ",\"count\":%d,\"known\":%s,\"start\":%zu,\"end\":%zu}", e[i].count, e[i].known ? "true" : "false",
                e[i].start, e[i].end);
    }
    fputc(']', f);
}

int dy_kg_write_json(FILE *f, const dy_kg *kg, const dyad_article *a, const dy_kg_doc *d) {
    fputs("{\"article\":", f);
    js(f, a->id);
    fputs(",\"date\":", f);
    if (a->date[0]) js(f, a->date);
    else fputs("null", f);
    fputs(",\"title\":", f);
    js(f, a->title);
    entities(f, "persons", d->persons, d->n_persons);
    entities(f, "organizations", d->orgs, d->n_orgs);
    fputs(",\"locations\":[", f);
    for (int i = 0; i < d->n_locs; i++) {
        const gz_place *p = dy_gaz_place(kg->gaz, d->locs[i].place);
        if (!p) continue;
        fputs(i ? ",{" : "{", f);
        place_fields(f, kg, p);
        fputs(",\"text\":", f);
        jstr(f, d->text + d->locs[i].start, d->locs[i].end - d->locs[i].start);
        fprintf(f, ",\"count\":%d,\"start\":%zu,\"end\":%zu}", d->locs[i].count, d->locs[i].start, d->locs[i].end);
    }
    fputs("],\"quotes\":[", f);
    for (int i = 0; i < d->n_quotes; i++) {
        const kg_quote *q = &d->quotes[i];
        fputs(i ? ",{\"text\":" : "{\"text\":", f);
        js(f, q->text);
        fputs(",\"speaker\":", f);
        js(f, q->speaker);
        fputs(",\"speaker_code\":", f);
        js(f, q->speaker_code);
        fputs(",\"verb\":", f);
        js(f, q->verb);
        fprintf(f, ",\"parts\":%d,\"partial\":%s,\"start\":%zu,\"end\":%zu}", q->parts, q->partial ? "true" : "false",
                q->start, q->last_end);
    }
    fputs("],\"tone\":", f);
    if (d->tone.available)
        fprintf(f,
                "{\"tone\":%.4f,\"positive\":%.4f,\"negative\":%.4f,\"polarity\":%.4f,\"activity\":%.4f,"
                "\"selfgroup\":%.4f,\"words\":%d}",
                d->tone.tone, d->tone.positive, d->tone.negative, d->tone.polarity, d->tone.activity, d->tone.selfgroup,
                d->tone.words);
    else
        fputs("null", f);
    fputs(",\"themes\":[", f);
    for (int i = 0; i < d->n_themes; i++) {
        fputs(i ? ",{\"theme\":" : "{\"theme\":", f);
        js(f, d->themes[i].theme);
        fprintf(f, ",\"count\":%d,\"start\":%zu,\"end\":%zu}", d->themes[i].count, d->themes[i].start, d->themes[i].end);
    }
    fputs("],\"amounts\":[", f);
    for (int i = 0; i < d->n_amounts; i++) {
        const kg_amount *m = &d->amounts[i];
        fputs(i ? ",{\"text\":" : "{\"text\":", f);
        jstr(f, d->text + m->start, m->end - m->start);
        fprintf(f, ",\"value\":%.15g,\"unit\":", m->value);
        if (m->unit[0]) js(f, m->unit);
        else fputs("null", f);
        fputs(",\"object\":", f);
        if (m->object[0]) js(f, m->object);
        else fputs("null", f);
        fprintf(f, ",\"start\":%zu,\"end\":%zu}", m->start, m->end);
    }
    fputs("],\"dates\":[", f);
    for (int i = 0; i < d->n_dates; i++) {
        const kg_date *m = &d->dates[i];
        fputs(i ? ",{\"text\":" : "{\"text\":", f);
        jstr(f, d->text + m->start, m->end - m->start);
        fputs(",\"date\":", f);
        if (m->date[0]) js(f, m->date);
        else fputs("null", f);
        fprintf(f, ",\"start\":%zu,\"end\":%zu}", m->start, m->end);
    }
    fputs("]}\n", f);
    return ferror(f) ? -1 : 0;
}
