/* dict.c — fuzz target for the dictionary reader and the coder behind it.
 * The input is loaded as each kind of TABARI dictionary (strict and lenient);
 * when a verbs load succeeds, a fixed sentence is coded with it, so pattern
 * matching over arbitrary patterns is exercised too. */
#include "dyad.h"
#include <stdint.h>
#include <string.h>

static void noop(void *ctx, const char *msg) { (void)ctx; (void)msg; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const char *const kinds[] = {"actors", "agents", "verbs", "options", "discards"};
    static const char sentence[] =
        "Arnor's foreign minister, in remarks on Monday, urged Gondor and Rohan to restore ties, he said.";
    char err[512];
    for (int lenient = 0; lenient < 2; lenient++)
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
            dyad_dict *d = dyad_dict_new();
            if (!d) return 0;
            if (lenient) dyad_dict_set_lenient(d, 1, noop, NULL);
            static const char actors[] = "ARNOR [ARN]\nGONDOR [GON]\nROHAN [ROH]\n~FINISH\n";
            dyad_dict_load_buffer(d, "fuzz", "actors", actors, sizeof actors - 1, err, sizeof err);
            int rc = dyad_dict_load_buffer(d, "fuzz", kinds[k], (const char *)data, size, err, sizeof err);
            if (dyad_dict_compile(d, err, sizeof err) == 0 && rc == 0) {
                dyad_coder *c = dyad_coder_new(d);
                const dyad_event *ev;
                if (c) dyad_code_text(c, sentence, sizeof sentence - 1, "1995-01-01", 0, &ev);
                dyad_coder_free(c);
            }
            dyad_dict_free(d);
        }
    return 0;
}
