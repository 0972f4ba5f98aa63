#include "model.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const dd_known_conn_types[] = { "logs", "metrics", "audit", NULL };

/* Both lists are an items array and the string pool its rows point into:
 * they start empty with a pool of their own, and are released whole. size
 * is the list struct's. */
static int list_init(void *l, size_t size, dd_strpool **pool)
{
    memset(l, 0, size);
    *pool = dd_strpool_new();
    return *pool ? 0 : -1;
}

static void list_release(void *l, size_t size, void *items, dd_strpool *pool)
{
    free(items);
    dd_strpool_free(pool);
    memset(l, 0, size);
}

int64_t dd_conn_list_expected(const dd_conn_list *l, bool filtered)
{
    if (filtered && l->total_filtered_count >= 0)
        return l->total_filtered_count;
    return l->total_count;
}

int dd_conn_list_init(dd_conn_list *l)
{
    int rc = list_init(l, sizeof(*l), &l->pool);
    l->total_count = -1;
    l->total_filtered_count = -1;
    return rc;
}

void dd_conn_list_free(dd_conn_list *l)
{
    if (!l)
        return;
    free(l->orgs);
    l->orgs = NULL;
    l->n_orgs = 0;
    list_release(l, sizeof(*l), l->items, l->pool);
    l->total_count = -1;
    l->total_filtered_count = -1;
}

/* Doubling keeps appends amortised O(1) whatever the caller's batch sizes. */
int dd_rows_reserve(void **items, size_t *cap, size_t n, size_t more, size_t elem)
{
    if (more > SIZE_MAX / elem - n)
        return -1;
    size_t want = n + more;
    if (want <= *cap)
        return 0;
    size_t c = *cap ? *cap : 16;
    while (c < want)
        c = c > SIZE_MAX / 2 / elem ? want : c * 2;
    void *p = realloc(*items, c * elem);
    if (!p)
        return -1;
    *items = p;
    *cap = c;
    return 0;
}

int dd_conn_list_reserve(dd_conn_list *l, size_t more)
{
    return dd_rows_reserve((void **)&l->items, &l->cap, l->n, more, sizeof(*l->items));
}

static int intern_opt(dd_strpool *p, const char *s, const char **out)
{
    if (!s) {
        *out = NULL;
        return 0;
    }
    *out = dd_strpool_intern(p, s, strlen(s));
    return *out ? 0 : -1;
}

static int dup_opt(dd_strpool *p, const char *s, const char **out)
{
    if (!s) {
        *out = NULL;
        return 0;
    }
    *out = dd_strpool_dup(p, s, strlen(s));
    return *out ? 0 : -1;
}

static int copy_ref(dd_strpool *p, const dd_ref *src, dd_ref *dst)
{
    if (intern_opt(p, src->id, &dst->id) || intern_opt(p, src->name, &dst->name))
        return -1;
    return 0;
}

int dd_conn_list_append_copy(dd_conn_list *l, const dd_conn *c)
{
    /* c may point into l->items, which the reserve below can move. */
    dd_conn src = *c;
    if (dd_conn_list_reserve(l, 1) != 0)
        return -1;
    dd_conn d = { .created_at = src.created_at, .n_types = src.n_types };
    if (dup_opt(l->pool, src.id, &d.id) || dup_opt(l->pool, src.created_at_text, &d.created_at_text))
        return -1;
    if (src.n_types) {
        if (src.n_types > SIZE_MAX / sizeof(*d.types))
            return -1;
        const char **types = dd_strpool_alloc(l->pool, src.n_types * sizeof(*types));
        if (!types)
            return -1;
        for (size_t i = 0; i < src.n_types; i++)
            if (intern_opt(l->pool, src.types[i], &types[i]))
                return -1;
        d.types = types;
    }
    if (copy_ref(l->pool, &src.source, &d.source) || copy_ref(l->pool, &src.sink, &d.sink) ||
        copy_ref(l->pool, &src.created_by, &d.created_by) ||
        intern_opt(l->pool, src.seen_by, &d.seen_by))
        return -1;
    l->items[l->n++] = d;
    return 0;
}

int dd_conn_list_append_all(dd_conn_list *dst, const dd_conn_list *src)
{
    size_t n = src->n;
    if (dd_conn_list_reserve(dst, n) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (dd_conn_list_append_copy(dst, &src->items[i]) != 0)
            return -1;
    return 0;
}

bool dd_id_eq(const char *a, const char *b, dd_id_match how)
{
    if (!a || !b)
        return false;
    if (how == DD_ID_EXACT)
        return strcmp(a, b) == 0;
    for (;; a++, b++) {
        char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a - 'A' + 'a') : *a;
        char y = (*b >= 'A' && *b <= 'Z') ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return false;
        if (!x)
            return true;
    }
}

