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

#endif
