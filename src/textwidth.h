/* Display width of cleaned UTF-8 text (wcwidth based, wide characters kept
 * whole), for CLI tables and the console. Input must be sanitized text. */
#ifndef DD_TEXTWIDTH_H
#define DD_TEXTWIDTH_H

#include <stddef.h>

/* Columns the string occupies. */
int dd_text_width(const char *s);
/* Writes s cut to at most `cols` columns into buf (cap bytes), ending with
 * "…" ("~" when ascii) when cut, then padded with spaces to exactly `cols`
 * columns when pad != 0. Returns columns written. */
int dd_text_fit(const char *s, int cols, int pad, int ascii, char *buf, size_t cap);

#endif
