/* Fixture documents: the exact state as JSON, read by --fixture and
 * PUT /_mock/state, written by GET /_mock/state. Strings pass through
 * untouched, so fixtures can carry hostile text for the client's tests. */
#include "mock_state.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static const cJSON *field(const cJSON *o, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(o, name);
}

/* A string member, or NULL. *bad is set when present but not a string. */
static const char *str_field(const cJSON *o, const char *name, bool *bad)
{
    const cJSON *f = field(o, name);
    if (!f || cJSON_IsNull(f))
        return NULL;
    if (!cJSON_IsString(f)) {
        *bad = true;
        return NULL;
    }
    return f->valuestring;
}

static const char *need_str(const cJSON *o, const char *name, const char *where, size_t i,
                            char *err, size_t errlen)
{
    bool bad = false;
    const char *v = str_field(o, name, &bad);
    if (!v)
        fail(err, errlen, "%s[%zu].%s must be a string", where, i, name);
    return v;
}

/* A key travels in a header line: printable ASCII, no space. */
static bool key_text_ok(const char *k)
{
    if (!*k)
        return false;
    for (const unsigned char *p = (const unsigned char *)k; *p; p++)
        if (*p < 0x21 || *p > 0x7e)
            return false;
    return true;
}

/* The optional members of an org; false after a message in err. */
static bool org_options(const mock_world *s, const cJSON *o, size_t i, mock_org_attrs *a,
                        char *err, size_t errlen)
{
    static const char *const names[] = {"public_id", "description", "url",     "sharing",
                                        "modified_at", "api_key",   "app_key", "user_id"};
    const char **dst[] = {&a->public_id, &a->description, &a->url,     &a->sharing,
                          &a->modified_at, &a->api_key,  &a->app_key, &a->user_id};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        bool bad = false;
        *dst[k] = str_field(o, names[k], &bad);
        if (bad) {
            fail(err, errlen, "orgs[%zu].%s must be a string or null", i, names[k]);
            return false;
        }
    }
    const cJSON *dis = field(o, "disabled");
    const cJSON *perm = field(o, "list_orgs_permission");
    if ((dis && !cJSON_IsBool(dis)) || (perm && !cJSON_IsBool(perm))) {
        fail(err, errlen, "orgs[%zu]: disabled and list_orgs_permission must be booleans", i);
        return false;
    }
    a->disabled = cJSON_IsTrue(dis);
    a->list_orgs_denied = cJSON_IsFalse(perm);
    if ((a->api_key == NULL) != (a->app_key == NULL)) {
        fail(err, errlen, "orgs[%zu]: give both api_key and app_key, or neither", i);
        return false;
    }
    if (a->api_key && (!key_text_ok(a->api_key) || !key_text_ok(a->app_key))) {
        fail(err, errlen, "orgs[%zu]: keys must be printable ASCII without spaces", i);
        return false;
    }
    if (a->user_id && !state_user(s, a->user_id)) {
        fail(err, errlen, "orgs[%zu].user_id '%s' is neither in users nor self_user", i,
             a->user_id);
        return false;
    }
    return true;
}

static bool load_orgs(mock_world *s, const cJSON *arr, char *err, size_t errlen)
{
    size_t i = 0;
    const cJSON *o;
    cJSON_ArrayForEach(o, arr) {
        mock_org_attrs a = {0};
        a.id = need_str(o, "id", "orgs", i, err, errlen);
        a.name = a.id ? need_str(o, "name", "orgs", i, err, errlen) : NULL;
        a.created_at = a.name ? need_str(o, "created_at", "orgs", i, err, errlen) : NULL;
        if (!a.created_at || !org_options(s, o, i, &a, err, errlen))
            return false;
        if (!state_add_org(s, &a)) {
            if (state_org(s, a.id))
                fail(err, errlen, "orgs[%zu]: duplicate org id '%s' (ids compare in any case)",
                     i, a.id);
            else if (a.api_key && state_org_by_keys(s, a.api_key, a.app_key))
                fail(err, errlen, "orgs[%zu]: its key pair already belongs to another org", i);
            else
                fail(err, errlen, "out of memory");
            return false;
        }
        i++;
    }
    return true;
}

static bool load_users(mock_world *s, const cJSON *arr, char *err, size_t errlen)
{
    size_t i = 0;
    const cJSON *u;
    cJSON_ArrayForEach(u, arr) {
        const char *id = need_str(u, "id", "users", i, err, errlen);
        const char *name = id ? need_str(u, "name", "users", i, err, errlen) : NULL;
        if (!name)
            return false;
        if (!state_add_user(s, id, name)) {
            fail(err, errlen, "users[%zu]: duplicate user id '%s'", i, id);
            return false;
        }
        i++;
    }
    return true;
}

