/* Strict response parsers. A response either parses completely or changes
 * nothing: a half-read list shown as if it were whole would mislead an
 * operator about which connections exist. Every string is stored cleaned
 * for the screen or exact, as the caller asks (dd_text_mode); the error
 * text names the offending field and row. */
#include "api_json.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "api_doc.h"
#include "sanitize.h"

typedef struct pctx {
    dd_error *err;
    long idx;          /* row index in data[], -1 when data is one object */
    dd_strpool *pool;  /* where the strings go */
    dd_text_mode text; /* cleaned for the screen, or exact */
} pctx;

/* "data[3].attributes.connection_types" from the row, parent and key. */
static void field_path(const pctx *c, const char *parent, const char *key, char *buf, size_t n)
{
    int used = c->idx >= 0 ? snprintf(buf, n, "data[%ld]", c->idx) : snprintf(buf, n, "data");
    if (used < 0 || (size_t)used >= n)
        return;
    snprintf(buf + used, n - (size_t)used, "%s%s%s%s", parent && *parent ? "." : "",
             parent ? parent : "", key && *key ? "." : "", key ? key : "");
}

static dd_status fail(const pctx *c, const char *parent, const char *key, const char *problem)
{
    char path[200];
    field_path(c, parent, key, path, sizeof(path));
    return dd_error_set(c->err, DD_E_PROTOCOL, "malformed response: %s %s", path, problem);
}

static dd_status nomem(const pctx *c)
{
    return dd_error_set(c->err, DD_E_NOMEM, "out of memory while reading the response");
}

/* Checks a member found under obj.key against a cJSON kind. An optional
 * member may be absent or null (*out = NULL); a present member of another
 * kind is an error. */
static dd_status check_kind(const pctx *c, const cJSON *it, const char *parent, const char *key,
                            int kind, bool required, const cJSON **out)
{
    *out = NULL;
    if (!it || (!required && cJSON_IsNull(it))) {
        if (required)
            return fail(c, parent, key, "is missing");
        return DD_OK;
    }
    if ((it->type & 0xFF) != kind)
        return fail(c, parent, key, dd_doc_kind_problem(kind));
    *out = it;
    return DD_OK;
}

static dd_status field(const pctx *c, const cJSON *obj, const char *parent, const char *key,
                       int kind, bool required, const cJSON **out)
{
    return check_kind(c, cJSON_GetObjectItemCaseSensitive(obj, key), parent, key, kind, required,
                      out);
}

/* Finds several members in one walk over obj's children, instead of one
 * walk per member: with 100,000 rows of a few dozen nodes each, the walks
 * over a tree far larger than the cache are most of the parser's own cost.
 * The first of duplicate keys wins, as with cJSON_GetObjectItem. */
static void pick(const cJSON *obj, const char *const *keys, size_t n, const cJSON **out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = NULL;
    for (const cJSON *it = obj->child; it; it = it->next) {
        if (!it->string)
            continue;
        for (size_t i = 0; i < n; i++) {
            if (!out[i] && strcmp(it->string, keys[i]) == 0) {
                out[i] = it;
                break;
            }
        }
    }
}

static const char *pool_put(const pctx *c, const char *s, size_t n, bool intern)
{
    return intern ? dd_strpool_intern(c->pool, s, n) : dd_strpool_dup(c->pool, s, n);
}

/* Exact: s as sent, whatever its length; ill-formed UTF-8 is the one
 * change (to U+FFFD), since no output format can carry it. */
static const char *store_exact(const pctx *c, const char *s, size_t n, bool intern)
{
    if (dd_utf8_valid(s, n))
        return pool_put(c, s, n, intern);
    size_t len;
    char *fixed = dd_utf8_repair(s, n, &len);
    if (!fixed)
        return NULL;
    const char *kept = pool_put(c, fixed, len, intern);
    free(fixed);
    return kept;
}

/* Stores s in the pool, interned or not: cleaned, or exact (c->text).
 * Either way a key a server repeats in its data is replaced first (the one
 * change to exact text besides ill-formed UTF-8; redact.h). */
