/* sentence.c — sentence splitting over raw bytes.
 *
 * One forward pass; every decision looks at most a bounded distance back
 * (the word before a period, <= 24 bytes) and forward only over the
 * whitespace/opening quotes that follow a stop, so the whole split is linear
 * and safe on arbitrary bytes (invalid UTF-8 is treated as opaque non-space).
 *
 * A sentence ends
 *  - at a blank line (newline, optional horizontal space, newline), always;
 *  - after a run of stops (. ! ? … and fullwidth ！？。) plus any closing quotes
 *    or brackets (" ' ” ’ » › ) ] }), when whitespace follows and the next
 *    character after that whitespace and any opening quotes either is an
 *    opening quote, an uppercase ASCII letter, a digit, or a non-ASCII letter
 *    that is not lowercase (Cyrillic capitals, CJK, …; decided by utf8proc).
 *
 * A lone period after a known word refines that rule:
 *  - titles and Latin shorthands (Mr. Dr. Gen. Sen. e.g. vs. …) never end a
 *    sentence: "Gen. Smith", "e.g. The Hague";
 *  - "weak" abbreviations (months, Inc. Corp. Co. Jr. No. etc.), dotted
 *    acronyms (U.S. U.N. p.m.) and single-letter initials (A. Lukashenko,
 *    George W. Bush) end a sentence only before an opening quote or a word that
 *    typically starts one ("The", "He", "But", …), and never before a digit
 *    ("Jan. 5", "No. 3").  So "U.S. President" stays one sentence while
 *    "... in the U.S. The talks ..." splits.
 * Spans exclude surrounding whitespace (ASCII space and U+00A0).
 */
#include "dyad.h"
#include "dyad_internal.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define NONE SIZE_MAX

/* Bytes of whitespace at s[i] (ASCII or U+00A0), else 0. */
static size_t ws_len(const unsigned char *s, size_t n, size_t i) {
    unsigned char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') return 1;
    if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xA0) return 2;
    return 0;
}

static int at3(const unsigned char *s, size_t n, size_t i, unsigned a, unsigned b, unsigned c) {
    return i + 2 < n && s[i] == a && s[i + 1] == b && s[i + 2] == c;
}

/* Sentence-final punctuation: . ! ? … and fullwidth 。！？ */
static size_t term_len(const unsigned char *s, size_t n, size_t i) {
    unsigned char c = s[i];
    if (c == '.' || c == '!' || c == '?') return 1;
    if (c == 0xE2 && at3(s, n, i, 0xE2, 0x80, 0xA6)) return 3;
    if (c == 0xE3 && at3(s, n, i, 0xE3, 0x80, 0x82)) return 3;
    if (c == 0xEF && (at3(s, n, i, 0xEF, 0xBC, 0x81) || at3(s, n, i, 0xEF, 0xBC, 0x9F))) return 3;
    return 0;
}

/* Closing quotes and brackets that may follow a stop. */
static size_t closer_len(const unsigned char *s, size_t n, size_t i) {
    unsigned char c = s[i];
    if (c == '"' || c == '\'' || c == ')' || c == ']' || c == '}') return 1;
    if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xBB) return 2; /* » */
    if (c == 0xE2 && (at3(s, n, i, 0xE2, 0x80, 0x9D) || at3(s, n, i, 0xE2, 0x80, 0x99) ||
                      at3(s, n, i, 0xE2, 0x80, 0xBA))) return 3; /* ” ’ › */
    return 0;
}

/* Opening quotes and brackets that may precede a sentence's first word. */
static size_t opener_len(const unsigned char *s, size_t n, size_t i) {
    unsigned char c = s[i];
    if (c == '"' || c == '\'' || c == '`' || c == '(' || c == '[') return 1;
    if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xAB) return 2; /* « */
    if (c == 0xE2 && (at3(s, n, i, 0xE2, 0x80, 0x9C) || at3(s, n, i, 0xE2, 0x80, 0x98) ||
                      at3(s, n, i, 0xE2, 0x80, 0x9E) || at3(s, n, i, 0xE2, 0x80, 0xB9))) return 3; /* “ ‘ „ ‹ */
    return 0;
}

/* Unicode category of the (valid) code point at s[i]; -1 when invalid. */
static int cat_at(const unsigned char *s, size_t n, size_t i, size_t *len) {
    utf8proc_int32_t cp;
    size_t avail = n - i < 4 ? n - i : 4;
    utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)avail, &cp);
    if (k <= 0) return -1;
    if (len) *len = (size_t)k;
    return (int)utf8proc_category(cp);
}

/* Could s[j] begin a new sentence? */
static int starts_sentence(const unsigned char *s, size_t n, size_t j) {
    unsigned char c = s[j];
    if (c >= 'A' && c <= 'Z') return 1;
    if (c >= '0' && c <= '9') return 1;
    if (c < 0x80) return 0;
    switch (cat_at(s, n, j, NULL)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
        return 1;
    default:
        return 0;
    }
}

