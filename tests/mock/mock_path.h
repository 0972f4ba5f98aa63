/* Request paths as the API sees them. libmicrohttpd hands the handler a
 * fully decoded path, so an id holding "/" (sent as %2F) would split into
 * two segments and never match its route. The mock routes on the raw path
 * instead: everything is decoded except %2F and %25, so segment boundaries
 * stay where the client put them, and the {id} segment is then decoded
 * whole. */
#ifndef DD_MOCK_PATH_H
#define DD_MOCK_PATH_H

#include <stddef.h>

/* The routing form of raw (up to '?' or the end): %XX decoded except %2F
 * and %25, which stay as they are (upper-cased). Returns a malloc'd string,
 * or NULL when out of memory. A malformed escape is kept literally. */
char *path_for_routing(const char *raw);

/* Decodes an {id} segment of the routing form into buf (NUL-terminated;
 * the result is never longer than seg, so strlen(seg) + 1 bytes always
 * fit). %00 stays literal: no id holds a NUL byte, and the route then
 * refuses the id as it would any other. -1 when it does not fit. */
int path_decode_segment(const char *seg, char *buf, size_t cap);

#endif
