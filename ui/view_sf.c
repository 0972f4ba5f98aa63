/* Salesforce orgs connected to the Datadog org. */
#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "view.h"

static void layout(const app *a, int *x, int *w)
{
    int lw = app_list_width(a);
    int name_w = (lw - 2 - 19 - 13 - 3) / 2;
    x[DD_SC_NAME] = 2, w[DD_SC_NAME] = name_w;
    x[DD_SC_SFDC_ID] = 2 + name_w + 1, w[DD_SC_SFDC_ID] = 18;
    x[DD_SC_TYPE] = x[DD_SC_SFDC_ID] + 19, w[DD_SC_TYPE] = 12;
    x[DD_SC_URL] = x[DD_SC_TYPE] + 13, w[DD_SC_URL] = lw - x[DD_SC_URL];
}

static void draw_detail(app *a, int y, int x, int h, int w)
{
    const dd_sf_org *o = dd_store_sf_selected(&a->store);
    int ix, iw;
    int row = view_detail_frame(a, y, x, h, w, &ix, &iw);
    if (!o) {
        draw_fit(stdscr, row, ix, iw, "No Salesforce org selected.", theme_attr(R_DIM));
        return;
    }
    row = view_kv(stdscr, row, ix, iw, "ID", o->id);
    row = view_kv(stdscr, row, ix, iw, "Name", o->name);
    row = view_kv(stdscr, row, ix, iw, "SFDC org id", o->sfdc_org_id);
    row = view_kv(stdscr, row, ix, iw, "Type", o->sfdc_org_type);
    view_kv(stdscr, row, ix, iw, "Instance", o->instance_url);
}

static const view_empty_words empty_words = {
    .loading = "Loading Salesforce orgs",
    .no_match = "No Salesforce org matches",
    .no_match_end = ".",
    .none = "No Salesforce org is connected.",
};

static void sf_draw(app *a, int top, int rows)
{
    dd_table *t = &a->store.st;
    int x[DD_SC_COUNT], w[DD_SC_COUNT];
    layout(a, x, w);
    int lw = app_list_width(a);
    int list_rows = app_list_rows(a);
    view_list_header(t, top, lw, DD_SC_COUNT, x, w, dd_sf_col_name);
    dd_table_fit(t, list_rows);
    for (int i = 0; i < list_rows; i++) {
        size_t pos = t->top + (size_t)i;
        int y = top + 1 + i;
        const dd_sf_org *o = dd_store_sf_at(&a->store, pos);
        if (!o) {
            draw_fit(stdscr, y, 0, lw, "", theme_attr(R_NORMAL));
            continue;
        }
        int attr = pos == t->sel ? theme_attr(R_SELECTED) : theme_attr(R_NORMAL);
        draw_fit(stdscr, y, 0, 2, "", attr);
        for (int c = 0; c < DD_SC_COUNT; c++) {
            draw_fit(stdscr, y, x[c], w[c], dd_sf_col_text(o, c), attr);
            if (c + 1 < DD_SC_COUNT)
                draw_fit(stdscr, y, x[c] + w[c], 1, "", attr);
        }
    }
    view_list_empty(a, t, top + 1, list_rows, lw, &empty_words);
    view_place_detail(a, top, rows, list_rows, lw, draw_detail);
}

static void sf_activate(app *a)
{
    if (!a->store.st.load.loaded_once && !a->store.st.load.loading)
        app_fetch(a, 1);
}

const view view_salesforce = {
    .title = "Salesforce orgs",
    .list = DD_LIST_SF,
    .draw = sf_draw,
    .activate = sf_activate,
};
