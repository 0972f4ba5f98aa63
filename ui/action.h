/* What an action of the console is: its keys, its function-bar label, its
 * help, the operation it runs (ops.h: whether it writes comes from there),
 * where it applies, and its handler. The table itself is in actions.c. */
#ifndef DD_UI_ACTION_H
#define DD_UI_ACTION_H

#include <stdbool.h>

struct app;

/* Keys: a character, or KEYC(KEY_...) for a curses key code. */
#define KEYC(k) ((int)(k) | 0x1000000)

/* Where an action applies: bit v for view v (app.h's views, in tab order). */
enum {
    V_CONNS = 1, V_SF = 2, V_ORG = 4, V_MAP = 8,
    V_LISTS = V_CONNS | V_SF | V_MAP,
    V_ALL = 15
};

typedef struct action {
    int keys[4];            /* 0-terminated */
    int fkey;               /* F-key number shown in the function bar, 0 none */
    const char *keyname;    /* as the help shows it */
    const char *label;      /* function bar */
    const char *help;       /* NULL: the operation's summary (ops.h) */
    int op;                 /* the operation it runs (dd_op_id), -1 none */
    unsigned views;         /* V_* where it applies */
    bool (*applies)(const struct app *a); /* NULL: always (within views) */
    void (*run)(struct app *a);
} action;

/* True when ac runs a write (refused and greyed in read-only mode). */
bool action_writes(const action *ac);
/* The help text: ac->help, else its operation's summary; NULL when none. */
const char *action_help(const action *ac);

#endif
