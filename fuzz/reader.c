/* reader.c — fuzz target for the article readers and the sentence splitter.
 *
 * Runs the input through dyad_reader in every format (via fmemopen), splits
 * each article's text into sentences, and also repairs and splits the raw
 * bytes directly.  Besides "no crash, no leak, no hang" it checks the
 * contracts other modules rely on and abort()s when one breaks:
 *  - article strings are never NULL, text_len == strlen(text), text is
 *    valid UTF-8;
 *  - repair leaves valid UTF-8 byte-identical and always yields valid UTF-8;
 *  - sentence spans are ordered, non-overlapping, inside the text, non-empty
 *    and trimmed of ASCII whitespace.
 */
#include "dyad.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read_all.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

static void check_split(const char *t, size_t n) {
    dyad_span sp[64];
    size_t k = dyad_split_sentences(t, n, sp, 64);
    size_t prev = 0;
    for (size_t i = 0; i < k && i < 64; i++) {
        if (sp[i].start < prev || sp[i].end <= sp[i].start || sp[i].end > n) abort();
        if (space((unsigned char)t[sp[i].start]) || space((unsigned char)t[sp[i].end - 1])) abort();
        prev = sp[i].end;
    }
    if (k > 64) { /* the count does not depend on the buffer */
        dyad_span *all = malloc(k * sizeof *all);
        if (all && dyad_split_sentences(t, n, all, k) != k) abort();
        if (all && memcmp(all, sp, sizeof sp) != 0) abort();
        free(all);
    }
}

static void split_text(const dyad_article *a) { check_split(a->text, a->text_len); }

static void run_reader(const uint8_t *data, size_t size, dyad_input_format fmt) { read_all(data, size, fmt, split_text); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* fmemopen needs a writable buffer type; keep a private copy */
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy) return 0;
    if (size) memcpy(copy, data, size);

    size_t len = 0, bad = 0;
    char *fixed = dyad_utf8_repair((const char *)copy, size, &len, &bad);
    if (!fixed) abort();
    if (!valid_utf8((const unsigned char *)fixed, len) || strlen(fixed) != len) abort();
    if (bad == 0 && (len != size || memcmp(fixed, copy, size) != 0)) abort();
    if (bad != 0 && len < size) abort();
    check_split(fixed, len);
    free(fixed);
    check_split((const char *)copy, size); /* the splitter must also take raw bytes */

    run_reader(copy, size, DYAD_INPUT_AUTO);
    run_reader(copy, size, DYAD_INPUT_TEXT);
    run_reader(copy, size, DYAD_INPUT_JSONL);
    run_reader(copy, size, DYAD_INPUT_TABARI);
    run_reader(copy, size, DYAD_INPUT_FEED);
    run_reader(copy, size, DYAD_INPUT_HTML);
    free(copy);
    return 0;
}
