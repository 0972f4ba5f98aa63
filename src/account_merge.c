/* The account view's merge: self orgs inferred, connections merged by id
 * across profiles, the account's orgs (account.h, "Merging"). */
#include "account.h"

#include <stdlib.h>
#include <string.h>

#include "account_index.h"

#define BIT(i) ((dd_profile_set)1 << (i))

const char *dd_account_infer_self_org(const dd_conn_list *l)
{
    if (l->n == 0)
        return NULL;
    /* The first row's two orgs are the only candidates; each later row
     * keeps those it names. */
    const char *cand[2] = { l->items[0].source.id, l->items[0].sink.id };
    if (dd_org_id_eq(cand[0], cand[1]))
        cand[1] = NULL;
    for (size_t i = 1; i < l->n; i++) {
        const dd_conn *c = &l->items[i];
        for (int k = 0; k < 2; k++)
            if (cand[k] && !dd_org_id_eq(cand[k], c->source.id) &&
                !dd_org_id_eq(cand[k], c->sink.id))
                cand[k] = NULL;
    }
    if (cand[0] && cand[1])
        return NULL;
    return cand[0] ? cand[0] : cand[1];
}

static void clear_merged(dd_account *a)
{
    dd_conn_list_free(&a->conns);
    free(a->seen_by);
    a->seen_by = NULL;
    free(a->orgs);
    a->orgs = NULL;
    a->n_orgs = 0;
    dd_idmap_free(&a->index->conns);
    dd_idmap_free(&a->index->orgs);
}

static void set_self_orgs(dd_account *a)
{
    for (size_t i = 0; i < a->n_profiles; i++) {
        dd_account_profile *p = &a->profiles[i];
        if (p->orgs_access == DD_ORGS_LISTED && p->orgs.current.id) {
            p->self_org_id = p->orgs.current.id;
            p->self_from = DD_SELF_CURRENT_ORG;
        } else if ((p->orgs_access == DD_ORGS_REFUSED || p->orgs_access == DD_ORGS_CALL_FAILED) &&
                   dd_account_profile_counts(p)) {
            p->self_org_id = dd_account_infer_self_org(&p->conns);
            p->self_from = p->self_org_id ? DD_SELF_INFERRED : DD_SELF_UNKNOWN;
        }
    }
}

/* ---- Connections --------------------------------------------------------- */

/* A string of the merged list's pool; *ok cleared on OOM. */
static const char *intern(dd_strpool *pool, const char *s, bool *ok)
{
    if (!s)
        return NULL;
    const char *r = dd_strpool_intern(pool, s, strlen(s));
    if (!r)
        *ok = false;
    return r;
}

/* Fills what the merged reference lacks from another copy of it. */
static void fill_ref(dd_strpool *pool, dd_ref *into, const dd_ref *from, bool *ok)
{
    if (!into->id && from->id) {
        into->id = intern(pool, from->id, ok);
        into->name = NULL;
    }
    if (!into->name && from->name && dd_org_id_eq(into->id, from->id))
        into->name = intern(pool, from->name, ok);
}

static int add_row(dd_account *a, const dd_conn *c, size_t profile)
{
    long at = dd_idmap_get(&a->index->conns, c->id);
    if (at >= 0) {
        a->seen_by[at] |= BIT(profile);
        dd_conn *m = &a->conns.items[at];
        bool ok = true;
        fill_ref(a->conns.pool, &m->source, &c->source, &ok);
        fill_ref(a->conns.pool, &m->sink, &c->sink, &ok);
        fill_ref(a->conns.pool, &m->created_by, &c->created_by, &ok);
        if (m->created_at == DD_TIME_NONE && c->created_at != DD_TIME_NONE) {
            m->created_at = c->created_at;
            m->created_at_text = intern(a->conns.pool, c->created_at_text, &ok);
        }
        return ok ? 0 : -1;
    }
    size_t cap = a->conns.cap;
    if (dd_conn_list_append_copy(&a->conns, c) != 0)
        return -1;
    if (a->conns.cap != cap || !a->seen_by) {
        dd_profile_set *s = realloc(a->seen_by, a->conns.cap * sizeof(*s));
        if (!s) {
            a->conns.n--;
            return -1;
        }
        a->seen_by = s;
    }
    size_t i = a->conns.n - 1;
    a->seen_by[i] = BIT(profile);
    if (dd_idmap_put(&a->index->conns, a->conns.items[i].id, i) != 0) {
        a->conns.n--;
        return -1;
    }
    return 0;
}

static int merge_conns(dd_account *a)
{
    for (size_t p = 0; p < a->n_profiles; p++) {
        const dd_account_profile *pr = &a->profiles[p];
        if (!dd_account_profile_counts(pr))
            continue;
        for (size_t i = 0; i < pr->conns.n; i++)
            if (pr->conns.items[i].id && add_row(a, &pr->conns.items[i], p) != 0)
                return -1;
    }
    return 0;
}

