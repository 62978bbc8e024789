/* store.c — schema, migrations, ingest with deduplication, queries. */
#include "store/store.h"
#include "code/cameo.h"
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif


/* Child rows (sentences, events, actors, places ...) are gathered for the
 * whole article and inserted up to 16 at a time with multi-row INSERTs
 * (prepared for 16, 8, 4, 2 and 1 rows): SQLite spends ~5,000 instructions
 * on a statement before any B-tree work, and an article has some 40 rows.
 * Measured with callgrind on 280,000 actor rows: 17.8k instructions a row
 * one at a time, 14.8k fourteen at a time. */
typedef struct {
    uint8_t type; /* RV_NULL, RV_INT, RV_DBL, RV_TEXT */
    int64_t i;
    double d;
    size_t off, n; /* RV_TEXT: in rsbuf */
} rval;
enum { RV_NULL, RV_INT, RV_DBL, RV_TEXT };
enum { RS_SENTENCE, RS_EVENT, RS_ACTOR, RS_PLACE, RS_QUOTE, RS_ENTITY, RS_THEME, RS_AMOUNT, RS_DATE, RS_N };
#define RS_SIZES 5 /* 16, 8, 4, 2, 1 rows */
typedef struct {
    const char *into; /* "sentences (article, idx, ...)" */
    int ncol;
    const char *what; /* for errors: "storing a sentence" */
    dy_stmt *st[RS_SIZES];
    rval *v;
    int nrows, cap; /* rows gathered; cap: values */
} rowset;

struct dy_store {
    dy_db *db;
    /* SQLite: sentences get ids (sid) from next_sid on; those from
     * batch_sid on enter the full-text index together just before COMMIT
     * (FTS5 writes a segment at every statement) */
    int64_t next_sid, batch_sid;
    dy_buf spans;  /* an actor row's spans */
    int in_tx;      /* a batch transaction is open */
    /* actor codes known to be in actor_codes (stored by this connection or
     * found there): their INSERT is skipped.  Emptied by every rollback, which
     * may have taken some of them back. */
    char **codes;
    size_t codecap, ncodes;
    int batched;    /* articles in it */
    double tx_start;
    char err[1200];
    int errkind;
    dy_stmt *ins_article, *ins_fts, *find_article, *find_story, *ins_code;
    /* SQLite: near-duplicate candidates by rowid, and what a candidate's
     * comparison needs of it, kept for the articles seen (see find_story) */
    dy_stmt *find_rowids, *find_row;
    struct sc_entry *sc;  /* sccap entries (grows to SC_CAP) */
    struct sc_slot *scmap; /* 2 * sccap slots: rowid and index into sc (-1 empty) */
    int nsc, sccap;
    int64_t data_version; /* PRAGMA data_version when the cache was last valid */
    rowset rs[RS_N]; /* an article's child rows, inserted several at a time */
    dy_buf rsbuf;    /* the texts they hold */
    int rs_oom;      /* a row or text could not be kept: the article fails */
    rval rs_dummy[32]; /* where the columns of a row that could not be kept go */
};

static void sc_clear(dy_store *s);
static void codes_clear(dy_store *s) {
    for (size_t i = 0; i < s->codecap; i++) free(s->codes[i]);
    free(s->codes);
    s->codes = NULL, s->codecap = s->ncodes = 0;
}

/* is c known to be stored?  With add, remember it (when memory allows) */
static int code_known(dy_store *s, const char *c, int add) {
    size_t n = strlen(c);
    uint64_t h = dy_hash64(c, n);
    if (s->codecap) {
        for (size_t k = h & (s->codecap - 1); s->codes[k]; k = (k + 1) & (s->codecap - 1))
            if (!strcmp(s->codes[k], c)) return 1;
    }
    if (!add) return 0;
    if ((s->ncodes + 1) * 2 > s->codecap) {
        size_t nc = s->codecap ? s->codecap * 2 : 1024;
        char **t = calloc(nc, sizeof *t);
        if (!t) return 0;
        for (size_t i = 0; i < s->codecap; i++)
            if (s->codes[i]) {
                size_t k = dy_hash64(s->codes[i], strlen(s->codes[i])) & (nc - 1);
                while (t[k]) k = (k + 1) & (nc - 1);
                t[k] = s->codes[i];
            }
        free(s->codes);
        s->codes = t, s->codecap = nc;
    }
    char *d = malloc(n + 1);
    if (!d) return 0;
    memcpy(d, c, n + 1);
    size_t k = h & (s->codecap - 1);
    while (s->codes[k]) k = (k + 1) & (s->codecap - 1);
    s->codes[k] = d;
    s->ncodes++;
    return 0;
}

/* ------------------------------------------------------------ schema */

/* version 1; portable SQL (SQLite and PostgreSQL), then per backend */
static const char SCHEMA_V1[] =
    "CREATE TABLE dyad_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE articles (id TEXT PRIMARY KEY, url TEXT, title TEXT, date TEXT, source TEXT, lang TEXT,"
    " content_hash TEXT NOT NULL, minhash TEXT NOT NULL, b0 BIGINT NOT NULL, b1 BIGINT NOT NULL, b2 BIGINT NOT NULL,"
    " b3 BIGINT NOT NULL, b4 BIGINT NOT NULL, b5 BIGINT NOT NULL, b6 BIGINT NOT NULL, b7 BIGINT NOT NULL,"
    " story TEXT NOT NULL, tone DOUBLE PRECISION, words INTEGER,"
    " text TEXT NOT NULL, ingested_at TEXT NOT NULL);"
    "CREATE INDEX articles_b0 ON articles(b0); CREATE INDEX articles_b1 ON articles(b1);"
    "CREATE INDEX articles_b2 ON articles(b2); CREATE INDEX articles_b3 ON articles(b3);"
    "CREATE INDEX articles_b4 ON articles(b4); CREATE INDEX articles_b5 ON articles(b5);"
    "CREATE INDEX articles_b6 ON articles(b6); CREATE INDEX articles_b7 ON articles(b7);"
    /* an exact copy has all of its bands in common: no index on content_hash */
    "CREATE TABLE sentences (article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, idx INTEGER NOT NULL,"
    " start_off INTEGER NOT NULL, end_off INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (article, idx));"
    "CREATE TABLE events (article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, idx INTEGER NOT NULL,"
    " sentence INTEGER NOT NULL, date TEXT, story TEXT NOT NULL, source TEXT NOT NULL, target TEXT,"
    " code TEXT NOT NULL, root TEXT, quad INTEGER, goldstein DOUBLE PRECISION, plover TEXT,"
    " source_text TEXT, source_start INTEGER, source_end INTEGER, source_region TEXT,"
    " target_text TEXT, target_start INTEGER, target_end INTEGER, target_region TEXT,"
    " verb_start INTEGER, verb_end INTEGER, place TEXT, country TEXT, adm1 TEXT, lat DOUBLE PRECISION,"
    " lon DOUBLE PRECISION, geo_rule TEXT, PRIMARY KEY (article, idx));"
    /* covers the series of a dyad (date, quad, goldstein): no row lookups */
    "CREATE INDEX events_dyad ON events(source, target, date, quad, goldstein);"
    "CREATE INDEX events_target ON events(target, date);"
    "CREATE INDEX events_date ON events(date);"
    /* one row per actor code per article: how often, the first mention's
     * words and where every mention is ("start-end kind;...") */
    "CREATE TABLE actors (article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, code TEXT NOT NULL,"
    " mentions INTEGER NOT NULL, text TEXT, spans TEXT NOT NULL, PRIMARY KEY (article, code));"
    "CREATE INDEX actors_code ON actors(code);"
    /* every actor code that occurs in events: queries expand a prefix ("BLR")
     * into the codes it covers, which the (source, target, date) index answers
     * point by point */
    "CREATE TABLE actor_codes (code TEXT PRIMARY KEY);"
    "CREATE TABLE places (article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, idx INTEGER NOT NULL,"
    " name TEXT NOT NULL, type TEXT NOT NULL, country TEXT, adm1 TEXT, lat DOUBLE PRECISION, lon DOUBLE PRECISION,"
    " geonameid BIGINT, count INTEGER, start_off INTEGER, end_off INTEGER, PRIMARY KEY (article, idx));"
    "CREATE TABLE quotes (article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, idx INTEGER NOT NULL,"
    " text TEXT NOT NULL, speaker TEXT, speaker_code TEXT, verb TEXT, start_off INTEGER, end_off INTEGER,"
    " PRIMARY KEY (article, idx));"
    "CREATE TABLE entities (article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, idx INTEGER NOT NULL,"
    " kind TEXT NOT NULL, name TEXT NOT NULL, code TEXT, count INTEGER, start_off INTEGER, end_off INTEGER,"
    " PRIMARY KEY (article, idx));"
    "CREATE TABLE themes (article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, theme TEXT NOT NULL,"
    " count INTEGER, start_off INTEGER, end_off INTEGER, PRIMARY KEY (article, theme));";

/* version 2: the graph's amounts and dates (dyad gkg had them; the store did
 * not).  Child tables clustered on (article, idx) on SQLite, as in v1. */
static const char SCHEMA_V2_ADD[] =
    "CREATE TABLE amounts (article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, idx INTEGER NOT NULL,"
    " value DOUBLE PRECISION NOT NULL, unit TEXT, object TEXT, start_off INTEGER, end_off INTEGER,"
    " PRIMARY KEY (article, idx))%s;"
    "CREATE TABLE dates (article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, idx INTEGER NOT NULL,"
    " date TEXT, start_off INTEGER, end_off INTEGER, PRIMARY KEY (article, idx))%s;";

/* SQLite, version 2: sentences get an explicit id (sid), and the full-text
 * index reads the sentence text from the sentences table (FTS5 external
 * content) instead of keeping a third copy of it: files 10% smaller */
