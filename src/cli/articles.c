/* articles.c — the loop over input files and their articles shared by the
 * subcommands that read articles (code, gkg, ingest, enqueue, extract): open
 * each file (or standard input), read it in the chosen format, report bad
 * records and repaired UTF-8 on stderr with their file and line, keep going,
 * say when a file held no article (and as what it was read), show progress
 * on a terminal (bytes, articles/s, MB/s, and the ETA when the file's size is
 * known), and end an HTML or WARC input with what was read and skipped. */
#include "cli/cli.h"
#include "dict/dict.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

const char *cli_languages = NULL;
int cli_detect_language = 1; /* dyad code and gkg, which print no language, turn it off */

int cli_languages_ok(const char *list) {
    if (!strcmp(list, "all")) return 1;
    size_t run = 0;
    for (const char *p = list;; p++) {
        if (*p == ',' || !*p) {
            if (run < 2 || run > 3) return 0;
            run = 0;
            if (!*p) return 1;
        } else if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')
            run++;
        else
            return 0;
    }
}

static const char *const fmt_name[] = {"auto", "text", "jsonl", "tabari", "petrxml", "feed", "html", "warc"};

static const char *fmt_of(const dyad_reader *r) {
    unsigned f = (unsigned)dyad_reader_format(r);
    return fmt_name[f < sizeof fmt_name / sizeof fmt_name[0] ? f : 0];
}

static void human_bytes(char *out, size_t cap, double b) {
    if (b >= 1e9) snprintf(out, cap, "%.2f GB", b / 1e9);
    else if (b >= 1e6) snprintf(out, cap, "%.1f MB", b / 1e6);
    else snprintf(out, cap, "%.0f KB", b / 1e3);
}

static void progress_line(const char *cmd, const char *name, const dyad_reader *r, double size, double t0,
                          double tfile, long narticles, const long *events) {
    dyad_reader_stats st;
    dyad_reader_get_stats(r, &st);
    double el = cli_now() - tfile, all = cli_now() - t0;
    char b[32], tot[32];
    human_bytes(b, sizeof b, (double)st.bytes);
    fprintf(stderr, "\r%s: %s: %s", cmd, name, b);
    if (size > 0) {
        human_bytes(tot, sizeof tot, size);
        fprintf(stderr, " of %s (%.0f%%)", tot, 100.0 * (double)st.bytes / size);
    }
    fprintf(stderr, ", %ld articles", narticles);
    if (events) fprintf(stderr, ", %ld events", *events);
    if (all > 0) fprintf(stderr, ", %.0f articles/s", narticles / all);
    if (el > 0) fprintf(stderr, ", %.1f MB/s", (double)st.bytes / el / 1e6);
    if (size > 0 && st.bytes > 0 && el > 1) {
        double eta = el * (size - (double)st.bytes) / (double)st.bytes;
        if (eta < 0) eta = 0;
        fprintf(stderr, ", ETA %d:%02d:%02d", (int)(eta / 3600), (int)eta / 60 % 60, (int)eta % 60);
    }
    fputs("   ", stderr);
}

/* what an HTML or WARC input held: "N records: M articles; skipped ..." */
static void summary(const char *cmd, const char *name, const dyad_reader *r, long articles) {
    dyad_reader_stats st;
    dyad_reader_get_stats(r, &st);
    int warc = dyad_reader_format(r) == DYAD_INPUT_WARC;
    long skipped = st.not_html + st.http_status + st.other_lang + st.no_text;
    if (!warc && !skipped && !st.bad) return;
    char hb[32];
    human_bytes(hb, sizeof hb, (double)st.html_bytes);
    fprintf(stderr, "%s: %s: %ld %s (%s of HTML): %ld articles", cmd, name, st.records,
            warc ? "WARC records" : st.records == 1 ? "page" : "pages", hb, articles);
    if (skipped) {
        const char *sep = "; skipped: ";
#define PART(n, what)                                                                                                 \
    if (n) fprintf(stderr, "%s%ld %s", sep, (long)(n), what), sep = ", "
        PART(st.not_html, "not HTML (requests, metadata, other content types)");
        PART(st.http_status, "HTTP status not 200");
        PART(st.other_lang, "in other languages");
        PART(st.no_text, "without article text");
#undef PART
    }
    if (st.bad) fprintf(stderr, "; %ld damaged or too large (reported above)", st.bad);
    fputc('\n', stderr);
}

