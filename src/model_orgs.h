/* The orgs of an account as GET /api/v2/org ("List your managed
 * organizations") describes them: the keys' own org and the orgs it
 * manages, each with the attributes of Datadog's OrgAttributes. Plain data:
 * every string was cleaned at parse time (sanitize.h) and lives in the
 * owning dd_managed_orgs' pool; ids and names are interned. */
#ifndef DD_MODEL_ORGS_H
#define DD_MODEL_ORGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strpool.h"

typedef struct dd_org {
    const char *id;               /* the org's uuid, as sent; never NULL */
    const char *name;             /* never NULL */
    const char *public_id;        /* never NULL */
    const char *description;      /* NULL when the server sent null */
    const char *url;              /* the site the org is at; NULL when null */
    const char *sharing;          /* sharing type, as sent; never NULL */
    bool disabled;
    int64_t created_at;           /* unix seconds */
    const char *created_at_text;  /* as sent (cleaned); never NULL */
    int64_t modified_at;          /* unix seconds, DD_TIME_NONE when null */
    const char *modified_at_text; /* NULL when null */
    bool current;                 /* the keys' own org (relationships.current_org) */
} dd_org;

typedef struct dd_managed_orgs {
    dd_org current; /* the keys' org; current.id is NULL until a parse succeeds */
    dd_org *items;  /* the other orgs it manages, in the server's order, each
                     * once: the current org is kept out of them whether or
                     * not the server lists it among managed_orgs */
    size_t n, cap;
    dd_strpool *pool;
} dd_managed_orgs;

/* 0 on success, -1 on OOM. */
int dd_managed_orgs_init(dd_managed_orgs *m);
void dd_managed_orgs_free(dd_managed_orgs *m);
/* Reserves room for more items (amortised growth); 0 or -1 (OOM). */
int dd_managed_orgs_reserve(dd_managed_orgs *m, size_t more);
/* The org with this id, the current one included, ASCII case ignored (org
 * ids are uuids); NULL when none. Linear: callers that look up many build
 * their own index. */
const dd_org *dd_managed_orgs_get(const dd_managed_orgs *m, const char *id);
/* Whether a and b name the same org: equal ids, ASCII case ignored
 * (dd_id_eq); false when either is NULL. */
bool dd_org_id_eq(const char *a, const char *b);

#endif
