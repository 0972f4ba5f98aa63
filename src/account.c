/* The account view's data: making and freeing an account, its profiles,
 * and the read-side helpers (account.h). */
#include "account.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account_index.h"

dd_account *dd_account_new(void)
{
    dd_account *a = calloc(1, sizeof(*a));
    if (!a)
        return NULL;
    /* Room for every profile at once: profile pointers never move. */
    a->profiles = calloc(DD_ACCOUNT_MAX_PROFILES, sizeof(*a->profiles));
    a->index = calloc(1, sizeof(*a->index));
    a->pool = dd_strpool_new();
    if (!a->profiles || !a->index || !a->pool || dd_conn_list_init(&a->conns) != 0) {
        dd_account_free(a);
        return NULL;
    }
    return a;
}

void dd_account_free(dd_account *a)
{
    if (!a)
        return;
    for (size_t i = 0; a->profiles && i < a->n_profiles; i++) {
        dd_account_profile *p = &a->profiles[i];
        dd_error_clear(&p->error);
        dd_error_clear(&p->orgs_error);
        dd_managed_orgs_free(&p->orgs);
        dd_conn_list_free(&p->conns);
    }
    free(a->profiles);
    dd_conn_list_free(&a->conns);
    free(a->seen_by);
    free(a->orgs);
    if (a->index) {
        dd_idmap_free(&a->index->conns);
        dd_idmap_free(&a->index->orgs);
        free(a->index);
    }
    dd_strpool_free(a->pool);
    free(a);
}

dd_account_profile *dd_account_add_profile(dd_account *a, const char *name, bool read_only,
                                           dd_error *err)
{
    if (!name)
        name = DD_ACCOUNT_NO_PROFILE_NAME;
    if (a->n_profiles >= DD_ACCOUNT_MAX_PROFILES) {
        dd_error_set(err, DD_E_USAGE,
                     "an account view loads at most %d profiles at once; profile '%.64s' is "
                     "one too many: name fewer profiles",
                     DD_ACCOUNT_MAX_PROFILES, name);
        return NULL;
    }
    if (dd_account_profile_named(a, name)) {
        dd_error_set(err, DD_E_USAGE, "profile '%.64s' is given twice", name);
        return NULL;
    }
    dd_account_profile *p = &a->profiles[a->n_profiles];
    memset(p, 0, sizeof(*p));
    p->name = dd_strpool_dup(a->pool, name, strlen(name));
    if (!p->name || dd_managed_orgs_init(&p->orgs) != 0 || dd_conn_list_init(&p->conns) != 0) {
        dd_managed_orgs_free(&p->orgs);
        dd_conn_list_free(&p->conns);
        dd_error_set(err, DD_E_NOMEM, "out of memory");
        return NULL;
    }
    p->index = a->n_profiles;
    p->read_only = read_only;
    p->status = DD_OK;
    dd_error_init(&p->error);
    dd_error_init(&p->orgs_error);
    p->orgs_access = DD_ORGS_NOT_ASKED;
    p->self_from = DD_SELF_UNKNOWN;
    a->n_profiles++;
    return p;
}

long dd_account_find_conn(const dd_account *a, const char *conn_id)
{
    return dd_idmap_get(&a->index->conns, conn_id);
}

const dd_account_org *dd_account_find_org(const dd_account *a, const char *org_id)
{
    long i = dd_idmap_get(&a->index->orgs, org_id);
    return i < 0 ? NULL : &a->orgs[i];
}

const dd_account_profile *dd_account_profile_named(const dd_account *a, const char *name)
{
    for (size_t i = 0; name && i < a->n_profiles; i++)
        if (strcmp(a->profiles[i].name, name) == 0)
            return &a->profiles[i];
    return NULL;
}

bool dd_account_profile_counts(const dd_account_profile *p)
{
    return p->status == DD_OK || p->status == DD_E_INCOMPLETE;
}

size_t dd_profile_set_count(dd_profile_set s)
{
    return (size_t)__builtin_popcountll(s);
}

void dd_account_profile_names(const dd_account *a, dd_profile_set s, char *buf, size_t n)
{
    if (n == 0)
        return;
    buf[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; i < a->n_profiles; i++) {
        if (!(s & ((dd_profile_set)1 << i)))
            continue;
        int w = snprintf(buf + used, n - used, "%s%s", used ? ", " : "", a->profiles[i].name);
        if (w < 0 || (size_t)w >= n - used) {
            /* Cut: "..." where it fits, never inside a UTF-8 sequence. */
            if (n < 4)
                return;
            size_t at = n - 4;
            while (at > 0 && ((unsigned char)buf[at] & 0xC0) == 0x80)
                at--;
            memcpy(buf + at, "...", 4);
            return;
        }
        used += (size_t)w;
    }
}

void dd_account_profile_reason(const dd_account_profile *p, char *buf, size_t n)
{
    if (n == 0)
        return;
    char why[700];
    if (p->status == DD_OK && p->orgs_access == DD_ORGS_CALL_FAILED) {
        dd_error_describe(&p->orgs_error, why, sizeof(why));
        snprintf(buf, n, "GET /api/v2/org: %s; its connections were listed, its managed orgs "
                 "are not known", why);
        return;
    }
    if (p->status == DD_OK) {
        snprintf(buf, n, "loaded");
        return;
    }
    dd_error_describe(&p->error, why, sizeof(why));
    /* A disabled org's keys get 403 on every call: the likelier cause when
     * the managed orgs were refused too. */
    bool refused = p->status == DD_E_HTTP && p->error.http_status == 403;
    snprintf(buf, n, "%s%s%s%s", p->failed_call ? p->failed_call : "", p->failed_call ? ": " : "",
             why,
             refused ? " (the application key lacks the permission, or the keys' org is "
                       "disabled: a disabled org's keys get 403 on every call)"
                     : "");
}

void dd_account_profile_describe(const dd_account_profile *p, char *buf, size_t n)
{
    char reason[900];
    dd_account_profile_reason(p, reason, sizeof(reason));
    if (n)
        snprintf(buf, n, "profile '%s': %s", p->name, reason);
}