static const char SCHEMA_V2_SQLITE[] =
    "CREATE TABLE sentences_v2 (sid INTEGER PRIMARY KEY, article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    " idx INTEGER NOT NULL, start_off INTEGER NOT NULL, end_off INTEGER NOT NULL, text TEXT NOT NULL, UNIQUE (article, idx));"
    "INSERT INTO sentences_v2 (article, idx, start_off, end_off, text) SELECT article, idx, start_off, end_off, text"
    " FROM sentences ORDER BY article, idx;"
    "DROP TABLE sentences_fts;"
    "DROP TABLE sentences;"
    "ALTER TABLE sentences_v2 RENAME TO sentences;"
    "CREATE VIRTUAL TABLE sentences_fts USING fts5(text, article UNINDEXED, idx UNINDEXED, content='sentences',"
    " content_rowid='sid', detail=none, columnsize=0);"
    "INSERT INTO sentences_fts (sentences_fts) VALUES ('rebuild');";

/* SQLite, version 3: a sentence is its span of the article's text
 * (sentence_spans), and the sentences view cuts the text out of the article
 * (byte offsets, as stored); the full-text index reads the view.  The text
 * was kept twice: files 13% smaller, ingest ~4% faster (bench/ab).
 * PostgreSQL keeps the text in its sentences table: its full-text index is
 * an index on the table's column. */
static const char SCHEMA_V3_SQLITE[] =
    "CREATE TABLE sentence_spans (sid INTEGER PRIMARY KEY, article TEXT NOT NULL REFERENCES articles(id) ON DELETE"
    " CASCADE, idx INTEGER NOT NULL, start_off INTEGER NOT NULL, end_off INTEGER NOT NULL, UNIQUE (article, idx));"
    "INSERT INTO sentence_spans (sid, article, idx, start_off, end_off)"
    " SELECT sid, article, idx, start_off, end_off FROM sentences;"
    "DROP TABLE sentences;"
    "CREATE VIEW sentences (sid, article, idx, start_off, end_off, text) AS"
    " SELECT s.sid, s.article, s.idx, s.start_off, s.end_off,"
    " CAST(substr(CAST(a.text AS BLOB), s.start_off + 1, s.end_off - s.start_off) AS TEXT)"
    " FROM sentence_spans s JOIN articles a ON a.id = s.article;";

static const char SCHEMA_V1_SQLITE[] =
    /* words only (detail=none: no phrase or NEAR queries, like PostgreSQL's
     * plainto_tsquery), no per-row sizes: a third of the index to write */
    "CREATE VIRTUAL TABLE sentences_fts USING fts5(text, article UNINDEXED, idx UNINDEXED, detail=none, columnsize=0);";
static const char SCHEMA_V1_PG[] =
    "CREATE INDEX sentences_tsv ON sentences USING GIN (to_tsvector('simple', text));"
    "CREATE FUNCTION dyad_dist_km(la1 double precision, lo1 double precision, la2 double precision,"
    " lo2 double precision) RETURNS double precision LANGUAGE sql IMMUTABLE AS $$"
    " SELECT 6371.0 * 2 * asin(sqrt(power(sin(radians(la2 - la1) / 2), 2) +"
    " cos(radians(la1)) * cos(radians(la2)) * power(sin(radians(lo2 - lo1) / 2), 2))) $$;";

static void serr(dy_store *s, const char *what) {
    s->errkind = db_errkind(s->db);
    snprintf(s->err, sizeof s->err, "%s%s%s", what ? what : "", what ? ": " : "", db_error(s->db));
}

const char *dy_store_error(const dy_store *s) { return s->err; }
int dy_store_errkind(const dy_store *s) { return s->errkind; }
dy_db *dy_store_db(dy_store *s) { return s->db; }

static void dist_fn(sqlite3_context *ctx, int argc, sqlite3_value **v) {
    (void)argc;
    for (int i = 0; i < 4; i++)
        if (sqlite3_value_type(v[i]) == SQLITE_NULL) { sqlite3_result_null(ctx); return; }
    double la1 = sqlite3_value_double(v[0]) * M_PI / 180, lo1 = sqlite3_value_double(v[1]) * M_PI / 180;
    double la2 = sqlite3_value_double(v[2]) * M_PI / 180, lo2 = sqlite3_value_double(v[3]) * M_PI / 180;
    double a = pow(sin((la2 - la1) / 2), 2) + cos(la1) * cos(la2) * pow(sin((lo2 - lo1) / 2), 2);
    sqlite3_result_double(ctx, 6371.0 * 2 * asin(sqrt(a)));
}

/* -1: no dyad_meta (empty database: 0 tables; foreign: other tables) */
static int read_version(dy_store *s, int *foreign) {
    *foreign = 0;
    const char *q = db_kind(s->db) == DB_SQLITE
                        ? "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='dyad_meta'"
                        : "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND "
                          "table_name = 'dyad_meta'";
    dy_stmt *st = db_prepare(s->db, q);
    if (!st) return -2;
    int have = db_step(st) == DB_ROW ? (int)db_col_int(st, 0) : -1;
    db_finalize(st);
    if (have < 0) return -2;
    if (!have) {
        const char *q2 = db_kind(s->db) == DB_SQLITE
                             ? "SELECT count(*) FROM sqlite_master WHERE type IN ('table','view')"
                             : "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()";
        st = db_prepare(s->db, q2);
        if (!st) return -2;
        *foreign = db_step(st) == DB_ROW && db_col_int(st, 0) > 0;
        db_finalize(st);
        return -1;
    }
    st = db_prepare(s->db, "SELECT value FROM dyad_meta WHERE key = 'schema_version'");
    if (!st) return -2;
    int v = db_step(st) == DB_ROW && db_col_text(st, 0) ? atoi(db_col_text(st, 0)) : 0;
    db_finalize(st);
    return v;
}

int dy_store_version(dy_store *s) {
    int foreign;
    int v = read_version(s, &foreign);
    return v < 0 ? 0 : v;
}

static int apply_v2(dy_store *s);
static int apply_v3(dy_store *s);
static int create_v1(dy_store *s) {
    if (db_begin(s->db)) { serr(s, "creating the schema"); return -1; }
    /* PostgreSQL: one creator at a time (SQLite's BEGIN IMMEDIATE already is) */
    if (db_kind(s->db) == DB_PG && db_exec(s->db, "SELECT pg_advisory_xact_lock(48414441)")) {
        serr(s, "creating the schema");
        db_rollback(s->db);
        return -1;
    }
    /* another process may have created it while we waited for the lock */
    int foreign, v = read_version(s, &foreign);
    if (v >= 1) { db_rollback(s->db); return 0; }
    char ins[160];
    snprintf(ins, sizeof ins, "INSERT INTO dyad_meta VALUES ('schema_version', '1'), ('created_by', 'dyad %s');",
             DYAD_VERSION);
    const char *v1 = SCHEMA_V1;
    char *lite = NULL;
    if (db_kind(s->db) == DB_SQLITE) { /* child tables clustered on (article, idx): one B-tree less each */
        lite = malloc(sizeof SCHEMA_V1 * 2);
        if (!lite) { db_rollback(s->db); return -1; }
        size_t o = 0;
        for (const char *p = SCHEMA_V1; *p;) {
            const char *e = strstr(p, "));");
            if (!e) { strcpy(lite + o, p); o += strlen(p); break; }
            memcpy(lite + o, p, (size_t)(e - p) + 2);
            o += (size_t)(e - p) + 2;
            strcpy(lite + o, " WITHOUT ROWID;");
            o += strlen(" WITHOUT ROWID;");
            p = e + 3;
        }
        lite[o] = 0;
        v1 = lite;
    }
    int bad = db_exec(s->db, v1);
    free(lite);
    /* and on to the current version in the same transaction: another process
     * opening the new file never sees an older version than its own */
    if (bad || db_exec(s->db, db_kind(s->db) == DB_SQLITE ? SCHEMA_V1_SQLITE : SCHEMA_V1_PG) ||
        db_exec(s->db, ins) || apply_v2(s) || apply_v3(s) || db_commit(s->db)) {
        serr(s, "creating the schema");
        db_rollback(s->db);
        return -1;
    }
    return 0;
}

/* the step from version 1 to 2 inside the caller's transaction: the amounts
 * and dates tables; on SQLite sentence ids and the external-content index */
static int apply_v2(dy_store *s) {
    char sql[1024];
    const char *wr = db_kind(s->db) == DB_SQLITE ? " WITHOUT ROWID" : "";
    snprintf(sql, sizeof sql, SCHEMA_V2_ADD, wr, wr);
    return db_exec(s->db, sql) || (db_kind(s->db) == DB_SQLITE && db_exec(s->db, SCHEMA_V2_SQLITE)) ||
           db_exec(s->db, "UPDATE dyad_meta SET value = '2' WHERE key = 'schema_version'");
}

/* the step from version 2 to 3 inside the caller's transaction: on SQLite
 * the sentences' text from the article; on both, no index on actors' codes */
static int apply_v3(dy_store *s) {
    /* and on both backends: actors is indexed by article only, like the
     * graph's per-article tables (places, entities, themes ...).  Its index
     * on code served no query of dyad's (actor queries read events, indexed
     * by source and target) and cost 4.5% of an ingest; docs/dyad.md says
     * how to add it for one's own lookups of mentions by code. */
    return (db_kind(s->db) == DB_SQLITE && db_exec(s->db, SCHEMA_V3_SQLITE)) ||
           db_exec(s->db, "DROP INDEX IF EXISTS actors_code;") ||
           db_exec(s->db, "UPDATE dyad_meta SET value = '3' WHERE key = 'schema_version'");
}

