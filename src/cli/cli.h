/* cli.h — shared by the command-line files in src/cli. */
#ifndef DYAD_CLI_H
#define DYAD_CLI_H
#include "dyad.h"
#include <stddef.h>

extern const char *const usage_gkg;
extern const char *const usage_gazetteer;
int cmd_gkg(int argc, char **argv);
int cmd_gazetteer(int argc, char **argv);
/* monotonic seconds */
double cli_now(void);
/* today's date, UTC, "YYYY-MM-DD" */
void cli_today(char *buf, size_t cap);
#endif
