/* db.c — SQLite and PostgreSQL behind db.h. */
#define _DEFAULT_SOURCE 1 /* MAP_ANONYMOUS, MAP_NORESERVE, MADV_HUGEPAGE */
#include "store/db.h"
#include "dyad_internal.h"
#include <libpq-fe.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>


/* libpq is loaded when a PostgreSQL URL is first opened, not linked: with
 * what it brings (Kerberos, LDAP, OpenSSL) it was 15 ms of every dyad
 * command's start, PostgreSQL or not (a program linked with -lpq starts in
 * 17 ms, one without in 2.5).  Its functions are called through this table,
 * under their own names (the macros below). */
static struct {
    __typeof__(PQconnectdb) *connectdb;
    __typeof__(PQstatus) *status;
    __typeof__(PQerrorMessage) *errorMessage;
    __typeof__(PQfinish) *finish;
    __typeof__(PQexec) *exec;
    __typeof__(PQclear) *clear;
    __typeof__(PQresultStatus) *resultStatus;
    __typeof__(PQresultErrorMessage) *resultErrorMessage;
    __typeof__(PQresultErrorField) *resultErrorField;
    __typeof__(PQtransactionStatus) *transactionStatus;
    __typeof__(PQprepare) *prepare;
    __typeof__(PQexecPrepared) *execPrepared;
    __typeof__(PQntuples) *ntuples;
    __typeof__(PQnfields) *nfields;
    __typeof__(PQfname) *fname;
    __typeof__(PQgetvalue) *getvalue;
    __typeof__(PQgetisnull) *getisnull;
} pq;
static const char *const PQ_NAMES[] = {"PQconnectdb", "PQstatus", "PQerrorMessage", "PQfinish", "PQexec",
                                      "PQclear", "PQresultStatus", "PQresultErrorMessage", "PQresultErrorField",
                                      "PQtransactionStatus", "PQprepare", "PQexecPrepared", "PQntuples", "PQnfields",
                                      "PQfname", "PQgetvalue", "PQgetisnull", NULL};
_Static_assert(sizeof pq == (sizeof PQ_NAMES / sizeof PQ_NAMES[0] - 1) * sizeof(void *), "a name per pointer");
static dy_dl_lib PQ_LIB = DY_DL_LIB("libpq.so.5", "libpq5", PQ_NAMES, &pq);
#define PQconnectdb pq.connectdb
#define PQstatus pq.status
#define PQerrorMessage pq.errorMessage
#define PQfinish pq.finish
#define PQexec pq.exec
#define PQclear pq.clear
#define PQresultStatus pq.resultStatus
#define PQresultErrorMessage pq.resultErrorMessage
#define PQresultErrorField pq.resultErrorField
#define PQtransactionStatus pq.transactionStatus
#define PQprepare pq.prepare
#define PQexecPrepared pq.execPrepared
#define PQntuples pq.ntuples
#define PQnfields pq.nfields
#define PQfname pq.fname
#define PQgetvalue pq.getvalue
#define PQgetisnull pq.getisnull

typedef struct db_ckpt db_ckpt;
struct dy_db {
    int kind;
    sqlite3 *lite;
    PGconn *pg;
    int errkind;
    char err[1024];
    unsigned long nstmt; /* PostgreSQL statement names */
    char *path;          /* SQLite: the file */
    db_ckpt *ck;         /* SQLite: the background checkpointer, if started */
};

struct dy_stmt {
    dy_db *db;
    sqlite3_stmt *lite;
    /* PostgreSQL: the SQL with $n, parameters as text, the result */
    char name[32];
    char **params; /* nparams of them, made with the statement */
    int nparams;
    PGresult *res;
    int row, nrows, started;
};