long dd_rows_find(const void *rows, size_t n, size_t size, size_t id_at, const char *id,
                  dd_id_match how)
{
    if (!id)
        return -1;
    const char *row = rows;
    for (size_t i = 0; i < n; i++, row += size) {
        const char *rid;
        memcpy(&rid, row + id_at, sizeof(rid));
        if (dd_id_eq(rid, id, how))
            return (long)i;
    }
    return -1;
}

long dd_conn_list_find(const dd_conn_list *l, const char *id)
{
    return dd_rows_find(l->items, l->n, sizeof(*l->items), offsetof(dd_conn, id), id,
                        DD_ID_EXACT);
}

bool dd_conn_has_type(const dd_conn *c, const char *t)
{
    if (!t)
        return false;
    for (size_t i = 0; i < c->n_types; i++)
        if (c->types[i] && strcmp(c->types[i], t) == 0)
            return true;
    return false;
}

bool dd_conn_type_is_known(const char *t)
{
    if (!t)
        return false;
    for (size_t i = 0; dd_known_conn_types[i]; i++)
        if (strcmp(dd_known_conn_types[i], t) == 0)
            return true;
    return false;
}

char **dd_types_dup(const char *const *types, size_t n)
{
    char **out = calloc(n ? n : 1, sizeof(*out));
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (!(out[i] = strdup(types[i]))) {
            dd_types_free(out, i);
            return NULL;
        }
    return out;
}

void dd_types_free(char **types, size_t n)
{
    if (!types)
        return;
    for (size_t i = 0; i < n; i++)
        free(types[i]);
    free(types);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

int dd_types_parse_csv(const char *csv, char ***out, size_t *n, char *why, size_t whylen)
{
    *out = NULL;
    *n = 0;
    if (!csv) {
        snprintf(why, whylen, "no connection types given");
        return -1;
    }
    char **types = NULL;
    size_t count = 0;
    const char *p = csv;
    for (size_t item = 1;; item++) {
        const char *end = strchr(p, ',');
        if (!end)
            end = p + strlen(p);
        /* "logs, metrics" is what people type: spaces around items are
         * not part of the type name. */
        const char *b = p, *e = end;
        while (b < e && is_space(*b))
            b++;
        while (e > b && is_space(e[-1]))
            e--;
        if (b == e) {
            snprintf(why, whylen, "connection type %zu is empty", item);
            goto fail;
        }
        size_t len = (size_t)(e - b);
        for (size_t i = 0; i < count; i++) {
            if (strlen(types[i]) == len && memcmp(types[i], b, len) == 0) {
                snprintf(why, whylen, "connection type \"%.*s\" is given twice", (int)len, b);
                goto fail;
            }
        }
        char **grown = realloc(types, (count + 1) * sizeof(*grown));
        if (!grown)
            goto oom;
        types = grown;
        types[count] = strndup(b, len);
        if (!types[count])
            goto oom;
        count++;
        if (!*end)
            break;
        p = end + 1;
    }
    *out = types;
    *n = count;
    return 0;
oom:
    snprintf(why, whylen, "out of memory");
fail:
    dd_types_free(types, count);
    return -1;
}

int dd_sf_list_init(dd_sf_list *l)
{
    return list_init(l, sizeof(*l), &l->pool);
}

void dd_sf_list_free(dd_sf_list *l)
{
    if (!l)
        return;
    list_release(l, sizeof(*l), l->items, l->pool);
}

int dd_sf_list_reserve(dd_sf_list *l, size_t more)
{
    return dd_rows_reserve((void **)&l->items, &l->cap, l->n, more, sizeof(*l->items));
}

int dd_sf_list_append_copy(dd_sf_list *l, const dd_sf_org *o)
{
    dd_sf_org src = *o;
    if (dd_sf_list_reserve(l, 1) != 0)
        return -1;
    dd_sf_org d;
    if (dup_opt(l->pool, src.id, &d.id) || dup_opt(l->pool, src.name, &d.name) ||
        dup_opt(l->pool, src.sfdc_org_id, &d.sfdc_org_id) ||
        intern_opt(l->pool, src.sfdc_org_type, &d.sfdc_org_type) ||
        dup_opt(l->pool, src.instance_url, &d.instance_url))
        return -1;
    l->items[l->n++] = d;
    return 0;
}

long dd_sf_list_find(const dd_sf_list *l, const char *id)
{
    return dd_rows_find(l->items, l->n, sizeof(*l->items), offsetof(dd_sf_org, id), id,
                        DD_ID_EXACT);
}

void dd_disable_result_free(dd_disable_result *r)
{
    if (!r)
        return;
    free(r->org_id);
    free(r->status);
    r->org_id = NULL;
    r->status = NULL;
}