static const char *store(const pctx *c, const char *s, bool intern)
{
    char buf[DD_SAN_MAX_BYTES * 3 + 8];
    size_t n;
    char *safe = dd_redact_if_found(s, strlen(s), &s, &n);
    if (!s)
        return NULL;
    const char *kept;
    if (c->text == DD_TEXT_EXACT) {
        kept = store_exact(c, s, n, intern);
    } else {
        if (!dd_sanitize_is_clean(s, n, dd_sanitize_mode)) {
            n = dd_sanitize_into(s, n, dd_sanitize_mode, buf, sizeof(buf));
            s = buf;
        }
        kept = pool_put(c, s, n, intern);
    }
    free(safe);
    return kept;
}

/* Optional string member (found as item) into the pool; *out NULL when
 * absent. */
static dd_status opt_str_item(const pctx *c, const cJSON *item, const char *parent,
                              const char *key, bool intern, const char **out)
{
    const cJSON *it;
    *out = NULL;
    dd_status st = check_kind(c, item, parent, key, cJSON_String, false, &it);
    if (st != DD_OK || !it)
        return st;
    *out = store(c, it->valuestring, intern);
    return *out ? DD_OK : nomem(c);
}

static dd_status opt_str(const pctx *c, const cJSON *obj, const char *parent, const char *key,
                         bool intern, const char **out)
{
    return opt_str_item(c, cJSON_GetObjectItemCaseSensitive(obj, key), parent, key, intern, out);
}

/* Checks a resource's "type" member (item) when the server sent one. */
static dd_status check_type(const pctx *c, const cJSON *item, const char *want)
{
    const cJSON *it;
    dd_status st = check_kind(c, item, NULL, "type", cJSON_String, false, &it);
    if (st != DD_OK || !it || strcmp(it->valuestring, want) == 0)
        return st;
    char got[48];
    dd_sanitize_into(it->valuestring, strlen(it->valuestring), dd_sanitize_mode, got, sizeof(got));
    char problem[128];
    snprintf(problem, sizeof(problem), "is \"%s\", expected \"%s\"", got, want);
    return fail(c, NULL, "type", problem);
}

/* The resource id member (item): required, non-empty (it goes into
 * request paths). */
static dd_status req_id(const pctx *c, const cJSON *item, const char **out)
{
    const cJSON *it;
    dd_status st = check_kind(c, item, NULL, "id", cJSON_String, true, &it);
    if (st != DD_OK)
        return st;
    if (!it->valuestring[0])
        return fail(c, NULL, "id", "is empty");
    *out = store(c, it->valuestring, false);
    return *out ? DD_OK : nomem(c);
}

static dd_status parse_ref(const pctx *c, const cJSON *item, const char *key, const char *rel_path,
                           const char *data_path, dd_ref *out)
{
    const cJSON *rel, *data;
    out->id = out->name = NULL;
    dd_status st = check_kind(c, item, "relationships", key, cJSON_Object, false, &rel);
    if (st != DD_OK || !rel)
        return st;
    /* A JSON:API to-one relationship with nothing on the other side has
     * "data": null; that is an empty reference, not an error. */
    st = field(c, rel, rel_path, "data", cJSON_Object, false, &data);
    if (st != DD_OK || !data)
        return st;
    static const char *const keys[] = { "id", "name" };
    const cJSON *m[2];
    pick(data, keys, 2, m);
    st = opt_str_item(c, m[0], data_path, "id", true, &out->id);
    if (st == DD_OK)
        st = opt_str_item(c, m[1], data_path, "name", true, &out->name);
    return st;
}

