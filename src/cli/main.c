/* main.c — the dyad command line: a thin layer over libdyad.
 *
 *   dyad code [OPTIONS] [FILE...]     code articles into events
 *   dyad validate [--all] FILE.project run a TABARI validation suite
 *   dyad version | help
 *
 * Exit status: 0 success; 1 some input could not be read or coded (the rest
 * was); 2 usage error; 3 dictionary or project error (nothing coded).
 */
#define _DEFAULT_SOURCE 1 /* sbrk, MADV_HUGEPAGE */
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#include "cli/cli.h"
#include "code/coder.h"
#include "code/issues.h"
#include "code/spec.h"
#include "code/validate.h"
#include "dict/dict.h"
#include "dyad.h"
#include "io/gdelt.h"
#include "io/writer.h"
#include "kg/kg.h"
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static const char *const usage_main =
    "usage: dyad <command> [options]\n"
    "\n"
    "Commands:\n"
    "  code       code news articles into CAMEO events (JSON Lines or TABARI)\n"
    "  validate   run a TABARI or PETRARCH validation suite; report N passed, M failed\n"
    "  spec       run spec tests (tests/spec/*.txt): texts with the events they must give\n"
    "  dict       dictionary tools: 'dict stats' (what was loaded), 'dict compile -o FILE'\n"
    "  extract    the articles of HTML pages, WARC archives, feeds ... as JSON Lines\n"
    "  gkg        each article's knowledge graph: places, people, organisations, quotations\n"
    "             with speakers, tone, themes, amounts, dates (JSON or GDELT GKG 2.1)\n"
    "  gazetteer  build or query the place index ('gazetteer lookup Ufa')\n"
    "  ingest     code articles and store them (SQLite file or PostgreSQL), deduplicated\n"
    "  query      ask the store: events, series (month by month), dyads, actors\n"
    "  db         'db migrate' (create or upgrade the schema), 'db info'\n"
    "  serve      the store as a JSON API on this machine (and the dashboard's files)\n"
    "  enqueue    put articles on a Redis stream for workers\n"
    "  worker     take articles from a Redis stream, code and store them\n"
    "  version    print the version\n"
    "  help       show this help, or `dyad help <command>`\n";

static const char *const usage_code =
    "usage: dyad code [OPTIONS] [FILE...]\n"
    "\n"
    "Code articles into CAMEO events.  FILE '-' or no FILE reads standard input.\n"
    "\n"
    "Input:\n"
    "  -i, --input-format F  auto (default: recognised by content), text, jsonl, tabari,\n"
    "                        petrxml, feed (RSS 2.0, RSS 1.0 or Atom; also 'rss', 'atom'),\n"
    "                        html or warc (WARC 1.0/1.1, .warc or .warc.gz)\n"
    "                        text:   optional 'Posted: DD.MM.YYYY HH:MM:SS' or ISO date line,\n"
    "                                title line, body paragraphs (one article per file)\n"
    "                        jsonl:  one JSON object per line: id, date, title, text\n"
    "                                [, url, source, lang]\n"
    "                        tabari: 'YYMMDD ID' header line, text, blank line; /* */ removed\n"
    "                        petrxml: PETRARCH XML, <Sentence date= id= sentence=><Text>\n"
    "                        feed: each item/entry an article: id (guid or link), url,\n"
    "                                title, date, text (content or description, HTML\n"
    "                                reduced to text)\n"
    "                        html: one page: its main text (navigation, ads, comments,\n"
    "                                related links left out), title, publication date,\n"
    "                                outlet, language, canonical URL as id\n"
    "                        warc: each HTML response/resource record a page as html;\n"
    "                                id: the record's URI; others skipped and counted\n"
    "      --languages LIST  languages kept from html and warc input: ISO 639-1 codes\n"
    "                        (default en,ru) or 'all'\n"
    "  -d, --dict [KIND:]PATH  load a TABARI dictionary (actors, agents, verbs, options);\n"
    "                        repeatable; KIND is guessed from the file name when omitted.\n"
    "                        With any --dict the built-in dictionaries are not loaded\n"
    "                        unless --builtin is also given.\n"
    "      --builtin         also load the built-in dictionaries\n"
    "      --dict-format F   auto (default: recognised by content), tabari or petrarch\n"
    "      --strict          stop at the first malformed dictionary line (exit 3); by default\n"
    "                        such a line is reported as FILE:LINE: and skipped, as TABARI and\n"
    "                        PETRARCH do (their production dictionaries have a few)\n"
    "      --all-warnings    print every skipped dictionary line, not only the first 10\n"
    "      --project FILE    load the dictionaries a TABARI .project file names\n"
    "      --date YYYY-MM-DD date for articles that carry none (output and dated actor codes);\n"
    "                        without it an undated article keeps date null and its actors are\n"
    "                        coded as of today (who holds which office now)\n"
    "      --tabari-mode     code exactly as TABARI would: no negation filter, no pronoun\n"
    "                        carried across sentences\n"
    "Output:\n"
    "  -f, --format F        json (default: JSON Lines, one event a line), tabari (TABARI's\n"
    "                        tab-separated lines), phoenix (Phoenix/PETRARCH2 event lines:\n"
    "                        26 Phoenix columns + actor and event text) or phoenix26\n"
    "                        gdelt-events: GDELT 2.0 Event export lines (61 columns, with\n"
    "                        Actor1/Actor2/Action geo, AvgTone, NumMentions; implies --with-kg)\n"
    "      --with-kg         JSON output: add each event's place (\"location\": name, type,\n"
    "                        country, adm1, lat, lon, geonameid and the rule used: sentence,\n"
    "                        dateline or actor)\n"
    "      --gazetteer PATH  the place index (default: $DYAD_GAZETTEER, else gazetteer.idx next\n"
    "                        to the dyad binary)\n"
    "      --issues FILE     code issues with a PETRARCH issues dictionary (Phoenix output's\n"
    "                        Issues column: CODE,count;...)\n"
    "  -o, --output FILE     write events to FILE instead of standard output\n"
    "      --stats           print articles, sentences, events, time and peak memory to stderr\n"
    "      --progress        report progress on stderr every 2 s (default when stderr is a terminal;\n"
    "                        --no-progress turns it off)\n"
    "  -q, --quiet           do not report bad records on stderr (still counted)\n"
    "  -h, --help            show this help\n"
    "\n"
    "Exit status: 0 all articles coded; 1 some records or files could not be read\n"
    "(every other article was still coded); 2 usage error; 3 dictionary error.\n";

