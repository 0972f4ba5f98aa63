/* The one table of what the operator can do (action.h). Key bindings, the
 * function bar, the help overlay and read-only mode all read this table;
 * nothing else binds keys outside dialogs and prompts. */
#ifndef DD_UI_ACTIONS_H
#define DD_UI_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "action.h"
#include "app.h"

extern const action actions[];
extern const size_t n_actions;

/* The action bound to this key in the current state, or NULL. */
const action *action_for_key(const app *a, bool is_key, wint_t ch);
/* Runs it, refusing writes in read-only mode with the reason. */
void action_run(app *a, const action *ac);
bool action_in_view(const app *a, const action *ac);

#endif