/* ---- Orgs ---------------------------------------------------------------- */

static const char *pool_str(dd_account *a, const char *s, bool *ok)
{
    return intern(a->pool, s, ok);
}

/* The org with id, added when new; NULL on OOM. Its index in *at. */
static dd_account_org *org_for(dd_account *a, const char *id, size_t *cap, long *at)
{
    *at = dd_idmap_get(&a->index->orgs, id);
    if (*at >= 0)
        return &a->orgs[*at];
    if (a->n_orgs == *cap) {
        size_t ncap = *cap ? *cap * 2 : 32;
        dd_account_org *v = realloc(a->orgs, ncap * sizeof(*v));
        if (!v)
            return NULL;
        a->orgs = v;
        *cap = ncap;
    }
    bool ok = true;
    dd_account_org *o = &a->orgs[a->n_orgs];
    memset(o, 0, sizeof(*o));
    o->id = pool_str(a, id, &ok);
    if (!ok || dd_idmap_put(&a->index->orgs, o->id, a->n_orgs) != 0)
        return NULL;
    *at = (long)a->n_orgs++;
    return o;
}

static int add_described(dd_account *a, const dd_org *src, size_t profile, size_t *cap)
{
    long at;
    dd_account_org *o = org_for(a, src->id, cap, &at);
    if (!o)
        return -1;
    bool ok = true;
    o->listed_by |= BIT(profile);
    if (!o->described) {
        o->described = true;
        o->disabled = src->disabled;
        o->public_id = pool_str(a, src->public_id, &ok);
    }
    if (!o->name)
        o->name = pool_str(a, src->name, &ok);
    return ok ? 0 : -1;
}

static int add_seen(dd_account *a, const dd_ref *r, size_t *cap)
{
    if (!r->id)
        return 0;
    long at;
    dd_account_org *o = org_for(a, r->id, cap, &at);
    if (!o)
        return -1;
    bool ok = true;
    if (!o->name)
        o->name = pool_str(a, r->name, &ok);
    return ok ? 0 : -1;
}

/* A row's org name from the account's orgs when no copy of it had one. */
static int name_from_orgs(dd_account *a, dd_ref *r)
{
    if (!r->id || r->name)
        return 0;
    const dd_account_org *o = dd_account_find_org(a, r->id);
    bool ok = true;
    if (o && o->name)
        r->name = intern(a->conns.pool, o->name, &ok);
    return ok ? 0 : -1;
}

static int merge_orgs(dd_account *a)
{
    size_t cap = 0;
    for (size_t p = 0; p < a->n_profiles; p++) {
        const dd_account_profile *pr = &a->profiles[p];
        if (!dd_account_profile_counts(pr) || pr->orgs_access != DD_ORGS_LISTED ||
            !pr->orgs.current.id)
            continue;
        if (add_described(a, &pr->orgs.current, p, &cap) != 0)
            return -1;
        for (size_t i = 0; i < pr->orgs.n; i++)
            if (add_described(a, &pr->orgs.items[i], p, &cap) != 0)
                return -1;
    }
    for (size_t i = 0; i < a->conns.n; i++) {
        const dd_conn *c = &a->conns.items[i];
        if (add_seen(a, &c->source, &cap) != 0 || add_seen(a, &c->sink, &cap) != 0)
            return -1;
    }
    for (size_t i = 0; i < a->conns.n; i++) {
        dd_conn *c = &a->conns.items[i];
        if (name_from_orgs(a, &c->source) != 0 || name_from_orgs(a, &c->sink) != 0)
            return -1;
        long s = dd_idmap_get(&a->index->orgs, c->source.id);
        long k = dd_idmap_get(&a->index->orgs, c->sink.id);
        if (s >= 0)
            a->orgs[s].n_outgoing++;
        if (k >= 0)
            a->orgs[k].n_incoming++;
    }
    for (size_t p = 0; p < a->n_profiles; p++) {
        const dd_account_profile *pr = &a->profiles[p];
        long at = dd_account_profile_counts(pr) ? dd_idmap_get(&a->index->orgs, pr->self_org_id)
                                                : -1;
        if (at >= 0)
            a->orgs[at].holders |= BIT(p);
    }
    return 0;
}

dd_status dd_account_merge(dd_account *a, dd_error *err)
{
    clear_merged(a);
    set_self_orgs(a);
    if (dd_conn_list_init(&a->conns) != 0 || merge_conns(a) != 0 || merge_orgs(a) != 0) {
        clear_merged(a);
        if (dd_conn_list_init(&a->conns) != 0) {
            /* Leaves a list that frees as empty. */
            memset(&a->conns, 0, sizeof(a->conns));
        }
        return dd_error_set(err, DD_E_NOMEM, "out of memory while merging the profiles' data");
    }
    return DD_OK;
}
