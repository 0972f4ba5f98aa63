#include "theme.h"

#include <curses.h>
#include <stdlib.h>

static int attrs[R_COUNT];
static bool use_ascii;

static const glyphs utf8_glyphs = {
    .arrow = "\u2192", .ellipsis = "\u2026", .up = "\u25b2", .down = "\u25bc",
    .mark_new = "+", .mark_changed = "*", .check_on = "[x]", .check_off = "[ ]",
    .lock = "\u26bf read-only",
};
static const glyphs ascii_glyphs = {
    .arrow = "->", .ellipsis = "~", .up = "^", .down = "v",
    .mark_new = "+", .mark_changed = "*", .check_on = "[x]", .check_off = "[ ]",
    .lock = "[read-only]",
};

static void mono(void)
{
    attrs[R_NORMAL] = A_NORMAL;
    attrs[R_TITLE] = A_REVERSE;
    attrs[R_TAB_ON] = A_BOLD | A_UNDERLINE;
    attrs[R_HEADER] = A_UNDERLINE;
    attrs[R_SELECTED] = A_REVERSE;
    attrs[R_NEW] = A_BOLD;
    attrs[R_CHANGED] = A_BOLD;
    attrs[R_STATUS] = A_NORMAL;
    attrs[R_ERROR] = A_BOLD;
    attrs[R_WARN] = A_BOLD;
    attrs[R_FKEY] = A_NORMAL;
    attrs[R_FLABEL] = A_REVERSE;
    attrs[R_FLABEL_OFF] = A_DIM;
    attrs[R_DIM] = A_DIM;
}

void theme_init(bool ascii)
{
    use_ascii = ascii;
    mono();
    const char *nc = getenv("NO_COLOR");
    /* https://no-color.org: any non-empty value turns colour off. */
    if ((nc && *nc) || !has_colors() || start_color() == ERR)
        return;
    use_default_colors();
    enum { P_TITLE = 1, P_TAB, P_SEL, P_NEW, P_CHG, P_ERR, P_WARN, P_FLAB, P_OFF, P_HDR };
    init_pair(P_TITLE, COLOR_BLACK, COLOR_CYAN);
    init_pair(P_TAB, COLOR_YELLOW, COLOR_BLUE);
    init_pair(P_SEL, COLOR_BLACK, COLOR_CYAN);
    init_pair(P_NEW, COLOR_GREEN, -1);
    init_pair(P_CHG, COLOR_YELLOW, -1);
    init_pair(P_ERR, COLOR_WHITE, COLOR_RED);
    init_pair(P_WARN, COLOR_RED, -1);
    init_pair(P_FLAB, COLOR_BLACK, COLOR_CYAN);
    init_pair(P_OFF, COLOR_BLACK, COLOR_WHITE);
    init_pair(P_HDR, COLOR_BLACK, COLOR_GREEN);
    attrs[R_TITLE] = COLOR_PAIR(P_TITLE);
    attrs[R_TAB_ON] = COLOR_PAIR(P_TAB) | A_BOLD;
    attrs[R_HEADER] = COLOR_PAIR(P_HDR);
    attrs[R_SELECTED] = COLOR_PAIR(P_SEL);
    attrs[R_NEW] = COLOR_PAIR(P_NEW) | A_BOLD;
    attrs[R_CHANGED] = COLOR_PAIR(P_CHG) | A_BOLD;
    attrs[R_ERROR] = COLOR_PAIR(P_ERR) | A_BOLD;
    attrs[R_WARN] = COLOR_PAIR(P_WARN) | A_BOLD;
    attrs[R_FLABEL] = COLOR_PAIR(P_FLAB);
    attrs[R_FLABEL_OFF] = COLOR_PAIR(P_OFF) | A_DIM;
}

int theme_attr(theme_role r)
{
    return attrs[r];
}

bool theme_ascii(void)
{
    return use_ascii;
}

const glyphs *theme_glyphs(void)
{
    return use_ascii ? &ascii_glyphs : &utf8_glyphs;
}
