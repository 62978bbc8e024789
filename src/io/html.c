/* html.c — from a news page to an article.
 *
 * How the reference tools do it: TABARI and PETRARCH take text only; GDELT's
 * crawler is closed.  Readability (Mozilla) and trafilatura are the common
 * open extractors; dyad follows Readability's idea, made simpler and
 * deterministic, on dyad's own HTML parser (src/io/hparse.c: broken markup
 * repaired the way browsers mostly do; libxml2's parser, used before, cost
 * 60% of reading a WARC archive):
 *
 * 1. Parse (charset: the HTTP header's, else the page's <meta charset>, else
 *    UTF-8 with invalid bytes replaced).
 * 2. Metadata: <meta> (og:, article:, Dublin Core, parsely, sailthru ...),
 *    <link rel=canonical>, JSON-LD (NewsArticle/Article/BlogPosting...:
 *    headline, datePublished, publisher.name, inLanguage), <time>, <h1>,
 *    <title>, elements classed as dates, <html lang>.
 * 3. Paragraphs: the page's text cut at block elements (p, div, td, li,
 *    headings ...; two <br> in a row also end one), each with its length, its
 *    link text and the element it sits in.  Whole subtrees are left out:
 *    by tag (script, style, nav, header, footer, aside, form, figure, iframe
 *    ...), when hidden (hidden, aria-hidden, display:none), and by class, id
 *    or role words that name boilerplate (comment, related, share, sidebar,
 *    ad, cookie, newsletter, breadcrumb, byline, tags, teaser, promo,
 *    paywall ...; weaker words such as header, meta or author only when no
 *    content word — article, body, content, entry, post, story, text — is
 *    there too).  <html>, <body>, <main>, <article> and itemprop=articleBody
 *    are never left out.
 * 4. Scores: a paragraph of 25+ characters whose text is not mostly links
 *    gives 1 + its commas (up to 3) + its length / 100 (up to 3) to the
 *    element that holds it, half of that to the next one up, then a sixth,
 *    a ninth and a twelfth to the three above (a div holding only text
 *    counts as a paragraph, as in Readability); elements
 *    with content words in class/id get +25, itemprop=articleBody +50; a
 *    score is scaled by (1 - the share of link text under the element).
 * 5. The best element, with those of its siblings that score at least a
 *    fifth of it (articles split into several blocks around ad slots) or
 *    are long plain paragraphs, holds the article.  Its paragraphs are
 *    emitted in order, without headings, link lists, bylines ("By ...") and
 *    date lines, separated by blank lines.
 * 6. When class words left too little (under 250 characters: a page whose
 *    wrapper is called "page-with-sidebar"), steps 3-5 run again with tags
 *    alone deciding what is left out.
 * Title: JSON-LD headline, og:title, the first <h1>, <title>, with a
 * " | Outlet" suffix removed.  Date: article/meta published time, JSON-LD
 * datePublished, <time> marked as published, a date in an element classed
 * as a date, any <time>, then a date in the URL (/2023/06/28/, 20230628).
 * Outlet: og:site_name, JSON-LD publisher, application-name, the title's
 * suffix, the host name.  Language: detected from the extracted text
 * (dyad_detect_language), else declared by the page. */
#include "io/html.h"
#include "dyad.h"
#include "dyad_internal.h"
#include <ctype.h>
#include <jansson.h>
#include "io/hparse.h"
#include <iconv.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAXDEPTH 250

/* ---------------------------------------------------------------- words */

/* class/id words, sorted (bsearch): 1 names boilerplate outright, 2 only
 * when no content word (4) is there too */
typedef struct {
    const char *w;
    int f;
} word_flag;
static const word_flag WORDS[] = {
    {"ad", 1}, {"ads", 1}, {"adslot", 1}, {"advert", 1}, {"advertisement", 1}, {"advertising", 1}, {"alert", 2},
    {"also", 2}, {"archive", 2}, {"article", 4}, {"articlebody", 4}, {"aside", 2}, {"author", 2}, {"authors", 2},
    {"banner", 1}, {"bio", 1}, {"blog", 4}, {"body", 4}, {"bottom", 2}, {"breadcrumb", 1}, {"breadcrumbs", 1},
    {"byline", 1}, {"caption", 1}, {"category", 2}, {"cloud", 2}, {"comment", 1}, {"comments", 1},
    {"community", 2}, {"consent", 1}, {"contact", 2}, {"content", 4}, {"cookie", 1}, {"cookies", 1},
    {"copyright", 2}, {"correction", 2}, {"corrections", 2}, {"credit", 2}, {"credits", 2}, {"date", 2},
    {"detail", 4}, {"disclaimer", 2}, {"discussion", 2}, {"disqus", 1}, {"donate", 1}, {"entry", 4}, {"extra", 2},
    {"eyebrow", 1}, {"figcaption", 1}, {"follow", 2}, {"footer", 1}, {"gdpr", 1}, {"header", 2}, {"hidden", 1},
    {"jump", 2}, {"kicker", 1}, {"label", 2}, {"latest", 2}, {"legal", 2}, {"login", 1}, {"main", 4},
    {"masthead", 1}, {"menu", 1}, {"meta", 2}, {"modal", 1}, {"more", 2}, {"most", 2}, {"nav", 1}, {"navbar", 1},
    {"navigation", 1}, {"news", 4}, {"newsletter", 1}, {"notice", 2}, {"outbrain", 1}, {"pager", 1},
    {"pagination", 1}, {"paywall", 1}, {"popular", 1}, {"popup", 1}, {"post", 4}, {"print", 2}, {"promo", 1},
    {"rating", 2}, {"readtime", 2}, {"recommendations", 1}, {"recommended", 1}, {"related", 1},
    {"relatedposts", 1}, {"reply", 1}, {"respond", 1}, {"rss", 2}, {"rubric", 2}, {"search", 1}, {"share", 1},
    {"sharedaddy", 1}, {"sharing", 1}, {"sidebar", 1}, {"signup", 1}, {"single", 4}, {"skip", 2}, {"social", 1},
    {"sponsored", 1}, {"sronly", 1}, {"story", 4}, {"subscribe", 1}, {"subscription", 1}, {"support", 2},
    {"taboola", 1}, {"tag", 2}, {"taglist", 1}, {"tags", 1}, {"teaser", 1}, {"teasers", 1}, {"text", 4},
    {"ticker", 1}, {"time", 2}, {"timestamp", 1}, {"toolbar", 2}, {"top", 2}, {"trending", 1}, {"updated", 2},
    {"views", 2}, {"widget", 1},
};

