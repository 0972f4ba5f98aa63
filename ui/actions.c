/* The action table and its handlers. A handler asks the session for what
 * the operator wants (session.h) and runs the effects, or opens a dialog. */
#include "actions.h"

#include <curses.h>
#include <string.h>

#include "dialog.h"
#include "dialogs.h"
#include "orgmap.h"
#include "textfield.h"
#include "view.h"

/* ---- helpers ---- */

static dd_table *cur_table(app *a)
{
    int l = app_list(a);
    return l < 0 ? NULL : dd_store_table(&a->s->store, (dd_which)l);
}

static void move_sel(app *a, long delta)
{
    dd_table *t = cur_table(a);
    if (t)
        dd_table_move(t, delta, app_list_rows(a));
}

static void say(app *a, dd_msg_kind k, const char *text)
{
    dd_session_msg(a->s, k, "%s", text);
}

static bool has_filter(const app *a)
{
    int l = app_list(a);
    return l >= 0 && a->s->store.t[l].filter[0] != '\0';
}

static bool no_filter(const app *a)
{
    return !has_filter(a);
}

static bool undo_offered(const app *a)
{
    return dd_session_undo_offered(a->s);
}

static bool has_msg(const app *a)
{
    return a->s->msg.kind != DD_MSG_NONE;
}

/* ---- handlers ---- */

static void act_up(app *a) { move_sel(a, -1); }
static void act_down(app *a) { move_sel(a, 1); }
static void act_pgup(app *a) { move_sel(a, -(long)app_list_rows(a)); }
static void act_pgdn(app *a) { move_sel(a, app_list_rows(a)); }

static void act_home(app *a)
{
    dd_table *t = cur_table(a);
    if (t)
        dd_table_home(t, app_list_rows(a));
}

static void act_end(app *a)
{
    dd_table *t = cur_table(a);
    if (t)
        dd_table_end(t, app_list_rows(a));
}

static void act_detail(app *a)
{
    if (!app_detail_beside(a))
        a->detail = !a->detail;
}

static void act_view1(app *a) { app_show_view(a, 0); }
static void act_view2(app *a) { app_show_view(a, 1); }
static void act_view3(app *a) { app_show_view(a, 2); }
static void act_view4(app *a) { app_show_view(a, 3); }
static void act_next_view(app *a) { app_show_view(a, (a->active + 1) % APP_N_VIEWS); }
static void act_prev_view(app *a) { app_show_view(a, (a->active + APP_N_VIEWS - 1) % APP_N_VIEWS); }

static void act_help(app *a)
{
    dialog_open(a, dlg_help_new(a));
}

static void act_message(app *a)
{
    dialog_open(a, dlg_message_new(a));
}

/* The status-line prompt: its field lives while the prompt is open. */
static bool open_prompt(app *a, int kind, const char *text)
{
    textfield_free(a->input);
    a->input = textfield_new(255);
    if (!a->input) {
        say(a, DD_MSG_ERROR, "out of memory");
        return false;
    }
    textfield_set(a->input, text);
    a->prompt = kind;
    return true;
}

static void act_filter(app *a)
{
    dd_table *t = cur_table(a);
    if (!t)
        return;
    if (!open_prompt(a, '/', t->filter))
        return;
    snprintf(a->prompt_saved, sizeof(a->prompt_saved), "%s", t->filter);
}

static void act_command(app *a)
{
    open_prompt(a, ':', "");
}

static void find(app *a, int dir)
{
    int l = app_list(a);
    dd_table *t = cur_table(a);
    if (t && !dd_store_find_next(&a->s->store, (dd_which)l, t->filter, dir, app_list_rows(a)))
        dd_session_msg(a->s, DD_MSG_INFO, "no other row matches \"%s\"", t->filter);
}

static void act_find_next(app *a) { find(a, 1); }
static void act_find_prev(app *a) { find(a, -1); }

static void act_refresh(app *a)
{
    dd_fx fx = {0};
    int l = app_list(a);
    if (l < 0)
        dd_session_load_recent(a->s, &fx);
    else
        dd_session_fetch(a->s, l, &fx);
    app_run(a, &fx);
}

static void act_sort(app *a)
{
    int l = app_list(a);
    if (l < 0)
        return;
    dd_store_cycle_sort(&a->s->store, (dd_which)l);
    dd_session_msg(a->s, DD_MSG_INFO, "sorted by %s", dd_table_sort_name(cur_table(a)));
}

static void act_reverse(app *a)
{
    int l = app_list(a);
    if (l >= 0)
        dd_store_reverse_sort(&a->s->store, (dd_which)l);
}

static const dd_conn *selected_conn(app *a)
{
    const dd_conn *c = dd_store_selected(&a->s->store, DD_LIST_CONNS);
    if (!c)
        say(a, DD_MSG_INFO, "no connection selected");
    return c;
}

static void act_edit(app *a)
{
    const dd_conn *c = selected_conn(a);
    if (c)
        dialog_open(a, dlg_types_new(a, c));
}

