/* Running one command: read-only gate, confirmation, the API call, the
 * printed result. */
#include "cli.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "cli_confirm.h"
#include "cli_output.h"
#include "client.h"
#include "model.h"

typedef struct run_ctx {
    const dd_cli_args *a;
    dd_client *client;
    dd_error err;
    bool progress; /* stderr is a terminal */
} run_ctx;

static int fail(run_ctx *x)
{
    dd_cli_report(&x->err, x->a);
    return dd_exit_for_error(&x->err);
}

/* How the connection commands end: the call's error, or the rows it
 * returned (single: the one row of a create or update), nothing in a dry
 * run. The list is freed either way. */
static int conns_done(run_ctx *x, dd_status st, dd_conn_list *l, bool single)
{
    int rc = DD_EXIT_OK;
    if (st != DD_OK)
        rc = fail(x);
    else if (!x->a->dry_run && dd_out_conns(stdout, l, x->a->out, dd_out_width(), single) != 0)
        rc = DD_EXIT_INTERNAL;
    dd_conn_list_free(l);
    return rc;
}

static int on_page(const dd_conn_list *page, size_t so_far, int64_t total, void *ud)
{
    (void)page;
    run_ctx *x = ud;
    if (!x->progress)
        return 0;
    if (total >= 0)
        fprintf(stderr, "\rfetching connections: %zu of %" PRId64, so_far, total);
    else
        fprintf(stderr, "\rfetching connections: %zu", so_far);
    fflush(stderr);
    return 0;
}

/* The client is about to wait before a retry: one line on stderr, so a
 * run that seems stuck says why (a 429 can mean a minute's wait). */
static void on_wait(const dd_wait_info *w, void *ud)
{
    run_ctx *x = ud;
    if (x->progress)
        fprintf(stderr, "\r%*s\r", 50, "");   /* off the progress line first */
    char why[700];
    if (w->cause == DD_WAIT_RATE_LIMITED && w->limit_name[0])
        snprintf(why, sizeof(why), "rate limited by the server (%s)", w->limit_name);
    else if (w->cause == DD_WAIT_RATE_LIMITED)
        snprintf(why, sizeof(why), "rate limited by the server");
    else
        snprintf(why, sizeof(why), "%s", w->reason);
    /* Whole seconds, rounded up: "0 s" only when there is no wait at all. */
    fprintf(stderr, "ddorgs: %s; waiting %ld s before retrying (attempt %d of %d)\n", why,
            (w->wait_ms + 999) / 1000, w->attempt, w->max_tries);
    fflush(stderr);
}

static int cmd_conn_list(run_ctx *x)
{
    const dd_cli_args *a = x->a;
    dd_conn_list l;
    if (dd_conn_list_init(&l) != 0) {
        dd_error_set(&x->err, DD_E_NOMEM, "out of memory");
        return fail(x);
    }
    dd_conn_query q = {.sink_org_id = a->sink_org, .source_org_id = a->source_org,
                       .limit = a->limit, .offset = a->offset};
    dd_status st;
    if (a->limit >= 0 || a->offset >= 0) {
        st = dd_list_connections(x->client, &q, &l, &x->err);
    } else {
        st = dd_list_all_connections(x->client, &q, &l, on_page, x, &x->err);
        if (x->progress)
            fprintf(stderr, "\r%*s\r", 50, "");
    }
    return conns_done(x, st, &l, false);
}

static int cmd_conn_write(run_ctx *x)
{
    const dd_cli_args *a = x->a;
    char **types = NULL;
    size_t nt = 0;
    char why[200];
    /* Already validated by dd_cli_parse; parsed again here for the array. */
    if (dd_types_parse_csv(a->types, &types, &nt, why, sizeof(why)) != 0) {
        dd_error_set(&x->err, DD_E_USAGE, "--types: %s", why);
        return fail(x);
    }
    dd_conn_list l;
    if (dd_conn_list_init(&l) != 0) {
        dd_types_free(types, nt);
        dd_error_set(&x->err, DD_E_NOMEM, "out of memory");
        return fail(x);
    }
    const char *const *tv = (const char *const *)types;
    dd_status st = a->cmd == DD_CMD_CONN_CREATE
                       ? dd_create_connection(x->client, a->sink_org, tv, nt, &l, &x->err)
                       : dd_update_connection(x->client, a->id, tv, nt, &l, &x->err);
    dd_types_free(types, nt);
    return conns_done(x, st, &l, true);
}