static const char *const usage_validate =
    "usage: dyad validate [--all] [--verbose] FILE.project|FILE.xml\n"
    "\n"
    "Run a TABARI validation suite: load the dictionaries and options the project\n"
    "names, code every record of its <textfile> and compare with the expected\n"
    "{ SRC / TGT / CODE } events in the records' comments ({+++} complex, {###}\n"
    "discard, {---} no event, { OPTION: ... } option commands).  Prints each\n"
    "mismatch with the record id and ends with 'N passed, M failed'.\n"
    "A PETRARCH unit-test file (FILE.xml, or a file starting with '<') is run\n"
    "from the dictionaries its <Environment> names against its <EventCoding>s.\n"
    "\n"
    "  --all       continue past FINAL-01 (the end of the standard records);\n"
    "              PETRARCH: score every category and read past <Stop>\n"
    "  --verbose   print the text of failing records\n"
    "  -h, --help  show this help\n"
    "\n"
    "Exit status: 0 all passed; 1 some failed; 3 project or dictionary error.\n";

static const char *const usage_dict =
    "usage: dyad dict stats [--dict [KIND:]PATH]... [--builtin] [--strict]\n"
    "       dyad dict check [--dict [KIND:]PATH]... [--builtin]\n"
    "       dyad dict compile -o FILE [--dict [KIND:]PATH]... [--builtin] [--strict]\n"
    "\n"
    "stats    load the dictionaries (the built-in ones without --dict) and print what was\n"
    "         loaded: actors, agents, verb roots and forms, patterns, synsets,\n"
    "         transformations, discards, skipped lines, load time\n"
    "check    lint them: repeated phrases, phrases that differ only in connectors,\n"
    "         codes that are not CAMEO actor or event codes, people without date\n"
    "         ranges, overlapping date ranges; prints FILE:LINE: problem, exit 1 if any\n"
    "compile  write them as one compiled image FILE; '--dict FILE' loads it in a few\n"
    "         milliseconds.  The image is versioned and refused with a message when it\n"
    "         is corrupt, from another dyad version, or older than a source dictionary.\n"
    "\n"
    "  -d, --dict [KIND:]PATH  a dictionary (KIND: actors, agents, verbs, options, discards;\n"
    "                          guessed from the name when omitted); TABARI and PETRARCH\n"
    "                          formats are recognised by content\n"
    "      --builtin           also load the built-in dictionaries\n"
    "      --dict-format F     auto (default), tabari or petrarch: how verb files are read\n"
    "      --strict            stop at the first malformed line (exit 3)\n"
    "  -o, --output FILE       the image to write (compile)\n"
    "  -h, --help              show this help\n"
    "\n"
    "Exit status: 0 done; 2 usage; 3 dictionary error.\n";

