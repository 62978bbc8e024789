/* mhd.h — libmicrohttpd, loaded when dyad serve or a worker's /metrics first
 * needs it rather than linked: with GnuTLS and the libraries behind it, it
 * cost every dyad command ~4 ms at start.  Include after <microhttpd.h>;
 * the functions keep their names (macros into dy_mhd), and dy_mhd_load must
 * have returned 0 before any of them is called. */
#ifndef DY_MHD_H
#define DY_MHD_H
#include <microhttpd.h>
#include <stddef.h>

struct dy_mhd_fns {
    __typeof__(MHD_start_daemon) *start_daemon;
    __typeof__(MHD_stop_daemon) *stop_daemon;
    __typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
    __typeof__(MHD_destroy_response) *destroy_response;
    __typeof__(MHD_queue_response) *queue_response;
    __typeof__(MHD_add_response_header) *add_response_header;
    __typeof__(MHD_lookup_connection_value) *lookup_connection_value;
};
extern struct dy_mhd_fns dy_mhd;

/* 0, or -1 with a message in err ("libmicrohttpd could not be loaded ...") */
int dy_mhd_load(char *err, size_t errlen);

#define MHD_start_daemon dy_mhd.start_daemon
#define MHD_stop_daemon dy_mhd.stop_daemon
#define MHD_create_response_from_buffer dy_mhd.create_response_from_buffer
#define MHD_destroy_response dy_mhd.destroy_response
#define MHD_queue_response dy_mhd.queue_response
#define MHD_add_response_header dy_mhd.add_response_header
#define MHD_lookup_connection_value dy_mhd.lookup_connection_value
#endif
