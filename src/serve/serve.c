/* serve.c — the HTTP API and static files (see serve.h). */
#define _GNU_SOURCE 1 /* open_memstream, fmemopen */
#include "serve/serve.h"
#include "code/coder.h"
#include "dict/dict.h"
#include "io/writer.h"
#include "kg/kg.h"
#include "store/store.h"
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include "serve/mhd.h"
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------ state */

static const dy_serve_opts *O;
static dyad_dict *D;
static dy_kg *KG;
static char WEBROOT[PATH_MAX];

/* per pool thread: its own store connection, coder and graph buffer, kept in
 * a registry so that shutdown closes them */
typedef struct worker {
    dy_store *st;
    dyad_coder *c;
    dy_kg_doc *doc;
    struct worker *next;
} worker;
static _Thread_local worker *W;
static worker *ALL;
static pthread_mutex_t ALL_LOCK = PTHREAD_MUTEX_INITIALIZER;

static worker *me(char *err, size_t errlen) {
    if (W) return W;
    worker *w = calloc(1, sizeof *w);
    if (!w) { snprintf(err, errlen, "out of memory"); return NULL; }
    int why;
    w->st = dy_store_open(O->db, 0, err, errlen, &why);
    w->c = dyad_coder_new(D);
    w->doc = dy_kg_doc_new();
    if (!w->st || !w->c || !w->doc) {
        dy_store_close(w->st), dyad_coder_free(w->c), dy_kg_doc_free(w->doc), free(w);
        return NULL;
    }
    dy_coder_want_mentions(w->c, 1);
    pthread_mutex_lock(&ALL_LOCK);
    w->next = ALL, ALL = w;
    pthread_mutex_unlock(&ALL_LOCK);
    return W = w;
}

/* per request */
typedef struct {
    char *body;
    size_t len, cap;
    int too_big;
} req;

/* ------------------------------------------------------------ replies */

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *type, char *buf, size_t len) {
    struct MHD_Response *r = MHD_create_response_from_buffer(len, buf, MHD_RESPMEM_MUST_FREE);
    if (!r) { free(buf); return MHD_NO; }
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    if (!strncmp(type, "text/html", 9))
        MHD_add_response_header(r, "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'");
    if (!strncmp(type, "application/json", 16)) MHD_add_response_header(r, "Cache-Control", "no-store");
    if (O->cors) MHD_add_response_header(r, "Access-Control-Allow-Origin", O->cors);
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static void jstr(FILE *f, const char *s) { dy_json_str(f, s, s ? strlen(s) : 0, 1); }

static enum MHD_Result error(struct MHD_Connection *c, unsigned status, const char *fmt, const char *arg) {
    char msg[512];
    snprintf(msg, sizeof msg, fmt, arg ? arg : "");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return MHD_NO;
    fputs("{\"error\":", f);
    jstr(f, msg);
    fprintf(f, ",\"status\":%u}\n", status);
    fclose(f);
    return reply(c, status, "application/json", buf, len);
}

/* ------------------------------------------------------------ queries */

static const char *arg(struct MHD_Connection *c, const char *k) {
    const char *v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, k);
    return v && *v ? v : NULL;
}

static int is_date(const char *s) { return s && dy_date_int(s) && strlen(s) == 10; }

