/* html.h — a news page's article: main text without boilerplate, title,
 * publication date, outlet and language (see html.c for the method). */
#ifndef DYAD_HTML_H
#define DYAD_HTML_H
#include <stddef.h>

typedef struct {
    char *title;   /* headline, without the outlet's " | Outlet" suffix; "" if none */
    char date[11]; /* publication date YYYY-MM-DD, "" when the page does not say */
    const char *date_from; /* where the date was found: "meta", "json-ld", "time", "text", "url" or "" */
    char *outlet;  /* the publication's name; "" if none */
    char *url;     /* canonical URL (link rel=canonical, og:url, JSON-LD), else the url given, else "" */
    char lang[8];  /* ISO 639-1: detected from the text, else the page's declaration; "" unknown */
    char *text;    /* main text, paragraphs separated by blank lines; "" if none */
    size_t text_len;
    size_t bad_bytes; /* invalid UTF-8 bytes replaced */
} dy_html_doc;

/* Nonzero when s[0, n) looks like an HTML page: <!DOCTYPE html, <html, or
 * <head / <meta / <title / <body first (after a BOM, white space and comments). */
int dy_html_sniff(const char *s, size_t n);

/* Extract the article of the page buf[0, n).  url: where the page was
 * fetched (WARC), or NULL; charset: from the HTTP Content-Type, or NULL (the
 * page's <meta charset> decides, else UTF-8).  0 on success (possibly with an
 * empty text), -1 when out of memory.  Free with dy_html_free. */
int dy_html_extract(const char *buf, size_t n, const char *url, const char *charset, dy_html_doc *out);
void dy_html_free(dy_html_doc *d);

/* The first "charset=NAME" in s[0, n) (a Content-Type value, a page's
 * first bytes) into out; "" when none. */
void dy_html_charset(const char *s, size_t n, char *out, size_t cap);

/* The text of an HTML fragment (an RSS item's description): all of it,
 * blocks as paragraphs separated by blank lines, scripts and styles dropped.
 * Caller frees; NULL when out of memory. */
char *dy_html_fragment_text(const char *html, size_t n);

#endif
