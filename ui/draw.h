/* Small drawing helpers over cleaned text (every server string was cleaned
 * at parse time; these only fit it to columns). */
#ifndef DD_UI_DRAW_H
#define DD_UI_DRAW_H

#include <curses.h>

#include "theme.h"

/* Writes s at (y, x) fitted to exactly w columns (cut with an ellipsis,
 * padded with spaces) in attribute attr. */
void draw_fit(WINDOW *win, int y, int x, int w, const char *s, int attr);
/* Same, without padding: returns columns written. */
int draw_text(WINDOW *win, int y, int x, int w, const char *s, int attr);
/* Fills the rest of row y from x with spaces in attr. */
void draw_fill(WINDOW *win, int y, int x, int attr);
/* A box around win: line drawing, or + - | when ASCII. */
void draw_box(WINDOW *win);
/* Word-wraps s into rows y.. (at most max_rows) within w columns;
 * returns rows used. */
int draw_wrap(WINDOW *win, int y, int x, int w, int max_rows, const char *s, int attr);
/* "12,345" */
void fmt_count(char *buf, size_t n, long long v);

#endif