/* version to - 1 -> to in one transaction */
static int migrate_step(dy_store *s, int to, int (*apply)(dy_store *)) {
    char what[64];
    snprintf(what, sizeof what, "migrating the schema to version %d", to);
    if (db_begin(s->db)) { serr(s, what); return -1; }
    if (db_kind(s->db) == DB_PG && db_exec(s->db, "SELECT pg_advisory_xact_lock(48414441)")) goto fail;
    int foreign, v = read_version(s, &foreign);
    if (v >= to) { db_rollback(s->db); return 0; } /* another process did it meanwhile */
    if (apply(s) || db_commit(s->db)) goto fail;
    return 0;
fail:
    serr(s, what);
    db_rollback(s->db);
    return -1;
}

/* A new database gets the current schema in one transaction (version 1's
 * tables and every step after it); an older one every migration from N to
 * N+1, each in its own transaction (an interrupted run leaves a consistent
 * version).  Returns the version before (0: a new database). */
int dy_store_migrate(dy_store *s) {
    int foreign;
    int v = read_version(s, &foreign);
    if (v == -2) { serr(s, "reading the schema version"); return -1; }
    if (v == -1 && foreign) {
        s->errkind = DBE_NOTDYAD;
        snprintf(s->err, sizeof s->err, "the database holds other tables and no dyad schema: not a dyad database");
        return -1;
    }
    if (v > DY_SCHEMA_VERSION) {
        s->errkind = DBE_SCHEMA;
        snprintf(s->err, sizeof s->err, "schema version %d is newer than this dyad's (%d): use a newer dyad", v,
                 DY_SCHEMA_VERSION);
        return -1;
    }
    int before = v < 0 ? 0 : v;
    if (v == -1) return create_v1(s) ? -1 : 0;
    if (v <= 1 && migrate_step(s, 2, apply_v2)) return -1;
    if (v <= 2 && migrate_step(s, 3, apply_v3)) return -1;
    return before;
}

static dy_stmt *prep(dy_store *s, const char *sql) {
    dy_stmt *st = db_prepare(s->db, sql);
    if (!st) serr(s, "preparing a statement");
    return st;
}

dy_store *dy_store_open(const char *url, int migrate, char *err, size_t errlen, int *why) {
    *why = DBE_OPEN;
    dy_db *db = db_open(url, err, errlen);
    if (!db) return NULL;
    dy_store *s = calloc(1, sizeof *s);
    if (!s) { db_close(db); snprintf(err, errlen, "out of memory"); return NULL; }
    s->db = db;
    if (db_kind(db) == DB_SQLITE) /* PostgreSQL gets it from the schema */
        sqlite3_create_function(db_sqlite_handle(db), "dyad_dist_km", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                dist_fn, NULL, NULL);
    int foreign;
    int v = read_version(s, &foreign);
    if (v == -2) {
        serr(s, NULL);
        *why = s->errkind == DBE_NOTDYAD ? DBE_NOTDYAD : DBE_OPEN;
        snprintf(err, errlen, "%s", s->err);
        dy_store_close(s);
        return NULL;
    }
    if (v >= 0 && v < DY_SCHEMA_VERSION && !migrate) {
        *why = DBE_SCHEMA;
        snprintf(err, errlen, "schema version %d is older than this dyad's (%d): run 'dyad db migrate --db %s'", v,
                 DY_SCHEMA_VERSION, url);
        dy_store_close(s);
        return NULL;
    }
    if (v == -1 || v < DY_SCHEMA_VERSION || v > DY_SCHEMA_VERSION) {
        if (dy_store_migrate(s) < 0) {
            *why = s->errkind;
            snprintf(err, errlen, "%s", s->err);
            dy_store_close(s);
            return NULL;
        }
    }
    return s;
}

void dy_store_close(dy_store *s) {
    if (!s) return;
    if (s->in_tx) dy_store_flush(s);
    codes_clear(s);
    free(s->spans.p);
    sc_clear(s);
    free(s->sc), free(s->scmap);
    dy_stmt **v[] = {&s->ins_article, &s->ins_fts, &s->find_article, &s->find_story, &s->ins_code,
                     &s->find_rowids, &s->find_row};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) db_finalize(*v[i]);
    for (int r = 0; r < RS_N; r++) {
        for (int k = 0; k < RS_SIZES; k++) db_finalize(s->rs[r].st[k]);
        free(s->rs[r].v);
    }
    free(s->rsbuf.p);
    db_close(s->db);
    free(s);
}

/* ------------------------------------------------------------ ingest */

/* MinHash of the article's word 3-shingles (words: runs of ASCII letters,
 * folded, digits and non-ASCII bytes): MH minimums of MH hash functions.
 * The Jaccard similarity of two articles' shingle sets is estimated by the
 * share of equal minimums; 8 LSH bands of 4 minimums find the candidates: a
 * pair with similarity 0.8 shares a band with probability
 * 1 - (1 - 0.8^4)^8 = 0.985 (0.7: 0.88), unrelated stories (similarity
 * 0.01) with probability 8e-8, so a store of millions of articles yields a
 * handful of candidates, not thousands. */
#define MH 32
#define MH_BAND 4
#define MH_SAME 22 /* >= 22 of 32 equal minimums (estimated Jaccard >= 0.69): the same story */

/* Story candidates on SQLite.  The band indexes give the candidates' rowids
 * (no table seek); a candidate's signature, content hash and story come from
 * memory when this connection stored or read that article before, else from
 * its row, and are kept.  A store of syndicated news has many candidates per
 * article (bench/store: 23 on average, up to 100): each was a seek into the
 * articles table and a read of its 512-character signature.  The cache is
 * emptied when another connection has committed (PRAGMA data_version, read
 * at each transaction's start), after any rollback (rowids may be taken
 * again) and when full.  Same candidates, same choice as before. */
#define SC_CAP 65536
typedef struct sc_entry {
    char hash[24];   /* the content hash as stored, or "" (read first: beside mh[0]) */
    int nohash;      /* it was NULL */
    char *story;
    uint64_t mh[MH]; /* the signature (stored as 16 lowercase hex digits each) */
} sc_entry;
typedef struct sc_slot { int64_t rowid; int32_t i; } sc_slot; /* the rowid beside the index: a probe reads one line */

/* a stored signature as numbers: 0 if it is not MH groups of 16 lowercase
 * hex digits (as dy_hex64 writes them; then equal groups are equal numbers) */
static int mh_parse(const char *hx, uint64_t mh[MH]) {
    if (!hx) return 0;
    for (int k = 0; k < MH; k++) {
        uint64_t v = 0;
        for (int i = 0; i < 16; i++) {
            char c = hx[16 * k + i];
            if (c >= '0' && c <= '9') v = v << 4 | (uint64_t)(c - '0');
            else if (c >= 'a' && c <= 'f') v = v << 4 | (uint64_t)(c - 'a' + 10);
            else return 0;
        }
        mh[k] = v;
    }
    return 1;
}

static void sc_clear(dy_store *s) {
    for (int i = 0; i < s->nsc; i++) free(s->sc[i].story);
    s->nsc = 0;
    if (s->scmap)
        for (size_t i = 0; i < 2 * (size_t)s->sccap; i++) s->scmap[i].i = -1;
}

static size_t sc_hash(int64_t rowid, size_t mask) { return (size_t)(((uint64_t)rowid * 0x9E3779B97F4A7C15ULL) >> 32) & mask; }
static size_t sc_home(const dy_store *s, int64_t rowid) { return sc_hash(rowid, 2 * (size_t)s->sccap - 1); }

static sc_entry *sc_get(dy_store *s, int64_t rowid) {
    if (!s->scmap) return NULL;
    size_t mask = 2 * (size_t)s->sccap - 1;
    for (size_t k = sc_home(s, rowid);; k = (k + 1) & mask) {
        const sc_slot *m = &s->scmap[k];
        if (m->i < 0) return NULL;
        if (m->rowid == rowid) return &s->sc[m->i];
    }
}

/* room for more entries: from 1,024 doubling to SC_CAP (the map, twice the
 * entries, stays as small as the store's candidates allow, for the caches);
 * the entries keep their indexes, the map is made again; 0 or -1 */
static int sc_rehash(dy_store *s) {
    int nc = s->sccap ? s->sccap * 2 : SC_CAP < 1024 ? SC_CAP : 1024;
    sc_entry *ne = realloc(s->sc, (size_t)nc * sizeof *ne);
    if (!ne) return -1;
    s->sc = ne;
    sc_slot *nm = malloc(2 * (size_t)nc * sizeof *nm);
    if (!nm) return -1;
    size_t mask = 2 * (size_t)nc - 1;
    for (size_t i = 0; i <= mask; i++) nm[i].i = -1;
    for (size_t j = 0; s->scmap && j < 2 * (size_t)s->sccap; j++) {
        const sc_slot *m = &s->scmap[j];
        if (m->i < 0) continue;
        size_t k = sc_hash(m->rowid, mask);
        while (nm[k].i >= 0) k = (k + 1) & mask;
        nm[k] = *m;
    }
    free(s->scmap);
    s->scmap = nm, s->sccap = nc;
    return 0;
}

/* a new entry for rowid (replacing one of the same rowid), or NULL */
static sc_entry *sc_put(dy_store *s, int64_t rowid, const char *story) {
    sc_entry *e = sc_get(s, rowid);
    if (!e) {
        if (s->nsc == s->sccap) {
            if (s->sccap < SC_CAP) {
                if (sc_rehash(s)) return NULL;
            } else {
                sc_clear(s);
            }
        }
        e = &s->sc[s->nsc];
        size_t mask = 2 * (size_t)s->sccap - 1, k = sc_home(s, rowid);
        while (s->scmap[k].i >= 0) k = (k + 1) & mask;
        s->scmap[k].rowid = rowid, s->scmap[k].i = s->nsc++;
        e->story = NULL;
    }
    size_t n = strlen(story);
    char *c = malloc(n + 1);
    if (!c) { free(e->story), e->story = NULL; return NULL; }
    memcpy(c, story, n + 1);
    free(e->story);
    e->story = c;
    return e;
}

