/* A modal dialog: a window on its own panel above the main screen. The
 * loop keeps running while a dialog is open (results still arrive), so a
 * dialog is a small state machine with an ops table, never a nested loop. */
#ifndef DD_UI_DIALOG_H
#define DD_UI_DIALOG_H

#include <curses.h>
#include <panel.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"

typedef struct dialog dialog;

typedef enum dlg_rc { DLG_KEEP, DLG_CLOSE } dlg_rc;

typedef struct dialog_ops {
    /* Height and width wanted on a screen of rows x cols. */
    void (*size)(dialog *d, app *a, int rows, int cols, int *h, int *w);
    void (*draw)(dialog *d, app *a);
    dlg_rc (*key)(dialog *d, app *a, bool is_key, wint_t ch);
    /* A final result of the job this dialog submitted (d->pending). */
    dlg_rc (*on_result)(dialog *d, app *a, const dd_result *r);
    void (*free)(dialog *d);
} dialog_ops;

struct dialog {
    const dialog_ops *ops;
    WINDOW *win;
    PANEL *panel;
    int h, w;
    uint64_t pending;     /* job submitted from this dialog, 0 none */
    int cur_y, cur_x;     /* cursor position when want_cursor */
    bool want_cursor;
};

/* Opens d over the screen (closing any dialog open); NULL does nothing. */
void dialog_open(app *a, dialog *d);
/* Closes the open dialog, if any. */
void dialog_close(app *a);
/* (Re)creates the window for the current screen size, centred. */
void dialog_layout(dialog *d, app *a);
void dialog_destroy(dialog *d);
/* Box and title on row 0. */
void dialog_frame(dialog *d, const char *title, int attr);
/* "Enter send  Esc cancel" style hint on the last inner row. */
void dialog_hint(dialog *d, const char *hint);
/* Shows an error (wrapped) from row y; returns rows used. */
int dialog_error(dialog *d, int y, const char *text);

/* The dialogs that send a request share these steps, so that Enter, the
 * wait for the answer and what is shown meanwhile are the same in each. */

/* Enter, as a key code or as a character. */
bool dialog_is_enter(bool is_key, wint_t ch);
/* After the session was asked for this dialog's write: runs fx (whose first
 * job is the write when queued is true) and makes the write the dialog's
 * pending job, clearing error. True when a request is now out; false when
 * the session refused it (read-only, out of memory: its message says why). */
bool dialog_sent(dialog *d, app *a, dd_fx *fx, bool queued, char *error);
/* Row y: busy (dim) while a request is out, else the error, if any. */
void dialog_status(dialog *d, int y, bool sending, const char *busy, const char *error);

#endif