static int cmp_word(const void *k, const void *e) { return strcmp(k, ((const word_flag *)e)->w); }

static int word_flags(const char *w) {
    const word_flag *e = bsearch(w, WORDS, sizeof WORDS / sizeof WORDS[0], sizeof WORDS[0], cmp_word);
    return e ? e->f : 0;
}

/* class/id/role words: 1 strong negative, 2 weak negative, 4 positive (or'ed).
 * A BEM name ("story__meta", "article__body--wide") counts by its element
 * part alone: "story__meta" is the story's metadata, not the story. */
static int attr_words(const char *v) {
    int f = 0;
    char name[128], w[40];
    while (v && *v) {
        while (*v && isspace((unsigned char)*v)) v++;
        size_t k = 0;
        while (*v && !isspace((unsigned char)*v)) {
            if (k + 1 < sizeof name) name[k++] = (char)tolower((unsigned char)*v);
            v++;
        }
        name[k] = 0;
        if (!k) break;
        const char *p = name, *e;
        for (const char *q = strstr(name, "__"); q; q = strstr(q + 2, "__")) p = q + 2;
        if ((e = strstr(p, "--")) != NULL) name[e - name] = 0; /* modifier */
        while (*p) {
            size_t j = 0;
            while (*p && !isalnum((unsigned char)*p)) p++;
            while (*p && isalnum((unsigned char)*p)) {
                if (j + 1 < sizeof w) w[j++] = *p;
                p++;
            }
            w[j] = 0;
            if (j) f |= word_flags(w);
        }
    }
    return f;
}

static const char *attr(dy_hnode *n, const char *name) {
    for (dy_hattr *a = n->properties; a; a = a->next)
        if (!strcmp(a->name, name)) return a->value;
    return NULL;
}

static int has_attr(dy_hnode *n, const char *name) {
    for (dy_hattr *a = n->properties; a; a = a->next)
        if (!strcmp((const char *)a->name, name)) return 1;
    return 0;
}

static int tag_is(dy_hnode *n, const char *t) { return !strcmp((const char *)n->name, t); }

/* what an element is, by tag (the parser gives names in lower case) */
enum { T_DROP = 1, T_BLOCK = 2, T_PARA = 4, T_HEAD = 8, T_ITEM = 16, T_LINK = 32, T_BR = 64, T_KEEP = 128 };
typedef struct {
    const char *t;
    int f;
} tag_flag;
static const tag_flag TAGS[] = {
    {"a", T_LINK}, {"address", T_BLOCK}, {"article", T_BLOCK | T_KEEP}, {"aside", T_DROP}, {"audio", T_DROP},
    {"blockquote", T_BLOCK | T_PARA}, {"body", T_BLOCK | T_KEEP}, {"br", T_BR}, {"button", T_DROP},
    {"canvas", T_DROP}, {"center", T_BLOCK}, {"dd", T_BLOCK | T_PARA | T_ITEM}, {"dialog", T_DROP},
    {"div", T_BLOCK}, {"dl", T_BLOCK}, {"dt", T_BLOCK | T_PARA | T_ITEM}, {"embed", T_DROP},
    {"figcaption", T_DROP}, {"figure", T_DROP}, {"footer", T_DROP}, {"form", T_DROP},
    {"h1", T_BLOCK | T_PARA | T_HEAD}, {"h2", T_BLOCK | T_PARA | T_HEAD}, {"h3", T_BLOCK | T_PARA | T_HEAD},
    {"h4", T_BLOCK | T_PARA | T_HEAD}, {"h5", T_BLOCK | T_PARA | T_HEAD}, {"h6", T_BLOCK | T_PARA | T_HEAD},
    {"head", T_DROP}, {"header", T_DROP}, {"hr", T_BLOCK}, {"html", T_KEEP}, {"iframe", T_DROP}, {"input", T_DROP},
    {"label", T_DROP}, {"li", T_BLOCK | T_PARA | T_ITEM}, {"main", T_BLOCK | T_KEEP}, {"map", T_DROP},
    {"math", T_DROP}, {"menu", T_DROP}, {"nav", T_DROP}, {"noscript", T_DROP}, {"object", T_DROP}, {"ol", T_BLOCK},
    {"option", T_DROP}, {"p", T_BLOCK | T_PARA}, {"picture", T_DROP}, {"pre", T_BLOCK | T_PARA},
    {"script", T_DROP}, {"section", T_BLOCK}, {"select", T_DROP}, {"style", T_DROP}, {"svg", T_DROP},
    {"table", T_BLOCK}, {"tbody", T_BLOCK}, {"td", T_BLOCK}, {"template", T_DROP}, {"textarea", T_DROP},
    {"th", T_BLOCK}, {"thead", T_BLOCK}, {"title", T_DROP}, {"tr", T_BLOCK}, {"ul", T_BLOCK}, {"video", T_DROP},
};

static int cmp_tag(const void *k, const void *e) { return strcmp(k, ((const tag_flag *)e)->t); }

static int tag_flags(const dy_hnode *n) {
    const tag_flag *e = bsearch(n->name, TAGS, sizeof TAGS / sizeof TAGS[0], sizeof TAGS[0], cmp_tag);
    return e ? e->f : 0;
}

/* ----------------------------------------------------------- paragraphs */

enum { K_TEXT, K_HEADING, K_ITEM };

typedef struct {
    size_t off, len;    /* in the text buffer */
    size_t chars, link; /* characters, of them inside <a> */
    int commas, kind;
    dy_hnode *box; /* the block element the text sits in */
} para;

