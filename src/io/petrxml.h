/* petrxml.h — PETRARCH XML records (<Sentences><Sentence ...><Text>...),
 * shared by the article reader (reader.c) and the PETRARCH validation runner
 * (code/validate_petr.c).  Not installed. */
#ifndef DYAD_PETRXML_H
#define DYAD_PETRXML_H
#include <stddef.h>

typedef struct dy_petr dy_petr;

/* One <EventCoding> of a record (validation files).  Strings are never NULL
 * ("" when the attribute is absent). */
typedef struct {
    const char *source, *target, *code; /* sourcecode, targetcode, eventcode */
    const char *error;                  /* error="..." (an expected coder error) */
    int noevents;                       /* noevents="true" */
} dy_petr_coding;

enum {
    DY_PETR_SENTENCE = 1, /* a <Sentence> record */
    DY_PETR_CONFIG,       /* <Config option=name value=value> */
    DY_PETR_ENV,          /* a child of <Environment>: name = element, value = its text */
    DY_PETR_STOP          /* <Stop> or <Pause> outside <Environment>: name = element */
};

/* One item.  Strings are NUL-terminated UTF-8, never NULL, owned by the
 * parser and valid until the next dy_petr_next() or dy_petr_close(). */
typedef struct {
    int kind;
    long line; /* 1-based line of the element's '<' */
    /* DY_PETR_SENTENCE */
    const char *id;       /* "" when absent */
    const char *date;     /* "YYYY-MM-DD" (records without a valid date are errors) */
    const char *source, *category;
    const char *text;     /* <Text> with whitespace runs collapsed to one space, trimmed */
    size_t text_len;
    int one_sentence;     /* sentence="true": the text is one sentence, else a story */
    size_t bad_bytes;     /* invalid UTF-8 bytes repaired on the record's lines */
    const dy_petr_coding *codings;
    int ncodings;
    /* DY_PETR_CONFIG, DY_PETR_ENV, DY_PETR_STOP */
    const char *name, *value;
} dy_petr_item;

/* Open a parser on buf[0..n) (copied; a leading BOM is dropped and invalid
 * UTF-8 repaired).  name is used in messages.  With meta == 0 only records
 * are returned (Config/Environment/Stop are skipped unparsed).  NULL when out
 * of memory. */
dy_petr *dy_petr_open(const char *buf, size_t n, const char *name, int meta);
/* Next item: 1 when *it was filled, 0 at end of input, DYAD_EPARSE when one
 * record (or Config/Environment element) was malformed — dy_petr_error() then
 * says "FILE:LINE: record ID: what" and the next call continues after it —
 * or DYAD_ENOMEM. */
int dy_petr_next(dy_petr *p, dy_petr_item *it);
const char *dy_petr_error(const dy_petr *p);
void dy_petr_close(dy_petr *p);

/* Nonzero when s[0..n) (the start of an input) looks like XML: after
 * whitespace, a BOM, an XML declaration and comments comes a tag. */
int dy_petr_sniff(const char *s, size_t n);

#endif
