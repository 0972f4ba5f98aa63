/* The answer of a status fault with echo_keys=1: a careless server or proxy
 * that repeats the keys it was sent, in one of the forms an error takes
 * (echo_form) and one of the ways a key gets written (echo_encoding),
 * after echo_pad characters of padding, so that a test can put a key
 * across every point where a client cuts text. */
#ifndef DD_MOCK_ECHO_H
#define DD_MOCK_ECHO_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "mock_faults.h"

/* The body (malloc'd, *len bytes) and its Content-Type for status, with
 * api and app the keys of the request; pad: padding characters before the
 * first key. NULL when out of memory. */
char *echo_body(const mock_fault *f, long pad, int status, const char *api, const char *app,
                const char **content_type, size_t *len);
/* f->location with "pad=...&" (when pad > 0) and "api_key=KEY" appended
 * in the fault's encoding; malloc'd, NULL when out of memory. Printable
 * ASCII only: it goes into a header. */
char *echo_location(const mock_fault *f, long pad, const char *api);
/* For a 429: the X-RateLimit-Name value, "<pad>KEY" in the fault's
 * encoding (printable ASCII); malloc'd, NULL when out of memory. */
char *echo_limit_name(const mock_fault *f, long pad, const char *api);
/* For kind wrong_types with echo_keys: every "type" member of the answer
 * becomes the API key, as a server that mixed up its fields might send. */
void echo_key_as_type(cJSON *doc, const char *api);
/* The padding of the fault's nth firing (1-based): echo_pad, plus
 * echo_pad_step for each earlier firing. */
long echo_pad_for(const mock_fault *f);

#endif
