/* Request bodies (built with cJSON, exactly as the API documents them) and
 * strict response parsers. Pure: no I/O. Every parser type-checks each field
 * it reads, accepts absent optional fields, ignores unknown fields, keeps
 * unknown connection types, and cleans every string (dd_sanitize_mode). */
#ifndef DD_API_JSON_H
#define DD_API_JSON_H

#include <stddef.h>

#include "error.h"
#include "model.h"
#include "redact.h"

/* Bodies: malloc'd compact JSON, NULL on OOM. */
char *dd_body_create_connection(const char *sink_org_id, const char *const *types, size_t n);
char *dd_body_update_connection(const char *conn_id, const char *const *types, size_t n);
/* org_uuid and correlation_id may be NULL (then omitted). */
char *dd_body_disable_org(const char *org_uuid, const char *correlation_id);

/* GET /api/v2/org_connections: appends rows to out and sets its counts. */
dd_status dd_parse_conn_list(const char *body, size_t len, dd_conn_list *out, dd_error *err);
/* POST/PATCH answer {data: org_connection}: appends one row to out. */
dd_status dd_parse_conn_single(const char *body, size_t len, dd_conn_list *out, dd_error *err);
/* GET salesforce organizations: appends to out. */
dd_status dd_parse_sf_list(const char *body, size_t len, dd_sf_list *out, dd_error *err);
/* POST /api/v2/org/disable answer. */
dd_status dd_parse_disable(const char *body, size_t len, dd_disable_result *out, dd_error *err);

/* Decodes an error answer of either form ({"errors":["..."]} or JSON:API
 * error objects: detail, else title, plus source.pointer) into err:
 * code DD_E_HTTP, http_status = status, messages, and a text such as
 * "HTTP 404 Not Found: connection not found". A body that is not JSON still
 * gives a useful text (the first 200 characters of its first line).
 * retry_after is left as the caller set it. red (may be NULL) takes the
 * keys out of every message whole, before it is cleaned and cut to
 * DD_SAN_MAX_BYTES. In src/api_error.c. */
void dd_parse_error_body(long status, const char *body, size_t len, const dd_redactor *red,
                         dd_error *err);

/* Standard reason phrase ("Conflict"), a class name ("Client Error") for
 * unlisted 4xx/5xx, "" otherwise. */
const char *dd_http_reason(long status);

/* True for an RFC 4122 textual uuid (8-4-4-4-12 hex). */
int dd_is_uuid(const char *s);

#endif
