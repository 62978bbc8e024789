/* store.c — `dyad ingest`, `dyad query`, `dyad db`: the store (src/store). */
#include "cli/cli.h"
#include "dyad_internal.h"
#include "code/coder.h"
#include "kg/kg.h"
#include "store/store.h"
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_DB "dyad.sqlite"

const char *const usage_ingest =
    "usage: dyad ingest [--db URL] [OPTIONS] FILE...\n"
    "\n"
    "Code articles and store them: articles, sentences, events (with PLOVER and\n"
    "provenance), actors and the knowledge graph (places, quotations, people,\n"
    "organisations, themes, tone).  Each article is stored in one transaction, so an\n"
    "interrupted run leaves every article complete or absent.  An article already in the\n"
    "store (same id: the input's id, else its URL, else a hash of its text) is skipped;\n"
    "near-duplicate stories (MinHash of word 3-shingles: 22 of 32 minimums equal) share\n"
    "a story id, which queries use to count syndicated copies once.\n"
    "\n"
    "  --db URL              a SQLite file (default ./dyad.sqlite; WAL mode, FTS5) or\n"
    "                        postgresql://USER@HOST:PORT/DB (libpq connection URI)\n"
    "  -i, --input-format F  auto (default), text, jsonl, tabari, petrxml, feed (RSS, Atom),\n"
    "                        html or warc (.warc, .warc.gz; pages in English and Russian)\n"
    "      --date YYYY-MM-DD date for articles that carry none\n"
    "      --recode          replace articles already stored (after a dictionary update)\n"
    "  -d, --dict [KIND:]PATH  code with this dictionary (TABARI or PETRARCH format, or an\n"
    "                        image from 'dyad dict compile'; repeatable; KIND: actors,\n"
    "                        agents, verbs, options, discards) instead of the built-in\n"
    "                        ones, unless --builtin is also given\n"
    "      --builtin         also load the built-in dictionaries\n"
    "      --no-kg           store events only (no places, quotations, ...)\n"
    "      --gazetteer PATH  the place index (default: next to the dyad binary)\n"
    "      --stats           print articles, events, added/skipped and time to stderr\n"
    "  -q, --quiet           do not report bad records\n"
    "  -h, --help            show this help\n"
    "\n"
    "Exit status: 0 all stored (or already there); 1 some records could not be read or\n"
    "stored (the rest were); 2 usage; 3 dictionaries or gazetteer; 4 the database cannot\n"
    "be opened, is not a dyad database, has another schema version, or is full.\n";

const char *const usage_db =
    "usage: dyad db migrate [--db URL]\n"
    "       dyad db info [--db URL]\n"
    "\n"
    "migrate  create the schema in a new database or bring an older one to this dyad's\n"
    "         version (each step in a transaction)\n"
    "info     schema version and counts of articles, stories, events\n"
    "\n"
    "Exit status: 0 done; 2 usage; 4 database error.\n";

const char *const usage_query =
    "usage: dyad query events|series|dyads|actors [--db URL] [FILTERS] [OUTPUT]\n"
    "\n"
    "events   the events (date, source, target, code, root, quad, goldstein, plover,\n"
    "         mentions, place, country, lat, lon, article, sentence, text)\n"
    "series   per period: events, goldstein_mean and counts per quad class\n"
    "         (use --source/--target or --actor, and --by)\n"
    "dyads    the most frequent source-target pairs\n"
    "actors   the most frequent actors (as source and as target)\n"
    "\n"
    "Filters (all optional, combined with AND):\n"
    "      --from DATE, --to DATE  date range (YYYY-MM-DD, inclusive)\n"
    "      --actor CODE      actor code prefix on either side (BLR matches BLRGOV)\n"
    "      --source CODE, --target CODE  code prefixes of the source / target\n"
    "      --root NN         CAMEO root (two digits)\n"
    "      --quad N          QuadClass 1-4\n"
    "      --plover TYPE     PLOVER event type (CONSULT, COOPERATE, ...)\n"
    "      --country CC      ISO 3166-1 alpha-2 of the event's place\n"
    "      --near LAT,LON,KM the event's place within KM of LAT,LON\n"
    "      --text WORDS      full-text search in the event's sentence\n"
    "Counting:\n"
    "      --count raw|story|day  raw: every event of every article (default); story:\n"
    "                        one per story, date, source, target, code (syndicated copies\n"
    "                        count once); day: one per date, source, target, code\n"
    "      --by day|week|month  series period (default month; weeks start on Monday)\n"
    "      --limit N         at most N rows (default 100 events, 20 dyads/actors)\n"
    "Output: an aligned table on a terminal, else tab-separated;\n"
    "      --csv             comma-separated with a header line\n"
    "      --json            one JSON object per row\n"
    "      --db URL          as for dyad ingest (default ./dyad.sqlite)\n"
    "\n"
    "Exit status: 0 done; 2 usage; 4 database error.\n";

