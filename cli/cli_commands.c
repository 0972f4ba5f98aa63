/* Running one command: read-only gate, confirmation, the API call, the
 * printed result. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "cli_confirm.h"
#include "confirm_text.h"
#include "cli_output.h"
#include "cli_run.h"
#include "cli_signals.h"
#include "clock.h"
#include "client.h"
#include "model.h"
#include "model_orgs.h"



/* The one line for a command a signal stopped. Whether a write can have
 * taken effect decides what it says: not entered yet, or cancelled during
 * a wait after 429s (the server refused every attempt), means nothing
 * changed; otherwise the request may have reached the server. */
static int report_interrupted(run_ctx *x)
{
    const char *cmd = dd_cli_cmd_name(x->a->cmd);
    const char *sig = dd_cli_signal_name(dd_cli_interrupt_signal());
    if (!dd_cli_cmd_writes(x->a->cmd)) {
        dd_cli_say(stderr, "ddorgs: %s interrupted by %s.\n", cmd, sig);
    } else if (!x->write_started) {
        fprintf(stderr, "ddorgs: %s interrupted by %s before it was sent; nothing was changed.\n",
                cmd, sig);
    } else if (!x->other_wait && x->rate_wait_end && dd_mono_ms() < x->rate_wait_end) {
        fprintf(stderr, "ddorgs: %s interrupted by %s while waiting to retry after a rate limit; "
                        "the server refused every attempt, so nothing was changed.\n",
                cmd, sig);
    } else {
        char check[300];
        dd_cli_check_advice(x->a, check, sizeof(check));
        dd_cli_say(stderr, "ddorgs: %s interrupted by %s after it was sent. The server may have "
                        "applied it: %s before trying again.\n",
                cmd, sig, check);
    }
    return DD_EXIT_NETWORK;
}

static int fail(run_ctx *x)
{
    if (x->err.code == DD_E_CANCELLED && dd_cli_interrupt_signal())
        return report_interrupted(x);
    dd_cli_report(&x->err, x->a);
    return dd_exit_for_error(&x->err);
}

/* Called right before a write call: false (with the error set) when a
 * signal has already asked to stop, so nothing is sent at all. */
static bool start_write(run_ctx *x)
{
    if (dd_cli_interrupt_signal()) {
        dd_error_set(&x->err, DD_E_CANCELLED, "interrupted");
        return false;
    }
    x->write_started = true;
    return true;
}

int dd_run_fail(run_ctx *x)
{
    return fail(x);
}

bool dd_run_start_write(run_ctx *x)
{
    return start_write(x);
}

/* The client is about to wait before a retry: one line on stderr, so a
 * run that seems stuck says why (a 429 can mean a minute's wait). */
static void on_wait(const dd_wait_info *w, void *ud)
{
    run_ctx *x = ud;
    /* Remembered so that a signal during this wait can be told from one
     * during the next attempt's transfer. */
    if (w->cause == DD_WAIT_RATE_LIMITED)
        x->rate_wait_end = dd_mono_ms() + w->wait_ms;
    else
        x->other_wait = true;
    dd_run_progress_clear(x); /* off the progress line first */
    char why[700];
    if (w->cause == DD_WAIT_RATE_LIMITED && w->limit_name[0])
        snprintf(why, sizeof(why), "rate limited by the server (%s)%s%s", w->limit_name,
                 w->note && w->note[0] ? "; " : "", w->note ? w->note : "");
    else if (w->cause == DD_WAIT_RATE_LIMITED)
        snprintf(why, sizeof(why), "rate limited by the server%s%s",
                 w->note && w->note[0] ? "; " : "", w->note ? w->note : "");
    else
        snprintf(why, sizeof(why), "%s", w->reason);
    /* Whole seconds, rounded up: "0 s" only when there is no wait at all. */
    dd_cli_say(stderr, "ddorgs: %s; waiting %ld s before retrying (attempt %d of %d)\n", why,
            (w->wait_ms + 999) / 1000, w->attempt, w->max_tries);
    fflush(stderr);
}

/* The target's name for a DD_CONFIRM_NAME prompt: a Salesforce org's
 * name is what people recognise, so it is looked up; typed as the screen
 * shows it, or the id the request deletes when the name cannot tell the
 * org apart (confirm_text.h, as the console asks). */
