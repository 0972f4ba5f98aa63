/* Connections: the list of org connections with a detail pane. Only the
 * rows in the window are formatted, whatever the list's length. */
#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "view.h"

typedef struct cols {
    int x[DD_CC_COUNT];
    int w[DD_CC_COUNT];
} cols;

static void layout(const app *a, cols *c)
{
    int w = app_list_width(a);
    int id_w = w >= 150 ? 36 : 10;
    int fixed = 2 + 16 + 1 + 18 + 1 + id_w + 3;
    int name_w = (w - fixed) / 2;
    if (name_w < 8)
        name_w = 8;
    int x = 2;
    c->x[DD_CC_SOURCE] = x, c->w[DD_CC_SOURCE] = name_w, x += name_w + 1;
    c->x[DD_CC_SINK] = x, c->w[DD_CC_SINK] = name_w, x += name_w + 1;
    c->x[DD_CC_TYPES] = x, c->w[DD_CC_TYPES] = 18, x += 19;
    c->x[DD_CC_CREATED] = x, c->w[DD_CC_CREATED] = 16, x += 17;
    c->x[DD_CC_ID] = x, c->w[DD_CC_ID] = w - x;
}

static void draw_row(app *a, int y, size_t pos, const cols *c)
{
    const dd_table *t = &a->store.ct;
    const dd_conn *r = dd_store_conn_at(&a->store, pos);
    int w = app_list_width(a);
    unsigned char mark = t->mark ? t->mark[t->order[pos]] : 0;
    int attr = theme_attr(R_NORMAL);
    if (mark == DD_MARK_NEW)
        attr = theme_attr(R_NEW);
    else if (mark == DD_MARK_CHANGED)
        attr = theme_attr(R_CHANGED);
    if (pos == t->sel)
        attr = theme_attr(R_SELECTED);
    const glyphs *g = theme_glyphs();
    draw_fit(stdscr, y, 0, 2,
             mark == DD_MARK_NEW ? g->mark_new : mark == DD_MARK_CHANGED ? g->mark_changed : "",
             attr);
    char buf[512], when[32];
    for (int col = 0; col < DD_CC_COUNT; col++) {
        const char *s;
        if (col == DD_CC_CREATED) {
            view_short_time(r->created_at, when, sizeof(when));
            s = when;
        } else {
            s = dd_conn_col_text(r, col, buf, sizeof(buf));
        }
        /* One separating column between cells, in the row's attribute. */
        draw_fit(stdscr, y, c->x[col], c->w[col], s, attr);
        int end = c->x[col] + c->w[col];
        if (col + 1 < DD_CC_COUNT && end < w)
            draw_fit(stdscr, y, end, 1, "", attr);
    }
}

static void ref_line(char *buf, size_t n, const dd_ref *r)
{
    if (r->name && r->id)
        snprintf(buf, n, "%s (%s)", r->name, r->id);
    else
        snprintf(buf, n, "%s", r->name ? r->name : r->id ? r->id : "-");
}

static void draw_detail(app *a, int y, int x, int h, int w)
{
    const dd_conn *c = dd_store_conn_selected(&a->store);
    int ix, iw;
    int row = view_detail_frame(a, y, x, h, w, &ix, &iw);
    if (!c) {
        draw_fit(stdscr, row, ix, iw, "No connection selected.", theme_attr(R_DIM));
        return;
    }
    char buf[1200], when[64], rel[64];
    row = view_kv(stdscr, row, ix, iw, "ID", c->id);
    ref_line(buf, sizeof(buf), &c->source);
    row = view_kv(stdscr, row, ix, iw, "Source", buf);
    ref_line(buf, sizeof(buf), &c->sink);
    row = view_kv(stdscr, row, ix, iw, "Sink", buf);
    dd_conn_types_join(c, buf, sizeof(buf));
    row = view_kv(stdscr, row, ix, iw, "Types", buf);
    if (c->created_at != DD_TIME_NONE) {
        dd_format_time(c->created_at, when, sizeof(when));
        dd_format_relative(c->created_at, app_now(), rel, sizeof(rel));
        snprintf(buf, sizeof(buf), "%s (%s)", when, rel);
    } else {
        snprintf(buf, sizeof(buf), "%s", c->created_at_text ? c->created_at_text : "-");
    }
    row = view_kv(stdscr, row, ix, iw, "Created", buf);
    ref_line(buf, sizeof(buf), &c->created_by);
    row = view_kv(stdscr, row, ix, iw, "Created by", buf);
    unsigned char mark = a->store.ct.mark ? a->store.ct.mark[a->store.ct.order[a->store.ct.sel]] : 0;
    if (mark && row < y + h)
        view_kv(stdscr, row, ix, iw, "Refresh",
                mark == DD_MARK_NEW ? "new since the previous refresh"
                                    : "changed since the previous refresh");
}

static const view_empty_words empty_words = {
    .loading = "Loading connections",
    .no_match = "No connection matches",
    .no_match_end = " (Esc clears the filter).",
    .none = "No connections. Press n to create one.",
};

static void conn_draw(app *a, int top, int rows)
{
    dd_table *t = &a->store.ct;
    cols c;
    layout(a, &c);
    int list_rows = app_list_rows(a);
    int w = app_list_width(a);
    view_list_header(t, top, w, DD_CC_COUNT, c.x, c.w, dd_conn_col_name);
    dd_table_fit(t, list_rows);
    for (int i = 0; i < list_rows; i++) {
        size_t pos = t->top + (size_t)i;
        if (pos < t->n)
            draw_row(a, top + 1 + i, pos, &c);
        else
            draw_fit(stdscr, top + 1 + i, 0, w, "", theme_attr(R_NORMAL));
    }
    view_list_empty(a, t, top + 1, list_rows, w, &empty_words);
    view_place_detail(a, top, rows, list_rows, w, draw_detail);
}

static void conn_activate(app *a)
{
    if (!a->store.ct.load.loaded_once && !a->store.ct.load.loading)
        app_fetch(a, 0);
}

const view view_connections = {
    .title = "Connections",
    .list = DD_LIST_CONNS,
    .draw = conn_draw,
    .activate = conn_activate,
};
