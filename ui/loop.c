/* The console's event loop (loop.h). */
#include "loop.h"

#include <curses.h>
#include <errno.h>
#include <panel.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "actions.h"
#include "chrome.h"
#include "dialog.h"
#include "dialogs.h"
#include "mouse.h"
#include "term.h"
#include "textfield.h"
#include "view.h"

/* ---- results ---- */

static void on_result(app *a, dd_result *r)
{
    dd_fx fx = {0};
    dd_session_apply(a->s, r, dd_time_now(), &fx);
    app_run(a, &fx);
    /* The dialog that sent the request hears its answer. */
    if (a->dlg && r->final && a->dlg->pending == r->seq) {
        a->dlg->pending = 0;
        a->dirty = true;
        if (a->dlg->ops->on_result && a->dlg->ops->on_result(a->dlg, a, r) == DLG_CLOSE)
            dialog_close(a);
    }
}

static void drain_results(app *a)
{
    dd_result *r = dd_worker_take(a->worker);
    while (r) {
        dd_result *next = r->next;
        on_result(a, r);
        dd_result_free(r);
        r = next;
    }
}

/* ---- keys ---- */

static void run_command(app *a, const char *cmd)
{
    while (*cmd == ' ')
        cmd++;
    if (strncmp(cmd, "profile", 7) == 0 && (cmd[7] == ' ' || cmd[7] == '\0')) {
        const char *name = cmd + 7;
        while (*name == ' ')
            name++;
        if (*name) {
            dd_fx fx = {0};
            dd_session_switch_profile(a->s, name, &fx);
            app_run(a, &fx);
        } else {
            dialog_open(a, dlg_profile_new(a));
        }
    } else if (strcmp(cmd, "account") == 0 || strcmp(cmd, "account on") == 0 ||
               strcmp(cmd, "account off") == 0) {
        dd_fx fx = {0};
        dd_session_account(a->s, strcmp(cmd, "account off") != 0, &fx);
        app_run(a, &fx);
    } else if (strcmp(cmd, "q") == 0 || strcmp(cmd, "quit") == 0) {
        const action *q = action_for_key(a, false, 'q');
        if (q)
            action_run(a, q);
    } else if (*cmd) {
        dd_session_msg(a->s, DD_MSG_ERROR, "unknown command \"%s\" (try :profile NAME or :account)",
                       cmd);
    }
}

static void prompt_key(app *a, bool is_key, wint_t ch)
{
    int l = app_list(a);
    char text[1024];
    if (!is_key && ch == 27) {
        if (a->prompt == '/' && l >= 0)
            dd_store_set_filter(&a->s->store, (dd_which)l, a->prompt_saved);
        a->prompt = 0;
        textfield_free(a->input);
        a->input = NULL;
        return;
    }
    if ((!is_key && (ch == '\n' || ch == '\r')) || (is_key && ch == KEY_ENTER)) {
        textfield_get(a->input, text, sizeof(text));
        int p = a->prompt;
        a->prompt = 0;
        textfield_free(a->input);
        a->input = NULL;
        if (p == ':')
            run_command(a, text);
        return;
    }
    if (!textfield_key(a->input, is_key, ch))
        return;
    if (a->prompt == '/' && l >= 0) {
        /* Live: every keystroke refilters (only visible rows are drawn). */
        textfield_get(a->input, text, sizeof(text));
        dd_store_set_filter(&a->s->store, (dd_which)l, text);
        dd_table_fit(dd_store_table(&a->s->store, (dd_which)l), app_list_rows(a));
    }
}

static void resized(app *a)
{
    getmaxyx(stdscr, a->rows, a->cols);
    bool was_small = a->too_small;
    a->too_small = a->rows < APP_MIN_ROWS || a->cols < APP_MIN_COLS;
    if (a->dlg) {
        dialog_layout(a->dlg, a);
        if (a->too_small)
            hide_panel(a->dlg->panel);
        else if (was_small)
            show_panel(a->dlg->panel);
    }
    a->detail = !app_detail_beside(a) && a->rows >= 30;
    a->dirty = true;
}

