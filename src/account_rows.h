/* The account's merged data as rows to print (the command line's
 * `--all-profiles connections list` and `orgs list`): each connection with
 * the profiles that list it, each org with the profiles holding its keys.
 * Profile names are joined with DD_PROFILES_SEP; names cannot hold it
 * (config_file.c: letters, digits, '-', '_', '.'), so a script may split
 * on it. */
#ifndef DD_ACCOUNT_ROWS_H
#define DD_ACCOUNT_ROWS_H

#include <stdbool.h>
#include <stddef.h>

#include "account.h"
#include "model.h"
#include "strpool.h"

/* Between two profile names in a joined list: "prod,staging". */
#define DD_PROFILES_SEP ","

/* An org of the account as `orgs list --all-profiles` prints it. Strings
 * live in the rows' pool. */
typedef struct dd_account_org_row {
    const char *id;        /* never NULL */
    const char *name;      /* NULL when nothing named it */
    const char *public_id; /* NULL unless described */
    bool described;        /* a managed-orgs answer described it */
    bool disabled;         /* false when not described */
    const char *profiles;  /* the profiles holding its keys, joined; NULL for none */
    size_t n_outgoing;     /* merged connections with it as source */
    size_t n_incoming;     /* merged connections with it as sink */
} dd_account_org_row;

typedef struct dd_account_org_rows {
    dd_account_org_row *items;
    size_t n;
    dd_strpool *pool;
} dd_account_org_rows;

/* The names of the profiles in s, in profile order, joined by
 * DD_PROFILES_SEP, never cut: malloc'd ("" for none), NULL on OOM. */
char *dd_account_profiles_joined(const dd_account *a, dd_profile_set s);

/* The merged connections of a into out (initialised here, emptied first),
 * in the account's order, each with seen_by set to the joined names of the
 * profiles that list it. 0, or -1 on OOM (out freed). */
int dd_account_conn_rows(const dd_account *a, dd_conn_list *out);

/* The account's orgs into out (emptied first), in the account's order.
 * 0, or -1 on OOM (out freed). */
int dd_account_org_rows_build(const dd_account *a, dd_account_org_rows *out);
void dd_account_org_rows_free(dd_account_org_rows *r);

#endif
