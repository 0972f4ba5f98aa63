/* Building the org map (orgmap.h). */
#include "orgmap.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "account_index.h"

int dd_orgmap_init(dd_orgmap *m)
{
    memset(m, 0, sizeof(*m));
    m->pool = dd_strpool_new();
    return m->pool ? 0 : -1;
}

void dd_orgmap_free(dd_orgmap *m)
{
    free(m->items);
    dd_strpool_free(m->pool);
    memset(m, 0, sizeof(*m));
}

static int intern(dd_strpool *p, const char *s, const char **out)
{
    *out = NULL;
    if (!s)
        return 0;
    *out = dd_strpool_intern(p, s, strlen(s));
    return *out ? 0 : -1;
}

int dd_orgmap_append_copy(dd_orgmap *m, const dd_orgmap_row *row)
{
    if (dd_rows_reserve((void **)&m->items, &m->cap, m->n, 1, sizeof(*m->items)) != 0)
        return -1;
    dd_orgmap_row r = *row;
    if (intern(m->pool, row->id, &r.id) || intern(m->pool, row->name, &r.name) ||
        intern(m->pool, row->public_id, &r.public_id) ||
        intern(m->pool, row->profile, &r.profile))
        return -1;
    m->items[m->n++] = r;
    return 0;
}

long dd_orgmap_find(const dd_orgmap *m, const char *id)
{
    return dd_rows_find(m->items, m->n, sizeof(*m->items), offsetof(dd_orgmap_row, id), id,
                        DD_ID_ANY_CASE);
}

/* The row of org id, added (with name) when new; -1 on OOM. */
/* ix maps org ids (ASCII case ignored, account_index.h) to rows of m. */
static long row_for(dd_orgmap *m, dd_idmap *ix, const char *id, const char *name)
{
    long i = dd_idmap_get(ix, id);
    if (i >= 0) {
        if (!m->items[i].name && name && intern(m->pool, name, &m->items[i].name) != 0)
            return -1;
        return i;
    }
    dd_orgmap_row r = {.id = id, .name = name};
    if (dd_orgmap_append_copy(m, &r) != 0 || dd_idmap_put(ix, m->items[m->n - 1].id, m->n - 1) != 0)
        return -1;
    return (long)m->n - 1;
}

static int add_managed(dd_orgmap *m, dd_idmap *ix, const dd_org *o)
{
    long i = row_for(m, ix, o->id, o->name);
    if (i < 0)
        return -1;
    dd_orgmap_row *r = &m->items[i];
    r->managed = true;
    r->disabled = o->disabled;
    return intern(m->pool, o->public_id, &r->public_id);
}

static int type_slot(const char *t)
{
    if (strcmp(t, "logs") == 0)
        return DD_MAP_LOGS;
    if (strcmp(t, "metrics") == 0)
        return DD_MAP_METRICS;
    if (strcmp(t, "audit") == 0)
        return DD_MAP_AUDIT;
    return DD_MAP_OTHER;
}

/* Counts what each org shares and receives; orgs seen only here get rows. */
static int count_conns(dd_orgmap *out, dd_idmap *ix, const dd_conn_list *conns)
{
    for (size_t i = 0; conns && i < conns->n; i++) {
        const dd_conn *c = &conns->items[i];
        long src = c->source.id ? row_for(out, ix, c->source.id, c->source.name) : -2;
        long snk = c->sink.id ? row_for(out, ix, c->sink.id, c->sink.name) : -2;
        if (src == -1 || snk == -1)
            return -1;
        /* The API allows one connection per pair: counting connections
         * counts the orgs on the other side. */
        if (src >= 0) {
            dd_orgmap_row *r = &out->items[src];
            r->out_orgs++;
            bool seen[DD_MAP_TYPES] = {false};
            for (size_t t = 0; t < c->n_types; t++) {
                int k = type_slot(c->types[t]);
                if (!seen[k])
                    r->out_types[k]++;
                seen[k] = true;
            }
        }
        if (snk >= 0)
            out->items[snk].in_orgs++;
    }
    return 0;
}

int dd_orgmap_build(dd_orgmap *out, const dd_conn_list *conns, const dd_managed_orgs *managed,
                    const char *self_id, const dd_orgmap_keys *keys, size_t n_keys)
{
    dd_orgmap_free(out);
    if (dd_orgmap_init(out) != 0)
        return -1;
    dd_idmap ix = {0};
    int rc = -1;
    if (managed && managed->current.id && add_managed(out, &ix, &managed->current) != 0)
        goto out;
    for (size_t i = 0; managed && i < managed->n; i++)
        if (add_managed(out, &ix, &managed->items[i]) != 0)
            goto out;
    if (count_conns(out, &ix, conns) != 0)
        goto out;
    if (self_id) {
        long i = row_for(out, &ix, self_id, NULL);
        if (i < 0)
            goto out;
        out->items[i].self = true;
    }
    for (size_t k = 0; keys && k < n_keys; k++) {
        long i = row_for(out, &ix, keys[k].org_id, NULL);
        if (i < 0 || intern(out->pool, keys[k].profile, &out->items[i].profile) != 0)
            goto out;
    }
    rc = 0;
out:
    dd_idmap_free(&ix);
    if (rc != 0) {
        dd_orgmap_free(out);
        dd_orgmap_init(out);
    }
    return rc;
}

int dd_orgmap_build_seeded(dd_orgmap *out, const dd_orgmap_row *seed, size_t n_seed,
                           const dd_conn_list *conns)
{
    dd_orgmap_free(out);
    if (dd_orgmap_init(out) != 0)
        return -1;
    dd_idmap ix = {0};
    int rc = -1;
    for (size_t i = 0; i < n_seed; i++) {
        if (!seed[i].id || dd_idmap_get(&ix, seed[i].id) >= 0)
            continue;
        dd_orgmap_row r = seed[i];
        r.out_orgs = r.in_orgs = 0;
        memset(r.out_types, 0, sizeof(r.out_types));
        if (dd_orgmap_append_copy(out, &r) != 0 ||
            dd_idmap_put(&ix, out->items[out->n - 1].id, out->n - 1) != 0)
            goto out;
    }
    rc = count_conns(out, &ix, conns);
out:
    dd_idmap_free(&ix);
    if (rc != 0) {
        dd_orgmap_free(out);
        dd_orgmap_init(out);
    }
    return rc;
}
