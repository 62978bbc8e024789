/* cameo.h — CAMEO codebook internals (src/code/cameo.c), not installed.
 * The public side is dyad_cameo_lookup() / dyad_cameo_table() in dyad.h. */
#ifndef DY_CAMEO_H
#define DY_CAMEO_H

/* The CAMEO root of an event code as an int: "036" -> 3, "1011" -> 10,
 * "19" -> 19.  The code must be 2-4 ASCII digits with a root from 01 to 20;
 * anything else ("---", "", "3", "21", "036 ", NULL) gives -1.  Does not
 * require the code to be in the codebook. */
int dy_cameo_root(const char *code);

#endif
