/* petr_conformance.c — PETRARCH's unit-test records
 * (../shared/conformance/petrarch/PETR.UnitTest.records.xml, or
 * $DYAD_SHARED/conformance/...) through dy_validate_petr.  Skips (77) when
 * the file is absent.  Asserts only that the run reaches its summary line
 * with every included record scored; the score itself is printed, not
 * enforced (PETRARCH's expectations follow its parse trees, which dyad does
 * not use). */
#include "code/validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    const char *shared = getenv("DYAD_SHARED");
    char path[1024];
    if (shared && *shared)
        snprintf(path, sizeof path, "%s/conformance/petrarch/PETR.UnitTest.records.xml", shared);
    else
        snprintf(path, sizeof path, "%s/../shared/conformance/petrarch/PETR.UnitTest.records.xml",
                 argc > 1 ? argv[1] : ".");
    if (access(path, R_OK) != 0) {
        printf("skip: %s absent\n", path);
        return 77;
    }
    FILE *f = tmpfile();
    if (!f) return 1;
    int rc = dy_validate_petr(path, f, 0, 0);
    rewind(f);
    char line[4096], last[4096] = "", counts[4096] = "";
    int nfail = 0;
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "FAIL ", 5) && nfail++ < 20) fputs(line, stdout);
        if (line[0] == '(') snprintf(counts, sizeof counts, "%s", line);
        snprintf(last, sizeof last, "%s", line);
    }
    fclose(f);
    if (nfail > 20) printf("... %d FAIL lines in all\n", nfail);
    fputs(counts, stdout);
    fputs(last, stdout);
    int passed = -1, failed = -1;
    char tail[8] = "";
    if (rc != 0 && rc != 1) {
        printf("FAIL: dy_validate_petr exited %d (dictionaries not loaded?)\n", rc);
        return 1;
    }
    if (sscanf(last, "%d passed, %d failed%7s", &passed, &failed, tail) != 2 || passed < 0 || failed < 0) {
        printf("FAIL: no \"N passed, M failed\" summary line\n");
        return 1;
    }
    if (passed + failed < 250) {
        printf("FAIL: only %d records scored\n", passed + failed);
        return 1;
    }
    printf("ok: %d of %d PETRARCH unit-test records pass (%.1f%%)\n", passed, passed + failed,
           100.0 * passed / (passed + failed));
    return 0;
}