/* SQLite's database pages in memory the kernel may back with 2 MB pages.  An
 * ingest keeps its whole batch (up to ~7 MB of 16 KB pages) and the pages it
 * reads in the cache (cache_size below: 64 MB); from malloc, every 4 KB of
 * that is a page fault on first touch: 4,300 faults, 12% of the time of
 * bench/store's ingest on a virtual machine, where a fault is expensive.
 * SQLite's allocator is wrapped: blocks the size of a 16 KB page with its
 * header come from a region reserved (not committed: only what is used takes
 * memory) and advised for huge pages, handed out from its start and reused
 * through a free list; everything else, and everything once the region is
 * used up, from malloc as before.  (SQLITE_CONFIG_PAGECACHE would do the
 * same but writes a link into every line of its buffer when it starts:
 * 64 MB touched to open a database.)  Not under AddressSanitizer, which
 * should see SQLite's memory. */
#define PC_LO 16384
#define PC_SLOT (16384 + 1024)
#define PC_REGION ((size_t)1 << 30)
static char *pc_base, *pc_next, *pc_end;
static void *pc_free; /* freed slots, linked through their first bytes */
static pthread_mutex_t pc_mu = PTHREAD_MUTEX_INITIALIZER;
static sqlite3_mem_methods pc_sys; /* SQLite's own allocator */

static int pc_in(const void *p) { return (const char *)p >= pc_base && (const char *)p < pc_end; }
static void *pc_malloc(int n) {
    if (n > PC_LO && n <= PC_SLOT) {
        void *p = NULL;
        pthread_mutex_lock(&pc_mu);
        if (pc_free) p = pc_free, pc_free = *(void **)p;
        else if ((size_t)(pc_end - pc_next) >= PC_SLOT) p = pc_next, pc_next += PC_SLOT;
        pthread_mutex_unlock(&pc_mu);
        if (p) return p;
    }
    return pc_sys.xMalloc(n);
}
static void pc_release(void *p) {
    if (!pc_in(p)) { pc_sys.xFree(p); return; }
    pthread_mutex_lock(&pc_mu);
    *(void **)p = pc_free, pc_free = p;
    pthread_mutex_unlock(&pc_mu);
}
static int pc_size(void *p) { return pc_in(p) ? PC_SLOT : pc_sys.xSize(p); }
static void *pc_realloc(void *p, int n) {
    if (!pc_in(p)) return pc_sys.xRealloc(p, n);
    if (n > PC_LO && n <= PC_SLOT) return p;
    void *q = pc_sys.xMalloc(n);
    if (q) memcpy(q, p, n < PC_SLOT ? (size_t)n : PC_SLOT), pc_release(p);
    return q;
}
static int pc_roundup(int n) { return n > PC_LO && n <= PC_SLOT ? PC_SLOT : pc_sys.xRoundup(n); }
static int pc_init(void *x) { return pc_sys.xInit(pc_sys.pAppData); }
static void pc_shutdown(void *x) { pc_sys.xShutdown(pc_sys.pAppData); }

#if defined(__SANITIZE_ADDRESS__)
#define PC_WRAP 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PC_WRAP 0
#endif
#endif
#ifndef PC_WRAP
#define PC_WRAP 1
#endif

static void lite_config(void) {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    if (!PC_WRAP || sqlite3_config(SQLITE_CONFIG_GETMALLOC, &pc_sys) != SQLITE_OK) return;
    size_t huge = (size_t)2 << 20;
    void *m = mmap(NULL, PC_REGION + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED) return;
    char *p = (char *)(((uintptr_t)m + huge - 1) & ~(uintptr_t)(huge - 1));
#ifdef MADV_HUGEPAGE
    madvise(p, PC_REGION, MADV_HUGEPAGE); /* advice: without it, ordinary pages */
#endif
    pc_base = pc_next = p, pc_end = p + PC_REGION;
    static const sqlite3_mem_methods mm = {pc_malloc, pc_release, pc_realloc, pc_size, pc_roundup, pc_init, pc_shutdown, 0};
    if (sqlite3_config(SQLITE_CONFIG_MALLOC, &mm) != SQLITE_OK) {
        pc_base = pc_next = pc_end = NULL;
        munmap(m, PC_REGION + huge);
    }
}

