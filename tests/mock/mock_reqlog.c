#include "mock_reqlog.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void reqlog_init(mock_reqlog *l)
{
    l->entries = cJSON_CreateArray();
    l->n = 0;
    l->dropped = 0;
}

void reqlog_free(mock_reqlog *l)
{
    cJSON_Delete(l->entries);
    l->entries = NULL;
}

int reqlog_is_secret_header(const char *name)
{
    return strcasecmp(name, "DD-API-KEY") == 0 || strcasecmp(name, "DD-APPLICATION-KEY") == 0 ||
           strcasecmp(name, "Authorization") == 0;
}

void reqlog_add(mock_reqlog *l, const char *method, const char *path, const char *raw_path,
                cJSON *query, cJSON *headers, const char *body, size_t body_len,
                const char *org_id, int status)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "method", method);
    cJSON_AddStringToObject(e, "path", path);
    cJSON_AddStringToObject(e, "raw_path", raw_path ? raw_path : path);
    cJSON_AddItemToObject(e, "query", query ? query : cJSON_CreateObject());
    cJSON_AddItemToObject(e, "headers", headers ? headers : cJSON_CreateObject());
    size_t keep = body_len > REQLOG_BODY_MAX ? REQLOG_BODY_MAX : body_len;
    char *copy = malloc(keep + 1);
    if (copy) {
        memcpy(copy, body ? body : "", keep);
        copy[keep] = '\0';
        cJSON_AddStringToObject(e, "body", copy);
        free(copy);
    }
    /* Which org's keys were used: the keys themselves never enter. */
    if (org_id)
        cJSON_AddStringToObject(e, "org_id", org_id);
    else
        cJSON_AddNullToObject(e, "org_id");
    cJSON_AddNumberToObject(e, "status", status);
    cJSON_AddItemToArray(l->entries, e);
    if (++l->n > REQLOG_MAX) {
        l->n--;
        cJSON_DeleteItemFromArray(l->entries, 0);
        l->dropped++;
    }
}

void reqlog_clear(mock_reqlog *l)
{
    cJSON_Delete(l->entries);
    reqlog_init(l);
}

cJSON *reqlog_to_json(const mock_reqlog *l)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddItemToObject(doc, "requests", cJSON_Duplicate(l->entries, 1));
    cJSON_AddNumberToObject(doc, "dropped", (double)l->dropped);
    return doc;
}
