/* coder.h — internals of the coder shared with the validation runner. */
#ifndef DYAD_CODER_H
#define DYAD_CODER_H
#include "dict/dict.h"

/* Sentence-level outcome flags (TABARI's special codes). */
enum { DY_ST_COMPLEX = 1, DY_ST_DISCARD = 2, DY_ST_DISCARD_STORY = 4 };

/* TABARI-compatible mode: no negation filter, no cross-sentence pronoun
 * memory (each record stands alone), as TABARI's validation suite expects. */
void dy_coder_set_tabari(dyad_coder *c, int on);
/* TABARI FORWARD: carry the first actor of a record to pronouns of the next. */
void dy_coder_forward(dyad_coder *c, int on);
/* Status flags of the last dyad_code_text call (DY_ST_*). */
int dy_coder_status(const dyad_coder *c);
/* Sentences coded by the last dyad_code_text call. */
int dy_coder_sentences(const dyad_coder *c);
/* Why the last sentence was complex, "" if not. */
const char *dy_coder_why(const dyad_coder *c);
/* Override the dictionary's options for this coder (validation records
 * change options as they go).  The pointer must stay valid. */
void dy_coder_set_options(dyad_coder *c, const dy_options *o);
/* Mentions of the last dyad_code_text call, kept when asked for with
 * dy_coder_want_mentions(c, 1): actors with their agent's code ("Belarusian
 * leader" -> BLRGOV), resolved pronouns and nominal references ("the
 * President" -> BLRGOV, kind DY_M_PRONOUN / DY_M_NOMINAL), and verbs (code
 * NULL).  person: the actor's dictionary entry has dated codes (a leader).
 * Codes live until the next dyad_code_text call. */
enum { DY_M_ACTOR = 1, DY_M_NOMINAL, DY_M_PRONOUN, DY_M_VERB };
typedef struct {
    int sentence;
    int kind;
    size_t start, end;
    const char *code;
    int person;
} dy_mention;
void dy_coder_want_mentions(dyad_coder *c, int on);
const dy_mention *dy_coder_mentions(const dyad_coder *c, int *n);
/* the sentences of the text the last dyad_code_text call coded, as
 * dyad_split_sentences gives them, or NULL when that was another text (or
 * one sentence): the graph and the store reuse them instead of splitting again */
const dyad_span *dy_coder_spans(const dyad_coder *c, const char *text, size_t n, size_t *ns);
/* yyyymmdd from "YYYY-MM-DD" or 0 */
int dy_date_int(const char *date);
#endif
