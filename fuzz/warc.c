/* warc.c — fuzz target for the WARC reader (plain and gzip) and the HTML
 * extractor behind it.  The input is read as WARC through dyad_reader (via
 * fmemopen) and, when it is not gzip already, once more as one gzip member
 * made of it, so mutations reach the record parser under both framings.
 * Contracts checked: those of read_all.h. */
#include "dyad.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "read_all.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run(const uint8_t *data, size_t size) { read_all(data, size, DYAD_INPUT_WARC, NULL); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t *copy = calloc(1, size ? size : 1);
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