static const char *const usage_spec =
    "usage: dyad spec [--dict [KIND:]PATH]... FILE...\n"
    "\n"
    "Run spec tests: each case ('=== title', optional 'date:' and 'mode: tabari',\n"
    "'text:' lines, 'events:' lines 'SOURCE TARGET CODE' or 'none') is coded with\n"
    "the built-in dictionaries (or the --dict files) and must give exactly the\n"
    "listed events.  A 'kg:' section lists knowledge-graph checks (place, no-place,\n"
    "quotes, quote, all-quotes, person, no-person, org, theme, amount, date, tone,\n"
    "location; see src/code/spec.c); a case with 'kg:' and no 'events:' checks only\n"
    "the graph.  Prints each failing case and ends with 'N passed, M failed'.\n"
    "\n"
    "  -d, --dict [KIND:]PATH  use this dictionary instead of the built-in ones (repeatable)\n"
    "  -h, --help              show this help\n"
    "\n"
    "Exit status: 0 all passed; 1 some failed; 2 usage; 3 dictionary error.\n";

static int all_warnings;
static void dict_warning(void *ctx, const char *msg) {
    long *n = ctx;
    if (++*n <= 10 || all_warnings) fprintf(stderr, "dyad: warning: %s (line skipped)\n", msg);
}

static void issues_warning(void *ctx, const char *msg) {
    long *n = ctx;
    if (++*n <= 10 || all_warnings) fprintf(stderr, "dyad code: warning: %s\n", msg);
}

/* Phoenix lines with the Issues column: ~~ exclusions over the article,
 * issues once per sentence. */
static int write_phoenix_issues(FILE *out, int fmt, const dy_issues *iss, const dyad_article *a, const dyad_event *ev,
                                int n, unsigned char **mask, size_t *maskcap) {
    size_t ns = dy_issues_sections(iss);
    if (*maskcap < ns) {
        unsigned char *m = realloc(*mask, ns);
        if (!m) return -1;
        *mask = m;
        *maskcap = ns;
    }
    dy_issues_story(iss, a->text, a->text_len, *mask);
    char buf[1024] = "";
    int cur = -1;
    for (int i = 0; i < n; i++) {
        if (ev[i].sentence != cur) {
            cur = ev[i].sentence;
            dy_issues_match_story(iss, a->text, ev[i].sent_start, ev[i].sent_end, *mask, buf, sizeof buf);
        }
        if (dy_write_event_phoenix_cols(out, a, &ev[i], i, buf, fmt == DY_OUT_PHOENIX)) return -1;
    }
    return 0;
}

/* --with-kg: each JSON event gets "location" */
struct kgx { const dy_kg *kg; const dy_kg_doc *doc; };
static void kg_location(FILE *f, int i, void *ctx) {
    const struct kgx *x = ctx;
    fputs(",\"location\":", f);
    if (i < x->doc->n_evlocs && x->doc->evlocs[i].place != GZ_NONE)
        dy_kg_write_place_json(f, x->kg, x->doc->evlocs[i].place, x->doc->evlocs[i].rule);
    else
        fputs("null", f);
}

static long peak_rss_kb(void) {
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru)) return 0;
    return ru.ru_maxrss;
}

double cli_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}
#define now cli_now

void cli_today(char *buf, size_t cap) {
    time_t tt = time(NULL);
    struct tm tmv;
    gmtime_r(&tt, &tmv);
    strftime(buf, cap, "%Y-%m-%d", &tmv);
}

/* dyad code's work on one article (called by cli_each_article) */
struct code_ctx {
    dyad_coder *c;
    const dy_kg *kg;
    dy_kg_doc *doc;
    const dy_issues *iss;
    FILE *out;
    int outfmt, with_kg;
    const char *defdate;
    char today[16];
    unsigned char *mask; /* Phoenix issues: sections excluded by the story */
    size_t maskcap;
    long nevents, nsentences;
};

