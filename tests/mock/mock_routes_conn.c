/* Org connections: list, create, update, delete, as the org of the
 * request's keys sees them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mock_json.h"
#include "mock_routes.h"
#include "mock_time.h"

#define DEFAULT_LIMIT 1000

/* A uuid names the same connection in either case, as a uuid-typed column
 * would; the path id has been checked to be a uuid. */
static mock_conn *conn_by_path_id(const mock_world *s, const char *id)
{
    mock_conn *c = state_conn(s, id);
    if (c)
        return c;
    char lower[37];
    size_t n = strlen(id);
    if (n >= sizeof lower)
        return NULL;
    for (size_t i = 0; i <= n; i++)
        lower[i] = (char)((id[i] >= 'A' && id[i] <= 'Z') ? id[i] - 'A' + 'a' : id[i]);
    return state_conn(s, lower);
}

static const cJSON *member(const cJSON *o, const char *name)
{
    return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, name) : NULL;
}

/* Parses a query integer; false when present and not an integer >= min. */
static bool query_long(const mock_req *rq, const char *name, long dflt, long min, long *out)
{
    const char *v = rq->query(rq->qctx, name);
    *out = dflt;
    if (!v)
        return true;
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (!*v || *end || errno || n < min)
        return false;
    *out = n;
    return true;
}

void route_list_connections(mock_world *s, const mock_req *rq, mock_resp *rs)
{
    long limit, offset;
    if (!query_long(rq, "limit", DEFAULT_LIMIT, 1, &limit)) {
        resp_error(rs, 400, "limit must be an integer greater than or equal to 1");
        return;
    }
    if (!query_long(rq, "offset", 0, 0, &offset)) {
        resp_error(rs, 400, "offset must be an integer greater than or equal to 0");
        return;
    }
    /* A server or proxy that caps pages answers fewer rows than asked. */
    if (rq->max_page_size > 0 && limit > rq->max_page_size)
        limit = rq->max_page_size;
    /* One that pages by its own size sends more rows than a small limit
     * asks for. */
    if (rq->min_page_size > 0 && limit < rq->min_page_size)
        limit = rq->min_page_size;
    const char *sink = rq->query(rq->qctx, "sink_org_id");
    const char *source = rq->query(rq->qctx, "source_org_id");
    /* Only the connections the keys' org takes part in, as the real
     * service lists them: its own list holds exactly those. */
    const mock_org *me = rq->org;
    cJSON *doc = cJSON_CreateObject();
    cJSON *data = cJSON_AddArrayToObject(doc, "data");
    json_included inc;
    json_included_init(&inc);
    size_t filtered = 0;
    if (!sink && !source) {
        /* Unfiltered pages index straight into the ordered list. */
        filtered = me->nconns;
        for (size_t i = (size_t)offset; i < me->nconns && i < (size_t)offset + (size_t)limit;
             i++) {
            cJSON_AddItemToArray(data, json_connection(s, me->conns[i], true));
            json_included_add(&inc, s, me->conns[i]);
        }
    } else {
        for (size_t i = 0; i < me->nconns; i++) {
            const mock_conn *c = me->conns[i];
            if ((sink && !org_id_eq(c->sink_id, sink)) ||
                (source && !org_id_eq(c->source_id, source)))
                continue;
            if (filtered >= (size_t)offset && filtered < (size_t)offset + (size_t)limit) {
                cJSON_AddItemToArray(data, json_connection(s, c, true));
                json_included_add(&inc, s, c);
            }
            filtered++;
        }
    }
    /* As recorded: a page with rows has "included", an empty one not. */
    if (cJSON_GetArraySize(data) > 0)
        json_included_finish(&inc, doc);
    else
        json_included_finish(&inc, NULL);
    cJSON *page = cJSON_AddObjectToObject(cJSON_AddObjectToObject(doc, "meta"), "page");
    cJSON_AddNumberToObject(page, "total_count", (double)me->nconns);
    cJSON_AddNumberToObject(page, "total_filtered_count", (double)filtered);
    rs->status = 200;
    rs->json = doc;
}

