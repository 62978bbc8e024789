/* feed.c — RSS 2.0 (and RSS 1.0/RDF) and Atom feeds as articles.
 *
 * The whole feed is parsed with libxml2 (no network, no entity substitution:
 * an entity bomb stays unexpanded, and libxml2's own limits bound the rest).
 * Each <item> or <entry> becomes an article:
 *   id      <guid> / <id>, else the link
 *   url     <link> (RSS text, Atom href of rel="alternate" or the first)
 *   title   <title>
 *   date    <pubDate> (RFC 822: "Wed, 28 Jun 2023 12:14:00 +0300"),
 *           <dc:date>, Atom <published> / <updated> (ISO 8601) -> YYYY-MM-DD
 *   text    <content:encoded> / Atom <content>, else <description> / <summary>,
 *           as text: HTML in them is parsed with libxml2's HTML parser and its
 *           text kept, paragraphs separated by blank lines, scripts and styles
 *           dropped
 *   source  the channel's / feed's <title>
 * An item with neither text nor title is reported and skipped. */
#include "io/feed.h"
#include "io/html.h"
#include "dyad.h"
#include "dyad_internal.h"
#include <ctype.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct dy_feed {
    xmlDocPtr doc;
    xmlNodePtr cur; /* next item candidate */
    xmlNodePtr chan;
    char *name, *source;
    char err[512];
    /* the current item's strings */
    char *id, *url, *title, *text;
    char date[11];
    long line;
    int reported;
};

static int is(const xmlNode *n, const char *name) {
    return n && n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, (const xmlChar *)name);
}

int dy_feed_sniff(const char *s, size_t n) {
    size_t i = 0;
    if (n >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF) i = 3;
    for (int guard = 0; guard < 64 && i < n; guard++) {
        while (i < n && isspace((unsigned char)s[i])) i++;
        if (i + 1 >= n || s[i] != '<') return 0;
        if (s[i + 1] == '?' || s[i + 1] == '!') { /* declaration, comment, doctype */
            const char *gt = memchr(s + i, '>', n - i), *br = memchr(s + i, '[', n - i);
            if (br && gt && br < gt && n - i > 9 && !strncmp(s + i, "<!DOCTYPE", 9)) { /* internal subset */
                const char *end = NULL;
                for (const char *q = br; q + 1 < s + n; q++)
                    if (q[0] == ']' && q[1] == '>') { end = q + 1; break; }
                if (!end) return 0;
                i = (size_t)(end - s) + 1;
                continue;
            }
            const char *e = gt;
            if (!e) return 0;
            i = (size_t)(e - s) + 1;
            continue;
        }
        size_t k = i + 1;
        return (n - k >= 3 && !strncmp(s + k, "rss", 3)) || (n - k >= 4 && !strncmp(s + k, "feed", 4)) ||
               (n - k >= 7 && !strncmp(s + k, "rdf:RDF", 7));
    }
    return 0;
}

static void free_item(dy_feed *f) {
    free(f->id), free(f->url), free(f->title), free(f->text);
    f->id = f->url = f->title = f->text = NULL;
}

static char *node_text(xmlNodePtr n) {
    xmlChar *c = xmlNodeGetContent(n);
    char *s = strdup(c ? (const char *)c : "");
    xmlFree(c);
    return s;
}

/* collapse white space; keep "\n\n" paragraph breaks */
static void tidy(char *s) {
    size_t o = 0;
    int sp = 0, nl = 0;
    for (size_t i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n' && s[i + 1] == '\n') { nl = 1; continue; }
        if (isspace(c)) { sp = 1; continue; }
        if (o && nl) s[o++] = '\n', s[o++] = '\n';
        else if (o && sp) s[o++] = ' ';
        sp = nl = 0;
        s[o++] = (char)c;
    }
    s[o] = 0;
}

/* text of an element that may hold HTML (escaped or CDATA) */
static char *html_text(xmlNodePtr n) {
    char *raw = node_text(n);
    if (!raw) return NULL;
    if (!strchr(raw, '<') && !strchr(raw, '&')) { tidy(raw); return raw; }
    char *t = dy_html_fragment_text(raw, strlen(raw));
    free(raw);
    return t;
}

static const char *const MON[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

/* RFC 822 or ISO 8601 -> YYYY-MM-DD ("" when neither) */
static void feed_date(const char *s, char out[11]) {
    out[0] = 0;
    while (*s && isspace((unsigned char)*s)) s++;
    int y, m, d;
    if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) == 3 && y >= 0 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
        snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
        return;
    }
    const char *p = strchr(s, ',');
    p = p ? p + 1 : s;
    char mon[8];
    if (sscanf(p, "%d %7s %d", &d, mon, &y) == 3 && d >= 1 && d <= 31 && y > 1900 && y < 3000)
        for (int i = 0; i < 12; i++)
            if (!strncasecmp(mon, MON[i], 3)) {
                snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)(i + 1) % 100u, (unsigned)d % 100u);
                return;
            }
}

