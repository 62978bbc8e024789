/* driver.c — a plain main() for the fuzz targets, so ctest runs each target
 * over its committed corpus without libFuzzer.
 *
 * Usage: fuzz_<name> DIR|FILE...  Every regular file found (a directory is
 * read one level deep) is passed to LLVMFuzzerTestOneInput, followed by a few
 * built-in edge inputs (empty, NULs, lone bytes, unterminated constructs, a
 * long run).  A crash or sanitizer report fails the test; otherwise exit 0.
 * A missing path is reported but not fatal, so a target without a corpus
 * still runs the built-in inputs. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path) {
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        perror(path);
        return 0;
    }
    size_t cap = 4096, len = 0, k;
    uint8_t *buf = malloc(cap);
    while (buf && (k = fread(buf + len, 1, cap - len, fp)) > 0) {
        len += k;
        if (len == cap) {
            uint8_t *nb = realloc(buf, cap * 2);
            if (!nb) break;
            buf = nb;
            cap *= 2;
        }
    }
    fclose(fp);
    if (!buf) return 0;
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 1;
}

static int run_path(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "%s: not found (running built-in inputs only)\n", path);
        return 0;
    }
    if (S_ISREG(st.st_mode)) return run_file(path);
    if (!S_ISDIR(st.st_mode)) return 0;
    DIR *d = opendir(path);
    if (!d) return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        size_t l = strlen(path) + strlen(e->d_name) + 2;
        char *p = malloc(l);
        if (!p) break;
        snprintf(p, l, "%s/%s", path, e->d_name);
        if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) n += run_file(p);
        free(p);
    }
    closedir(d);
    return n;
}

int main(int argc, char **argv) {
    int files = 0;
    for (int i = 1; i < argc; i++) files += run_path(argv[i]);

    static const struct {
        const char *s;
        size_t n;
    } edge[] = {
#define E(lit) {lit, sizeof(lit) - 1}
        E(""), E("\0"), E("\0\0\0\0"), E("\n"), E("\r\n\r\n"), E("{"), E("}"), E("{\"text\":"), E("[]"),
        E("{\"text\":\"\\u0000\"}"), E("{\"text\":\"\\ud800\"}"), E("/*"), E("*/"), E("/*/"),
        E("000101 X\n/*"), E("000101 X\n/*\n\n000102 Y\n"), E("991399 X\ntext\n"), E("000101 \n"),
        E("\xff"), E("\xc3"), E("\xe2\x80"), E("\xf0\x9f\x98"), E("\xed\xa0\x80"), E("\xef\xbb\xbf"),
        E("."), E(". "), E("..."), E("\xe2\x80\xa6"), E("Mr."), E("U.S. "), E("A. "), E("\" "), E("\xc2\xa0"),
        E("Posted:"), E("Posted: 31.12.9999\n"), E("Date: \n\n"), E("2023-02-29\nx"), E("#\n#\n"),
#undef E
    };
    for (size_t i = 0; i < sizeof edge / sizeof *edge; i++)
        LLVMFuzzerTestOneInput((const uint8_t *)edge[i].s, edge[i].n);

    /* long runs of the characters the parsers branch on */
    static const char runs[] = ". \n\"/*{\xff";
    size_t n = 1 << 16;
    uint8_t *big = malloc(n);
    if (big) {
        for (size_t r = 0; r < sizeof runs - 1; r++) {
            memset(big, runs[r], n);
            LLVMFuzzerTestOneInput(big, n);
        }
        free(big);
    }
    printf("%d corpus files, %zu built-in inputs: ok\n", files, sizeof edge / sizeof *edge + sizeof runs - 1);
    return 0;
}
