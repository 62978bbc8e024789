/* writer.h — event writers (JSON Lines, TABARI tab-separated). */
#ifndef DYAD_WRITER_H
#define DYAD_WRITER_H
#include "dyad.h"
#include <stdio.h>

enum { DY_OUT_JSON = 0, DY_OUT_TABARI = 1 };
/* Write the events of one article.  Returns 0 or -1 on a write error. */
int dy_write_events(FILE *f, int format, const dyad_article *a, const dyad_event *ev, int n);
#endif
