/* dyad.h — the one public header of libdyad.
 *
 * dyad codes news text into CAMEO events: who did what to whom, where, when.
 * Pipeline: read (dyad_reader) -> segment/tokenize -> match (dyad_dict) ->
 * code (dyad_coder) -> write (dyad_write_*).
 *
 * Conventions
 *  - Errors are negative DYAD_E* codes; dyad_strerror() names them.  Functions
 *    that can fail with a user-facing message take a `char *err, size_t errlen`
 *    buffer and write "file:line: message" into it.
 *  - Ownership is stated per function.  Strings handed out by an object live
 *    until the next call on that object or until it is freed.
 *  - Byte offsets always refer to the article's text as given to the coder
 *    (after UTF-8 repair, which never changes the length of valid input).
 */
#ifndef DYAD_H
#define DYAD_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define DYAD_API __attribute__((visibility("default")))
#else
#define DYAD_API
#endif

#define DYAD_VERSION "0.1.0"

enum {
    DYAD_OK = 0,
    DYAD_ENOMEM = -1,  /* out of memory */
    DYAD_EIO = -2,     /* file could not be opened or read */
    DYAD_EPARSE = -3,  /* malformed input record or dictionary line */
    DYAD_EUTF8 = -4,   /* invalid UTF-8 (repaired; reported as a warning) */
    DYAD_EARG = -5,    /* bad argument */
    DYAD_ETOOBIG = -6  /* input larger than the configured limit */
};

DYAD_API const char *dyad_strerror(int code);

/* ------------------------------------------------------------------ text */

/* Repair invalid UTF-8: every invalid byte becomes U+FFFD (EF BF BD); NUL
 * bytes become spaces.  Returns a malloc'd NUL-terminated copy (caller frees)
 * and stores its length in *outlen and the number of repaired bytes in
 * *nbad.  Returns NULL only when out of memory. */
DYAD_API char *dyad_utf8_repair(const char *s, size_t n, size_t *outlen, size_t *nbad);

/* The language of a text, from its letters and function words (no network):
 * an ISO 639-1 code ("en", "ru", "uk", "be", "de", "fr", "es", "it", "pt",
 * "nl", "pl", "tr", "el", "he", "ar", "ja", "ko", "zh", "hi") or "" when the
 * text is too short or undecided.  Static string. */
DYAD_API const char *dyad_detect_language(const char *text, size_t n);

/* A span of bytes [start, end) in a text. */
typedef struct {
    size_t start, end;
} dyad_span;

/* Split text into sentences.  Writes at most `max` spans into `out` and
 * returns the number of sentences found (which may exceed max; call again
 * with a larger buffer).  Handles abbreviations (Mr., Gen., U.S., Jan.),
 * initials ("A. Lukashenko"), closing quotes and brackets after the stop,
 * and paragraph breaks (a blank line always ends a sentence). */
DYAD_API size_t dyad_split_sentences(const char *text, size_t n, dyad_span *out, size_t max);

/* --------------------------------------------------------------- articles */

typedef enum {
    DYAD_INPUT_AUTO = 0,
    DYAD_INPUT_TEXT,   /* plain article: optional "Posted:" / date line, title, body */
    DYAD_INPUT_JSONL,  /* one JSON object per line: id, date, title, text, url, source, lang */
    DYAD_INPUT_TABARI, /* TABARI records: "YYMMDD ID" line, text lines, blank line */
    DYAD_INPUT_PETRXML, /* PETRARCH XML: <Sentence date= id= source= sentence= category=><Text>,
                        * in <Sentences> or other wrappers; <Parse> is ignored */
    DYAD_INPUT_FEED,    /* RSS 2.0 / RSS 1.0 / Atom: each item or entry an article (id: guid or
                        * link; url; title; date; text from content or description, HTML
                        * reduced to text; source: the feed's title) */
    DYAD_INPUT_HTML,    /* one HTML page: its article (main text without navigation, ads,
                        * comments, related links), title, publication date, outlet (source),
                        * language, canonical URL */
    DYAD_INPUT_WARC     /* WARC 1.0/1.1, plain or gzip: each HTML response/resource record an
                        * article as HTML pages are (id: WARC-Target-URI; fetched: WARC-Date;
                        * line: the record number) */
} dyad_input_format;

/* One article.  All strings are NUL-terminated UTF-8 (repaired), never NULL
 * (empty string when absent).  Owned by the reader; valid until the next
 * dyad_reader_next() or dyad_reader_close(). */