static int confirm_name(run_ctx *x, char *expected, size_t en, char *what, size_t wn)
{
    const dd_cli_args *a = x->a;
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
    dd_confirm_text ct;
    if (dd_confirm_sf_text(&l, (size_t)i, dd_sanitize_mode, &ct) != 0) {
        dd_sf_list_free(&l);
        dd_error_set(&x->err, DD_E_NOMEM, "out of memory");
        return -1;
    }
    snprintf(expected, en, "%s", ct.text);
    snprintf(what, wn,
             "About to delete Salesforce org %s (%s), and the incident templates that use "
             "it. This cannot be undone.%s%s%s",
             a->id, name && *name ? name : "no name", ct.by_id ? " Its id confirms it: " : "",
             ct.by_id ? ct.why : "", ct.by_id ? "." : "");
    dd_sf_list_free(&l);
    return 0;
}

/* The org's UUID for a DD_CONFIRM_UUID prompt: the one given with
 * --org-uuid, else the keys' org as GET /api/v2/org names it. Keys that may
 * not list the orgs leave it unknown (expected ""): the operator then types
 * it, and it is sent as org_uuid for the server to check, as the console
 * does. */
static int confirm_uuid(run_ctx *x, char *expected, size_t en, char *what, size_t wn)
{
    const dd_cli_args *a = x->a;
    if (a->org_uuid) {
        snprintf(expected, en, "%s", a->org_uuid);
        snprintf(what, wn, "About to disable org %s. Its users lose access.", a->org_uuid);
        return 0;
    }
    dd_managed_orgs m;
    if (dd_managed_orgs_init(&m) != 0) {
        dd_error_set(&x->err, DD_E_NOMEM, "out of memory");
        return -1;
    }
    dd_error err;
    dd_error_init(&err);
    if (dd_list_managed_orgs(x->client, NULL, &m, &err) == DD_OK && m.current.id) {
        snprintf(expected, en, "%s", m.current.id);
        snprintf(what, wn, "About to disable org %s (%s), the org of these keys. Its users "
                           "lose access.", m.current.name, m.current.id);
    } else {
        expected[0] = '\0';
        snprintf(what, wn, "About to disable the org that owns these API keys. Its users lose "
                           "access. The UUID you type is sent as org_uuid: the server refuses "
                           "it unless it is that org's.");
    }
    dd_error_clear(&err);
    dd_managed_orgs_free(&m);
    return 0;
}

/* What the operator must type, and the sentence before the prompt, by the
 * operation's confirmation kind (ops.h). */
static int confirm_target(run_ctx *x, dd_confirm how, char *expected, size_t en, char *what,
                          size_t wn)
{
    const dd_cli_args *a = x->a;
    switch (how) {
    case DD_CONFIRM_ID8:
        snprintf(expected, en, "%.8s", a->id);
        snprintf(what, wn, "About to delete org connection %s. This cannot be undone.", a->id);
        return 0;
    case DD_CONFIRM_NAME: return confirm_name(x, expected, en, what, wn);
    case DD_CONFIRM_UUID: return confirm_uuid(x, expected, en, what, wn);
    case DD_CONFIRM_NONE:
    case DD_CONFIRM_REVIEW:
    case DD_CONFIRM_YES_NO: break;
    }
    expected[0] = what[0] = '\0';
    return 0;
}

static int confirm(run_ctx *x)
{
    const dd_cli_args *a = x->a;
    const dd_op *op = dd_op_get(a->cmd);
    dd_confirm how = op ? op->confirm_cli : DD_CONFIRM_NONE;
    if (how == DD_CONFIRM_NONE || how == DD_CONFIRM_REVIEW || a->yes || a->dry_run)
        return DD_EXIT_OK;
    const char *verb = a->cmd == DD_CMD_ORG_DISABLE ? "disable the org" : "delete";
    if (!isatty(STDIN_FILENO)) {
        fprintf(stderr,
                "ddorgs: refusing to %s without confirmation: stdin is not a terminal; pass "
                "--yes.\n",
                verb);
        return DD_EXIT_USAGE;
    }
    char expected[256], what[512], typed[256];
    if (confirm_target(x, how, expected, sizeof(expected), what, sizeof(what)) != 0)
        return fail(x);
    /* Ctrl-C must end the read of the answer, not wait for Enter. */
    FILE *in = dd_cli_prompt_input();
    bool ok = expected[0] ? dd_confirm_typed(in, stderr, what, expected)
                          : dd_confirm_read_uuid(in, stderr, what, typed, sizeof(typed));
    dd_cli_prompt_input_close(in);
    if (!ok && dd_cli_interrupt_signal()) {
        fprintf(stderr, "ddorgs: interrupted by %s at the confirmation prompt; nothing was "
                        "sent.\n",
                dd_cli_signal_name(dd_cli_interrupt_signal()));
        return DD_EXIT_ABORTED;
    }
    if (!ok) {
        fprintf(stderr, "ddorgs: aborted: the confirmation did not match; nothing was sent.\n");
        return DD_EXIT_ABORTED;
    }
    /* A disable sends the UUID confirmed, for the server to check too. */
    if (how == DD_CONFIRM_UUID)
        snprintf(x->org_uuid, sizeof(x->org_uuid), "%s", expected[0] ? expected : typed);
    return DD_EXIT_OK;
}

