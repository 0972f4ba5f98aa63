/* The panels of the console and what they share. The two lists are one
 * generic list view (view_list.c) over the kind's columns (list_kind.h);
 * each list's file only names its words. */
#ifndef DD_UI_VIEW_H
#define DD_UI_VIEW_H

#include <curses.h>

#include "app.h"
#include "view_type.h"

extern const view view_connections;
extern const view view_salesforce;
extern const view view_org;
extern const view view_orgmap;

/* Draws "Label: value" rows of a detail pane; returns the next row. */
int view_kv(WINDOW *win, int y, int x, int w, const char *label, const char *value);
/* view_kv for a value that ends with " (ID)" (id non-NULL): when the value
 * does not fit, what comes before the id is cut, never the id; when only
 * the id fits, it goes whole on the next row. Returns the row after. */
int view_kv_id(WINDOW *win, int y, int x, int w, const char *label, const char *value,
               const char *id);
/* Centered message in an empty list. */
void view_empty(app *a, int top, int rows, int x, int w, const char *text);
/* An empty list whose last fetch failed: the whole error, wrapped, so a
 * narrow screen still shows what happened and what to do. */
void view_empty_error(app *a, int top, int rows, int x, int w, const char *error);

/* What an empty list says, by state; the filter text goes between
 * no_match and no_match_end, in quotes. */
typedef struct view_empty_words {
    const char *loading;        /* an ellipsis follows */
    const char *no_match;
    const char *no_match_end;
    const char *none;           /* loaded, and nothing there */
    const char *none_selected;  /* the detail pane without a selection */
} view_empty_words;

/* Draws list `list` (dd_which) in rows [top, top + rows): header, rows,
 * what an empty list says, and the detail pane beside or below. */
void view_list_draw(app *a, int list, const view_empty_words *words, int top, int rows);
/* The view of list became active: loads it if it never was. */
void view_list_activate(app *a, int list);

#endif
