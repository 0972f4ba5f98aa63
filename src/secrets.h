/* The process-wide set of secrets: every API and application key this
 * process has loaded, whichever profile, source or client it came with
 * (the config file's profiles, the environment, key commands, the demo's
 * keys, every client's). The key redactor (redact.h) looks for them in
 * every text it is given, whatever redactor the caller passes, so a key
 * of another profile is as hidden as the current one's.
 *
 * Keys are copied; the copies, and the redactor built from them, are
 * wiped (explicit_bzero) when the set is emptied, which happens at exit
 * (atexit, registered by the first dd_secrets_add). Safe from any thread:
 * readers share a read lock, adding takes the write lock. */
#ifndef DD_SECRETS_H
#define DD_SECRETS_H

#include <stddef.h>

/* Adds a copy of key (NUL-terminated). NULL, keys shorter than
 * DD_REDACT_MIN_RUN (8) and keys already in the set are ignored. Returns 0,
 * or -1 when out of memory (then the set is as it was). */
int dd_secrets_add(const char *key);
/* Wipes and frees every key and the redactor built from them; the set is
 * then empty (tests use it between cases). */
void dd_secrets_clear(void);
/* How many distinct keys the set holds. */
size_t dd_secrets_count(void);

#endif
