/* A panel of the console (Connections, Salesforce orgs, Org). Each view
 * file ends with its ops table; the loop and the action table only talk to
 * views through it. */
#ifndef DD_UI_VIEW_H
#define DD_UI_VIEW_H

#include <curses.h>

#include "app.h"

typedef struct view {
    const char *title;
    int list;                 /* DD_LIST_CONNS, DD_LIST_SF, or -1 (no list) */
    /* Draws the main area: rows [top, top + rows) of stdscr. */
    void (*draw)(app *a, int top, int rows);
    /* The view became the active one. */
    void (*activate)(app *a);
} view;

extern const view view_connections;
extern const view view_salesforce;
extern const view view_org;

/* Shared by the list views: "2024-01-01 00:00" (UTC). */
void view_short_time(int64_t t, char *buf, size_t n);
/* Draws "Label: value" rows of a detail pane; returns the next row. */
int view_kv(WINDOW *win, int y, int x, int w, const char *label, const char *value);
/* Centered message in an empty list. */
void view_empty(app *a, int top, int rows, int x, int w, const char *text);
/* An empty list whose last fetch failed: the whole error, wrapped, so a
 * narrow screen still shows what happened and what to do. */
void view_empty_error(app *a, int top, int rows, int x, int w, const char *error);

/* The two list views work alike: a header of sortable columns, the rows,
 * a message when there are none, and a detail pane beside or below. What
 * differs (columns, row text, the words) is passed in. */

/* Header row of a list: each column's name, the sort column in bold with
 * its direction. */
void view_list_header(const dd_table *t, int y, int w, int n_cols, const int *col_x,
                      const int *col_w, const char *(*name)(int col));

/* What an empty list says, by state; the filter text goes between
 * no_match and no_match_end, in quotes. */
typedef struct view_empty_words {
    const char *loading;        /* an ellipsis follows */
    const char *no_match;
    const char *no_match_end;
    const char *none;           /* loaded, and nothing there */
} view_empty_words;

/* When the list has no rows: the words for its state, or the whole error of
 * a failed fetch. Nothing when it has rows. */
void view_list_empty(app *a, const dd_table *t, int top, int rows, int w,
                     const view_empty_words *words);

/* Blanks the detail pane at (y, x, h, w) and draws its separator; sets the
 * inner column and width and returns the first row to write. */
int view_detail_frame(app *a, int y, int x, int h, int w, int *ix, int *iw);

/* Draws the detail pane beside the list (list width lw), or below its
 * list_rows rows when it is shown there. */
void view_place_detail(app *a, int top, int rows, int list_rows, int lw,
                       void (*draw)(app *a, int y, int x, int h, int w));

#endif