typedef struct {
    const char *id;      /* given id, else URL, else "h" + 16 hex digits of a content hash */
    const char *date;    /* "YYYY-MM-DD" or "" when unknown */
    const char *title;
    const char *text;    /* body; for TABARI records the record text, comments removed */
    size_t text_len;
    const char *url, *source, *lang;
    const char *comment; /* TABARI records: the text of the stripped comments, else "" */
    const char *origin;  /* input name (file name or "-") */
    long line;           /* 1-based line in origin where the article starts */
    size_t bad_bytes;    /* invalid UTF-8 bytes repaired in this article */
    int one_sentence;    /* 1: the text is one sentence (TABARI records, PETRARCH
                          * sentence="true"); 0: an article or story to split.
                          * Pass it to dyad_code_text(). */
    const char *category; /* PETRARCH: the record's category attribute, else "" */
    const char *fetched;  /* WARC: when the page was fetched (WARC-Date, ISO 8601), else "" */
} dyad_article;

/* What a reader has read and skipped, and why (dyad_reader_get_stats). */
typedef struct {
    long records;     /* records, pages or WARC records read (HTML and WARC input) */
    long articles;    /* HTML pages given out as articles */
    long not_html;    /* WARC records holding no HTML page (warcinfo, request, metadata,
                       * revisit, images, PDFs ...) */
    long http_status; /* WARC responses with a status other than 200 */
    long other_lang;  /* pages in a language not asked for (dyad_reader_set_languages) */
    long no_text;     /* pages where no article text was found */
    long too_large;   /* pages over the size limit (16 MB) */
    long bad;         /* damaged records reported through dyad_reader_error */
    unsigned long long bytes;      /* input bytes read so far (of a .gz file: compressed) */
    unsigned long long html_bytes; /* HTML bytes read (uncompressed) */
} dyad_reader_stats;

typedef struct dyad_reader dyad_reader;

/* Open a reader on `fp` (not closed by the reader).  `name` is used in
 * messages.  With DYAD_INPUT_AUTO the format is detected from the first bytes
 * ("WARC/1." or a gzip member holding it: WARC; <rss, <feed or <rdf:RDF: a
 * feed; <!DOCTYPE html, <html, <head, <meta, <title or <body: an HTML page;
 * another tag after optional whitespace,
 * XML declaration and comments: PETRARCH XML; '{': JSONL; a "YYMMDD ID"
 * header: TABARI; else text).  PETRARCH XML is
 * read whole into memory at the first dyad_reader_next().
 * Returns NULL when out of memory. */
DYAD_API dyad_reader *dyad_reader_open(FILE *fp, const char *name, dyad_input_format fmt);

/* Read the next article.  Returns 1 when *a was filled, 0 at end of input, or
 * a negative DYAD_E* code when one record was bad; then dyad_reader_error()
 * says "file:line: what" and the caller may call again to continue with the
 * next record.  Warnings (repaired UTF-8) do not fail the record; they are
 * reported through a->bad_bytes. */
DYAD_API int dyad_reader_next(dyad_reader *r, dyad_article *a);
DYAD_API const char *dyad_reader_error(const dyad_reader *r);
DYAD_API dyad_input_format dyad_reader_format(const dyad_reader *r);
DYAD_API void dyad_reader_get_stats(const dyad_reader *r, dyad_reader_stats *st);
/* Languages kept from HTML pages and WARC archives: a comma-separated list
 * of ISO 639-1 codes ("en,ru", the default) or "all".  Pages whose language
 * cannot be told are kept.  0, or DYAD_EARG for a malformed list. */
DYAD_API int dyad_reader_set_languages(dyad_reader *r, const char *list);
/* Whether an article without a lang field gets its language detected from
 * its text (dyad_detect_language; on by default).  Coding does not use it:
 * turning it off saves ~7% of `dyad code` on short records. */
DYAD_API void dyad_reader_set_detect_language(dyad_reader *r, int on);
DYAD_API void dyad_reader_close(dyad_reader *r);

/* Parse a format name ("auto", "text", "jsonl", "tabari", "petrxml" or
 * "xml", "feed", "rss" or "atom", "html", "warc"); -1 if unknown. */
DYAD_API int dyad_input_format_parse(const char *name);

/* ----------------------------------------------------------- dictionaries */

typedef struct dyad_dict dyad_dict;

/* New empty dictionary set. */
DYAD_API dyad_dict *dyad_dict_new(void);
/* Load the built-in dictionaries (actors, agents, verbs) into d. */
DYAD_API int dyad_dict_load_builtin(dyad_dict *d, char *err, size_t errlen);
/* Load one dictionary file; kind is "actors", "agents", "verbs", "options"
 * or NULL to guess from the file name.  Errors name file and line. */