static void act_new(app *a)
{
    dialog_open(a, dlg_create_new(a));
}

static void act_new_from_org(app *a)
{
    const dd_orgmap_row *o = dd_store_selected(&a->s->store, DD_LIST_ORGS);
    if (o)
        dialog_open(a, dlg_create_new_from(a, o));
}

static void act_delete_conn(app *a)
{
    const dd_conn *c = selected_conn(a);
    if (c)
        dialog_open(a, dlg_conn_delete_new(a, c));
}

static void act_delete_sf(app *a)
{
    const dd_sf_org *o = dd_store_selected(&a->s->store, DD_LIST_SF);
    if (o)
        dialog_open(a, dlg_sf_delete_new(a, o));
    else
        say(a, DD_MSG_INFO, "no Salesforce org selected");
}

/* The connections of the org selected in the map, in the connections list
 * (filtered by its id: the rows it is the source or the sink of), where
 * the usual actions apply. */
static void act_org_connections(app *a)
{
    const dd_orgmap_row *o = dd_store_selected(&a->s->store, DD_LIST_ORGS);
    if (!o) {
        say(a, DD_MSG_INFO, "no org selected");
        return;
    }
    app_show_view(a, 0);
    dd_store_set_filter(&a->s->store, DD_LIST_CONNS, o->id);
    dd_table_fit(dd_store_table(&a->s->store, DD_LIST_CONNS), app_list_rows(a));
    dd_session_msg(a->s, DD_MSG_INFO, "connections of %s: %zu shown (Esc clears the filter)",
                   o->name ? o->name : o->id, a->s->store.t[DD_LIST_CONNS].n);
}

static void act_undo(app *a)
{
    dd_fx fx = {0};
    dd_session_undo(a->s, &fx);
    app_run(a, &fx);
}

static void act_server_filter(app *a)
{
    dialog_open(a, dlg_server_filter_new(a));
}

static void act_disable(app *a)
{
    dialog_open(a, dlg_disable_new(a));
}

static void act_profile(app *a)
{
    dialog_open(a, dlg_profile_new(a));
}

static void act_account(app *a)
{
    dd_fx fx = {0};
    dd_session_account(a->s, !a->s->account.on, &fx);
    app_run(a, &fx);
}

static void act_escape(app *a)
{
    int l = app_list(a);
    dd_fx fx = {0};
    if (dd_session_cancel_fetch(a->s, l, &fx)) {
        app_run(a, &fx);
        return;
    }
    if (dd_session_dismiss(a->s, l))
        return;
    if (has_filter(a))
        dd_store_set_filter(&a->s->store, (dd_which)l, "");
}

static void act_redraw(app *a)
{
    clearok(curscr, TRUE);
}

static void act_quit(app *a)
{
    if (dd_worker_writes_pending(a->worker) > 0)
        dialog_open(a, dlg_quit_new(a));
    else
        a->quit = true;
}

/* ---- the table ---- */

#define NO_OP (-1)