/* Parses the request document and checks data.type; NULL after an error. */
static cJSON *parse_data(const mock_req *rq, mock_resp *rs, cJSON **doc)
{
    *doc = cJSON_ParseWithLength(rq->body, rq->body_len);
    if (!*doc) {
        resp_error(rs, 400, "Invalid JSON in request body");
        return NULL;
    }
    cJSON *data = (cJSON *)member(*doc, "data");
    if (!cJSON_IsObject(data)) {
        resp_error(rs, 400, "Missing required field 'data' (object)");
        return NULL;
    }
    const cJSON *type = member(data, "type");
    if (!cJSON_IsString(type)) {
        resp_error(rs, 400, "Missing required field 'data.type'");
        return NULL;
    }
    if (strcmp(type->valuestring, "org_connection") != 0) {
        resp_error(rs, 400, "Invalid value for 'data.type': '%s' (expected 'org_connection')",
                   type->valuestring);
        return NULL;
    }
    return data;
}

/* Validates data.attributes.connection_types; on success *types (malloc'd,
 * borrowing the document's strings) holds them and *dup says whether one
 * is repeated (create and update answer that differently). */
static bool parse_types(const cJSON *data, mock_resp *rs, const char ***types, size_t *n,
                        bool *dup)
{
    *dup = false;
    const cJSON *attrs = member(data, "attributes");
    if (!cJSON_IsObject(attrs)) {
        resp_error(rs, 400, "Missing required field 'data.attributes'");
        return false;
    }
    const cJSON *arr = member(attrs, "connection_types");
    if (!arr) {
        resp_error(rs, 400, "Missing required field 'data.attributes.connection_types'");
        return false;
    }
    if (!cJSON_IsArray(arr)) {
        resp_error(rs, 400, "'data.attributes.connection_types' must be an array");
        return false;
    }
    int count = cJSON_GetArraySize(arr);
    if (count < 1) {
        resp_error(rs, 400, "'data.attributes.connection_types' must contain at least 1 item");
        return false;
    }
    const char **v = calloc((size_t)count, sizeof(char *));
    if (!v) {
        resp_error(rs, 500, "Internal Server Error");
        return false;
    }
    size_t k = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, arr) {
        if (!cJSON_IsString(t)) {
            free(v);
            resp_error(rs, 400, "'data.attributes.connection_types' items must be strings");
            return false;
        }
        const char *s = t->valuestring;
        if (strcmp(s, "logs") != 0 && strcmp(s, "metrics") != 0 && strcmp(s, "audit") != 0) {
            resp_error(rs, 400,
                       "Invalid connection type '%s': must be one of logs, metrics, audit", s);
            free(v);
            return false;
        }
        for (size_t j = 0; j < k; j++)
            if (strcmp(v[j], s) == 0)
                *dup = true;
        v[k++] = s;
    }
    *types = v;
    *n = k;
    return true;
}

/* How many orgs the org shares with: the sinks of its connections. */
static size_t sinks_of(const mock_org *o)
{
    size_t n = 0;
    for (size_t i = 0; i < o->nconns; i++)
        n += org_id_eq(o->conns[i]->source_id, o->id);
    return n;
}

