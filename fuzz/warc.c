/* warc.c — fuzz target for the WARC reader (plain and gzip) and the HTML
 * extractor behind it.  The input is read as WARC through dyad_reader (via
 * fmemopen) and, when it is not gzip already, once more as one gzip member
 * made of it, so mutations reach the record parser under both framings.
 * Contracts checked (abort() when broken): every call ends or yields an
 * article or an error with a message; article strings are non-NULL, valid
 * UTF-8, text_len == strlen(text); dates are "" or 10 characters. */
#include "dyad.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "utf8_oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run(const uint8_t *data, size_t size) {
    FILE *fp = fmemopen((void *)data, size, "r");
    if (!fp) return;
    dyad_reader *r = dyad_reader_open(fp, "fuzz", DYAD_INPUT_WARC);
    if (!r) abort();
    dyad_article a;
    int rc;
    size_t guard = 0;
    while ((rc = dyad_reader_next(r, &a)) != 0) {
        if (++guard > size + 16) abort();
        if (rc < 0) {
            const char *e = dyad_reader_error(r);
            if (!e || !e[0]) abort();
            continue;
        }
        if (!a.id || !a.date || !a.title || !a.text || !a.url || !a.source || !a.lang || !a.fetched) abort();
        if (strlen(a.text) != a.text_len || !valid_utf8((const unsigned char *)a.text, a.text_len)) abort();
        if (!valid_utf8((const unsigned char *)a.title, strlen(a.title))) abort();
        if (a.date[0] && strlen(a.date) != 10) abort();
    }
    dyad_reader_stats st;
    dyad_reader_get_stats(r, &st);
    if (st.articles > st.records) abort();
    dyad_reader_close(r);
    fclose(fp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy) return 0;
    if (size) memcpy(copy, data, size);
    run(copy, size);
    if (size < 2 || copy[0] != 0x1f || copy[1] != 0x8b) {
        uLongf cap = compressBound((uLong)size) + 64;
        uint8_t *gz = malloc(cap);
        z_stream z;
        memset(&z, 0, sizeof z);
        if (gz && deflateInit2(&z, 1, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK) {
            z.next_in = copy, z.avail_in = (uInt)size, z.next_out = gz, z.avail_out = (uInt)cap;
            if (deflate(&z, Z_FINISH) == Z_STREAM_END) run(gz, cap - z.avail_out);
            deflateEnd(&z);
        }
        free(gz);
    }
    free(copy);
    return 0;
}
