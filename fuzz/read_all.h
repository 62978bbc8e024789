/* read_all.h — the loop the reader fuzz targets share: read data[0, size)
 * as fmt through dyad_reader (via fmemopen) and abort() when a contract other
 * modules rely on breaks: every call ends the input, yields an article or an
 * error with a message, and never loops on nothing; article strings are
 * non-NULL, the id non-empty, text_len == strlen(text), text and title valid
 * UTF-8, dates "" or 10 characters; no more articles than records read.
 * each (may be NULL) runs further checks on every article. */
#ifndef DYAD_FUZZ_READ_ALL_H
#define DYAD_FUZZ_READ_ALL_H
#include "dyad.h"
#include "utf8_oracle.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void read_all(const uint8_t *data, size_t size, dyad_input_format fmt, void (*each)(const dyad_article *)) {
    FILE *fp = fmemopen((void *)data, size, "r");
    if (!fp) return; /* zero-size buffers may be refused */
    dyad_reader *r = dyad_reader_open(fp, "fuzz", fmt);
    if (!r) abort();
    dyad_article a;
    int rc;
    size_t guard = 0;
    while ((rc = dyad_reader_next(r, &a)) != 0) {
        if (++guard > size + 16) abort(); /* every call consumes input or ends it */
        if (rc < 0) {
            const char *e = dyad_reader_error(r);
            if (!e || !e[0]) abort();
            continue;
        }
        if (!a.id || !a.date || !a.title || !a.text || !a.url || !a.source || !a.lang || !a.comment || !a.origin ||
            !a.fetched)
            abort();
        if (!a.id[0] || strlen(a.text) != a.text_len) abort();
        if (!valid_utf8((const unsigned char *)a.text, a.text_len)) abort();
        if (!valid_utf8((const unsigned char *)a.title, strlen(a.title))) abort();
        if (a.date[0] && strlen(a.date) != 10) abort();
        if (each) each(&a);
    }
    dyad_reader_stats st;
    dyad_reader_get_stats(r, &st);
    if (st.articles > st.records) abort();
    dyad_reader_close(r);
    fclose(fp);
}
#endif