static int in_list(const char *const *list, const unsigned char *w, size_t len) {
    return dy_in_list(list, (const char *)w, len);
}

/* Never end a sentence after these (the period is part of the word). */
static const char *const strong_abbr[] = {
    "Mr", "Mrs", "Ms", "Messrs", "Mme", "Mlle", "Dr", "Drs", "Prof", "Gen", "Gens", "Col", "Lt", "Maj", "Capt",
    "Sgt", "Cpl", "Pvt", "Adm", "Cmdr", "Brig", "Sen", "Sens", "Rep", "Reps", "Gov", "Pres", "Rev", "Hon",
    "Fr", "St", "Mt", "Supt", "Insp", "vs", "Vs", "e.g", "i.e", "E.g", "I.e", "cf", "viz", "approx",
    /* Russian: т.е. (that is), т.к., т.н. (so-called), им. (named after), ул.
     * (street), просп., пер., ст. (article), проф., акад., ген., зам., напр. */
    "т.е", "т.к", "т.н", "им", "ул", "просп", "пер", "пр", "ст", "проф", "акад", "ген", "зам", "напр", "англ",
    "нач", "тов", "гр", "св", "корп", "кв", "оз", NULL};

/* End a sentence after these only before a typical sentence starter. */
static const char *const weak_abbr[] = {
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Inc", "Corp",
    "Ltd", "Co", "Cos", "Bros", "Jr", "Sr", "No", "Nos", "Dept", "Univ", "Assn", "etc", "al", "est",
    /* Russian: г. (year, city), гг., т.д., т.п., др. (and others), см., млн.,
     * млрд., тыс., руб., обл., с./д./р./п. (village, house, river, settlement) */
    "г", "гг", "т.д", "т.п", "др", "см", "млн", "млрд", "тыс", "руб", "долл", "обл", "коп", "ч", "мин", "с", "д",
    "р", "п", "х", "пос", NULL};

/* Words that usually begin a sentence (checked after weak abbreviations). */
static const char *const starters[] = {
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "But", "And", "Or", "In", "On", "At",
    "This", "That", "These", "Those", "There", "His", "Her", "Its", "Their", "Our", "My", "However",
    "Meanwhile", "When", "While", "If", "As", "After", "Before", "Since", "Although", "Also", "So", "Yet",
    "Then", "Now", "What", "Why", "How", "Who", "Where", "Some", "Many", "Most", "All", "Both", "Earlier",
    "Later", "Last", "According",
    "В", "Во", "На", "По", "С", "Со", "К", "О", "Об", "У", "Из", "За", "До", "Для", "При", "После", "Как", "Это",
    "Этот", "Эта", "Эти", "Он", "Она", "Они", "Мы", "Я", "Но", "И", "А", "Также", "Однако", "Кроме", "Ранее",
    "Между", "Тем", "Так", "Если", "Когда", "Сейчас", "Сегодня", "Вчера", "Позже", "Затем", "Несмотря", "Что",
    "Там", "Здесь", "Все", "Среди", "По", NULL};

enum { ABBR_NONE, ABBR_STRONG, ABBR_WEAK };

static int is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* a Russian letter (2 bytes, U+0400-04FF) at s[i] */
static int cyr_at(const unsigned char *s, size_t n, size_t i) {
    return i + 1 < n && dy_cyr_lead(s[i]) && (s[i + 1] & 0xC0) == 0x80;
}

/* Classify the word ending just before the period at s[p]. */
static int classify(const unsigned char *s, size_t n, size_t p) {
    size_t b = p;
    while (b > 0 && p - b < 24) {
        unsigned char c = s[b - 1];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') break;
        if (c == 0xA0 && b >= 2 && s[b - 2] == 0xC2) break;
        b--;
    }
    if (b > 0 && p - b >= 24) {
        unsigned char c = s[b - 1];
        if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0xA0))
            return ABBR_NONE; /* a long token: not an abbreviation */
    }
    size_t k;
    while (b < p && (k = opener_len(s, p, b)) > 0) b += k;
    if (b >= p) return ABBR_NONE;
    const unsigned char *w = s + b;
    size_t len = p - b;
    if (in_list(strong_abbr, w, len)) return ABBR_STRONG;
    if (in_list(weak_abbr, w, len)) return ABBR_WEAK;
    /* single-letter initial: "A." or a single uppercase non-ASCII letter */
    if (len == 1 && w[0] >= 'A' && w[0] <= 'Z') return ABBR_WEAK;
    if (w[0] >= 0x80) {
        size_t cl = 0;
        int cat = cat_at(s, n, b, &cl);
        if (cl == len && (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT)) return ABBR_WEAK;
    }
    /* dotted acronym: letter (. letter)+ as in U.S, U.N, p.m, J.R.R */
    if (len >= 3 && len % 2 == 1) {
        int ok = 1;
        for (size_t i = 0; i < len && ok; i++) ok = (i % 2 == 0) ? is_alpha(w[i]) : w[i] == '.';
        if (ok) return ABBR_WEAK;
    }
    /* Russian initials: А.Г (of "А.Г. Лукашенко"), В.В */
    if (len >= 5 && len % 3 == 2) {
        int ok = 1;
        for (size_t i = 0; i < len && ok; i += 3) ok = cyr_at(w, len, i) && (i + 2 >= len || w[i + 2] == '.');
        if (ok) return ABBR_WEAK;
    }
    return ABBR_NONE;
}

