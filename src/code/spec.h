/* spec.h — spec tests as data files (dyad spec). */
#ifndef DYAD_SPEC_H
#define DYAD_SPEC_H
#include "dyad.h"
#include <stdio.h>
/* Run the cases of one spec file with dictionary d; failures are printed to
 * out and counted.  Returns -1 if the file cannot be read, else 0. */
int dy_spec_run(const dyad_dict *d, const char *path, FILE *out, int *passed, int *failed);
/* Knowledge-graph checks ("kg:" sections) use this (NULL: such cases fail
 * with a message). */
struct dy_kg;
void dy_spec_set_kg(const struct dy_kg *kg);
#endif
