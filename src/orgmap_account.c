/* The account view's org map: the account's orgs as seeds (orgmap.h). */
#include "orgmap.h"

#include <stdlib.h>
#include <string.h>

#include "account.h"

int dd_orgmap_account_seeds(const dd_account *a, const char *self_profile, dd_strpool *pool,
                            dd_orgmap_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!a || a->n_orgs == 0)
        return 0;
    dd_orgmap_row *rows = calloc(a->n_orgs, sizeof(*rows));
    if (!rows)
        return -1;
    const dd_account_profile *self =
        self_profile ? dd_account_profile_named(a, self_profile) : NULL;
    for (size_t i = 0; i < a->n_orgs; i++) {
        const dd_account_org *o = &a->orgs[i];
        dd_orgmap_row *r = &rows[i];
        r->id = o->id;
        r->name = o->name;
        r->public_id = o->public_id;
        r->managed = o->listed_by != 0;
        r->disabled = o->described && o->disabled;
        r->self = self && self->self_org_id && dd_org_id_eq(self->self_org_id, o->id);
        if (o->holders) {
            char names[400];
            dd_account_profile_names(a, o->holders, names, sizeof(names));
            r->profile = dd_strpool_intern(pool, names, strlen(names));
            if (!r->profile) {
                free(rows);
                return -1;
            }
        }
    }
    *out = rows;
    *n = a->n_orgs;
    return 0;
}