/* Is the word at s[j] a typical sentence starter (and not an initial)? */
static int starter_at(const unsigned char *s, size_t n, size_t j) {
    size_t e = j;
    for (;;) {
        if (e < n && is_alpha(s[e])) e++;
        else if (cyr_at(s, n, e)) e += 2;
        else break;
        if (e - j >= 24) return 0;
    }
    if (e == j || (e < n && (is_alpha(s[e]) || cyr_at(s, n, e) || s[e] == '.'))) return 0;
    return in_list(starters, s + j, e - j);
}

/* After a stop run ending at k (closers included; whitespace follows), does
 * a new sentence begin?  p = the stop's position, lone_dot = the run was a
 * single '.' directly after a word. */
static int breaks_after(const unsigned char *s, size_t n, size_t p, size_t k, int lone_dot) {
    size_t j = k, w, o;
    int opened = 0;
    while (j < n && (w = ws_len(s, n, j)) > 0) j += w;
    while (j < n && (o = opener_len(s, n, j)) > 0) { j += o; opened = 1; }
    if (j >= n) return 1;
    int cls = lone_dot ? classify(s, n, p) : ABBR_NONE;
    if (cls == ABBR_STRONG) return 0;
    if (opened) return 1;
    if (cls == ABBR_WEAK) {
        if (s[j] >= '0' && s[j] <= '9') return 0;
        return starter_at(s, n, j);
    }
    return starts_sentence(s, n, j);
}

static void emit(dyad_span *out, size_t max, size_t *count, size_t start, size_t end) {
    if (start == NONE || end <= start) return;
    if (out && *count < max) {
        out[*count].start = start;
        out[*count].end = end;
    }
    (*count)++;
}

/* bytes that may begin a space, a stop or a closer (ws_len, term_len): the
 * others are skipped a run at a time */
static const unsigned char SPECIAL[256] = {['.'] = 1, ['!'] = 1, ['?'] = 1, [0xC2] = 1, [0xE2] = 1, [0xE3] = 1,
                                           [0xEF] = 1};

size_t dyad_split_sentences(const char *text, size_t n, dyad_span *out, size_t max) {
    const unsigned char *s = (const unsigned char *)text;
    size_t count = 0, start = NONE, last = 0, i = 0;
    if (!s) return 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c == '\n') {
            size_t j = i + 1;
            while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r' || s[j] == '\v' || s[j] == '\f')) j++;
            if (j < n && s[j] == '\n') { /* blank line: paragraph break */
                emit(out, max, &count, start, last);
                start = NONE;
                i = j + 1;
            } else {
                i = j;
            }
            continue;
        }
        if (c > ' ' && !SPECIAL[c]) { /* a run of plain word bytes (most of the text) */
            if (start == NONE) start = i;
            do i++;
            while (i < n && s[i] > ' ' && !SPECIAL[s[i]]);
            last = i;
            continue;
        }
        size_t w = ws_len(s, n, i);
        if (w) { i += w; continue; }
        if (start == NONE) start = i;
        size_t t = term_len(s, n, i);
        if (!t) { last = ++i; continue; }

        size_t k = i;
        int nstops = 0, only_dots = 1;
        while (k < n && (t = term_len(s, n, k)) > 0) {
            if (s[k] != '.') only_dots = 0;
            k += t;
            nstops++;
        }
        int closed = 0;
        while (k < n && (t = closer_len(s, n, k)) > 0) { k += t; closed = 1; }
        last = k;
        if (k >= n || !ws_len(s, n, k)) { i = k; continue; } /* "3.5", "U.S.-led", end of text */
        int lone_dot = nstops == 1 && only_dots && !closed && i > 0 && !ws_len(s, n, i - 1);
        if (breaks_after(s, n, i, k, lone_dot)) {
            emit(out, max, &count, start, last);
            start = NONE;
        }
        i = k;
    }
    emit(out, max, &count, start, last);
    return count;
}

size_t dy_split_into(const char *text, size_t n, dyad_span **buf, size_t *cap) {
    if (!*cap) {
        if (!(*buf = malloc(256 * sizeof **buf))) return (size_t)-1;
        *cap = 256;
    }
    size_t ns = dyad_split_sentences(text, n, *buf, *cap);
    if (ns > *cap) {
        dyad_span *nb = realloc(*buf, ns * sizeof *nb);
        if (!nb) return (size_t)-1;
        *buf = nb, *cap = ns;
        ns = dyad_split_sentences(text, n, *buf, *cap);
    }
    return ns;
}
