/* html.c — fuzz target for the HTML page extractor (src/io/html.c): the
 * input as a page with no charset given, as a page said to be windows-1251,
 * and as an RSS description fragment.  Contracts checked (abort() when
 * broken): strings non-NULL and valid UTF-8, text_len == strlen(text), date
 * "" or a valid YYYY-MM-DD, language code at most 3 letters. */
#include "dyad.h"
#include "io/html.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8_oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const dy_html_doc *d) {
    if (!d->title || !d->outlet || !d->url || !d->text) abort();
    if (strlen(d->text) != d->text_len) abort();
    if (!valid_utf8((const unsigned char *)d->text, d->text_len)) abort();
    if (!valid_utf8((const unsigned char *)d->title, strlen(d->title))) abort();
    if (!valid_utf8((const unsigned char *)d->outlet, strlen(d->outlet))) abort();
    if (d->date[0] && (strlen(d->date) != 10 || d->date[4] != '-' || d->date[7] != '-')) abort();
    if (strlen(d->lang) > 3) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    dy_html_doc d;
    if (dy_html_extract((const char *)data, size, "https://example.com/2023/06/28/x", NULL, &d) == 0) check(&d);
    dy_html_free(&d);
    if (dy_html_extract((const char *)data, size, NULL, "windows-1251", &d) == 0) check(&d);
    dy_html_free(&d);
    char *t = dy_html_fragment_text((const char *)data, size);
    if (t && !valid_utf8((const unsigned char *)t, strlen(t))) abort();
    free(t);
    (void)dy_html_sniff((const char *)data, size);
    return 0;
}