static dd_status parse_conn(const pctx *c, const cJSON *row, dd_conn *d)
{
    memset(d, 0, sizeof(*d));
    d->created_at = DD_TIME_NONE;
    if (!cJSON_IsObject(row))
        return fail(c, NULL, NULL, "is not an object");
    enum { ID, TYPE, ATTRS, RELS };
    static const char *const row_keys[] = { "id", "type", "attributes", "relationships" };
    const cJSON *m[4];
    pick(row, row_keys, 4, m);
    dd_status st = req_id(c, m[ID], &d->id);
    if (st == DD_OK)
        st = check_type(c, m[TYPE], "org_connection");
    const cJSON *attrs, *types, *rels;
    if (st == DD_OK)
        st = check_kind(c, m[ATTRS], NULL, "attributes", cJSON_Object, true, &attrs);
    if (st != DD_OK)
        return st;
    static const char *const attr_keys[] = { "connection_types", "created_at" };
    const cJSON *am[2];
    pick(attrs, attr_keys, 2, am);
    st = check_kind(c, am[0], "attributes", "connection_types", cJSON_Array, true, &types);
    if (st != DD_OK)
        return st;

    size_t n = (size_t)cJSON_GetArraySize(types);
    if (n) {
        const char **arr = dd_strpool_alloc(c->pool, n * sizeof(*arr));
        if (!arr)
            return nomem(c);
        size_t i = 0;
        const cJSON *t;
        cJSON_ArrayForEach(t, types) {
            if (!cJSON_IsString(t)) {
                char key[64];
                snprintf(key, sizeof(key), "connection_types[%zu]", i);
                return fail(c, "attributes", key, "is not a string");
            }
            /* Unknown types are kept as sent: a newer server may offer more
             * than this build knows, and the operator must see them. */
            if (!(arr[i++] = store(c, t->valuestring, true)))
                return nomem(c);
        }
        d->types = arr;
        d->n_types = n;
    }

    /* The schema lists created_at as required, but the model already has
     * "absent" and nothing downstream needs it: a row without it is still
     * a usable connection. */
    st = opt_str_item(c, am[1], "attributes", "created_at", false, &d->created_at_text);
    if (st != DD_OK)
        return st;
    if (d->created_at_text)
        d->created_at = dd_parse_time(d->created_at_text);

    /* Required by the schema, yet the documented PATCH answer has no
     * relationships member: the example wins, it is optional here. */
    st = check_kind(c, m[RELS], NULL, "relationships", cJSON_Object, false, &rels);
    if (st != DD_OK || !rels)
        return st;
    static const char *const rel_keys[] = { "source_org", "sink_org", "created_by" };
    const cJSON *rm[3];
    pick(rels, rel_keys, 3, rm);
    st = parse_ref(c, rm[0], "source_org", "relationships.source_org",
                   "relationships.source_org.data", &d->source);
    if (st == DD_OK)
        st = parse_ref(c, rm[1], "sink_org", "relationships.sink_org",
                       "relationships.sink_org.data", &d->sink);
    if (st == DD_OK)
        st = parse_ref(c, rm[2], "created_by", "relationships.created_by",
                       "relationships.created_by.data", &d->created_by);
    return st;
}

/* Parses one row of data[] into item (a dd_conn or a dd_sf_org). */
typedef dd_status (*row_fn)(const pctx *c, const cJSON *row, void *item);

/* Both lists walk data[] the same way: each row into items[*n], counted
 * once parsed whole, stopping at the first bad one (c->idx names it in the
 * error). Room for every row is reserved by the caller. */
static dd_status parse_rows(pctx *c, const cJSON *data, row_fn one, void *items, size_t size,
                            size_t *n)
{
    const cJSON *row;
    cJSON_ArrayForEach(row, data) {
        dd_status st = one(c, row, (char *)items + *n * size);
        if (st != DD_OK)
            return st;
        (*n)++;
        c->idx++;
    }
    return DD_OK;
}

static dd_status conn_row(const pctx *c, const cJSON *row, void *item)
{
    return parse_conn(c, row, item);
}

/* An object's member s, a string or null (NULL); anything else is the
 * member being absent. */
static const char *str_or_null(const cJSON *obj, const char *key)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(it) ? it->valuestring : NULL;
}

/* The listing's top-level `included` array (the recorded real traffic has
 * it; the documented shape does not): the orgs and users the rows name.
 * It fills a name a relationship lacks and gives the orgs' disabled flag
 * and public_id. Auxiliary: an entry of another shape is skipped, and a
 * listing without it parses as before. */
