/* utf8_oracle.h — the fuzz targets' own UTF-8 check, written apart from
 * src/text so that a bug in the repair code is not also in its oracle.
 * Valid means well-formed UTF-8 (no overlongs, no surrogates, nothing past
 * U+10FFFF) with no NUL byte: repair never outputs NUL. */
#ifndef DYAD_FUZZ_UTF8_ORACLE_H
#define DYAD_FUZZ_UTF8_ORACLE_H

#include <stddef.h>

static int valid_utf8(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned char b = s[i];
        size_t need;
        unsigned char lo = 0x80, hi = 0xBF;
        if (b == 0) return 0;
        if (b < 0x80) { i++; continue; }
        if (b >= 0xC2 && b <= 0xDF) need = 1;
        else if (b == 0xE0) { need = 2; lo = 0xA0; }
        else if (b == 0xED) { need = 2; hi = 0x9F; }
        else if (b >= 0xE1 && b <= 0xEF) need = 2;
        else if (b == 0xF0) { need = 3; lo = 0x90; }
        else if (b == 0xF4) { need = 3; hi = 0x8F; }
        else if (b >= 0xF1 && b <= 0xF3) need = 3;
        else return 0;
        if (n - i <= need || s[i + 1] < lo || s[i + 1] > hi) return 0;
        for (size_t k = 2; k <= need; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF) return 0;
        i += need + 1;
    }
    return 1;
}

#endif