static void set_err(dy_db *db, int kind, const char *what, const char *msg) {
    db->errkind = kind;
    snprintf(db->err, sizeof db->err, "%s: %s", what, msg ? msg : "unknown error");
    size_t n = strlen(db->err);
    while (n && (db->err[n - 1] == '\n' || db->err[n - 1] == ' ')) db->err[--n] = 0;
}

static void lite_err(dy_db *db, const char *what) {
    int rc = sqlite3_extended_errcode(db->lite) & 0xff;
    int kind = rc == SQLITE_FULL ? DBE_FULL
               : rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? DBE_BUSY
               : rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT ? DBE_NOTDYAD
               : rc == SQLITE_CONSTRAINT ? DBE_CONSTRAINT
               : rc == SQLITE_CANTOPEN || rc == SQLITE_READONLY || rc == SQLITE_IOERR ? DBE_OPEN
                                                                                      : DBE_OTHER;
    set_err(db, kind, what, sqlite3_errmsg(db->lite));
}

static void pg_err(dy_db *db, const char *what, const PGresult *r) {
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    int kind = DBE_OTHER;
    if (state && !strcmp(state, "23505")) kind = DBE_CONSTRAINT;
    else if (state && !strncmp(state, "53", 2)) kind = DBE_FULL; /* insufficient resources, disk full */
    else if (state && (!strncmp(state, "08", 2) || !strncmp(state, "57", 2))) kind = DBE_OPEN; /* connection, shutdown */
    else if (PQstatus(db->pg) != CONNECTION_OK) kind = DBE_OPEN;
    set_err(db, kind, what, r ? PQresultErrorMessage(r) : PQerrorMessage(db->pg));
}

dy_db *db_open(const char *url, char *err, size_t errlen) {
    /* no global memory statistics: they take a mutex on every allocation
     * (a no-op once SQLite is initialized, which the first open does) */
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, lite_config);
    dy_db *db = calloc(1, sizeof *db);
    if (!db) { snprintf(err, errlen, "out of memory"); return NULL; }
    if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11)) {
        db->kind = DB_PG;
        char why[512];
        if (dy_dl_load(&PQ_LIB, why, sizeof why)) {
            snprintf(err, errlen, "cannot connect to PostgreSQL: %s", why);
            free(db);
            return NULL;
        }
        db->pg = PQconnectdb(url);
        if (!db->pg || PQstatus(db->pg) != CONNECTION_OK) {
            snprintf(err, errlen, "cannot connect to PostgreSQL: %s", db->pg ? PQerrorMessage(db->pg) : "out of memory");
            size_t n = strlen(err);
            while (n && err[n - 1] == '\n') err[--n] = 0;
            PQfinish(db->pg);
            free(db);
            return NULL;
        }
        PGresult *r = PQexec(db->pg, "SET client_min_messages = warning");
        PQclear(r);
        return db;
    }
    db->kind = DB_SQLITE;
    const char *path = !strncmp(url, "sqlite:", 7) ? url + 7 : url;
    if (!strncmp(path, "//", 2)) path += 2;
    size_t pl = strlen(path);
    if (!(db->path = malloc(pl + 1))) {
        snprintf(err, errlen, "out of memory");
        free(db);
        return NULL;
    }
    memcpy(db->path, path, pl + 1);
    if (sqlite3_open_v2(path, &db->lite, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, db->lite ? sqlite3_errmsg(db->lite) : "out of memory");
        sqlite3_close(db->lite);
        free(db->path);
        free(db);
        return NULL;
    }
    /* NOMUTEX: a connection is only ever used by one thread at a time (dyad
     * serve gives each worker thread its own) */
    sqlite3_busy_timeout(db->lite, 60000); /* another dyad ingest holds the write lock: wait */
    sqlite3_extended_result_codes(db->lite, 1);
    /* WAL: readers never block the writer; NORMAL sync is durable at checkpoints
     * and never corrupts (a crash loses at most the last transactions) */
    char *msg = NULL;
    int rc;
    /* a new file: bigger pages, fewer WAL frames per commit (ignored once the file has tables) */
    sqlite3_exec(db->lite, "PRAGMA page_size=16384", NULL, NULL, NULL);
    /* foreign_keys stays OFF (SQLite's default): dyad deletes an article's
     * rows table by table itself (store.c delete_article), and checking the
     * parent on every child row cost 3% of ingest; the REFERENCES clauses
     * document the schema and cascade for users who turn the pragma on.
     * Switching a new file to WAL can meet another process doing the same,
     * and that lock does not go through the busy handler: retry for 60 s */
    for (int tries = 0;; tries++) {
        rc = sqlite3_exec(db->lite, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF;"
                          " PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=8000;"
                          " PRAGMA temp_store=MEMORY;", NULL,
                          NULL, &msg);
        if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) break;
        if (tries == 6000) break;
        sqlite3_free(msg);
        msg = NULL;
        sqlite3_sleep(10);
    }
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, msg ? msg : sqlite3_errmsg(db->lite));
        int notdb = (sqlite3_extended_errcode(db->lite) & 0xff) == SQLITE_NOTADB;
        if (notdb) snprintf(err + strlen(err), errlen - strlen(err), " (not a SQLite database)");
        sqlite3_free(msg);
        sqlite3_close(db->lite);
        free(db->path);
        free(db);
        return NULL;
    }
    return db;
}

