/* What a panel of the console is (Connections, Salesforce orgs, Org): its
 * title, the list it shows, and how it draws. Each view file ends with its
 * instance; the loop and the action table only talk to views through it. */
#ifndef DD_UI_VIEW_TYPE_H
#define DD_UI_VIEW_TYPE_H

struct app;

typedef struct view {
    const char *title;
    int list;                 /* DD_LIST_* (store.h), or -1 (no list) */
    bool tab_count;           /* the tab shows how many rows the list holds */
    /* Draws the main area: rows [top, top + rows) of stdscr. */
    void (*draw)(struct app *a, int top, int rows);
    /* The view became the active one. */
    void (*activate)(struct app *a);
} view;

#endif