const action actions[] = {
    {{'?', KEYC(KEY_F(1))}, 1, "? F1", "Help", "this help", NO_OP, V_ALL, NULL, act_help},
    {{'p', KEYC(KEY_F(2))}, 2, "p F2", "Profile", "switch profile (also :profile NAME)", NO_OP, V_ALL, NULL, act_profile},
    {{'/', KEYC(KEY_F(3))}, 3, "/ F3", "Filter", "live filter over the visible columns and ids", NO_OP, V_LISTS, NULL, act_filter},
    {{'n'}, 0, "n", NULL, "next row matching the filter", NO_OP, V_LISTS, has_filter, act_find_next},
    {{'N'}, 0, "N", NULL, "previous row matching the filter", NO_OP, V_LISTS, has_filter, act_find_prev},
    {{'e', KEYC(KEY_F(4))}, 4, "e F4", "Edit", "edit the connection's types", DD_OP_CONN_UPDATE, V_CONNS, NULL, act_edit},
    {{'r', KEYC(KEY_F(5))}, 5, "r F5", "Refresh", "refresh the current list", NO_OP, V_ALL, NULL, act_refresh},
    {{'s', KEYC(KEY_F(6))}, 6, "s F6", "Sort", "cycle the sort column", NO_OP, V_LISTS, NULL, act_sort},
    {{'S'}, 0, "S", NULL, "reverse the sort", NO_OP, V_LISTS, NULL, act_reverse},
    {{'n', KEYC(KEY_F(7))}, 7, "n F7", "New", "create a connection (n: when no filter is set)", DD_OP_CONN_CREATE, V_CONNS, no_filter, act_new},
    {{KEYC(KEY_F(7))}, 7, "F7", "New", "", DD_OP_CONN_CREATE, V_CONNS, has_filter, act_new},
    {{'n', KEYC(KEY_F(7))}, 7, "n F7", "New", "create a connection from the selected org (account view: through its profile)", DD_OP_CONN_CREATE, V_MAP, no_filter, act_new_from_org},
    {{KEYC(KEY_F(7))}, 7, "F7", "New", "", DD_OP_CONN_CREATE, V_MAP, has_filter, act_new_from_org},
    {{'d', KEYC(KEY_F(8))}, 8, "d F8", "Delete", "delete the selected connection (asks first)", DD_OP_CONN_DELETE, V_CONNS, NULL, act_delete_conn},
    {{'d', KEYC(KEY_F(8))}, 8, "d F8", "Delete", "delete the selected Salesforce org (type its name)", DD_OP_SF_DELETE, V_SF, NULL, act_delete_sf},
    {{'u'}, 0, "u", NULL, "undo the last delete: re-create it (new id)", DD_OP_CONN_CREATE, V_CONNS, undo_offered, act_undo},
    {{'f'}, 0, "f", NULL, "server-side sink/source org filter (refetches)", NO_OP, V_CONNS, NULL, act_server_filter},
    {{'D', KEYC(KEY_F(9))}, 9, "D F9", "Disable", "disable this org (typed UUID confirmation)", DD_OP_ORG_DISABLE, V_ORG, NULL, act_disable},
    {{'q', KEYC(KEY_F(10))}, 10, "q F10", "Quit", "quit (asks if a write is in flight)", NO_OP, V_ALL, NULL, act_quit},
    {{KEYC(KEY_UP), 'k'}, 0, "Up k", NULL, "previous row", NO_OP, V_LISTS, NULL, act_up},
    {{KEYC(KEY_DOWN), 'j'}, 0, "Down j", NULL, "next row", NO_OP, V_LISTS, NULL, act_down},
    {{KEYC(KEY_PPAGE)}, 0, "PgUp", NULL, "page up", NO_OP, V_LISTS, NULL, act_pgup},
    {{KEYC(KEY_NPAGE), ' '}, 0, "PgDn", NULL, "page down", NO_OP, V_LISTS, NULL, act_pgdn},
    {{'g', KEYC(KEY_HOME)}, 0, "g Home", NULL, "first row", NO_OP, V_LISTS, NULL, act_home},
    {{'G', KEYC(KEY_END)}, 0, "G End", NULL, "last row", NO_OP, V_LISTS, NULL, act_end},
    {{'\n', '\r', KEYC(KEY_ENTER)}, 0, "Enter", NULL, "show/hide the detail pane (narrow screens)", NO_OP, V_CONNS | V_SF, NULL, act_detail},
    {{'\n', '\r', KEYC(KEY_ENTER)}, 0, "Enter", NULL, "the selected org's connections, to and from it", NO_OP, V_MAP, NULL, act_org_connections},
    {{'\t'}, 0, "Tab", NULL, "next panel", NO_OP, V_ALL, NULL, act_next_view},
    {{KEYC(KEY_BTAB)}, 0, "S-Tab", NULL, "previous panel", NO_OP, V_ALL, NULL, act_prev_view},
    {{'1'}, 0, "1", NULL, "Connections", NO_OP, V_ALL, NULL, act_view1},
    {{'2'}, 0, "2", NULL, "Salesforce orgs", NO_OP, V_ALL, NULL, act_view2},
    {{'3'}, 0, "3", NULL, "Org", NO_OP, V_ALL, NULL, act_view3},
    {{'4'}, 0, "4", NULL, "Org map: every org of the account", NO_OP, V_ALL, NULL, act_view4},
    {{'a'}, 0, "a", NULL, "account view: every profile at once (a again: this profile)", NO_OP, V_ALL, NULL, act_account},
    {{':'}, 0, ":", NULL, "command: profile NAME, account [off], quit", NO_OP, V_ALL, NULL, act_command},
    {{'m'}, 0, "m", NULL, "show the whole status message", NO_OP, V_ALL, has_msg, act_message},
    {{27}, 0, "Esc", NULL, "cancel the fetch, else dismiss the message, else clear the filter", NO_OP, V_ALL, NULL, act_escape},
    {{12}, 0, "^L", NULL, "redraw the screen", NO_OP, V_ALL, NULL, act_redraw},
};

const size_t n_actions = sizeof(actions) / sizeof(actions[0]);

bool action_in_view(const app *a, const action *ac)
{
    return (ac->views & (1u << a->active)) && (!ac->applies || ac->applies(a));
}

const action *action_for_key(const app *a, bool is_key, wint_t ch)
{
    int k = is_key ? KEYC(ch) : (int)ch;
    for (size_t i = 0; i < n_actions; i++) {
        const action *ac = &actions[i];
        if (!action_in_view(a, ac))
            continue;
        for (int j = 0; j < 4 && ac->keys[j]; j++)
            if (ac->keys[j] == k)
                return ac;
    }
    return NULL;
}

void action_run(app *a, const action *ac)
{
    /* Read-only is decided by the session, with the reason as the message. */
    if (ac->op >= 0 && !dd_session_may(a->s, (dd_op_id)ac->op))
        return;
    ac->run(a);
}