static int open_fail(const char *cmd, const char *err, int why) {
    (void)why;
    fprintf(stderr, "%s: %s\n", cmd, err);
    return 4;
}

struct ing {
    dyad_coder *c;
    dy_kg *kg;
    dy_kg_doc *doc;
    dy_store *st;
    const char *defdate;
    char today[16];
    int recode, quiet;
    long added, skipped, replaced, events, failed;
    double t_store; /* seconds inside dy_store_put */
    int fatal;
};

static int ingest_article(const dyad_article *a0, void *ctx) {
    struct ing *g = ctx;
    dyad_article a = *a0;
    if (!a.date[0]) a.date = g->defdate;
    const dyad_event *ev;
    int n = dyad_code_text(g->c, a.text, a.text_len, a.date[0] ? a.date : g->today, a.one_sentence, &ev);
    if (n < 0) n = 0;
    if (g->kg && dy_kg_analyze(g->kg, g->c, a.text, a.text_len, a.date, ev, n, g->doc)) return -1;
    int nmen;
    const dy_mention *men = dy_coder_mentions(g->c, &nmen);
    size_t nsent = 0;
    const dyad_span *sent = dy_coder_spans(g->c, a.text, a.text_len, &nsent);
    double t0 = cli_now();
    int r = dy_store_put(g->st, &a, ev, n, men, nmen, sent, nsent, g->kg, g->kg ? g->doc : NULL, g->recode);
    g->t_store += cli_now() - t0;
    if (r < 0) {
        int kind = dy_store_errkind(g->st);
        fprintf(stderr, "dyad ingest: %s:%ld: article %s not stored: %s\n", a.origin, a.line, a.id, dy_store_error(g->st));
        g->failed++;
        /* a full disk or a lost server: stop, the rest would fail the same way */
        if (kind == DBE_FULL || kind == DBE_OPEN) { g->fatal = 1; return -1; }
        return 1;
    }
    if (r == STORE_EXISTS) g->skipped++;
    else {
        g->events += n;
        if (r == STORE_REPLACED) g->replaced++;
        else g->added++;
    }
    return 0;
}

