/* The writes the operator asks for (session.h): each refused in read-only
 * mode before anything is queued; in the account view routed through a
 * profile that may make it (session_account.c); a connection delete keeps
 * what undo needs. */
#include "session.h"
#include "session_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "model.h"

/* ---- writes ---- */

static bool write_job(dd_session *s, dd_op_id op, dd_job *j, bool ok, dd_fx *fx)
{
    if (!dd_session_may(s, op)) {
        dd_job_clear(j);
        fx->redraw |= DD_DRAW_STATUS;
        return false;
    }
    return dd_session_queue(s, fx, j, ok);
}

static bool set_types(dd_job *j, const char *const *types, size_t n)
{
    return dd_job_set_types(j, types, n) == 0;
}

bool dd_session_create(dd_session *s, const char *sink, const char *const *types, size_t n,
                       dd_fx *fx)
{
    return dd_session_create_from(s, NULL, sink, types, n, fx);
}

/* A connection write in the account view goes through the profile routed
 * to it; none: refused, nothing queued. */
static bool routed(dd_session *s, dd_op_id op, const char *source, const char *sink, dd_job *j,
                   dd_fx *fx)
{
    if (!dd_session_may(s, op) || !dd_session_account_route(s, op, source, sink, j)) {
        dd_job_clear(j);
        fx->redraw |= DD_DRAW_STATUS;
        return false;
    }
    return true;
}

bool dd_session_create_from(dd_session *s, const char *source_org, const char *sink,
                            const char *const *types, size_t n, dd_fx *fx)
{
    bool ok = true;
    dd_job j = {.kind = DD_JOB_CREATE, .tag = DD_TAG_WRITE};
    j.sink = dd_session_dup(sink, &ok);
    ok = ok && set_types(&j, types, n);
    if (!routed(s, DD_OP_CONN_CREATE, source_org, sink, &j, fx))
        return false;
    return write_job(s, DD_OP_CONN_CREATE, &j, ok, fx);
}

bool dd_session_update(dd_session *s, const char *id, const char *const *types, size_t n,
                       dd_fx *fx)
{
    bool ok = true;
    dd_job j = {.kind = DD_JOB_UPDATE, .tag = DD_TAG_WRITE};
    j.id = dd_session_dup(id, &ok);
    ok = ok && set_types(&j, types, n);
    long at = dd_store_find(&s->store, DD_LIST_CONNS, id ? id : "");
    const dd_conn *c = at >= 0 ? &dd_store_conns(&s->store)->items[at] : NULL;
    if (!routed(s, DD_OP_CONN_UPDATE, c ? c->source.id : NULL, c ? c->sink.id : NULL, &j, fx))
        return false;
    return write_job(s, DD_OP_CONN_UPDATE, &j, ok, fx);
}

static const char *ref_name(const dd_ref *r)
{
    return r->name && *r->name ? r->name : r->id ? r->id : "?";
}

bool dd_session_delete_conn(dd_session *s, const dd_conn *c, dd_fx *fx)
{
    if (!c->id || !*c->id) {
        dd_session_msg(s, DD_MSG_ERROR, "this connection has no id; it cannot be deleted");
        fx->redraw |= DD_DRAW_STATUS;
        return false;
    }
    bool ok = true;
    dd_job j = {.kind = DD_JOB_DELETE_CONN, .tag = DD_TAG_DELETE};
    j.id = dd_session_dup(c->id, &ok);
    if (!routed(s, DD_OP_CONN_DELETE, c->source.id, c->sink.id, &j, fx) ||
        !write_job(s, DD_OP_CONN_DELETE, &j, ok, fx))
        return false;
    /* Kept for undo: what is needed to re-create it. Both ids are optional
     * in an answer; without a sink undo is not offered. */
    dd_session_forget_undo(s);
    dd_undo *u = &s->undo;
    char desc[600];
    snprintf(desc, sizeof(desc), "%s %s %s", ref_name(&c->source), s->arrow,
             ref_name(&c->sink));
    u->id = dd_session_dup(c->id, &ok);
    u->sink = dd_session_dup(c->sink.id, &ok);
    u->source = dd_session_dup(c->source.id, &ok);
    u->desc = dd_session_dup(desc, &ok);
    /* The account view offers no undo: the profile that re-creates would
     * have to be the source's, and the id changes anyway. */
    if (s->account.on)
        ok = false;
    if (ok && c->n_types) {
        u->types = dd_types_dup(c->types, c->n_types);
        u->n_types = u->types ? c->n_types : 0;
        ok = u->types != NULL;
    }
    if (!ok)
        dd_session_forget_undo(s);   /* the delete still goes; only undo is lost */
    dd_session_msg(s, DD_MSG_INFO, "deleting %s", desc);
    fx->redraw |= DD_DRAW_STATUS;
    return true;
}