static enum MHD_Result api_query(struct MHD_Connection *c, int what) {
    dy_query q;
    memset(&q, 0, sizeof q);
    q.what = what;
    q.from = arg(c, "from"), q.to = arg(c, "to");
    if ((q.from && !is_date(q.from)) || (q.to && !is_date(q.to)))
        return error(c, 400, "from/to are dates YYYY-MM-DD", NULL);
    q.actor = arg(c, "actor"), q.source = arg(c, "source"), q.target = arg(c, "target");
    const char *codes[3] = {q.actor, q.source, q.target};
    for (int i = 0; i < 3; i++)
        if (codes[i] && (strlen(codes[i]) > 32 || strspn(codes[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != strlen(codes[i])))
            return error(c, 400, "actor codes are capital letters and digits: '%s'", codes[i]);
    q.root = arg(c, "root");
    if (q.root && (strlen(q.root) != 2 || strspn(q.root, "0123456789") != 2)) return error(c, 400, "root is two digits", NULL);
    const char *v;
    if ((v = arg(c, "quad"))) {
        if (strlen(v) != 1 || v[0] < '1' || v[0] > '4') return error(c, 400, "quad is 1-4", NULL);
        q.quad = v[0] - '0';
    }
    q.plover = arg(c, "plover");
    if ((q.country = arg(c, "country")) && strlen(q.country) != 2) return error(c, 400, "country is a two-letter code", NULL);
    if ((v = arg(c, "near"))) {
        char extra;
        if (sscanf(v, "%lf,%lf,%lf%c", &q.lat, &q.lon, &q.km, &extra) != 3 || q.km <= 0 || q.lat < -90 || q.lat > 90 ||
            q.lon < -180 || q.lon > 180)
            return error(c, 400, "near is LAT,LON,KM", NULL);
        q.near = 1;
    }
    q.text = arg(c, "text");
    if (q.text && strlen(q.text) > 200) return error(c, 400, "text is at most 200 characters", NULL);
    if ((v = arg(c, "count"))) {
        if (!strcmp(v, "raw")) q.count = COUNT_RAW;
        else if (!strcmp(v, "story")) q.count = COUNT_STORY;
        else if (!strcmp(v, "day")) q.count = COUNT_DAY;
        else return error(c, 400, "count is raw, story or day", NULL);
    }
    if ((v = arg(c, "by"))) {
        if (strcmp(v, "day") && strcmp(v, "week") && strcmp(v, "month")) return error(c, 400, "by is day, week or month", NULL);
        q.by = v;
    }
    char *e;
    if ((v = arg(c, "limit"))) {
        q.limit = strtol(v, &e, 10);
        if (*e || q.limit < 1 || q.limit > 10000) return error(c, 400, "limit is 1-10000", NULL);
    }
    if ((v = arg(c, "offset"))) {
        q.offset = strtol(v, &e, 10);
        if (*e || q.offset < 0) return error(c, 400, "offset is a number >= 0", NULL);
    }
    char err[1200];
    worker *w = me(err, sizeof err);
    if (!w) return error(c, 503, "store unavailable: %s", err);
    dy_stmt *st = dy_store_query(w->st, &q);
    if (!st) return error(c, 500, "query failed: %s", dy_store_error(w->st));
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) { db_finalize(st); return MHD_NO; }
    long n = 0;
    fputs("{\"rows\":", f);
    int rc = 0;
    if (what == Q_COUNTRIES) { /* with the ISO numeric code (world-atlas ids) and the name */
        const dy_gaz *g = dy_kg_gazetteer(KG);
        fputc('[', f);
        while ((rc = db_step(st)) == DB_ROW) {
            const char *cc = db_col_text(st, 0);
            const gz_place *p = cc && g ? dy_gaz_place(g, dy_gaz_country(g, cc)) : NULL;
            fprintf(f, "%s{\"country\":", n++ ? "," : "");
            jstr(f, cc);
            fprintf(f, ",\"numeric\":%d,\"name\":", p ? p->numeric : 0);
            jstr(f, p ? dy_gaz_str(g, p->name) : cc);
            fprintf(f, ",\"events\":%lld,\"goldstein_mean\":%.3f,\"cooperation\":%lld,\"conflict\":%lld}",
                    (long long)db_col_int(st, 1), db_col_double(st, 2), (long long)db_col_int(st, 3), (long long)db_col_int(st, 4));
        }
        fputc(']', f);
        rc = rc == DB_ERR ? -1 : 0;
    } else
        rc = dy_store_rows_json(st, f, &n);
    long lim = q.limit > 0 ? q.limit : what == Q_EVENTS ? 100 : what == Q_SERIES || what == Q_COUNTRIES ? 100000 : 20;
    fprintf(f, ",\"count\":%ld,\"offset\":%ld,\"limit\":%ld}\n", n, q.offset, lim);
    fclose(f);
    if (rc) {
        free(buf);
        const char *m = db_error(dy_store_db(w->st));
        db_finalize(st);
        return error(c, 500, "query failed: %s", m);
    }
    db_finalize(st);
    return reply(c, 200, "application/json", buf, len);
}

static enum MHD_Result api_health(struct MHD_Connection *c) {
    char err[1200];
    worker *w = me(err, sizeof err);
    if (!w) return error(c, 503, "store unavailable: %s", err);
    dy_stmt *st = db_prepare(dy_store_db(w->st), "SELECT count(*) FROM events");
    long long n = st && db_step(st) == DB_ROW ? (long long)db_col_int(st, 0) : -1;
    db_finalize(st);
    if (n < 0) return error(c, 503, "store unavailable: %s", db_error(dy_store_db(w->st)));
    char *buf = malloc(160);
    if (!buf) return MHD_NO;
    int k = snprintf(buf, 160, "{\"status\":\"ok\",\"version\":\"%s\",\"schema\":%d,\"events\":%lld}\n", DYAD_VERSION,
                     dy_store_version(w->st), n);
    return reply(c, 200, "application/json", buf, (size_t)k);
}

/* ------------------------------------------------------------ articles */

static void rows_as(FILE *f, dy_db *db, const char *sql, const char *id, int *first, const char *kind) {
    dy_stmt *st = db_prepare(db, sql);
    if (!st) return;
    db_bind_text(st, 1, id);
    while (db_step(st) == DB_ROW) {
        /* columns: start, end, label, detail */
        if (db_col_isnull(st, 0) || db_col_isnull(st, 1)) continue;
        fprintf(f, "%s{\"kind\":\"%s\",\"start\":%lld,\"end\":%lld,\"label\":", *first ? "" : ",", kind,
                (long long)db_col_int(st, 0), (long long)db_col_int(st, 1));
        jstr(f, db_col_text(st, 2));
        fputs(",\"detail\":", f);
        jstr(f, db_ncols(st) > 3 ? db_col_text(st, 3) : NULL);
        fputc('}', f);
        *first = 0;
    }
    db_finalize(st);
}

static enum MHD_Result api_article(struct MHD_Connection *c, const char *id) {
    if (!*id || strlen(id) > 512) return error(c, 400, "bad article id", NULL);
    char err[1200];
    worker *w = me(err, sizeof err);
    if (!w) return error(c, 503, "store unavailable: %s", err);
    dy_db *db = dy_store_db(w->st);
    dy_stmt *st = db_prepare(db, "SELECT id, title, date, url, source, story, tone, text FROM articles WHERE id = ?");
    if (!st) return error(c, 500, "query failed: %s", db_error(db));
    db_bind_text(st, 1, id);
    if (db_step(st) != DB_ROW) {
        db_finalize(st);
        return error(c, 404, "no article '%s'", id);
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) { db_finalize(st); return MHD_NO; }
    static const char *const K[] = {"id", "title", "date", "url", "source", "story"};
    fputc('{', f);
    for (int i = 0; i < 6; i++) {
        fprintf(f, "%s\"%s\":", i ? "," : "", K[i]);
        jstr(f, db_col_text(st, i));
    }
    fputs(",\"tone\":", f);
    if (db_col_isnull(st, 6)) fputs("null", f);
    else fprintf(f, "%.4f", db_col_double(st, 6));
    fputs(",\"text\":", f);
    jstr(f, db_col_text(st, 7));
    db_finalize(st);
    fputs(",\"spans\":[", f);
    int first = 1;
    rows_as(f, db, "SELECT source_start, source_end, source, code FROM events WHERE article = ? ORDER BY idx", id, &first, "actor");
    rows_as(f, db, "SELECT target_start, target_end, target, code FROM events WHERE article = ? AND target IS NOT NULL ORDER BY idx",
            id, &first, "actor");
    rows_as(f, db, "SELECT verb_start, verb_end, code, plover FROM events WHERE article = ? ORDER BY idx", id, &first, "verb");
    rows_as(f, db, "SELECT start_off, end_off, name, type FROM places WHERE article = ? ORDER BY idx", id, &first, "place");
    rows_as(f, db, "SELECT start_off, end_off, speaker, speaker_code FROM quotes WHERE article = ? ORDER BY idx", id, &first,
            "quote");
    fputs("],\"events\":", f);
    st = db_prepare(db, "SELECT idx, sentence, date, source, target, code, root, quad, goldstein, plover, place, lat, lon,"
                        " geo_rule FROM events WHERE article = ? ORDER BY idx");
    if (st) {
        db_bind_text(st, 1, id);
        dy_store_rows_json(st, f, NULL);
        db_finalize(st);
    } else
        fputs("[]", f);
    fputs("}\n", f);
    fclose(f);
    return reply(c, 200, "application/json", buf, len);
}

/* ------------------------------------------------------------ code, ingest */

struct kgx { const dy_kg_doc *doc; };
static void ev_location(FILE *f, int i, void *ctx) {
    const struct kgx *x = ctx;
    fputs(",\"location\":", f);
    if (i < x->doc->n_evlocs && x->doc->evlocs[i].place != GZ_NONE)
        dy_kg_write_place_json(f, KG, x->doc->evlocs[i].place, x->doc->evlocs[i].rule);
    else
        fputs("null", f);
}

static enum MHD_Result api_code(struct MHD_Connection *c, req *r) {
    if (!r->len) return error(c, 400, "send the article text (or JSON {\"text\": ...}) as the body", NULL);
    char err[1200];
    worker *w = me(err, sizeof err);
    if (!w) return error(c, 503, "coder unavailable: %s", err);
    json_t *js = NULL;
    const char *text = r->body, *date = "", *title = "";
    size_t n = r->len;
    if (r->body[0] == '{') {
        json_error_t je;
        js = json_loadb(r->body, r->len, 0, &je);
        json_t *t = js ? json_object_get(js, "text") : NULL;
        if (!js || !json_is_string(t)) {
            json_decref(js);
            return error(c, 400, "body: JSON with a \"text\" string expected (%s)", js ? "no text" : je.text);
        }
        text = json_string_value(t), n = json_string_length(t);
        json_t *d = json_object_get(js, "date"), *ti = json_object_get(js, "title");
        if (json_is_string(d)) date = json_string_value(d);
        if (json_is_string(ti)) title = json_string_value(ti);
        if (date[0] && !is_date(date)) { json_decref(js); return error(c, 400, "date is YYYY-MM-DD", NULL); }
    }
    size_t rl, bad;
    char *clean = dyad_utf8_repair(text, n, &rl, &bad);
    if (!clean) { json_decref(js); return MHD_NO; }
    char today[16];
    time_t tt = time(NULL);
    struct tm tmv;
    gmtime_r(&tt, &tmv);
    strftime(today, sizeof today, "%Y-%m-%d", &tmv);
    const dyad_event *ev;
    int ne = dyad_code_text(w->c, clean, rl, date[0] ? date : today, 0, &ev);
    if (ne < 0) ne = 0;
    dy_kg_analyze(KG, w->c, clean, rl, date, ev, ne, w->doc);
    char id[24];
    snprintf(id, sizeof id, "h%016llx", (unsigned long long)dy_hash64(clean, rl));
    dyad_article a;
    memset(&a, 0, sizeof a);
    a.id = id, a.date = date, a.title = title, a.text = clean, a.text_len = rl, a.url = "", a.source = "", a.lang = "";
    a.comment = "", a.origin = "request", a.category = "";
    char *ebuf = NULL, *kbuf = NULL, *buf = NULL;
    size_t elen = 0, klen = 0, len = 0;
    FILE *fe = open_memstream(&ebuf, &elen), *fk = open_memstream(&kbuf, &klen);
    struct kgx x = {w->doc};
    if (fe) dy_write_events_ex(fe, DY_OUT_JSON, &a, ev, ne, ev_location, &x), fclose(fe);
    if (fk) dy_kg_write_json(fk, KG, &a, w->doc), fclose(fk);
    FILE *f = open_memstream(&buf, &len);
    if (f) {
        fputs("{\"events\":[", f);
        for (size_t i = 0; ebuf && i < elen; i++) /* JSON lines -> array */
            fputc(ebuf[i] == '\n' ? (i + 1 < elen ? ',' : ' ') : ebuf[i], f);
        fputs("],\"kg\":", f);
        if (kbuf && klen) fwrite(kbuf, 1, klen - (kbuf[klen - 1] == '\n'), f);
        else fputs("null", f);
        fprintf(f, ",\"invalid_utf8\":%zu}\n", bad);
        fclose(f);
    }
    free(ebuf), free(kbuf), free(clean);
    json_decref(js);
    if (!buf) return MHD_NO;
    return reply(c, 200, "application/json", buf, len);
}

static int token_ok(struct MHD_Connection *c) {
    if (!O->token) return 0;
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (!h || strncmp(h, "Bearer ", 7)) return 0;
    h += 7;
    size_t a = strlen(h), b = strlen(O->token);
    unsigned diff = (unsigned)(a ^ b);
    for (size_t i = 0; i < a && i < b; i++) diff |= (unsigned char)h[i] ^ (unsigned char)O->token[i];
    return diff == 0; /* no early exit: the time does not tell how much matched */
}

static enum MHD_Result api_ingest(struct MHD_Connection *c, req *r) {
    if (!O->token) return error(c, 403, "ingest is disabled (start dyad serve with --token)", NULL);
    if (!token_ok(c)) return error(c, 401, "a valid 'Authorization: Bearer TOKEN' header is required", NULL);
    if (!r->len) return error(c, 400, "send articles (JSON Lines or text) as the body", NULL);
    char err[1200];
    worker *w = me(err, sizeof err);
    if (!w) return error(c, 503, "store unavailable: %s", err);
    FILE *in = fmemopen(r->body, r->len, "rb");
    if (!in) return MHD_NO;
    dyad_reader *rd = dyad_reader_open(in, "request", DYAD_INPUT_AUTO);
    dyad_article a;
    int k;
    long added = 0, skipped = 0, failed = 0, events = 0;
    char today[16];
    time_t tt = time(NULL);
    struct tm tmv;
    gmtime_r(&tt, &tmv);
    strftime(today, sizeof today, "%Y-%m-%d", &tmv);
    while (rd && (k = dyad_reader_next(rd, &a)) != 0) {
        if (k < 0) { failed++; continue; }
        const dyad_event *ev;
        int n = dyad_code_text(w->c, a.text, a.text_len, a.date[0] ? a.date : today, a.one_sentence, &ev);
        if (n < 0) n = 0;
        dy_kg_analyze(KG, w->c, a.text, a.text_len, a.date, ev, n, w->doc);
        int nmen;
        const dy_mention *men = dy_coder_mentions(w->c, &nmen);
        size_t nsent = 0;
        const dyad_span *sent = dy_coder_spans(w->c, a.text, a.text_len, &nsent);
        int res = dy_store_put(w->st, &a, ev, n, men, nmen, sent, nsent, KG, w->doc, 0);
        if (res < 0) failed++;
        else if (res == STORE_EXISTS) skipped++;
        else added++, events += n;
    }
    int fl = dy_store_flush(w->st);
    dyad_reader_close(rd);
    fclose(in);
    if (fl) return error(c, 500, "storing failed: %s", dy_store_error(w->st));
    char *buf = malloc(160);
    if (!buf) return MHD_NO;
    int n = snprintf(buf, 160, "{\"added\":%ld,\"already_stored\":%ld,\"failed\":%ld,\"events\":%ld}\n", added, skipped,
                     failed, events);
    return reply(c, failed && !added && !skipped ? 400 : 200, "application/json", buf, (size_t)n);
}

/* ------------------------------------------------------------ static */

static const char *mime(const char *p) {
    const char *dot = strrchr(p, '.');
    if (!dot) return "application/octet-stream";
    if (!strcmp(dot, ".html")) return "text/html; charset=utf-8";
    if (!strcmp(dot, ".js") || !strcmp(dot, ".mjs")) return "text/javascript; charset=utf-8";
    if (!strcmp(dot, ".css")) return "text/css; charset=utf-8";
    if (!strcmp(dot, ".json")) return "application/json";
    if (!strcmp(dot, ".svg")) return "image/svg+xml";
    if (!strcmp(dot, ".png")) return "image/png";
    return "application/octet-stream";
}

static enum MHD_Result serve_static(struct MHD_Connection *c, const char *url) {
    if (!WEBROOT[0]) {
        static const char page[] = "<!doctype html><title>dyad</title><p>dyad serve: the API is at /api/ (see "
                                   "/api/openapi.json); no dashboard files were given (--web DIR).</p>\n";
        char *b = malloc(sizeof page);
        if (!b) return MHD_NO;
        memcpy(b, page, sizeof page);
        return reply(c, strcmp(url, "/") ? 404 : 200, "text/html; charset=utf-8", b, sizeof page - 1);
    }
    const char *rel = !strcmp(url, "/") ? "index.html" : url + 1;
    size_t n = strlen(rel);
    /* plain relative paths only: letters, digits, . _ - / and no "..", "//" or leading "." */
    if (n == 0 || n > 200 || strspn(rel, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/") != n ||
        strstr(rel, "..") || strstr(rel, "//") || rel[0] == '.' || rel[0] == '/' || strstr(rel, "/."))
        return error(c, 404, "not found", NULL);
    char path[PATH_MAX + 256], real[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", WEBROOT, rel);
    if (!realpath(path, real) || strncmp(real, WEBROOT, strlen(WEBROOT)) || real[strlen(WEBROOT)] != '/')
        return error(c, 404, "not found", NULL);
    FILE *f = fopen(real, "rb");
    struct stat sb;
    if (!f || fstat(fileno(f), &sb) || !S_ISREG(sb.st_mode) || sb.st_size > 20 * 1024 * 1024) {
        if (f) fclose(f);
        return error(c, 404, "not found", NULL);
    }
    char *b = malloc((size_t)sb.st_size + 1);
    size_t got = b ? fread(b, 1, (size_t)sb.st_size, f) : 0;
    fclose(f);
    if (!b) return MHD_NO;
    struct MHD_Response *r = MHD_create_response_from_buffer(got, b, MHD_RESPMEM_MUST_FREE);
    if (!r) { free(b); return MHD_NO; }
    MHD_add_response_header(r, "Content-Type", mime(real));
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Cache-Control", "max-age=300");
    if (!strcmp(mime(real), "text/html; charset=utf-8"))
        MHD_add_response_header(r, "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'");
    enum MHD_Result ret = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return ret;
}

/* ------------------------------------------------------------ OpenAPI */

static const char OPENAPI[] =
    "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"dyad\",\"version\":\"" DYAD_VERSION "\","
    "\"description\":\"Event data coded by dyad: query stored events, code text.\"},"
    "\"components\":{\"parameters\":{"
    "\"from\":{\"name\":\"from\",\"in\":\"query\",\"schema\":{\"type\":\"string\",\"format\":\"date\"}},"
    "\"to\":{\"name\":\"to\",\"in\":\"query\",\"schema\":{\"type\":\"string\",\"format\":\"date\"}},"
    "\"actor\":{\"name\":\"actor\",\"in\":\"query\",\"description\":\"code prefix, either side\",\"schema\":{\"type\":\"string\"}},"
    "\"source\":{\"name\":\"source\",\"in\":\"query\",\"schema\":{\"type\":\"string\"}},"
    "\"target\":{\"name\":\"target\",\"in\":\"query\",\"schema\":{\"type\":\"string\"}},"
    "\"root\":{\"name\":\"root\",\"in\":\"query\",\"schema\":{\"type\":\"string\",\"pattern\":\"^[0-9]{2}$\"}},"
    "\"quad\":{\"name\":\"quad\",\"in\":\"query\",\"schema\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":4}},"
    "\"plover\":{\"name\":\"plover\",\"in\":\"query\",\"schema\":{\"type\":\"string\"}},"
    "\"country\":{\"name\":\"country\",\"in\":\"query\",\"schema\":{\"type\":\"string\",\"pattern\":\"^[A-Z]{2}$\"}},"
    "\"near\":{\"name\":\"near\",\"in\":\"query\",\"description\":\"LAT,LON,KM\",\"schema\":{\"type\":\"string\"}},"
    "\"text\":{\"name\":\"text\",\"in\":\"query\",\"schema\":{\"type\":\"string\",\"maxLength\":200}},"
    "\"count\":{\"name\":\"count\",\"in\":\"query\",\"schema\":{\"type\":\"string\",\"enum\":[\"raw\",\"story\",\"day\"]}},"
    "\"limit\":{\"name\":\"limit\",\"in\":\"query\",\"schema\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":10000}},"
    "\"offset\":{\"name\":\"offset\",\"in\":\"query\",\"schema\":{\"type\":\"integer\",\"minimum\":0}}},"
    "\"schemas\":{\"Rows\":{\"type\":\"object\",\"properties\":{\"rows\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}},"
    "\"count\":{\"type\":\"integer\"},\"offset\":{\"type\":\"integer\"},\"limit\":{\"type\":\"integer\"}}},"
    "\"Error\":{\"type\":\"object\",\"properties\":{\"error\":{\"type\":\"string\"},\"status\":{\"type\":\"integer\"}}}}},"
    "\"paths\":{"
    "\"/api/health\":{\"get\":{\"summary\":\"liveness and counts\",\"responses\":{\"200\":{\"description\":\"ok\"}}}},"
