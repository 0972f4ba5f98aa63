/* The console's event loop: poll() on the terminal and the worker's
 * descriptor, with a timeout only while the session has a timer due;
 * results go to the session, keys to the dialog, the prompt or the action
 * table; one doupdate() per turn. */
#ifndef DD_UI_LOOP_H
#define DD_UI_LOOP_H

#include "app.h"

/* Runs until quit; returns the exit code. */
int loop_run(app *a);

#endif
