/* One-line text input over a wide-character buffer: typed text, paste,
 * cursor movement, deletion. The operator's own text, drawn where the
 * caller says (status-line prompt, dialog fields). */
#ifndef DD_UI_INPUT_H
#define DD_UI_INPUT_H

#include <curses.h>
#include <stdbool.h>
#include <wchar.h>

#include "app.h"

void input_clear(line_input *in);
void input_set(line_input *in, const char *utf8);
/* The text as UTF-8 into out. */
void input_get(const line_input *in, char *out, size_t n);
/* Applies a key (is_key: a KEY_* code, else a character). Returns true
 * when the key was an editing key (handled), whether or not text changed. */
bool input_key(line_input *in, bool is_key, wint_t ch);
/* Draws the text in w columns at (y, x), scrolled so the cursor shows;
 * returns the cursor's column on screen. */
int input_draw(WINDOW *win, int y, int x, int w, const line_input *in, int attr);

#endif
