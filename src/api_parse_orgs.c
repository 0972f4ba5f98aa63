/* Strict parser of GET /api/v2/org, "List your managed organizations"
 * (Datadog's ManagedOrgsResponse). Like the other parsers (api_parse.c): a
 * response parses completely or changes nothing, every string is cleaned
 * (dd_sanitize_mode) into the result's pool, unknown members are ignored,
 * and the error names the offending member. */
#include "api_json.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "api_doc.h"
#include "sanitize.h"

typedef struct octx {
    dd_error *err;
    dd_strpool *pool;
    dd_text_mode text;  /* cleaned for the screen, or exact */
} octx;

__attribute__((format(printf, 2, 3))) static dd_status bad(const octx *c, const char *fmt, ...)
{
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    return dd_error_set(c->err, DD_E_PROTOCOL, "malformed response: %s", what);
}

static dd_status nomem(const octx *c)
{
    return dd_error_set(c->err, DD_E_NOMEM, "out of memory while reading the response");
}

static const char *kind_problem(int kind)
{
    switch (kind) {
    case cJSON_String: return "is not a string";
    case cJSON_Object: return "is not an object";
    case cJSON_Array: return "is not an array";
    case cJSON_True: return "is not a boolean";
    }
    return "has the wrong type";
}

/* Member key of obj (at path), present and of kind; with nullable, null is
 * accepted too (*out NULL). Booleans are asked for as cJSON_True. */
static dd_status member(const octx *c, const cJSON *obj, const char *path, const char *key,
                        int kind, bool nullable, const cJSON **out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = NULL;
    if (!it)
        return bad(c, "%s%s%s is missing", path, *path ? "." : "", key);
    if (nullable && cJSON_IsNull(it))
        return DD_OK;
    bool ok = kind == cJSON_True ? cJSON_IsBool(it) : (it->type & 0xFF) == kind;
    if (!ok)
        return bad(c, "%s%s%s %s", path, *path ? "." : "", key, kind_problem(kind));
    *out = it;
    return DD_OK;
}

/* s into the pool, interned or not: cleaned, or exact (c->text: as sent,
 * any length, ill-formed UTF-8 the one change, to U+FFFD). */
static const char *store_text(const octx *c, const char *s, size_t n, bool intern)
{
    char buf[DD_SAN_MAX_BYTES * 3 + 8];
    if (c->text == DD_TEXT_EXACT && !dd_utf8_valid(s, n)) {
        size_t len;
        char *fixed = dd_utf8_repair(s, n, &len);
        if (!fixed)
            return NULL;
        const char *kept = intern ? dd_strpool_intern(c->pool, fixed, len)
                                  : dd_strpool_dup(c->pool, fixed, len);
        free(fixed);
        return kept;
    }
    if (c->text != DD_TEXT_EXACT && !dd_sanitize_is_clean(s, n, dd_sanitize_mode)) {
        n = dd_sanitize_into(s, n, dd_sanitize_mode, buf, sizeof(buf));
        s = buf;
    }
    return intern ? dd_strpool_intern(c->pool, s, n) : dd_strpool_dup(c->pool, s, n);
}

/* store_text after a key the server repeats in its data is replaced (the
 * one change to exact text besides ill-formed UTF-8; redact.h). */
static const char *store(const octx *c, const char *s, bool intern)
{
    size_t n;
    char *safe = dd_redact_if_found(s, strlen(s), &s, &n);
    if (!s)
        return NULL;
    const char *kept = store_text(c, s, n, intern);
    free(safe);
    return kept;
}

/* A string member into the pool (NULL for an allowed null). */
static dd_status str_member(const octx *c, const cJSON *obj, const char *path, const char *key,
                            bool nullable, bool intern, const char **out)
{
    const cJSON *it;
    *out = NULL;
    dd_status st = member(c, obj, path, key, cJSON_String, nullable, &it);
    if (st != DD_OK || !it)
        return st;
    *out = store(c, it->valuestring, intern);
    return *out ? DD_OK : nomem(c);
}

/* A date member: RFC 3339, or null when nullable. */
static dd_status time_member(const octx *c, const cJSON *obj, const char *path, const char *key,
                             bool nullable, int64_t *t, const char **text)
{
    const cJSON *it;
    *t = DD_TIME_NONE;
    *text = NULL;
    dd_status st = member(c, obj, path, key, cJSON_String, nullable, &it);
    if (st != DD_OK || !it)
        return st;
    *t = dd_parse_time(it->valuestring);
    if (*t == DD_TIME_NONE)
        return bad(c, "%s.%s is not an RFC 3339 time", path, key);
    *text = store(c, it->valuestring, false);
    return *text ? DD_OK : nomem(c);
}

