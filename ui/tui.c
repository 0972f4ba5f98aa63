/* dd_tui_run: wires the configuration, the audit log, the worker and the
 * terminal together, runs the loop, and takes everything down in order
 * (terminal first, so any message after it is readable). */
#include "tui.h"

#include <signal.h>

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "dialog.h"
#include "loop.h"
#include "mouse.h"
#include "term.h"
#include "textfield.h"
#include "theme.h"
#include "view.h"

static bool utf8_locale(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* The line after a signal ended the console while a write was on the
 * wire: it may have been applied; how to check, as the command line says
 * after an interrupted write. */
static void say_cut_write(const char *how, dd_job_kind kind, const char *audit_path)
{
    const dd_op *op = dd_job_op(kind);
    const char *check = kind == DD_JOB_DELETE_SF ? "ddorgs salesforce list"
                        : kind == DD_JOB_DISABLE ? "ddorgs orgs list"
                                                 : "ddorgs connections list";
    fprintf(stderr,
            "ddorgs: %s while %s was being sent: it may have been applied; check with '%s' "
            "before repeating it%s%s%s\n",
            how, op && op->audit ? op->audit : "a write", check,
            audit_path ? " (the audit log, " : "", audit_path ? audit_path : "",
            audit_path ? ", records its outcome)" : "");
}

int dd_tui_run(const dd_config *cfg, const dd_tui_opts *opts)
{
    /* main() set the locale; LC_CTYPE decides UTF-8 or ASCII drawing. */
    setlocale(LC_ALL, "");
    app a;
    memset(&a, 0, sizeof(a));
    a.demo = opts->demo;
    a.views[0] = &view_connections;
    a.views[1] = &view_salesforce;
    a.views[2] = &view_org;
    a.views[3] = &view_orgmap;
    a.ascii = !utf8_locale();

    dd_error err;
    dd_error_init(&err);
    /* No record of writes means no writes: the session is read-only then. */
    dd_audit *audit = cfg->audit_path ? dd_audit_open(cfg->audit_path, &err) : NULL;
    dd_error_clear(&err);
    const char *ps = getenv("DDORGS_PAGE_SIZE");
    dd_session_opts so = {
        .refresh_s = opts->refresh_s,
        .page_size = ps ? strtol(ps, NULL, 10) : 0,
        .audit_failed = !audit,
        .demo = opts->demo,
        .arrow = a.ascii ? "->" : "\u2192",
        .account = opts->account,
    };
    dd_session s;
    if (dd_session_init(&s, cfg, &so) != 0) {
        fprintf(stderr, "ddorgs: out of memory\n");
        dd_audit_close(audit);
        return 1;
    }
    a.s = &s;
    a.worker = dd_worker_start(cfg, audit, &err);
    if (!a.worker) {
        char buf[600];
        dd_error_describe(&err, buf, sizeof(buf));
        fprintf(stderr, "ddorgs: %s\n", buf);
        dd_error_clear(&err);
        dd_session_free(&s);
        dd_audit_close(audit);
        return 1;
    }

    char why[200];
    if (!term_start(why, sizeof(why))) {
        fprintf(stderr, "ddorgs: %s\n", why);
        dd_worker_stop(a.worker);
        dd_session_free(&s);
        dd_audit_close(audit);
        return 1;
    }
    theme_init(a.ascii);
    /* Keys are read from a window that is never drawn, so that reading
     * never triggers an implicit refresh of stdscr under the dialogs. */
    WINDOW *inwin = newwin(1, 1, 0, 0);
    keypad(inwin, TRUE);
    nodelay(inwin, TRUE);
    a.inwin = inwin;
    a.mouse = opts->mouse && mouse_start();

    dd_fx fx = {0};
    if (opts->account_at_start)
        dd_session_account(&s, true, &fx);   /* before the start: its fetch is the account's */
    dd_session_start(&s, dd_time_now(), &fx);
    app_run(&a, &fx);
    int rc = loop_run(&a);

    /* A write on the wire when a signal ends the console: stopping the
     * worker cancels it (its outcome record says it may have been applied),
     * and the operator is told how to check. */
    dd_job_kind cut_kind = DD_JOB_LIST_CONNS;
    bool cut_write = term_quit_requested() && dd_worker_write_running(a.worker, &cut_kind);
    /* Order: stop the network first (the worker may be mid-request), then
     * free the screen, then the terminal. */
    dd_worker_stop(a.worker);
    dialog_close(&a);
    textfield_free(a.input);
    a.input = NULL;
    delwin(inwin);
    term_end();
    if (term_quit_requested()) {
        int sig = term_quit_signal();
        const char *how = sig == SIGINT ? "interrupted" : "terminated by a signal";
        if (cut_write)
            say_cut_write(how, cut_kind, s.cfg->audit_path);
        else
            fprintf(stderr, "ddorgs: %s\n", how);
        rc = 128 + sig;  /* what a shell expects of a program stopped by a signal */
    }
    dd_session_free(&s);
    dd_audit_close(audit);
    return rc;
}
