/* date.c — dates as news writes them, to YYYY-MM-DD (shared by the input
 * readers and the HTML extractor). */
#include "dyad_internal.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static int days_in_month(int y, int m) {
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return d[m - 1];
}

int dy_valid_ymd(int y, int m, int d) {
    return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

/* "YYYY-MM-DD" for a date that passed valid_ymd(). */
static void fmt_date(char out[11], int y, int m, int d) {
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

/* Read 1..max digits at s[*i]; returns the value or -1. */
static int digits(const char *s, size_t n, size_t *i, int min, int max) {
    int v = 0, k = 0;
    while (*i < n && k < max && is_digit((unsigned char)s[*i])) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    if (k < min || (*i < n && is_digit((unsigned char)s[*i]))) return -1;
    return v;
}

/* An English month name or abbreviation ("Jun", "June", "Jun."), or a
 * Russian one in any case form ("июня", "июнь", "июн."); 1..12 or -1. */
static int month_name(const char *s, size_t n, size_t *i) {
    static const char *const names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
    /* the first three letters of the Russian names; "мая"/"май" share "ма" with "мар" */
    static const char *const ru[] = {"янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"};
    size_t b = *i, e = b;
    while (e < n && ((s[e] | 0x20) >= 'a' && (s[e] | 0x20) <= 'z')) e++;
    if (e - b >= 3) {
        for (int m = 0; m < 12; m++)
            if (strncasecmp(s + b, names[m], 3) == 0) {
                *i = e;
                if (e < n && s[e] == '.') (*i)++;
                return m + 1;
            }
        return -1;
    }
    /* Cyrillic letters: two bytes each, D0/D1 lead bytes */
    e = b;
    char low[16];
    size_t k = 0;
    while (e + 1 < n && ((unsigned char)s[e] == 0xD0 || (unsigned char)s[e] == 0xD1)) {
        unsigned char c0 = (unsigned char)s[e], c1 = (unsigned char)s[e + 1];
        if (c0 == 0xD0 && c1 >= 0x90 && c1 <= 0x9F) c1 += 0x20;                /* А..П -> а..п */
        else if (c0 == 0xD0 && c1 >= 0xA0 && c1 <= 0xAF) c0 = 0xD1, c1 -= 0x20; /* Р..Я -> р..я */
        if (k + 2 < sizeof low) low[k++] = (char)c0, low[k++] = (char)c1;
        e += 2;
    }
    low[k] = 0;
    if (k < 4) return -1;
    for (int m = 0; m < 12; m++) {
        size_t l = strlen(ru[m]);
        if (k >= l && !memcmp(low, ru[m], l) && (m != 4 || (k >= 6 && (!memcmp(low + 4, "\xD1\x8F", 2) ||
                                                                       !memcmp(low + 4, "\xD0\xB9", 2))))) {
            *i = e;
            if (e < n && s[e] == '.') (*i)++;
            return m + 1;
        }
    }
    return -1;
}

/* Recognise a date at the start of s[0..n): YYYY-MM-DD (also / and .),
 * YYYYMMDD, DD.MM.YYYY (also -), "28 June 2023", "June 28, 2023", each
 * optionally after a weekday ("Wed, ").  Writes "YYYY-MM-DD" to out and the
 * index after the date to *end; returns 1, or 0 when no valid date. */
int dy_parse_date(const char *s, size_t n, char out[11], size_t *end) {
    size_t i = 0;
    int y = -1, m = -1, d = -1;
    while (i < n && is_space((unsigned char)s[i])) i++;
    /* optional weekday */
    size_t w = i;
    while (w < n && ((s[w] | 0x20) >= 'a' && (s[w] | 0x20) <= 'z')) w++;
    if (w > i && w < n && s[w] == ',' && w - i >= 3) {
        i = w + 1;
        while (i < n && is_space((unsigned char)s[i])) i++;
    }
    size_t i0 = i;
    if (i < n && is_digit((unsigned char)s[i])) {
        size_t j = i;
        int a = digits(s, n, &j, 1, 8);
        size_t la = j - i;
        if (la == 8) { /* YYYYMMDD */
            y = a / 10000, m = a / 100 % 100, d = a % 100;
            i = j;
        } else if (la == 4 && j < n && (s[j] == '-' || s[j] == '/' || s[j] == '.')) {
            char sep = s[j++];
            m = digits(s, n, &j, 1, 2);
            if (m >= 0 && j < n && s[j] == sep) {
                j++;
                d = digits(s, n, &j, 1, 2);
                y = a;
                i = j;
            }
        } else if (la <= 2 && j < n && (s[j] == '.' || s[j] == '-')) {
            char sep = s[j++];
            m = digits(s, n, &j, 1, 2);
            if (m >= 0 && j < n && s[j] == sep) {
                j++;
                y = digits(s, n, &j, 4, 4);
                d = a;
                i = j;
            }
        } else if (la <= 2 && j < n && s[j] == ' ') { /* 28 June 2023 */
            j++;
            m = month_name(s, n, &j);
            if (m > 0 && j < n && s[j] == ' ') {
                j++;
                y = digits(s, n, &j, 4, 4);
                d = a;
                i = j;
            }
        }
    } else if (i < n) { /* June 28, 2023 */
        size_t j = i;
        m = month_name(s, n, &j);
        if (m > 0 && j < n && s[j] == ' ') {
            j++;
            d = digits(s, n, &j, 1, 2);
            if (d > 0 && j < n && s[j] == ',') j++;
            while (j < n && s[j] == ' ') j++;
            y = digits(s, n, &j, 4, 4);
            i = j;
        }
    }
    if (i == i0 || !dy_valid_ymd(y, m, d)) return 0;
    fmt_date(out, y, m, d);
    if (end) *end = i;
    return 1;
}

