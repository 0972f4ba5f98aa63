/* ddorgs doctor: the keys, by reads only. The managed-orgs list (GET
 * /api/v2/org) says whose keys they are; one row of the connections list
 * and the Salesforce list say which listings they may do. A 403 names the
 * permission the call needs (api-facts: org_management or
 * org_connections_write for the managed orgs, org_connections_read for
 * the connections, integrations_read for Salesforce). No write is sent,
 * so what the keys may change cannot be told. */
#include "cli_doctor.h"

#include <string.h>

#include "client.h"
#include "model.h"
#include "model_orgs.h"

/* What one read came to. */
typedef enum read_result { R_OK, R_UNAUTHORIZED, R_FORBIDDEN, R_RATE_LIMITED, R_OTHER } read_result;

typedef struct read_outcome {
    read_result r;
    int code;        /* the exit code its failure gives */
    char why[700];   /* the error, with the server's messages (cleaned), "" when R_OK */
} read_outcome;

static void outcome(read_outcome *o, dd_status st, dd_error *err)
{
    memset(o, 0, sizeof(*o));
    if (st == DD_OK) {
        o->r = R_OK;
        return;
    }
    long s = err->code == DD_E_HTTP ? err->http_status : 0;
    o->r = s == 401 ? R_UNAUTHORIZED : s == 403 ? R_FORBIDDEN : s == 429 ? R_RATE_LIMITED
                                                                          : R_OTHER;
    o->code = dd_exit_for_error(err);
    dd_error_describe(err, o->why, sizeof(o->why));
    dd_error_clear(err);
}

static const char keys_fix[] =
    "Fix: check DD_API_KEY and DD_APP_KEY (or the profile's keys) and the site: keys of one "
    "site are refused by every other";

/* The keys line, from the reads so far; false when the keys are refused
 * (nothing more can be read). */
static bool keys_line(doctor *d, const read_outcome *orgs, const read_outcome *conns,
                      const dd_managed_orgs *m)
{
    if (orgs->r == R_OK) {
        doc_line(d, DOC_OK, "keys", "accepted: they belong to org %s (%s)", m->current.name,
                 m->current.id);
        return true;
    }
    if (orgs->r == R_UNAUTHORIZED || conns->r == R_UNAUTHORIZED) {
        doc_fail(d, DD_EXIT_AUTH, "keys", "refused: %s. %s",
                 orgs->r == R_UNAUTHORIZED ? orgs->why : conns->why, keys_fix);
        return false;
    }
    if (conns->r == R_OK) {
        doc_line(d, DOC_OK, "keys", "accepted (the connections list answered)");
        return true;
    }
    if (orgs->r == R_FORBIDDEN && conns->r == R_FORBIDDEN) {
        doc_fail(d, DD_EXIT_AUTH, "keys",
                 "refused, or allowed nothing: both reads got HTTP 403. %s; and the "
                 "application key's user needs org_connections_read to list connections",
                 keys_fix);
        return false;
    }
    const read_outcome *bad = conns->r != R_FORBIDDEN ? conns : orgs;
    if (bad->r == R_RATE_LIMITED)
        doc_line(d, DOC_WARN, "keys", "not checked: %s. Fix: try again once the limit resets",
                 bad->why);
    else
        doc_fail(d, bad->code, "keys", "not checked: %s", bad->why);
    return false;
}

/* A listing's line. need: the permission it needs; what: what a refusal
 * takes away; refused: the status of a 403 (a failure when ddorgs cannot
 * do its main work without it, else a warning). */
