/* Salesforce orgs connected to the Datadog org (list_sf.c) in the list view. */
#include "view.h"

static const view_empty_words words = {
    .loading = "Loading Salesforce orgs",
    .no_match = "No Salesforce org matches",
    .no_match_end = ".",
    .none = "No Salesforce org is connected.",
    .none_selected = "No Salesforce org selected.",
};

static void draw(app *a, int top, int rows)
{
    view_list_draw(a, DD_LIST_SF, &words, top, rows);
}

static void activate(app *a)
{
    view_list_activate(a, DD_LIST_SF);
}

const view view_salesforce = {
    .title = "Salesforce orgs",
    .list = DD_LIST_SF,
    .tab_count = true,
    .draw = draw,
    .activate = activate,
};
