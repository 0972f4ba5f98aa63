/* Request bodies (built with cJSON, exactly as the API documents them) and
 * strict response parsers. Pure: no I/O. Every parser type-checks each field
 * it reads, accepts absent optional fields, ignores unknown fields, keeps
 * unknown connection types, and stores every string as `text` says
 * (sanitize.h): DD_TEXT_SCREEN cleans it for a terminal (dd_sanitize_mode,
 * capped at DD_SAN_MAX_BYTES), DD_TEXT_EXACT keeps it as sent, any length,
 * ill-formed UTF-8 becoming U+FFFD. A "\u0000" escape is read as U+FFFD in
 * either mode: strings here are C strings, and one cut at the NUL would
 * lose its end in silence. Error texts are always cleaned. */
#ifndef DD_API_JSON_H
#define DD_API_JSON_H

#include <stddef.h>

#include "error.h"
#include "model.h"
#include "model_orgs.h"
#include "sanitize.h"
#include "redact.h"

/* Bodies: malloc'd compact JSON, NULL on OOM. */
char *dd_body_create_connection(const char *sink_org_id, const char *const *types, size_t n);
char *dd_body_update_connection(const char *conn_id, const char *const *types, size_t n);
/* org_uuid and correlation_id may be NULL (then omitted). */
char *dd_body_disable_org(const char *org_uuid, const char *correlation_id);

/* GET /api/v2/org_connections: appends rows to out and sets its counts. */
dd_status dd_parse_conn_list(const char *body, size_t len, dd_text_mode text, dd_conn_list *out,
                             dd_error *err);
/* POST/PATCH answer {data: org_connection}: appends one row to out. */
dd_status dd_parse_conn_single(const char *body, size_t len, dd_text_mode text,
                               dd_conn_list *out, dd_error *err);
/* GET salesforce organizations: appends to out. */
dd_status dd_parse_sf_list(const char *body, size_t len, dd_text_mode text, dd_sf_list *out,
                           dd_error *err);
/* POST /api/v2/org/disable answer. */
dd_status dd_parse_disable(const char *body, size_t len, dd_text_mode text,
                           dd_disable_result *out, dd_error *err);
/* GET /api/v2/org answer (ManagedOrgsResponse; api_parse_orgs.c): data
 * (type managed_orgs, id, relationships current_org and managed_orgs),
 * included (each org's id, type and eight attributes, all required;
 * description, url and modified_at may be null; dates RFC 3339) are
 * type-checked; resources of other types in included are skipped; every
 * org the relationships name must be included (ids compare in any case).
 * On success out's current org and items are replaced (managed_orgs with or
 * without the current org: it is kept out of items, and so are repeats);
 * on failure out is unchanged. */
dd_status dd_parse_managed_orgs(const char *body, size_t len, dd_text_mode text,
                                dd_managed_orgs *out, dd_error *err);

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