typedef struct {
    dy_buf txt;
    para *p;
    int np, cap;
    /* the paragraph being filled */
    size_t start, chars, link;
    int commas, br, kind;
    dy_hnode *box;
    int in_link, use_classes, oom;
} collector;

static void flush(collector *c) {
    /* trim trailing spaces */
    while (c->txt.n > c->start && c->txt.p[c->txt.n - 1] == ' ') c->txt.n--;
    if (c->txt.n > c->start && c->chars) {
        if (c->np == c->cap) {
            int nc = c->cap ? c->cap * 2 : 64;
            para *np = realloc(c->p, (size_t)nc * sizeof *np);
            if (!np) { c->oom = 1; return; }
            c->p = np, c->cap = nc;
        }
        c->p[c->np++] = (para){c->start, c->txt.n - c->start, c->chars, c->link, c->commas, c->kind, c->box};
        if (dy_buf_add(&c->txt, "", 0)) c->oom = 1;
    } else
        c->txt.n = c->start;
    if (c->txt.p) c->txt.p[c->txt.n] = 0;
    c->start = c->txt.n, c->chars = c->link = 0, c->commas = 0, c->br = 0;
}

/* append text with white space collapsed; NBSP and zero-width space folded */
static void add_text(collector *c, const char *s) {
    char tmp[512];
    size_t k = 0;
    int space = c->txt.n == c->start || (c->txt.n && c->txt.p[c->txt.n - 1] == ' ');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char ch = *p;
        int ws = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
        if (ch == 0xC2 && p[1] == 0xA0) ws = 1, p++;                               /* NBSP */
        else if (ch == 0xE2 && p[1] == 0x80 && (p[2] == 0x8B || p[2] == 0xAF)) { /* ZWSP, NNBSP */
            if (p[2] == 0x8B) { p += 2; continue; }
            ws = 1, p += 2;
        }
        if (ws) {
            if (space) continue;
            space = 1;
            ch = ' ';
        } else {
            space = 0;
            if ((ch & 0xC0) != 0x80) {
                c->chars++;
                if (c->in_link) c->link++;
            }
            if (ch == ',') c->commas++;
            c->br = 0;
        }
        tmp[k++] = (char)ch;
        if (k > sizeof tmp - 8) {
            if (dy_buf_add(&c->txt, tmp, k)) c->oom = 1;
            k = 0;
        }
    }
    if (k && dy_buf_add(&c->txt, tmp, k)) c->oom = 1;
}

static int hidden(dy_hnode *n) {
    if (has_attr(n, "hidden")) return 1;
    const char *a = attr(n, "aria-hidden");
    if (a && !strcasecmp(a, "true")) return 1;
    const char *st = attr(n, "style");
    if (st) {
        char w[64];
        size_t k = 0;
        for (const char *p = st; *p && k + 1 < sizeof w; p++)
            if (!isspace((unsigned char)*p)) w[k++] = (char)tolower((unsigned char)*p);
        w[k] = 0;
        if (strstr(w, "display:none") || strstr(w, "visibility:hidden")) return 1;
    }
    return 0;
}

static int is_body_marker(dy_hnode *n) {
    const char *ip = attr(n, "itemprop");
    return ip && (!strcasecmp(ip, "articleBody") || !strcasecmp(ip, "text"));
}

/* left out as boilerplate by its class, id or role */
static int boiler(dy_hnode *n) {
    if ((tag_flags(n) & T_KEEP) || is_body_marker(n)) return 0;
    int f = attr_words(attr(n, "class")) | attr_words(attr(n, "id"));
    const char *role = attr(n, "role");
    if (role && (!strcasecmp(role, "navigation") || !strcasecmp(role, "complementary") ||
                 !strcasecmp(role, "banner") || !strcasecmp(role, "contentinfo") || !strcasecmp(role, "search") ||
                 !strcasecmp(role, "dialog")))
        return 1;
    return (f & 1) || ((f & 2) && !(f & 4));
}

static void collect(collector *c, dy_hnode *n, int depth) {
    for (; n && !c->oom; n = n->next) {
        if (n->type == H_TEXT || n->type == H_TEXT) {
            if (n->content) add_text(c, (const char *)n->content);
            continue;
        }
        if (n->type != H_ELEMENT) continue;
        int tf = tag_flags(n);
        if (tf & T_BR) {
            if (c->br) flush(c), c->box = n->parent;
            else add_text(c, " "), c->br = 1;
            continue;
        }
        if (depth >= MAXDEPTH || (tf & T_DROP) || (n->properties && (hidden(n) || (c->use_classes && boiler(n))))) {
            if (tf & (T_BLOCK | T_DROP)) flush(c);
            continue;
        }
        int blk = tf & T_BLOCK;
        int link = tf & T_LINK;
        dy_hnode *box0 = c->box;
        int kind0 = c->kind;
        if (blk) {
            flush(c);
            c->box = n;
            c->kind = tf & T_HEAD ? K_HEADING : tf & T_ITEM ? K_ITEM : K_TEXT;
        }
        if (link) c->in_link++;
        collect(c, n->children, depth + 1);
        if (link) c->in_link--;
        if (blk) {
            flush(c);
            c->box = box0, c->kind = kind0;
        }
    }
}

/* ------------------------------------------------------------- scoring */

typedef struct {
    dy_hnode *node;
    double score;
    size_t chars, link; /* all paragraph text below */
} cand;

typedef struct {
    cand *c;
    int n, cap;
    int oom;
} cands;

static cand *cand_of(cands *cs, dy_hnode *n) {
    intptr_t k = (intptr_t)n->_private;
    if (k > 0 && k <= cs->n && cs->c[k - 1].node == n) return &cs->c[k - 1];
    if (cs->n == cs->cap) {
        int nc = cs->cap ? cs->cap * 2 : 64;
        cand *x = realloc(cs->c, (size_t)nc * sizeof *x);
        if (!x) { cs->oom = 1; return NULL; }
        cs->c = x, cs->cap = nc;
    }
    cand *x = &cs->c[cs->n++];
    *x = (cand){n, 0, 0, 0};
    int f = attr_words(attr(n, "class")) | attr_words(attr(n, "id"));
    if (f & 4) x->score += 25;
    if (is_body_marker(n)) x->score += 50;
    if (tag_is(n, "article")) x->score += 10;
    n->_private = (void *)(intptr_t)cs->n;
    return x;
}