static void on_key(app *a, bool is_key, wint_t ch)
{
    a->dirty = true;
    if (is_key && ch == KEY_RESIZE) {
        resized(a);
        return;
    }
    if (is_key && ch == KEY_MOUSE) {
        if (a->mouse)
            mouse_event(a);
        else
            mouse_discard(a);
        return;
    }
    if (a->too_small) {
        if (!is_key && (ch == 'q' || ch == 3))
            a->quit = true;
        return;
    }
    if (a->dlg) {
        if (a->dlg->ops->key(a->dlg, a, is_key, ch) == DLG_CLOSE)
            dialog_close(a);
        return;
    }
    if (a->prompt) {
        prompt_key(a, is_key, ch);
        return;
    }
    const action *ac = action_for_key(a, is_key, ch);
    if (ac)
        action_run(a, ac);
}

static void read_keys(app *a)
{
    wint_t ch;
    int rc;
    while ((rc = wget_wch(a->inwin, &ch)) != ERR) {
        /* A mouse report no key definition caught is not keys. */
        if (rc == OK && ch == 27 && mouse_report_after_esc(a))
            continue;
        on_key(a, rc == KEY_CODE_YES, ch);
        if (a->quit)
            break;
    }
}

/* ---- drawing ---- */

static void render(app *a)
{
    int cursor_x = -1;
    if (a->too_small) {
        chrome_too_small(a);
    } else {
        chrome_top(a);
        a->views[a->active]->draw(a, app_main_top(a), app_main_rows(a));
        cursor_x = chrome_status(a);
        chrome_fnbar(a);
        if (a->dlg && a->dlg->win)
            a->dlg->ops->draw(a->dlg, a);
    }
    /* stdscr is not a panel: copy it first, then the panels over it (the
     * dialog is redrawn every time, so all of it goes over). */
    wnoutrefresh(stdscr);
    if (a->dlg && a->dlg->win && !a->too_small)
        touchwin(a->dlg->win);
    update_panels();
    bool want = false;
    if (!a->too_small && a->dlg && a->dlg->want_cursor) {
        wmove(a->dlg->win, a->dlg->cur_y, a->dlg->cur_x);
        wnoutrefresh(a->dlg->win);
        want = true;
    } else if (!a->too_small && !a->dlg && cursor_x >= 0) {
        wmove(stdscr, a->rows - 2, cursor_x);
        wnoutrefresh(stdscr);
        want = true;
    }
    if (want != a->cursor_on) {
        curs_set(want ? 1 : 0);
        a->cursor_on = want;
    }
    doupdate();
    a->dirty = false;
}

/* ---- timers ---- */

/* Milliseconds until the session's next timer, -1 when none: with nothing
 * scheduled the loop sleeps until a key or a result. */
static int timeout_ms(const app *a)
{
    int64_t next = dd_session_next_timer(a->s);
    if (!next)
        return -1;
    int64_t now = dd_mono_ms();
    return next <= now ? 0 : (int)(next - now > 3600000 ? 3600000 : next - now);
}

static void timers(app *a)
{
    int64_t next = dd_session_next_timer(a->s);
    if (!next || dd_mono_ms() < next)
        return;
    dd_fx fx = {0};
    dd_session_tick(a->s, dd_time_now(), &fx);
    app_run(a, &fx);
}

int loop_run(app *a)
{
    resized(a);
    a->dirty = true;
    while (!a->quit) {
        if (a->dirty)
            render(a);
        struct pollfd p[2] = {
            {.fd = 0, .events = POLLIN},
            {.fd = dd_worker_fd(a->worker), .events = POLLIN},
        };
        int rc = term_poll(p, 2, timeout_ms(a));
        if (term_quit_requested())
            break;
        if (rc < 0) {
            if (errno != EINTR) {
                term_fatal("poll: %s", strerror(errno));
                return 1;
            }
            /* A signal (SIGWINCH): curses reports it as KEY_RESIZE. */
            read_keys(a);
            continue;
        }
        if (p[1].revents & POLLIN)
            drain_results(a);
        if (p[0].revents & (POLLHUP | POLLERR | POLLNVAL))
            break;  /* the terminal went away */
        if (p[0].revents & POLLIN)
            read_keys(a);
        timers(a);
    }
    return 0;
}
