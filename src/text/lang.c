/* lang.c — which language an article is written in, from its text alone.
 *
 * Method (no network, no model files): letters are counted by script; text
 * that is mostly Cyrillic is Russian unless letters that Russian lacks say
 * Ukrainian (і ї є ґ) or Belarusian (ў, і without и); Latin text is scored by
 * the share of its words that are among the most frequent function words of
 * English and of the other common Latin-script news languages, and the best
 * share wins when it is clear.  Short texts (under about 12 words) and
 * undecided ones give "" (unknown), so that a page's declared language can
 * decide instead (see io/html.c).
 *
 * The word lists below are function words (articles, prepositions,
 * pronouns, auxiliaries): facts about each language, written for dyad. */
#include "dyad_internal.h"
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum { L_EN, L_DE, L_FR, L_ES, L_IT, L_PT, L_NL, L_PL, L_TR, NLAT };
static const char *const LAT_CODE[NLAT] = {"en", "de", "fr", "es", "it", "pt", "nl", "pl", "tr"};
/* The most frequent function words of each language (bit i: LAT_CODE[i]),
 * sorted by bytes, looked up by hash (dy_table_find). */
typedef struct {
    const char *w;
    unsigned mask;
} fword;
static const fword FWORDS[] = {
    {",", 256}, {"a", 37}, {"aan", 64}, {"after", 1}, {"al", 24}, {"ale", 128}, {"als", 66}, {"ama", 256},
    {"an", 3}, {"anche", 16}, {"and", 1}, {"ao", 32}, {"are", 1}, {"as", 33}, {"at", 1}, {"au", 4}, {"auch", 2},
    {"auf", 2}, {"aus", 2}, {"aux", 4}, {"avec", 4}, {"be", 1}, {"been", 1}, {"bei", 2}, {"bij", 64}, {"bir", 256},
    {"bu", 256}, {"but", 1}, {"by", 1}, {"był", 128}, {"ce", 4}, {"che", 16}, {"com", 32}, {"como", 8},
    {"con", 24}, {"da", 304}, {"daha", 256}, {"dans", 4}, {"das", 34}, {"dat", 64}, {"de", 364}, {"dei", 16},
    {"del", 24}, {"della", 16}, {"dem", 2}, {"den", 2}, {"der", 2}, {"des", 6}, {"di", 16}, {"die", 2},
    {"dla", 128}, {"do", 160}, {"door", 64}, {"dos", 32}, {"du", 4}, {"e", 48}, {"een", 64}, {"ein", 2},
    {"eine", 2}, {"einer", 2}, {"el", 8}, {"elle", 4}, {"em", 32}, {"en", 332}, {"er", 64}, {"es", 10}, {"est", 4},
    {"et", 4}, {"foi", 32}, {"for", 1}, {"from", 1}, {"fue", 8}, {"für", 2}, {"gibi", 256}, {"gli", 16},
    {"ha", 24}, {"had", 1}, {"has", 1}, {"hat", 2}, {"have", 1}, {"he", 1}, {"het", 64}, {"his", 1}, {"i", 128},
    {"il", 20}, {"ile", 256}, {"im", 2}, {"in", 81}, {"is", 65}, {"ist", 2}, {"it", 1}, {"its", 1}, {"için", 256},
    {"jak", 128}, {"jest", 128}, {"kadar", 256}, {"la", 28}, {"las", 8}, {"le", 28}, {"les", 4}, {"lo", 8},
    {"los", 8}, {"maar", 64}, {"mais", 32}, {"met", 64}, {"mit", 2}, {"más", 8}, {"na", 160}, {"nach", 2},
    {"ne", 260}, {"nel", 16}, {"nicht", 2}, {"nie", 128}, {"niet", 64}, {"no", 32}, {"non", 16}, {"not", 1},
    {"não", 32}, {"o", 160}, {"od", 128}, {"of", 1}, {"olan", 256}, {"olarak", 256}, {"om", 64}, {"on", 1},
    {"ont", 4}, {"ook", 64}, {"op", 64}, {"os", 32}, {"par", 4}, {"para", 40}, {"pas", 4}, {"per", 16},
    {"pero", 8}, {"plus", 4}, {"po", 128}, {"por", 40}, {"pour", 4}, {"przez", 128}, {"que", 44}, {"qui", 4},
    {"said", 1}, {"se", 44}, {"si", 16}, {"sich", 2}, {"sind", 2}, {"się", 128}, {"sono", 16}, {"sonra", 256},
    {"sont", 4}, {"su", 8}, {"sur", 4}, {"sus", 8}, {"są", 128}, {"tak", 128}, {"te", 64}, {"that", 1}, {"the", 1},
    {"their", 1}, {"they", 1}, {"this", 1}, {"to", 129}, {"um", 34}, {"uma", 32}, {"un", 28}, {"una", 24},
    {"und", 2}, {"une", 4}, {"van", 64}, {"ve", 256}, {"von", 2}, {"voor", 64}, {"w", 128}, {"was", 1},
    {"were", 1}, {"which", 1}, {"who", 1}, {"wie", 2}, {"will", 1}, {"wird", 2}, {"with", 1}, {"would", 1},
    {"wurde", 2}, {"y", 8}, {"z", 128}, {"za", 128}, {"zijn", 64}, {"zu", 2}, {"çok", 256}, {"è", 16}, {"été", 4},
    {"że", 128}, {NULL, 0},
};

#define FWORD_MAX 6 /* bytes of the longest word above ("olarak") */