/* the element a paragraph is: p, blockquote, li ..., or a div holding text
 * and no blocks (Readability's "div as p"; agencies wrap each paragraph in
 * one) */
static int is_para_box(dy_hnode *b) {
    if (!b || b->type != H_ELEMENT) return 0;
    if (tag_flags(b) & T_PARA) return 1;
    if (!tag_is(b, "div")) return 0;
    for (dy_hnode *c = b->children; c; c = c->next)
        if (c->type == H_ELEMENT && (tag_flags(c) & T_BLOCK)) return 0;
    return 1;
}

static int descends(dy_hnode *n, dy_hnode *anc) {
    for (int d = 0; n && d < MAXDEPTH + 8; n = n->parent, d++)
        if (n == anc) return 1;
    return 0;
}

static int looks_like_byline(const char *s, size_t n) {
    if (n < 90 && (!strncasecmp(s, "by ", 3) || !strncmp(s, "\xD0\x90\xD0\xB2\xD1\x82\xD0\xBE\xD1\x80", 10)))
        return 1; /* "By ...", "Автор" */
    char d[11];
    size_t e;
    if (n < 60 && dy_parse_date(s, n, d, &e)) { /* a date line: "28 June 2023, 12:14" */
        size_t letters = 0;
        for (size_t i = e; i < n; i++) letters += isalpha((unsigned char)s[i]) != 0;
        if (letters < 8) return 1;
    }
    return 0;
}

static int ends_sentence(const char *s, size_t n) {
    while (n && (s[n - 1] == ' ')) n--;
    if (!n) return 0;
    unsigned char c = (unsigned char)s[n - 1];
    if (strchr(".!?:;\"')", c)) return 1;
    /* », ”, ’, … */
    return n >= 2 && (c == 0xBB || c == 0x9D || c == 0x99 || c == 0xA6);
}

/* a site's fine print: "Copyright 2023 ...", "© ...", "All rights
 * reserved", "Contact the newsroom: news@example.com" */
static int fine_print(const char *s, size_t n) {
    if (n > 200) return 0;
    if (!strncasecmp(s, "copyright", 9) || !strncmp(s, "\xC2\xA9", 2) || !strncasecmp(s, "(c) ", 4)) return 1;
    char low[201];
    for (size_t i = 0; i < n; i++) low[i] = (char)tolower((unsigned char)s[i]);
    low[n] = 0;
    if (strstr(low, "all rights reserved")) return 1;
    const char *at = strchr(low, '@');
    if (at && n < 120 && at > low && isalnum((unsigned char)at[-1]) && strchr(at, '.')) return 1;
    return 0;
}

static size_t words_in(const char *s, size_t n) {
    size_t w = 0;
    int in = 0;
    for (size_t i = 0; i < n; i++) {
        int sp = s[i] == ' ';
        if (!sp && !in) w++;
        in = !sp;
    }
    return w;
}

