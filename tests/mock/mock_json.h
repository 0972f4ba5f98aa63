/* Response bodies shared by the routes: error documents in both of the
 * API's forms, and the org_connection resource. */
#ifndef DD_MOCK_JSON_H
#define DD_MOCK_JSON_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "mock_routes.h"
#include "mock_state.h"

const char *status_title(int status);
/* {"errors":["msg"]} */
cJSON *json_error_strings(const char *msg);
/* {"errors":[{"status","title","detail","source":{"pointer"}?,"meta":{}}]} */
cJSON *json_error_api(int status, const char *detail, const char *pointer);

void resp_error(mock_resp *rs, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void resp_error_api(mock_resp *rs, int status, const char *pointer, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

cJSON *json_connection(const mock_world *s, const mock_conn *c);
bool is_uuid(const char *s);

#endif