#define FILTERS                                                                                                        \
    "[{\"$ref\":\"#/components/parameters/from\"},{\"$ref\":\"#/components/parameters/to\"},"                          \
    "{\"$ref\":\"#/components/parameters/actor\"},{\"$ref\":\"#/components/parameters/source\"},"                      \
    "{\"$ref\":\"#/components/parameters/target\"},{\"$ref\":\"#/components/parameters/root\"},"                       \
    "{\"$ref\":\"#/components/parameters/quad\"},{\"$ref\":\"#/components/parameters/plover\"},"                       \
    "{\"$ref\":\"#/components/parameters/country\"},{\"$ref\":\"#/components/parameters/near\"},"                      \
    "{\"$ref\":\"#/components/parameters/text\"},{\"$ref\":\"#/components/parameters/count\"},"                        \
    "{\"$ref\":\"#/components/parameters/limit\"},{\"$ref\":\"#/components/parameters/offset\"}"
#define ROWS "\"responses\":{\"200\":{\"description\":\"rows\",\"content\":{\"application/json\":{\"schema\":{\"$ref\":\"#/components/schemas/Rows\"}}}},\"400\":{\"description\":\"bad parameter\"}}"
    "\"/api/events\":{\"get\":{\"summary\":\"events\",\"parameters\":" FILTERS "]," ROWS "}},"
    "\"/api/series\":{\"get\":{\"summary\":\"events per period\",\"parameters\":" FILTERS
    ",{\"name\":\"by\",\"in\":\"query\",\"schema\":{\"type\":\"string\",\"enum\":[\"day\",\"week\",\"month\"]}}]," ROWS "}},"
    "\"/api/dyads\":{\"get\":{\"summary\":\"top source-target pairs\",\"parameters\":" FILTERS "]," ROWS "}},"
    "\"/api/actors\":{\"get\":{\"summary\":\"top actors\",\"parameters\":" FILTERS "]," ROWS "}},"
    "\"/api/countries\":{\"get\":{\"summary\":\"events by the country of their place (ISO alpha-2 and numeric)\","
    "\"parameters\":" FILTERS "]," ROWS "}},"
    "\"/api/articles/{id}\":{\"get\":{\"summary\":\"an article with the spans of its actors, verbs, places, quotations\","
    "\"parameters\":[{\"name\":\"id\",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"string\"}}],"
    "\"responses\":{\"200\":{\"description\":\"the article\"},\"404\":{\"description\":\"no such article\"}}}},"
    "\"/api/code\":{\"post\":{\"summary\":\"code an article (nothing stored)\",\"requestBody\":{\"content\":{"
    "\"text/plain\":{\"schema\":{\"type\":\"string\"}},\"application/json\":{\"schema\":{\"type\":\"object\","
    "\"properties\":{\"text\":{\"type\":\"string\"},\"date\":{\"type\":\"string\",\"format\":\"date\"},\"title\":{\"type\":\"string\"}},"
    "\"required\":[\"text\"]}}}},\"responses\":{\"200\":{\"description\":\"events and knowledge graph\"},"
    "\"400\":{\"description\":\"bad body\"},\"413\":{\"description\":\"body too large\"}}}},"
    "\"/api/ingest\":{\"post\":{\"summary\":\"code and store articles (JSON Lines or text)\",\"security\":[{\"bearer\":[]}],"
    "\"responses\":{\"200\":{\"description\":\"counts\"},\"401\":{\"description\":\"no or wrong token\"},"
    "\"403\":{\"description\":\"ingest disabled\"}}}}}}\n";

