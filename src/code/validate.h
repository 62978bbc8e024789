/* validate.h — TABARI validation-suite runner (dyad validate). */
#ifndef DYAD_VALIDATE_H
#define DYAD_VALIDATE_H
#include <stdio.h>
#include "dyad.h"
/* Load the dictionaries and options a TABARI .project names (paths relative
 * to the project file) into d; the <textfile> path goes to textfile ("" when
 * absent; may be NULL).  Errors name file and line in err. */
int dy_project_load(dyad_dict *d, const char *project, char *textfile, size_t cap, char *err, size_t errlen);
/* Run a .project; print mismatches and "N passed, M failed" to out.
 * Returns 0 all passed, 1 some failed, 3 could not load. */
int dy_validate_project(const char *project, FILE *out, int all, int verbose);
/* Run a PETRARCH unit-test XML file (<Environment> names the dictionaries,
 * relative to the XML file; <EventCoding> children give the expected
 * events); print "FAIL ID: expected {...}; got {...}" per mismatch, a line of
 * skipped/unscored counts, then "N passed, M failed".  `all` scores every
 * category and reads past <Stop>.  Returns 0 all passed, 1 some failed, 3
 * could not read the file or load its dictionaries. */
int dy_validate_petr(const char *xmlpath, FILE *out, int all, int verbose);
#endif
