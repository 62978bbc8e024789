/* serve.c — `dyad serve` (src/serve). */
#include "cli/cli.h"
#include "serve/serve.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const usage_serve =
    "usage: dyad serve [--db URL] [--port 8080] [--bind 127.0.0.1] [OPTIONS]\n"
    "\n"
    "Serve the store as a JSON API (and the dashboard's files with --web).\n"
    "  GET  /api/health, /api/openapi.json\n"
    "  GET  /api/events, /api/series, /api/dyads, /api/actors   dyad query's filters as\n"
    "       parameters (from, to, actor, source, target, root, quad, plover, country,\n"
    "       near=LAT,LON,KM, text, count=raw|story|day, by=day|week|month), limit, offset\n"
    "  GET  /api/articles/ID   the text with the spans of its actors, verbs, places, quotes\n"
    "  POST /api/code          article text (or JSON {\"text\",\"date\",\"title\"}) in, events and\n"
    "                          knowledge graph out; nothing stored\n"
    "  POST /api/ingest        JSON Lines or text, coded and stored; needs --token and the\n"
    "                          header 'Authorization: Bearer TOKEN'\n"
    "\n"
    "  --db URL            SQLite file (default ./dyad.sqlite) or postgresql://...\n"
    "  --port N            TCP port (default 8080)\n"
    "  --bind ADDR         IPv4 address to listen on (default 127.0.0.1: this machine only)\n"
    "  --web DIR           serve the dashboard's files from DIR at / (default: web/ next\n"
    "                      to the dyad binary, which the build fills)\n"
    "  --token TOKEN       enable POST /api/ingest for requests carrying this bearer token\n"
    "                      (or the environment variable DYAD_TOKEN)\n"
    "  --cors ORIGIN       send Access-Control-Allow-Origin: ORIGIN (default: no CORS)\n"
    "  --max-body BYTES    larger request bodies get 413 (default 1048576)\n"
    "  --timeout S         close connections idle for S seconds (default 10)\n"
    "  --max-connections N at most N connections at once (default 256)\n"
    "  --threads N         worker threads (default: the number of CPUs)\n"
    "  --gazetteer PATH    the place index for /api/code (default: next to the binary)\n"
    "  -d, --dict [KIND:]PATH  code /api/code and /api/ingest with this dictionary instead of\n"
    "                      the built-in ones (repeatable; as in dyad code), unless --builtin\n"
    "  --builtin           also load the built-in dictionaries\n"
    "  -q, --quiet         no start/stop messages\n"
    "\n"
    "Stops on SIGINT or SIGTERM.  Exit status: 0 stopped; 2 usage or the address cannot\n"
    "be bound; 3 dictionaries or gazetteer; 4 the store cannot be opened.\n";

int cmd_serve(int argc, char **argv) {
    static const struct option lo[] = {{"db", required_argument, 0, 'b'},       {"port", required_argument, 0, 'p'},
                                       {"bind", required_argument, 0, 'B'},     {"web", required_argument, 0, 'w'},
                                       {"token", required_argument, 0, 't'},    {"cors", required_argument, 0, 'c'},
                                       {"max-body", required_argument, 0, 'm'}, {"timeout", required_argument, 0, 'T'},
                                       {"max-connections", required_argument, 0, 'C'},
                                       {"threads", required_argument, 0, 'n'},  {"gazetteer", required_argument, 0, 'g'},
                                       {"quiet", no_argument, 0, 'q'},          {"help", no_argument, 0, 'h'},
                                       {"dict", required_argument, 0, 'd'},     {"builtin", no_argument, 0, 'D'},
                                       {0, 0, 0, 0}};
    const char *dicts[CLI_MAXDICTS];
    int ndicts = 0, builtin = 0;
    dy_serve_opts o;
    memset(&o, 0, sizeof o);
    o.db = "dyad.sqlite", o.bind = "127.0.0.1", o.port = 8080, o.max_body = 1 << 20, o.timeout = 10, o.max_conn = 256;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    o.threads = cpus > 0 ? (int)cpus : 2;
    o.token = getenv("DYAD_TOKEN");
    if (o.token && !*o.token) o.token = NULL;
    int opt;
    optind = 1;
    argv[0] = "dyad serve";
    while ((opt = getopt_long(argc, argv, "d:qh", lo, NULL)) != -1) {
        char *e = NULL;
        long v = 0;
        if (strchr("pmTCn", opt)) {
            v = strtol(optarg, &e, 10);
            if (*e || v <= 0 || (opt == 'p' && v > 65535)) {
                fprintf(stderr, "dyad serve: --%s wants a positive number, not '%s'\n",
                        opt == 'p' ? "port" : opt == 'm' ? "max-body" : opt == 'T' ? "timeout" : opt == 'C' ? "max-connections" : "threads",
                        optarg);
                return 2;
            }
        }
        switch (opt) {
        case 'b': o.db = optarg; break;
        case 'p': o.port = (int)v; break;
        case 'B': o.bind = optarg; break;
        case 'w': o.web = optarg; break;
        case 't': o.token = *optarg ? optarg : NULL; break;
        case 'c': o.cors = optarg; break;
        case 'm': o.max_body = (size_t)v; break;
        case 'T': o.timeout = (int)v; break;
        case 'C': o.max_conn = (int)v; break;
        case 'n': o.threads = (int)v > 64 ? 64 : (int)v; break;
        case 'g': o.gazetteer = optarg; break;
        case 'd':
            if (cli_add_dict("dyad serve", dicts, &ndicts, optarg)) return 2;
            break;
        case 'D': builtin = 1; break;
        case 'q': o.quiet = 1; break;
        case 'h': fputs(usage_serve, stdout); return 0;
        default: fputs(usage_serve, stderr); return 2;
        }
    }
    if (optind != argc) { fputs(usage_serve, stderr); return 2; }
    char webdir[4096];
    if (!o.web) { /* the build's dashboard next to the binary */
        ssize_t k = readlink("/proc/self/exe", webdir, sizeof webdir - 32);
        if (k > 0) {
            webdir[k] = 0;
            char *sl = strrchr(webdir, '/');
            if (sl) {
                strcpy(sl, "/web/index.html");
                if (access(webdir, R_OK) == 0) sl[4] = 0, o.web = webdir;
            }
        }
    }
    if (strncmp(o.db, "postgres", 8) && access(!strncmp(o.db, "sqlite:", 7) ? o.db + 7 : o.db, F_OK)) {
        fprintf(stderr, "dyad serve: %s: no such database (dyad ingest or dyad db migrate creates it)\n", o.db);
        return 4;
    }
    if (!(o.dict = cli_dicts("dyad serve", dicts, ndicts, builtin))) return 3;
    return dy_serve_run(&o);
}
