/* Connections: the list of org connections (list_conns.c) in the list view. */
#include "view.h"

static const view_empty_words words = {
    .loading = "Loading connections",
    .no_match = "No connection matches",
    .no_match_end = " (Esc clears the filter).",
    .none = "No connections. Press n to create one.",
    .none_selected = "No connection selected.",
};

static void draw(app *a, int top, int rows)
{
    view_list_draw(a, DD_LIST_CONNS, &words, top, rows);
}

static void activate(app *a)
{
    view_list_activate(a, DD_LIST_CONNS);
}

const view view_connections = {
    .title = "Connections",
    .list = DD_LIST_CONNS,
    .tab_count = true,
    .draw = draw,
    .activate = activate,
};