bool dd_session_undo_offered(const dd_session *s)
{
    return s->undo.deadline != 0 && s->undo.sink;
}

bool dd_session_undo(dd_session *s, dd_fx *fx)
{
    if (!dd_session_undo_offered(s))
        return false;
    bool ok = true;
    dd_job j = {.kind = DD_JOB_CREATE, .tag = DD_TAG_UNDO};
    j.sink = dd_session_dup(s->undo.sink, &ok);
    ok = ok && set_types(&j, (const char *const *)s->undo.types, s->undo.n_types);
    if (!write_job(s, DD_OP_CONN_CREATE, &j, ok, fx))
        return false;
    s->undo.deadline = 0;
    dd_session_msg(s, DD_MSG_INFO, "re-creating the deleted connection (it will get a new id)");
    fx->redraw |= DD_DRAW_STATUS;
    return true;
}

void dd_session_keys_org(const dd_session *s, char *out, size_t n)
{
    const char *id = s->self_org[0] ? s->self_org
                                    : dd_account_infer_self_org(dd_store_conns(&s->store));
    snprintf(out, n, "%s", id ? id : "");
}

dd_confirm dd_session_delete_confirm(const dd_session *s, const dd_conn *c)
{
    const dd_op *op = &dd_ops[DD_OP_CONN_DELETE];
    /* Undo re-creates from the keys' org: only a connection whose source is
     * known to be that org can come back. When the org is not known (keys
     * that may not list managed orgs, nothing listed), re-creating might
     * turn an incoming connection into a self-connection: no undo. */
    char keys[128];
    dd_session_keys_org(s, keys, sizeof(keys));
    bool undoable = !s->account.on && c->sink.id && c->source.id && keys[0] &&
                    dd_org_id_eq(c->source.id, keys);
    return undoable ? op->confirm_console : op->confirm_cli;
}

bool dd_session_delete_sf(dd_session *s, const char *id, dd_fx *fx)
{
    bool ok = true;
    dd_job j = {.kind = DD_JOB_DELETE_SF, .tag = DD_TAG_WRITE};
    j.id = dd_session_dup(id, &ok);
    return write_job(s, DD_OP_SF_DELETE, &j, ok, fx);
}

bool dd_session_check_disable(const dd_session *s, const char *uuid, char *why, size_t n)
{
    if (!s->self_org[0] || dd_org_id_eq(uuid, s->self_org))
        return true;
    const dd_org *o = dd_managed_orgs_get(&s->managed, uuid);
    char self[300];
    snprintf(self, sizeof(self), "%s%s%s", s->self_name, s->self_name[0] ? ", " : "",
             s->self_org);
    if (o)
        snprintf(why, n, "That is the UUID of %s, not of this org (%s); nothing was sent.",
                 o->name, self);
    else
        snprintf(why, n, "That is not the UUID of this org (%s); nothing was sent.", self);
    return false;
}

bool dd_session_disable(dd_session *s, const char *org_uuid, dd_fx *fx)
{
    if (s->org_disabled) {
        dd_session_msg(s, DD_MSG_INFO, "the org is already disabled");
        fx->redraw |= DD_DRAW_STATUS;
        return false;
    }
    bool ok = true;
    dd_job j = {.kind = DD_JOB_DISABLE, .tag = DD_TAG_WRITE};
    j.org_uuid = dd_session_dup(org_uuid, &ok);
    return write_job(s, DD_OP_ORG_DISABLE, &j, ok, fx);
}

