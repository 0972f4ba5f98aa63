/* Id lookups of the account view: a map from an org or connection id to an
 * index, ids compared in any ASCII case (they are uuids). Open addressing,
 * at most half full. Keys are not copied: they must outlive the map (the
 * account's pools hold them). Not thread-safe while it is being filled;
 * read-only afterwards. */
#ifndef DD_ACCOUNT_INDEX_H
#define DD_ACCOUNT_INDEX_H

#include <stddef.h>

typedef struct dd_idmap {
    const char **keys; /* cap slots, NULL when empty */
    size_t *vals;
    size_t cap;        /* a power of two, 0 before the first put */
    size_t n;
} dd_idmap;

/* The index value of id, or -1. An empty map (all zero) answers -1. */
long dd_idmap_get(const dd_idmap *m, const char *id);
/* Adds id -> v (id not yet in the map). 0, or -1 on OOM (map unchanged). */
int dd_idmap_put(dd_idmap *m, const char *id, size_t v);
void dd_idmap_free(dd_idmap *m);

/* The account's two maps (dd_account.index). */
struct dd_account_index {
    dd_idmap conns; /* connection id -> merged row */
    dd_idmap orgs;  /* org id -> dd_account.orgs index */
};

#endif