static dd_status read_included(pctx *c, const cJSON *root, dd_conn_list *out, size_t from)
{
    const cJSON *inc = cJSON_GetObjectItemCaseSensitive(root, "included");
    if (!cJSON_IsArray(inc))
        return DD_OK;
    size_t cap = (size_t)cJSON_GetArraySize(inc);
    dd_org_brief *orgs = calloc(cap ? cap : 1, sizeof(*orgs));
    if (!orgs)
        return nomem(c);
    size_t n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, inc) {
        const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(e, "attributes");
        const char *type = str_or_null(e, "type"), *id = str_or_null(e, "id");
        if (!type || !id || !*id || !cJSON_IsObject(attrs))
            continue;
        const char *name = str_or_null(attrs, "name");
        bool users = strcmp(type, "users") == 0;
        if (strcmp(type, "orgs") != 0 && !users)
            continue;
        /* Names the rows lack, for the ids they give. */
        for (size_t i = from; name && i < out->n; i++) {
            dd_conn *r = &out->items[i];
            dd_ref *refs[3] = {&r->source, &r->sink, &r->created_by};
            for (int k = users ? 2 : 0; k < (users ? 3 : 2); k++)
                if (!refs[k]->name && refs[k]->id && strcasecmp(refs[k]->id, id) == 0 &&
                    !(refs[k]->name = store(c, name, true))) {
                    free(orgs);
                    return nomem(c);
                }
        }
        if (users)
            continue;
        const char *pub = str_or_null(attrs, "public_id");
        dd_org_brief *o = &orgs[n];
        o->id = store(c, id, true);
        o->name = name ? store(c, name, true) : NULL;
        o->public_id = pub ? store(c, pub, true) : NULL;
        o->disabled = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(attrs, "disabled"));
        if (!o->id || (name && !o->name) || (pub && !o->public_id)) {
            free(orgs);
            return nomem(c);
        }
        n++;
    }
    free(out->orgs);
    out->orgs = orgs;
    out->n_orgs = n;
    return DD_OK;
}

dd_status dd_parse_conn_list(const char *body, size_t len, dd_text_mode text, dd_conn_list *out,
                             dd_error *err)
{
    cJSON *root = dd_doc_root(body, len, err);
    if (!root)
        return err->code;
    size_t n0 = out->n;
    pctx c = { .err = err, .idx = 0, .pool = out->pool, .text = text };
    const cJSON *data;
    int64_t total = -1, filtered = -1;
    dd_status st = dd_doc_data(err, root, cJSON_Array, &data);
    if (st == DD_OK)
        st = dd_doc_meta(err, root, &total, &filtered);
    /* One walk to size the array, so the rows below never reallocate. */
    if (st == DD_OK && dd_conn_list_reserve(out, (size_t)cJSON_GetArraySize(data)) != 0)
        st = nomem(&c);
    if (st == DD_OK)
        st = parse_rows(&c, data, conn_row, out->items, sizeof(*out->items), &out->n);
    if (st == DD_OK)
        st = read_included(&c, root, out, n0);
    cJSON_Delete(root);
    if (st != DD_OK) {
        /* Strings already stored stay in the pool until the list is freed;
         * the rows themselves are withdrawn. */
        out->n = n0;
        return st;
    }
    out->total_count = total;
    out->total_filtered_count = filtered;
    return DD_OK;
}

dd_status dd_parse_conn_single(const char *body, size_t len, dd_text_mode text,
                               dd_conn_list *out, dd_error *err)
{
    cJSON *root = dd_doc_root(body, len, err);
    if (!root)
        return err->code;
    pctx c = { .err = err, .idx = -1, .pool = out->pool, .text = text };
    const cJSON *data;
    dd_status st = dd_doc_data(err, root, cJSON_Object, &data);
    if (st == DD_OK && dd_conn_list_reserve(out, 1) != 0)
        st = nomem(&c);
    if (st == DD_OK && (st = parse_conn(&c, data, &out->items[out->n])) == DD_OK)
        out->n++;
    cJSON_Delete(root);
    return st;
}

