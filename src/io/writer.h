/* writer.h — event writers (JSON Lines, TABARI and Phoenix tab-separated). */
#ifndef DYAD_WRITER_H
#define DYAD_WRITER_H
#include "dyad.h"
#include <stdio.h>

/* DY_OUT_PHOENIX: the 26 columns of the Phoenix data set, then three dyad
 * columns with the source, target and verb text (29 in all).
 * DY_OUT_PHOENIX26: the 26 Phoenix columns only, for tools that expect
 * exactly the Phoenix layout.  Columns are listed in writer.c. */
enum { DY_OUT_JSON = 0, DY_OUT_TABARI = 1, DY_OUT_PHOENIX = 2, DY_OUT_PHOENIX26 = 3, DY_OUT_GDELT = 4 /* io/gdelt.h */ };

/* Write the events of one article.  Returns 0 or -1 on a write error.  The
 * Phoenix formats get an empty Issues column here; to fill it, write each
 * event with dy_write_event_phoenix(). */
int dy_write_events(FILE *f, int format, const dyad_article *a, const dyad_event *ev, int n);
/* The same; for JSON, extra(f, i, ctx) may append fields (",\"k\":v") to
 * event i's object before its closing brace. */
int dy_write_events_ex(FILE *f, int format, const dyad_article *a, const dyad_event *ev, int n,
                       void (*extra)(FILE *f, int index, void *ctx), void *ctx);

/* Write one event as a Phoenix line (DY_OUT_PHOENIX, 29 columns).  index is
 * the event's index in the article's event array (it makes the EventID, the
 * same id as the JSON output's "id"); issues is the Issues column,
 * "CODE,n;CODE,n" as dy_issues_match() writes it, or "" / NULL.  Returns 0
 * or -1 on a write error. */
int dy_write_event_phoenix(FILE *f, const dyad_article *a, const dyad_event *e, int index, const char *issues);
/* The same, choosing the 26-column (with_text = 0) or 29-column layout. */
int dy_write_event_phoenix_cols(FILE *f, const dyad_article *a, const dyad_event *e, int index, const char *issues,
                                int with_text);
#endif
