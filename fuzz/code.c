/* code.c — fuzz target for the coder: arbitrary text coded with the
 * built-in dictionaries, as an article (dyad mode) and as one TABARI record
 * (TABARI mode).  Exercises tokenizer, classification, compounds, clauses,
 * pattern matching and event expansion; then the knowledge graph of the
 * article (places with the build's gazetteer index when it is found next to
 * the build, quotations, people, tone, themes, amounts, dates), whose every
 * offset must lie inside the text. */
#include "code/coder.h"
#include "dyad.h"
#include "kg/kg.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void check_kg(const dy_kg_doc *g, size_t n, int nev) {
#define IN(x) if ((x).start > (x).end || (x).end > n) abort()
    for (int i = 0; i < g->n_locs; i++) IN(g->locs[i]);
    for (int i = 0; i < g->n_lms; i++) IN(g->lms[i]);
    for (int i = 0; i < g->n_persons; i++) { IN(g->persons[i]); if (!g->persons[i].name) abort(); }
    for (int i = 0; i < g->n_orgs; i++) { IN(g->orgs[i]); if (!g->orgs[i].name) abort(); }
    for (int i = 0; i < g->n_quotes; i++) {
        if (!g->quotes[i].text || g->quotes[i].start > g->quotes[i].last_end || g->quotes[i].last_end > n) abort();
    }
    for (int i = 0; i < g->n_themes; i++) IN(g->themes[i]);
    for (int i = 0; i < g->n_amounts; i++) IN(g->amounts[i]);
    for (int i = 0; i < g->n_dates; i++) IN(g->dates[i]);
    if (g->n_evlocs != nev) abort();
#undef IN
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static dyad_dict *d;
    static dyad_coder *c;
    if (!d) {
        char err[256];
        d = dyad_dict_new();
        if (!d || dyad_dict_load_builtin(d, err, sizeof err) || dyad_dict_compile(d, err, sizeof err)) abort();
        c = dyad_coder_new(d);
    }
    static dy_kg *kg;
    static dy_kg_doc *doc;
    if (!kg) {
        char path[4096], err[512];
        ssize_t k = readlink("/proc/self/exe", path, sizeof path - 32);
        path[k > 0 ? k : 0] = 0;
        char *sl = strrchr(path, '/');
        if (sl) strcpy(sl, "/../gazetteer.idx");
        kg = dy_kg_new(getenv("DYAD_GAZETTEER") ? getenv("DYAD_GAZETTEER") : path, 0, err, sizeof err);
        doc = dy_kg_doc_new();
        if (!kg || !doc) abort();
        dy_coder_want_mentions(c, 1);
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
    if (dy_kg_analyze(kg, c, text, n, "2023-06-28", ev, k > 0 ? k : 0, doc)) abort();
    check_kg(doc, n, k > 0 ? k : 0);
    dy_coder_set_tabari(c, 1);
    dyad_code_text(c, text, n, "", 1, &ev);
    free(text);
    return 0;
}