/* ---- checkpoints in the background (SQLite)
 * A checkpoint copies the write-ahead log into the database file and syncs
 * both: I/O waits (for bench/store's 12 MB, ~0.05 s, a tenth of the ingest)
 * that SQLite does in the writer, at a commit (autocheckpoint) or at close.
 * With a checkpointer thread on a connection of its own, each commit's pages
 * are copied and synced while the writer codes the next batch, and closing
 * has only the last batch left to copy.  PASSIVE: it never waits for or
 * blocks the writer or readers; a checkpoint it cannot do now is done by the
 * next one or at close.  Crash safety is SQLite's, as for any checkpoint. */
struct db_ckpt {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int kicks, stop;
    sqlite3 *conn;
};

static void *ckpt_main(void *arg) {
    db_ckpt *c = arg;
    pthread_mutex_lock(&c->mu);
    for (;;) {
        while (!c->kicks && !c->stop) pthread_cond_wait(&c->cv, &c->mu);
        if (c->stop) break;
        c->kicks = 0;
        pthread_mutex_unlock(&c->mu);
        sqlite3_wal_checkpoint_v2(c->conn, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        pthread_mutex_lock(&c->mu);
    }
    pthread_mutex_unlock(&c->mu);
    return NULL;
}

int db_checkpoint_in_background(dy_db *db) {
    if (db->kind != DB_SQLITE || db->ck) return 0;
    db_ckpt *c = calloc(1, sizeof *c);
    if (!c) return -1;
    if (sqlite3_open_v2(db->path, &c->conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
        sqlite3_exec(c->conn, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_close(c->conn);
        free(c);
        return -1;
    }
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->cv, NULL);
    if (pthread_create(&c->th, NULL, ckpt_main, c)) {
        pthread_mutex_destroy(&c->mu);
        pthread_cond_destroy(&c->cv);
        sqlite3_close(c->conn);
        free(c);
        return -1;
    }
    db->ck = c;
    return 0;
}

void db_checkpoint_kick(dy_db *db) {
    db_ckpt *c = db->ck;
    if (!c) return;
    pthread_mutex_lock(&c->mu);
    c->kicks++;
    pthread_cond_signal(&c->cv);
    pthread_mutex_unlock(&c->mu);
}

static void ckpt_stop(dy_db *db) {
    db_ckpt *c = db->ck;
    if (!c) return;
    pthread_mutex_lock(&c->mu);
    c->stop = 1;
    pthread_cond_signal(&c->cv);
    pthread_mutex_unlock(&c->mu);
    pthread_join(c->th, NULL);
    sqlite3_close(c->conn);
    pthread_mutex_destroy(&c->mu);
    pthread_cond_destroy(&c->cv);
    free(c);
    db->ck = NULL;
}

void db_close(dy_db *db) {
    if (!db) return;
    ckpt_stop(db); /* first: the last connection to close does the final checkpoint */
    free(db->path);
    if (db->lite) sqlite3_close(db->lite);
    if (db->pg) PQfinish(db->pg);
    free(db);
}

int db_kind(const dy_db *db) { return db->kind; }
const char *db_error(const dy_db *db) { return db->err; }
int db_errkind(const dy_db *db) { return db->errkind; }

int db_exec(dy_db *db, const char *sql) {
    if (db->kind == DB_SQLITE) {
        char *msg = NULL;
        if (sqlite3_exec(db->lite, sql, NULL, NULL, &msg) != SQLITE_OK) {
            lite_err(db, "SQLite");
            if (msg) set_err(db, db->errkind, "SQLite", msg);
            sqlite3_free(msg);
            return -1;
        }
        return 0;
    }
    PGresult *r = PQexec(db->pg, sql);
    ExecStatusType s = PQresultStatus(r);
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
        pg_err(db, "PostgreSQL", r);
        PQclear(r);
        return -1;
    }
    PQclear(r);
    return 0;
}

dy_stmt *db_prepare(dy_db *db, const char *sql) {
    dy_stmt *st = calloc(1, sizeof *st);
    if (!st) { set_err(db, DBE_OTHER, "dyad", "out of memory"); return NULL; }
    st->db = db;
    if (db->kind == DB_SQLITE) {
        if (sqlite3_prepare_v2(db->lite, sql, -1, &st->lite, NULL) != SQLITE_OK) {
            lite_err(db, "SQLite");
            free(st);
            return NULL;
        }
        return st;
    }
    /* '?' -> $n (no '?' appears in dyad's SQL outside placeholders) */
    size_t n = strlen(sql), marks = 0;
    for (size_t i = 0; i < n; i++) marks += sql[i] == '?';
    char *q = malloc(n + marks * 6 + 1);
    if (!q) { free(st); return NULL; }
    size_t o = 0;
    int k = 0;
    for (size_t i = 0; i < n; i++) {
        if (sql[i] == '?') o += (size_t)sprintf(q + o, "$%d", ++k);
        else q[o++] = sql[i];
    }
    q[o] = 0;
    snprintf(st->name, sizeof st->name, "s%lu", ++db->nstmt);
    PGresult *r = PQprepare(db->pg, st->name, q, 0, NULL);
    free(q);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        pg_err(db, "PostgreSQL", r);
        PQclear(r);
        free(st);
        return NULL;
    }
    PQclear(r);
    st->nparams = k;
    if (k && !(st->params = calloc((size_t)k, sizeof *st->params))) {
        snprintf(db->err, sizeof db->err, "out of memory");
        st->nparams = 0;
        db_finalize(st);
        return NULL;
    }
    return st;
}

