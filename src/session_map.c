/* The session's view of the account's orgs: the managed orgs (GET
 * /api/v2/org), what it says about the keys' org, and the org map built
 * from them and the connections (orgmap.h). */
#include "session.h"
#include "session_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orgmap.h"

void dd_session_map_loading(dd_session *s)
{
    s->store.t[DD_LIST_ORGS].load.loading =
        s->orgs_loading || s->account.loading || s->store.t[DD_LIST_CONNS].load.loading;
}

void dd_session_map_rebuild(dd_session *s, dd_time now, dd_fx *fx)
{
    dd_orgmap map;
    if (dd_orgmap_init(&map) != 0)
        return;
    int rc;
    if (s->account.on) {
        /* Every org of the account, with the profiles holding its keys. */
        dd_orgmap_row *seeds = NULL;
        size_t n = 0;
        dd_strpool *pool = dd_strpool_new();
        rc = pool ? dd_session_account_seeds(s, pool, &seeds, &n) : -1;
        if (rc == 0)
            rc = dd_orgmap_build_seeded(&map, seeds, n, dd_store_conns(&s->store));
        free(seeds);
        dd_strpool_free(pool);
    } else {
        bool listed = s->orgs_state == DD_ORGS_OK;
        /* The keys' org is the current profile's (or the environment's keys'). */
        dd_orgmap_keys keys = {.org_id = s->self_org,
                               .profile = s->cfg->profile ? s->cfg->profile : "(environment)"};
        rc = dd_orgmap_build(&map, dd_store_conns(&s->store), listed ? &s->managed : NULL,
                             s->self_org[0] ? s->self_org : NULL, &keys,
                             s->self_org[0] ? 1 : 0);
    }
    if (rc == 0) {
        bool loading = s->store.t[DD_LIST_ORGS].load.loading;
        dd_store_begin(&s->store, DD_LIST_ORGS);
        if (dd_store_page(&s->store, DD_LIST_ORGS, &map, map.n, (int64_t)map.n) == 0)
            dd_store_end(&s->store, DD_LIST_ORGS, DD_OK, NULL, now.unix_s);
        else
            dd_store_end(&s->store, DD_LIST_ORGS, DD_E_NOMEM, "out of memory", now.unix_s);
        s->store.t[DD_LIST_ORGS].load.loading = loading;
        /* The map follows the lists: its rows change as pages and answers
         * come, which is not news worth a mark. */
        dd_table_clear_marks(&s->store.t[DD_LIST_ORGS]);
    }
    dd_orgmap_free(&map);
    dd_session_map_loading(s);
    fx->redraw |= DD_DRAW_MAP | DD_DRAW_TABS;
}

/* The managed orgs arrived (or were refused). */
void dd_session_orgs_result(dd_session *s, dd_result *r, const char *err, dd_time now,
                            dd_fx *fx)
{
    if (r->seq != s->orgs_seq)
        return;
    s->orgs_loading = false;
    fx->redraw |= DD_DRAW_MAP | DD_DRAW_ORG | DD_DRAW_TABS | DD_DRAW_STATUS;
    if (r->status == DD_OK) {
        dd_managed_orgs_free(&s->managed);
        s->managed = r->orgs;
        dd_managed_orgs_init(&r->orgs);
        s->orgs_state = DD_ORGS_OK;
        /* The server says which org the keys belong to: the source of
         * every create, the only org undo can re-create from. */
        if (s->managed.current.id) {
            snprintf(s->self_org, sizeof(s->self_org), "%s", s->managed.current.id);
            snprintf(s->self_name, sizeof(s->self_name), "%s", s->managed.current.name);
        }
    } else {
        bool refused = r->status == DD_E_HTTP && r->err.http_status == 403;
        dd_orgs_state was = s->orgs_state;
        s->orgs_state = refused ? DD_ORGS_KEYS_REFUSED : DD_ORGS_FAILED;
        /* Said once: the console works on without the list. */
        if (was != s->orgs_state) {
            if (refused)
                dd_session_msg(s, DD_MSG_INFO,
                               "these keys may not list the account's orgs (403: they need "
                               "org_management or org_connections_write); the org map and "
                               "the create form show the orgs seen in connections");
            else
                dd_session_msg(s, DD_MSG_ERROR,
                               "the account's orgs could not be listed (%s); the org map and "
                               "the create form show the orgs seen in connections",
                               err);
        }
    }
    dd_session_map_rebuild(s, now, fx);
}

long dd_session_shares_of(const dd_session *s, const char *source_org)
{
    if (!source_org)
        source_org = s->self_org[0] ? s->self_org : NULL;
    const dd_orgmap *m = (const dd_orgmap *)s->store.t[DD_LIST_ORGS].rows;
    if (!source_org || !m)
        return -1;
    long i = dd_orgmap_find(m, source_org);
    return i < 0 ? -1 : (long)m->items[i].out_orgs;
}

void dd_session_explain_refused_create(const dd_session *s, const char *source_org, char *buf,
                                       size_t n)
{
    long shares = dd_session_shares_of(s, source_org);
    char now[80] = "";
    if (shares >= 0)
        snprintf(now, sizeof(now), "; this one shares with %ld now", shares);
    snprintf(buf, n,
             "A source org shares with at most %d orgs outside Enterprise plans (Datadog's "
             "docs)%s. Or the API does not allow this pair.",
             DD_SHARE_LIMIT_DOCUMENTED, now);
}