/* ------------------------------------------------------------ dispatch */

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload, size_t *upload_size, void **state) {
    (void)cls, (void)version;
    int post = !strcmp(method, "POST");
    if (post && !*state) {
        req *r = calloc(1, sizeof *r);
        if (!r) return MHD_NO;
        *state = r;
        return MHD_YES;
    }
    if (post) {
        req *r = *state;
        if (*upload_size) {
            if (!r->too_big && r->len + *upload_size <= O->max_body) {
                if (r->len + *upload_size + 1 > r->cap) {
                    size_t nc = (r->len + *upload_size + 1) * 2;
                    if (nc > O->max_body + 1) nc = O->max_body + 1;
                    char *nb = realloc(r->body, nc);
                    if (!nb) return MHD_NO;
                    r->body = nb, r->cap = nc;
                }
                memcpy(r->body + r->len, upload, *upload_size);
                r->len += *upload_size;
                r->body[r->len] = 0;
            } else
                r->too_big = 1; /* keep reading (and dropping) so the client gets the answer */
            *upload_size = 0;
            return MHD_YES;
        }
        if (r->too_big) {
            char lim[32];
            snprintf(lim, sizeof lim, "%zu", O->max_body);
            return error(c, 413, "request body larger than %s bytes", lim);
        }
        if (!strcmp(url, "/api/code")) return api_code(c, r);
        if (!strcmp(url, "/api/ingest")) return api_ingest(c, r);
        return error(c, 404, "no POST endpoint %s", url);
    }
    if (strcmp(method, "GET") && strcmp(method, "HEAD")) return error(c, 405, "method %s not allowed", method);
    if (!strncmp(url, "/api/", 5)) {
        const char *p = url + 5;
        if (!strcmp(p, "health")) return api_health(c);
        if (!strcmp(p, "events")) return api_query(c, Q_EVENTS);
        if (!strcmp(p, "series")) return api_query(c, Q_SERIES);
        if (!strcmp(p, "dyads")) return api_query(c, Q_DYADS);
        if (!strcmp(p, "actors")) return api_query(c, Q_ACTORS);
        if (!strcmp(p, "countries")) return api_query(c, Q_COUNTRIES);
        if (!strncmp(p, "articles/", 9)) return api_article(c, p + 9);
        if (!strcmp(p, "openapi.json")) {
            char *b = malloc(sizeof OPENAPI);
            if (!b) return MHD_NO;
            memcpy(b, OPENAPI, sizeof OPENAPI);
            return reply(c, 200, "application/json", b, sizeof OPENAPI - 1);
        }
        return error(c, 404, "no endpoint %s", url);
    }
    return serve_static(c, url);
}