static void listing(doctor *d, const char *check, const read_outcome *o, const char *allowed,
                    const char *need, const char *what, doc_status refused)
{
    if (o->r == R_OK) {
        doc_line(d, DOC_OK, check, "%s (needs %s)", allowed, need);
    } else if (o->r == R_FORBIDDEN && refused == DOC_FAIL) {
        doc_fail(d, DD_EXIT_AUTH, check,
                 "refused (HTTP 403): %s need %s. Fix: give the application key's user (or "
                 "its scopes) %s", what, need, need);
    } else if (o->r == R_FORBIDDEN) {
        doc_line(d, DOC_WARN, check,
                 "refused (HTTP 403): %s need %s. Fix: give the application key's user (or "
                 "its scopes) %s", what, need, need);
    } else if (o->r == R_RATE_LIMITED) {
        doc_line(d, DOC_WARN, check, "not checked: %s. Fix: try again once the limit resets",
                 o->why);
    } else {
        doc_fail(d, o->code, check, "%s", o->why);
    }
}

void doc_keys(doctor *d, const dd_config *cfg)
{
    dd_client_opts opts;
    dd_client_opts_from_config(&opts, cfg, NULL);
    opts.max_rate_wait_s = -1; /* a 429 is reported, not waited out */
    dd_error err;
    dd_error_init(&err);
    dd_client *c = dd_client_new(&opts, &err);
    dd_managed_orgs m;
    dd_conn_list l;
    dd_sf_list sf;
    memset(&m, 0, sizeof(m));
    memset(&l, 0, sizeof(l));
    memset(&sf, 0, sizeof(sf));
    bool lists = dd_managed_orgs_init(&m) == 0;
    lists = (dd_conn_list_init(&l) == 0) && lists;
    lists = (dd_sf_list_init(&sf) == 0) && lists;
    if (!c || !lists) {
        if (!c)
            doc_fail(d, dd_exit_for_error(&err), "keys", "%s", err.text);
        else
            doc_fail(d, DD_EXIT_INTERNAL, "keys", "out of memory");
        goto out;
    }
    read_outcome orgs, conns, sfo;
    outcome(&orgs, dd_list_managed_orgs(c, NULL, &m, &err), &err);
    if (orgs.r == R_UNAUTHORIZED) {
        memset(&conns, 0, sizeof(conns));
        conns.r = R_OTHER;
    } else {
        dd_conn_query q = {.limit = 1, .offset = -1, .max_rows = 1};
        outcome(&conns, dd_list_connections(c, &q, &l, &err), &err);
    }
    if (!keys_line(d, &orgs, &conns, &m))
        goto out;
    char allowed[200];
    snprintf(allowed, sizeof(allowed), "allowed: %zu org%s besides the keys' own", m.n,
             m.n == 1 ? "" : "s");
    listing(d, "orgs list", &orgs, allowed, dd_ops[DD_OP_ORGS_LIST].permission,
            "'orgs list', the console's org names and 'org disable' without --org-uuid",
            DOC_WARN);
    listing(d, "connections", &conns, "listing allowed", dd_ops[DD_OP_CONN_LIST].permission,
            "'connections list' and the console", DOC_FAIL);
    outcome(&sfo, dd_list_salesforce(c, &sf, &err), &err);
    snprintf(allowed, sizeof(allowed), "listing allowed: %zu Salesforce org%s", sf.n,
             sf.n == 1 ? "" : "s");
    listing(d, "salesforce", &sfo, allowed, dd_ops[DD_OP_SF_LIST].permission,
            "'salesforce list' and the console's Salesforce tab", DOC_WARN);
    doc_line(d, DOC_SKIP, "writes",
             "not checked: no read tells whether the keys may create, update or delete "
             "connections (%s), delete Salesforce orgs (%s) or disable the org (%s)%s",
             dd_ops[DD_OP_CONN_CREATE].permission, dd_ops[DD_OP_SF_DELETE].permission,
             dd_ops[DD_OP_ORG_DISABLE].permission, cfg->read_only ? "; read-only is on, so ddorgs refuses every write anyway" : "");
out:
    dd_sf_list_free(&sf);
    dd_conn_list_free(&l);
    dd_managed_orgs_free(&m);
    dd_client_free(c);
    dd_error_clear(&err);
}