static uint64_t mix64(uint64_t x) {
    x ^= x >> 33, x *= 0xff51afd7ed558ccdULL, x ^= x >> 33, x *= 0xc4ceb9fe1a85ec53ULL, x ^= x >> 33;
    return x;
}

static int word_byte(char c) {
    return ((c | 32) >= 'a' && (c | 32) <= 'z') || (c >= '0' && c <= '9') || (c & 0x80);
}

/* The 32 minimums are independent lanes: with AVX-512 (64-bit multiplies,
 * unsigned min) GCC computes 8 at once, the same values (a clone chosen at
 * load time; other machines run the plain one) */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && __GNUC__ >= 12
__attribute__((target_clones("default", "arch=x86-64-v4")))
#endif
static void minhash(const char *t, size_t n, uint64_t mh[MH]) {
    for (int k = 0; k < MH; k++) mh[k] = UINT64_MAX;
    uint64_t w[3] = {0, 0, 0};
    int nw = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && !word_byte(t[i])) i++;
        if (i >= n) break;
        uint64_t h = 1469598103934665603ULL;
        while (i < n && word_byte(t[i])) {
            unsigned char c = (unsigned char)t[i++];
            if (c >= 'A' && c <= 'Z') c |= 32;
            h = (h ^ c) * 1099511628211ULL;
        }
        w[0] = w[1], w[1] = w[2], w[2] = h;
        if (++nw < 3 && n > 0) continue;
        uint64_t sh = mix64(w[0] * 31 + mix64(w[1] * 17 + w[2]));
        for (int k = 0; k < MH; k++) {
            uint64_t v = mix64(sh ^ (0x9E3779B97F4A7C15ULL * (uint64_t)(k + 1)));
            if (v < mh[k]) mh[k] = v;
        }
    }
    if (nw > 0 && nw < 3) /* two words or one: the words themselves */
        for (int k = 0; k < MH; k++) mh[k] = mix64(w[2] ^ w[1] ^ (uint64_t)k);
}

static int64_t band(const uint64_t mh[MH], int b) {
    uint64_t h = 0;
    for (int k = 0; k < MH_BAND; k++) h = mix64(h * 3 + mh[MH_BAND * b + k]);
    return (int64_t)(h >> 1);
}

/* a candidate of similarity same (equal minimums; MH + 1: an exact copy) in
 * story st: the most similar wins; among equals the smallest story id, so
 * that both backends (whose row order differs) choose the same */
static void consider(int same, const char *st, int *best, char story[512]) {
    if (same > *best || (same == *best && same >= MH_SAME && strcmp(st, story) < 0))
        *best = same, dy_put(story, 512, 0, st, (size_t)-1);
}

/* equal minimums, compared as the 16-hex-digit groups they are stored as */
static int mh_same(const char *mine, const char *hex) {
    if (!hex || strlen(hex) < MH * 16) return 0;
    int same = 0;
    for (int k = 0; k < MH; k++) same += !memcmp(mine + 16 * k, hex + 16 * k, 16);
    return same;
}

/* strings that stay valid until the statement has run (the article, the
 * coder's and the gazetteer's strings, locals of the caller): not copied */
static void bind_str(dy_stmt *st, int i, const char *s) {
    if (s) db_bind_textn(st, i, s, strlen(s));
    else db_bind_null(st, i);
}

static void bind_opt(dy_stmt *st, int i, const char *s) {
    if (s && *s) db_bind_textn(st, i, s, strlen(s));
    else db_bind_null(st, i);
}

/* run a prepared insert whose parameters are all bound; 0 or -1 */
static int run(dy_store *s, dy_stmt *st, const char *what) {
    int rc = db_step(st);
    db_reset_keep(st);
    if (rc == DB_ERR) { serr(s, what); return -1; }
    return 0;
}

