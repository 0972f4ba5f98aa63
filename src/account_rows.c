/* The account's merged data as rows to print (account_rows.h). */
#include "account_rows.h"

#include <stdlib.h>
#include <string.h>

char *dd_account_profiles_joined(const dd_account *a, dd_profile_set s)
{
    size_t len = 1;
    for (size_t i = 0; i < a->n_profiles; i++)
        if (s & ((dd_profile_set)1 << i))
            len += strlen(a->profiles[i].name) + strlen(DD_PROFILES_SEP);
    char *out = malloc(len);
    if (!out)
        return NULL;
    out[0] = '\0';
    for (size_t i = 0; i < a->n_profiles; i++) {
        if (!(s & ((dd_profile_set)1 << i)))
            continue;
        if (out[0])
            strcat(out, DD_PROFILES_SEP);
        strcat(out, a->profiles[i].name);
    }
    return out;
}

int dd_account_conn_rows(const dd_account *a, dd_conn_list *out)
{
    if (dd_conn_list_init(out) != 0)
        return -1;
    if (a->conns.n && dd_conn_list_reserve(out, a->conns.n) != 0)
        goto oom;
    for (size_t i = 0; i < a->conns.n; i++) {
        dd_conn row = a->conns.items[i];
        char *names = dd_account_profiles_joined(a, a->seen_by ? a->seen_by[i] : 0);
        if (!names)
            goto oom;
        row.seen_by = names[0] ? names : NULL;
        int rc = dd_conn_list_append_copy(out, &row);
        free(names);
        if (rc != 0)
            goto oom;
    }
    return 0;
oom:
    dd_conn_list_free(out);
    return -1;
}

void dd_account_org_rows_free(dd_account_org_rows *r)
{
    free(r->items);
    dd_strpool_free(r->pool);
    memset(r, 0, sizeof(*r));
}

static int intern(dd_strpool *p, const char *s, const char **out)
{
    *out = NULL;
    if (!s)
        return 0;
    *out = dd_strpool_intern(p, s, strlen(s));
    return *out ? 0 : -1;
}

int dd_account_org_rows_build(const dd_account *a, dd_account_org_rows *out)
{
    memset(out, 0, sizeof(*out));
    out->pool = dd_strpool_new();
    if (!out->pool || (a->n_orgs && !(out->items = calloc(a->n_orgs, sizeof(*out->items)))))
        goto oom;
    for (size_t i = 0; i < a->n_orgs; i++) {
        const dd_account_org *o = &a->orgs[i];
        dd_account_org_row *r = &out->items[i];
        char *names = dd_account_profiles_joined(a, o->holders);
        if (!names)
            goto oom;
        int rc = intern(out->pool, o->id, &r->id) || intern(out->pool, o->name, &r->name) ||
                 intern(out->pool, o->public_id, &r->public_id) ||
                 intern(out->pool, names[0] ? names : NULL, &r->profiles);
        free(names);
        if (rc)
            goto oom;
        r->described = o->described;
        r->disabled = o->disabled;
        r->n_outgoing = o->n_outgoing;
        r->n_incoming = o->n_incoming;
        out->n = i + 1;
    }
    return 0;
oom:
    dd_account_org_rows_free(out);
    return -1;
}
