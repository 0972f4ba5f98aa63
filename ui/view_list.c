/* The list view: any list kind drawn from its column table (list_kind.h),
 * with the marks of the last refresh and a detail pane. Only the rows in
 * the window are formatted, whatever the list's length. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "draw.h"
#include "view.h"

#define MAX_COLS 16

typedef struct layout {
    int n;
    int x[MAX_COLS], w[MAX_COLS];
} layout;

static void lay_out(const app *a, const dd_list_kind *k, layout *l)
{
    l->n = k->n_shown < MAX_COLS ? k->n_shown : MAX_COLS;
    /* Two columns for the refresh mark. */
    dd_kind_layout(k, app_list_width(a), 2, l->x, l->w);
}

/* Header row: each column's name, the sort column in bold with its
 * direction. */
static void header(const dd_table *t, int y, int w, const layout *l)
{
    int attr = theme_attr(R_HEADER);
    wattrset(stdscr, attr);
    mvwhline(stdscr, y, 0, ' ', w);
    for (int i = 0; i < l->n; i++) {
        int col = t->kind->shown[i];
        char title[64];
        const char *name = t->kind->cols[col].name;
        if (t->sort_col == col)
            snprintf(title, sizeof(title), "%s %s", name,
                     t->sort_rev ? theme_glyphs()->down : theme_glyphs()->up);
        else
            snprintf(title, sizeof(title), "%s", name);
        draw_fit(stdscr, y, l->x[i], l->w[i], title, attr | (t->sort_col == col ? A_BOLD : 0));
    }
}

static void row(app *a, int list, int y, size_t pos, const layout *l)
{
    const dd_table *t = &a->s->store.t[list];
    const void *r = dd_store_at(&a->s->store, list, pos);
    int w = app_list_width(a);
    unsigned char mark = dd_table_mark_at(t, pos);
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
    char buf[512];
    for (int i = 0; i < l->n; i++) {
        const dd_column *c = &t->kind->cols[t->kind->shown[i]];
        const char *s = dd_column_text(c, r, buf, sizeof(buf));
        /* One separating column between cells, in the row's attribute. */
        draw_fit(stdscr, y, l->x[i], l->w[i], s && *s ? s : "", attr);
        int end = l->x[i] + l->w[i];
        if (i + 1 < l->n && end < w)
            draw_fit(stdscr, y, end, 1, "", attr);
    }
}

static void empty(app *a, const dd_table *t, int top, int rows, int w,
                  const view_empty_words *words)
{
    if (t->n != 0)
        return;
    char msg[400];
    if (t->load.loading)
        snprintf(msg, sizeof(msg), "%s%s", words->loading, theme_glyphs()->ellipsis);
    else if (t->filter[0])
        snprintf(msg, sizeof(msg), "%s \"%s\"%s", words->no_match, t->filter,
                 words->no_match_end);
    else if (t->load.error[0])
        msg[0] = '\0';  /* the error itself is shown below */
    else
        snprintf(msg, sizeof(msg), "%s", words->none);
    if (msg[0])
        view_empty(a, top, rows, 0, w, msg);
    else
        view_empty_error(a, top, rows, 0, w, t->load.error);
}

/* Blanks the detail pane at (y, x, h, w) and draws its separator; sets the
 * inner column and width and returns the first row to write. */
static int detail_frame(app *a, int y, int x, int h, int w, int *ix, int *iw)
{
    for (int i = 0; i < h; i++)
        draw_fit(stdscr, y + i, x, w, "", theme_attr(R_NORMAL));
    wattrset(stdscr, theme_attr(R_DIM));
    if (app_detail_beside(a))
        mvwvline(stdscr, y, x, theme_ascii() ? '|' : ACS_VLINE, h);
    else
        mvwhline(stdscr, y, x, theme_ascii() ? '-' : ACS_HLINE, w);
    wattrset(stdscr, A_NORMAL);
    *ix = app_detail_beside(a) ? x + 2 : x + 1;
    *iw = w - (*ix - x) - 1;
    return app_detail_beside(a) ? y : y + 1;
}

static void detail(app *a, int list, const view_empty_words *words, int y, int x, int h, int w)
{
    const dd_table *t = &a->s->store.t[list];
    const void *r = dd_store_selected(&a->s->store, list);
    int ix, iw;
    int at = detail_frame(a, y, x, h, w, &ix, &iw);
    if (!r) {
        draw_fit(stdscr, at, ix, iw, words->none_selected, theme_attr(R_DIM));
        return;
    }
    char buf[1200];
    int64_t now = (int64_t)time(NULL);
    for (int i = 0; i < t->kind->n_detail && at < y + h; i++) {
        const dd_detail *d = &t->kind->detail[i];
        const char *text = d->text(r, now, buf, sizeof(buf));
        at = view_kv_id(stdscr, at, ix, iw, d->label, text, d->id ? d->id(r) : NULL);
    }
    unsigned char mark = dd_table_mark_at(t, t->sel);
    if (mark && at < y + h)
        view_kv(stdscr, at, ix, iw, "Refresh",
                mark == DD_MARK_NEW ? "new since the previous refresh"
                                    : "changed since the previous refresh");
}

void view_list_draw(app *a, int list, const view_empty_words *words, int top, int rows)
{
    dd_table *t = &a->s->store.t[list];
    layout l;
    lay_out(a, t->kind, &l);
    int list_rows = app_list_rows(a);
    int w = app_list_width(a);
    header(t, top, w, &l);
    dd_table_fit(t, list_rows);
    for (int i = 0; i < list_rows; i++) {
        size_t pos = t->top + (size_t)i;
        if (pos < t->n)
            row(a, list, top + 1 + i, pos, &l);
        else
            draw_fit(stdscr, top + 1 + i, 0, w, "", theme_attr(R_NORMAL));
    }
    empty(a, t, top + 1, list_rows, w, words);
    if (app_detail_beside(a))
        detail(a, list, words, top, w, rows, a->cols - w);
    else if (a->detail)
        detail(a, list, words, top + 1 + list_rows, 0, rows - 1 - list_rows, a->cols);
}

void view_list_activate(app *a, int list)
{
    dd_fx fx = {0};
    dd_session_fetch_if_unloaded(a->s, list, &fx);
    app_run(a, &fx);
}
