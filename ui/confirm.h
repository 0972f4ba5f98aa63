/* A typed confirmation: before a request that cannot be undone, the
 * operator types a value the dialog names (an org's name, the org UUID) and
 * presses Enter; Esc cancels. The Salesforce delete and the org disable
 * dialogs embed one, so that the field, its keys, the wait for the answer
 * and the error line behave the same in both; each dialog keeps its own
 * words, its check of the typed text and its job. */
#ifndef DD_UI_CONFIRM_H
#define DD_UI_CONFIRM_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "dialog.h"
#include "textfield.h"

typedef struct confirm {
    textfield *in;
    bool sending;        /* the job is out; keys wait for its answer */
    char error[900];     /* shown under the field; cleared by an edit */
} confirm;

/* A field for at most max columns. 0 on success, -1 when out of memory. */
int confirm_init(confirm *c, int max);
void confirm_free(confirm *c);

/* Applies a key. True on Enter, with the text in typed (n bytes); else
 * false, and *rc is what the dialog returns: DLG_CLOSE on Esc, DLG_KEEP for
 * an edit or while a request is out. */
bool confirm_key(confirm *c, bool is_key, wint_t ch, char *typed, size_t n, dlg_rc *rc);

/* The session was asked for the dialog's write (queued: it was): runs fx
 * and waits for the answer with the dialog open; a refused write closes
 * the dialog (the session's message says why). */
dlg_rc confirm_sent(confirm *c, dialog *d, app *a, dd_fx *fx, bool queued);

/* The field at row y, column 4, field_w wide, with the cursor in it unless
 * a request is out; two rows below, busy while it is, else the error. */
void confirm_draw(confirm *c, dialog *d, int y, int field_w, const char *busy);

#endif
