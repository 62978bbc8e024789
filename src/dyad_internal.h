/* dyad_internal.h — shared by the library's modules, not installed. */
#ifndef DYAD_INTERNAL_H
#define DYAD_INTERNAL_H
#include "dyad.h"
#include <stdint.h>

/* Embedded data files (see scripts/embed.cmake). */
struct dy_data_file {
    const char *name;
    const char *bytes;
    size_t len;
};
extern const struct dy_data_file dy_data_files[];
/* Find an embedded data file by name ("cameo.tsv"); NULL if absent. */
const struct dy_data_file *dy_data_find(const char *name);

/* 64-bit FNV-1a, used for content ids and hash tables. */
uint64_t dy_hash64(const void *p, size_t n);

#endif
