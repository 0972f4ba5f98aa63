/* The one table of what the operator can do: keys, function-bar label,
 * help text, whether it writes, where it applies, and its handler. Key
 * bindings, the function bar, the help overlay and read-only mode all read
 * this table; nothing else binds keys outside dialogs and prompts. */
#ifndef DD_UI_ACTIONS_H
#define DD_UI_ACTIONS_H

#include <stdbool.h>
#include <wchar.h>

#include "app.h"

/* Keys: a character, or KEYC(KEY_...) for a curses key code. */
#define KEYC(k) ((int)(k) | 0x1000000)

enum { V_CONNS = 1, V_SF = 2, V_ORG = 4, V_LISTS = V_CONNS | V_SF, V_ALL = 7 };

typedef struct action {
    int keys[4];            /* 0-terminated */
    int fkey;               /* F-key number shown in the function bar, 0 none */
    const char *keyname;    /* as the help shows it */
    const char *label;      /* function bar */
    const char *help;
    bool writes;            /* refused (and greyed) in read-only mode */
    unsigned views;         /* V_* where it applies */
    bool (*applies)(const app *a); /* NULL: always (within views) */
    void (*run)(app *a);
} action;

extern const action actions[];
extern const size_t n_actions;

/* The action bound to this key in the current state, or NULL. */
const action *action_for_key(const app *a, bool is_key, wint_t ch);
/* Runs it, refusing writes in read-only mode with the reason. */
void action_run(app *a, const action *ac);
bool action_in_view(const app *a, const action *ac);

#endif
