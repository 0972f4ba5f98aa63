/* Customer org disable (preview API, JSON:API error form). */
#include <string.h>
#include <strings.h>

#include "mock_json.h"
#include "mock_routes.h"
#include "mock_time.h"

#define MAX_AGE_DAYS 10

static const cJSON *member(const cJSON *o, const char *name)
{
    return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, name) : NULL;
}

/* Validates the request document; false after answering 400. The org
 * disabled is always the keys' own: org_uuid may only name it. */
static bool check_body(const mock_org *me, const mock_req *rq, mock_resp *rs)
{
    cJSON *doc = cJSON_ParseWithLength(rq->body, rq->body_len);
    bool ok = false;
    const cJSON *data = member(doc, "data");
    const cJSON *type = member(data, "type");
    const cJSON *id = member(data, "id");
    const cJSON *attrs = member(data, "attributes");
    const cJSON *uuid = member(attrs, "org_uuid");
    /* null is not in the schema: an optional member is absent or of its
     * type, so a null one is refused, never read as "not given". */
    if (!doc)
        resp_error_api(rs, 400, NULL, "Request body is not valid JSON");
    else if (!cJSON_IsObject(data))
        resp_error_api(rs, 400, "/data", "Missing required object 'data'");
    else if (!cJSON_IsString(type) || strcmp(type->valuestring, "customer_org_disable") != 0)
        resp_error_api(rs, 400, "/data/type", "'data.type' must be 'customer_org_disable'");
    else if (id && !cJSON_IsString(id))
        resp_error_api(rs, 400, "/data/id", "'data.id' must be a string");
    else if (attrs && !cJSON_IsObject(attrs))
        resp_error_api(rs, 400, "/data/attributes", "'data.attributes' must be an object");
    else if (uuid && !cJSON_IsString(uuid))
        resp_error_api(rs, 400, "/data/attributes/org_uuid", "'org_uuid' must be a string");
    else if (cJSON_IsString(uuid) && strcasecmp(uuid->valuestring, me->id) != 0)
        resp_error_api(rs, 400, "/data/attributes/org_uuid",
                       "org_uuid %s does not match the authenticated organization",
                       uuid->valuestring);
    else
        ok = true;
    cJSON_Delete(doc);
    return ok;
}

void route_disable_org(mock_world *s, const mock_req *rq, mock_resp *rs)
{
    mock_org *me = rq->org;
    if (!check_body(me, rq, rs))
        return;
    if (!s->disable_feature_flag) {
        resp_error_api(rs, 403, NULL,
                       "The feature flag org_disable_self_service_enabled is not enabled for "
                       "this organization");
        return;
    }
    time_t created;
    /* An unreadable creation date cannot prove the org is young. */
    if (mock_time_parse(me->created_at, &created) != 0 ||
        rq->now - created > (time_t)MAX_AGE_DAYS * 86400) {
        resp_error_api(rs, 403, NULL,
                       "Only organizations created within the last %d days can be disabled",
                       MAX_AGE_DAYS);
        return;
    }
    if (me->disabled) {
        resp_error_api(rs, 409, NULL, "Organization %s is already disabled", me->id);
        return;
    }
    me->disabled = true;
    rs->status = 200;
    rs->json = cJSON_CreateObject();
    cJSON *data = cJSON_AddObjectToObject(rs->json, "data");
    cJSON_AddStringToObject(data, "type", "org_disable");
    cJSON_AddStringToObject(data, "id", me->id);
    cJSON_AddStringToObject(cJSON_AddObjectToObject(data, "attributes"), "status",
                            s->disable_status);
}
