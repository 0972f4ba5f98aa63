#include "model_orgs.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

int dd_managed_orgs_init(dd_managed_orgs *m)
{
    memset(m, 0, sizeof(*m));
    m->current.created_at = m->current.modified_at = DD_TIME_NONE;
    m->pool = dd_strpool_new();
    return m->pool ? 0 : -1;
}

void dd_managed_orgs_free(dd_managed_orgs *m)
{
    if (!m)
        return;
    free(m->items);
    dd_strpool_free(m->pool);
    memset(m, 0, sizeof(*m));
}

int dd_managed_orgs_reserve(dd_managed_orgs *m, size_t more)
{
    return dd_rows_reserve((void **)&m->items, &m->cap, m->n, more, sizeof(*m->items));
}

bool dd_org_id_eq(const char *a, const char *b)
{
    return dd_id_eq(a, b, DD_ID_ANY_CASE);
}

const dd_org *dd_managed_orgs_get(const dd_managed_orgs *m, const char *id)
{
    if (dd_org_id_eq(m->current.id, id))
        return &m->current;
    long i = dd_rows_find(m->items, m->n, sizeof(*m->items), offsetof(dd_org, id), id,
                          DD_ID_ANY_CASE);
    return i >= 0 ? &m->items[i] : NULL;
}