int cli_each_article(const char *cmd, char **files, int nfiles, int infmt, int quiet, int progress,
                     const long *events, cli_article_fn fn, void *ctx, long *narticles, long *nbad) {
    static const char *const stdin_only[] = {"-"};
    if (!nfiles) files = (char **)stdin_only, nfiles = 1;
    double t0 = cli_now();
    int shown = 0, rc = 0;
    for (int fi = 0; fi < nfiles && rc >= 0; fi++) {
        const char *name = files[fi];
        FILE *in = strcmp(name, "-") ? fopen(name, "rb") : stdin;
        if (!in) { fprintf(stderr, "%s: %s: %s\n", cmd, name, strerror(errno)); (*nbad)++; continue; }
        const char *shown_name = strcmp(name, "-") ? name : "<stdin>";
        struct stat sb;
        double size = !fstat(fileno(in), &sb) && S_ISREG(sb.st_mode) ? (double)sb.st_size : 0;
        dyad_reader *r = dyad_reader_open(in, shown_name, (dyad_input_format)infmt);
        if (r && cli_languages) dyad_reader_set_languages(r, cli_languages);
        if (r) dyad_reader_set_detect_language(r, cli_detect_language);
        dyad_article a;
        int k;
        long file_articles = 0, file_bad = 0;
        double tfile = cli_now(), last = tfile;
        while (r && (k = dyad_reader_next(r, &a)) != 0) {
            if (k < 0) {
                (*nbad)++, file_bad++;
                if (!quiet) {
                    if (shown) fputc('\n', stderr), shown = 0;
                    fprintf(stderr, "%s: %s\n", cmd, dyad_reader_error(r));
                }
                continue;
            }
            if (a.bad_bytes && !quiet)
                fprintf(stderr, "%s: %s:%ld: warning: %zu invalid UTF-8 byte(s) replaced in article %s\n", cmd, a.origin,
                        a.line, a.bad_bytes, a.id);
            file_articles++;
            (*narticles)++;
            int f = fn(&a, ctx);
            if (f < 0) { rc = -1; break; }
            if (f > 0) (*nbad)++;
            if (progress && (*narticles & 15) == 0) {
                double tn = cli_now();
                if (tn - last >= 2.0) {
                    progress_line(cmd, shown_name, r, size, t0, tfile, *narticles, events);
                    last = tn, shown = 1;
                }
            }
        }
        if (shown) fputc('\n', stderr), shown = 0;
        if (!r) { fprintf(stderr, "%s: out of memory\n", cmd); (*nbad)++; }
        else {
            if (!quiet) summary(cmd, shown_name, r, file_articles);
            if (!file_articles && !file_bad && rc >= 0) {
                /* e.g. --input-format tabari on a file with no "YYMMDD ID" record */
                fprintf(stderr, "%s: %s: no articles found (read as %s)\n", cmd, shown_name, fmt_of(r));
                (*nbad)++;
            }
        }
        dyad_reader_close(r);
        if (in != stdin) fclose(in);
    }
    return rc;
}

/* The built-in dictionaries, from the compiled image the build makes of them
 * (builtin.img next to the binary, or /usr/local/share/dyad/builtin.img)
 * when it holds exactly this dyad's built-in files: a few milliseconds
 * instead of ~40 ms of parsing, which was a tenth of an ingest of 2,000
 * articles and most of the time of coding one.  Any other image (missing,
 * stale, corrupt, another dyad's) is passed over silently and the text is
 * parsed as before; DYAD_NO_IMAGE=1 always parses. */
