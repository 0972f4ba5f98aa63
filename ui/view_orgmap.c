/* The org map: every org of the account (list_orgs.c) in the list view;
 * Enter shows the connections of the selected org. */
#include "view.h"

static const view_empty_words words = {
    .loading = "Loading the account's orgs",
    .no_match = "No org matches",
    .no_match_end = " (Esc clears the filter).",
    .none = "No org is known: no connection names one and the org list is empty.",
    .none_selected = "No org selected.",
};

static void draw(app *a, int top, int rows)
{
    view_list_draw(a, DD_LIST_ORGS, &words, top, rows);
}

static void activate(app *a)
{
    view_list_activate(a, DD_LIST_ORGS);
}

const view view_orgmap = {
    .title = "Org map",
    .list = DD_LIST_ORGS,
    .draw = draw,
    .activate = activate,
};
