/* extract.c — `dyad extract`: the articles dyad reads from any input (HTML
 * pages, WARC archives, feeds, text, JSON Lines ...), written as JSON Lines
 * that `dyad code` and the other subcommands read back.  For looking at what
 * the HTML extractor kept, and for turning archives into a plain corpus. */
#include "cli/cli.h"
#include "dyad_internal.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const usage_extract =
    "usage: dyad extract [OPTIONS] [FILE...]\n"
    "\n"
    "Write the articles read from FILEs as JSON Lines (id, url, date, fetched, title,\n"
    "source, lang, text, origin, line), the input `dyad code -i jsonl` reads.  HTML\n"
    "pages and WARC archives give each page's main text (navigation, ads, comments\n"
    "and related links left out), title, publication date, outlet (source) and\n"
    "language.  FILE '-' or none: standard input.\n"
    "\n"
    "  -i, --input-format F  auto (default: recognised by content), text, jsonl, tabari,\n"
    "                        petrxml, feed, html or warc (.warc or .warc.gz)\n"
    "      --languages LIST  languages kept from HTML and WARC input: comma-separated\n"
    "                        ISO 639-1 codes (default en,ru) or 'all'; pages whose\n"
    "                        language cannot be told are kept\n"
    "      --no-text         leave the text out (metadata only)\n"
    "  -o, --output FILE     write to FILE instead of standard output\n"
    "      --stats           print the number of articles and the seconds taken to stderr\n"
    "      --progress        report progress on stderr every 2 s (default when stderr is a\n"
    "                        terminal; --no-progress turns it off)\n"
    "  -q, --quiet           do not report bad records on stderr\n"
    "  -h, --help            show this help\n"
    "\n"
    "Exit status: 0 every input read; 1 some records or files could not be read (the\n"
    "rest were written); 2 usage error.\n";

typedef struct {
    FILE *out;
    int no_text;
} xctx;

static void field(FILE *f, const char *k, const char *v, int comma) {
    fprintf(f, "%s\"%s\":", comma ? "," : "", k);
    if (v && *v) dy_json_str(f, v, strlen(v), 0);
    else fputs("null", f);
}

static int extract_article(const dyad_article *a, void *vx) {
    xctx *x = vx;
    FILE *f = x->out;
    fputc('{', f);
    field(f, "id", a->id, 0);
    field(f, "url", a->url, 1);
    field(f, "date", a->date, 1);
    field(f, "fetched", a->fetched, 1);
    field(f, "title", a->title, 1);
    field(f, "source", a->source, 1);
    field(f, "lang", a->lang, 1);
    if (!x->no_text) fputs(",\"text\":", f), dy_json_str(f, a->text, a->text_len, 0);
    field(f, "origin", a->origin, 1);
    fprintf(f, ",\"line\":%ld}\n", a->line);
    return ferror(f) ? -1 : 0;
}

int cmd_extract(int argc, char **argv) {
    static const struct option lo[] = {{"input-format", required_argument, 0, 'i'}, {"languages", required_argument, 0, 'L'},
                                       {"no-text", no_argument, 0, 'T'},           {"output", required_argument, 0, 'o'},
                                       {"stats", no_argument, 0, 'S'},             {"progress", no_argument, 0, 'G'},
                                       {"no-progress", no_argument, 0, 'g'},       {"quiet", no_argument, 0, 'q'},
                                       {"help", no_argument, 0, 'h'},              {0, 0, 0, 0}};
    int infmt = DYAD_INPUT_AUTO, quiet = 0, stats = 0, progress = isatty(2), o;
    const char *outpath = NULL;
    xctx x = {stdout, 0};
    optind = 1;
    while ((o = getopt_long(argc, argv, "i:o:qh", lo, NULL)) != -1) {
        switch (o) {
        case 'i':
            infmt = dyad_input_format_parse(optarg);
            if (infmt < 0) { fprintf(stderr, "dyad extract: unknown input format '%s'\n", optarg); return 2; }
            break;
        case 'L': cli_languages = optarg; break;
        case 'T': x.no_text = 1; break;
        case 'o': outpath = optarg; break;
        case 'S': stats = 1; break;
        case 'G': progress = 1; break;
        case 'g': progress = 0; break;
        case 'q': quiet = 1; break;
        case 'h': fputs(usage_extract, stdout); return 0;
        default: fputs(usage_extract, stderr); return 2;
        }
    }
    if (cli_languages && !cli_languages_ok(cli_languages)) {
        fprintf(stderr, "dyad extract: --languages: expected codes like 'en,ru' or 'all', not '%s'\n", cli_languages);
        return 2;
    }
    if (outpath && !(x.out = fopen(outpath, "w"))) { perror(outpath); return 2; }
    long n = 0, nbad = 0;
    double t0 = cli_now();
    int rc = cli_each_article("dyad extract", argv + optind, argc - optind, infmt, quiet, progress, NULL,
                              extract_article, &x, &n, &nbad);
    if (fflush(x.out) || ferror(x.out)) { fprintf(stderr, "dyad extract: write error\n"); rc = -1; }
    if (x.out != stdout) fclose(x.out);
    if (stats) fprintf(stderr, "dyad extract: %ld articles in %.2f s\n", n, cli_now() - t0);
    return rc < 0 ? 1 : nbad ? 1 : 0;
}
