/* Removal of the API and application keys from text that a server or
 * something in front of it sent (error messages, a non-JSON body, a
 * redirect's Location, a header value), before that text is cut to fit,
 * shown, logged or audited.
 *
 * Every run of DD_REDACT_MIN_RUN (8) or more consecutive characters of a
 * key is replaced by "<redacted>" (adjacent runs by one marker), so a key
 * that a later cut would split is still caught, and so is a piece of one:
 * - compared ASCII case-insensitively (upper-cased hex digits match);
 * - seen through percent-encoding (%6b, %6B), JSON and C escapes (\u006b,
 *   \x6b, \/ \\ \"), HTML character references (&#107; &#x6b;), nested up
 *   to DD_REDACT_MAX_DEPTH levels (%2561), as well as written as is;
 * - across the characters a screen never shows (dd_is_ignorable(),
 *   sanitize.h: every default-ignorable and format character, the table
 *   the machine outputs escape by), which are removed with the run they
 *   sit in.
 * Keys shorter than DD_REDACT_MIN_RUN are not looked for (too short to tell
 * from ordinary text). A run of one character repeated (padding in ids
 * such as 00D000000000001AAA) is a key's only next to another run of the
 * key, so the run and its neighbours go together. Datadog's keys are 32
 * and 40 characters.
 * Besides the keys of the redactor passed in, every function below looks
 * for every key of the process's set (secrets.h: the keys of every profile
 * loaded, whatever client or profile the text came through).
 * The redactor holds copies of the keys and wipes them (explicit_bzero)
 * when freed, as it does its working buffers. No I/O, no locale. Safe to
 * share between threads once built (read-only). */
#ifndef DD_REDACT_H
#define DD_REDACT_H

#include <stddef.h>

#include "error.h"

#define DD_REDACT_MIN_RUN 8
#define DD_REDACT_MAX_DEPTH 3
#define DD_REDACT_MARK "<redacted>"
/* For `keep`: the whole text. */
#define DD_REDACT_ALL ((size_t)-1)

typedef struct dd_redactor dd_redactor;

/* A redactor for keys[0..n) (NUL-terminated; NULL and empty entries are
 * skipped). NULL when out of memory. */
dd_redactor *dd_redactor_new(const char *const *keys, size_t n);
/* Wipes the key material and frees. NULL is a no-op. */
void dd_redactor_free(dd_redactor *r);

/* The text s[0..n) with every key run replaced, as a malloc'd
 * NUL-terminated string (NULL when out of memory). keep: the caller shows
 * at most this many characters (code points) of the result: the result
 * stops after the first `keep` characters of s that are not invisible
 * format characters, on a character boundary, except that a marker is
 * never cut. The text after that point is still read as far as a key
 * could reach, so the runs a cut would split are found whole; DD_REDACT_ALL
 * keeps everything. r may be NULL: then only the process's set is looked
 * for. */
char *dd_redact(const dd_redactor *r, const char *s, size_t n, size_t keep);

/* Redacts e->text and every e->messages[i] in place (a text that grows
 * past its buffer is cut on a character boundary). r may be NULL. Returns
 * 0, or -1 when out of memory (then the text and messages are replaced by
 * a notice that says so, never left unredacted). */
int dd_redact_error(const dd_redactor *r, dd_error *e);

/* True when s[0..n) holds a run of DD_REDACT_MIN_RUN or more characters of
 * a key, in any of the forms above: the property every output must keep. */
int dd_redact_finds(const dd_redactor *r, const char *s, size_t n);

/* For the data of an answer (names, ids, types), read once per row: when
 * s[0..n) holds a run of a key of the process's set, *out and *len get the
 * redacted text and the malloc'd copy is returned (the caller frees it once
 * *out is no longer used); otherwise *out and *len get s and n and NULL is
 * returned, with nothing allocated. Out of memory: NULL with *out NULL. */
char *dd_redact_if_found(const char *s, size_t n, const char **out, size_t *len);

/* The process's set of keys as one redactor, kept by secrets.c (secrets.h
 * adds to it): NULL when empty, valid until dd_secrets_release(). Holds
 * the set's read lock in between: the same thread must not add meanwhile.
 * For the functions above. */
const dd_redactor *dd_secrets_hold(void);
void dd_secrets_release(void);

#endif
