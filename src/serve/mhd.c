/* mhd.c — loading libmicrohttpd on first use (see mhd.h). */
#include "serve/mhd.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct dy_mhd_fns dy_mhd;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static char why[512];
static int ok;

static void load(void) {
    void *h = dlopen("libmicrohttpd.so.12", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(why, sizeof why, "libmicrohttpd could not be loaded (%s); install libmicrohttpd12", dlerror());
        return;
    }
#define SYM(f, name)                                                                                \
    do {                                                                                            \
        void *sym = dlsym(h, name);                                                                 \
        if (!sym) { snprintf(why, sizeof why, "libmicrohttpd.so.12 has no %s", name); return; } \
        memcpy(&dy_mhd.f, &sym, sizeof sym);                                                        \
    } while (0)
    SYM(start_daemon, "MHD_start_daemon");
    SYM(stop_daemon, "MHD_stop_daemon");
    SYM(create_response_from_buffer, "MHD_create_response_from_buffer");
    SYM(destroy_response, "MHD_destroy_response");
    SYM(queue_response, "MHD_queue_response");
    SYM(add_response_header, "MHD_add_response_header");
    SYM(lookup_connection_value, "MHD_lookup_connection_value");
#undef SYM
    ok = 1;
}

int dy_mhd_load(char *err, size_t errlen) {
    pthread_once(&once, load);
    if (!ok && err && errlen) snprintf(err, errlen, "%s", why);
    return ok ? 0 : -1;
}
