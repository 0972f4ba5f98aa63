/* The account view's core: every profile of an account loaded at once, the
 * connections merged by id, the account's orgs, and which profile may make
 * a write. No terminal, no stdio output: the console and the CLI present
 * what this returns.
 *
 * Why: the service lists only the connections the keys' org takes part in
 * (as source or sink), and each org of an account has its own keys (a
 * profile). One profile shows a fragment; the profiles together show the
 * account. See api-facts "Who sees and who may act" and "Managed
 * organizations".
 *
 * Loading (account_load.c). For each profile, on a loader thread with a
 * dd_client of its own (its own retry policy and 429 waits, so each
 * profile's rate limits are honoured and never spent by another):
 *   1. GET /api/v2/org: the keys' own org (current_org) and the orgs it
 *      manages. A 403 means the keys lack org_management and
 *      org_connections_write: remembered (DD_ORGS_REFUSED), not a failure.
 *   2. GET /api/v2/org_connections, every page (dd_list_all_connections).
 * A profile's first other failure ends that profile, which is reported by
 * name with its error; the others carry on and their data stays. A
 * listing that ends before the server's own total (DD_E_INCOMPLETE) is
 * reported the same way but keeps the rows received. Profiles
 * are loaded by at most max_parallel threads at once (default 32): the
 * work is waiting on the network, so 32 profiles at 50 ms a request load in
 * about one profile's time, while the number of threads, sockets and
 * server connections stays bounded however many profiles are configured.
 *
 * Merging (account_merge.c), once every profile is in, from the profiles
 * whose data counts (dd_account_profile_counts: DD_OK, or DD_E_INCOMPLETE
 * with the rows received) only: a failed profile contributes no rows and
 * no orgs.
 *   - conns: one row per connection id (ids compare in any ASCII case; the
 *     first profile's spelling and types are kept), seen_by[i] the profiles
 *     whose listing holds it; an org or user name a row lacks is filled from
 *     another profile's copy, then from the account's orgs.
 *   - orgs: every loaded profile's managed orgs and current org, plus the
 *     orgs seen only in connections, one per id (any case).
 *   - a profile whose managed orgs were refused gets its self org inferred:
 *     the one org id that takes part in every connection it lists, when
 *     exactly one does (none or several: unknown).
 *
 * Limits: at most DD_ACCOUNT_MAX_PROFILES profiles (a dd_profile_set is a
 * 64-bit mask, one bit per profile index); more are refused with
 * DD_E_USAGE and a message that says so.
 *
 * Ownership: a dd_account owns everything it points to (names, lists,
 * pools); one dd_account_free releases it all. Once dd_account_loader_run
 * has returned it, the account is plain data, never changed again by the
 * loader: it may be handed to another thread and read from several. */
#ifndef DD_ACCOUNT_H
#define DD_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "client.h"
#include "error.h"
#include "model.h"
#include "model_orgs.h"
#include "sanitize.h"
#include "strpool.h"

struct dd_config;

/* One bit per profile index: bit i is profiles[i]. */
typedef uint64_t dd_profile_set;

#define DD_ACCOUNT_MAX_PROFILES 64
/* Loader threads at once unless told otherwise (see above). */
#define DD_ACCOUNT_DEFAULT_PARALLEL 32
/* The name a configuration without a profile (keys from the environment
 * or flags) goes by. */
#define DD_ACCOUNT_NO_PROFILE_NAME "(no profile)"

/* What GET /api/v2/org gave a profile. */
typedef enum dd_orgs_access {
    DD_ORGS_NOT_ASKED, /* the profile failed before the call, or the call failed */
    DD_ORGS_LISTED,    /* answered: orgs holds the current org and the managed ones */
    DD_ORGS_REFUSED,   /* 403: the keys may not list managed orgs */
    DD_ORGS_CALL_FAILED     /* the call failed in a way the next call would not
                        * share (HTTP 5xx, 404, 429 after the waits, a
                        * malformed or oversized answer): orgs_error says
                        * why and the connections were listed all the same */
} dd_orgs_access;

/* Where a profile's self org (the org its keys belong to) came from. */
typedef enum dd_self_from {
    DD_SELF_UNKNOWN,     /* self_org_id is NULL */
    DD_SELF_CURRENT_ORG, /* current_org of GET /api/v2/org */
    DD_SELF_INFERRED     /* the one org in every connection the profile lists */
} dd_self_from;

typedef struct dd_account_profile {
    const char *name;          /* the profile's name (DD_ACCOUNT_NO_PROFILE_NAME
                                * when it has none); never NULL */
    size_t index;              /* its bit in a dd_profile_set */
    bool read_only;            /* never chosen for a write */
    dd_status status;          /* DD_OK: loaded; else error holds why
                                * (DD_E_INCOMPLETE: conns holds the rows
                                * received before the listing ended short) */
    dd_error error;            /* error.code == status */
    const char *failed_call;   /* the call that failed ("GET /api/v2/org",
                                * "GET /api/v2/org_connections"), NULL when
                                * none did (loaded, cancelled before a call,
                                * or no client) */
    dd_orgs_access orgs_access;
    dd_managed_orgs orgs;      /* valid (current.id set) when DD_ORGS_LISTED */
    dd_error orgs_error;       /* why GET /api/v2/org failed when DD_ORGS_CALL_FAILED;
                                * else empty */
    dd_conn_list conns;        /* the profile's own listing, every page; empty
                                * when the profile failed (but for
                                * DD_E_INCOMPLETE) */
    const char *self_org_id;   /* in orgs' or conns' pool; NULL when unknown */
    dd_self_from self_from;
    double load_ms;            /* from its first request to its outcome */
    double done_ms;            /* from the start of the load to its outcome */
} dd_account_profile;