static int cmd_sf_list(run_ctx *x)
{
    dd_sf_list l;
    if (dd_sf_list_init(&l) != 0) {
        dd_error_set(&x->err, DD_E_NOMEM, "out of memory");
        return fail(x);
    }
    int rc = DD_EXIT_OK;
    if (dd_list_salesforce(x->client, &l, &x->err) != DD_OK)
        rc = fail(x);
    else if (!x->a->dry_run && dd_out_sf(stdout, &l, x->a->out, dd_out_width()) != 0)
        rc = DD_EXIT_INTERNAL;
    dd_sf_list_free(&l);
    return rc;
}

/* What the operator must type, and the sentence before the prompt. For a
 * Salesforce org the name is what people recognise, so it is looked up. */
static int confirm_target(run_ctx *x, char *expected, size_t en, char *what, size_t wn)
{
    const dd_cli_args *a = x->a;
    switch (a->cmd) {
    case DD_CMD_CONN_DELETE:
        snprintf(expected, en, "%.8s", a->id);
        snprintf(what, wn, "About to delete org connection %s. This cannot be undone.", a->id);
        return 0;
    case DD_CMD_ORG_DISABLE:
        if (a->org_uuid) {
            snprintf(expected, en, "%s", a->org_uuid);
            snprintf(what, wn, "About to disable org %s. Its users lose access.", a->org_uuid);
        } else {
            snprintf(expected, en, "disable");
            snprintf(what, wn, "About to disable the org that owns these API keys. Its users "
                               "lose access.");
        }
        return 0;
    case DD_CMD_SF_DELETE: {
        dd_sf_list l;
        if (dd_sf_list_init(&l) != 0) {
            dd_error_set(&x->err, DD_E_NOMEM, "out of memory");
            return -1;
        }
        if (dd_list_salesforce(x->client, &l, &x->err) != DD_OK) {
            dd_sf_list_free(&l);
            return -1;
        }
        long i = dd_sf_list_find(&l, a->id);
        if (i < 0) {
            dd_sf_list_free(&l);
            dd_error_set(&x->err, DD_E_HTTP, "no Salesforce org with ID %.100s", a->id);
            x->err.http_status = 404;
            return -1;
        }
        const char *name = l.items[i].name;
        snprintf(expected, en, "%s", name && *name ? name : a->id);
        snprintf(what, wn,
                 "About to delete Salesforce org %s (%s), and the incident templates that use "
                 "it. This cannot be undone.",
                 a->id, name && *name ? name : "no name");
        dd_sf_list_free(&l);
        return 0;
    }
    default:
        expected[0] = what[0] = '\0';
        return 0;
    }
}

static int confirm(run_ctx *x)
{
    const dd_cli_args *a = x->a;
    bool destructive = a->cmd == DD_CMD_CONN_DELETE || a->cmd == DD_CMD_SF_DELETE ||
                       a->cmd == DD_CMD_ORG_DISABLE;
    if (!destructive || a->yes || a->dry_run)
        return DD_EXIT_OK;
    const char *verb = a->cmd == DD_CMD_ORG_DISABLE ? "disable the org" : "delete";
    if (!isatty(STDIN_FILENO)) {
        fprintf(stderr,
                "ddorgs: refusing to %s without confirmation: stdin is not a terminal; pass "
                "--yes.\n",
                verb);
        return DD_EXIT_USAGE;
    }
    char expected[256], what[512];
    if (confirm_target(x, expected, sizeof(expected), what, sizeof(what)) != 0)
        return fail(x);
    if (!dd_confirm_typed(stdin, stderr, what, expected)) {
        fprintf(stderr, "ddorgs: aborted: the confirmation did not match; nothing was sent.\n");
        return DD_EXIT_ABORTED;
    }
    return DD_EXIT_OK;
}

