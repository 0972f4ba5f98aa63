/* The frame around the views: top line (tabs, profile, where requests go, lock),
 * status line (work in flight, refresh times, messages, prompt) and the
 * function bar built from the action table. */
#ifndef DD_UI_CHROME_H
#define DD_UI_CHROME_H

#include "app.h"

void chrome_top(app *a);
/* Returns the cursor column when the prompt is shown, else -1. */
int chrome_status(app *a);
void chrome_fnbar(app *a);
void chrome_too_small(app *a);

#endif
