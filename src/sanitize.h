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

#endif
