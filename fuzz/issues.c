/* issues.c — fuzz target for the issues dictionary (src/code/issues.c).
 * The input is loaded as an issues file (strict and lenient); when it loads,
 * fixed sentences and the input itself are matched against it.  The input is
 * also matched, as text, against a small fixed dictionary, whole and in
 * pieces, with a story mask — so both the loader and the matcher see
 * arbitrary bytes.  Output strings must stay NUL-terminated inside their
 * buffers. */
#include "code/issues.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void noop(void *ctx, const char *msg) { (void)ctx; (void)msg; }

static void check_out(const char *out, size_t cap) {
    if (cap && !memchr(out, '\0', cap)) abort();
}

static void match_all(const dy_issues *d, const char *text, size_t n) {
    char out[64], big[1024];
    size_t ns = dy_issues_sections(d);
    unsigned char *mask = malloc(ns ? ns : 1);
    if (!mask) return;
    dy_issues_story(d, text, n, mask);
    dy_issues_match(d, text, 0, n, big, sizeof big);
    check_out(big, sizeof big);
    dy_issues_match_story(d, text, 0, n, mask, out, sizeof out);
    check_out(out, sizeof out);
    /* a few sub-spans, including empty and reversed ones */
    size_t step = n / 7 + 1;
    for (size_t s = 0; s <= n; s += step) {
        size_t e = s + step * 2 > n ? n : s + step * 2;
        dy_issues_match_story(d, text, s, e, mask, out, 1 + s % sizeof out);
        check_out(out, 1 + s % sizeof out);
        dy_issues_match(d, text, e, s, out, sizeof out);
    }
    free(mask);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const char fixed[] =
        "<ISSUE CATEGORY=\"A\">\ndam [DAMS]\nn:librarian [LIBRARIANS]\narms n:raid [RAID]\nv:ambush [RAID]\n"
        "after+school [SCHOOL]\n~no dam\n~~sports\n</ISSUE>\nfuel n:blackout [FUEL]\n~~~x\n";
    static const char *const sentences[] = {
        "Dams and librarians; arms raids were ambushed after-school.",
        "",
        "\xE2\x80\x99\xC2\xA0\xEF\xBB\xBF dam \xE2\x80",
        "a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg hh",
    };
    char err[512];
    const char *text = (const char *)data;
    for (int lenient = 0; lenient < 2; lenient++) {
        dy_issues_opts o = {lenient, noop, NULL};
        dy_issues *d = dy_issues_load_buffer("fuzz", text, size, &o, err, sizeof err);
        if (!d) {
            if (!memchr(err, '\0', sizeof err)) abort();
            continue;
        }
        dy_issues_stats(d, NULL, NULL, NULL, NULL, NULL);
        for (size_t i = 0; i < sizeof sentences / sizeof *sentences; i++)
            match_all(d, sentences[i], strlen(sentences[i]));
        match_all(d, text, size);
        dy_issues_free(d);
    }
    static dy_issues *fixed_d;
    if (!fixed_d) fixed_d = dy_issues_load_buffer("fixed", fixed, sizeof fixed - 1, NULL, err, sizeof err);
    if (!fixed_d) abort();
    match_all(fixed_d, text, size);
    return 0;
}