DYAD_API int dyad_dict_load_file(dyad_dict *d, const char *path, const char *kind, char *err, size_t errlen);
/* Same, from memory (name used in messages). */
DYAD_API int dyad_dict_load_buffer(dyad_dict *d, const char *name, const char *kind, const char *buf, size_t n,
                                   char *err, size_t errlen);
/* Lenient loading: a malformed line is reported through warn(ctx, "file:line:
 * message") and skipped instead of failing the load (for third-party
 * dictionaries such as TABARI's production files, which contain a few).
 * Returns nothing; dyad_dict_skipped() counts the skipped lines. */
DYAD_API void dyad_dict_set_lenient(dyad_dict *d, int on, void (*warn)(void *ctx, const char *msg), void *ctx);
/* How verb dictionaries are read: by content (default), or forced.  Actor,
 * agent and discard files read both languages the same way. */
typedef enum { DYAD_DICT_AUTO = 0, DYAD_DICT_TABARI, DYAD_DICT_PETRARCH } dyad_dict_format;
DYAD_API void dyad_dict_set_format(dyad_dict *d, dyad_dict_format f);
/* "auto", "tabari", "petrarch" (or "phoenix"); -1 if unknown */
DYAD_API int dyad_dict_format_parse(const char *name);
DYAD_API size_t dyad_dict_skipped(const dyad_dict *d);
/* Write everything loaded so far as a compiled image (a versioned binary
 * file that dyad_dict_load_file() recognises and maps in milliseconds; it is
 * refused as stale when a source dictionary changed since). */
DYAD_API int dyad_dict_save(const dyad_dict *d, const char *path, char *err, size_t errlen);
/* Finish loading (sorts and indexes); required before coding. */
DYAD_API int dyad_dict_compile(dyad_dict *d, char *err, size_t errlen);
DYAD_API void dyad_dict_free(dyad_dict *d);
/* Counts for reporting. */
DYAD_API void dyad_dict_stats(const dyad_dict *d, size_t *actors, size_t *agents, size_t *verbs, size_t *patterns);

/* ------------------------------------------------------------------ events */

typedef struct {
    const char *code;   /* actor code, e.g. "BLRGOV" */
    size_t start, end;  /* byte offsets of the matched text in the article text */
    const char *region; /* ISO 3166-2 subdivision ("RU-BA") when the actor is a region, else NULL */
} dyad_actor;

typedef struct {
    int sentence;        /* 0-based sentence index in the article */
    size_t sent_start, sent_end;
    dyad_actor source;
    dyad_actor target;   /* target.code == NULL when there is no target */
    const char *code;    /* CAMEO event code, e.g. "036" */
    size_t verb_start, verb_end;
    int negated;         /* 1 when the verb was negated (the event is not emitted unless asked) */
} dyad_event;

typedef struct dyad_coder dyad_coder;

/* A coder uses a compiled dictionary (shared, read-only, not freed). */
DYAD_API dyad_coder *dyad_coder_new(const dyad_dict *d);
DYAD_API void dyad_coder_free(dyad_coder *c);

/* Code a whole article: split into sentences (or one sentence when
 * one_sentence is nonzero, as for TABARI records), code each.  `date` is
 * "YYYY-MM-DD" or "" and selects date-restricted actor codes.  Returns the
 * number of events; *events points into the coder and stays valid until the
 * next call. */
DYAD_API int dyad_code_text(dyad_coder *c, const char *text, size_t n, const char *date, int one_sentence,
                            const dyad_event **events);

/* ---------------------------------------------------------------- codebook */

typedef struct {
    const char *code;      /* "036" */
    const char *name;      /* "Express intent to meet or negotiate" */
    double goldstein;
    int quad;              /* 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict */
    const char *plover;    /* PLOVER event type, e.g. "CONSULT" */
    const char *plover_mode; /* PLOVER mode or "" */
    const char *plover_context; /* PLOVER context ("diplomatic", "economic"...) or "" */
} dyad_cameo;

/* The PLOVER actor sector of an actor code: "government" for XXXGOV,
 * "military" for XXXMIL, "state" for a bare country, "igo" for IGO...;
 * "" when unknown.  Static string. */
DYAD_API const char *dyad_actor_sector(const char *code);

/* Look up a CAMEO code (2-4 digits).  Unknown codes return NULL. */
DYAD_API const dyad_cameo *dyad_cameo_lookup(const char *code);
/* All entries in code order; *n receives the count. */
DYAD_API const dyad_cameo *dyad_cameo_table(size_t *n);

#ifdef __cplusplus
}
#endif
#endif