void route_create_connection(mock_world *s, const mock_req *rq, mock_resp *rs)
{
    cJSON *doc;
    const cJSON *data = parse_data(rq, rs, &doc);
    const char **types = NULL;
    size_t ntypes = 0;
    bool dup;
    if (!data)
        goto out;
    const cJSON *sink_data = member(member(member(data, "relationships"), "sink_org"), "data");
    const cJSON *sink_id = member(sink_data, "id");
    const cJSON *sink_type = member(sink_data, "type");
    if (!cJSON_IsString(sink_id)) {
        resp_error(rs, 400, "Missing required field 'data.relationships.sink_org.data.id'");
        goto out;
    }
    if (sink_type && (!cJSON_IsString(sink_type) || strcmp(sink_type->valuestring, "orgs") != 0)) {
        resp_error(rs, 400, "Invalid value for 'data.relationships.sink_org.data.type' "
                            "(expected 'orgs')");
        goto out;
    }
    if (!parse_types(data, rs, &types, &ntypes, &dup))
        goto out;
    /* The keys' org becomes the source: the API creates only from it. */
    mock_org *me = rq->org;
    const mock_org *sink = state_org(s, sink_id->valuestring);
    if (!sink) {
        resp_error(rs, 404, "Not found");
        goto out;
    }
    /* Repeated types and a connection to itself: the recorded wording. */
    if (dup || sink == me) {
        resp_error(rs, 400, "connection between orgs %s and %s is not allowed", me->id,
                   sink->id);
        goto out;
    }
    if (state_conn_pair(s, me->id, sink->id)) {
        resp_error(rs, 409, "connection between orgs %s and %s already exists", me->id,
                   sink->id);
        goto out;
    }
    if (rq->share_limit > 0 && sinks_of(me) >= (size_t)rq->share_limit) {
        resp_error(rs, 400,
                   "connection between orgs %s and %s is not allowed: org %s already shares "
                   "with %ld orgs, the most it may share with",
                   me->id, sink->id, me->id, rq->share_limit);
        goto out;
    }
    /* The id comes from the OS so that created ids never collide with the
     * seeded ones, whatever the seed. */
    char id[37], when[MOCK_TIME_LEN];
    unsigned char b[16];
    FILE *ur = fopen("/dev/urandom", "rb");
    if (!ur || fread(b, 1, sizeof b, ur) != sizeof b) {
        if (ur)
            fclose(ur);
        resp_error(rs, 500, "Internal Server Error");
        goto out;
    }
    fclose(ur);
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(id, sizeof id,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
             b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
             b[15]);
    mock_time_format(rq->now, rq->now_usec, when);
    const mock_user *by = state_org_user(s, me);
    mock_conn *c = state_add_conn(s, id, me->id, sink->id, types, ntypes, when,
                                  by ? by->id : NULL);
    if (!c) {
        resp_error(rs, 500, "Internal Server Error");
        goto out;
    }
    rs->status = 200;
    rs->json = cJSON_CreateObject();
    cJSON_AddItemToObject(rs->json, "data", json_connection(s, c, true));
out:
    free(types);
    cJSON_Delete(doc);
}

/* The connection the path names, when the keys' org takes part in it:
 * to any other org it does not exist. */
static mock_conn *own_conn(const mock_world *s, const mock_req *rq)
{
    mock_conn *c = conn_by_path_id(s, rq->param);
    return c && org_takes_part(rq->org, c) ? c : NULL;
}

void route_update_connection(mock_world *s, const mock_req *rq, mock_resp *rs)
{
    if (!is_uuid(rq->param)) {
        resp_error(rs, 400, "connection id must be a valid uuid");
        return;
    }
    cJSON *doc;
    const cJSON *data = parse_data(rq, rs, &doc);
    const char **types = NULL;
    size_t ntypes = 0;
    bool dup;
    if (!data)
        goto out;
    const cJSON *id = member(data, "id");
    if (!cJSON_IsString(id)) {
        resp_error(rs, 400, "Missing required field 'data.id'");
        goto out;
    }
    if (!parse_types(data, rs, &types, &ntypes, &dup))
        goto out;
    if (dup) {
        resp_error(rs, 400, "Validation failed for input.");
        goto out;
    }
    if (strcasecmp(id->valuestring, rq->param) != 0) {
        resp_error(rs, 400, "connection id in the body (%s) does not match the path (%s)",
                   id->valuestring, rq->param);
        goto out;
    }
    mock_conn *c = own_conn(s, rq);
    if (!c) {
        /* Sic: the real service says "not found" twice. */
        resp_error(rs, 404, "Org connection with id:%s not found not found", rq->param);
        goto out;
    }
    if (state_set_conn_types(c, types, ntypes) != 0) {
        resp_error(rs, 500, "Internal Server Error");
        goto out;
    }
    rs->status = 200;
    rs->json = cJSON_CreateObject();
    /* As recorded: the answer's relationships carry ids, no names. */
    cJSON_AddItemToObject(rs->json, "data", json_connection(s, c, false));
out:
    free(types);
    cJSON_Delete(doc);
}

void route_delete_connection(mock_world *s, const mock_req *rq, mock_resp *rs)
{
    if (!is_uuid(rq->param)) {
        resp_error(rs, 400, "connection id must be a valid uuid");
        return;
    }
    mock_conn *c = own_conn(s, rq);
    if (!c) {
        resp_error(rs, 404, "org connection with id:%s not found not found", rq->param);
        return;
    }
    state_del_conn(s, c);
    rs->status = 200;
    rs->json = cJSON_CreateObject();
}