/* An org of the account. Strings live in the account's pool. */
typedef struct dd_account_org {
    const char *id;            /* as first seen (managed orgs before rows); never NULL */
    const char *name;          /* NULL when nothing named it */
    const char *public_id;     /* NULL unless a managed-orgs answer described it */
    bool described;            /* a managed-orgs answer described it: disabled
                                * and public_id are known */
    bool disabled;             /* false when not described */
    dd_profile_set holders;    /* counted profiles whose keys are this org's
                                * (their self org), in profile order */
    dd_profile_set listed_by;  /* profiles whose managed orgs list it */
    size_t n_outgoing;         /* merged connections with it as source */
    size_t n_incoming;         /* merged connections with it as sink */
} dd_account_org;

typedef struct dd_account {
    dd_account_profile *profiles; /* n_profiles, in the order given */
    size_t n_profiles;
    dd_conn_list conns;           /* merged rows (own pool), first-seen order:
                                   * profile order, then each listing's order */
    dd_profile_set *seen_by;      /* conns.n entries: who lists row i */
    dd_account_org *orgs;         /* n_orgs: managed orgs in profile order, then
                                   * orgs seen only in rows, in row order */
    size_t n_orgs;
    dd_strpool *pool;             /* profile names, org strings */
    struct dd_account_index *index; /* id lookups (account_merge.c) */
} dd_account;

/* ---- Building by hand (what the loader does; also for tests) ---------- */

/* An empty account; NULL on OOM. */
dd_account *dd_account_new(void);
void dd_account_free(dd_account *a);
/* Appends a profile (status DD_OK, empty orgs and conns, access
 * DD_ORGS_NOT_ASKED) and returns it; the caller fills it. name NULL means
 * DD_ACCOUNT_NO_PROFILE_NAME. NULL with err set: DD_E_USAGE for the
 * DD_ACCOUNT_MAX_PROFILES+1st profile or a name given twice, DD_E_NOMEM.
 * The pointer stays valid until dd_account_free. */
dd_account_profile *dd_account_add_profile(dd_account *a, const char *name, bool read_only,
                                           dd_error *err);
/* Infers self orgs (profiles with DD_ORGS_REFUSED) and builds conns,
 * seen_by and orgs from the profiles, as described at the top. Call once,
 * after every profile is filled. DD_OK or DD_E_NOMEM (then the merged
 * parts are left empty). */
dd_status dd_account_merge(dd_account *a, dd_error *err);
/* The org id taking part (as source or sink, any case) in every row of l
 * when exactly one does; NULL otherwise (no rows, or a pair on every row).
 * Points into l's pool. */
const char *dd_account_infer_self_org(const dd_conn_list *l);

/* ---- Reading ------------------------------------------------------------ */

/* Merged row index of a connection id (any case), or -1. O(1). */
long dd_account_find_conn(const dd_account *a, const char *conn_id);
/* The account's org with this id (any case), or NULL. O(1). */
const dd_account_org *dd_account_find_org(const dd_account *a, const char *org_id);
/* The profile named so (exact), or NULL. */
const dd_account_profile *dd_account_profile_named(const dd_account *a, const char *name);
/* The names of the profiles in s, in profile order, joined by ", ", into
 * buf (n bytes, NUL-terminated; cut with "..." when it does not fit). */
void dd_account_profile_names(const dd_account *a, dd_profile_set s, char *buf, size_t n);
/* Whether p's data counts in the merge and p may be chosen for a write
 * (when writable): DD_OK, or DD_E_INCOMPLETE. */
bool dd_account_profile_counts(const dd_account_profile *p);
/* How many profiles s holds. */
size_t dd_profile_set_count(dd_profile_set s);
/* Why profile p is as it is, without its name, into buf (n bytes): "GET
 * /api/v2/org_connections: HTTP 401 Unauthorized: Unauthorized"; "loaded";
 * for a loaded profile whose managed orgs failed, that call's error. */
void dd_account_profile_reason(const dd_account_profile *p, char *buf, size_t n);
/* One line for a profile: "profile 'staging': " and its reason
 * (dd_account_profile_reason). */
void dd_account_profile_describe(const dd_account_profile *p, char *buf, size_t n);

/* ---- Routing writes (account_route.c) ------------------------------------ */

