/* utf8.c — UTF-8 repair.
 *
 * Decisions:
 *  - Validation follows Unicode Table 3-7 (well-formed byte sequences), so
 *    overlong forms (C0, C1, E0 80.., F0 80..), surrogates (ED A0..BF) and
 *    code points above U+10FFFF (F4 90.., F5..FF) are rejected.
 *  - Replacement is per byte: when a sequence is invalid or truncated only its
 *    first byte is replaced and scanning resumes at the next byte, which is
 *    then judged on its own.  So every invalid byte becomes exactly one U+FFFD
 *    (a stray continuation byte included), as the header promises.
 *  - NUL becomes a space (and counts as repaired) so the result is a proper C
 *    string whose strlen() equals *outlen.
 *  - Two passes (measure, then write) keep the allocation exact: valid input
 *    costs one memcpy-sized copy and no 3x over-allocation on huge texts.
 */
#include "dyad.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Length of the well-formed sequence starting at s[i], or 0 if s[i] starts
 * no well-formed sequence (invalid lead, bad continuation, or truncated). */
static size_t seq_len(const unsigned char *s, size_t n, size_t i) {
    unsigned char b = s[i];
    if (b < 0x80) return 1;
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF; /* bounds for the second byte */
    if (b >= 0xC2 && b <= 0xDF) need = 1;
    else if (b == 0xE0) { need = 2; lo = 0xA0; }
    else if (b >= 0xE1 && b <= 0xEC) need = 2;
    else if (b == 0xED) { need = 2; hi = 0x9F; }
    else if (b >= 0xEE && b <= 0xEF) need = 2;
    else if (b == 0xF0) { need = 3; lo = 0x90; }
    else if (b >= 0xF1 && b <= 0xF3) need = 3;
    else if (b == 0xF4) { need = 3; hi = 0x8F; }
    else return 0;
    if (n - i <= need) return 0; /* truncated */
    if (s[i + 1] < lo || s[i + 1] > hi) return 0;
    for (size_t k = 2; k <= need; k++)
        if (s[i + k] < 0x80 || s[i + k] > 0xBF) return 0;
    return need + 1;
}

size_t dy_utf8_put(char *o, uint32_t cp) {
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | cp >> 6); o[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12), o[1] = (char)(0x80 | (cp >> 6 & 0x3F)), o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | cp >> 18), o[1] = (char)(0x80 | (cp >> 12 & 0x3F)), o[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int dy_utf8_valid(const char *str, size_t n) {
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = 0; i < n;) {
        if (s[i] && s[i] < 0x80) { i++; continue; }
        size_t k = s[i] ? seq_len(s, n, i) : 0;
        if (!k) return 0;
        i += k;
    }
    return 1;
}

char *dyad_utf8_repair(const char *str, size_t n, size_t *outlen, size_t *nbad) {
    const unsigned char *s = (const unsigned char *)str;
    size_t bad = 0, len = 0;
    if (!s) n = 0;
    /* pass 1: measure */
    for (size_t i = 0; i < n;) {
        if (s[i] >= 0x01 && s[i] < 0x80) { len++; i++; continue; }
        if (s[i] == 0) { bad++; len++; i++; continue; }
        size_t k = seq_len(s, n, i);
        if (k) { len += k; i += k; }
        else { bad++; len += 3; i++; }
    }
    if (len == SIZE_MAX) return NULL;
    char *out = malloc(len + 1);
    if (!out) return NULL;
    if (bad == 0) {
        if (n) memcpy(out, s, n);
    } else {
        /* pass 2: write */
        unsigned char *o = (unsigned char *)out;
        for (size_t i = 0; i < n;) {
            if (s[i] >= 0x01 && s[i] < 0x80) { *o++ = s[i++]; continue; }
            if (s[i] == 0) { *o++ = ' '; i++; continue; }
            size_t k = seq_len(s, n, i);
            if (k) { memcpy(o, s + i, k); o += k; i += k; }
            else { *o++ = 0xEF; *o++ = 0xBF; *o++ = 0xBD; i++; }
        }
    }
    out[len] = '\0';
    if (outlen) *outlen = len;
    if (nbad) *nbad = bad;
    return out;
}