/* the article's text from the paragraphs of c; 0, or -1 out of memory */
static int choose(collector *c, const char *title, dy_buf *out) {
    cands cs = {0};
    for (int i = 0; i < c->np; i++) {
        para *p = &c->p[i];
        if (p->kind == K_HEADING || !p->box) continue;
        dy_hnode *holder = is_para_box(p->box) ? p->box->parent : p->box;
        for (dy_hnode *a = p->box; a && a->type == H_ELEMENT; a = a->parent) {
            cand *x = cand_of(&cs, a);
            if (!x) break;
            x->chars += p->chars, x->link += p->link;
        }
        if (p->chars < 25 || p->link * 2 > p->chars || !holder || holder->type != H_ELEMENT) continue;
        double s = 1 + (p->commas < 3 ? p->commas : 3) + (p->chars / 100 < 3 ? (double)(p->chars / 100) : 3);
        /* the holder gets it all, the next one up half, then a third, a
         * sixth ... (levels 2-4 divided by 3 x level, as Readability does) */
        dy_hnode *a = holder;
        for (int lv = 0; lv < 5 && a && a->type == H_ELEMENT; lv++, a = a->parent) {
            cand *h = cand_of(&cs, a);
            if (!h) break;
            h->score += s / (lv == 0 ? 1 : lv == 1 ? 2 : lv * 3);
        }
    }
    if (cs.oom) { free(cs.c); return -1; }
    cand *top = NULL;
    double best = 0;
    for (int i = 0; i < cs.n; i++) {
        cand *x = &cs.c[i];
        double ld = x->chars ? (double)x->link / (double)x->chars : 0;
        double s = x->score * (1 - ld);
        if (s > best) best = s, top = x;
    }
    dy_hnode *keep[64];
    int nk = 0;
    if (top) {
        dy_hnode *t = top->node;
        if (t->parent && t->parent->type == H_ELEMENT) {
            for (dy_hnode *s = t->parent->children; s && nk < 64; s = s->next) {
                if (s->type != H_ELEMENT) continue;
                if (s == t) { keep[nk++] = s; continue; }
                intptr_t k = (intptr_t)s->_private;
                cand *x = k > 0 && k <= cs.n && cs.c[k - 1].node == s ? &cs.c[k - 1] : NULL;
                if (!x) continue;
                double ld = x->chars ? (double)x->link / (double)x->chars : 0;
                if (x->score * (1 - ld) >= best * 0.2 && x->score >= 3) keep[nk++] = s;
                else if (tag_is(s, "p") && x->chars >= 80 && ld < 0.25) keep[nk++] = s;
            }
        } else
            keep[nk++] = t;
    }
    for (int i = 0; i < cs.n; i++) cs.c[i].node->_private = NULL;
    free(cs.c);
    size_t tlen = title ? strlen(title) : 0;
    for (int i = 0; i < c->np; i++) {
        para *p = &c->p[i];
        const char *s = c->txt.p + p->off;
        if (p->kind == K_HEADING) continue;
        if (nk) {
            int in = 0;
            for (int k = 0; k < nk && !in; k++) in = descends(p->box, keep[k]);
            if (!in) continue;
        }
        if (p->link * 2 > p->chars) continue;
        if (p->kind == K_ITEM && p->chars < 40 && !ends_sentence(s, p->len)) continue;
        if (words_in(s, p->len) < 4 && !ends_sentence(s, p->len)) continue; /* "Advertisement", "Photo: AP" */
        if (looks_like_byline(s, p->len) || fine_print(s, p->len)) continue;
        if (tlen && p->len == tlen && !memcmp(s, title, tlen)) continue;
        if (out->n && dy_buf_add(out, "\n\n", 2)) return -1;
        if (dy_buf_add(out, s, p->len)) return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ metadata */

typedef struct {
    char *og_title, *ld_headline, *h1, *title_tag;
    char *site, *ld_publisher, *app_name;
    char *canonical, *og_url, *ld_url;
    char *lang_decl;
    char d_meta[11], d_ld[11], d_time_pub[11], d_text[11], d_time[11], d_line[11];
} meta;

static void set_once(char **dst, const char *v) {
    if (*dst || !v) return;
    while (isspace((unsigned char)*v)) v++;
    if (!*v) return;
    *dst = strdup(v);
}

static void date_once(char d[11], const char *v) {
    if (d[0] || !v) return;
    dy_parse_date(v, strlen(v), d, NULL);
}

static char *node_text(dy_hnode *n) {
    collector c = {0};
    collect(&c, n->children, 0);
    flush(&c);
    char *s = NULL;
    dy_buf b = {0};
    for (int i = 0; i < c.np; i++) {
        if (b.n) dy_buf_add(&b, " ", 1);
        dy_buf_add(&b, c.txt.p + c.p[i].off, c.p[i].len);
    }
    s = b.p ? b.p : strdup("");
    free(c.txt.p), free(c.p);
    return s;
}

static int is_article_type(json_t *t) {
    static const char *const T[] = {"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting",
                                    "AnalysisNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle",
                                    "LiveBlogPosting", "WebPage", "Report", "ScholarlyArticle", NULL};
    if (json_is_array(t)) {
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v) if (is_article_type(v)) return 1;
        return 0;
    }
    const char *s = json_string_value(t);
    for (int i = 0; s && T[i]; i++)
        if (!strcmp(s, T[i])) return strcmp(s, "WebPage") ? 2 : 1;
    return 0;
}

static void ld_object(meta *m, json_t *o, int depth) {
    if (depth > 6) return;
    if (json_is_array(o)) {
        size_t i;
        json_t *v;
        json_array_foreach(o, i, v) ld_object(m, v, depth + 1);
        return;
    }
    if (!json_is_object(o)) return;
    json_t *g = json_object_get(o, "@graph");
    if (g) ld_object(m, g, depth + 1);
    int at = is_article_type(json_object_get(o, "@type"));
    if (!at) return;
    if (at == 2) set_once(&m->ld_headline, json_string_value(json_object_get(o, "headline")));
    date_once(m->d_ld, json_string_value(json_object_get(o, "datePublished")));
    if (at == 1) return;
    json_t *pub = json_object_get(o, "publisher");
    if (json_is_array(pub)) pub = json_array_get(pub, 0);
    if (json_is_object(pub)) set_once(&m->ld_publisher, json_string_value(json_object_get(pub, "name")));
    json_t *lang = json_object_get(o, "inLanguage");
    if (json_is_string(lang)) set_once(&m->lang_decl, json_string_value(lang));
    json_t *u = json_object_get(o, "url");
    if (!json_is_string(u)) {
        json_t *me = json_object_get(o, "mainEntityOfPage");
        u = json_is_object(me) ? json_object_get(me, "@id") : me;
    }
    if (json_is_string(u)) set_once(&m->ld_url, json_string_value(u));
}

static int date_class(dy_hnode *n) {
    const char *cl = attr(n, "class");
    if (!cl) return 0;
    char w[40];
    const char *v = cl;
    while (*v) {
        size_t k = 0;
        while (*v && !isalnum((unsigned char)*v)) v++;
        while (*v && isalnum((unsigned char)*v)) {
            if (k + 1 < sizeof w) w[k++] = (char)tolower((unsigned char)*v);
            v++;
        }
        w[k] = 0;
        if (!strcmp(w, "date") || !strcmp(w, "time") || !strcmp(w, "published") || !strcmp(w, "pubdate") ||
            !strcmp(w, "timestamp") || !strcmp(w, "datetime") || !strcmp(w, "posted") || !strcmp(w, "dateline"))
            return 1;
        if (!k) break;
    }
    return 0;
}

/* the first date in a short text: "Published 28 June 2023, 12:14" */
static void date_in_text(char d[11], const char *s) {
    size_t n = strlen(s);
    if (d[0] || n > 120) return;
    for (size_t i = 0; i < n; i++) {
        if (i && isalnum((unsigned char)s[i - 1])) continue;
        if (dy_parse_date(s + i, n - i, d, NULL)) return;
    }
}

/* an element whose only content is a date, maybe with a time:
 * <font>17.05.2023 14:05</font> */
static void date_line(char d[11], dy_hnode *n) {
    if (d[0] || !n->children || n->children->next || n->children->type != H_TEXT || !n->children->content) return;
    const char *s = (const char *)n->children->content;
    while (isspace((unsigned char)*s)) s++;
    size_t len = strlen(s), e;
    if (len > 40 || !dy_parse_date(s, len, d, &e)) { d[0] = 0; return; }
    for (size_t i = e; i < len; i++)
        if (!strchr("0123456789:., \t\r\nAPMUTCGapmutcg+-", s[i])) { d[0] = 0; return; }
}

static void meta_walk(meta *m, dy_hnode *n, int depth) {
    for (; n; n = n->next) {
        if (n->type != H_ELEMENT) continue;
        if (depth >= MAXDEPTH) continue;
        if (tag_is(n, "meta")) {
            const char *k = attr(n, "property");
            if (!k) k = attr(n, "name");
            if (!k) k = attr(n, "itemprop");
            if (!k) k = attr(n, "http-equiv");
            const char *v = attr(n, "content");
            if (!v) v = attr(n, "datetime");
            if (k && v) {
                if (!strcasecmp(k, "og:title") || !strcasecmp(k, "twitter:title")) set_once(&m->og_title, v);
                else if (!strcasecmp(k, "og:site_name")) set_once(&m->site, v);
                else if (!strcasecmp(k, "application-name")) set_once(&m->app_name, v);
                else if (!strcasecmp(k, "og:url")) set_once(&m->og_url, v);
                else if (!strcasecmp(k, "og:locale") || !strcasecmp(k, "content-language") ||
                         !strcasecmp(k, "language") || !strcasecmp(k, "dc.language"))
                    set_once(&m->lang_decl, v);
                else if (!strcasecmp(k, "article:published_time") || !strcasecmp(k, "og:published_time") ||
                         !strcasecmp(k, "datePublished") || !strcasecmp(k, "pubdate") ||
                         !strcasecmp(k, "publishdate") || !strcasecmp(k, "publish-date") ||
                         !strcasecmp(k, "publish_date") || !strcasecmp(k, "date") || !strcasecmp(k, "dc.date") ||
                         !strcasecmp(k, "dc.date.issued") || !strcasecmp(k, "dcterms.date") ||
                         !strcasecmp(k, "dcterms.created") || !strcasecmp(k, "dcterms.issued") ||
                         !strcasecmp(k, "sailthru.date") || !strcasecmp(k, "parsely-pub-date") ||
                         !strcasecmp(k, "article.published") || !strcasecmp(k, "citation_publication_date") ||
                         !strcasecmp(k, "originalpublicationdate") || !strcasecmp(k, "mediator_published_time"))
                    date_once(m->d_meta, v);
            }
            continue;
        }
        if (tag_is(n, "link")) {
            const char *rel = attr(n, "rel");
            if (rel && !strcasecmp(rel, "canonical")) set_once(&m->canonical, attr(n, "href"));
            continue;
        }
        if (tag_is(n, "html")) set_once(&m->lang_decl, attr(n, "lang"));
        if (tag_is(n, "script")) {
            const char *t = attr(n, "type");
            if (t && !strcasecmp(t, "application/ld+json")) {
                const char *c = n->children && n->children->type == H_TEXT ? n->children->content : NULL;
                json_t *j = c ? json_loads(c, JSON_DECODE_ANY, NULL) : NULL;
                if (j) ld_object(m, j, 0);
                json_decref(j);
            }
            continue;
        }
        if (tag_is(n, "style")) continue;
        if (tag_is(n, "title") && !m->title_tag) {
            char *t = node_text(n);
            if (t && *t) m->title_tag = t;
            else free(t);
            continue;
        }
        if (tag_is(n, "h1") && !m->h1) {
            char *t = node_text(n);
            if (t && *t) m->h1 = t;
            else free(t);
        }
        if (tag_is(n, "time")) {
            const char *dt = attr(n, "datetime");
            const char *ip = attr(n, "itemprop");
            const char *cl = attr(n, "class");
            int pub = has_attr(n, "pubdate") || (ip && !strcasecmp(ip, "datePublished")) ||
                      (cl && (strstr(cl, "publish") || strstr(cl, "entry-date")));
            if (dt) {
                if (pub) date_once(m->d_time_pub, dt);
                date_once(m->d_time, dt);
            } else if (pub) {
                char *t = node_text(n);
                if (t) date_in_text(m->d_time_pub, t);
                free(t);
            }
        } else if (!m->d_text[0] && date_class(n)) {
            char *t = node_text(n);
            if (t) date_in_text(m->d_text, t);
            free(t);
        }
        {
            const char *ip = attr(n, "itemprop");
            if (ip && !strcasecmp(ip, "datePublished")) date_once(m->d_time_pub, attr(n, "content"));
        }
        date_line(m->d_line, n);
        meta_walk(m, n->children, depth + 1);
    }
}

/* a date in a URL: /2023/06/28/, /2023-06-28, /20230628, -20230628 */
static int url_date(const char *u, char d[11]) {
    if (!u) return 0;
    const char *p = strstr(u, "://");
    p = p ? strchr(p + 3, '/') : u;
    for (; p && *p; p++) {
        if (*p != '/' && *p != '-' && *p != '_') continue;
        const char *q = p + 1;
        int y, m, dd;
        char sep;
        if (sscanf(q, "%4d%c%2d%*c%2d", &y, &sep, &m, &dd) == 4 && (sep == '/' || sep == '-') && isdigit((unsigned char)q[5]) &&
            isdigit((unsigned char)q[6]) && q[7] == sep && isdigit((unsigned char)q[8]) && isdigit((unsigned char)q[9]) &&
            !isdigit((unsigned char)q[10]) && y >= 1990 && y <= 2100 && dy_valid_ymd(y, m, dd)) {
            snprintf(d, 11, "%04d-%02d-%02d", y, m, dd);
            return 1;
        }
        int k = 0;
        while (k < 9 && isdigit((unsigned char)q[k])) k++;
        if (k == 8) {
            y = (q[0] - '0') * 1000 + (q[1] - '0') * 100 + (q[2] - '0') * 10 + (q[3] - '0');
            m = (q[4] - '0') * 10 + (q[5] - '0');
            dd = (q[6] - '0') * 10 + (q[7] - '0');
            if (y >= 1990 && y <= 2100 && dy_valid_ymd(y, m, dd)) {
                snprintf(d, 11, "%04d-%02d-%02d", y, m, dd);
                return 1;
            }
        }
    }
    return 0;
}

static char *host_of(const char *u) {
    const char *p = u ? strstr(u, "://") : NULL;
    if (!p) return NULL;
    p += 3;
    size_t k = strcspn(p, "/:?#");
    if (k > 4 && !strncasecmp(p, "www.", 4)) p += 4, k -= 4;
    return k ? strndup(p, k) : NULL;
}

/* "Headline | Outlet" -> "Headline"; *tail gets "Outlet" when the outlet is unknown */
static void strip_suffix(char *t, const char *outlet, char **tail) {
    static const char *const SEP[] = {" | ", " - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", " :: ", " \xC2\xB7 ", NULL};
    size_t n = strlen(t);
    for (int i = 0; SEP[i]; i++) {
        const char *best = NULL;
        for (const char *p = strstr(t, SEP[i]); p; p = strstr(p + 1, SEP[i])) best = p;
        if (!best) continue;
        const char *after = best + strlen(SEP[i]);
        size_t head = (size_t)(best - t);
        if (outlet && *outlet) {
            if (!strcasecmp(after, outlet) || (strlen(after) < 60 && strstr(outlet, after)) ||
                (strlen(after) < 60 && strstr(after, outlet))) {
                t[head] = 0;
                return;
            }
        } else if (words_in(after, strlen(after)) <= 4 && head > n - head) {
            if (tail && !*tail) *tail = strdup(after);
            t[head] = 0;
            return;
        }
    }
}

static void free_meta(meta *m) {
    free(m->og_title), free(m->ld_headline), free(m->h1), free(m->title_tag), free(m->site), free(m->ld_publisher);
    free(m->app_name), free(m->canonical), free(m->og_url), free(m->ld_url), free(m->lang_decl);
}

/* a string of the output, valid UTF-8 for sure (whatever a page's
 * character set conversion let through): repaired in place of *s; 0, or
 * -1 when out of memory */
static int sane(char **s, size_t *n) {
    size_t len = *n ? *n : strlen(*s);
    if (dy_utf8_valid(*s, len)) return 0;
    size_t ol = 0, bad = 0;
    char *c = dyad_utf8_repair(*s, len, &ol, &bad);
    if (!c) return -1;
    free(*s);
    *s = c;
    if (*n) *n = ol;
    return 0;
}

/* ----------------------------------------------------------------- API */

static int ci_prefix(const char *s, size_t n, const char *p) {
    size_t k = strlen(p);
    return n >= k && !strncasecmp(s, p, k);
}

int dy_html_sniff(const char *s, size_t n) {
    size_t i = 0;
    if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) i = 3;
    for (int guard = 0; guard < 32; guard++) {
        while (i < n && isspace((unsigned char)s[i])) i++;
        if (i >= n || s[i] != '<') return 0;
        if (ci_prefix(s + i, n - i, "<!--")) {
            const char *e = NULL;
            for (size_t k = i + 4; k + 2 < n; k++)
                if (s[k] == '-' && s[k + 1] == '-' && s[k + 2] == '>') { e = s + k + 3; break; }
            if (!e) return 0;
            i = (size_t)(e - s);
            continue;
        }
        if (ci_prefix(s + i, n - i, "<?xml")) {
            const char *e = memchr(s + i, '>', n - i);
            if (!e) return 0;
            i = (size_t)(e - s) + 1;
            continue;
        }
        static const char *const T[] = {"<!doctype html", "<html", "<head", "<meta", "<title", "<body", NULL};
        for (int k = 0; T[k]; k++)
            if (ci_prefix(s + i, n - i, T[k])) {
                size_t e = i + strlen(T[k]);
                if (e >= n || !isalnum((unsigned char)s[e])) return 1;
            }
        return 0;
    }
    return 0;
}