/* the next word of s[i, n): letters and apostrophes, folded to lower case
 * for ASCII and Latin-1 supplement letters (enough for the lists above) */
static size_t next_word(const char *s, size_t n, size_t *i, char *w, size_t cap) {
    size_t k = 0;
    while (*i < n) {
        unsigned char c = (unsigned char)s[*i];
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') break;
        if (c >= 0xC3 && c <= 0xC5 && *i + 1 < n) break; /* Latin-1 / Extended-A letters */
        (*i)++;
    }
    while (*i < n) {
        unsigned char c = (unsigned char)s[*i];
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
            if (k + 1 < cap) w[k++] = (char)(c | 0x20);
            (*i)++;
        } else if (c >= 0xC3 && c <= 0xC5 && *i + 1 < n) {
            unsigned char d = (unsigned char)s[*i + 1];
            if (c == 0xC3 && d >= 0x80 && d <= 0x9E && d != 0x97) d |= 0x20; /* À..Þ -> à..þ */
            if (k + 2 < cap) w[k++] = (char)c, w[k++] = (char)d;
            *i += 2;
        } else
            break;
    }
    w[k] = 0;
    return k;
}


const char *dyad_detect_language(const char *s, size_t n) {
    if (!s) return "";
    /* scripts, sampled over the first 16 KB */
    size_t lim = n < 16384 ? n : 16384;
    enum { S_EL, S_HE, S_AR, S_JA, S_KO, S_ZH, S_HI, NS };
    static const char *const SCODE[NS] = {"el", "he", "ar", "ja", "ko", "zh", "hi"};
    long latin = 0, cyr = 0, other = 0, uk = 0, be = 0, ru_only = 0, sc[NS] = {0};
    for (size_t i = 0; i < lim;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') latin++;
            i++;
            continue;
        }
        size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (i + len > lim) break;
        if (len == 2) {
            unsigned cp = ((c & 0x1Fu) << 6) | ((unsigned char)s[i + 1] & 0x3Fu);
            if (cp >= 0x400 && cp <= 0x4FF) {
                cyr++;
                if (cp == 0x456 || cp == 0x406) uk++, be++;              /* і І */
                else if (cp == 0x457 || cp == 0x454 || cp == 0x491 || cp == 0x407 || cp == 0x404)
                    uk += 3;                                               /* ї є ґ */
                else if (cp == 0x45E || cp == 0x40E) be += 3;              /* ў */
                else if (cp == 0x438 || cp == 0x418 || cp == 0x44A) ru_only++; /* и ъ */
            } else if (cp >= 0xC0 && cp <= 0x24F)
                latin++;
            else if (cp >= 0x370 && cp <= 0x3FF)
                other++, sc[S_EL]++;
            else if (cp >= 0x590 && cp <= 0x5FF)
                other++, sc[S_HE]++;
            else if (cp >= 0x600 && cp <= 0x6FF)
                other++, sc[S_AR]++;
        } else if (len == 3) {
            unsigned cp = ((c & 0x0Fu) << 12) | (((unsigned char)s[i + 1] & 0x3Fu) << 6) | ((unsigned char)s[i + 2] & 0x3Fu);
            if (cp >= 0x3040 && cp <= 0x30FF) other++, sc[S_JA]++;      /* kana */
            else if (cp >= 0xAC00 && cp <= 0xD7AF) other++, sc[S_KO]++; /* Hangul */
            else if (cp >= 0x4E00 && cp <= 0x9FFF) other++, sc[S_ZH]++; /* Han */
            else if (cp >= 0x900 && cp <= 0x97F) other++, sc[S_HI]++;   /* Devanagari */
            else if (cp >= 0x2000 && cp <= 0x206F) {}                   /* punctuation */
            else other++;
        } else
            other++;
        i += len;
    }
    long letters = latin + cyr + other;
    if (letters < 40) return "";
    if (cyr * 2 > letters) {
        if (be > 3 && be * 4 > ru_only) return "be";
        if (uk > 3 && uk * 10 > ru_only) return "uk";
        return "ru";
    }
    if (other * 2 > letters) {
        if (sc[S_JA] * 10 > other) return "ja"; /* kana among Han: Japanese */
        int b = 0;
        for (int k = 1; k < NS; k++)
            if (sc[k] > sc[b]) b = k;
        return sc[b] * 2 > other ? SCODE[b] : "";
    }
    if (latin * 2 <= letters) return "";
    /* function words */
    long hits[NLAT] = {0}, words = 0;
    char w[40];
    for (size_t i = 0; i < lim && words < 600;) { /* 600 words tell as well as 4,000 */
        size_t k = next_word(s, lim, &i, w, sizeof w);
        if (!k) break;
        words++;
        if (k > FWORD_MAX) continue; /* longer than every function word */
        int r = dy_table_find(FWORDS, sizeof FWORDS[0], w, k);
        const fword *f = r >= 0 ? &FWORDS[r] : NULL;
        for (int l = 0; f && l < NLAT; l++)
            if (f->mask & (1u << l)) hits[l]++;
    }
    if (words < 12) return "";
    int best = 0, second = -1;
    for (int l = 1; l < NLAT; l++)
        if (hits[l] > hits[best]) second = best, best = l;
        else if (second < 0 || hits[l] > hits[second]) second = l;
    if (hits[best] * 100 < words * 12) return "";           /* too few function words of any list */
    if (second >= 0 && hits[best] * 10 < hits[second] * 13) return ""; /* no clear winner */
    return LAT_CODE[best];
}