/* The resource type member, which must be want. */
static dd_status type_is(const octx *c, const cJSON *obj, const char *path, const char *want)
{
    const cJSON *it;
    dd_status st = member(c, obj, path, "type", cJSON_String, false, &it);
    if (st != DD_OK || strcmp(it->valuestring, want) == 0)
        return st;
    char got[48];
    dd_sanitize_into(it->valuestring, strlen(it->valuestring), dd_sanitize_mode, got, sizeof(got));
    return bad(c, "%s.type is \"%s\", expected \"%s\"", path, got, want);
}

/* A non-empty id member; the raw (uncleaned) text, for matching. */
static dd_status id_member(const octx *c, const cJSON *obj, const char *path, const char **id)
{
    const cJSON *it;
    dd_status st = member(c, obj, path, "id", cJSON_String, false, &it);
    if (st != DD_OK)
        return st;
    if (!it->valuestring[0])
        return bad(c, "%s.id is empty", path);
    *id = it->valuestring;
    return DD_OK;
}

/* {"id", "type": "orgs"}: a reference to an org. */
static dd_status org_ref(const octx *c, const cJSON *ref, const char *path, const char **id)
{
    if (!cJSON_IsObject(ref))
        return bad(c, "%s is not an object", path);
    dd_status st = id_member(c, ref, path, id);
    return st == DD_OK ? type_is(c, ref, path, "orgs") : st;
}

/* The eight attributes of an included org, all required; description, url
 * and modified_at may be null (the recorded traffic has them so). */
static dd_status org_attributes(const octx *c, const cJSON *org, const char *path, dd_org *o)
{
    char ap[64];
    const cJSON *a, *dis;
    snprintf(ap, sizeof(ap), "%s.attributes", path);
    dd_status st = member(c, org, path, "attributes", cJSON_Object, false, &a);
    if (st == DD_OK)
        st = str_member(c, a, ap, "name", false, true, &o->name);
    if (st == DD_OK)
        st = str_member(c, a, ap, "public_id", false, false, &o->public_id);
    if (st == DD_OK)
        st = str_member(c, a, ap, "description", true, false, &o->description);
    if (st == DD_OK)
        st = str_member(c, a, ap, "url", true, true, &o->url);
    if (st == DD_OK)
        st = str_member(c, a, ap, "sharing", false, true, &o->sharing);
    if (st == DD_OK)
        st = member(c, a, ap, "disabled", cJSON_True, false, &dis);
    if (st == DD_OK)
        o->disabled = cJSON_IsTrue(dis);
    if (st == DD_OK)
        st = time_member(c, a, ap, "created_at", false, &o->created_at, &o->created_at_text);
    if (st == DD_OK)
        st = time_member(c, a, ap, "modified_at", true, &o->modified_at, &o->modified_at_text);
    return st;
}

/* An included org, findable by its id in any case; the first of
 * duplicates wins. */
typedef struct entry {
    const char *raw_id;
    size_t pos;  /* in included[], to keep the first of duplicates */
    dd_org org;
    bool taken;  /* already placed in the result */
} entry;

static int fold(int ch)
{
    return (ch >= 'A' && ch <= 'Z') ? ch - 'A' + 'a' : ch;
}

static int cmp_id(const char *a, const char *b)
{
    for (;; a++, b++) {
        int x = fold((unsigned char)*a), y = fold((unsigned char)*b);
        if (x != y || !x)
            return x - y;
    }
}

static int cmp_entry(const void *pa, const void *pb)
{
    const entry *a = pa, *b = pb;
    int d = cmp_id(a->raw_id, b->raw_id);
    return d ? d : (a->pos > b->pos) - (a->pos < b->pos);
}

