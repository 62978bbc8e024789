/* queue.c — `dyad enqueue` and `dyad worker`: articles through a Redis
 * stream to workers that code and store them (hiredis).
 *
 * Delivery.  enqueue XADDs one entry per article (field "a": the article as
 * JSON).  Workers read with a consumer group (XREADGROUP), code the article,
 * store it idempotently (the store's article identity), flush the store,
 * and only then XACK and XDEL the entry: at-least-once delivery plus
 * idempotent writes give each article exactly once in the database.  Entries
 * of a dead worker stay pending and are taken over with XAUTOCLAIM once idle
 * for --claim-idle ms.  An entry that fails --max-attempts times (it cannot be
 * parsed or coded, or storing it fails) goes to STREAM:dead with the reason,
 * and is acknowledged; the rest keep flowing.
 *
 * Backpressure.  Workers delete what they acknowledged, so the stream's
 * length is the work not yet done; enqueue waits while it is at --max-queued
 * (default 100,000) instead of trimming (MAXLEN would drop articles). */
#define _GNU_SOURCE 1
#include "cli/cli.h"
#include "code/coder.h"
#include "dict/dict.h"
#include "kg/kg.h"
#include "store/store.h"
#include <errno.h>
#include <getopt.h>
#include <hiredis/hiredis.h>
#include "serve/mhd.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *const usage_enqueue =
    "usage: dyad enqueue --queue redis://HOST:PORT/STREAM [OPTIONS] FILE...\n"
    "\n"
    "Put articles (any input format dyad reads) on a Redis stream for dyad worker.\n"
    "  --queue URL         redis://HOST[:PORT]/STREAM (port 6379 by default)\n"
    "  -i, --input-format F  auto (default), text, jsonl, tabari, petrxml, feed (RSS, Atom),\n"
    "                        html or warc (.warc, .warc.gz; pages in English and Russian)\n"
    "  --max-queued N      wait while the stream holds N entries not yet done (default\n"
    "                      100000); nothing is ever trimmed or dropped\n"
    "  -q, --quiet         no summary\n"
    "\n"
    "Exit status: 0 all queued; 1 some records could not be read; 2 usage; 5 Redis error.\n";

const char *const usage_worker =
    "usage: dyad worker --queue redis://HOST:PORT/STREAM --db URL [OPTIONS]\n"
    "\n"
    "Take articles from the stream (consumer group), code them with the knowledge\n"
    "graph, store them, then acknowledge.  Runs until SIGTERM or SIGINT (the article in\n"
    "hand is finished first), or with --drain until the stream is empty.\n"
    "  --queue URL         redis://HOST[:PORT]/STREAM\n"
    "  --db URL            the store (postgresql://... for many workers; a SQLite file works)\n"
    "  --group NAME        consumer group (default dyad)\n"
    "  --name NAME         this consumer's name (default host-pid)\n"
    "  --claim-idle MS     take over entries pending this long in dead consumers (60000)\n"
    "  --max-attempts N    after N failed deliveries an entry goes to STREAM:dead (3)\n"
    "  --drain             exit when nothing is left to read or claim\n"
    "  -d, --dict [KIND:]PATH  code with this dictionary instead of the built-in ones\n"
    "                      (repeatable; as in dyad code), unless --builtin is also given\n"
    "  --builtin           also load the built-in dictionaries\n"
    "  --stats             print counters and the seconds spent on the queue, coding and\n"
    "                      the database to stderr at exit\n"
    "  --metrics-port N    serve Prometheus metrics at http://127.0.0.1:N/metrics (stored,\n"
    "                      retries, dead letters, reclaimed, queue lag, seconds per phase)\n"
    "  -q, --quiet         no messages for retried failures\n"
    "\n"
    "Exit status: 0 stopped; 2 usage; 3 dictionaries; 4 the store cannot be opened.\n";

static volatile sig_atomic_t stop;
static void on_term(int sig) { (void)sig; stop = 1; }