static int code_article(const dyad_article *a, void *ctx) {
    struct code_ctx *x = ctx;
    const dyad_event *ev;
    dyad_article a2 = *a;
    if (!a2.date[0]) a2.date = x->defdate;
    /* undated news is most likely current: pick office holders as of today */
    int n = dyad_code_text(x->c, a2.text, a2.text_len, a2.date[0] ? a2.date : x->today, a->one_sentence, &ev);
    x->nsentences += dy_coder_sentences(x->c);
    if (x->with_kg && dy_kg_analyze(x->kg, x->c, a2.text, a2.text_len, a2.date, ev, n > 0 ? n : 0, x->doc)) {
        fprintf(stderr, "dyad code: out of memory\n");
        return -1;
    }
    if (n <= 0) return 0;
    x->nevents += n;
    struct kgx k = {x->kg, x->doc};
    int fmt = x->outfmt;
    int werr = fmt == DY_OUT_GDELT ? dy_write_gdelt_events(x->out, x->kg, &a2, ev, n, x->doc)
               : x->with_kg && fmt == DY_OUT_JSON ? dy_write_events_ex(x->out, fmt, &a2, ev, n, kg_location, &k)
               : x->iss && (fmt == DY_OUT_PHOENIX || fmt == DY_OUT_PHOENIX26)
                   ? write_phoenix_issues(x->out, fmt, x->iss, &a2, ev, n, &x->mask, &x->maskcap)
                   : dy_write_events(x->out, fmt, &a2, ev, n);
    if (werr) {
        fprintf(stderr, "dyad code: write error: %s\n", strerror(errno));
        return -1;
    }
    return 0;
}

