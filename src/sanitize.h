/* Cleaning of untrusted server text, done once at parse time.
 * - invalid UTF-8 -> U+FFFD (or '?' in ASCII mode)
 * - C0 controls (tab, CR, LF, ESC...) -> their Control Pictures glyph
 *   (U+2400 + c, e.g. ESC -> U+241B), DEL -> U+2421, C1 (U+0080-U+009F) ->
 *   U+FFFD; in ASCII mode every one of them becomes '?'
 * - bidi controls (U+202A-202E, U+2066-2069, U+200E, U+200F, U+061C) removed
 * - output capped at DD_SAN_MAX_BYTES bytes, cut on a character boundary with
 *   a trailing ellipsis.
 * Pure functions: no locale is read here; the caller says which mode. */
#ifndef DD_SANITIZE_H
#define DD_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DD_SAN_MAX_BYTES 1024

enum {
    DD_SAN_ASCII = 1u << 0  /* output only printable ASCII: non-ASCII -> '?' */
};

/* Process-wide mode used by the parsers. Set once by main() from the locale
 * before any thread starts (UTF-8 locale -> 0, otherwise DD_SAN_ASCII). */
extern unsigned dd_sanitize_mode;

/* Cleans s[0..n) into a new malloc'd NUL-terminated string. NULL on OOM. */
char *dd_sanitize(const char *s, size_t n, unsigned flags);
/* Same, into buf of size cap (always NUL-terminated); returns bytes written. */
size_t dd_sanitize_into(const char *s, size_t n, unsigned flags, char *buf, size_t cap);
/* True when s[0..n) is already clean under flags (fast path: no copy). */
bool dd_sanitize_is_clean(const char *s, size_t n, unsigned flags);

/* ---- Exact text, for machine outputs -------------------------------------
 * Scripts get the server's strings as sent (-o json, jsonl, csv): nothing is
 * cleaned, cut or mangled by the locale; only ill-formed UTF-8, which no
 * output format can carry, becomes U+FFFD. Each format then escapes what it
 * must (JSON: dd_is_control_or_format below). */

/* How a parser keeps the server's strings (api_json.h, client.h). */
typedef enum dd_text_mode {
    DD_TEXT_SCREEN = 0, /* cleaned for a terminal (dd_sanitize, dd_sanitize_mode), capped */
    DD_TEXT_EXACT       /* as sent, any length; ill-formed UTF-8 -> U+FFFD (dd_utf8_repair) */
} dd_text_mode;

#define DD_UTF8_BAD 0xFFFFFFFFu

/* Decodes the code point at s[0..n) (n >= 1) into *cp and returns the bytes
 * it takes. An ill-formed sequence (a stray or missing continuation byte,
 * an overlong form, a surrogate, beyond U+10FFFF) gives *cp = DD_UTF8_BAD
 * and the length of its maximal subpart (Unicode 15, section 3.9), at least
 * 1: the byte that broke it starts the next character. */
size_t dd_utf8_next(const char *s, size_t n, uint32_t *cp);
/* True when s[0..n) is well-formed UTF-8 (NUL bytes allowed). */
bool dd_utf8_valid(const char *s, size_t n);
/* s[0..n) with each ill-formed sequence (as dd_utf8_next finds them)
 * replaced by U+FFFD, into a new malloc'd NUL-terminated string of at most
 * 3n bytes; *len (may be NULL) gets its length. Nothing else changes.
 * NULL on out of memory. */
char *dd_utf8_repair(const char *s, size_t n, size_t *len);
/* True for the characters that take no room on a screen: every
 * Default_Ignorable_Code_Point and every format character (general
 * category Cf) of Unicode 15.0 (soft hyphen, combining grapheme joiner,
 * Hangul fillers, Mongolian variation selectors, zero-width characters,
 * bidi controls and isolates, U+2060-U+206F, variation selectors, the BOM,
 * interlinear annotations, Egyptian hieroglyph and shorthand format
 * controls, musical formatting, tags, U+E0000-U+E0FFF). The one table both
 * the key redactor (redact.h: a key written with these in between is still
 * a key) and the machine outputs (dd_is_control_or_format) use. */
bool dd_is_ignorable(uint32_t cp);
/* True for the characters a machine format writes escaped so that the
 * exact text stays inert on a terminal: C0 controls, DEL, C1 controls, the
 * line and paragraph separators U+2028 and U+2029, and every character
 * dd_is_ignorable() names. */
bool dd_is_control_or_format(uint32_t cp);

#endif