/* redis://HOST[:PORT]/STREAM */
static int parse_queue(const char *url, char *host, size_t hl, int *port, char *stream, size_t sl) {
    if (strncmp(url, "redis://", 8)) return -1;
    const char *h = url + 8, *slash = strchr(h, '/');
    if (!slash || !slash[1] || (size_t)(slash - h) >= hl) return -1;
    snprintf(host, hl, "%.*s", (int)(slash - h), h);
    *port = 6379;
    char *colon = strrchr(host, ':');
    if (colon) {
        *colon = 0;
        *port = atoi(colon + 1);
        if (*port <= 0 || *port > 65535) return -1;
    }
    if (!host[0]) snprintf(host, hl, "127.0.0.1");
    snprintf(stream, sl, "%s", slash + 1);
    return 0;
}

static redisContext *connect_redis(const char *host, int port, int quiet) {
    for (int tries = 0;; tries++) {
        struct timeval tv = {5, 0};
        redisContext *r = redisConnectWithTimeout(host, port, tv);
        if (r && !r->err) return r;
        if (!quiet || tries == 0)
            fprintf(stderr, "dyad: Redis %s:%d: %s (retrying)\n", host, port, r ? r->errstr : "out of memory");
        if (r) redisFree(r);
        if (stop || tries >= 600) return NULL;
        usleep(200000);
    }
}

/* ------------------------------------------------------------ enqueue */

struct enq {
    redisContext *r;
    char host[256], stream[256];
    int port, quiet;
    long max_queued, queued, failed;
};

static int enqueue_article(const dyad_article *a, void *ctx) {
    struct enq *e = ctx;
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "id", a->id, "date", a->date, "title", a->title,
                          "text", a->text, "url", a->url, "source", a->source, "lang", a->lang, "one_sentence",
                          a->one_sentence);
    char *js = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!js) return 1;
    for (;;) {
        if (!e->r && !(e->r = connect_redis(e->host, e->port, e->quiet))) { free(js); return -1; }
        /* backpressure: wait while the stream holds max_queued entries */
        redisReply *len = redisCommand(e->r, "XLEN %s", e->stream);
        if (len && len->type == REDIS_REPLY_INTEGER && len->integer >= e->max_queued) {
            freeReplyObject(len);
            usleep(50000);
            continue;
        }
        if (len) freeReplyObject(len);
        redisReply *rp = len ? redisCommand(e->r, "XADD %s * a %s", e->stream, js) : NULL;
        if (rp && rp->type == REDIS_REPLY_STRING) {
            freeReplyObject(rp);
            e->queued++;
            free(js);
            return 0;
        }
        fprintf(stderr, "dyad enqueue: Redis: %s (reconnecting)\n", rp ? rp->str : e->r->errstr);
        if (rp) freeReplyObject(rp);
        redisFree(e->r);
        e->r = NULL;
        usleep(200000);
    }
}

