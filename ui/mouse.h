/* The mouse, where the terminal reports it: a click on a tab shows that
 * panel, a click on a row selects it, the wheel moves the selection. A
 * click never writes and never acts on a dialog (dialogs take keys only),
 * so a stray click cannot confirm anything. */
#ifndef DD_UI_MOUSE_H
#define DD_UI_MOUSE_H

#include <stdbool.h>

#include "app.h"

/* Asks the terminal for clicks and the wheel. False when it reports none
 * (the console works by keys alone then). */
bool mouse_start(void);
/* A KEY_MOUSE arrived: reads the event and acts on it. */
void mouse_event(app *a);
/* A KEY_MOUSE arrived with the mouse off (--no-mouse, `mouse = false`, or a
 * terminal left reporting by another program): reads and drops the rest of
 * the report (X10: three bytes; SGR, when this TERM's kmous ends in '<':
 * up to the final M or m), so its bytes are never taken as keys (a space
 * would page down). Waits at most MOUSE_REST_MS for bytes not yet there
 * (a report split by a slow link). */
void mouse_discard(app *a);
/* An Esc was read: when a mouse report this TERM's kmous does not name
 * follows ("ESC [ <" SGR, up to its M or m; "ESC [ M" X10, three bytes
 * more), reads and drops it and returns true; otherwise gives back what it
 * read and returns false (the Esc is a key). Waits at most about 30 ms for
 * the bytes after the Esc. */
bool mouse_report_after_esc(app *a);

#endif
