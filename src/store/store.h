/* store.h — keep what dyad coded and answer questions about it.
 *
 * One schema on two backends (db.h): a SQLite file by default (WAL mode,
 * FTS5 over sentence text), PostgreSQL for teams (GIN full-text index).
 * The schema is versioned (table dyad_meta, key schema_version) and moved
 * forward by migrations (dy_store_migrate, `dyad db migrate`).
 *
 * Articles are identified by their id (the input's id, else URL, else a
 * content hash: the same rule as `dyad code`).  dy_store_put stores an
 * article, its sentences, events (with PLOVER and provenance: sentence,
 * byte spans of actors and verb), actor mentions and knowledge graph in a
 * batch transaction: a crash leaves each article complete or absent, and a
 * failing article is undone alone (a SAVEPOINT, or on SQLite deleting what
 * it wrote).  Putting an
 * article that is already there changes nothing, unless recode is set: then
 * the old rows are replaced in the same transaction.
 *
 * Deduplication.  Each article gets a MinHash signature (32 minimums) of its
 * word 3-shingles; an article that shares at least 22 of 32 minimums with a
 * stored one (estimated Jaccard similarity >= 0.69; candidates found through
 * 8 LSH bands of 4 minimums, one of which must agree) joins that one's
 * story; an exact copy (same content hash) always does.  Queries count events three ways:
 * raw (every event of every article), story (one per story, date, source,
 * target, code: twenty syndicated copies count once, GDELT's rule) and day
 * (one per date, source, target, code: Phoenix's rule). */
#ifndef DY_STORE_H
#define DY_STORE_H
#include "dyad.h"
#include "kg/kg.h"
#include "store/db.h"

#define DY_SCHEMA_VERSION 3

typedef struct dy_store dy_store;

/* Open a store.  A new (empty) database gets the current schema; an older
 * schema is refused unless migrate is set; a newer one, or a database that
 * is not dyad's, is refused.  NULL with a message in err, and *why one of
 * DBE_* (db.h). */
dy_store *dy_store_open(const char *url, int migrate, char *err, size_t errlen, int *why);
void dy_store_close(dy_store *s);
int dy_store_version(dy_store *s);
/* bring the schema to DY_SCHEMA_VERSION; returns the version before (0: new), or -1 */
int dy_store_migrate(dy_store *s);
const char *dy_store_error(const dy_store *s);
int dy_store_errkind(const dy_store *s);
dy_db *dy_store_db(dy_store *s);

enum { STORE_ADDED = 1, STORE_EXISTS = 2, STORE_REPLACED = 3 };
/* Store one coded article (see above).  kg and doc may be NULL (no places,
 * quotes...); men/nmen: the coder's mentions (actors), may be 0; sent/nsent:
 * the article's sentences if already split (dy_coder_spans), or NULL.
 * Returns STORE_* or -1 (nothing of the article was written; dy_store_error). */
int dy_store_put(dy_store *s, const dyad_article *a, const dyad_event *ev, int nev, const dy_mention *men, int nmen,
                 const dyad_span *sent, size_t nsent, const dy_kg *kg, const dy_kg_doc *doc, int recode);

/* Commit the articles put since the last commit (dy_store_put commits every
 * 1,000 articles or two seconds; dy_store_close commits too).  0 or -1. */
int dy_store_flush(dy_store *s);

/* ---- queries ---- */
enum { Q_EVENTS = 1, Q_SERIES, Q_DYADS, Q_ACTORS, Q_COUNTRIES };
enum { COUNT_RAW = 0, COUNT_STORY, COUNT_DAY };
typedef struct {
    int what;
    const char *from, *to;        /* dates, inclusive */
    const char *actor;            /* code prefix, either side */
    const char *source, *target;  /* code prefixes */
    const char *root;             /* "19" */
    int quad;                     /* 1-4, 0 any */
    const char *plover;           /* PLOVER type */
    const char *country;          /* ISO 3166-1 alpha-2 of the event's place */
    int near;                     /* place within km of lat, lon */
    double lat, lon, km;
    const char *text;             /* full-text search in the sentence */
    const char *by;               /* series: day, week or month */
    int count;                    /* COUNT_* */
    long limit;                   /* 0: default */
    long offset;                  /* rows to skip (paging) */
} dy_query;

/* Prepare the query; iterate the statement with db_step, read columns with
 * db_col_*, free with db_finalize.  NULL on error (dy_store_error). */
dy_stmt *dy_store_query(dy_store *s, const dy_query *q);
/* Output helpers shared by `dyad query` and `dyad serve`.  A column's value
 * as text with numbers printed the same from both backends ("4.0" and "4"
 * -> "4"); code, date and name columns stay text ("030").  buf holds a
 * reformatted number. */
const char *dy_store_value(dy_stmt *st, int i, char *buf, size_t cap);
int dy_store_text_col(const char *colname);
int dy_store_is_number(const char *s);
/* All remaining rows as a JSON array of objects; *nrows gets the count.
 * '<' is escaped so the JSON can sit in a page.  0 or -1 (db error). */
int dy_store_rows_json(dy_stmt *st, FILE *f, long *nrows);
#endif