int cmd_enqueue(int argc, char **argv) {
    static const struct option lo[] = {{"queue", required_argument, 0, 'Q'}, {"input-format", required_argument, 0, 'i'},
                                       {"max-queued", required_argument, 0, 'm'}, {"quiet", no_argument, 0, 'q'},
                                       {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    struct enq e;
    memset(&e, 0, sizeof e);
    e.max_queued = 100000;
    const char *queue = NULL;
    int infmt = DYAD_INPUT_AUTO, o;
    optind = 1;
    argv[0] = "dyad enqueue";
    while ((o = getopt_long(argc, argv, "i:qh", lo, NULL)) != -1) {
        switch (o) {
        case 'Q': queue = optarg; break;
        case 'i':
            if ((infmt = dyad_input_format_parse(optarg)) < 0) { fprintf(stderr, "dyad enqueue: unknown input format\n"); return 2; }
            break;
        case 'm': e.max_queued = atol(optarg); if (e.max_queued <= 0) { fputs(usage_enqueue, stderr); return 2; } break;
        case 'q': e.quiet = 1; break;
        case 'h': fputs(usage_enqueue, stdout); return 0;
        default: fputs(usage_enqueue, stderr); return 2;
        }
    }
    if (!queue || optind >= argc || parse_queue(queue, e.host, sizeof e.host, &e.port, e.stream, sizeof e.stream)) {
        if (queue) fprintf(stderr, "dyad enqueue: --queue wants redis://HOST[:PORT]/STREAM, not '%s'\n", queue);
        else fputs(usage_enqueue, stderr);
        return 2;
    }
    signal(SIGINT, on_term), signal(SIGTERM, on_term);
    long n = 0, bad = 0;
    int rc = cli_each_article("dyad enqueue", argv + optind, argc - optind, infmt, e.quiet, isatty(2), NULL, enqueue_article, &e,
                              &n, &bad);
    if (e.r) redisFree(e.r);
    if (!e.quiet) fprintf(stderr, "dyad enqueue: %ld articles queued on %s\n", e.queued, e.stream);
    if (rc < 0) return 5;
    return bad ? 1 : 0;
}

/* ------------------------------------------------------------ worker */

struct wk {
    redisContext *r;
    char host[256], stream[256], dead[300], group[128], name[128];
    int port, quiet, max_attempts;
    long claim_idle;
    dyad_coder *c;
    dy_kg *kg;
    dy_kg_doc *doc;
    dy_store *st;
    long done, skipped, failed, dead_letters, reclaimed, retried;
    double t_redis, t_code, t_db, t_start; /* seconds in each phase */
    long lag;                              /* stream length at the last look */
    char today[16];
};

/* counters are read by the /metrics thread while the worker writes them:
 * longs and doubles read racily are good enough for monitoring, but keep the
 * snapshot consistent under a lock */
static pthread_mutex_t MLOCK = PTHREAD_MUTEX_INITIALIZER;

static redisReply *cmd(struct wk *w, const char *fmt, ...) {
    double t0 = cli_now();
    for (;;) {
        if (!w->r && !(w->r = connect_redis(w->host, w->port, w->quiet))) return NULL;
        va_list ap;
        va_start(ap, fmt);
        redisReply *rp = redisvCommand(w->r, fmt, ap);
        va_end(ap);
        /* a blocking read's wait is idle time, not queue cost */
        if (rp && !strstr(fmt, "BLOCK")) w->t_redis += cli_now() - t0;
        if (rp) return rp;
        if (!w->quiet) fprintf(stderr, "dyad worker: Redis: %s (reconnecting)\n", w->r->errstr);
        redisFree(w->r);
        w->r = NULL;
        if (stop) return NULL;
        usleep(200000);
    }
}

static int ensure_group(struct wk *w) {
    redisReply *rp = cmd(w, "XGROUP CREATE %s %s 0 MKSTREAM", w->stream, w->group);
    if (!rp) return -1;
    int ok = rp->type != REDIS_REPLY_ERROR || strstr(rp->str, "BUSYGROUP");
    if (!ok) fprintf(stderr, "dyad worker: Redis: %s\n", rp->str);
    freeReplyObject(rp);
    return ok ? 0 : -1;
}

/* times this entry was delivered (XPENDING) */
static long deliveries(struct wk *w, const char *id) {
    redisReply *rp = cmd(w, "XPENDING %s %s %s %s 1", w->stream, w->group, id, id);
    long n = 1;
    if (rp && rp->type == REDIS_REPLY_ARRAY && rp->elements == 1 && rp->element[0]->type == REDIS_REPLY_ARRAY &&
        rp->element[0]->elements >= 4)
        n = (long)rp->element[0]->element[3]->integer;
    if (rp) freeReplyObject(rp);
    return n;
}

static void finish(struct wk *w, const char *id) {
    redisReply *rp = cmd(w, "XACK %s %s %s", w->stream, w->group, id);
    if (rp) freeReplyObject(rp);
    rp = cmd(w, "XDEL %s %s", w->stream, id);
    if (rp) freeReplyObject(rp);
}

/* 0 done (ack), 1 failed (retry or dead-letter) with the reason in why */
static int process(struct wk *w, const char *json, size_t len, char *why, size_t wl) {
    json_error_t je;
    json_t *o = json_loadb(json, len, 0, &je);
    json_t *t = o ? json_object_get(o, "text") : NULL;
    json_t *idj = o ? json_object_get(o, "id") : NULL;
    if (!o || !json_is_string(t) || !json_is_string(idj) || !json_string_length(idj)) {
        snprintf(why, wl, "not an article: %s", o ? "no text or id" : je.text);
        json_decref(o);
        return 1;
    }
#define S(k) (json_is_string(json_object_get(o, k)) ? json_string_value(json_object_get(o, k)) : "")
    dyad_article a;
    memset(&a, 0, sizeof a);
    a.id = json_string_value(idj), a.date = S("date"), a.title = S("title"), a.url = S("url"), a.source = S("source");
    a.lang = S("lang"), a.comment = "", a.origin = "queue", a.category = "";
    a.one_sentence = json_is_true(json_object_get(o, "one_sentence"));
#undef S
    size_t rl, bad;
    char *text = dyad_utf8_repair(json_string_value(t), json_string_length(t), &rl, &bad);
    if (!text) { json_decref(o); snprintf(why, wl, "out of memory"); return 1; }
    a.text = text, a.text_len = rl;
    if (a.date[0] && !dy_date_int(a.date)) {
        snprintf(why, wl, "bad date '%s'", a.date);
        free(text), json_decref(o);
        return 1;
    }
    const dyad_event *ev;
    double t0 = cli_now();
    int n = dyad_code_text(w->c, a.text, a.text_len, a.date[0] ? a.date : w->today, a.one_sentence, &ev);
    if (n < 0) n = 0;
    dy_kg_analyze(w->kg, w->c, a.text, a.text_len, a.date, ev, n, w->doc);
    int nmen;
    const dy_mention *men = dy_coder_mentions(w->c, &nmen);
    size_t nsent = 0;
    const dyad_span *sent = dy_coder_spans(w->c, a.text, a.text_len, &nsent);
    double t1 = cli_now();
    int r = dy_store_put(w->st, &a, ev, n, men, nmen, sent, nsent, w->kg, w->doc, 0);
    w->t_code += t1 - t0, w->t_db += cli_now() - t1;
    free(text), json_decref(o);
    if (r >= 0) {
        if (r == STORE_EXISTS) w->skipped++;
        else w->done++;
        return 0;
    }
    snprintf(why, wl, "storing failed: %s", dy_store_error(w->st));
    int k = dy_store_errkind(w->st);
    return k == DBE_OPEN || k == DBE_FULL || k == DBE_BUSY ? 2 : 1; /* 2: the database, not the article */
}

/* ids stored in the open batch: acknowledged once the batch is committed */
static char acks[64][64];
static int nacks;

/* returns -1 when the database failed (the batch must be retried), else 0 */
static int handle(struct wk *w, redisReply *entry) {
    if (entry->type != REDIS_REPLY_ARRAY || entry->elements < 2 || entry->element[0]->type != REDIS_REPLY_STRING) return 0;
    const char *id = entry->element[0]->str;
    redisReply *f = entry->element[1];
    const char *json = NULL;
    size_t len = 0;
    for (size_t i = 0; f->type == REDIS_REPLY_ARRAY && i + 1 < f->elements; i += 2)
        if (f->element[i]->type == REDIS_REPLY_STRING && !strcmp(f->element[i]->str, "a"))
            json = f->element[i + 1]->str, len = f->element[i + 1]->len;
    char why[1400];
    int r = json ? process(w, json, len, why, sizeof why) : (snprintf(why, sizeof why, "no field 'a'"), 1);
    if (r == 0) {
        if (nacks < 64) snprintf(acks[nacks++], sizeof acks[0], "%s", id);
        return 0;
    }
    if (r == 2) {
        if (!w->quiet) fprintf(stderr, "dyad worker: %s: %s (reconnecting; not counted as an attempt)\n", id, why);
        return -1;
    }
    w->failed++;
    long n = deliveries(w, id);
    if (n >= w->max_attempts) {
        redisReply *rp = cmd(w, "XADD %s * id %s reason %s a %b", w->dead, id, why, json ? json : "", len);
        if (rp) freeReplyObject(rp);
        finish(w, id);
        w->dead_letters++;
        fprintf(stderr, "dyad worker: %s: dead letter after %ld attempts: %s\n", id, n, why);
    } else {
        w->retried++;
        if (!w->quiet) fprintf(stderr, "dyad worker: %s: attempt %ld failed: %s (will retry)\n", id, n, why);
    }
    return 0;
}

/* commit the batch, then acknowledge its entries; on a database failure
 * reopen the store (waiting for the server) and leave them pending */
static void commit_batch(struct wk *w, const char *db, int failed) {
    double t0 = cli_now();
    int ok = !failed && dy_store_flush(w->st) == 0;
    w->t_db += cli_now() - t0;
    if (ok) {
        for (int i = 0; i < nacks; i++) finish(w, acks[i]);
        nacks = 0;
        return;
    }
    if (!failed) fprintf(stderr, "dyad worker: committing failed: %s (reconnecting)\n", dy_store_error(w->st));
    w->done -= nacks; /* they will be stored again */
    nacks = 0;
    dy_store_close(w->st);
    w->st = NULL;
    char err[1200];
    int why;
    for (int tries = 0; !(w->st = dy_store_open(db, 0, err, sizeof err, &why)); tries++) {
        if (tries % 25 == 0) fprintf(stderr, "dyad worker: %s (retrying)\n", err);
        usleep(200000);
        if (stop && tries > 50) exit(4);
    }
}

static struct wk SNAP; /* the worker publishes its counters here once a round, under MLOCK */

static enum MHD_Result metrics(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload, size_t *upload_size, void **state) {
    (void)cls, (void)version, (void)upload, (void)upload_size, (void)state;
    const char *body404 = "not found\n";
    if (strcmp(method, "GET") || strcmp(url, "/metrics")) {
        struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body404), (void *)body404, MHD_RESPMEM_PERSISTENT);
        enum MHD_Result ret = MHD_queue_response(c, 404, r);
        MHD_destroy_response(r);
        return ret;
    }
    struct wk *w = &SNAP;
    char *buf = malloc(4096);
    if (!buf) return MHD_NO;
    pthread_mutex_lock(&MLOCK);
    double up = cli_now() - w->t_start;
    int n = snprintf(buf, 4096,
                     "# HELP dyad_worker_articles_stored_total Articles coded and stored by this worker.\n"
                     "# TYPE dyad_worker_articles_stored_total counter\n"
                     "dyad_worker_articles_stored_total{worker=\"%s\"} %ld\n"
                     "# HELP dyad_worker_articles_already_stored_total Deliveries of articles already in the store.\n"
                     "# TYPE dyad_worker_articles_already_stored_total counter\n"
                     "dyad_worker_articles_already_stored_total{worker=\"%s\"} %ld\n"
                     "# HELP dyad_worker_failed_attempts_total Deliveries that failed for the article's own reasons.\n"
                     "# TYPE dyad_worker_failed_attempts_total counter\n"
                     "dyad_worker_failed_attempts_total{worker=\"%s\"} %ld\n"
                     "# HELP dyad_worker_retries_total Failed deliveries left pending for another attempt.\n"
                     "# TYPE dyad_worker_retries_total counter\n"
                     "dyad_worker_retries_total{worker=\"%s\"} %ld\n"
                     "# HELP dyad_worker_dead_letters_total Entries moved to the dead-letter stream.\n"
                     "# TYPE dyad_worker_dead_letters_total counter\n"
                     "dyad_worker_dead_letters_total{worker=\"%s\"} %ld\n"
                     "# HELP dyad_worker_reclaimed_total Entries taken over from idle consumers.\n"
                     "# TYPE dyad_worker_reclaimed_total counter\n"
                     "dyad_worker_reclaimed_total{worker=\"%s\"} %ld\n"
                     "# HELP dyad_queue_lag Entries in the stream not yet done, at the worker's last look.\n"
                     "# TYPE dyad_queue_lag gauge\n"
                     "dyad_queue_lag{stream=\"%s\"} %ld\n"
                     "# HELP dyad_worker_seconds_total Seconds spent per phase.\n"
                     "# TYPE dyad_worker_seconds_total counter\n"
                     "dyad_worker_seconds_total{worker=\"%s\",phase=\"queue\"} %.3f\n"
                     "dyad_worker_seconds_total{worker=\"%s\",phase=\"code\"} %.3f\n"
                     "dyad_worker_seconds_total{worker=\"%s\",phase=\"database\"} %.3f\n"
                     "# HELP dyad_worker_articles_per_second Articles done per second since start.\n"
                     "# TYPE dyad_worker_articles_per_second gauge\n"
                     "dyad_worker_articles_per_second{worker=\"%s\"} %.2f\n",
                     w->name, w->done, w->name, w->skipped, w->name, w->failed, w->name, w->retried, w->name,
                     w->dead_letters, w->name, w->reclaimed, w->stream, w->lag, w->name, w->t_redis, w->name, w->t_code,
                     w->name, w->t_db, w->name, up > 0 ? (w->done + w->skipped) / up : 0.0);
    pthread_mutex_unlock(&MLOCK);
    struct MHD_Response *r = MHD_create_response_from_buffer((size_t)(n < 4096 ? n : 4095), buf, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, "Content-Type", "text/plain; version=0.0.4");
    enum MHD_Result ret = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return ret;
}