static void pg_param(dy_stmt *st, int i, char *v) {
    if (i < 1 || i > st->nparams) { free(v); return; }
    free(st->params[i - 1]);
    st->params[i - 1] = v;
}

void db_bind_text(dy_stmt *st, int i, const char *s) {
    if (st->lite) { sqlite3_bind_text(st->lite, i, s, -1, SQLITE_TRANSIENT); return; }
    pg_param(st, i, s ? strdup(s) : NULL);
}
void db_bind_textn(dy_stmt *st, int i, const char *s, size_t n) {
    if (st->lite) { sqlite3_bind_text(st->lite, i, s, (int)n, SQLITE_STATIC); return; }
    pg_param(st, i, strndup(s, n));
}
void db_bind_int(dy_stmt *st, int i, int64_t v) {
    if (st->lite) { sqlite3_bind_int64(st->lite, i, v); return; }
    char b[32];
    snprintf(b, sizeof b, "%lld", (long long)v);
    pg_param(st, i, strdup(b));
}
void db_bind_double(dy_stmt *st, int i, double v) {
    if (st->lite) { sqlite3_bind_double(st->lite, i, v); return; }
    char b[40];
    snprintf(b, sizeof b, "%.17g", v);
    pg_param(st, i, strdup(b));
}
void db_bind_null(dy_stmt *st, int i) {
    if (st->lite) { sqlite3_bind_null(st->lite, i); return; }
    pg_param(st, i, NULL);
}

