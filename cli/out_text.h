/* Values written into the command line's machine formats: JSON strings
 * (RFC 8259) and CSV fields (RFC 4180). The text is the server's as sent
 * (DD_TEXT_EXACT, sanitize.h): nothing is cleaned, cut or changed by the
 * locale; each format only escapes what it must. Pure: writes to f only. */
#ifndef DD_OUT_TEXT_H
#define DD_OUT_TEXT_H

#include <stdio.h>

/* s as a JSON string, quotes included, or null when s is NULL. UTF-8 is
 * written as it is, but for '"' and '\\' (escaped with a backslash) and
 * every character dd_is_control_or_format() names (C0, DEL, C1, bidi and
 * other format characters, U+2028, U+2029), written as \uXXXX (a
 * surrogate pair above U+FFFF): exact for a parser, inert on a terminal.
 * Ill-formed UTF-8 is written as U+FFFD. */
void dd_json_string(FILE *f, const char *s);

/* One CSV field holding s exactly (NULL: an empty field), quoted when it
 * holds a comma, a quote, CR or LF, quotes doubled. A field starting with
 * '=', '+', '-', '@', tab or CR is written after a "'", so that a
 * spreadsheet shows it rather than running it as a formula (OWASP's advice
 * against CSV injection); that quote is the one change to the value. */
void dd_csv_field(FILE *f, const char *s);

#endif
