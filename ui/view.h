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

#endif
