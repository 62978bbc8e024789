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
#include "dyad.h"
#include <stddef.h>
#include <string.h>

enum { L_EN, L_DE, L_FR, L_ES, L_IT, L_PT, L_NL, L_PL, L_TR, NLAT };
static const char *const LAT_CODE[NLAT] = {"en", "de", "fr", "es", "it", "pt", "nl", "pl", "tr"};
static const char *const LAT_WORDS[NLAT] = {
    " the of and to in a is that for on with was as by at it from he said his are be has have an will not but "
    "its were had they their been which this who after would who ",
    " der die und das ist nicht zu den von mit sich des auf für im dem ein eine auch es an als wie bei nach "
    "wird sind einer hat aus um wurde ",
    " le la les de des et est un une du pour que dans qui en au sur pas par il a ne se ce aux avec sont été "
    "plus elle ont ",
    " el la de que y en los del las por un para con una se su al es lo como más fue pero sus ha le ",
    " il di che e la per un una in non sono del della è le da si con gli al ha anche dei nel ",
    " o a de que e do da em um uma para com não os no na por se mais as dos foi ao das ",
    " de het een en van in is dat op te zijn met voor niet aan er ook als bij door maar om ",
    " i w na z się nie do to że jest o jak po przez za od dla ale są tak był ",
    " ve bir bu da de için ile olarak daha çok en ama gibi olan ne kadar sonra ",
};

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

static int in_list(const char *list, const char *w, size_t k) {
    char key[40];
    if (k + 3 > sizeof key) return 0;
    key[0] = ' ';
    memcpy(key + 1, w, k);
    key[k + 1] = ' ', key[k + 2] = 0;
    return strstr(list, key) != NULL;
}

const char *dyad_detect_language(const char *s, size_t n) {
    if (!s) return "";
    /* scripts, sampled over the first 64 KB */
    size_t lim = n < 65536 ? n : 65536;
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
    for (size_t i = 0; i < lim && words < 4000;) {
        size_t k = next_word(s, lim, &i, w, sizeof w);
        if (!k) break;
        words++;
        for (int l = 0; l < NLAT; l++)
            if (in_list(LAT_WORDS[l], w, k)) hits[l]++;
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
