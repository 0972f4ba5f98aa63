/* Reading a response document: private to the response parsers
 * (api_parse.c, api_doc.c). Error texts say "malformed response: ..." and
 * name what is wrong. */
#ifndef DD_API_DOC_H
#define DD_API_DOC_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "error.h"

/* The tree of body[0..len) (freed with cJSON_Delete); the top level must
 * be an object, with nothing but blanks after it. A "\u0000" escape in a
 * string is read as U+FFFD: cJSON strings are C strings, and one cut at the
 * NUL would lose its end in silence. So is a surrogate escape not in a
 * high-low pair ("\ud800" alone), which cJSON would refuse with the whole
 * document (RFC 8259 section 8.2 leaves such strings to the reader). NULL
 * with err set (DD_E_PROTOCOL, or DD_E_NOMEM). */
cJSON *dd_doc_root(const char *body, size_t len, dd_error *err);
/* meta.page.total_count and total_filtered_count into *total and
 * *filtered, each left as it is when absent; DD_E_PROTOCOL when one is not
 * an exactly representable integer. */
dd_status dd_doc_meta(dd_error *err, const cJSON *root, int64_t *total, int64_t *filtered);
/* The document's "data" member into *out; DD_E_PROTOCOL when it is
 * missing or not of the cJSON kind asked. */
dd_status dd_doc_data(dd_error *err, const cJSON *root, int kind, const cJSON **out);
/* "is not a string", "is not an object"... for a cJSON kind. */
const char *dd_doc_kind_problem(int kind);

#endif
