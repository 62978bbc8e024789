/* articles.c — the loop over input files and their articles shared by the
 * subcommands that read articles (code, gkg, ingest, enqueue): open each file
 * (or standard input), read it in the chosen format, report bad records and
 * repaired UTF-8 on stderr with their file and line, keep going, say when a
 * file held no article (and as what it was read), and show progress on a
 * terminal. */
#include "cli/cli.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>

int cli_each_article(const char *cmd, char **files, int nfiles, int infmt, int quiet, int progress,
                     const long *events, cli_article_fn fn, void *ctx, long *narticles, long *nbad) {
    static const char *const stdin_only[] = {"-"};
    static const char *const fmt_name[] = {"auto", "text", "jsonl", "tabari", "petrxml", "feed"};
    if (!nfiles) files = (char **)stdin_only, nfiles = 1;
    double t0 = cli_now(), last = t0;
    int shown = 0, rc = 0;
    for (int fi = 0; fi < nfiles && rc >= 0; fi++) {
        const char *name = files[fi];
        FILE *in = strcmp(name, "-") ? fopen(name, "rb") : stdin;
        if (!in) { fprintf(stderr, "%s: %s: %s\n", cmd, name, strerror(errno)); (*nbad)++; continue; }
        dyad_reader *r = dyad_reader_open(in, strcmp(name, "-") ? name : "<stdin>", (dyad_input_format)infmt);
        dyad_article a;
        int k;
        long file_articles = 0, file_bad = 0;
        while (r && (k = dyad_reader_next(r, &a)) != 0) {
            if (k < 0) {
                (*nbad)++, file_bad++;
                if (!quiet) fprintf(stderr, "%s: %s\n", cmd, dyad_reader_error(r));
                continue;
            }
            if (a.bad_bytes && !quiet)
                fprintf(stderr, "%s: %s:%ld: warning: %zu invalid UTF-8 byte(s) replaced in article %s\n", cmd, a.origin,
                        a.line, a.bad_bytes, a.id);
            file_articles++;
            (*narticles)++;
            int f = fn(&a, ctx);
            if (f < 0) { rc = -1; break; }
            if (f > 0) (*nbad)++;
            if (progress && (*narticles & 63) == 0) {
                double tn = cli_now();
                if (tn - last >= 2.0) {
                    fprintf(stderr, "\r%s: %s: %ld articles", cmd, name, *narticles);
                    if (events) fprintf(stderr, ", %ld events", *events);
                    fprintf(stderr, ", %.0f articles/s   ", *narticles / (tn - t0));
                    last = tn, shown = 1;
                }
            }
        }
        if (!r) { fprintf(stderr, "%s: out of memory\n", cmd); (*nbad)++; }
        else if (!file_articles && !file_bad && rc >= 0) {
            /* e.g. --input-format tabari on a file with no "YYMMDD ID" record */
            unsigned f = (unsigned)dyad_reader_format(r);
            fprintf(stderr, "%s: %s: no articles found (read as %s)\n", cmd, strcmp(name, "-") ? name : "<stdin>",
                    fmt_name[f < sizeof fmt_name / sizeof fmt_name[0] ? f : 0]);
            (*nbad)++;
        }
        dyad_reader_close(r);
        if (in != stdin) fclose(in);
    }
    if (shown) fputc('\n', stderr);
    return rc;
}

dyad_dict *cli_builtin_dict(const char *cmd) {
    char err[1024];
    dyad_dict *d = dyad_dict_new();
    if (!d || dyad_dict_load_builtin(d, err, sizeof err) || dyad_dict_compile(d, err, sizeof err)) {
        fprintf(stderr, "%s: %s\n", cmd, d ? err : "out of memory");
        dyad_dict_free(d);
        return NULL;
    }
    return d;
}
