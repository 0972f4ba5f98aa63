#include "mock_json.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *status_title(int status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return status >= 500 ? "Server Error" : "Error";
    }
}

cJSON *json_error_strings(const char *msg)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(doc, "errors");
    cJSON_AddItemToArray(arr, cJSON_CreateString(msg));
    return doc;
}

cJSON *json_error_api(int status, const char *detail, const char *pointer)
{
    char code[8];
    snprintf(code, sizeof code, "%d", status);
    cJSON *doc = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(doc, "errors");
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "status", code);
    cJSON_AddStringToObject(e, "title", status_title(status));
    cJSON_AddStringToObject(e, "detail", detail);
    if (pointer) {
        cJSON *src = cJSON_AddObjectToObject(e, "source");
        cJSON_AddStringToObject(src, "pointer", pointer);
    }
    cJSON_AddObjectToObject(e, "meta");
    cJSON_AddItemToArray(arr, e);
    return doc;
}

void resp_error(mock_resp *rs, int status, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cJSON_Delete(rs->json);
    rs->status = status;
    rs->json = json_error_strings(msg);
}

void resp_error_api(mock_resp *rs, int status, const char *pointer, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cJSON_Delete(rs->json);
    rs->status = status;
    rs->json = json_error_api(status, msg, pointer);
}

static void add_rel(cJSON *rels, const char *name, const char *id, const char *display,
                    const char *type)
{
    cJSON *rel = cJSON_AddObjectToObject(rels, name);
    cJSON *d = cJSON_AddObjectToObject(rel, "data");
    cJSON_AddStringToObject(d, "id", id);
    /* An org outside the directory still has an id; its name is unknown. */
    if (display)
        cJSON_AddStringToObject(d, "name", display);
    cJSON_AddStringToObject(d, "type", type);
}

cJSON *json_connection(const mock_world *s, const mock_conn *c, bool names)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", c->id);
    cJSON_AddStringToObject(o, "type", "org_connection");
    cJSON *attrs = cJSON_AddObjectToObject(o, "attributes");
    cJSON_AddItemToObject(attrs, "connection_types",
                          cJSON_CreateStringArray((const char *const *)c->types, (int)c->ntypes));
    cJSON_AddStringToObject(attrs, "created_at", c->created_at);
    cJSON *rels = cJSON_AddObjectToObject(o, "relationships");
    const mock_org *src = names ? state_org(s, c->source_id) : NULL;
    const mock_org *sink = names ? state_org(s, c->sink_id) : NULL;
    add_rel(rels, "source_org", c->source_id, src ? src->name : NULL, "orgs");
    add_rel(rels, "sink_org", c->sink_id, sink ? sink->name : NULL, "orgs");
    if (c->created_by_id) {
        const mock_user *u = names ? state_user(s, c->created_by_id) : NULL;
        add_rel(rels, "created_by", c->created_by_id, u ? u->name : NULL, "users");
    }
    return o;
}

static void add_str_or_null(cJSON *o, const char *name, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, name, v);
    else
        cJSON_AddNullToObject(o, name);
}

cJSON *json_org(const mock_org *g)
{
    /* An org without a public id gets one made of its id's letters and
     * digits, lower case, at most 16: stable, and as short as real ones. */
    char pub[17];
    size_t n = 0;
    for (const char *p = g->id; *p && n < 16; p++)
        if (isalnum((unsigned char)*p))
            pub[n++] = (char)tolower((unsigned char)*p);
    pub[n] = '\0';
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", g->id);
    cJSON_AddStringToObject(o, "type", "orgs");
    cJSON *a = cJSON_AddObjectToObject(o, "attributes");
    cJSON_AddStringToObject(a, "public_id", g->public_id ? g->public_id : pub);
    cJSON_AddStringToObject(a, "name", g->name);
    add_str_or_null(a, "description", g->description);
    cJSON_AddStringToObject(a, "sharing", g->sharing ? g->sharing : "Disabled");
    add_str_or_null(a, "url", g->url);
    cJSON_AddBoolToObject(a, "disabled", g->disabled);
    cJSON_AddStringToObject(a, "created_at", g->created_at);
    add_str_or_null(a, "modified_at", g->modified_at);
    return o;
}

cJSON *json_user(const mock_user *u)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", u->id);
    cJSON_AddStringToObject(o, "type", "users");
    cJSON_AddStringToObject(cJSON_AddObjectToObject(o, "attributes"), "name", u->name);
    return o;
}

void json_included_init(json_included *inc)
{
    memset(inc, 0, sizeof *inc);
    inc->arr = cJSON_CreateArray();
}

static void include_org(json_included *inc, const mock_org *o)
{
    if (!o || map_get(&inc->orgs, o->key))
        return;
    map_put(&inc->orgs, o->key, (void *)o);
    cJSON_AddItemToArray(inc->arr, json_org(o));
}

void json_included_add(json_included *inc, const mock_world *s, const mock_conn *c)
{
    include_org(inc, state_org(s, c->source_id));
    include_org(inc, state_org(s, c->sink_id));
    const mock_user *u = c->created_by_id ? state_user(s, c->created_by_id) : NULL;
    if (u && !map_get(&inc->users, u->id)) {
        map_put(&inc->users, u->id, (void *)u);
        cJSON_AddItemToArray(inc->arr, json_user(u));
    }
}

void json_included_finish(json_included *inc, cJSON *doc)
{
    if (doc)
        cJSON_AddItemToObject(doc, "included", inc->arr);
    else
        cJSON_Delete(inc->arr);
    inc->arr = NULL;
    map_free(&inc->orgs);
    map_free(&inc->users);
}

bool is_uuid(const char *s)
{
    static const int dash[] = {8, 13, 18, 23};
    if (strlen(s) != 36)
        return false;
    for (int i = 0, d = 0; i < 36; i++) {
        if (d < 4 && i == dash[d]) {
            if (s[i] != '-')
                return false;
            d++;
        } else if (!isxdigit((unsigned char)s[i])) {
            return false;
        }
    }
    return true;
}
