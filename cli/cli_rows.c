/* The commands that print rows (connections list, create, update;
 * salesforce list; orgs list): each page is written as it arrives
 * (cli_output.h), from the columns of its list kind (list_kind.h), and
 * standard output that cannot be written ends the command. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli_output.h"
#include "cli_run.h"
#include "client.h"
#include "model.h"
#include "model_orgs.h"
#include "ops.h"

/* Standard output failed: a closed pipe ends quietly (main then ends the
 * process by SIGPIPE); anything else is said, and a write that was applied
 * says so, so that no one repeats it. */
int dd_run_output_failed(run_ctx *x, int error)
{
    if (error == EPIPE)
        return DD_EXIT_CLOSED_PIPE;
    if (dd_cli_cmd_writes(x->a->cmd)) {
        char check[300];
        dd_cli_check_advice(x->a, check, sizeof(check));
        dd_cli_say(stderr, "ddorgs: '%s' was applied, but its result could not be written to "
                           "standard output: %s. Do not repeat it: %s.\n",
                   dd_cli_cmd_name(x->a->cmd), strerror(error), check);
    } else {
        dd_cli_say(stderr, "ddorgs: cannot write to standard output: %s. Check where it goes "
                           "(a full disk, a closed file).\n",
                   strerror(error));
    }
    return DD_EXIT_OUTPUT;
}

/* How a command that prints rows ends: a failed write first (the call may
 * have been stopped by it), then the call's error, else the document is
 * completed (nothing at all in a dry run). */
static int rows_done(run_ctx *x, dd_status st)
{
    if (x->out.error)
        return dd_run_output_failed(x, x->out.error);
    if (st != DD_OK)
        return dd_run_fail(x);
    if (!x->a->dry_run && dd_out_end(&x->out) != 0)
        return dd_run_output_failed(x, x->out.error);
    return DD_EXIT_OK;
}

void dd_run_progress_clear(run_ctx *x)
{
    if (x->progress)
        fprintf(stderr, "\r%*s\r", 50, "");
}

/* Each page is written as it arrives and then dropped by the pager; a
 * failed write stops the walk. */
static int on_page(dd_conn_list *page, size_t so_far, int64_t total, void *ud)
{
    run_ctx *x = ud;
    if (dd_out_rows(&x->out, page->items, page->n) != 0)
        return 1;
    if (!x->progress)
        return 0;
    if (total >= 0)
        fprintf(stderr, "\rfetching connections: %zu of %" PRId64, so_far, total);
    else
        fprintf(stderr, "\rfetching connections: %zu", so_far);
    fflush(stderr);
    return 0;
}

int dd_run_conn_list(run_ctx *x)
{
    const dd_cli_args *a = x->a;
    dd_out_start(&x->out, stdout, a->out, &dd_kind_conns, dd_out_width(), false);
    /* --limit N bounds the walk to N rows, asked N a page; --offset M
     * starts it at row M. Without them, every row, 1000 a page. */
    dd_conn_query q = {.sink_org_id = a->sink_org, .source_org_id = a->source_org,
                       .limit = a->limit, .offset = a->offset,
                       .max_rows = a->limit > 0 ? a->limit : 0};
    dd_status st = dd_list_all_connections(x->client, &q, NULL, on_page, x, &x->err);
    dd_run_progress_clear(x);
    return rows_done(x, st);
}

int dd_run_conn_write(run_ctx *x)
{
    const dd_cli_args *a = x->a;
    char **types = NULL;
    size_t nt = 0;
    char why[200];
    /* Already validated by dd_cli_parse; parsed again here for the array. */
    if (dd_types_parse_csv(a->types, &types, &nt, why, sizeof(why)) != 0) {
        dd_error_set(&x->err, DD_E_USAGE, "--types: %s", why);
        return dd_run_fail(x);
    }
    dd_conn_list l;
    if (dd_conn_list_init(&l) != 0) {
        dd_types_free(types, nt);
        dd_error_set(&x->err, DD_E_NOMEM, "out of memory");
        return dd_run_fail(x);
    }
    if (!dd_run_start_write(x)) {
        dd_types_free(types, nt);
        dd_conn_list_free(&l);
        return dd_run_fail(x);
    }
    const char *const *tv = (const char *const *)types;
    /* Said once, before it is sent, to whoever watches: a person at a
     * terminal, or a --dry-run's reader. A script's stderr stays quiet. */
    if (a->cmd == DD_CMD_CONN_CREATE &&
        (a->dry_run || isatty(STDIN_FILENO) || isatty(STDERR_FILENO))) {
        dd_cli_say(stderr, "ddorgs: note: %s (sink org %s; types %s).\n",
                   dd_ops[DD_OP_CONN_CREATE].consequence, a->sink_org, a->types);
    }
    dd_status st = a->cmd == DD_CMD_CONN_CREATE
                       ? dd_create_connection(x->client, a->sink_org, tv, nt, &l, &x->err)
                       : dd_update_connection(x->client, a->id, tv, nt, &l, &x->err);
    dd_types_free(types, nt);
    dd_out_start(&x->out, stdout, a->out, &dd_kind_conns, dd_out_width(), true);
    if (st == DD_OK && !a->dry_run)
        dd_out_rows(&x->out, l.items, l.n);
    dd_conn_list_free(&l);
    return rows_done(x, st);
}

int dd_run_sf_list(run_ctx *x)
{
    dd_sf_list l;
    if (dd_sf_list_init(&l) != 0) {
        dd_error_set(&x->err, DD_E_NOMEM, "out of memory");
        return dd_run_fail(x);
    }
    dd_out_start(&x->out, stdout, x->a->out, &dd_kind_sf, dd_out_width(), false);
    dd_status st = dd_list_salesforce(x->client, &l, &x->err);
    if (st == DD_OK && !x->a->dry_run)
        dd_out_rows(&x->out, l.items, l.n);
    dd_sf_list_free(&l);
    return rows_done(x, st);
}

/* The keys' org first (marked current), then the orgs it manages. */
int dd_run_orgs_list(run_ctx *x)
{
    dd_managed_orgs m;
    if (dd_managed_orgs_init(&m) != 0) {
        dd_error_set(&x->err, DD_E_NOMEM, "out of memory");
        return dd_run_fail(x);
    }
    dd_out_start(&x->out, stdout, x->a->out, &dd_kind_managed, dd_out_width(), false);
    dd_status st = dd_list_managed_orgs(x->client, x->a->name, &m, &x->err);
    if (st == DD_OK && !x->a->dry_run) {
        if (m.current.id)
            dd_out_rows(&x->out, &m.current, 1);
        dd_out_rows(&x->out, m.items, m.n);
    }
    dd_managed_orgs_free(&m);
    return rows_done(x, st);
}