void dy_html_charset(const char *s, size_t n, char *out, size_t cap) {
    out[0] = 0;
    for (size_t i = 0; i + 8 < n; i++) {
        if (strncasecmp(s + i, "charset=", 8)) continue;
        size_t j = i + 8, k = 0;
        while (j < n && (s[j] == '"' || s[j] == '\'' || s[j] == ' ')) j++;
        while (j < n && k + 1 < cap && (isalnum((unsigned char)s[j]) || s[j] == '-' || s[j] == '_' || s[j] == '.' ||
                                        s[j] == ':'))
            out[k++] = s[j++];
        out[k] = 0;
        return;
    }
}

static int is_utf8_name(const char *e) { return !strcasecmp(e, "utf-8") || !strcasecmp(e, "utf8"); }

/* buf in the character set enc, converted to UTF-8 (malloc'd; *outn its
 * length), or NULL when iconv does not know enc.  Bytes that are not valid
 * in enc become U+FFFD and are counted in *bad. */
static char *to_utf8(const char *buf, size_t n, const char *enc, size_t *outn, size_t *bad) {
    iconv_t cd = iconv_open("UTF-8", enc);
    if (cd == (iconv_t)-1) return NULL;
    size_t cap = n * 3 + 16, o = 0;
    char *out = malloc(cap);
    if (!out) { iconv_close(cd); return NULL; }
    char *in = (char *)buf;
    size_t left = n;
    while (left) {
        char *op = out + o;
        size_t room = cap - o - 4;
        size_t r = iconv(cd, &in, &left, &op, &room);
        o = (size_t)(op - out);
        if (r != (size_t)-1) break;
        if (errno == E2BIG) { /* cannot happen with 3 bytes a byte, but be safe */
            char *nb = realloc(out, cap * 2);
            if (!nb) { free(out); iconv_close(cd); return NULL; }
            out = nb, cap *= 2;
            continue;
        }
        /* an invalid or truncated sequence: U+FFFD for its first byte */
        memcpy(out + o, "\xEF\xBF\xBD", 3), o += 3;
        in++, left--;
        (*bad)++;
    }
    iconv_close(cd);
    out[o] = 0;
    *outn = o;
    return out;
}