typedef enum dd_account_write {
    DD_ACCOUNT_CREATE, /* POST: only from the org that becomes the source */
    DD_ACCOUNT_UPDATE, /* PATCH: from the source or the sink */
    DD_ACCOUNT_DELETE  /* DELETE: from the source or the sink */
} dd_account_write;

/* The profile a write goes through: its self org is the source org (create;
 * update and delete too, when one may) or else the sink org (update and
 * delete). Only writable profiles whose data counts are chosen; among several, the
 * first in profile order. NULL when none may, with why (n bytes) saying so
 * and naming the profiles that hold the keys but are read-only or did not
 * load, e.g. "no profile holds the keys of org Acme (1111...) (source) or
 * org Beta (2222...) (sink)". sink_org_id may be NULL for a create. */
const dd_account_profile *dd_account_route_write(const dd_account *a, dd_account_write w,
                                                 const char *source_org_id,
                                                 const char *sink_org_id, char *why, size_t n);

/* ---- Loading (account_load.c) -------------------------------------------- */

typedef enum dd_account_event_kind {
    DD_ACCOUNT_STARTED, /* a loader thread took the profile up */
    DD_ACCOUNT_PAGE,    /* a page of connections arrived: rows, total */
    DD_ACCOUNT_WAITING, /* its client waits before trying again: wait */
    DD_ACCOUNT_DONE     /* its outcome: status, error, rows; exactly once per
                         * profile, cancelled or not */
} dd_account_event_kind;

/* What a progress callback is told. Every pointer lives only for the
 * duration of the call: copy what must outlive it. */
typedef struct dd_account_event {
    dd_account_event_kind kind;
    size_t profile;            /* index */
    const char *name;          /* the profile's name */
    dd_status status;          /* DONE: the outcome */
    const dd_error *error;     /* DONE: the error (code DD_OK when loaded) */
    size_t rows;               /* PAGE, DONE: connections so far */
    int64_t total;             /* PAGE: total_count, -1 unknown */
    const dd_wait_info *wait;  /* WAITING: why and how long */
    double elapsed_ms;         /* since dd_account_loader_run started */
    size_t done;               /* profiles finished, this one included for DONE */
    size_t n_profiles;
} dd_account_event;

/* Called on the loader threads, never on the caller's: one call at a time
 * (the loader serializes them), but each from whichever thread loads the
 * profile. Keep it short (it holds up other profiles' events, not their
 * requests): copy the event and post it (a queue plus an eventfd, as
 * worker.h does). It may call dd_account_loader_cancel; it must not call
 * dd_account_loader_run or _free, nor read the account being built. */
typedef void (*dd_account_event_fn)(const dd_account_event *ev, void *ud);

typedef struct dd_account_opts {
    /* Resolved configurations, one per profile, in the order to report
     * them (1..DD_ACCOUNT_MAX_PROFILES). Read only by
     * dd_account_loader_new: they may be freed after it returns. */
    const struct dd_config *const *profiles;
    size_t n_profiles;
    int max_parallel;          /* loader threads; 0: DD_ACCOUNT_DEFAULT_PARALLEL;
                                * 1..DD_ACCOUNT_MAX_PROFILES (1: one after another) */
    long page_limit;           /* rows per page; 0: 1000 (the API's default) */
    dd_text_mode text;         /* how answers' strings are kept (sanitize.h):
                                * DD_TEXT_SCREEN (0) for the console,
                                * DD_TEXT_EXACT for machine outputs */
    long max_rate_wait_s;      /* cap on a 429 wait, as dd_client_opts; 0: 60 */
    dd_account_event_fn on_event; /* may be NULL */
    void *ud;
} dd_account_opts;

typedef struct dd_account_loader dd_account_loader;

/* Checks the options and makes one dd_client per profile (keys copied into
 * it; no request yet). NULL with err: DD_E_USAGE for no profiles, more
 * than DD_ACCOUNT_MAX_PROFILES, a name given twice or max_parallel out of
 * range; DD_E_NOMEM. A profile whose client cannot be made (say, keys with
 * control characters) is not an error here: it ends as that profile's
 * outcome. */
dd_account_loader *dd_account_loader_new(const dd_account_opts *o, dd_error *err);
/* Loads every profile and merges (blocks; call once per loader). *out gets
 * the account whatever the outcome (NULL only on DD_E_NOMEM and misuse).
 * Returns DD_OK when every profile was tried (each profile's own outcome
 * is in its status: some may have failed), DD_E_CANCELLED when cancelled
 * (profiles finished before the cancel keep their data; the others say
 * cancelled), DD_E_USAGE when run twice, DD_E_NOMEM. Signals are blocked
 * on the loader threads; curl_global_init (dd_http_global_init) must have
 * run before. */
dd_status dd_account_loader_run(dd_account_loader *l, dd_account **out, dd_error *err);
/* Any thread, any time between _new and _free, as often as wanted:
 * aborts every request and retry wait in flight at once and starts no new
 * one; dd_account_loader_run then returns DD_E_CANCELLED promptly. */
void dd_account_loader_cancel(dd_account_loader *l);
/* Frees the clients (their keys wiped). Not while _run is running. */
void dd_account_loader_free(dd_account_loader *l);

#endif