dy_feed *dy_feed_open(const char *buf, size_t n, const char *name) {
    dy_feed *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->name = strdup(name ? name : "feed");
    f->doc = xmlReadMemory(buf, (int)(n > 0x7fffffff ? 0x7fffffff : n), NULL, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS);
    if (!f->doc) {
        const xmlError *e = xmlGetLastError();
        snprintf(f->err, sizeof f->err, "%s:%d: not a well-formed feed: %s", f->name, e ? e->line : 0,
                 e && e->message ? e->message : "parse error");
        size_t l = strlen(f->err);
        while (l && f->err[l - 1] == '\n') f->err[--l] = 0;
        return f;
    }
    xmlNodePtr root = xmlDocGetRootElement(f->doc);
    if (is(root, "rss")) {
        for (xmlNodePtr c = root->children; c; c = c->next)
            if (is(c, "channel")) f->chan = c;
        f->cur = f->chan ? f->chan->children : NULL;
    } else if (is(root, "feed")) {
        f->chan = root;
        f->cur = root->children;
    } else if (root && !xmlStrcmp(root->name, (const xmlChar *)"RDF")) { /* RSS 1.0: items are siblings of channel */
        f->cur = root->children;
        for (xmlNodePtr c = root->children; c; c = c->next)
            if (is(c, "channel")) f->chan = c;
    } else
        snprintf(f->err, sizeof f->err, "%s: not an RSS or Atom feed (root element <%s>)", f->name,
                 root ? (const char *)root->name : "none");
    for (xmlNodePtr c = f->chan ? f->chan->children : NULL; c; c = c->next)
        if (is(c, "title")) { f->source = html_text(c); break; }
    if (!f->source) f->source = strdup("");
    return f;
}

const char *dy_feed_error(const dy_feed *f) { return f->err; }

int dy_feed_next(dy_feed *f, dy_feed_item *it) {
    free_item(f);
    if (!f->doc || (!f->cur && f->err[0] && !f->reported)) {
        /* a feed that could not be read is one error, then the end */
        if (f->reported || !f->err[0]) return 0;
        f->reported = 1;
        return DYAD_EPARSE;
    }
    for (; f->cur; f->cur = f->cur->next) {
        xmlNodePtr item = f->cur;
        if (!is(item, "item") && !is(item, "entry")) continue;
        f->cur = item->next;
        xmlNodePtr content = NULL, summary = NULL, title = NULL, link = NULL, guid = NULL;
        const char *href = NULL;
        xmlChar *hrefx = NULL;
        f->date[0] = 0;
        for (xmlNodePtr c = item->children; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE) continue;
            const char *nm = (const char *)c->name;
            if (!strcmp(nm, "title")) title = c;
            else if (!strcmp(nm, "encoded") || !strcmp(nm, "content")) content = c;
            else if (!strcmp(nm, "description") || !strcmp(nm, "summary")) summary = c;
            else if (!strcmp(nm, "guid") || !strcmp(nm, "id")) guid = c;
            else if (!strcmp(nm, "link")) {
                xmlChar *h = xmlGetProp(c, (const xmlChar *)"href");
                xmlChar *rel = xmlGetProp(c, (const xmlChar *)"rel");
                if (h && (!link || !rel || !xmlStrcmp(rel, (const xmlChar *)"alternate"))) {
                    if (hrefx) xmlFree(hrefx);
                    hrefx = h, href = (const char *)h, link = c;
                } else if (h)
                    xmlFree(h);
                else if (!link)
                    link = c;
                if (rel) xmlFree(rel);
            } else if ((!strcmp(nm, "pubDate") || !strcmp(nm, "published") || !strcmp(nm, "date") ||
                        (!strcmp(nm, "updated") && !f->date[0]))) {
                char *d = node_text(c);
                if (d) feed_date(d, f->date), free(d);
            }
        }
        f->title = title ? html_text(title) : strdup("");
        f->text = content ? html_text(content) : summary ? html_text(summary) : strdup("");
        f->url = href ? strdup(href) : link ? node_text(link) : strdup("");
        if (hrefx) xmlFree(hrefx);
        if (f->url) tidy(f->url);
        f->id = guid ? node_text(guid) : strdup(f->url ? f->url : "");
        if (f->id) tidy(f->id);
        f->line = item->line;
        if (!f->title || !f->text || !f->url || !f->id) return DYAD_ENOMEM;
        if (!f->text[0] && !f->title[0]) {
            snprintf(f->err, sizeof f->err, "%s:%ld: feed item without title or text: skipped", f->name, f->line);
            return DYAD_EPARSE;
        }
        it->id = f->id, it->url = f->url, it->title = f->title, it->text = f->text[0] ? f->text : f->title;
        it->date = f->date, it->source = f->source, it->line = f->line;
        return 1;
    }
    return 0;
}

void dy_feed_close(dy_feed *f) {
    if (!f) return;
    free_item(f);
    xmlFreeDoc(f->doc);
    free(f->name), free(f->source);
    free(f);
}