static bool load_conns(mock_world *s, const cJSON *arr, char *err, size_t errlen)
{
    size_t i = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, arr) {
        const char *id = need_str(c, "id", "connections", i, err, errlen);
        const char *src = id ? need_str(c, "source_org_id", "connections", i, err, errlen) : NULL;
        const char *sink = src ? need_str(c, "sink_org_id", "connections", i, err, errlen) : NULL;
        const char *created =
            sink ? need_str(c, "created_at", "connections", i, err, errlen) : NULL;
        if (!created)
            return false;
        bool bad = false;
        const char *by = str_field(c, "created_by_id", &bad);
        const cJSON *types = field(c, "connection_types");
        int n = cJSON_GetArraySize(types);
        if (bad || !cJSON_IsArray(types)) {
            fail(err, errlen, "connections[%zu]: created_by_id must be a string and "
                              "connection_types an array", i);
            return false;
        }
        const char **tv = calloc((size_t)n + 1, sizeof(char *));
        if (!tv) {
            fail(err, errlen, "out of memory");
            return false;
        }
        int k = 0;
        const cJSON *t;
        cJSON_ArrayForEach(t, types) {
            if (!cJSON_IsString(t)) {
                free(tv);
                fail(err, errlen, "connections[%zu].connection_types holds a non-string", i);
                return false;
            }
            tv[k++] = t->valuestring;
        }
        mock_conn *made = state_add_conn(s, id, src, sink, tv, (size_t)k, created, by);
        free(tv);
        if (!made) {
            fail(err, errlen, "connections[%zu]: duplicate id '%s' or duplicate org pair", i, id);
            return false;
        }
        i++;
    }
    return true;
}

static bool load_sf(mock_world *s, const cJSON *arr, char *err, size_t errlen)
{
    size_t i = 0;
    const cJSON *o;
    cJSON_ArrayForEach(o, arr) {
        const char *id = need_str(o, "id", "salesforce_orgs", i, err, errlen);
        if (!id)
            return false;
        bool bad = false;
        const char *name = str_field(o, "name", &bad);
        const char *sfdc = str_field(o, "sfdc_org_id", &bad);
        const char *type = str_field(o, "sfdc_org_type", &bad);
        const char *url = str_field(o, "instance_url", &bad);
        const cJSON *tpl = field(o, "incident_templates");
        if (bad || (tpl && (!cJSON_IsNumber(tpl) || tpl->valuedouble < 0))) {
            fail(err, errlen, "salesforce_orgs[%zu]: attributes must be strings and "
                              "incident_templates a non-negative number", i);
            return false;
        }
        if (!state_add_sf(s, id, name, sfdc, type, url, tpl ? (long)tpl->valuedouble : 0)) {
            fail(err, errlen, "salesforce_orgs[%zu]: duplicate id '%s'", i, id);
            return false;
        }
        i++;
    }
    return true;
}

static bool optional_array(const cJSON *doc, const char *name, const cJSON **out, char *err,
                           size_t errlen)
{
    *out = field(doc, name);
    if (*out && !cJSON_IsArray(*out)) {
        fail(err, errlen, "%s must be an array", name);
        return false;
    }
    return true;
}

mock_world *state_from_json(const cJSON *doc, char *err, size_t errlen)
{
    if (!cJSON_IsObject(doc)) {
        fail(err, errlen, "fixture must be a JSON object");
        return NULL;
    }
    const cJSON *orgs, *users, *conns, *sf;
    if (!optional_array(doc, "orgs", &orgs, err, errlen) ||
        !optional_array(doc, "users", &users, err, errlen) ||
        !optional_array(doc, "connections", &conns, err, errlen) ||
        !optional_array(doc, "salesforce_orgs", &sf, err, errlen))
        return NULL;
    bool bad = false;
    const char *self_id = str_field(doc, "self_org_id", &bad);
    const cJSON *self_user = field(doc, "self_user");
    const char *uid = str_field(self_user, "id", &bad);
    const char *uname = str_field(self_user, "name", &bad);
    if (!self_id || !uid || !uname) {
        fail(err, errlen, "self_org_id and self_user {id, name} are required strings");
        return NULL;
    }
    const cJSON *flag = field(doc, "disable_feature_flag");
    const char *status = str_field(doc, "disable_status", &bad);
    const cJSON *deleted = field(doc, "deleted_incident_templates");
    if (bad || (flag && !cJSON_IsBool(flag)) ||
        (status && strcmp(status, "pending_disable") != 0 && strcmp(status, "disabled") != 0) ||
        (deleted && !cJSON_IsNumber(deleted))) {
        fail(err, errlen, "disable_feature_flag must be a boolean, disable_status "
                          "pending_disable or disabled, deleted_incident_templates a number");
        return NULL;
    }

    mock_world *s = state_new();
    if (!s) {
        fail(err, errlen, "out of memory");
        return NULL;
    }
    s->self_org_id = strdup(self_id);
    s->self_user.id = strdup(uid);
    s->self_user.name = strdup(uname);
    s->disable_feature_flag = flag ? cJSON_IsTrue(flag) : true;
    s->deleted_incident_templates = deleted ? (long)deleted->valuedouble : 0;
    if (status) {
        free(s->disable_status);
        s->disable_status = strdup(status);
    }
    if (!s->self_org_id || !s->self_user.id || !s->self_user.name || !s->disable_status) {
        fail(err, errlen, "out of memory");
        state_free(s);
        return NULL;
    }
    /* Users first: an org's user_id names one of them. */
    if (!load_users(s, users, err, errlen) || !load_orgs(s, orgs, err, errlen) ||
        !load_conns(s, conns, err, errlen) || !load_sf(s, sf, err, errlen)) {
        state_free(s);
        return NULL;
    }
    if (!state_self_org(s)) {
        /* The configured keys act as it, and org disable reads its age. */
        fail(err, errlen, "self_org_id '%s' is not in orgs", self_id);
        state_free(s);
        return NULL;
    }
    return s;
}

