/* serve.h — `dyad serve`: the JSON API over the store, and the dashboard's
 * static files, with libmicrohttpd.
 *
 *   GET  /api/health                 {"status":"ok","schema":N,"events":N}
 *   GET  /api/events?FILTERS&limit=&offset=   rows of `dyad query events`
 *   GET  /api/series?FILTERS&by=     rows of `dyad query series`
 *   GET  /api/dyads, /api/actors     rows of `dyad query dyads|actors`
 *   GET  /api/articles/{id}          the article's text with the spans of every
 *                                    actor, verb, place and quotation
 *   POST /api/code                   article text (or JSON {"text","date","title"})
 *                                    in; events and knowledge graph out; nothing stored
 *   POST /api/ingest                 the same, stored; only with --token, and the
 *                                    request must carry "Authorization: Bearer TOKEN"
 *   GET  /api/openapi.json           this API as OpenAPI 3.0
 *   GET  /, /FILE                    the dashboard's files from the web root
 * FILTERS are `dyad query`'s options as parameters: from, to, actor, source,
 * target, root, quad, plover, country, near (LAT,LON,KM), text, count.
 *
 * Safety: bound to 127.0.0.1 unless told otherwise; request bodies over
 * max_body bytes get 413; a connection idle for timeout seconds is closed;
 * at most max_conn connections; static paths are checked (no "..", only
 * plain file names under the web root); SQL only through prepared statements;
 * CORS headers only with --cors ORIGIN.  Errors are JSON {"error","status"}. */
#ifndef DY_SERVE_H
#define DY_SERVE_H
#include "dyad.h"
#include <stddef.h>

typedef struct {
    const char *db;        /* store URL */
    const char *bind;      /* address, default 127.0.0.1 */
    int port;              /* default 8080 */
    const char *token;     /* POST /api/ingest needs it; NULL: ingest disabled */
    const char *web;       /* web root (dashboard files), NULL: none */
    const char *cors;      /* Access-Control-Allow-Origin value, NULL: none */
    const char *gazetteer; /* NULL: default */
    size_t max_body;       /* bytes, default 1 MiB */
    int timeout;           /* seconds, default 10 */
    int max_conn;          /* default 256 */
    int threads;           /* default: number of CPUs */
    int quiet;
    dyad_dict *dict;       /* compiled dictionaries, owned by the server from now on; NULL: the built-in ones */
} dy_serve_opts;

/* Run until SIGINT/SIGTERM.  Returns the exit status (0, or 4 when the store
 * cannot be opened, 3 dictionaries/gazetteer, 2 the port cannot be bound). */
int dy_serve_run(const dy_serve_opts *o);
#endif
