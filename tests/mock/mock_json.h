/* Response bodies shared by the routes: error documents in both of the
 * API's forms, and the org_connection, org and user resources. */
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

/* The org_connection resource. names: whether the relationships carry the
 * orgs' and the user's names (create and list answers do; PATCH answers,
 * as recorded, carry ids only). */
cJSON *json_connection(const mock_world *s, const mock_conn *c, bool names);
/* {"id","type":"orgs","attributes":{public_id, name, description, sharing,
 * url, disabled, created_at, modified_at}} with the defaults of an
 * attribute the fixture left out (ddorgs-mock(1)). */
cJSON *json_org(const mock_org *o);
/* {"id","type":"users","attributes":{"name"}} */
cJSON *json_user(const mock_user *u);

/* A list answer's top-level "included": each org and user the rows name,
 * once, in the order first named. Orgs and users outside the directory
 * are left out (their relationships carry the id alone). */
typedef struct json_included {
    cJSON *arr;
    mock_map orgs;  /* org key -> org, those already in arr */
    mock_map users; /* user id -> user */
} json_included;

void json_included_init(json_included *inc);
/* Adds the source org, the sink org and the creating user of c. */
void json_included_add(json_included *inc, const mock_world *s, const mock_conn *c);
/* Hands the array over to doc as "included" (doc NULL: drops it) and
 * frees the rest. */
void json_included_finish(json_included *inc, cJSON *doc);
bool is_uuid(const char *s);

#endif
