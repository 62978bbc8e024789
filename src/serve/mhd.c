/* mhd.c — loading libmicrohttpd on first use (see mhd.h). */
#include "serve/mhd.h"
#include "dyad_internal.h"

struct dy_mhd_fns dy_mhd;
static const char *const NAMES[] = {"MHD_start_daemon", "MHD_stop_daemon", "MHD_create_response_from_buffer",
                                    "MHD_destroy_response", "MHD_queue_response", "MHD_add_response_header",
                                    "MHD_lookup_connection_value", NULL};
_Static_assert(sizeof dy_mhd == (sizeof NAMES / sizeof NAMES[0] - 1) * sizeof(void *), "a name per pointer");
static dy_dl_lib LIB = DY_DL_LIB("libmicrohttpd.so.12", "libmicrohttpd12", NAMES, &dy_mhd);

int dy_mhd_load(char *err, size_t errlen) { return dy_dl_load(&LIB, err, errlen); }