/* The page as a tree: converted to UTF-8 from its declared character set
 * (the HTTP header's, else a <meta charset> in its first 4 KB; none means
 * UTF-8), invalid UTF-8 repaired, then parsed (src/io/hparse.c). */
static dy_hdoc *parse(const char *buf, size_t n, const char *charset, char **fixed, size_t *bad) {
    char enc[48];
    enc[0] = 0;
    if (charset && *charset) snprintf(enc, sizeof enc, "%s", charset);
    else dy_html_charset(buf, n < 4096 ? n : 4096, enc, sizeof enc); /* <meta charset> in the first bytes */
    if (enc[0] && !is_utf8_name(enc)) {
        size_t ol = 0;
        char *u = to_utf8(buf, n, enc, &ol, bad);
        if (u && dy_utf8_valid(u, ol)) {
            *fixed = u;
            return dy_hparse(u, ol);
        }
        if (u) { /* NUL bytes: repaired below */
            *fixed = dyad_utf8_repair(u, ol, &ol, bad);
            free(u);
            return *fixed ? dy_hparse(*fixed, ol) : NULL;
        }
        /* an encoding iconv does not know: read it as UTF-8 below */
    }
    if (!dy_utf8_valid(buf, n)) {
        size_t ol = 0;
        *fixed = dyad_utf8_repair(buf, n, &ol, bad);
        if (!*fixed) return NULL;
        return dy_hparse(*fixed, ol);
    }
    return dy_hparse(buf, n);
}

