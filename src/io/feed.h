/* feed.h — RSS and Atom feeds as articles (used by reader.c). */
#ifndef DYAD_FEED_H
#define DYAD_FEED_H
#include <stddef.h>

typedef struct dy_feed dy_feed;
/* One item; strings owned by the parser, valid until the next call. */
typedef struct {
    const char *id, *url, *title, *text, *date, *source;
    long line;
} dy_feed_item;

/* Nonzero when s[0, n) starts (after a BOM, declarations and comments) with
 * <rss, <feed or <rdf:RDF. */
int dy_feed_sniff(const char *s, size_t n);
/* Parse buf[0, n) (name for messages); NULL only when out of memory. */
dy_feed *dy_feed_open(const char *buf, size_t n, const char *name);
/* 1 item, 0 end, DYAD_EPARSE one bad item or an unreadable feed (then
 * dy_feed_error says "FILE:LINE: what"; call again to go on), DYAD_ENOMEM. */
int dy_feed_next(dy_feed *f, dy_feed_item *it);
const char *dy_feed_error(const dy_feed *f);
void dy_feed_close(dy_feed *f);
#endif
