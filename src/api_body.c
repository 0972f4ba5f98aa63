/* Request bodies. Keys are added in the order of the API reference's
 * examples so that a body reads exactly like the documentation (and the
 * tests can compare bytes). */
#include "api_json.h"

#include <cjson/cJSON.h>

/* Adds a string member; false on OOM. */
static bool add_str(cJSON *obj, const char *key, const char *val)
{
    return cJSON_AddStringToObject(obj, key, val) != NULL;
}

static bool add_types(cJSON *attrs, const char *const *types, size_t n)
{
    cJSON *arr = cJSON_AddArrayToObject(attrs, "connection_types");
    if (!arr)
        return false;
    for (size_t i = 0; i < n; i++) {
        cJSON *s = cJSON_CreateString(types[i] ? types[i] : "");
        if (!s)
            return false;
        cJSON_AddItemToArray(arr, s);
    }
    return true;
}

/* Prints and frees the document. */
static char *finish(cJSON *root, bool ok)
{
    char *out = ok ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    return out;
}

/* Both connection bodies open alike: {"data": {"attributes":
 * {"connection_types": [...]}}}. Returns data, NULL when out of memory. */
static cJSON *data_with_types(cJSON *root, const char *const *types, size_t n)
{
    cJSON *data = cJSON_AddObjectToObject(root, "data");
    cJSON *attrs = data ? cJSON_AddObjectToObject(data, "attributes") : NULL;
    return attrs && add_types(attrs, types, n) ? data : NULL;
}

char *dd_body_create_connection(const char *sink_org_id, const char *const *types, size_t n)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON *data = data_with_types(root, types, n);
    cJSON *rel = data ? cJSON_AddObjectToObject(data, "relationships") : NULL;
    cJSON *sink = rel ? cJSON_AddObjectToObject(rel, "sink_org") : NULL;
    cJSON *sdata = sink ? cJSON_AddObjectToObject(sink, "data") : NULL;
    /* The documented example also sends sink_org.data.name; the name of the
     * sink org is not known to us (only its id is typed), the schema marks
     * it optional, and the server identifies the org by id: it is omitted. */
    bool ok = sdata && add_str(sdata, "id", sink_org_id ? sink_org_id : "") &&
         add_str(sdata, "type", "orgs") && add_str(data, "type", "org_connection");
    return finish(root, ok);
}

char *dd_body_update_connection(const char *conn_id, const char *const *types, size_t n)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON *data = data_with_types(root, types, n);
    bool ok = data && add_str(data, "id", conn_id ? conn_id : "") &&
              add_str(data, "type", "org_connection");
    return finish(root, ok);
}

char *dd_body_disable_org(const char *org_uuid, const char *correlation_id)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON *data = cJSON_AddObjectToObject(root, "data");
    bool ok = data != NULL;
    if (ok && org_uuid) {
        cJSON *attrs = cJSON_AddObjectToObject(data, "attributes");
        ok = attrs && add_str(attrs, "org_uuid", org_uuid);
    }
    if (ok && correlation_id)
        ok = add_str(data, "id", correlation_id);
    ok = ok && add_str(data, "type", "customer_org_disable");
    return finish(root, ok);
}