static int prepare_inserts(dy_store *s) {
    if (s->ins_article) return 0;
    s->ins_article = prep(s, "INSERT INTO articles (id, url, title, date, source, lang, content_hash, minhash, b0, b1, b2,"
                             " b3, b4, b5, b6, b7, story, tone, words, text, ingested_at)"
                             " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (db_kind(s->db) == DB_SQLITE)
        s->ins_fts = prep(s, "INSERT INTO sentences_fts (rowid, text, article, idx) SELECT sid, text, article, idx"
                             " FROM sentences WHERE sid >= ?");
    static const struct { const char *into; int ncol; const char *what; } RS[RS_N] = {
        {"sentence_spans (sid, article, idx, start_off, end_off)", 5, "storing a sentence"},
        {"events (article, idx, sentence, date, story, source, target, code, root, quad, goldstein, plover,"
         " source_text, source_start, source_end, source_region, target_text, target_start, target_end,"
         " target_region, verb_start, verb_end, place, country, adm1, lat, lon, geo_rule)", 28, "storing an event"},
        {"actors (article, code, mentions, text, spans)", 5, "storing an actor"},
        {"places (article, idx, name, type, country, adm1, lat, lon, geonameid, count, start_off, end_off)", 12,
         "storing a place"},
        {"quotes (article, idx, text, speaker, speaker_code, verb, start_off, end_off)", 8, "storing a quotation"},
        {"entities (article, idx, kind, name, code, count, start_off, end_off)", 8,
         "storing a person or organisation"},
        {"themes (article, theme, count, start_off, end_off)", 5, "storing a theme"},
        {"amounts (article, idx, value, unit, object, start_off, end_off)", 7, "storing an amount"},
        {"dates (article, idx, date, start_off, end_off)", 5, "storing a date"},
    };
    for (int r = 0; r < RS_N; r++) s->rs[r].into = RS[r].into, s->rs[r].ncol = RS[r].ncol, s->rs[r].what = RS[r].what;
    if (db_kind(s->db) != DB_SQLITE) /* PostgreSQL's sentences have no sid */
        s->rs[RS_SENTENCE].into = "sentences (article, idx, start_off, end_off, text)", s->rs[RS_SENTENCE].ncol = 5;
    s->find_article = prep(s, "SELECT story FROM articles WHERE id = ?");
    s->ins_code = prep(s, "INSERT INTO actor_codes (code) VALUES (?) ON CONFLICT DO NOTHING");
    s->find_story = prep(s, "SELECT story, minhash, content_hash FROM articles WHERE b0 = ? OR b1 = ?"
                            " OR b2 = ? OR b3 = ? OR b4 = ? OR b5 = ? OR b6 = ? OR b7 = ? LIMIT 100");
    if (db_kind(s->db) == DB_SQLITE) { /* the same candidates, in the same order, as rowids */
        s->find_rowids = prep(s, "SELECT rowid FROM articles WHERE b0 = ? OR b1 = ?"
                                 " OR b2 = ? OR b3 = ? OR b4 = ? OR b5 = ? OR b6 = ? OR b7 = ? LIMIT 100");
        s->find_row = prep(s, "SELECT story, minhash, content_hash FROM articles WHERE rowid = ?");
        if (!s->find_rowids || !s->find_row) return -1;
    }
    return s->ins_article && (s->ins_fts || db_kind(s->db) != DB_SQLITE) && s->find_article && s->find_story &&
                   s->ins_code
               ? 0
               : -1;
}

/* ---- gathering rows: rs_row starts one, rs_* set its column k (1-based) */
static rval *rs_row(dy_store *s, int which) {
    rowset *r = &s->rs[which];
    int need = (r->nrows + 1) * r->ncol;
    if (need > r->cap) {
        int nc = r->cap ? r->cap * 2 : r->ncol * 32;
        while (nc < need) nc *= 2;
        rval *nv = realloc(r->v, (size_t)nc * sizeof *nv);
        if (!nv) { s->rs_oom = 1; return s->rs_dummy - 1; }
        r->v = nv, r->cap = nc;
    }
    rval *row = r->v + (size_t)r->nrows++ * (size_t)r->ncol;
    memset(row, 0, (size_t)r->ncol * sizeof *row);
    return row - 1; /* row[k] for k = 1..ncol */
}
static void rs_int(rval *row, int k, int64_t v) { row[k].type = RV_INT, row[k].i = v; }
static void rs_dbl(rval *row, int k, double v) { row[k].type = RV_DBL, row[k].d = v; }
static void rs_null(rval *row, int k) { row[k].type = RV_NULL; }
static void rs_textn(dy_store *s, rval *row, int k, const char *p, size_t n) {
    row[k].type = RV_TEXT, row[k].off = s->rsbuf.n, row[k].n = n;
    if (dy_buf_add(&s->rsbuf, p, n)) s->rs_oom = 1;
}
static void rs_str(dy_store *s, rval *row, int k, const char *p) {
    if (!p) rs_null(row, k);
    else rs_textn(s, row, k, p, strlen(p));
}
static void rs_opt(dy_store *s, rval *row, int k, const char *p) {
    if (!p || !*p) rs_null(row, k);
    else rs_textn(s, row, k, p, strlen(p));
}
static void rs_span(dy_store *s, rval *row, int k, const char *text, size_t len, size_t a, size_t b) {
    if (b > len) b = len;
    if (a > b) a = b;
    rs_textn(s, row, k, text + a, b - a);
}

static void rs_reset(dy_store *s) {
    for (int w = 0; w < RS_N; w++) s->rs[w].nrows = 0;
    s->rsbuf.n = 0, s->rs_oom = 0;
}

/* insert every gathered row, 16, 8, 4, 2 or 1 at a time; 0 or -1 */
static int rs_flush(dy_store *s) {
    int rc = 0;
    if (s->rs_oom) {
        snprintf(s->err, sizeof s->err, "out of memory");
        rc = -1;
    }
    for (int w = 0; w < RS_N && !rc; w++) {
        rowset *r = &s->rs[w];
        int done = 0;
        while (done < r->nrows && !rc) {
            int left = r->nrows - done, z = 0, n = 16;
            while (n > left) n /= 2, z++;
            if (!r->st[z]) {
                dy_buf q = {0};
                /* SQLite: OR FAIL, so that a statement of several rows needs no
                 * statement journal (a copy of every page it touches, kept to
                 * undo the rows before a failing one); a failed article's rows
                 * are deleted whole anyway (dy_store_put) */
                const char *ins = db_kind(s->db) == DB_SQLITE ? "INSERT OR FAIL INTO " : "INSERT INTO ";
                int bad = dy_buf_add(&q, ins, strlen(ins)) || dy_buf_add(&q, r->into, strlen(r->into)) ||
                          dy_buf_add(&q, " VALUES ", 8);
                for (int i = 0; i < n && !bad; i++) {
                    bad = dy_buf_add(&q, i ? ",(" : "(", i ? 2 : 1);
                    for (int c = 0; c < r->ncol && !bad; c++) bad = dy_buf_add(&q, c ? ",?" : "?", c ? 2 : 1);
                    if (!bad) bad = dy_buf_add(&q, ")", 1);
                }
                r->st[z] = bad ? NULL : prep(s, q.p);
                free(q.p);
                if (!r->st[z]) { rc = -1; break; }
            }
            dy_stmt *st = r->st[z];
            const rval *v = r->v + (size_t)done * (size_t)r->ncol;
            for (int i = 0; i < n * r->ncol; i++) {
                switch (v[i].type) {
                case RV_INT: db_bind_int(st, i + 1, v[i].i); break;
                case RV_DBL: db_bind_double(st, i + 1, v[i].d); break;
                case RV_TEXT: db_bind_textn(st, i + 1, s->rsbuf.p + v[i].off, v[i].n); break;
                default: db_bind_null(st, i + 1);
                }
            }
            rc = run(s, st, r->what);
            done += n;
        }
    }
    rs_reset(s);
    return rc;
}

/* coordinates are stored to 4 decimals (11 m), as the index holds them */
static double round4(float x) { return round((double)x * 1e4) / 1e4; }

/* "RU-BA": the place's ISO 3166-2 code, or "" */
static void adm1_code(const gz_place *p, char adm[12]) {
    adm[0] = 0;
    if (p->adm1code[0]) dy_put(adm, 12, dy_put(adm, 12, dy_put(adm, 12, 0, p->cc, 2), "-", 1), p->adm1code, 4);
}

static const char *const MKIND[] = {"", "actor", "nominal", "pronoun", "verb"};

static int put_rows(dy_store *s, const dyad_article *a, const dyad_event *ev, int nev, const dy_mention *men, int nmen,
                    const dyad_span *sent, size_t nsent, const dy_kg *kg, const dy_kg_doc *doc, const char *story) {
    const char *id = a->id, *text = a->text;
    size_t len = a->text_len;
    rs_reset(s); /* what a failed article left */
    /* sentences: the coder's spans, or split here */
    dyad_span one = {0, len}, *own = NULL;
    const dyad_span *sp = sent;
    size_t ns = nsent, cap = 0;
    if (a->one_sentence) sp = &one, ns = 1;
    else if (!sent) {
        if ((ns = dy_split_into(text, len, &own, &cap)) == (size_t)-1) {
            snprintf(s->err, sizeof s->err, "out of memory");
            return -1;
        }
        sp = own;
    }
    int lite = db_kind(s->db) == DB_SQLITE;
    for (size_t i = 0; i < ns; i++) {
        rval *st = rs_row(s, RS_SENTENCE);
        int k = 1;
        if (lite) rs_int(st, k++, s->next_sid++);
        rs_str(s, st, k++, id), rs_int(st, k++, (int64_t)i), rs_int(st, k++, (int64_t)sp[i].start);
        rs_int(st, k++, (int64_t)sp[i].end);
        if (!lite) rs_span(s, st, k++, text, len, sp[i].start, sp[i].end); /* SQLite: the view cuts it */
    }
    free(own);
    const dy_gaz *g = kg ? dy_kg_gazetteer(kg) : NULL;
    for (int i = 0; i < nev; i++) {
        const dyad_event *e = &ev[i];
        const dyad_cameo *cm = dyad_cameo_lookup(e->code);
        rval *st = rs_row(s, RS_EVENT);
        int k = 1;
        rs_str(s, st, k++, id), rs_int(st, k++, i), rs_int(st, k++, e->sentence), rs_opt(s, st, k++, a->date);
        rs_str(s, st, k++, story), rs_str(s, st, k++, e->source.code), rs_opt(s, st, k++, e->target.code);
        rs_str(s, st, k++, e->code);
        int r = dy_cameo_root(e->code), rr = r < 0 ? 0 : r % 100;
        char root[3] = {(char)('0' + rr / 10), (char)('0' + rr % 10), 0};
        rs_opt(s, st, k++, r >= 0 ? root : NULL);
        if (cm) rs_int(st, k++, cm->quad), rs_dbl(st, k++, cm->goldstein), rs_opt(s, st, k++, cm->plover);
        else rs_null(st, k++), rs_null(st, k++), rs_null(st, k++);
        rs_span(s, st, k++, text, len, e->source.start, e->source.end);
        rs_int(st, k++, (int64_t)e->source.start), rs_int(st, k++, (int64_t)e->source.end);
        rs_opt(s, st, k++, e->source.region);
        if (e->target.code) {
            rs_span(s, st, k++, text, len, e->target.start, e->target.end);
            rs_int(st, k++, (int64_t)e->target.start), rs_int(st, k++, (int64_t)e->target.end);
        } else
            rs_null(st, k++), rs_null(st, k++), rs_null(st, k++);
        rs_opt(s, st, k++, e->target.region);
        rs_int(st, k++, (int64_t)e->verb_start), rs_int(st, k++, (int64_t)e->verb_end);
        const gz_place *p = g && doc && i < doc->n_evlocs ? dy_gaz_place(g, doc->evlocs[i].place) : NULL;
        char cc[3], adm[12] = ""; /* copied into the gathered row */
        if (p) {
            cc[0] = p->cc[0], cc[1] = p->cc[1], cc[2] = 0;
            adm1_code(p, adm);
            rs_str(s, st, k++, dy_gaz_str(g, p->name)), rs_opt(s, st, k++, cc), rs_opt(s, st, k++, adm);
            if (p->hascoord) rs_dbl(st, k++, round4(p->lat)), rs_dbl(st, k++, round4(p->lon));
            else rs_null(st, k++), rs_null(st, k++);
            rs_str(s, st, k++, dy_kg_rule_name(doc->evlocs[i].rule));
        } else
            for (int z = 0; z < 6; z++) rs_null(st, k++);
    }
    /* the article's distinct event actor codes, for prefix queries */
    for (int i = 0; i < nev * 2; i++) {
        const char *c = i & 1 ? ev[i / 2].target.code : ev[i / 2].source.code;
        int seen = !c;
        for (int j = 0; j < i && !seen; j++) {
            const char *d = j & 1 ? ev[j / 2].target.code : ev[j / 2].source.code;
            seen = d && !strcmp(c, d);
        }
        if (seen || code_known(s, c, 0)) continue;
        bind_str(s->ins_code, 1, c);
        if (run(s, s->ins_code, "storing an actor code")) return -1;
        code_known(s, c, 1);
    }
    /* actors: one row per code (mentions in text order, codes in first-seen order) */
    char *done = calloc((size_t)nmen + 1, 1);
    if (!done) { snprintf(s->err, sizeof s->err, "out of memory"); return -1; }
    dy_buf *sb = &s->spans;
    for (int i = 0; i < nmen; i++) {
        if (done[i] || men[i].kind == DY_M_VERB || !men[i].code) continue;
        int count = 0, oom = 0;
        sb->n = 0;
        for (int j = i; j < nmen && !oom; j++) {
            if (done[j] || men[j].kind == DY_M_VERB || !men[j].code || strcmp(men[j].code, men[i].code)) continue;
            done[j] = 1;
            count++;
            /* "start-end kind", ';' between */
            char one[64], *e = one + sizeof one;
            const char *kind = MKIND[men[j].kind];
            size_t kl = strlen(kind);
            e -= kl, memcpy(e, kind, kl), *--e = ' ';
            for (size_t v = men[j].end;; v /= 10) { *--e = (char)('0' + v % 10); if (v < 10) break; }
            *--e = '-';
            for (size_t v = men[j].start;; v /= 10) { *--e = (char)('0' + v % 10); if (v < 10) break; }
            if (sb->n) *--e = ';';
            oom = dy_buf_add(sb, e, (size_t)(one + sizeof one - e)) != 0;
        }
        if (oom) { free(done); snprintf(s->err, sizeof s->err, "out of memory"); return -1; }
        rval *st = rs_row(s, RS_ACTOR);
        rs_str(s, st, 1, id), rs_str(s, st, 2, men[i].code), rs_int(st, 3, count);
        rs_span(s, st, 4, text, len, men[i].start, men[i].end), rs_textn(s, st, 5, sb->p, sb->n);
    }
    free(done);
    if (!doc) return rs_flush(s);
    for (int i = 0; g && i < doc->n_locs; i++) {
        const gz_place *p = dy_gaz_place(g, doc->locs[i].place);
        if (!p) continue;
        rval *st = rs_row(s, RS_PLACE);
        char cc[3] = {p->cc[0], p->cc[1], 0}, adm[12] = "";
        adm1_code(p, adm);
        rs_str(s, st, 1, id), rs_int(st, 2, i), rs_str(s, st, 3, dy_gaz_str(g, p->name));
        rs_str(s, st, 4, dy_kg_type_name(p->type)), rs_opt(s, st, 5, cc), rs_opt(s, st, 6, adm);
        if (p->hascoord) rs_dbl(st, 7, round4(p->lat)), rs_dbl(st, 8, round4(p->lon));
        else rs_null(st, 7), rs_null(st, 8);
        if (p->geonameid) rs_int(st, 9, p->geonameid);
        else rs_null(st, 9);
        rs_int(st, 10, doc->locs[i].count), rs_int(st, 11, (int64_t)doc->locs[i].start);
        rs_int(st, 12, (int64_t)doc->locs[i].end);
    }
    for (int i = 0; i < doc->n_quotes; i++) {
        const kg_quote *q = &doc->quotes[i];
        rval *st = rs_row(s, RS_QUOTE);
        rs_str(s, st, 1, id), rs_int(st, 2, i), rs_str(s, st, 3, q->text), rs_opt(s, st, 4, q->speaker);
        rs_opt(s, st, 5, q->speaker_code), rs_opt(s, st, 6, q->verb), rs_int(st, 7, (int64_t)q->start);
        rs_int(st, 8, (int64_t)q->last_end);
    }
    int ei = 0;
    for (int org = 0; org < 2; org++) {
        const kg_entity *e = org ? doc->orgs : doc->persons;
        int n = org ? doc->n_orgs : doc->n_persons;
        for (int i = 0; i < n; i++) {
            rval *st = rs_row(s, RS_ENTITY);
            rs_str(s, st, 1, id), rs_int(st, 2, ei++), rs_str(s, st, 3, org ? "organization" : "person");
            rs_str(s, st, 4, e[i].name), rs_opt(s, st, 5, e[i].code), rs_int(st, 6, e[i].count);
            rs_int(st, 7, (int64_t)e[i].start), rs_int(st, 8, (int64_t)e[i].end);
        }
    }
    for (int i = 0; i < doc->n_themes; i++) {
        rval *st = rs_row(s, RS_THEME);
        rs_str(s, st, 1, id), rs_str(s, st, 2, doc->themes[i].theme), rs_int(st, 3, doc->themes[i].count);
        rs_int(st, 4, (int64_t)doc->themes[i].start), rs_int(st, 5, (int64_t)doc->themes[i].end);
    }
    for (int i = 0; i < doc->n_amounts; i++) {
        const kg_amount *am = &doc->amounts[i];
        rval *st = rs_row(s, RS_AMOUNT);
        rs_str(s, st, 1, id), rs_int(st, 2, i), rs_dbl(st, 3, am->value), rs_opt(s, st, 4, am->unit);
        rs_opt(s, st, 5, am->object), rs_int(st, 6, (int64_t)am->start), rs_int(st, 7, (int64_t)am->end);
    }
    for (int i = 0; i < doc->n_dates; i++) {
        const kg_date *dt = &doc->dates[i];
        rval *st = rs_row(s, RS_DATE);
        rs_str(s, st, 1, id), rs_int(st, 2, i), rs_opt(s, st, 3, dt->date);
        rs_int(st, 4, (int64_t)dt->start), rs_int(st, 5, (int64_t)dt->end);
    }
    return rs_flush(s);
}

static int delete_article(dy_store *s, const char *id) {
    if (db_kind(s->db) == DB_SQLITE) {
        /* the full-text index reads the sentences table (external content):
         * what it holds of the article goes first, with the text it was made
         * from; sentences of the open batch (sid >= batch_sid) are not in it */
        dy_stmt *st = prep(s, "INSERT INTO sentences_fts (sentences_fts, rowid, text, article, idx)"
                              " SELECT 'delete', sid, text, article, idx FROM sentences WHERE article = ? AND sid < ?");
        if (!st) return -1;
        db_bind_text(st, 1, id);
        db_bind_int(st, 2, s->batch_sid);
        int rc = db_step(st);
        db_finalize(st);
        if (rc == DB_ERR) { serr(s, "replacing the article"); return -1; }
    }
    static const char *const T[] = {"sentences", "events", "actors", "places", "quotes", "entities", "themes",
                                    "amounts", "dates", "articles"};
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        char sql[96];
        const char *t = i == 0 && db_kind(s->db) == DB_SQLITE ? "sentence_spans" : T[i]; /* sentences: a view */
        snprintf(sql, sizeof sql, "DELETE FROM %s WHERE %s = ?", t, i + 1 == sizeof T / sizeof T[0] ? "id" : "article");
        dy_stmt *st = prep(s, sql);
        if (!st) return -1;
        db_bind_text(st, 1, id);
        int rc = db_step(st);
        db_finalize(st);
        if (rc == DB_ERR) { serr(s, "replacing the article"); return -1; }
    }
    return 0;
}

