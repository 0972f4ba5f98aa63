/* Ids placed in request URLs (RFC 3986). Every id goes into a path as
 * exactly one segment: percent-encoded, so that no "/", "?", "#", "%",
 * space or non-ASCII byte can add a segment, start a query or a fragment,
 * or be read as an escape; and refused when it is a name that servers and
 * proxies resolve away (".", "..": RFC 3986 section 5.2.4, which also
 * applies to their encodings %2E) or when it is empty. Pure. */
#ifndef DD_URL_H
#define DD_URL_H

#include "error.h"

/* s with every byte but the unreserved characters (ALPHA, DIGIT, "-", ".",
 * "_", "~"; RFC 3986 section 2.3) written as %XX with upper-case hex
 * (section 2.1). malloc'd; NULL when out of memory. */
char *dd_url_escape(const char *s);

/* id as one path segment, malloc'd into *out. what names the id in the
 * message ("salesforce org id"). DD_E_USAGE for NULL, "", "." and "..";
 * DD_E_NOMEM. */
dd_status dd_url_id_segment(const char *what, const char *id, char **out, dd_error *err);

#endif