static int cmd_destructive(run_ctx *x)
{
    const dd_cli_args *a = x->a;
    dd_status st;
    if (a->cmd == DD_CMD_CONN_DELETE) {
        st = dd_delete_connection(x->client, a->id, &x->err);
        if (st == DD_OK && !a->dry_run)
            printf("deleted connection %s\n", a->id);
    } else if (a->cmd == DD_CMD_SF_DELETE) {
        st = dd_delete_salesforce(x->client, a->id, &x->err);
        if (st == DD_OK && !a->dry_run)
            printf("deleted Salesforce org %s\n", a->id);
    } else {
        dd_disable_result r = {0};
        st = dd_disable_org(x->client, a->org_uuid, &r, &x->err);
        if (st == DD_OK && !a->dry_run)
            printf("org %s: %s\n", r.org_id ? r.org_id : (a->org_uuid ? a->org_uuid : "-"),
                   r.status ? r.status : "unknown status");
        dd_disable_result_free(&r);
    }
    return st == DD_OK ? DD_EXIT_OK : fail(x);
}

static int dispatch(run_ctx *x)
{
    switch (x->a->cmd) {
    case DD_CMD_CONN_LIST: return cmd_conn_list(x);
    case DD_CMD_CONN_CREATE:
    case DD_CMD_CONN_UPDATE: return cmd_conn_write(x);
    case DD_CMD_SF_LIST: return cmd_sf_list(x);
    case DD_CMD_CONN_DELETE:
    case DD_CMD_SF_DELETE:
    case DD_CMD_ORG_DISABLE: {
        int rc = confirm(x);
        return rc != DD_EXIT_OK ? rc : cmd_destructive(x);
    }
    case DD_CMD_NONE: break;
    }
    dd_error_set(&x->err, DD_E_USAGE, "no command given");
    return fail(x);
}

int dd_cli_run(const dd_cli_args *a, const dd_config *cfg)
{
    run_ctx x = {.a = a, .progress = isatty(STDERR_FILENO)};
    dd_error_init(&x.err);
    bool writes = dd_cli_cmd_writes(a->cmd);
    /* Refused before any prompt or request, so a read-only run never even
     * asks the server who owns a Salesforce org. */
    if (writes && cfg->read_only) {
        dd_error_set(&x.err, DD_E_READ_ONLY, "refused: '%s' changes data and read-only mode is on",
                     dd_cli_cmd_name(a->cmd));
        return fail(&x);
    }
    dd_audit *audit = NULL;
    if (writes && !a->dry_run) {
        audit = dd_audit_open(cfg->audit_path, &x.err);
        if (!audit) {
            char why[600];
            snprintf(why, sizeof(why), "%s", x.err.text);
            dd_error_clear(&x.err);
            dd_error_set(&x.err, DD_E_CONFIG,
                         "cannot open the audit log, so nothing was sent (%.400s); fix the "
                         "directory's permissions or set XDG_STATE_HOME",
                         why);
            return fail(&x);
        }
    }
    dd_client_opts o;
    dd_client_opts_from_config(&o, cfg, audit);
    o.on_wait = on_wait;
    o.on_wait_ud = &x;
    if (a->dry_run) {
        o.dry_run = stdout;
        o.audit = NULL;
    }
    int rc;
    x.client = dd_client_new(&o, &x.err);
    if (!x.client) {
        rc = fail(&x);
    } else {
        rc = dispatch(&x);
        dd_client_free(x.client);
    }
    dd_audit_close(audit);
    dd_error_clear(&x.err);
    return rc;
}
