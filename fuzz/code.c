/* code.c — fuzz target for the coder: arbitrary text coded with the
 * built-in dictionaries, as an article (dyad mode) and as one TABARI record
 * (TABARI mode).  Exercises tokenizer, classification, compounds, clauses,
 * pattern matching and event expansion. */
#include "code/coder.h"
#include "dyad.h"
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static dyad_dict *d;
    static dyad_coder *c;
    if (!d) {
        char err[256];
        d = dyad_dict_new();
        if (!d || dyad_dict_load_builtin(d, err, sizeof err) || dyad_dict_compile(d, err, sizeof err)) abort();
        c = dyad_coder_new(d);
    }
    size_t n;
    size_t bad;
    char *text = dyad_utf8_repair((const char *)data, size, &n, &bad);
    if (!text) return 0;
    const dyad_event *ev;
    dy_coder_set_tabari(c, 0);
    int k = dyad_code_text(c, text, n, "2023-06-28", 0, &ev);
    for (int i = 0; i < k; i++)
        if (ev[i].source.end > n || ev[i].target.end > n || ev[i].verb_end > n) abort(); /* spans inside the text */
    dy_coder_set_tabari(c, 1);
    dyad_code_text(c, text, n, "", 1, &ev);
    free(text);
    return 0;
}