static void completed(void *cls, struct MHD_Connection *c, void **state, enum MHD_RequestTerminationCode toe) {
    (void)cls, (void)c, (void)toe;
    req *r = *state;
    if (r) free(r->body), free(r);
    *state = NULL;
}

int dy_serve_run(const dy_serve_opts *o) {
    O = o;
    char err[1200];
    int why;
    dy_store *probe = dy_store_open(o->db, 0, err, sizeof err, &why); /* fail now, not at the first request */
    if (!probe) { fprintf(stderr, "dyad serve: %s\n", err); dyad_dict_free(o->dict); return 4; }
    dy_store_close(probe);
    D = o->dict;
    if (!D && (!(D = dyad_dict_new()) || dyad_dict_load_builtin(D, err, sizeof err) || dyad_dict_compile(D, err, sizeof err))) {
        fprintf(stderr, "dyad serve: %s\n", D ? err : "out of memory");
        dyad_dict_free(D);
        return 3;
    }
    KG = dy_kg_new(o->gazetteer, 1, err, sizeof err);
    if (!KG) { fprintf(stderr, "dyad serve: %s\n", err); dyad_dict_free(D); return 3; }
    if (o->web) {
        if (!realpath(o->web, WEBROOT)) {
            fprintf(stderr, "dyad serve: %s: %s\n", o->web, strerror(errno));
            dy_kg_free(KG), dyad_dict_free(D);
            return 2;
        }
    }
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)o->port);
    if (inet_pton(AF_INET, o->bind, &sa.sin_addr) != 1) {
        fprintf(stderr, "dyad serve: --bind wants an IPv4 address, not '%s'\n", o->bind);
        dy_kg_free(KG), dyad_dict_free(D);
        return 2;
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT), sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* the pool threads inherit it; the main thread waits for them */
    signal(SIGPIPE, SIG_IGN);
    char lerr[600];
    if (dy_mhd_load(lerr, sizeof lerr)) {
        fprintf(stderr, "dyad serve: %s\n", lerr);
        dy_kg_free(KG), dyad_dict_free(D);
        return 2;
    }
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, (uint16_t)o->port, NULL, NULL, handler, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o->threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)o->max_conn, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->timeout,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)(o->max_conn / 2 > 0 ? o->max_conn / 2 : 1),
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024), MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
        MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "dyad serve: cannot listen on %s:%d (in use, or not allowed)\n", o->bind, o->port);
        dy_kg_free(KG), dyad_dict_free(D);
        return 2;
    }
    if (!o->quiet) {
        fprintf(stderr, "dyad serve: http://%s:%d/ (API under /api/, %d threads; store %s)\n", o->bind, o->port,
                o->threads, o->db);
    }
    int sig;
    sigwait(&set, &sig);
    if (!o->quiet) fprintf(stderr, "dyad serve: stopping\n");
    MHD_stop_daemon(d);
    pthread_mutex_lock(&ALL_LOCK);
    for (worker *w = ALL, *n; w; w = n) {
        n = w->next;
        dy_store_close(w->st), dyad_coder_free(w->c), dy_kg_doc_free(w->doc), free(w);
    }
    ALL = NULL;
    pthread_mutex_unlock(&ALL_LOCK);
    dy_kg_free(KG);
    dyad_dict_free(D);
    return 0;
}