int cmd_worker(int argc, char **argv) {
    static const struct option lo[] = {{"queue", required_argument, 0, 'Q'}, {"db", required_argument, 0, 'b'},
                                       {"group", required_argument, 0, 'G'}, {"name", required_argument, 0, 'N'},
                                       {"claim-idle", required_argument, 0, 'I'}, {"max-attempts", required_argument, 0, 'M'},
                                       {"drain", no_argument, 0, 'D'}, {"stats", no_argument, 0, 'S'},
                                       {"metrics-port", required_argument, 0, 'P'},
                                       {"dict", required_argument, 0, 'd'}, {"builtin", no_argument, 0, 'B'},
                                       {"quiet", no_argument, 0, 'q'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *dicts[CLI_MAXDICTS];
    int ndicts = 0, builtin = 0;
    struct wk w;
    memset(&w, 0, sizeof w);
    w.max_attempts = 3, w.claim_idle = 60000;
    snprintf(w.group, sizeof w.group, "dyad");
    char hn[64] = "worker";
    gethostname(hn, sizeof hn - 1);
    snprintf(w.name, sizeof w.name, "%s-%d", hn, (int)getpid());
    const char *queue = NULL, *db = NULL;
    int drain = 0, stats = 0, mport = 0, o;
    optind = 1;
    argv[0] = "dyad worker";
    while ((o = getopt_long(argc, argv, "d:qh", lo, NULL)) != -1) {
        switch (o) {
        case 'd':
            if (cli_add_dict("dyad worker", dicts, &ndicts, optarg)) return 2;
            break;
        case 'B': builtin = 1; break;
        case 'Q': queue = optarg; break;
        case 'b': db = optarg; break;
        case 'G': snprintf(w.group, sizeof w.group, "%s", optarg); break;
        case 'N': snprintf(w.name, sizeof w.name, "%s", optarg); break;
        case 'I': w.claim_idle = atol(optarg); if (w.claim_idle <= 0) { fputs(usage_worker, stderr); return 2; } break;
        case 'M': w.max_attempts = atoi(optarg); if (w.max_attempts <= 0) { fputs(usage_worker, stderr); return 2; } break;
        case 'D': drain = 1; break;
        case 'S': stats = 1; break;
        case 'P': mport = atoi(optarg); if (mport <= 0 || mport > 65535) { fputs(usage_worker, stderr); return 2; } break;
        case 'q': w.quiet = 1; break;
        case 'h': fputs(usage_worker, stdout); return 0;
        default: fputs(usage_worker, stderr); return 2;
        }
    }
    if (!queue || !db || optind != argc || parse_queue(queue, w.host, sizeof w.host, &w.port, w.stream, sizeof w.stream)) {
        fputs(usage_worker, stderr);
        return 2;
    }
    snprintf(w.dead, sizeof w.dead, "%s:dead", w.stream);
    char err[1200];
    dyad_dict *d = cli_dicts("dyad worker", dicts, ndicts, builtin);
    if (!d) return 3;
    if (!(w.kg = dy_kg_new(NULL, 1, err, sizeof err))) { fprintf(stderr, "dyad worker: %s\n", err); dyad_dict_free(d); return 3; }
    int why;
    for (int tries = 0; !(w.st = dy_store_open(db, 0, err, sizeof err, &why)); tries++) {
        /* a database that refuses connections for a while: wait for it */
        if (why != DBE_OPEN || tries >= 300 || stop) { fprintf(stderr, "dyad worker: %s\n", err); return 4; }
        if (tries == 0) fprintf(stderr, "dyad worker: %s (retrying)\n", err);
        usleep(200000);
    }
    w.c = dyad_coder_new(d);
    w.doc = dy_kg_doc_new();
    dy_coder_want_mentions(w.c, 1);
    cli_today(w.today, sizeof w.today);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_term;
    sigaction(SIGINT, &sa, NULL), sigaction(SIGTERM, &sa, NULL);
    if (ensure_group(&w)) return 5;
    double t0 = cli_now();
    w.t_start = t0;
    struct MHD_Daemon *md = NULL;
    if (mport) {
        SNAP = w;
        struct sockaddr_in sa;
        memset(&sa, 0, sizeof sa);
        sa.sin_family = AF_INET, sa.sin_port = htons((uint16_t)mport), sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        char lerr[600];
        if (dy_mhd_load(lerr, sizeof lerr))
            fprintf(stderr, "dyad worker: cannot serve /metrics: %s\n", lerr);
        else if (!(md = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, (uint16_t)mport, NULL, NULL, metrics, NULL,
                                         MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_CONNECTION_LIMIT,
                                         16u, MHD_OPTION_CONNECTION_TIMEOUT, 5u, MHD_OPTION_END)))
            fprintf(stderr, "dyad worker: cannot serve /metrics on 127.0.0.1:%d\n", mport);
    }
    int idle_rounds = 0;
    while (!stop) {
        /* entries of dead consumers first */
        int got = 0;
        redisReply *rp = cmd(&w, "XAUTOCLAIM %s %s %s %ld 0-0 COUNT 16", w.stream, w.group, w.name, w.claim_idle);
        int dbfail = 0;
        if (rp && rp->type == REDIS_REPLY_ARRAY && rp->elements >= 2 && rp->element[1]->type == REDIS_REPLY_ARRAY)
            for (size_t i = 0; i < rp->element[1]->elements && !stop && !dbfail; i++) {
                if (rp->element[1]->element[i]->type != REDIS_REPLY_ARRAY) continue; /* deleted meanwhile */
                w.reclaimed++, got++;
                dbfail = handle(&w, rp->element[1]->element[i]) < 0;
            }
        else if (rp && rp->type == REDIS_REPLY_ERROR && strstr(rp->str, "NOGROUP"))
            ensure_group(&w); /* Redis restarted without its data */
        if (rp) freeReplyObject(rp);
        /* this consumer's own pending entries (left by a database failure), then new ones */
        for (int pass = 0; pass < 2 && !dbfail && !stop; pass++) {
            rp = cmd(&w, pass ? "XREADGROUP GROUP %s %s COUNT 16 BLOCK 1000 STREAMS %s >"
                              : "XREADGROUP GROUP %s %s COUNT 16 STREAMS %s 0",
                     w.group, w.name, w.stream);
            if (rp && rp->type == REDIS_REPLY_ARRAY)
                for (size_t s = 0; s < rp->elements; s++) {
                    redisReply *st = rp->element[s];
                    if (st->type != REDIS_REPLY_ARRAY || st->elements < 2) continue;
                    for (size_t i = 0; i < st->element[1]->elements && !stop && !dbfail; i++) {
                        if (st->element[1]->element[i]->type != REDIS_REPLY_ARRAY ||
                            st->element[1]->element[i]->elements < 2 ||
                            st->element[1]->element[i]->element[1]->type != REDIS_REPLY_ARRAY)
                            continue; /* a pending id whose entry was deleted */
                        got++;
                        dbfail = handle(&w, st->element[1]->element[i]) < 0;
                    }
                }
            if (rp && rp->type == REDIS_REPLY_ERROR && strstr(rp->str, "NOGROUP")) ensure_group(&w);
            if (rp) freeReplyObject(rp);
            rp = NULL;
        }
        commit_batch(&w, db, dbfail);
        {
            redisReply *len = cmd(&w, "XLEN %s", w.stream);
            if (len && len->type == REDIS_REPLY_INTEGER) w.lag = (long)len->integer;
            if (len) freeReplyObject(len);
            if (!got && w.lag > 0) {
                /* Entries in the stream that are neither new nor pending (a
                 * restart of Redis can leave the group's last-delivered id past
                 * entries nobody received): done entries are deleted, so
                 * whatever is left is undone; deliver it again (storing is
                 * idempotent). */
                redisReply *pe = cmd(&w, "XPENDING %s %s", w.stream, w.group);
                long pending = pe && pe->type == REDIS_REPLY_ARRAY && pe->elements && pe->element[0]->type == REDIS_REPLY_INTEGER
                                   ? (long)pe->element[0]->integer : -1;
                if (pe) freeReplyObject(pe);
                if (pending == 0) {
                    redisReply *sid = cmd(&w, "XGROUP SETID %s %s 0", w.stream, w.group);
                    if (sid) freeReplyObject(sid);
                }
            }
            pthread_mutex_lock(&MLOCK);
            SNAP = w;
            pthread_mutex_unlock(&MLOCK);
        }
        if (stop) break;
        if (drain) {
            idle_rounds = got ? 0 : idle_rounds + 1;
            if (idle_rounds >= 2) {
                redisReply *len = cmd(&w, "XLEN %s", w.stream);
                long left = len && len->type == REDIS_REPLY_INTEGER ? (long)len->integer : 1;
                if (len) freeReplyObject(len);
                if (left == 0) break;
            }
        }
    }
    double t1 = cli_now();
    if (md) MHD_stop_daemon(md);
    if (stats)
        fprintf(stderr,
                "dyad worker %s: %ld stored, %ld already stored, %ld failed attempts (%ld retried, %ld dead letters),"
                " %ld reclaimed, %.1f articles/s; seconds: queue %.2f, code %.2f, database %.2f\n",
                w.name, w.done, w.skipped, w.failed, w.retried, w.dead_letters, w.reclaimed,
                t1 > t0 ? (w.done + w.skipped) / (t1 - t0) : 0.0, w.t_redis, w.t_code, w.t_db);
    if (w.r) redisFree(w.r);
    dy_store_close(w.st);
    dy_kg_doc_free(w.doc);
    dyad_coder_free(w.c);
    dy_kg_free(w.kg);
    dyad_dict_free(d);
    return 0;
}