static double mono(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int dy_store_flush(dy_store *s) {
    if (!s->in_tx) return 0;
    s->in_tx = 0;
    s->batched = 0;
    if (s->ins_fts) { /* the batch's sentences into the full-text index, in one statement */
        db_bind_int(s->ins_fts, 1, s->batch_sid);
        if (run(s, s->ins_fts, "indexing sentences")) {
            codes_clear(s);
            sc_clear(s); /* rowids rolled back may be taken again */
            db_rollback(s->db);
            return -1;
        }
    }
    if (db_commit(s->db)) {
        serr(s, "committing");
        codes_clear(s);
        sc_clear(s); /* rowids rolled back may be taken again */
        db_rollback(s->db);
        return -1;
    }
    db_checkpoint_kick(s->db); /* the batch's pages into the file, while the next is coded */
    return 0;
}

/* Articles are written in batches: one transaction holds up to 1,000
 * articles or two seconds of work, so a crash loses the open batch whole and
 * every article is complete or absent; a rerun adds what was lost.  (One
 * transaction per article would spend most of the time writing the same
 * index pages again at every commit.)  A failing article is undone alone:
 * on PostgreSQL (where an error ends the transaction unless it is inside a
 * savepoint) and when it replaces a stored one, by a SAVEPOINT around it; on
 * SQLite otherwise by deleting the rows it wrote, because a SAVEPOINT there
 * copies every page an article touches into the statement journal first
 * (the article's indexes touch some 25 pages of 16 KB: a sixth of the time
 * of an ingest).  SQLite undoes a failed statement itself, and ends the
 * transaction itself after the errors it cannot undo (full disk, I/O). */
int dy_store_put(dy_store *s, const dyad_article *a, const dyad_event *ev, int nev, const dy_mention *men, int nmen,
                 const dyad_span *sent, size_t nsent, const dy_kg *kg, const dy_kg_doc *doc, int recode) {
    s->err[0] = 0;
    if (prepare_inserts(s)) return -1;
    if (!s->in_tx) {
        if (db_begin(s->db)) { serr(s, "starting a transaction"); return -1; }
        s->in_tx = 1;
        s->tx_start = mono();
        if (db_kind(s->db) == DB_SQLITE) { /* ids for the batch's sentences (the write lock is ours) */
            dy_stmt *st = prep(s, "SELECT coalesce(max(sid), 0) + 1 FROM sentence_spans");
            int rc = st ? db_step(st) : DB_ERR;
            if (rc == DB_ROW) s->next_sid = s->batch_sid = db_col_int(st, 0);
            db_finalize(st);
            /* another connection committed since: the candidate cache may be stale */
            dy_stmt *dv = rc == DB_ROW ? prep(s, "PRAGMA data_version") : NULL;
            if (dv && db_step(dv) == DB_ROW) {
                int64_t v = db_col_int(dv, 0);
                if (v != s->data_version) sc_clear(s), s->data_version = v;
            } else {
                sc_clear(s);
            }
            db_finalize(dv);
            if (rc != DB_ROW) {
                serr(s, "starting a transaction");
                db_rollback(s->db);
                s->in_tx = 0;
                return -1;
            }
        }
    }
    int result = STORE_ADDED, written = 0, sp = db_kind(s->db) != DB_SQLITE;
    if (sp && db_exec(s->db, "SAVEPOINT article")) { serr(s, "starting the article"); return -1; }
    /* already there? (inside the transaction: two ingests cannot both add it) */
    db_bind_text(s->find_article, 1, a->id);
    int rc = db_step(s->find_article);
    db_reset(s->find_article);
    if (rc == DB_ERR) goto fail;
    if (!sp && rc == DB_ROW && recode) { /* the old version comes back if the new one fails */
        if (db_exec(s->db, "SAVEPOINT article")) { serr(s, "starting the article"); return -1; }
        sp = 1;
    }
    if (rc == DB_ROW) {
        if (!recode) { result = STORE_EXISTS; goto done; }
        if (delete_article(s, a->id)) goto fail_kept;
        result = STORE_REPLACED;
    }
    uint64_t mh[MH];
    minhash(a->text, a->text_len, mh);
    char hash[24], mhex[MH * 16 + 1];
    dy_hex64(hash, dy_hash64(a->text, a->text_len));
    for (int k = 0; k < MH; k++) dy_hex64(mhex + 16 * k, mh[k]);
    /* its story: an exact copy, or a near-duplicate found through a band */
    char story[512];
    dy_put(story, sizeof story, 0, a->id, (size_t)-1);
    int best = MH_SAME - 1;
    if (s->find_rowids) { /* SQLite: candidates by rowid, from memory when seen before */
        dy_stmt *fs = s->find_rowids;
        for (int b = 0; b < 8; b++) db_bind_int(fs, 1 + b, band(mh, b));
        while ((rc = db_step(fs)) == DB_ROW) {
            int64_t rid = db_col_int(fs, 0);
            sc_entry *e = sc_get(s, rid);
            if (!e) { /* its row, kept for the next time */
                dy_stmt *fr = s->find_row;
                db_bind_int(fr, 1, rid);
                int r2 = db_step(fr);
                if (r2 == DB_ERR) { db_reset(fr); rc = DB_ERR; break; }
                const char *st0 = r2 == DB_ROW ? db_col_text(fr, 0) : NULL;
                const char *hx = st0 ? db_col_text(fr, 1) : NULL, *ch = st0 ? db_col_text(fr, 2) : NULL;
                uint64_t got[MH];
                /* kept when its signature reads as numbers (always, unless
                 * someone else wrote it), else compared as text once */
                if (st0 && mh_parse(hx, got) && (e = sc_put(s, rid, st0))) {
                    memcpy(e->mh, got, sizeof e->mh);
                    dy_put(e->hash, sizeof e->hash, 0, ch ? ch : "", (size_t)-1);
                    e->nohash = !ch;
                } else if (st0) {
                    consider(ch && !strcmp(ch, hash) ? MH + 1 : mh_same(mhex, hx), st0, &best, story);
                }
                db_reset(fr);
                if (!e) continue;
            }
            int same = 0;
            if (!e->nohash && !strcmp(e->hash, hash)) same = MH + 1;
            else
                for (int k = 0; k < MH; k++) same += e->mh[k] == mh[k];
            consider(same, e->story, &best, story);
        }
        db_reset(fs);
    } else {
        dy_stmt *fs = s->find_story;
        for (int b = 0; b < 8; b++) db_bind_int(fs, 1 + b, band(mh, b));
        while ((rc = db_step(fs)) == DB_ROW) {
            const char *st0 = db_col_text(fs, 0), *hx = db_col_text(fs, 1), *ch = db_col_text(fs, 2);
            if (st0) consider(ch && !strcmp(ch, hash) ? MH + 1 : mh_same(mhex, hx), st0, &best, story);
        }
        db_reset(fs);
    }
    if (rc == DB_ERR) goto fail;
    char now[32];
    time_t tt = time(NULL);
    struct tm tmv;
    gmtime_r(&tt, &tmv);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tmv);
    dy_stmt *st = s->ins_article;
    int k = 1;
    bind_str(st, k++, a->id), bind_opt(st, k++, a->url), bind_opt(st, k++, a->title), bind_opt(st, k++, a->date);
    bind_opt(st, k++, a->source), bind_opt(st, k++, a->lang), bind_str(st, k++, hash), bind_str(st, k++, mhex);
    for (int b = 0; b < 8; b++) db_bind_int(st, k++, band(mh, b));
    bind_str(st, k++, story);
    if (doc && doc->tone.available) db_bind_double(st, k++, doc->tone.tone), db_bind_int(st, k++, doc->tone.words);
    else db_bind_null(st, k++), db_bind_null(st, k++);
    bind_str(st, k++, a->text), bind_str(st, k++, now);
    if (run(s, st, "storing the article")) goto fail_kept;
    written = 1;
    if (s->find_rowids) { /* a candidate for the articles after it */
        sc_entry *e = sc_put(s, db_last_rowid(s->db), story);
        if (e) memcpy(e->mh, mh, sizeof e->mh), memcpy(e->hash, hash, sizeof e->hash), e->nohash = 0;
    }
    if (put_rows(s, a, ev, nev, men, nmen, sent, nsent, kg, doc, story)) goto fail_kept;
done:
    if (sp && db_exec(s->db, "RELEASE article")) { serr(s, "finishing the article"); goto fail_kept; }
    if (++s->batched >= 1000 || mono() - s->tx_start > 2.0) {
        if (dy_store_flush(s)) return -1;
    }
    return result;
fail:
    serr(s, "storing the article");
fail_kept:;
    /* another process added it meanwhile (not a child row failing a constraint) */
    int constraint = db_errkind(s->db) == DBE_CONSTRAINT && !recode && !written;
    char save[sizeof s->err];
    snprintf(save, sizeof save, "%s", s->err);
    int kind = s->errkind;
    codes_clear(s); /* a savepoint's rollback may take codes back */
    sc_clear(s); /* rowids rolled back may be taken again */
    /* without a savepoint: the article's rows go (its actor codes stay: a
     * code without events only widens a prefix by a code that matches none) */
    if (sp ? db_exec(s->db, "ROLLBACK TO article") || db_exec(s->db, "RELEASE article")
           : !db_in_tx(s->db) || (written && delete_article(s, a->id))) {
        /* the transaction itself is gone (disk full, connection lost) */
        db_rollback(s->db);
        s->in_tx = 0, s->batched = 0;
    }
    snprintf(s->err, sizeof s->err, "%s", save);
    s->errkind = kind;
    return constraint ? STORE_EXISTS : -1;
}