dyad_dict *cli_builtin_image(void) {
    const char *no = getenv("DYAD_NO_IMAGE");
    if (no && *no && strcmp(no, "0")) return NULL;
    char path[4200], exe[4096];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    const char *cand[2] = {NULL, "/usr/local/share/dyad/builtin.img"};
    if (k > 0) {
        exe[k] = 0;
        char *sl = strrchr(exe, '/');
        if (sl) {
            sl[1] = 0;
            snprintf(path, sizeof path, "%sbuiltin.img", exe);
            cand[0] = path;
        }
    }
    char id[25], err[1024];
    dy_dict_builtin_id(id);
    for (int i = 0; i < 2; i++) {
        if (!cand[i] || access(cand[i], R_OK)) continue;
        dyad_dict *d = dyad_dict_new();
        if (!d) return NULL;
        if (!dy_image_load(d, cand[i], err, sizeof err) && dy_dict_has_source(d, id) &&
            !dyad_dict_compile(d, err, sizeof err))
            return d;
        dyad_dict_free(d);
    }
    return NULL;
}

int cli_add_dict(const char *cmd, const char **dicts, int *n, const char *arg) {
    if (*n == CLI_MAXDICTS) {
        fprintf(stderr, "%s: too many --dict options (max %d)\n", cmd, CLI_MAXDICTS);
        return -1;
    }
    dicts[(*n)++] = arg;
    return 0;
}

/* [KIND:]PATH -> dictionary load */
int cli_load_dict_spec(dyad_dict *d, const char *spec, char *err, size_t errlen) {
    const char *kind = NULL;
    char kb[16];
    const char *colon = strchr(spec, ':');
    if (colon && colon - spec < (long)sizeof kb) {
        snprintf(kb, sizeof kb, "%.*s", (int)(colon - spec), spec);
        if (!strcmp(kb, "actors") || !strcmp(kb, "agents") || !strcmp(kb, "verbs") || !strcmp(kb, "options") ||
            !strcmp(kb, "discards")) {
            kind = kb;
            spec = colon + 1;
        }
    }
    return dyad_dict_load_file(d, spec, kind, err, errlen);
}

static void dict_skip_warning(void *ctx, const char *msg) {
    const char **cmd = ctx;
    fprintf(stderr, "%s: warning: %s (line skipped)\n", *cmd, msg);
}

dyad_dict *cli_dicts(const char *cmd, const char *const *dicts, int ndicts, int builtin) {
    if (!ndicts) return cli_builtin_dict(cmd);
    char err[1024];
    static const char *who; /* for the warnings: one command per process */
    who = cmd;
    dyad_dict *d = dyad_dict_new();
    if (!d) { fprintf(stderr, "%s: out of memory\n", cmd); return NULL; }
    dyad_dict_set_lenient(d, 1, dict_skip_warning, &who);
    int rc = builtin ? dyad_dict_load_builtin(d, err, sizeof err) : 0;
    for (int i = 0; i < ndicts && !rc; i++) rc = cli_load_dict_spec(d, dicts[i], err, sizeof err);
    if (!rc) rc = dyad_dict_compile(d, err, sizeof err);
    if (rc) {
        fprintf(stderr, "%s: %s\n", cmd, err);
        dyad_dict_free(d);
        return NULL;
    }
    return d;
}

dyad_dict *cli_builtin_dict(const char *cmd) {
    char err[1024];
    dyad_dict *d = cli_builtin_image();
    if (d) return d;
    d = dyad_dict_new();
    if (!d || dyad_dict_load_builtin(d, err, sizeof err) || dyad_dict_compile(d, err, sizeof err)) {
        fprintf(stderr, "%s: %s\n", cmd, d ? err : "out of memory");
        dyad_dict_free(d);
        return NULL;
    }
    return d;
}