/* The first entry with this id, or NULL. */
static entry *find(entry *v, size_t n, const char *id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_id(v[mid].raw_id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && cmp_id(v[lo].raw_id, id) == 0 ? &v[lo] : NULL;
}

/* Every org of included[] into *out (sorted by id); other resource types
 * are skipped, as JSON:API lets a server include more. */
static dd_status read_included(const octx *c, const cJSON *inc, entry **out, size_t *n)
{
    size_t cap = (size_t)cJSON_GetArraySize(inc), k = 0, pos = 0;
    entry *v = calloc(cap ? cap : 1, sizeof(*v));
    if (!v)
        return nomem(c);
    dd_status st = DD_OK;
    const cJSON *it;
    cJSON_ArrayForEach(it, inc) {
        char path[48];
        snprintf(path, sizeof(path), "included[%zu]", pos);
        const cJSON *type;
        if (!cJSON_IsObject(it))
            st = bad(c, "%s is not an object", path);
        else
            st = member(c, it, path, "type", cJSON_String, false, &type);
        if (st != DD_OK)
            break;
        if (strcmp(type->valuestring, "orgs") == 0) {
            entry *e = &v[k];
            e->pos = pos;
            e->org.created_at = e->org.modified_at = DD_TIME_NONE;
            st = id_member(c, it, path, &e->raw_id);
            if (st == DD_OK)
                st = org_attributes(c, it, path, &e->org);
            if (st == DD_OK && !(e->org.id = store(c, e->raw_id, true)))
                st = nomem(c);
            if (st != DD_OK)
                break;
            k++;
        }
        pos++;
    }
    if (st != DD_OK) {
        free(v);
        return st;
    }
    qsort(v, k, sizeof(*v), cmp_entry);
    *out = v;
    *n = k;
    return DD_OK;
}

/* The included org an id names, or an error that quotes the id. */
static dd_status lookup(const octx *c, entry *v, size_t n, const char *id, const char *where,
                        entry **out)
{
    *out = find(v, n, id);
    if (*out)
        return DD_OK;
    char q[80];
    dd_sanitize_into(id, strlen(id), dd_sanitize_mode, q, sizeof(q));
    return bad(c, "%s names org %s, which included does not describe", where, q);
}

/* data: the managed_orgs resource; the current org's id and the array of
 * managed org references (checked one by one). */
static dd_status read_data(const octx *c, const cJSON *root, const char **current,
                           const cJSON **managed)
{
    const cJSON *data, *rels, *cur, *cur_data, *man;
    const char *id;
    dd_status st = member(c, root, "", "data", cJSON_Object, false, &data);
    if (st == DD_OK)
        st = type_is(c, data, "data", "managed_orgs");
    if (st == DD_OK)
        st = id_member(c, data, "data", &id);
    if (st == DD_OK)
        st = member(c, data, "data", "relationships", cJSON_Object, false, &rels);
    if (st == DD_OK)
        st = member(c, rels, "data.relationships", "current_org", cJSON_Object, false, &cur);
    if (st == DD_OK)
        st = member(c, cur, "data.relationships.current_org", "data", cJSON_Object, false,
                    &cur_data);
    if (st == DD_OK)
        st = org_ref(c, cur_data, "data.relationships.current_org.data", current);
    if (st == DD_OK)
        st = member(c, rels, "data.relationships", "managed_orgs", cJSON_Object, false, &man);
    if (st == DD_OK)
        st = member(c, man, "data.relationships.managed_orgs", "data", cJSON_Array, false,
                    managed);
    return st;
}

/* The managed orgs in order, each once, the current one left out. */
static dd_status place_managed(const octx *c, const cJSON *managed, const char *current,
                               entry *v, size_t nv, dd_org *res, size_t *nres)
{
    size_t i = 0;
    const cJSON *ref;
    cJSON_ArrayForEach(ref, managed) {
        char path[80];
        snprintf(path, sizeof(path), "data.relationships.managed_orgs.data[%zu]", i++);
        const char *id;
        entry *e;
        dd_status st = org_ref(c, ref, path, &id);
        if (st == DD_OK)
            st = lookup(c, v, nv, id, path, &e);
        if (st != DD_OK)
            return st;
        if (cmp_id(id, current) == 0 || e->taken)
            continue;
        e->taken = true;
        res[(*nres)++] = e->org;
    }
    return DD_OK;
}

dd_status dd_parse_managed_orgs(const char *body, size_t len, dd_text_mode text,
                                dd_managed_orgs *out, dd_error *err)
{
    cJSON *root = dd_doc_root(body, len, err);
    if (!root)
        return err->code;
    octx c = { .err = err, .pool = out->pool, .text = text };
    const char *current = NULL;
    const cJSON *managed = NULL, *inc;
    entry *v = NULL, *cur = NULL;
    size_t nv = 0, nres = 0;
    dd_org *res = NULL;
    dd_status st = read_data(&c, root, &current, &managed);
    if (st == DD_OK)
        st = member(&c, root, "", "included", cJSON_Array, false, &inc);
    if (st == DD_OK)
        st = read_included(&c, inc, &v, &nv);
    if (st == DD_OK)
        st = lookup(&c, v, nv, current, "data.relationships.current_org.data", &cur);
    if (st == DD_OK) {
        size_t most = (size_t)cJSON_GetArraySize(managed);
        res = malloc((most ? most : 1) * sizeof(*res));
        st = res ? place_managed(&c, managed, current, v, nv, res, &nres) : nomem(&c);
    }
    /* Only a whole answer replaces what out held. */
    if (st == DD_OK) {
        size_t keep = out->n;
        out->n = 0;
        if (dd_managed_orgs_reserve(out, nres) != 0) {
            out->n = keep;
            st = nomem(&c);
        } else {
            /* With the keys' org alone there is nothing to copy, and a
             * list that never held an org has no array to copy into. */
            if (nres)
                memcpy(out->items, res, nres * sizeof(*res));
            out->n = nres;
            out->current = cur->org;
            out->current.current = true;
        }
    }
    free(res);
    free(v);
    cJSON_Delete(root);
    return st;
}