int cmd_ingest(int argc, char **argv) {
    static const struct option lo[] = {{"db", required_argument, 0, 'b'},       {"input-format", required_argument, 0, 'i'},
                                       {"date", required_argument, 0, 'D'},     {"recode", no_argument, 0, 'R'},
                                       {"no-kg", no_argument, 0, 'N'},          {"gazetteer", required_argument, 0, 'g'},
                                       {"stats", no_argument, 0, 'S'},          {"quiet", no_argument, 0, 'q'},
                                       {"dict", required_argument, 0, 'd'},     {"builtin", no_argument, 0, 'B'},
                                       {"help", no_argument, 0, 'h'},           {0, 0, 0, 0}};
    const char *url = DEFAULT_DB, *gazpath = NULL;
    const char *dicts[CLI_MAXDICTS];
    int ndicts = 0, builtin = 0;
    struct ing g;
    memset(&g, 0, sizeof g);
    g.defdate = "";
    int infmt = DYAD_INPUT_AUTO, nokg = 0, stats = 0, o;
    optind = 1;
    argv[0] = "dyad ingest";
    while ((o = getopt_long(argc, argv, "i:d:qh", lo, NULL)) != -1) {
        switch (o) {
        case 'b': url = optarg; break;
        case 'd':
            if (cli_add_dict("dyad ingest", dicts, &ndicts, optarg)) return 2;
            break;
        case 'B': builtin = 1; break;
        case 'i':
            if ((infmt = dyad_input_format_parse(optarg)) < 0) {
                fprintf(stderr, "dyad ingest: unknown input format '%s'\n", optarg);
                return 2;
            }
            break;
        case 'D':
            if (!dy_date_int(optarg)) { fprintf(stderr, "dyad ingest: --date wants YYYY-MM-DD, not '%s'\n", optarg); return 2; }
            g.defdate = optarg;
            break;
        case 'R': g.recode = 1; break;
        case 'N': nokg = 1; break;
        case 'g': gazpath = optarg; break;
        case 'S': stats = 1; break;
        case 'q': g.quiet = 1; break;
        case 'h': fputs(usage_ingest, stdout); return 0;
        default: fputs(usage_ingest, stderr); return 2;
        }
    }
    if (optind >= argc) { fputs(usage_ingest, stderr); return 2; }
    double t0 = cli_now();
    char err[1200];
    dyad_dict *d = cli_dicts("dyad ingest", dicts, ndicts, builtin);
    if (!d) return 3;
    if (!nokg && !(g.kg = dy_kg_new(gazpath, 1, err, sizeof err))) {
        fprintf(stderr, "dyad ingest: %s (or use --no-kg)\n", err);
        dyad_dict_free(d);
        return 3;
    }
    int why;
    g.st = dy_store_open(url, 0, err, sizeof err, &why);
    if (!g.st) {
        dy_kg_free(g.kg);
        dyad_dict_free(d);
        return open_fail("dyad ingest", err, why);
    }
    /* SQLite: each batch's checkpoint overlaps the coding of the next */
    db_checkpoint_in_background(dy_store_db(g.st));
    g.c = dyad_coder_new(d);
    g.doc = dy_kg_doc_new();
    if (!g.c || !g.doc) { fprintf(stderr, "dyad ingest: out of memory\n"); return 1; }
    dy_coder_want_mentions(g.c, 1);
    cli_today(g.today, sizeof g.today);
    long narticles = 0, nbad = 0;
    cli_each_article("dyad ingest", argv + optind, argc - optind, infmt, g.quiet, isatty(2), &g.events, ingest_article, &g,
                     &narticles, &nbad);
    double tf = cli_now();
    if (dy_store_flush(g.st)) {
        fprintf(stderr, "dyad ingest: %s\n", dy_store_error(g.st));
        g.fatal = 1;
    }
    /* closing is timed too: SQLite copies the write-ahead log into the file
     * and syncs it (in a long ingest that happens every 128 MB of log) */
    double tc = cli_now();
    dy_store_close(g.st);
    double t1 = cli_now();
    g.t_store += t1 - tf;
    if (stats || g.fatal)
        fprintf(stderr,
                "dyad ingest: %ld articles read: %ld added, %ld replaced, %ld already stored, %ld failed; %ld events"
                " in %.2f s (%.0f events/s); %.2f s of it in the database (%.0f events/s), %.2f s of that closing"
                " it\n",
                narticles, g.added, g.replaced, g.skipped, g.failed, g.events, t1 - t0,
                t1 > t0 ? g.events / (t1 - t0) : 0.0, g.t_store, g.t_store > 0 ? g.events / g.t_store : 0.0, t1 - tc);
    dy_kg_doc_free(g.doc);
    dyad_coder_free(g.c);
    dy_kg_free(g.kg);
    dyad_dict_free(d);
    if (g.fatal) return 4;
    return nbad ? 1 : 0;
}

