/* Salesforce orgs connected to the Datadog org. */
#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "view.h"

#define DETAIL_W 52

static int list_width(const app *a)
{
    return app_detail_beside(a) ? a->cols - DETAIL_W : a->cols;
}

static void layout(const app *a, int *x, int *w)
{
    int lw = list_width(a);
    int name_w = (lw - 2 - 19 - 13 - 3) / 2;
    x[DD_SC_NAME] = 2, w[DD_SC_NAME] = name_w;
    x[DD_SC_SFDC_ID] = 2 + name_w + 1, w[DD_SC_SFDC_ID] = 18;
    x[DD_SC_TYPE] = x[DD_SC_SFDC_ID] + 19, w[DD_SC_TYPE] = 12;
    x[DD_SC_URL] = x[DD_SC_TYPE] + 13, w[DD_SC_URL] = lw - x[DD_SC_URL];
}

static void draw_detail(app *a, int y, int x, int h, int w)
{
    const dd_sf_org *o = dd_store_sf_selected(&a->store);
    for (int i = 0; i < h; i++)
        draw_fit(stdscr, y + i, x, w, "", theme_attr(R_NORMAL));
    wattrset(stdscr, theme_attr(R_DIM));
    if (app_detail_beside(a))
        mvwvline(stdscr, y, x, theme_ascii() ? '|' : ACS_VLINE, h);
    else
        mvwhline(stdscr, y, x, theme_ascii() ? '-' : ACS_HLINE, w);
    wattrset(stdscr, A_NORMAL);
    int ix = app_detail_beside(a) ? x + 2 : x + 1, iw = w - (ix - x) - 1;
    int row = app_detail_beside(a) ? y : y + 1;
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

static void sf_draw(app *a, int top, int rows)
{
    dd_table *t = &a->store.st;
    int x[DD_SC_COUNT], w[DD_SC_COUNT];
    layout(a, x, w);
    int lw = list_width(a);
    int list_rows = app_list_rows(a);
    int hattr = theme_attr(R_HEADER);
    wattrset(stdscr, hattr);
    mvwhline(stdscr, top, 0, ' ', lw);
    for (int c = 0; c < DD_SC_COUNT; c++) {
        char title[64];
        snprintf(title, sizeof(title), "%s%s%s", dd_sf_col_name(c), t->sort_col == c ? " " : "",
                 t->sort_col == c ? (t->sort_rev ? theme_glyphs()->down : theme_glyphs()->up) : "");
        draw_fit(stdscr, top, x[c], w[c], title, hattr | (t->sort_col == c ? A_BOLD : 0));
    }
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
    if (t->n == 0) {
        char msg[400];
        if (t->load.loading)
            snprintf(msg, sizeof(msg), "Loading Salesforce orgs%s", theme_glyphs()->ellipsis);
        else if (t->filter[0])
            snprintf(msg, sizeof(msg), "No Salesforce org matches \"%s\".", t->filter);
        else if (t->load.error[0])
            msg[0] = '\0';  /* the error itself is shown below */
        else
            snprintf(msg, sizeof(msg), "No Salesforce org is connected.");
        if (msg[0])
            view_empty(a, top + 1, list_rows, 0, lw, msg);
        else
            view_empty_error(a, top + 1, list_rows, 0, lw, t->load.error);
    }
    if (app_detail_beside(a))
        draw_detail(a, top, lw, rows, a->cols - lw);
    else if (a->detail)
        draw_detail(a, top + 1 + list_rows, 0, rows - 1 - list_rows, a->cols);
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
