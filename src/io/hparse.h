/* hparse.h — dyad's own HTML parser: a page in, a tree of elements and text
 * out, in one arena.  See hparse.c for what it does and does not do. */
#ifndef DYAD_HPARSE_H
#define DYAD_HPARSE_H
#include <stddef.h>

enum { H_ELEMENT = 1, H_TEXT = 3 };

typedef struct dy_hattr {
    const char *name;  /* lowercase */
    const char *value; /* entities decoded; "" for a bare attribute */
    struct dy_hattr *next;
} dy_hattr;

typedef struct dy_hnode {
    int type;             /* H_ELEMENT or H_TEXT */
    const char *name;     /* element: lowercase tag name; text: "text" */
    const char *content;  /* text: the characters, entities decoded, UTF-8 */
    struct dy_hnode *parent, *children, *last, *next;
    dy_hattr *properties; /* element: attributes in page order */
    int hflags;           /* the parser's own: what kind of tag */
    void *_private;       /* the caller's (NULL after parsing) */
} dy_hnode;

typedef struct dy_hdoc dy_hdoc;

/* Parse UTF-8 HTML (invalid bytes are kept as they are; the caller repairs
 * them).  The root is an "html" element whatever the page says.  NULL only
 * when out of memory. */
dy_hdoc *dy_hparse(const char *html, size_t n);
dy_hnode *dy_hroot(const dy_hdoc *d);
void dy_hfree(dy_hdoc *d);

#endif