int cmd_db(int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fputs(usage_db, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1], *url = DEFAULT_DB;
    if (strcmp(sub, "migrate") && strcmp(sub, "info")) { fputs(usage_db, stderr); return 2; }
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--db") && i + 1 < argc) url = argv[++i];
        else if (!strncmp(argv[i], "--db=", 5)) url = argv[i] + 5;
        else { fputs(usage_db, stderr); return 2; }
    }
    char err[1200];
    int why;
    int migrate = !strcmp(sub, "migrate");
    /* open without migrating first, to report the version we found */
    dy_db *db = db_open(url, err, sizeof err);
    if (!db) return open_fail("dyad db", err, DBE_OPEN);
    db_close(db);
    dy_store *s = dy_store_open(url, migrate, err, sizeof err, &why);
    if (!s) return open_fail("dyad db", err, why);
    if (migrate) {
        printf("schema version %d (%s)\n", dy_store_version(s), db_kind(dy_store_db(s)) == DB_PG ? "PostgreSQL" : "SQLite");
    } else {
        static const char *const Q[] = {"SELECT count(*) FROM articles", "SELECT count(DISTINCT story) FROM articles",
                                        "SELECT count(*) FROM events"};
        static const char *const L[] = {"articles", "stories", "events"};
        printf("schema   %d\nbackend  %s\n", dy_store_version(s), db_kind(dy_store_db(s)) == DB_PG ? "PostgreSQL" : "SQLite");
        for (int i = 0; i < 3; i++) {
            dy_stmt *st = db_prepare(dy_store_db(s), Q[i]);
            if (st && db_step(st) == DB_ROW) printf("%-8s %lld\n", L[i], (long long)db_col_int(st, 0));
            db_finalize(st);
        }
    }
    dy_store_close(s);
    return 0;
}

/* ------------------------------------------------------------ query output */

enum { OUT_TABLE, OUT_TSV, OUT_CSV, OUT_JSON };