/* ------------------------------------------------------------ queries */

typedef dy_buf sbuf;
static void sb_add(sbuf *b, const char *s) { dy_buf_add(b, s, strlen(s)); }

typedef struct {
    int type; /* 0 text, 1 double */
    const char *s;
    double d;
} qparam;

/* a code prefix as a range [lo, hi): "BLR" -> "BLR" <= code < "BLS", which
 * both backends answer from the index (LIKE 'BLR%' is not indexable in
 * SQLite's default case-insensitive mode).  Letters and digits only. */
static char *prefix_hi(const char *s, char **lo) {
    size_t n = strlen(s);
    char *a = malloc(n + 1), *b = malloc(n + 2);
    if (!a || !b) { free(a); free(b); *lo = NULL; return NULL; }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9'))
            a[k++] = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 32) : s[i];
    a[k] = 0;
    memcpy(b, a, k + 1);
    if (k) b[k - 1]++;
    else b[0] = '~', b[1] = 0;
    *lo = a;
    return b;
}

dy_stmt *dy_store_query(dy_store *s, const dy_query *q) {
    int pg = db_kind(s->db) == DB_PG;
    sbuf w = {0}, sql = {0};
    qparam prm[640];
    int np = 0;
    char *owned[256];
    int nown = 0;
    sb_add(&w, " WHERE 1=1");
#define TEXTP(v) (prm[np].type = 0, prm[np].s = (v), np++)
#define DBLP(v) (prm[np].type = 1, prm[np].d = (v), np++)
    if (q->from) sb_add(&w, " AND e.date >= ?"), TEXTP(q->from);
    if (q->to) sb_add(&w, " AND e.date <= ?"), TEXTP(q->to);
    /* code prefixes: the stored codes they cover, as an IN list the dyad
     * index answers point by point (a range on source would scan every
     * BLR* event to find the RUS* targets) */
    const char *sides[3] = {q->actor, q->source, q->target};
    for (int side = 0; side < 3; side++) {
        if (!sides[side]) continue;
        char *lo, *hi = prefix_hi(sides[side], &lo);
        if (!hi) continue;
        sbuf in = {0};
        sb_add(&in, "(");
        int n = 0;
        dy_stmt *cs = db_prepare(s->db, "SELECT code FROM actor_codes WHERE code >= ? AND code < ? ORDER BY code LIMIT 201");
        if (cs) {
            db_bind_text(cs, 1, lo), db_bind_text(cs, 2, hi);
            while (db_step(cs) == DB_ROW && n < 201) {
                const char *c = db_col_text(cs, 0);
                if (!c || nown >= 240) break;
                sb_add(&in, n ? ",?" : "?");
                prm[np].type = 0, prm[np].s = owned[nown++] = strdup(c), np++;
                n++;
            }
            db_finalize(cs);
        }
        sb_add(&in, ")");
        static const char *const col[3] = {NULL, "e.source", "e.target"};
        if (n == 0) sb_add(&w, " AND 1=0"); /* no such actor */
        else if (n > 200 || np > 200) { /* a very broad prefix: a range */
            np -= n;
            for (int k = 0; k < n; k++) free(owned[--nown]);
            owned[nown++] = lo, owned[nown++] = hi, lo = hi = NULL;
            if (side == 0) {
                sb_add(&w, " AND ((e.source >= ? AND e.source < ?) OR (e.target >= ? AND e.target < ?))");
                TEXTP(owned[nown - 2]), TEXTP(owned[nown - 1]), TEXTP(owned[nown - 2]), TEXTP(owned[nown - 1]);
            } else {
                sb_add(&w, " AND "), sb_add(&w, col[side]), sb_add(&w, " >= ? AND "), sb_add(&w, col[side]);
                sb_add(&w, " < ?"), TEXTP(owned[nown - 2]), TEXTP(owned[nown - 1]);
            }
        } else if (side == 0) {
            /* either side: the list twice */
            int first = np - n;
            sb_add(&w, " AND (e.source IN "), sb_add(&w, in.p), sb_add(&w, " OR e.target IN "), sb_add(&w, in.p);
            sb_add(&w, ")");
            for (int k = 0; k < n; k++) prm[np] = prm[first + k], np++;
        } else {
            sb_add(&w, " AND "), sb_add(&w, col[side]), sb_add(&w, " IN "), sb_add(&w, in.p);
        }
        free(in.p);
        free(lo);
        free(hi);
    }
    if (q->root) sb_add(&w, " AND e.root = ?"), TEXTP(q->root);
    if (q->quad) {
        static const char *const QV[] = {"", "1", "2", "3", "4"};
        sb_add(&w, pg ? " AND e.quad = CAST(? AS INTEGER)" : " AND e.quad = ?"), TEXTP(QV[q->quad >= 1 && q->quad <= 4 ? q->quad : 0]);
    }
    if (q->plover) sb_add(&w, " AND e.plover = ?"), TEXTP(q->plover);
    if (q->country) sb_add(&w, " AND e.country = ?"), TEXTP(q->country);
    if (q->near) {
        double dlat = q->km / 111.0, dlon = q->km / (111.0 * fmax(0.01, cos(q->lat * M_PI / 180)));
        sb_add(&w, pg ? " AND e.lat BETWEEN CAST(? AS DOUBLE PRECISION) AND CAST(? AS DOUBLE PRECISION)"
                        " AND e.lon BETWEEN CAST(? AS DOUBLE PRECISION) AND CAST(? AS DOUBLE PRECISION)"
                        " AND dyad_dist_km(CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION), e.lat, e.lon)"
                        " <= CAST(? AS DOUBLE PRECISION)"
                      : " AND e.lat BETWEEN ? AND ? AND e.lon BETWEEN ? AND ? AND dyad_dist_km(?, ?, e.lat, e.lon) <= ?");
        DBLP(q->lat - dlat), DBLP(q->lat + dlat), DBLP(q->lon - dlon), DBLP(q->lon + dlon), DBLP(q->lat), DBLP(q->lon);
        DBLP(q->km);
    }
    if (q->text) {
        if (pg)
            sb_add(&w, " AND EXISTS (SELECT 1 FROM sentences x WHERE x.article = e.article AND x.idx = e.sentence AND"
                       " to_tsvector('simple', x.text) @@ plainto_tsquery('simple', ?))");
        else
            sb_add(&w, " AND EXISTS (SELECT 1 FROM sentences_fts f WHERE sentences_fts MATCH ? AND f.article = e.article"
                       " AND f.idx = e.sentence)");
        if (pg) TEXTP(q->text);
        else if (nown < 250) {
            /* FTS5 has a query language; the user's words become quoted terms
             * ("w1" "w2": all of them), so no input is a syntax error */
            size_t n = strlen(q->text);
            char *fq = owned[nown++] = malloc(n * 3 + 3);
            size_t o = 0;
            int inw = 0;
            for (size_t i = 0; fq && i < n; i++) {
                unsigned char ch = (unsigned char)q->text[i];
                int wc = (ch >= '0' && ch <= '9') || ((ch | 32) >= 'a' && (ch | 32) <= 'z') || ch >= 0x80;
                if (wc && !inw) {
                    if (o) fq[o++] = ' ';
                    fq[o++] = '"';
                    inw = 1;
                } else if (!wc && inw) {
                    fq[o++] = '"';
                    inw = 0;
                }
                if (wc) fq[o++] = (char)ch;
            }
            if (fq && inw) fq[o++] = '"';
            if (fq) fq[o] = 0;
            TEXTP(fq && o ? fq : "\"\"");
        }
    }
    /* the counted events: raw, one per story, or one per day */
    const char *cols = "e.article, e.sentence, e.date, e.source, e.target, e.code, e.root, e.quad, e.goldstein, e.plover,"
                       " e.place, e.country, e.lat, e.lon";
    sb_add(&sql, "WITH base AS (");
    if (q->count == COUNT_RAW) {
        sb_add(&sql, "SELECT ");
        sb_add(&sql, cols);
        sb_add(&sql, ", 1 AS mentions FROM events e");
        sb_add(&sql, w.p);
    } else {
        sb_add(&sql, "SELECT MIN(e.article) AS article, MIN(e.sentence) AS sentence, e.date, e.source, e.target, e.code,"
                     " MIN(e.root) AS root, MIN(e.quad) AS quad, MIN(e.goldstein) AS goldstein, MIN(e.plover) AS plover,"
                     " MIN(e.place) AS place, MIN(e.country) AS country, MIN(e.lat) AS lat, MIN(e.lon) AS lon,"
                     " COUNT(*) AS mentions FROM events e");
        sb_add(&sql, w.p);
        sb_add(&sql, q->count == COUNT_STORY ? " GROUP BY e.story, e.date, e.source, e.target, e.code"
                                             : " GROUP BY e.date, e.source, e.target, e.code");
    }
    sb_add(&sql, ") ");
    char lim[64];
    snprintf(lim, sizeof lim, " LIMIT %ld OFFSET %ld", q->limit > 0 ? q->limit : q->what == Q_EVENTS ? 100 : q->what == Q_SERIES || q->what == Q_COUNTRIES ? 100000 : 20,
             q->offset > 0 ? q->offset : 0);
    switch (q->what) {
    case Q_EVENTS:
        sb_add(&sql, "SELECT b.date, b.source, b.target, b.code, b.root, b.quad, b.goldstein, b.plover, b.mentions,"
                     " b.place, b.country, b.lat, b.lon, b.article, b.sentence, s.text FROM base b LEFT JOIN sentences s"
                     " ON s.article = b.article AND s.idx = b.sentence"
                     " ORDER BY b.date, b.article, b.sentence, b.source, b.target, b.code");
        break;
    case Q_SERIES: {
        const char *by = q->by ? q->by : "month";
        const char *period = !strcmp(by, "day")    ? "b.date"
                             : !strcmp(by, "week") ? (pg ? "to_char(date_trunc('week', CAST(b.date AS date)), 'YYYY-MM-DD')"
                                                         : "date(b.date, 'weekday 0', '-6 days')")
                                                   : "substr(b.date, 1, 7)";
        sb_add(&sql, "SELECT ");
        sb_add(&sql, period);
        sb_add(&sql, " AS period, COUNT(*) AS events, ROUND(CAST(AVG(b.goldstein) AS NUMERIC), 3) AS goldstein_mean,"
                     " SUM(CASE WHEN b.quad = 1 THEN 1 ELSE 0 END) AS verbal_coop,"
                     " SUM(CASE WHEN b.quad = 2 THEN 1 ELSE 0 END) AS material_coop,"
                     " SUM(CASE WHEN b.quad = 3 THEN 1 ELSE 0 END) AS verbal_conflict,"
                     " SUM(CASE WHEN b.quad = 4 THEN 1 ELSE 0 END) AS material_conflict"
                     " FROM base b WHERE b.date IS NOT NULL GROUP BY 1 ORDER BY 1");
        break;
    }
    case Q_DYADS:
        sb_add(&sql, "SELECT b.source, b.target, COUNT(*) AS events, ROUND(CAST(AVG(b.goldstein) AS NUMERIC), 3) AS"
                     " goldstein_mean FROM base b WHERE b.target IS NOT NULL GROUP BY b.source, b.target"
                     " ORDER BY 3 DESC, 1, 2");
        break;
    case Q_COUNTRIES:
        sb_add(&sql, "SELECT b.country AS country, COUNT(*) AS events, ROUND(CAST(AVG(b.goldstein) AS NUMERIC), 3) AS"
                     " goldstein_mean, SUM(CASE WHEN b.quad <= 2 THEN 1 ELSE 0 END) AS cooperation,"
                     " SUM(CASE WHEN b.quad >= 3 THEN 1 ELSE 0 END) AS conflict FROM base b WHERE b.country IS NOT NULL"
                     " GROUP BY b.country ORDER BY 2 DESC, 1");
        break;
    default:
        sb_add(&sql, "SELECT code AS actor, COUNT(*) AS events, SUM(src) AS as_source, SUM(1 - src) AS as_target FROM"
                     " (SELECT b.source AS code, 1 AS src FROM base b UNION ALL SELECT b.target, 0 FROM base b"
                     " WHERE b.target IS NOT NULL) t GROUP BY code ORDER BY 2 DESC, 1");
    }
    sb_add(&sql, lim);
    dy_stmt *st = sql.p ? db_prepare(s->db, sql.p) : NULL;
    if (!st) serr(s, "query");
    for (int i = 0; st && i < np; i++) {
        if (prm[i].type == 0) db_bind_text(st, i + 1, prm[i].s);
        else db_bind_double(st, i + 1, prm[i].d);
    }
    for (int i = 0; i < nown; i++) free(owned[i]);
    free(w.p);
    free(sql.p);
    return st;
#undef TEXTP
#undef DBLP
}

