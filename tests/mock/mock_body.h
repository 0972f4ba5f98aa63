/* Response bodies that need streaming: cut, dripped and oversized ones. */
#ifndef DD_MOCK_BODY_H
#define DD_MOCK_BODY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <microhttpd.h>

/* Announces len bytes, sends half, then drops the connection. Takes body. */
struct MHD_Response *body_truncated(char *body, size_t len);
/* Sends the body a few bytes every drip_ms. Takes body. */
struct MHD_Response *body_drip(char *body, size_t len, long drip_ms);
/* A valid-looking org connection list of exactly size bytes, generated on
 * the fly with no Content-Length (chunked); gzip-compressed when asked. */
struct MHD_Response *body_oversize(uint64_t size, bool gzip);

#endif