static int cmd_destructive(run_ctx *x)
{
    const dd_cli_args *a = x->a;
    if (!start_write(x))
        return fail(x);
    dd_status st;
    if (a->cmd == DD_CMD_CONN_DELETE) {
        st = dd_delete_connection(x->client, a->id, &x->err);
        if (st == DD_OK && !a->dry_run)
            dd_cli_say(stdout, "deleted connection %s\n", a->id);
    } else if (a->cmd == DD_CMD_SF_DELETE) {
        st = dd_delete_salesforce(x->client, a->id, &x->err);
        if (st == DD_OK && !a->dry_run)
            dd_cli_say(stdout, "deleted Salesforce org %s\n", a->id);
    } else {
        dd_disable_result r = {0};
        st = dd_disable_org(x->client, x->org_uuid[0] ? x->org_uuid : a->org_uuid, &r, &x->err);
        if (st == DD_OK && !a->dry_run)
            dd_cli_say(stdout, "org %s: %s\n",
                       r.org_id ? r.org_id : (a->org_uuid ? a->org_uuid : "-"),
                       r.status ? r.status : "unknown status");
        dd_disable_result_free(&r);
    }
    return st == DD_OK ? DD_EXIT_OK : fail(x);
}

static int dispatch(run_ctx *x)
{
    switch (x->a->cmd) {
    case DD_CMD_CONN_LIST: return dd_run_conn_list(x);
    case DD_CMD_CONN_CREATE:
    case DD_CMD_CONN_UPDATE: return dd_run_conn_write(x);
    case DD_CMD_SF_LIST: return dd_run_sf_list(x);
    case DD_CMD_ORGS_LIST: return dd_run_orgs_list(x);
    case DD_CMD_CONN_DELETE:
    case DD_CMD_SF_DELETE:
    case DD_CMD_ORG_DISABLE: {
        int rc = confirm(x);
        return rc != DD_EXIT_OK ? rc : cmd_destructive(x);
    }
    /* Run by main before any configuration is loaded (cli_doctor.c,
     * cli_complete.c). */
    case DD_CMD_DOCTOR:
    case DD_CMD_COMPLETION:
    case DD_CMD_NONE: break;
    }
    dd_error_set(&x->err, DD_E_USAGE, "no command given");
    return fail(x);
}

static int run_command(const dd_cli_args *a, const dd_config *cfg)
{
    /* Rows on a terminal are their own progress; a count on stderr is for
     * output that goes elsewhere. */
    run_ctx x = {.a = a, .progress = isatty(STDERR_FILENO) && !isatty(STDOUT_FILENO)};
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
    /* Scripts get the server's strings as sent; a table cleans its cells
     * when it prints them (cli_output.h). */
    o.text = DD_TEXT_EXACT;
    if (a->dry_run) {
        o.dry_run = stdout;
        o.audit = NULL;
    }
    int rc;
    x.client = dd_client_new(&o, &x.err);
    if (!x.client) {
        rc = fail(&x);
    } else {
        dd_cli_watch watch = {0};
        /* Without a watcher nothing could cancel the transfer: then the
         * signals keep their default action rather than being ignored. */
        if (!dd_cli_watch_start(&watch, x.client))
            dd_cli_interrupts_restore();
        rc = dispatch(&x);
        /* What was printed without a document ("deleted connection ...")
         * is checked here, where it is flushed. */
        if (rc == DD_EXIT_OK && (fflush(stdout) != 0 || ferror(stdout)))
            rc = dd_run_output_failed(&x, errno ? errno : EIO);
        dd_cli_watch_stop(&watch);
        dd_client_free(x.client);
    }
    dd_audit_close(audit);
    dd_error_clear(&x.err);
    return rc;
}

int dd_cli_run(const dd_cli_args *a, const dd_config *cfg)
{
    dd_cli_interrupts_install();
    int rc = run_command(a, cfg);
    dd_cli_interrupts_restore();
    return rc;
}
