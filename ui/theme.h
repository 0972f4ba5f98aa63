/* Attributes by role, with a monochrome fallback (no colours, or NO_COLOR
 * set), and the glyphs to draw with (ASCII when the locale is not UTF-8). */
#ifndef DD_UI_THEME_H
#define DD_UI_THEME_H

#include <stdbool.h>

typedef enum theme_role {
    R_NORMAL,
    R_TITLE,      /* top line */
    R_TAB_ON,     /* the active tab */
    R_HEADER,     /* list column titles */
    R_SELECTED,   /* the selected row */
    R_NEW,        /* row added since the previous refresh */
    R_CHANGED,    /* row changed since the previous refresh */
    R_STATUS,
    R_ERROR,
    R_WARN,
    R_FKEY,       /* "F1" in the function bar */
    R_FLABEL,     /* its label */
    R_FLABEL_OFF, /* a write action in read-only mode */
    R_DIM,
    R_COUNT
} theme_role;

typedef struct glyphs {
    const char *arrow;     /* source -> sink */
    const char *ellipsis;
    const char *up, *down; /* sort direction */
    const char *mark_new, *mark_changed;
    const char *check_on, *check_off;
    const char *lock;
} glyphs;

/* After initscr(): picks colours unless NO_COLOR is set or the terminal
 * has none. ascii selects the ASCII glyphs and box characters. */
void theme_init(bool ascii);
int theme_attr(theme_role r);
bool theme_ascii(void);
const glyphs *theme_glyphs(void);

#endif