static dd_status parse_sf(const pctx *c, const cJSON *row, dd_sf_org *o)
{
    memset(o, 0, sizeof(*o));
    if (!cJSON_IsObject(row))
        return fail(c, NULL, NULL, "is not an object");
    const cJSON *attrs;
    dd_status st = req_id(c, cJSON_GetObjectItemCaseSensitive(row, "id"), &o->id);
    if (st == DD_OK)
        st = check_type(c, cJSON_GetObjectItemCaseSensitive(row, "type"),
                        "salesforce-incidents-org");
    if (st == DD_OK)
        st = field(c, row, NULL, "attributes", cJSON_Object, true, &attrs);
    if (st == DD_OK)
        st = opt_str(c, attrs, "attributes", "name", false, &o->name);
    if (st == DD_OK)
        st = opt_str(c, attrs, "attributes", "sfdc_org_id", false, &o->sfdc_org_id);
    if (st == DD_OK)
        st = opt_str(c, attrs, "attributes", "sfdc_org_type", true, &o->sfdc_org_type);
    if (st == DD_OK)
        st = opt_str(c, attrs, "attributes", "instance_url", false, &o->instance_url);
    return st;
}

static dd_status sf_row(const pctx *c, const cJSON *row, void *item)
{
    return parse_sf(c, row, item);
}

dd_status dd_parse_sf_list(const char *body, size_t len, dd_text_mode text, dd_sf_list *out,
                           dd_error *err)
{
    cJSON *root = dd_doc_root(body, len, err);
    if (!root)
        return err->code;
    size_t n0 = out->n;
    pctx c = { .err = err, .idx = 0, .pool = out->pool, .text = text };
    const cJSON *data;
    dd_status st = dd_doc_data(err, root, cJSON_Array, &data);
    if (st == DD_OK && dd_sf_list_reserve(out, (size_t)cJSON_GetArraySize(data)) != 0)
        st = nomem(&c);
    if (st == DD_OK)
        st = parse_rows(&c, data, sf_row, out->items, sizeof(*out->items), &out->n);
    cJSON_Delete(root);
    if (st != DD_OK)
        out->n = n0;
    return st;
}

/* Malloc'd copy of a required string field, cleaned or exact (c->text). */
static dd_status req_malloc_str(const pctx *c, const cJSON *obj, const char *parent,
                                const char *key, char **out)
{
    const cJSON *it;
    dd_status st = field(c, obj, parent, key, cJSON_String, true, &it);
    if (st != DD_OK)
        return st;
    const char *s;
    size_t n;
    char *safe = dd_redact_if_found(it->valuestring, strlen(it->valuestring), &s, &n);
    if (!s)
        return nomem(c);
    *out = c->text == DD_TEXT_EXACT ? dd_utf8_repair(s, n, NULL)
                                    : dd_sanitize(s, n, dd_sanitize_mode);
    free(safe);
    return *out ? DD_OK : nomem(c);
}

dd_status dd_parse_disable(const char *body, size_t len, dd_text_mode text,
                           dd_disable_result *out, dd_error *err)
{
    cJSON *root = dd_doc_root(body, len, err);
    if (!root)
        return err->code;
    pctx c = { .err = err, .idx = -1, .text = text };
    const cJSON *data, *attrs;
    dd_disable_result r = { 0 };
    dd_status st = dd_doc_data(err, root, cJSON_Object, &data);
    if (st == DD_OK)
        st = check_type(&c, cJSON_GetObjectItemCaseSensitive(data, "type"), "org_disable");
    if (st == DD_OK)
        st = req_malloc_str(&c, data, NULL, "id", &r.org_id);
    if (st == DD_OK)
        st = field(&c, data, NULL, "attributes", cJSON_Object, true, &attrs);
    /* A status other than the two documented ones is kept and shown: it
     * is the server's word on what happened to the org. */
    if (st == DD_OK)
        st = req_malloc_str(&c, attrs, "attributes", "status", &r.status);
    cJSON_Delete(root);
    if (st != DD_OK) {
        dd_disable_result_free(&r);
        return st;
    }
    *out = r;
    return DD_OK;
}

int dd_is_uuid(const char *s)
{
    if (!s)
        return 0;
    for (int i = 0; i < 36; i++) {
        char ch = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (ch != '-')
                return 0;
        } else if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
                     (ch >= 'A' && ch <= 'F'))) {
            return 0;
        }
    }
    return s[36] == '\0';
}
