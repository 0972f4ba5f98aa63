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
#include "term.h"
#include "textfield.h"
#include "theme.h"
#include "view.h"

static bool utf8_locale(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

static void app_free(app *a)
{
    if (a->dlg)
        dialog_destroy(a->dlg);
    a->dlg = NULL;
    dd_store_free(&a->store);
    app_forget_delete(a);
    if (a->owned_cfg) {
        dd_config_free(a->owned_cfg);
        free(a->owned_cfg);
    }
}

int dd_tui_run(const dd_config *cfg, const dd_tui_opts *opts)
{
    /* main() set the locale; LC_CTYPE decides UTF-8 or ASCII drawing. */
    setlocale(LC_ALL, "");
    app a;
    memset(&a, 0, sizeof(a));
    a.cfg = cfg;
    a.opts = opts;
    a.views[0] = &view_connections;
    a.views[1] = &view_salesforce;
    a.views[2] = &view_org;
    a.ascii = !utf8_locale();
    a.read_only = cfg->read_only;
    a.start_read_only = cfg->read_only;
    snprintf(a.ro_reason, sizeof(a.ro_reason), "profile or --read-only");
    const char *ps = getenv("DDORGS_PAGE_SIZE");
    a.page_size = ps ? strtol(ps, NULL, 10) : 0;
    if (dd_store_init(&a.store) != 0) {
        fprintf(stderr, "ddorgs: out of memory\n");
        return 1;
    }

    dd_error err;
    dd_error_init(&err);
    if (cfg->audit_path)
        a.audit = dd_audit_open(cfg->audit_path, &err);
    if (!a.audit) {
        /* No record of writes means no writes. */
        a.audit_failed = true;
        a.read_only = true;
        snprintf(a.ro_reason, sizeof(a.ro_reason), "the audit log cannot be written");
        dd_error_clear(&err);
    }
    a.worker = dd_worker_start(cfg, a.audit, &err);
    if (!a.worker) {
        char buf[600];
        dd_error_describe(&err, buf, sizeof(buf));
        fprintf(stderr, "ddorgs: %s\n", buf);
        dd_error_clear(&err);
        dd_store_free(&a.store);
        dd_audit_close(a.audit);
        return 1;
    }

    char why[200];
    if (!term_start(why, sizeof(why))) {
        fprintf(stderr, "ddorgs: %s\n", why);
        dd_worker_stop(a.worker);
        app_free(&a);
        dd_audit_close(a.audit);
        return 1;
    }
    theme_init(a.ascii);
    /* Keys are read from a window that is never drawn, so that reading
     * never triggers an implicit refresh of stdscr under the dialogs. */
    WINDOW *inwin = newwin(1, 1, 0, 0);
    keypad(inwin, TRUE);
    nodelay(inwin, TRUE);
    a.inwin = inwin;
    if (a.audit_failed)
        app_set_msg(&a, MSG_ERROR, "the audit log cannot be opened: read-only");

    app_fetch_all(&a);
    int rc = app_loop(&a);

    /* Order: stop the network first (the worker may be mid-request), then
     * free the screen, then the terminal. */
    dd_worker_stop(a.worker);
    if (a.dlg)
        dialog_destroy(a.dlg);
    a.dlg = NULL;
    textfield_free(a.input);
    a.input = NULL;
    delwin(inwin);
    term_end();
    if (term_quit_requested()) {
        int sig = term_quit_signal();
        fprintf(stderr, "ddorgs: %s\n", sig == SIGINT ? "interrupted" : "terminated by a signal");
        rc = 128 + sig;  /* what a shell expects of a program stopped by a signal */
    }
    app_free(&a);
    dd_audit_close(a.audit);
    return rc;
}
