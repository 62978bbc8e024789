/* petrxml.c — fuzz target for the PETRARCH XML reader.
 *
 * Runs the input through dyad_reader (DYAD_INPUT_PETRXML and AUTO, via a
 * temporary FILE) and through the item stream the validator uses
 * (dy_petr_open with meta items).  Besides "no crash, no leak, no hang" it
 * abort()s when a contract breaks:
 *  - article and item strings are never NULL, text_len == strlen(text), the
 *    text is valid UTF-8 with whitespace collapsed (no leading, trailing or
 *    double space, no tab or newline), dates are "YYYY-MM-DD";
 *  - every error has a message starting with the input name;
 *  - each call makes progress: no more results than '<' bytes in the input;
 *  - libxml2 does not write to stderr (checked by the ctest run's output).
 */
#include "dyad.h"
#include "io/petrxml.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8_oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const char *t, size_t n) {
    if (strlen(t) != n || !valid_utf8((const unsigned char *)t, n)) abort();
    if (n && (t[0] == ' ' || t[n - 1] == ' ')) abort();
    for (size_t i = 0; i < n; i++) {
        if (t[i] == '\t' || t[i] == '\n' || t[i] == '\r') abort();
        if (t[i] == ' ' && i + 1 < n && t[i + 1] == ' ') abort();
    }
}

static void check_date(const char *d) {
    if (!d[0]) return;
    if (strlen(d) != 10 || d[4] != '-' || d[7] != '-') abort();
}

static void run_reader(const uint8_t *data, size_t size, dyad_input_format fmt, size_t maxres) {
    FILE *fp = tmpfile();
    if (!fp) return;
    if (size && fwrite(data, 1, size, fp) != size) {
        fclose(fp);
        return;
    }
    rewind(fp);
    dyad_reader *r = dyad_reader_open(fp, "fuzz", fmt);
    if (!r) abort();
    int petr = fmt == DYAD_INPUT_PETRXML || dyad_reader_format(r) == DYAD_INPUT_PETRXML;
    dyad_article a;
    int rc;
    size_t results = 0;
    while ((rc = dyad_reader_next(r, &a)) != 0) {
        if (++results > maxres + 2) abort();
        if (rc < 0) {
            const char *e = dyad_reader_error(r);
            if (!e || strncmp(e, "fuzz", 4) != 0) abort();
            continue;
        }
        if (!a.id || !a.date || !a.title || !a.text || !a.url || !a.source || !a.lang || !a.comment || !a.origin ||
            !a.category)
            abort();
        if (!a.id[0]) abort();
        if (a.one_sentence != 0 && a.one_sentence != 1) abort();
        check_date(a.date);
        if (petr) {
            check_text(a.text, a.text_len);
            if (!a.date[0]) abort(); /* records without a valid date are errors */
        } else if (strlen(a.text) != a.text_len) abort();
    }
    dyad_reader_close(r);
    fclose(fp);
}

static void run_items(const uint8_t *data, size_t size, size_t maxres) {
    dy_petr *p = dy_petr_open((const char *)data, size, "fuzz", 1);
    if (!p) abort();
    dy_petr_item it;
    int rc;
    size_t results = 0;
    while ((rc = dy_petr_next(p, &it)) != 0) {
        if (++results > maxres + 2) abort();
        if (rc < 0) {
            if (strncmp(dy_petr_error(p), "fuzz", 4) != 0) abort();
            continue;
        }
        if (!it.id || !it.date || !it.source || !it.category || !it.text || !it.name || !it.value) abort();
        if (it.line < 1) abort();
        if (it.kind == DY_PETR_SENTENCE) {
            check_text(it.text, it.text_len);
            check_date(it.date);
            if (it.ncodings && !it.codings) abort();
            for (int i = 0; i < it.ncodings; i++) {
                const dy_petr_coding *c = &it.codings[i];
                if (!c->source || !c->target || !c->code || !c->error) abort();
            }
        } else if (it.kind < DY_PETR_CONFIG || it.kind > DY_PETR_STOP) {
            abort();
        }
    }
    if (dy_petr_next(p, &it) != 0) abort(); /* the end stays the end */
    dy_petr_close(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    size_t lts = 0;
    for (size_t i = 0; i < size; i++) lts += data[i] == '<';
    run_reader(data, size, DYAD_INPUT_PETRXML, lts);
    run_reader(data, size, DYAD_INPUT_AUTO, lts + size); /* may be text/JSONL/TABARI */
    run_items(data, size, lts);
    return 0;
}
