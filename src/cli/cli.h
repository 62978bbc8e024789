/* cli.h — shared by the command-line files in src/cli. */
#ifndef DYAD_CLI_H
#define DYAD_CLI_H
#include "dyad.h"
#include <stddef.h>

extern const char *const usage_gkg;
extern const char *const usage_gazetteer;
int cmd_gkg(int argc, char **argv);
int cmd_gazetteer(int argc, char **argv);
extern const char *const usage_ingest;
extern const char *const usage_query;
extern const char *const usage_db;
extern const char *const usage_serve;
extern const char *const usage_enqueue;
extern const char *const usage_worker;
int cmd_enqueue(int argc, char **argv);
int cmd_worker(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_db(int argc, char **argv);

/* Called for each article read; returns 0 done, 1 this article failed
 * (counted as bad, the run goes on), -1 stop the run. */
typedef int (*cli_article_fn)(const dyad_article *a, void *ctx);
/* Read every article of files (none: standard input) in format infmt,
 * reporting bad records and repaired UTF-8 as "cmd: file:line: ..." unless
 * quiet; progress on stderr every 2 s when asked (with *events when given).
 * Counts into *narticles and *nbad.  Returns 0, or -1 when fn stopped the
 * run. */
int cli_each_article(const char *cmd, char **files, int nfiles, int infmt, int quiet, int progress,
                     const long *events, cli_article_fn fn, void *ctx, long *narticles, long *nbad);
/* Languages kept from HTML and WARC input (--languages), NULL: the readers'
 * default (en,ru). */
extern const char *cli_languages;
extern int cli_detect_language;
/* a valid --languages value: 'all' or codes like 'en,ru' */
int cli_languages_ok(const char *list);
int cmd_extract(int argc, char **argv);
extern const char *const usage_extract;
/* The built-in dictionaries, compiled; NULL after "cmd: why" on stderr. */
dyad_dict *cli_builtin_dict(const char *cmd);
/* [KIND:]PATH (dyad code --dict) loaded into d; DYAD_* */
int cli_load_dict_spec(dyad_dict *d, const char *spec, char *err, size_t errlen);
/* the dictionaries of --dict options (with the built-in ones too when
 * builtin), or the built-in ones without any; compiled.  Errors are printed
 * ("CMD: ..."), NULL returned.  Malformed lines are skipped with a warning. */
dyad_dict *cli_dicts(const char *cmd, const char *const *dicts, int ndicts, int builtin);
/* a --dict option's argument onto dicts[*n] (CLI_MAXDICTS at most); -1 with a message when full */
#define CLI_MAXDICTS 64
int cli_add_dict(const char *cmd, const char **dicts, int *n, const char *arg);
/* the built-in set from build/builtin.img when it matches this dyad, else NULL (compiled) */
dyad_dict *cli_builtin_image(void);
/* monotonic seconds */
double cli_now(void);
/* today's date, UTC, "YYYY-MM-DD" */
void cli_today(char *buf, size_t cap);
#endif
