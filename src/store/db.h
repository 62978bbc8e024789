/* db.h — the two SQL backends behind one small interface: SQLite (a file,
 * the default) and PostgreSQL (libpq, for teams and many machines).
 *
 * Statements are written once with '?' placeholders; the PostgreSQL backend
 * numbers them ($1, $2 ...) when it prepares them.  Values go in as text,
 * integers, doubles or NULL and come out as text (NULL -> NULL pointer),
 * integers or doubles.  Errors are kept in the connection (db_error) as
 * "what: the server's message". */
#ifndef DY_DB_H
#define DY_DB_H
#include <stddef.h>
#include <stdint.h>

typedef struct dy_db dy_db;
typedef struct dy_stmt dy_stmt;

enum { DB_SQLITE = 1, DB_PG = 2 };
enum { DB_ROW = 1, DB_DONE = 0, DB_ERR = -1 };
/* what went wrong, for the caller's message and exit status */
enum { DBE_NONE = 0, DBE_OPEN, DBE_NOTDYAD, DBE_SCHEMA, DBE_FULL, DBE_BUSY, DBE_CONSTRAINT, DBE_OTHER };

/* url: "postgresql://..." or "postgres://..." for PostgreSQL, else a SQLite
 * file path (optionally "sqlite:PATH").  NULL on failure, message in err. */
dy_db *db_open(const char *url, char *err, size_t errlen);
void db_close(dy_db *db);
int db_kind(const dy_db *db);
const char *db_error(const dy_db *db);
int db_errkind(const dy_db *db);

/* run SQL without parameters (may hold several statements); 0 or -1 */
int db_exec(dy_db *db, const char *sql);
dy_stmt *db_prepare(dy_db *db, const char *sql);
/* parameters are 1-based */
void db_bind_text(dy_stmt *st, int i, const char *s);
/* s[0, n), not copied by SQLite: s must stay valid until db_step and
 * db_reset have run (as in storing a span of the article's text) */
void db_bind_textn(dy_stmt *st, int i, const char *s, size_t n);
void db_bind_int(dy_stmt *st, int i, int64_t v);
void db_bind_double(dy_stmt *st, int i, double v);
void db_bind_null(dy_stmt *st, int i);
/* DB_ROW, DB_DONE or DB_ERR */
int db_step(dy_stmt *st);
int db_ncols(dy_stmt *st);
const char *db_colname(dy_stmt *st, int i);
const char *db_col_text(dy_stmt *st, int i); /* 0-based; NULL for SQL NULL */
int64_t db_col_int(dy_stmt *st, int i);
double db_col_double(dy_stmt *st, int i);
int db_col_isnull(dy_stmt *st, int i);
/* reset for new bindings (keeps the prepared statement) */
void db_reset(dy_stmt *st);
/* the same for a statement whose parameters are all bound again before each
 * step (SQLite keeps the old values instead of clearing them: 0.6% of ingest) */
void db_reset_keep(dy_stmt *st);
void db_finalize(dy_stmt *st);

/* SQLite: checkpoint the write-ahead log in a thread of its own, on its own
 * connection, whenever db_checkpoint_kick is called (after a commit); 0, or
 * -1 when it could not start (then SQLite checkpoints as usual).  Nothing on
 * PostgreSQL.  db_close stops it. */
int db_checkpoint_in_background(dy_db *db);
void db_checkpoint_kick(dy_db *db);

/* the sqlite3 handle (SQLite only; NULL for PostgreSQL), for registering functions */
void *db_sqlite_handle(dy_db *db);
/* SQLite: the rowid of the last row inserted on this connection; -1 on PostgreSQL */
int64_t db_last_rowid(dy_db *db);

int db_begin(dy_db *db); /* SQLite: BEGIN IMMEDIATE (a writer waits for the lock) */
int db_commit(dy_db *db);
/* a transaction is open and usable (SQLite ends it itself after a full
 * disk or an I/O error; PostgreSQL's is unusable after any error) */
int db_in_tx(dy_db *db);
void db_rollback(dy_db *db);
#endif
