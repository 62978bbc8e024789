/* issues.h — the issues dictionary (PETRARCH/Phoenix "IssueCoding" files):
 * which topics a sentence mentions, reported the way PETRARCH reports them,
 * "CODE,count;CODE,count".
 *
 * File format (PETRARCH dictionaries manual, "Issues List", and
 * Phoenix.IssueCoding.txt):
 *
 *     # comment (anything from '#' to the end of the line)
 *     <ISSUE CATEGORY="WATER" TYPE="ALL">      a section; attributes are not used
 *     dam [DAMS]                                phrase [CODE]
 *     river n:basin [DAMS]                      n: singular and plural
 *     hydro+v:charge [HYDRO]                    v: charge, charges, charged, charging
 *     after+school [AFTER_SCHOOL]               +: "after school" or "after-school"
 *     ~beaver dam                               ~  not in a sentence containing this
 *     ~~dam square                              ~~ not in a story containing this
 *     </ISSUE>
 *
 * Matching.  Text and phrases are cut into words the same way: a word is a run
 * of ASCII letters and digits and of non-ASCII characters other than
 * punctuation and spaces (U+00A0, «», U+2000-U+206F, U+3000, U+FEFF);
 * everything else separates words, so "after-school", "after school" and
 * "After-School" are the same two words, "U.S." is "u s", and a phrase only
 * matches whole words.  ASCII letters match case-insensitively.  Every
 * phrase found counts, also when phrases overlap ("arms raids on civilians"
 * is both "arms n:raid" and "n:raid on civilians"); a phrase found twice
 * counts once, as in PETRARCH, which counts the distinct dictionary phrases
 * found.
 *
 * Exclusions.  "~phrase" in a sentence cancels, for that sentence, every
 * issue of the <ISSUE> section the exclusion is written in; "~~phrase"
 * cancels them for the whole story (article).  An exclusion written outside
 * any section cancels all issues.  (This is the rule the PETRARCH manual
 * gives; PETRARCH's own code, marked "not yet fully implemented", cancels all
 * issues of a sentence on any exclusion — with Phoenix.IssueCoding.txt that
 * would drop the OIL issue from every story that mentions oil, because the
 * CRIME section lists "oil" among its story exclusions.)
 *
 * Inflection (deliberately a little better than PETRARCH's): n: and v: apply
 * to the last word of the blank-delimited chunk they are in, so
 * "n:car+park" gives "car parks"; plurals and third persons add -ies
 * after a consonant + y, -es after s, x, z, ch, sh, else -s; the past adds -d
 * after e, -ied after a consonant + y, else -ed; the -ing form drops a final
 * e (not ee, oe, ye) and turns -ie into -ying.
 *
 * Errors name the file and line: "Issues.txt:12: no [CODE] after the phrase".
 * A strict load fails on the first bad line; a lenient load reports each bad
 * line through warn() and skips it (Phoenix.IssueCoding.txt has a few lines
 * with no code, which PETRARCH skips silently).  Text after the ']' is an
 * error when strict; a lenient load reports it and keeps the line.
 *
 * Thread safety: a loaded dictionary is read-only; any number of threads may
 * call the match functions on it at once. */
#ifndef DY_ISSUES_H
#define DY_ISSUES_H
#include <stddef.h>

typedef struct dy_issues dy_issues;

typedef struct {
    int lenient;                               /* skip bad lines instead of failing */
    void (*warn)(void *ctx, const char *msg);  /* "file:line: message"; may be NULL */
    void *ctx;
} dy_issues_opts;

/* Load an issues file strictly.  Returns NULL and writes "file:line:
 * message" (or "file: message") into err on failure.  Free with
 * dy_issues_free(). */
dy_issues *dy_issues_load(const char *path, char *err, size_t errlen);
/* The same with options (opts may be NULL: strict). */
dy_issues *dy_issues_load_opts(const char *path, const dy_issues_opts *opts, char *err, size_t errlen);
/* Load from memory; name is used in messages. */
dy_issues *dy_issues_load_buffer(const char *name, const char *buf, size_t n, const dy_issues_opts *opts,
                                 char *err, size_t errlen);
void dy_issues_free(dy_issues *iss);

/* Number of issue phrases loaded (lines with a [CODE], before n:/v:/+
 * expansion), for stats. */
size_t dy_issues_count(const dy_issues *iss);
/* More counts: distinct codes, phrase forms after expansion, exclusion
 * phrases (~ and ~~), <ISSUE> sections, lines skipped by a lenient load.
 * Any pointer may be NULL. */
void dy_issues_stats(const dy_issues *iss, size_t *codes, size_t *forms, size_t *exclusions, size_t *sections,
                     size_t *skipped);

/* The issues mentioned in text[start, end): writes "CODE,n;CODE,n" (codes in
 * the order the dictionary first names them; n = distinct phrases of that
 * code found) into out, NUL-terminated, and returns the number of codes
 * found.  When out is too small, writing stops before the first "CODE,n"
 * item that does not fit (no item is cut; the return value still counts
 * them all).  out may be NULL when outcap is 0.  At most 128 distinct
 * phrases are counted per call.  ~~ exclusions are honoured when their phrase is inside
 * [start, end); for the whole story use dy_issues_story() and
 * dy_issues_match_story(). */
int dy_issues_match(const dy_issues *iss, const char *text, size_t start, size_t end, char *out, size_t outcap);

/* Story-level exclusions.  dy_issues_story() looks for the ~~ phrases in
 * text[0, n) (the whole article) and marks the sections they cancel in
 * mask, which must have dy_issues_sections() bytes; returns the number of
 * sections marked.  dy_issues_match_story() is dy_issues_match() that also
 * drops the issues of the sections marked in mask (mask may be NULL). */
size_t dy_issues_sections(const dy_issues *iss);
size_t dy_issues_story(const dy_issues *iss, const char *text, size_t n, unsigned char *mask);
int dy_issues_match_story(const dy_issues *iss, const char *text, size_t start, size_t end, const unsigned char *mask,
                          char *out, size_t outcap);

#endif
