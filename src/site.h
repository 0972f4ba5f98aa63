/* Datadog sites and API base URLs. */
#ifndef DD_SITE_H
#define DD_SITE_H

#include <stdbool.h>

#include "error.h"

#define DD_DEFAULT_SITE "datadoghq.com"

extern const char *const dd_sites[]; /* the nine sites, NULL-terminated */
/* Sites are host names (RFC 4343): compared without regard to ASCII case,
 * and a single final dot (the fully qualified spelling) is allowed.
 * Returns the table's lower-case entry (static, never freed) for a known
 * site, NULL for anything else or NULL. */
const char *dd_site_canonical(const char *site);
/* dd_site_canonical(site) != NULL. */
bool dd_site_known(const char *site);
/* "https://api.<site>" into a malloc'd string. */
char *dd_site_base_url(const char *site);
/* Validates an --api-url: https any host, or http only for a loopback host
 * (127.0.0.0/8, ::1, localhost; never a name with a trailing dot, which the
 * resolver may send to DNS). Sets *is_http. Returns a malloc'd copy
 * without a trailing slash, or NULL with err set. */
char *dd_api_url_check(const char *url, bool *is_http, dd_error *err);

#endif