int db_step(dy_stmt *st) {
    if (st->lite) {
        int rc = sqlite3_step(st->lite);
        if (rc == SQLITE_ROW) return DB_ROW;
        if (rc == SQLITE_DONE) return DB_DONE;
        lite_err(st->db, "SQLite");
        return DB_ERR;
    }
    if (!st->started) {
        st->started = 1;
        st->res = PQexecPrepared(st->db->pg, st->name, st->nparams, (const char *const *)st->params, NULL, NULL, 0);
        ExecStatusType s = PQresultStatus(st->res);
        if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
            pg_err(st->db, "PostgreSQL", st->res);
            return DB_ERR;
        }
        st->nrows = PQntuples(st->res);
        st->row = -1;
    }
    if (st->row + 1 < st->nrows) {
        st->row++;
        return DB_ROW;
    }
    return DB_DONE;
}

int db_ncols(dy_stmt *st) { return st->lite ? sqlite3_column_count(st->lite) : st->res ? PQnfields(st->res) : 0; }
const char *db_colname(dy_stmt *st, int i) {
    return st->lite ? sqlite3_column_name(st->lite, i) : st->res ? PQfname(st->res, i) : "";
}
int db_col_isnull(dy_stmt *st, int i) {
    if (st->lite) return sqlite3_column_type(st->lite, i) == SQLITE_NULL;
    return !st->res || st->row < 0 || PQgetisnull(st->res, st->row, i);
}
const char *db_col_text(dy_stmt *st, int i) {
    if (st->lite) return (const char *)sqlite3_column_text(st->lite, i);
    if (db_col_isnull(st, i)) return NULL;
    return PQgetvalue(st->res, st->row, i);
}
int64_t db_col_int(dy_stmt *st, int i) {
    if (st->lite) return sqlite3_column_int64(st->lite, i);
    const char *s = db_col_text(st, i);
    return s ? strtoll(s, NULL, 10) : 0;
}
double db_col_double(dy_stmt *st, int i) {
    if (st->lite) return sqlite3_column_double(st->lite, i);
    const char *s = db_col_text(st, i);
    return s ? strtod(s, NULL) : 0;
}

void db_reset_keep(dy_stmt *st) {
    if (st && st->lite) sqlite3_reset(st->lite);
    else db_reset(st);
}

void db_reset(dy_stmt *st) {
    if (!st) return;
    if (st->lite) {
        sqlite3_reset(st->lite);
        sqlite3_clear_bindings(st->lite);
        return;
    }
    PQclear(st->res);
    st->res = NULL;
    st->started = 0;
    for (int i = 0; i < st->nparams; i++) free(st->params[i]), st->params[i] = NULL;
}

void db_finalize(dy_stmt *st) {
    if (!st) return;
    if (st->lite) sqlite3_finalize(st->lite);
    else {
        db_reset(st);
        char sql[64];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
        PGresult *r = PQexec(st->db->pg, sql);
        PQclear(r);
        free(st->params);
    }
    free(st);
}

void *db_sqlite_handle(dy_db *db) { return db->lite; }
int64_t db_last_rowid(dy_db *db) { return db->lite ? sqlite3_last_insert_rowid(db->lite) : -1; }

int db_begin(dy_db *db) { return db_exec(db, db->kind == DB_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN"); }
int db_commit(dy_db *db) { return db_exec(db, "COMMIT"); }
int db_in_tx(dy_db *db) {
    return db->kind == DB_SQLITE ? !sqlite3_get_autocommit(db->lite) : PQtransactionStatus(db->pg) == PQTRANS_INTRANS;
}
void db_rollback(dy_db *db) {
    char save[1024];
    int kind = db->errkind;
    snprintf(save, sizeof save, "%s", db->err);
    db_exec(db, "ROLLBACK");
    db->errkind = kind;
    snprintf(db->err, sizeof db->err, "%s", save);
}