static void add_opt_str(cJSON *o, const char *name, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, name, v);
}

cJSON *state_to_json(const mock_world *s)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "self_org_id", s->self_org_id);
    cJSON *su = cJSON_AddObjectToObject(doc, "self_user");
    cJSON_AddStringToObject(su, "id", s->self_user.id);
    cJSON_AddStringToObject(su, "name", s->self_user.name);

    cJSON *orgs = cJSON_AddArrayToObject(doc, "orgs");
    for (size_t i = 0; i < s->norgs; i++) {
        const mock_org *g = s->orgs[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", g->id);
        cJSON_AddStringToObject(o, "name", g->name);
        cJSON_AddStringToObject(o, "created_at", g->created_at);
        cJSON_AddBoolToObject(o, "disabled", g->disabled);
        /* What the fixture left out stays out, so a document loaded and
         * dumped again is the same document. */
        add_opt_str(o, "public_id", g->public_id);
        add_opt_str(o, "description", g->description);
        add_opt_str(o, "url", g->url);
        add_opt_str(o, "sharing", g->sharing);
        add_opt_str(o, "modified_at", g->modified_at);
        add_opt_str(o, "api_key", g->api_key);
        add_opt_str(o, "app_key", g->app_key);
        add_opt_str(o, "user_id", g->user_id);
        if (g->list_orgs_denied)
            cJSON_AddBoolToObject(o, "list_orgs_permission", false);
        cJSON_AddItemToArray(orgs, o);
    }
    cJSON *users = cJSON_AddArrayToObject(doc, "users");
    for (size_t i = 0; i < s->nusers; i++) {
        cJSON *u = cJSON_CreateObject();
        cJSON_AddStringToObject(u, "id", s->users[i]->id);
        cJSON_AddStringToObject(u, "name", s->users[i]->name);
        cJSON_AddItemToArray(users, u);
    }
    cJSON *conns = cJSON_AddArrayToObject(doc, "connections");
    for (size_t i = 0; i < s->nconns; i++) {
        const mock_conn *c = s->conns[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", c->id);
        cJSON_AddStringToObject(o, "source_org_id", c->source_id);
        cJSON_AddStringToObject(o, "sink_org_id", c->sink_id);
        cJSON_AddItemToObject(o, "connection_types",
                              cJSON_CreateStringArray((const char *const *)c->types,
                                                      (int)c->ntypes));
        cJSON_AddStringToObject(o, "created_at", c->created_at);
        add_opt_str(o, "created_by_id", c->created_by_id);
        cJSON_AddItemToArray(conns, o);
    }
    cJSON *sf = cJSON_AddArrayToObject(doc, "salesforce_orgs");
    for (size_t i = 0; i < s->nsf; i++) {
        const mock_sf_org *f = s->sf[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", f->id);
        add_opt_str(o, "name", f->name);
        add_opt_str(o, "sfdc_org_id", f->sfdc_org_id);
        add_opt_str(o, "sfdc_org_type", f->sfdc_org_type);
        add_opt_str(o, "instance_url", f->instance_url);
        cJSON_AddNumberToObject(o, "incident_templates", (double)f->incident_templates);
        cJSON_AddItemToArray(sf, o);
    }
    cJSON_AddNumberToObject(doc, "deleted_incident_templates",
                            (double)s->deleted_incident_templates);
    cJSON_AddBoolToObject(doc, "disable_feature_flag", s->disable_feature_flag);
    cJSON_AddStringToObject(doc, "disable_status", s->disable_status);
    return doc;
}