static void csv_field(FILE *f, const char *s) {
    if (!s) return;
    if (!strpbrk(s, ",\"\n\r")) { fputs(s, f); return; }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void json_field(FILE *f, const char *s, int numeric) {
    if (s && numeric) fputs(s, f);
    else dy_json_str(f, s, s ? strlen(s) : 0, 0);
}

#define is_number dy_store_is_number

/* display width of UTF-8 text (code points) */
static size_t width(const char *s) {
    size_t w = 0;
    for (; s && *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

#define text_col dy_store_text_col
static const char *value(dy_stmt *st, int i, char *buf, size_t cap) { return dy_store_value(st, i, buf, cap); }

static int print_rows(dy_stmt *st, int mode, const char *cmd) {
    int nc = 0, rc, nrows = 0, header = 0;
    char ***rows = NULL;
    int cap = 0;
    /* PostgreSQL knows the columns once the statement ran: step first */
    for (rc = db_step(st); rc != DB_ERR; rc = db_step(st)) {
        if (!header) {
            header = 1;
            nc = db_ncols(st);
            if (mode == OUT_CSV || mode == OUT_TSV) {
                for (int i = 0; i < nc; i++) {
                    if (i) fputc(mode == OUT_CSV ? ',' : '\t', stdout);
                    fputs(db_colname(st, i), stdout);
                }
                fputc('\n', stdout);
            }
        }
        if (rc != DB_ROW) break;
        if (mode == OUT_CSV || mode == OUT_TSV) {
            for (int i = 0; i < nc; i++) {
                if (i) fputc(mode == OUT_CSV ? ',' : '\t', stdout);
                char nb[64];
                const char *v = value(st, i, nb, sizeof nb);
                if (mode == OUT_CSV) csv_field(stdout, v);
                else if (v)
                    for (const char *p = v; *p; p++) fputc(*p == '\t' || *p == '\n' ? ' ' : *p, stdout);
            }
            fputc('\n', stdout);
        } else if (mode == OUT_JSON) {
            fputc('{', stdout);
            for (int i = 0; i < nc; i++) {
                if (i) fputc(',', stdout);
                json_field(stdout, db_colname(st, i), 0);
                fputc(':', stdout);
                char nb[64];
                const char *v = value(st, i, nb, sizeof nb);
                json_field(stdout, v, is_number(v) && !text_col(db_colname(st, i)));
            }
            fputs("}\n", stdout);
        } else {
            if (nrows == cap) {
                cap = cap ? cap * 2 : 64;
                char ***nr = realloc(rows, (size_t)cap * sizeof *nr);
                if (!nr) break;
                rows = nr;
            }
            char **r = calloc((size_t)nc, sizeof *r);
            if (!r) break;
            for (int i = 0; i < nc; i++) {
                char nb[64];
                const char *v = value(st, i, nb, sizeof nb);
                if (v && strlen(v) > 80) { /* the sentence: keep the table readable */
                    r[i] = malloc(84);
                    if (r[i]) { memcpy(r[i], v, 77); r[i][77] = 0; while (r[i][0] && ((unsigned char)r[i][strlen(r[i]) - 1] & 0xC0) == 0x80) r[i][strlen(r[i]) - 1] = 0; strcat(r[i], "..."); }
                } else
                    r[i] = strdup(v ? v : "");
            }
            rows[nrows++] = r;
        }
    }
    if (mode == OUT_TABLE) {
        size_t *w = calloc((size_t)nc + 1, sizeof *w);
        for (int i = 0; w && i < nc; i++) {
            w[i] = width(db_colname(st, i));
            for (int r = 0; r < nrows; r++)
                if (width(rows[r][i]) > w[i]) w[i] = width(rows[r][i]);
        }
        for (int i = 0; w && i < nc; i++) printf("%s%-*s", i ? "  " : "", (int)w[i], db_colname(st, i));
        fputc('\n', stdout);
        for (int r = 0; r < nrows; r++) {
            for (int i = 0; w && i < nc; i++) {
                const char *v = rows[r][i];
                int pad = (int)(w[i] - width(v));
                if (is_number(v) && !text_col(db_colname(st, i))) printf("%s%*s%s", i ? "  " : "", pad, "", v);
                else printf("%s%s%*s", i ? "  " : "", v, i + 1 < nc ? pad : 0, "");
                free(rows[r][i]);
            }
            fputc('\n', stdout);
            free(rows[r]);
        }
        free(rows);
        free(w);
    }
    if (rc == DB_ERR) return -1;
    (void)cmd;
    return 0;
}

int cmd_query(int argc, char **argv) {
    static const struct option lo[] = {
        {"db", required_argument, 0, 'b'},     {"from", required_argument, 0, 'F'},  {"to", required_argument, 0, 'T'},
        {"actor", required_argument, 0, 'a'},  {"source", required_argument, 0, 's'}, {"target", required_argument, 0, 't'},
        {"root", required_argument, 0, 'r'},   {"quad", required_argument, 0, 'Q'},  {"plover", required_argument, 0, 'p'},
        {"country", required_argument, 0, 'c'}, {"near", required_argument, 0, 'n'}, {"text", required_argument, 0, 'x'},
        {"count", required_argument, 0, 'C'},  {"by", required_argument, 0, 'B'},    {"limit", required_argument, 0, 'l'},
        {"csv", no_argument, 0, 'v'},          {"json", no_argument, 0, 'j'},        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fputs(usage_query, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    dy_query q;
    memset(&q, 0, sizeof q);
    const char *sub = argv[1];
    q.what = !strcmp(sub, "events") ? Q_EVENTS : !strcmp(sub, "series") ? Q_SERIES : !strcmp(sub, "dyads") ? Q_DYADS
             : !strcmp(sub, "actors") ? Q_ACTORS : 0;
    if (!q.what) { fprintf(stderr, "dyad query: unknown query '%s' (events, series, dyads, actors)\n", sub); return 2; }
    const char *url = DEFAULT_DB;
    int mode = isatty(1) ? OUT_TABLE : OUT_TSV, o;
    argv[1] = "dyad query";
    optind = 1;
    while ((o = getopt_long(argc - 1, argv + 1, "h", lo, NULL)) != -1) {
        switch (o) {
        case 'b': url = optarg; break;
        case 'F': case 'T':
            if (!dy_date_int(optarg)) { fprintf(stderr, "dyad query: dates are YYYY-MM-DD, not '%s'\n", optarg); return 2; }
            if (o == 'F') q.from = optarg;
            else q.to = optarg;
            break;
        case 'a': q.actor = optarg; break;
        case 's': q.source = optarg; break;
        case 't': q.target = optarg; break;
        case 'r':
            if (strlen(optarg) != 2 || optarg[0] < '0' || optarg[0] > '2' || optarg[1] < '0' || optarg[1] > '9') {
                fprintf(stderr, "dyad query: --root wants two digits 01-20, not '%s'\n", optarg);
                return 2;
            }
            q.root = optarg;
            break;
        case 'Q':
            q.quad = atoi(optarg);
            if (q.quad < 1 || q.quad > 4 || strlen(optarg) != 1) { fprintf(stderr, "dyad query: --quad is 1-4\n"); return 2; }
            break;
        case 'p': q.plover = optarg; break;
        case 'c':
            if (strlen(optarg) != 2) { fprintf(stderr, "dyad query: --country wants a two-letter code\n"); return 2; }
            q.country = optarg;
            break;
        case 'n': {
            char extra;
            if (sscanf(optarg, "%lf,%lf,%lf%c", &q.lat, &q.lon, &q.km, &extra) != 3 || q.km <= 0 || q.lat < -90 ||
                q.lat > 90 || q.lon < -180 || q.lon > 180) {
                fprintf(stderr, "dyad query: --near wants LAT,LON,KM (e.g. 54.74,55.97,50), not '%s'\n", optarg);
                return 2;
            }
            q.near = 1;
            break;
        }
        case 'x': q.text = optarg; break;
        case 'C':
            if (!strcmp(optarg, "raw")) q.count = COUNT_RAW;
            else if (!strcmp(optarg, "story")) q.count = COUNT_STORY;
            else if (!strcmp(optarg, "day")) q.count = COUNT_DAY;
            else { fprintf(stderr, "dyad query: --count is raw, story or day\n"); return 2; }
            break;
        case 'B':
            if (strcmp(optarg, "day") && strcmp(optarg, "week") && strcmp(optarg, "month")) {
                fprintf(stderr, "dyad query: --by is day, week or month\n");
                return 2;
            }
            q.by = optarg;
            break;
        case 'l': {
            char *e;
            q.limit = strtol(optarg, &e, 10);
            if (*e || q.limit <= 0) { fprintf(stderr, "dyad query: --limit wants a positive number\n"); return 2; }
            break;
        }
        case 'v': mode = OUT_CSV; break;
        case 'j': mode = OUT_JSON; break;
        case 'h': fputs(usage_query, stdout); return 0;
        default: fputs(usage_query, stderr); return 2;
        }
    }
    if (optind != argc - 1) { fputs(usage_query, stderr); return 2; }
    if (strncmp(url, "postgres", 8) && access(!strncmp(url, "sqlite:", 7) ? url + 7 : url, F_OK)) {
        fprintf(stderr, "dyad query: %s: no such database (dyad ingest creates it)\n", url);
        return 4;
    }
    char err[1200];
    int why;
    dy_store *s = dy_store_open(url, 0, err, sizeof err, &why);
    if (!s) return open_fail("dyad query", err, why);
    dy_stmt *st = dy_store_query(s, &q);
    int rc = 0;
    if (!st || print_rows(st, mode, "dyad query")) {
        fprintf(stderr, "dyad query: %s\n", st ? db_error(dy_store_db(s)) : dy_store_error(s));
        rc = 4;
    }
    db_finalize(st);
    dy_store_close(s);
    if (fflush(stdout)) { fprintf(stderr, "dyad query: write error: %s\n", strerror(errno)); rc = 1; }
    return rc;
}
