/* Which profile a write of the account view goes through (account.h,
 * "Routing writes"): create only from the source org, update and delete
 * from the source or the sink (api-facts, "Who sees and who may act"). */
#include "account.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* What the profiles holding one org's keys allow. */
typedef struct holders {
    const char *org_id;               /* NULL: the row does not name the org */
    const char *role;                 /* "source" or "sink" */
    const dd_account_profile *usable; /* the first loaded, writable one */
    char blocked[400];                /* "profile 'a' (read-only), ..." */
    bool any;                         /* some profile holds the keys */
} holders;

static void append(char *buf, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t n, const char *fmt, ...)
{
    size_t used = strlen(buf);
    if (used + 1 >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + used, n - used, fmt, ap);
    va_end(ap);
}

static void scan(const dd_account *a, holders *h)
{
    h->usable = NULL;
    h->blocked[0] = '\0';
    h->any = false;
    for (size_t i = 0; h->org_id && i < a->n_profiles; i++) {
        const dd_account_profile *p = &a->profiles[i];
        if (!p->self_org_id || !dd_org_id_eq(p->self_org_id, h->org_id))
            continue;
        h->any = true;
        const char *why = p->read_only                    ? "read-only"
                          : !dd_account_profile_counts(p) ? "did not load"
                                                          : NULL;
        if (!why) {
            h->usable = p;
            return;
        }
        append(h->blocked, sizeof(h->blocked), "%sprofile '%s' (%s)", h->blocked[0] ? ", " : "",
               p->name, why);
    }
}

/* "org Acme (1111...)" when its name is known, else "org 1111...". The
 * account's orgs first, then what a profile that did not load learnt of
 * its own org before it failed. */
static void org_label(const dd_account *a, const char *id, char *buf, size_t n)
{
    const dd_account_org *o = dd_account_find_org(a, id);
    const char *name = o ? o->name : NULL;
    for (size_t i = 0; !name && i < a->n_profiles; i++) {
        const dd_org *own = a->profiles[i].orgs_access == DD_ORGS_LISTED
                                ? dd_managed_orgs_get(&a->profiles[i].orgs, id)
                                : NULL;
        name = own ? own->name : NULL;
    }
    if (name && *name)
        snprintf(buf, n, "org %s (%s)", name, id);
    else
        snprintf(buf, n, "org %s", id);
}

/* Why h's org allows nothing, appended to why. */
static void explain(const dd_account *a, const holders *h, char *why, size_t n)
{
    char label[300];
    if (why[0])
        append(why, n, "; ");
    if (!h->org_id) {
        append(why, n, "the connection does not name its %s org", h->role);
        return;
    }
    org_label(a, h->org_id, label, sizeof(label));
    if (!h->any)
        append(why, n, "no profile holds the keys of %s (%s)", label, h->role);
    else
        append(why, n, "the keys of %s (%s) are held only by %s", label, h->role, h->blocked);
}

const dd_account_profile *dd_account_route_write(const dd_account *a, dd_account_write w,
                                                 const char *source_org_id,
                                                 const char *sink_org_id, char *why, size_t n)
{
    char scratch[1];
    if (!why || n == 0) {
        why = scratch;
        n = sizeof(scratch);
    }
    why[0] = '\0';
    holders src = { .org_id = source_org_id, .role = "source" };
    holders snk = { .org_id = sink_org_id, .role = "sink" };
    scan(a, &src);
    if (src.usable)
        return src.usable;
    if (w == DD_ACCOUNT_CREATE) {
        explain(a, &src, why, n);
        append(why, n, "; a connection is created through its source org's keys");
        return NULL;
    }
    scan(a, &snk);
    if (snk.usable)
        return snk.usable;
    if (src.org_id && snk.org_id && !src.any && !snk.any) {
        char sl[300], kl[300];
        org_label(a, src.org_id, sl, sizeof(sl));
        org_label(a, snk.org_id, kl, sizeof(kl));
        snprintf(why, n, "no profile holds the keys of %s (source) or %s (sink)", sl, kl);
        return NULL;
    }
    explain(a, &src, why, n);
    explain(a, &snk, why, n);
    return NULL;
}