/* ------------------------------------------------------------ rows out */

int dy_store_is_number(const char *s) {
    if (!s || !*s) return 0;
    char *e;
    strtod(s, &e);
    return *e == 0 && strcmp(s, "nan") && strcmp(s, "inf");
}

int dy_store_text_col(const char *cn) {
    static const char *const T[] = {"code", "root", "source", "target", "actor", "article", "period", "date",
                                    "place", "country", "plover", "text", NULL};
    for (int i = 0; T[i]; i++)
        if (!strcmp(cn, T[i])) return 1;
    return 0;
}

const char *dy_store_value(dy_stmt *st, int i, char *buf, size_t cap) {
    const char *v = db_col_text(st, i);
    if (!v || dy_store_text_col(db_colname(st, i)) || !dy_store_is_number(v)) return v;
    snprintf(buf, cap, "%.15g", strtod(v, NULL));
    return buf;
}

static void jesc(FILE *f, const char *s) { dy_json_str(f, s, strlen(s), 1); /* safe to embed in a page */ }

int dy_store_rows_json(dy_stmt *st, FILE *f, long *nrows) {
    int rc, n = 0;
    fputc('[', f);
    while ((rc = db_step(st)) == DB_ROW) {
        fputs(n++ ? ",{" : "{", f);
        for (int i = 0; i < db_ncols(st); i++) {
            if (i) fputc(',', f);
            jesc(f, db_colname(st, i));
            fputc(':', f);
            char nb[64];
            const char *v = dy_store_value(st, i, nb, sizeof nb);
            if (!v) fputs("null", f);
            else if (dy_store_is_number(v) && !dy_store_text_col(db_colname(st, i))) fputs(v, f);
            else jesc(f, v);
        }
        fputc('}', f);
    }
    fputc(']', f);
    if (nrows) *nrows = n;
    return rc == DB_ERR ? -1 : 0;
}
