/* The org map: every org of the account that is known, with what it shares
 * and receives. Built from the connections (an org seen as a source or a
 * sink) and the managed orgs (GET /api/v2/org), merged by id (ASCII case
 * ignored: org ids are uuids). Plain data; strings live in the map's pool. */
#ifndef DD_ORGMAP_H
#define DD_ORGMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "model_orgs.h"
#include "strpool.h"

/* Connection types counted apart; others count in DD_MAP_OTHER. */
enum { DD_MAP_LOGS, DD_MAP_METRICS, DD_MAP_AUDIT, DD_MAP_OTHER, DD_MAP_TYPES };

typedef struct dd_orgmap_row {
    const char *id;            /* as first seen; never NULL */
    const char *name;          /* NULL when no answer named it */
    const char *public_id;     /* NULL unless the managed orgs listed it */
    const char *profile;       /* the profile holding its keys, NULL when none is known */
    bool managed;              /* listed by GET /api/v2/org */
    bool self;                 /* the org of the keys in use */
    bool disabled;             /* as the managed orgs said */
    uint32_t out_orgs;         /* orgs it shares with (one connection per pair) */
    uint32_t in_orgs;          /* orgs it receives from */
    uint32_t out_types[DD_MAP_TYPES]; /* of those it shares with: how many get each type */
} dd_orgmap_row;

typedef struct dd_orgmap {
    dd_orgmap_row *items;
    size_t n, cap;
    dd_strpool *pool;
} dd_orgmap;

int dd_orgmap_init(dd_orgmap *m);      /* 0, -1 on OOM */
void dd_orgmap_free(dd_orgmap *m);
/* Appends a copy of row, strings re-interned into m's pool. 0 or -1. */
int dd_orgmap_append_copy(dd_orgmap *m, const dd_orgmap_row *row);

/* Who holds the keys of which org (account mode): org id -> profile name. */
typedef struct dd_orgmap_keys {
    const char *org_id;
    const char *profile;
} dd_orgmap_keys;

/* Builds the map into out (emptied first): the managed orgs first (the
 * current one first of all, in the server's order; managed may be NULL
 * when unknown or refused), then the orgs seen only in connections, in
 * order of appearance. self_id (may be NULL) marks the keys' org; keys
 * (n_keys entries, may be NULL) names the profile of each org it lists.
 * 0, or -1 on OOM (out is then empty). */
int dd_orgmap_build(dd_orgmap *out, const dd_conn_list *conns, const dd_managed_orgs *managed,
                    const char *self_id, const dd_orgmap_keys *keys, size_t n_keys);
/* Builds the map into out (emptied first) from rows given in advance
 * (n_seed, their id, name, public_id, profile, managed, self and disabled
 * kept; counts ignored; a repeated id keeps the first) and the connections,
 * which count what each org shares and receives and add the orgs seen only
 * in them, in order of appearance. The account view seeds the account's
 * orgs (orgmap_account.c). 0, or -1 on OOM (out is then empty). */
int dd_orgmap_build_seeded(dd_orgmap *out, const dd_orgmap_row *seed, size_t n_seed,
                           const dd_conn_list *conns);
/* The account's orgs as seeds for dd_orgmap_build_seeded: each org of a
 * (struct dd_account, account.h), profile the names of the profiles
 * holding its keys, self the org of the profile named self_profile (may
 * be NULL). *out is malloc'd (n entries), its strings borrowed from a and
 * from pool (which must outlive the seeds). 0, or -1 on OOM. */
struct dd_account;
int dd_orgmap_account_seeds(const struct dd_account *a, const char *self_profile,
                            dd_strpool *pool, dd_orgmap_row **out, size_t *n);
/* The row with this id (ASCII case ignored, whatever the locale), or -1
 * (also for a NULL id). Linear (dd_rows_find). */
long dd_orgmap_find(const dd_orgmap *m, const char *id);

#endif
