/* Arena + interning table. 100,000 connections name the same few orgs and
 * users over and over: interning stores each distinct string once, and the
 * arena makes freeing a whole list one call. Not thread-safe: a pool belongs
 * to one list, and a list to one thread at a time. */
#ifndef DD_STRPOOL_H
#define DD_STRPOOL_H

#include <stddef.h>

typedef struct dd_strpool dd_strpool;

dd_strpool *dd_strpool_new(void);
void dd_strpool_free(dd_strpool *p);
/* Returns the pool's single copy of s[0..n) (NUL-terminated). NULL on OOM. */
const char *dd_strpool_intern(dd_strpool *p, const char *s, size_t n);
/* Copies s[0..n) into the arena without interning (unique strings: ids). */
const char *dd_strpool_dup(dd_strpool *p, const char *s, size_t n);
/* Raw arena memory, aligned for any object; freed with the pool. */
void *dd_strpool_alloc(dd_strpool *p, size_t size);
/* Number of distinct interned strings (for tests and benchmarks). */
size_t dd_strpool_interned_count(const dd_strpool *p);
/* Bytes held by the arena (for benchmarks). */
size_t dd_strpool_bytes(const dd_strpool *p);

#endif
