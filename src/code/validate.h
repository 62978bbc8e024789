/* validate.h — TABARI validation-suite runner (dyad validate). */
#ifndef DYAD_VALIDATE_H
#define DYAD_VALIDATE_H
#include <stdio.h>
/* Run a .project; print mismatches and "N passed, M failed" to out.
 * Returns 0 all passed, 1 some failed, 3 could not load. */
int dy_validate_project(const char *project, FILE *out, int all, int verbose);
#endif