static char *dup_or_empty(const char *s) { return strdup(s ? s : ""); }

int dy_html_extract(const char *buf, size_t n, const char *url, const char *charset, dy_html_doc *out) {
    memset(out, 0, sizeof *out);
    out->date_from = "";
    char *fixed = NULL;
    dy_hdoc *doc = parse(buf, n, charset, &fixed, &out->bad_bytes);
    meta m = {0};
    dy_buf text = {0};
    int rc = 0;
    dy_hnode *root = dy_hroot(doc);
    if (root) {
        meta_walk(&m, root, 0);
        /* title and outlet first: the title is not repeated in the text */
        const char *outlet = m.site ? m.site : m.ld_publisher ? m.ld_publisher : m.app_name;
        char *tail = NULL;
        const char *t = m.ld_headline ? m.ld_headline : m.og_title ? m.og_title : m.h1 ? m.h1 : m.title_tag;
        out->title = dup_or_empty(t);
        if (out->title) strip_suffix(out->title, outlet, outlet ? NULL : &tail);
        if (!outlet && m.title_tag && !tail && t != m.title_tag) {
            char *tt = strdup(m.title_tag);
            if (tt) strip_suffix(tt, NULL, &tail);
            free(tt);
        }
        const char *u = m.canonical ? m.canonical : m.og_url ? m.og_url : m.ld_url ? m.ld_url : url;
        out->url = dup_or_empty(u && (!strncasecmp(u, "http://", 7) || !strncasecmp(u, "https://", 8)) ? u : url);
        char *host = host_of(out->url && *out->url ? out->url : url);
        out->outlet = dup_or_empty(outlet ? outlet : tail ? tail : host);
        free(tail), free(host);
        /* text */
        for (int pass = 0; pass < 2 && rc == 0; pass++) {
            collector c = {0};
            c.use_classes = !pass;
            dy_hnode *body = root;
            for (dy_hnode *k = root->children; k; k = k->next)
                if (k->type == H_ELEMENT && tag_is(k, "body")) body = k;
            c.box = body;
            collect(&c, body == root ? root->children : body->children, 1);
            flush(&c);
            text.n = 0;
            if (text.p) text.p[0] = 0; /* a pass that keeps nothing leaves no old text behind */
            if (c.oom || choose(&c, out->title, &text)) rc = -1;
            free(c.txt.p), free(c.p);
            if (text.n >= 250) break;
        }
        /* date */
        const char *from = "";
        const char *d = m.d_meta[0]       ? (from = "meta", m.d_meta)
                        : m.d_ld[0]       ? (from = "json-ld", m.d_ld)
                        : m.d_time_pub[0] ? (from = "time", m.d_time_pub)
                        : m.d_text[0]     ? (from = "text", m.d_text)
                        : m.d_time[0]     ? (from = "time", m.d_time)
                                          : NULL;
        if (d) memcpy(out->date, d, 11), out->date_from = from;
        else if (url_date(out->url, out->date) || url_date(url, out->date)) out->date_from = "url";
        else if (m.d_line[0]) memcpy(out->date, m.d_line, 11), out->date_from = "text";
    }
    out->text = text.p ? text.p : strdup("");
    out->text_len = text.p ? text.n : 0;
    /* language: the text's, else the page's word */
    const char *l = dyad_detect_language(out->text, out->text_len);
    if (!*l && m.lang_decl) {
        char dl[8] = "";
        size_t k = 0;
        for (const char *p = m.lang_decl; *p && isalpha((unsigned char)*p) && k < 3; p++) dl[k++] = (char)tolower((unsigned char)*p);
        dl[k] = 0;
        if (k == 2) snprintf(out->lang, sizeof out->lang, "%s", dl);
    } else
        snprintf(out->lang, sizeof out->lang, "%s", l);
    free_meta(&m);
    dy_hfree(doc);
    free(fixed); /* the tree's strings are its own: freed after it for clarity */
    if (!out->title) out->title = strdup("");
    if (!out->url) out->url = strdup("");
    if (!out->outlet) out->outlet = strdup("");
    if (!out->title || !out->url || !out->outlet || !out->text) return -1;
    size_t z = 0;
    if (sane(&out->title, &z) || sane(&out->outlet, &z) || sane(&out->url, &z) ||
        (out->text_len && sane(&out->text, &out->text_len)))
        rc = -1;
    return rc;
}

void dy_html_free(dy_html_doc *d) {
    if (!d) return;
    free(d->title), free(d->outlet), free(d->url), free(d->text);
    memset(d, 0, sizeof *d);
}

char *dy_html_fragment_text(const char *html, size_t n) {
    char *fixed = NULL;
    size_t bad = 0;
    dy_hdoc *h = parse(html, n, "UTF-8", &fixed, &bad);
    collector c = {0};
    if (h) collect(&c, dy_hroot(h), 0);
    flush(&c);
    dy_buf b = {0};
    int oom = c.oom;
    for (int i = 0; i < c.np && !oom; i++)
        oom = (b.n && dy_buf_add(&b, "\n\n", 2)) || dy_buf_add(&b, c.txt.p + c.p[i].off, c.p[i].len);
    free(c.txt.p), free(c.p);
    dy_hfree(h);
    free(fixed);
    if (oom) { free(b.p); return NULL; }
    if (b.p && sane(&b.p, &b.n)) { free(b.p); return NULL; }
    return b.p ? b.p : strdup("");
}