static int cmd_code(int argc, char **argv) {
    static const struct option lo[] = {{"input-format", required_argument, 0, 'i'},
                                       {"dict", required_argument, 0, 'd'},
                                       {"builtin", no_argument, 0, 'B'},
                                       {"dict-format", required_argument, 0, 'F'},
                                       {"strict", no_argument, 0, 'L'},
                                       {"all-warnings", no_argument, 0, 'W'},
                                       {"issues", required_argument, 0, 'I'},
                                       {"with-kg", no_argument, 0, 'K'},
                                       {"gazetteer", required_argument, 0, 'z'},
                                       {"project", required_argument, 0, 'P'},
                                       {"date", required_argument, 0, 'D'},
                                       {"tabari-mode", no_argument, 0, 'T'},
                                       {"format", required_argument, 0, 'f'},
                                       {"output", required_argument, 0, 'o'},
                                       {"stats", no_argument, 0, 'S'},
                                       {"progress", no_argument, 0, 'G'},
                                       {"no-progress", no_argument, 0, 'g'},
                                       {"languages", required_argument, 0, 'N'},
                                       {"quiet", no_argument, 0, 'q'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
    int strict = 0, dictfmt = 0;
    int progress = isatty(2);
    const char *issues_path = NULL, *gazpath = NULL;
    int with_kg = 0;
    int infmt = DYAD_INPUT_AUTO, outfmt = DY_OUT_JSON, builtin = 0, stats = 0, quiet = 0, tabari = 0;
    const char *outpath = NULL, *defdate = "";
    const char *dicts[CLI_MAXDICTS];
    const char *project = NULL;
    int ndicts = 0, o;
    optind = 1;
    argv[0] = "dyad code"; /* getopt's messages name the subcommand */
    while ((o = getopt_long(argc, argv, "i:d:f:o:qh", lo, NULL)) != -1) {
        switch (o) {
        case 'i':
            infmt = dyad_input_format_parse(optarg);
            if (infmt < 0) {
                fprintf(stderr, "dyad code: unknown input format '%s' (auto, text, jsonl, tabari)\n", optarg);
                return 2;
            }
            break;
        case 'd':
            if (cli_add_dict("dyad code", dicts, &ndicts, optarg)) return 2;
            break;
        case 'B': builtin = 1; break;
        case 'F':
            if ((dictfmt = dyad_dict_format_parse(optarg)) < 0) {
                fprintf(stderr, "dyad code: unknown dictionary format '%s' (auto, tabari, petrarch)\n", optarg);
                return 2;
            }
            break;
        case 'L': strict = 1; break;
        case 'W': all_warnings = 1; break;
        case 'I': issues_path = optarg; break;
        case 'K': with_kg = 1; break;
        case 'z': gazpath = optarg; break;
        case 'P': project = optarg; break;
        case 'D':
            if (!dy_date_int(optarg)) { fprintf(stderr, "dyad code: --date wants YYYY-MM-DD, not '%s'\n", optarg); return 2; }
            defdate = optarg;
            break;
        case 'T': tabari = 1; break;
        case 'f':
            if (!strcmp(optarg, "json") || !strcmp(optarg, "jsonl")) outfmt = DY_OUT_JSON;
            else if (!strcmp(optarg, "tabari")) outfmt = DY_OUT_TABARI;
            else if (!strcmp(optarg, "phoenix")) outfmt = DY_OUT_PHOENIX;
            else if (!strcmp(optarg, "phoenix26")) outfmt = DY_OUT_PHOENIX26;
            else if (!strcmp(optarg, "gdelt-events") || !strcmp(optarg, "gdelt")) outfmt = DY_OUT_GDELT;
            else {
                fprintf(stderr, "dyad code: unknown output format '%s' (json, tabari, phoenix, phoenix26, gdelt-events)\n",
                        optarg);
                return 2;
            }
            break;
        case 'o': outpath = optarg; break;
        case 'S': stats = 1; break;
        case 'G': progress = 1; break;
        case 'g': progress = 0; break;
        case 'N':
            if (!cli_languages_ok(optarg)) {
                fprintf(stderr, "dyad code: --languages: expected codes like 'en,ru' or 'all', not '%s'\n", optarg);
                return 2;
            }
            cli_languages = optarg;
            break;
        case 'q': quiet = 1; break;
        case 'h': fputs(usage_code, stdout); return 0;
        default: fputs(usage_code, stderr); return 2;
        }
    }
    double t0 = now();
    char err[1024];
    dyad_dict *d = !ndicts && !project ? cli_builtin_image() : NULL; /* the built-in set, compiled */
    int have = d != NULL;
    if (!d) d = dyad_dict_new();
    if (!d) { fprintf(stderr, "dyad code: out of memory\n"); return 3; }
    int rc = 0;
    long nwarn = 0;
    if (!strict) dyad_dict_set_lenient(d, 1, dict_warning, &nwarn);
    dyad_dict_set_format(d, (dyad_dict_format)dictfmt);
    if (!have && ((!ndicts && !project) || builtin)) rc = dyad_dict_load_builtin(d, err, sizeof err);
    if (!rc && project) rc = dy_project_load(d, project, NULL, 0, err, sizeof err);
    for (int i = 0; i < ndicts && !rc; i++) rc = cli_load_dict_spec(d, dicts[i], err, sizeof err);
    if (!rc && !have) rc = dyad_dict_compile(d, err, sizeof err);
    dy_issues *iss = NULL;
    if (!rc && issues_path) {
        dy_issues_opts io = {!strict, issues_warning, &nwarn};
        iss = dy_issues_load_opts(issues_path, &io, err, sizeof err);
        if (!iss) rc = DYAD_EPARSE;
    }
    if (!rc && dyad_dict_skipped(d))
        fprintf(stderr, "dyad code: warning: %zu malformed dictionary line(s) skipped\n", dyad_dict_skipped(d));
    if (rc) {
        fprintf(stderr, "dyad code: %s\n", err);
        dyad_dict_free(d);
        return 3;
    }
    dy_kg *kg = NULL;
    dy_kg_doc *doc = NULL;
    if (outfmt == DY_OUT_GDELT) with_kg = 1;
    if (with_kg) {
        kg = dy_kg_new(gazpath, 1, err, sizeof err);
        doc = kg ? dy_kg_doc_new() : NULL;
        if (!doc) {
            fprintf(stderr, "dyad code: %s\n", kg ? "out of memory" : err);
            dy_kg_free(kg);
            dy_issues_free(iss);
            dyad_dict_free(d);
            return 3;
        }
    }
    double t1 = now();
    FILE *out = stdout;
    if (outpath && !(out = fopen(outpath, "w"))) {
        fprintf(stderr, "dyad code: %s: %s\n", outpath, strerror(errno));
        dy_issues_free(iss);
        dyad_dict_free(d);
        return 2;
    }
    dyad_coder *c = dyad_coder_new(d);
    if (tabari) dy_coder_set_tabari(c, 1);
    if (with_kg) dy_coder_want_mentions(c, 1);
    struct code_ctx x = {c, kg, doc, iss, out, outfmt, with_kg, defdate, "", NULL, 0, 0, 0};
    cli_today(x.today, sizeof x.today);
    long narticles = 0, nbad = 0;
    cli_detect_language = 0; /* events carry no language */
    if (cli_each_article("dyad code", argv + optind, argc - optind, infmt, quiet, progress, &x.nevents, code_article, &x,
                         &narticles, &nbad) < 0)
        rc = 1;
    long nevents = x.nevents, nsentences = x.nsentences;
    unsigned char *mask = x.mask;
    if (fflush(out) || (out != stdout && fclose(out))) {
        fprintf(stderr, "dyad code: write error: %s\n", strerror(errno));
        rc = 1;
    }
    double t2 = now();
    if (stats) {
        size_t na, ng, nv, np;
        dyad_dict_stats(d, &na, &ng, &nv, &np);
        fprintf(stderr,
                "dyad: dictionaries %zu actors, %zu agents, %zu verbs, %zu patterns loaded in %.3f s%s\n"
                "dyad: %ld articles, %ld sentences, %ld events, %ld bad records in %.3f s; peak memory %.1f MB\n",
                na, ng, nv, np, t1 - t0, have ? " (compiled image)" : "", narticles, nsentences, nevents, nbad, t2 - t1, peak_rss_kb() / 1024.0);
    }
    dyad_coder_free(c);
    dy_kg_doc_free(doc);
    dy_kg_free(kg);
    free(mask);
    dy_issues_free(iss);
    dyad_dict_free(d);
    if (rc) return rc;
    return nbad ? 1 : 0;
}

/* A PETRARCH validation file: the name ends in ".xml", or the first
 * non-blank byte (after a byte-order mark) is '<'. */
static int is_petr_xml(const char *path) {
    size_t n = strlen(path);
    if (n >= 4 && !strcasecmp(path + n - 4, ".xml")) return 1;
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    int c = getc(f);
    if (c == 0xEF && getc(f) == 0xBB && getc(f) == 0xBF) c = getc(f);
    while (c == ' ' || c == '\t' || c == '\r' || c == '\n') c = getc(f);
    fclose(f);
    return c == '<';
}

static int cmd_validate(int argc, char **argv) {
    static const struct option lo[] = {
        {"all", no_argument, 0, 'a'}, {"verbose", no_argument, 0, 'v'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int all = 0, verbose = 0, o;
    optind = 1;
    argv[0] = "dyad validate";
    while ((o = getopt_long(argc, argv, "avh", lo, NULL)) != -1) {
        if (o == 'a') all = 1;
        else if (o == 'v') verbose = 1;
        else if (o == 'h') { fputs(usage_validate, stdout); return 0; }
        else { fputs(usage_validate, stderr); return 2; }
    }
    if (optind != argc - 1) {
        fputs(usage_validate, stderr);
        return 2;
    }
    return is_petr_xml(argv[optind]) ? dy_validate_petr(argv[optind], stdout, all, verbose)
                                     : dy_validate_project(argv[optind], stdout, all, verbose);
}

static int cmd_spec(int argc, char **argv) {
    static const struct option lo[] = {{"dict", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *dicts[CLI_MAXDICTS];
    int ndicts = 0, o;
    optind = 1;
    argv[0] = "dyad spec";
    while ((o = getopt_long(argc, argv, "d:h", lo, NULL)) != -1) {
        if (o == 'd' && ndicts < CLI_MAXDICTS) dicts[ndicts++] = optarg;
        else if (o == 'h') { fputs(usage_spec, stdout); return 0; }
        else { fputs(usage_spec, stderr); return 2; }
    }
    if (optind >= argc) { fputs(usage_spec, stderr); return 2; }
    char err[1024];
    dyad_dict *d = dyad_dict_new();
    int rc = ndicts ? 0 : dyad_dict_load_builtin(d, err, sizeof err);
    for (int i = 0; i < ndicts && !rc; i++) rc = cli_load_dict_spec(d, dicts[i], err, sizeof err);
    if (!rc) rc = dyad_dict_compile(d, err, sizeof err);
    if (rc) {
        fprintf(stderr, "dyad spec: %s\n", err);
        dyad_dict_free(d);
        return 3;
    }
    int passed = 0, failed = 0, unreadable = 0;
    dy_kg *kg = dy_kg_new(NULL, 0, err, sizeof err); /* for "kg:" checks; they fail without it */
    dy_spec_set_kg(kg);
    for (int i = optind; i < argc; i++)
        if (dy_spec_run(d, argv[i], stdout, &passed, &failed) < 0) unreadable++;
    printf("%d passed, %d failed\n", passed, failed);
    dy_kg_free(kg);
    dyad_dict_free(d);
    return failed || unreadable ? 1 : 0;
}

static int cmd_dict(int argc, char **argv) {
    static const struct option lo[] = {{"dict", required_argument, 0, 'd'},     {"builtin", no_argument, 0, 'B'},
                                       {"dict-format", required_argument, 0, 'F'},
                                       {"strict", no_argument, 0, 'L'},         {"output", required_argument, 0, 'o'},
                                       {"help", no_argument, 0, 'h'},           {0, 0, 0, 0}};
    if (argc < 2 || (strcmp(argv[1], "stats") && strcmp(argv[1], "compile") && strcmp(argv[1], "check"))) {
        if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
            fputs(usage_dict, stdout);
            return 0;
        }
        fputs(usage_dict, stderr);
        return 2;
    }
    int compile = !strcmp(argv[1], "compile"), check = !strcmp(argv[1], "check");
    const char *dicts[CLI_MAXDICTS], *outpath = NULL;
    int ndicts = 0, builtin = 0, strict = 0, dictfmt = 0, o;
    argc--;
    argv++;
    optind = 1;
    argv[0] = compile ? "dyad dict compile" : check ? "dyad dict check" : "dyad dict stats";
    while ((o = getopt_long(argc, argv, "d:o:h", lo, NULL)) != -1) {
        switch (o) {
        case 'd':
            if (cli_add_dict(argv[0], dicts, &ndicts, optarg)) return 2;
            break;
        case 'B': builtin = 1; break;
        case 'F':
            if ((dictfmt = dyad_dict_format_parse(optarg)) < 0) {
                fprintf(stderr, "%s: unknown dictionary format '%s' (auto, tabari, petrarch)\n", argv[0], optarg);
                return 2;
            }
            break;
        case 'L': strict = 1; break;
        case 'o': outpath = optarg; break;
        case 'h': fputs(usage_dict, stdout); return 0;
        default: fputs(usage_dict, stderr); return 2;
        }
    }
    if (optind != argc) { fputs(usage_dict, stderr); return 2; }
    if (compile && !outpath) { fprintf(stderr, "dyad dict compile: -o FILE is required\n"); return 2; }
    double t0 = now();
    char err[1024];
    long nwarn = 0;
    dyad_dict *d = dyad_dict_new();
    if (!strict) dyad_dict_set_lenient(d, 1, dict_warning, &nwarn);
    dyad_dict_set_format(d, (dyad_dict_format)dictfmt);
    int rc = (!ndicts || builtin) ? dyad_dict_load_builtin(d, err, sizeof err) : 0;
    for (int i = 0; i < ndicts && !rc; i++) rc = cli_load_dict_spec(d, dicts[i], err, sizeof err);
    if (!rc) rc = dyad_dict_compile(d, err, sizeof err);
    double t1 = now();
    if (rc) {
        fprintf(stderr, "%s: %s\n", argv[0], err);
        dyad_dict_free(d);
        return 3;
    }
    if (check) {
        int problems = dy_dict_check(d, stdout);
        printf("%d problem(s)\n", problems);
        dyad_dict_free(d);
        return problems ? 1 : 0;
    }
    if (compile) {
        if (dyad_dict_save(d, outpath, err, sizeof err)) {
            fprintf(stderr, "dyad dict compile: %s\n", err);
            dyad_dict_free(d);
            return 3;
        }
        fprintf(stderr, "dyad dict compile: wrote %s\n", outpath);
    } else {
        printf("actors        %zu\nagents        %zu\nverb roots    %zu\nverb forms    %zu\npatterns      %zu\n"
               "synsets       %zu\ntransforms    %zu\ndiscards      %zu\nskipped lines %zu\n"
               "load time     %.3f s\npeak memory   %.1f MB\n",
               d->nactors, d->nagents, d->nverbs, d->nforms, d->npatterns, d->nsynsets, d->ntransforms, d->ndiscards,
               d->nskipped, t1 - t0, peak_rss_kb() / 1024.0);
    }
    dyad_dict_free(d);
    return 0;
}

/* The main thread's heap in memory the kernel may back with 2 MB pages.
 * Loading the dictionaries and coding first touch some 5 MB of heap, 4 KB
 * page by 4 KB page: ~1,300 page faults, a third of the time of coding one
 * article on a virtual machine, where a fault is expensive.  The heap grows
 * in 32 MB steps that are advised for huge pages and not given back when
 * freed, and blocks up to 32 MB come from it rather than from mmap (whose
 * mappings would be ordinary pages).  Untouched heap takes no memory.
 * glibc only; elsewhere, or without huge pages, nothing changes. */
static void heap_in_huge_pages(void) {
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE)
    size_t step = (size_t)32 << 20, huge = (size_t)2 << 20;
    if (!mallopt(M_TOP_PAD, (int)step) || !mallopt(M_TRIM_THRESHOLD, (int)(2 * step)) ||
        !mallopt(M_MMAP_THRESHOLD, (int)step))
        return;
    void *p = malloc(64 << 10); /* the heap grows by the step now */
    char *top = sbrk(0);
    free(p);
    if (!p || top == (char *)-1) return;
    char *lo = (char *)(((uintptr_t)p + huge - 1) & ~(uintptr_t)(huge - 1));
    if (top > lo) madvise(lo, (size_t)(top - lo) & ~(huge - 1), MADV_HUGEPAGE);
#endif
}

int main(int argc, char **argv) {
    heap_in_huge_pages();
    if (argc < 2) {
        fputs(usage_main, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "code")) return cmd_code(argc - 1, argv + 1);
    if (!strcmp(cmd, "validate")) return cmd_validate(argc - 1, argv + 1);
    if (!strcmp(cmd, "spec")) return cmd_spec(argc - 1, argv + 1);
    if (!strcmp(cmd, "dict")) return cmd_dict(argc - 1, argv + 1);
    if (!strcmp(cmd, "gkg")) return cmd_gkg(argc - 1, argv + 1);
    if (!strcmp(cmd, "extract")) return cmd_extract(argc - 1, argv + 1);
    if (!strcmp(cmd, "gazetteer")) return cmd_gazetteer(argc - 1, argv + 1);
    if (!strcmp(cmd, "ingest")) return cmd_ingest(argc - 1, argv + 1);
    if (!strcmp(cmd, "query")) return cmd_query(argc - 1, argv + 1);
    if (!strcmp(cmd, "db")) return cmd_db(argc - 1, argv + 1);
    if (!strcmp(cmd, "serve")) return cmd_serve(argc - 1, argv + 1);
    if (!strcmp(cmd, "enqueue")) return cmd_enqueue(argc - 1, argv + 1);
    if (!strcmp(cmd, "worker")) return cmd_worker(argc - 1, argv + 1);
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        printf("dyad %s\n", DYAD_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        if (argc > 2 && !strcmp(argv[2], "code")) fputs(usage_code, stdout);
        else if (argc > 2 && !strcmp(argv[2], "validate")) fputs(usage_validate, stdout);
        else if (argc > 2 && !strcmp(argv[2], "spec")) fputs(usage_spec, stdout);
        else if (argc > 2 && !strcmp(argv[2], "dict")) fputs(usage_dict, stdout);
        else if (argc > 2 && !strcmp(argv[2], "gkg")) fputs(usage_gkg, stdout);
        else if (argc > 2 && !strcmp(argv[2], "extract")) fputs(usage_extract, stdout);
        else if (argc > 2 && !strcmp(argv[2], "gazetteer")) fputs(usage_gazetteer, stdout);
        else if (argc > 2 && !strcmp(argv[2], "ingest")) fputs(usage_ingest, stdout);
        else if (argc > 2 && !strcmp(argv[2], "query")) fputs(usage_query, stdout);
        else if (argc > 2 && !strcmp(argv[2], "db")) fputs(usage_db, stdout);
        else if (argc > 2 && !strcmp(argv[2], "serve")) fputs(usage_serve, stdout);
        else if (argc > 2 && !strcmp(argv[2], "enqueue")) fputs(usage_enqueue, stdout);
        else if (argc > 2 && !strcmp(argv[2], "worker")) fputs(usage_worker, stdout);
        else fputs(usage_main, stdout);
        return 0;
    }
    fprintf(stderr, "dyad: unknown command '%s'\n\n%s", cmd, usage_main);
    return 2;
}
