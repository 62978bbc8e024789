/* check.h — the assertion macros every C unit test in tests/unit/ uses.
 *
 * CHECK(cond, fmt, ...) counts a check and, when cond is false, counts a
 * failure and prints "FILE:LINE: FAIL: message" to stderr; each test's main()
 * reports the counts and exits 1 if any check failed.  STREQ compares two
 * strings and prints both on a mismatch. */
#ifndef DYAD_TEST_CHECK_H
#define DYAD_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int failures, checks;

#define CHECK(cond, ...)                                          \
    do {                                                          \
        checks++;                                                 \
        if (!(cond)) {                                            \
            failures++;                                           \
            fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__); \
            fprintf(stderr, __VA_ARGS__);                         \
            fputc('\n', stderr);                                  \
        }                                                         \
    } while (0)

#define STREQ(got, want) CHECK(strcmp((got), (want)) == 0, "%s: got \"%s\", want \"%s\"", #got, (got), (want))

#endif
