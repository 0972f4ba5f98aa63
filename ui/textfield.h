/* A one-line text field edited by the ncurses form library: typed text,
 * wide characters, paste, cursor movement and deletion. The form lives in a
 * pad of its own and is copied into place on each draw (see textfield.c),
 * so callers may erase and redraw their windows freely, and lay the field
 * out anew on every draw (a resize changes nothing else). */
#ifndef DD_UI_TEXTFIELD_H
#define DD_UI_TEXTFIELD_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

typedef struct textfield textfield;

/* A field holding at most max columns of text (a longer paste is cut);
 * NULL when out of memory. */
textfield *textfield_new(int max);
void textfield_free(textfield *tf);
/* Replaces the text (UTF-8, cut to the maximum); the cursor goes to its end. */
void textfield_set(textfield *tf, const char *utf8);
/* The text as UTF-8 into out, trailing blanks removed. */
void textfield_get(textfield *tf, char *out, size_t n);
/* Applies a key (is_key: a KEY_* code, else a character). Returns true when
 * it was an editing key (handled), whether or not the text changed. Enter,
 * Esc and Tab are left to the caller. */
bool textfield_key(textfield *tf, bool is_key, wint_t ch);
/* Shows the field in w columns at (y, x) of win with attribute attr,
 * scrolled sideways so the cursor shows, and returns the cursor's column
 * there. Another attribute than the last one recreates the form, keeping
 * the text and the cursor. */
int textfield_draw(textfield *tf, WINDOW *win, int y, int x, int w, int attr);

#endif
