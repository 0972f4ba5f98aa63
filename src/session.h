/* The console's state and rules, without a terminal: the lists (store), which
 * results still count, undo (offer, expiry, source check), read-only and its
 * reason, what is known of the org, messages and their lifetimes, retry
 * notes, the profile in use and switching it.
 *
 * The session never talks to the network or the screen. Every entry point
 * that may start work fills a dd_fx: which parts of the screen to redraw,
 * whether to cancel the reads in flight, and the jobs to hand to the worker,
 * in order. The front end runs the effects and tells the session the number
 * the worker gave each job (dd_session_sent). Time is passed in (dd_time),
 * so every timer is testable. Only one thread (the UI's) uses a session. */
#ifndef DD_SESSION_H
#define DD_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "config.h"
#include "model_orgs.h"
#include "ops.h"
#include "store.h"
#include "worker.h"

#define DD_UNDO_SECONDS 30

/* Parts of the screen a change touches (dd_fx.redraw). */
enum {
    DD_DRAW_TABS = 1u << 0,    /* tab line: counts, stale marks, profile, lock */
    DD_DRAW_CONNS = 1u << 1,   /* the connections list and its detail */
    DD_DRAW_SF = 1u << 2,      /* the Salesforce orgs list and its detail */
    DD_DRAW_ORG = 1u << 3,     /* the org panel */
    DD_DRAW_STATUS = 1u << 4,  /* status line and function bar */
    DD_DRAW_DIALOG = 1u << 5,  /* the open dialog */
    DD_DRAW_MAP = 1u << 6,     /* the org map */
    DD_DRAW_ALL = (1u << 7) - 1
};

/* What a job is for, carried in dd_job.tag so that its results find their
 * way back (dd_session_sent, dd_session_apply). */
enum {
    DD_TAG_NONE = 0,
    DD_TAG_CONNS,    /* the connections fetch */
    DD_TAG_SF,       /* the Salesforce orgs fetch */
    DD_TAG_RECENT,   /* the audit log's last records */
    DD_TAG_SWITCH,   /* a profile switch */
    DD_TAG_WRITE,    /* a write (create, update, Salesforce delete, disable) */
    DD_TAG_DELETE,   /* a connection delete (undo may follow) */
    DD_TAG_UNDO,     /* the create that undoes the last delete */
    DD_TAG_ORGS,     /* the managed orgs (GET /api/v2/org) */
    DD_TAG_ACCOUNT   /* the account view's load (every profile at once) */
};

#define DD_FX_JOBS 8

/* The effects of one call. Jobs are owned here until handed to the worker
 * (dd_worker_submit takes them); dd_fx_free frees those left. */
typedef struct dd_fx {
    unsigned redraw;           /* DD_DRAW_* bits */
    bool cancel_reads;         /* first: cancel the read in flight and queued reads */
    dd_job jobs[DD_FX_JOBS];   /* then: submit these, in order */
    size_t n_jobs;
} dd_fx;

void dd_fx_free(dd_fx *fx);

typedef enum dd_msg_kind { DD_MSG_NONE, DD_MSG_INFO, DD_MSG_ERROR } dd_msg_kind;

/* Bytes of a status message, NUL included: room for every profile of an
 * account named with why it did not load. */
#define DD_MSG_TEXT_MAX 4096

/* The status line's message. It stays until another replaces it or the
 * operator dismisses it, unless it expires: then, at expires_at, `then`
 * replaces it (the undo offer becomes "undo window closed"). */
typedef struct dd_msg {
    dd_msg_kind kind;
    char text[DD_MSG_TEXT_MAX];   /* the status line shows its start, m all of it */
    int64_t expires_at;   /* monotonic ms; 0: no expiry */
    char then[80];
    unsigned serial;      /* changes whenever the message does */
    int load_of;          /* DD_LIST_* whose load problem this says (a failed or
                           * incomplete listing), which a complete listing of
                           * that list clears; -1 for any other message */
} dd_msg;

/* Why writes are refused. */
typedef enum dd_ro {
    DD_RO_OFF,
    DD_RO_CONFIG,    /* the profile's read_only, --read-only or DDORGS_READ_ONLY */
    DD_RO_AUDIT,     /* the audit log cannot be written: no record, no write */
    DD_RO_DISABLED   /* the org was disabled from this console */
} dd_ro;

/* The last connection delete, kept to re-create it (undo). */
typedef struct dd_undo {
    char *id, *sink, *source;  /* source NULL when the server sent none */
    char *desc;                /* "src -> sink", for messages */
    char **types;
    size_t n_types;
    uint64_t delete_seq;       /* the delete whose success offers undo */
    int64_t deadline;          /* monotonic ms; 0: not offered */
} dd_undo;

/* The job in flight waits before trying a request again. */
typedef struct dd_note {
    uint64_t seq;              /* its job; 0: no note */
    char text[300];            /* "rate limited (org_connections)" */
    int attempt, max_tries;
    int64_t retry_at;          /* monotonic ms of the retry; 0 once it has come */
} dd_note;

/* What is known of the account's orgs (GET /api/v2/org). */
typedef enum dd_orgs_state {
    DD_ORGS_UNKNOWN,   /* not listed yet */
    DD_ORGS_OK,        /* listed: managed holds them */
    DD_ORGS_KEYS_REFUSED,   /* 403: the keys lack the permission; the orgs seen stand in */
    DD_ORGS_FAILED     /* another error; the orgs seen stand in */
} dd_orgs_state;

typedef struct dd_session_opts {
    int refresh_s;             /* re-fetch every N seconds; 0: never */
    long page_size;            /* rows per page; 0: server default */
    bool audit_failed;         /* no audit log: read-only */
    bool demo;                 /* against the bundled mock (--demo) */
    const char *arrow;         /* between source and sink in messages; NULL: "->" */
    /* The account view's profiles (borrowed; copied into each load); NULL:
     * every profile of the config file, read by the worker. */
    const struct dd_account_configs *account;
} dd_session_opts;

struct dd_account;
struct dd_account_configs;

/* The account view (session_account.c): every profile at once. */
typedef struct dd_session_account {
    bool on;                   /* the connections list is the account's */
    bool loading;
    uint64_t seq;              /* the load whose results count */
    struct dd_account *acct;   /* the last load's account, NULL until one ends */
    size_t done, total;        /* profiles loaded of total, while loading */
    char failed[1024];         /* the profiles the last load could not read, "" none */
    bool quiet;                /* the load follows a write: the write's message stays */
    bool reread;               /* the next load reads the config file again (the
                                * view opened or :account asked); else a reload
                                * reuses the profiles read last (no key command
                                * runs again) */
    const struct dd_account_configs *cfgs; /* dd_session_opts.account */
} dd_session_acct;

typedef struct dd_session {
    /* The configuration in use: borrowed at start, owned after a switch. */
    const dd_config *cfg;
    dd_config *owned_cfg;
    bool start_read_only;      /* kept across profile switches */
    bool switching;
    char switching_to[200];

    dd_store store;
    uint64_t conn_seq, sf_seq, recent_seq;   /* the fetches whose results count */

    dd_ro ro;                  /* DD_RO_OFF: writes allowed */
    bool audit_failed;

    /* The account's orgs as the keys' org sees them. */
    dd_managed_orgs managed;
    dd_orgs_state orgs_state;
    uint64_t orgs_seq;         /* the orgs listing whose result counts */
    bool orgs_loading;

    /* The org of the keys, as far as answers told. */
    bool org_disabled;
    char org_status[40];       /* "disabled" | "pending_disable" */
    char org_id[80];
    /* Named by a create's answer (its source) or a disable's: the API
     * creates every connection from that org, so undo is exact only for
     * its connections. "" while unknown. */
    char self_org[80];
    char self_name[200];       /* its name, "" while unknown */

    dd_undo undo;
    dd_msg msg;
    dd_note note;

    int refresh_s;
    long page_size;
    bool demo;
    char arrow[8];
    int64_t next_refresh;      /* monotonic ms; 0: none scheduled */

    dd_session_acct account;
} dd_session;

/* cfg must outlive the session or a profile switch. 0, or -1 on OOM. */
int dd_session_init(dd_session *s, const dd_config *cfg, const dd_session_opts *o);
void dd_session_free(dd_session *s);

/* The first fetches: both lists and the audit log's tail. */
void dd_session_start(dd_session *s, dd_time now, dd_fx *fx);
/* The front end handed job j of an fx to the worker, which numbered it seq
 * (0: refused, e.g. out of memory). */
void dd_session_sent(dd_session *s, int tag, uint64_t seq);
/* A result from the worker. Results of fetches that no longer count are
 * dropped. May take parts of r (a switch's config). */
void dd_session_apply(dd_session *s, dd_result *r, dd_time now, dd_fx *fx);

/* The next moment a timer needs the session (monotonic ms), 0 when none:
 * the front end sleeps until then at most. */
int64_t dd_session_next_timer(const dd_session *s);
/* Runs the timers due at now: auto-refresh, undo expiry, message expiry,
 * the retry note's countdown. */
void dd_session_tick(dd_session *s, dd_time now, dd_fx *fx);

/* ---- what the operator asks for ---- */

/* Fetches list (DD_LIST_CONNS, DD_LIST_SF, or DD_LIST_ORGS: the managed
 * orgs and the connections the org map is built from) unless it is loading. */
void dd_session_fetch(dd_session *s, int list, dd_fx *fx);
/* Fetches a list that has never been loaded (a view shown for the first time). */
void dd_session_fetch_if_unloaded(dd_session *s, int list, dd_fx *fx);
void dd_session_load_recent(dd_session *s, dd_fx *fx);
/* Esc: cancels the fetch of list when one runs (true), else false. */
bool dd_session_cancel_fetch(dd_session *s, int list, dd_fx *fx);
/* Esc: forgets the message and the list's last load error (true when
 * there was a message). */
bool dd_session_dismiss(dd_session *s, int list);
/* Sets the server-side sink/source filters and fetches again. */
void dd_session_set_server_filter(dd_session *s, const char *sink, const char *source,
                                  dd_fx *fx);
void dd_session_switch_profile(dd_session *s, const char *name, dd_fx *fx);

/* The writes. Each refuses (false, with the reason as the message) in
 * read-only mode before anything is queued. The write job is fx->jobs[0]. */
bool dd_session_create(dd_session *s, const char *sink, const char *const *types, size_t n,
                       dd_fx *fx);
bool dd_session_update(dd_session *s, const char *id, const char *const *types, size_t n,
                       dd_fx *fx);
/* Keeps what is needed to re-create c (undo) once the delete succeeds. */
bool dd_session_delete_conn(dd_session *s, const dd_conn *c, dd_fx *fx);
bool dd_session_undo(dd_session *s, dd_fx *fx);
bool dd_session_delete_sf(dd_session *s, const char *id, dd_fx *fx);
/* A create from source_org (the account view: the write goes through the
 * profile holding its keys; NULL: the org of the profile in use). Outside
 * the account view source_org is ignored: the API creates from the keys'
 * org. */
bool dd_session_create_from(dd_session *s, const char *source_org, const char *sink,
                            const char *const *types, size_t n, dd_fx *fx);
bool dd_session_disable(dd_session *s, const char *org_uuid, dd_fx *fx);

/* Datadog documents that a source org shares with at most this many orgs
 * unless the account is on an Enterprise plan (cross-org visibility docs). */
#define DD_SHARE_LIMIT_DOCUMENTED 5

/* How many orgs source_org (NULL: the org of the keys, or in the account
 * view of the profile in use) shares with, as the org map counts them; -1
 * when the org is not known. */
long dd_session_shares_of(const dd_session *s, const char *source_org);
/* Why a create from source_org (as above) may have been refused with 400,
 * into buf (n bytes): the documented share limit, with how many orgs the
 * source shares with now when the map knows it. */
void dd_session_explain_refused_create(const dd_session *s, const char *source_org, char *buf,
                                       size_t n);

/* ---- the account view (session_account.c) ---- */

/* Opens (on) the account view: the connections list shows every
 * profile's connections merged, with the profiles that see each, and the
 * org map every org of the account; the load runs on the worker
 * (DD_JOB_ACCOUNT), each profile on its own client. While on, r, the auto
 * refresh and a refresh after a write load the account again. Off: back to
 * the profile in use, whose lists are fetched again. A profile switch
 * leaves the account view. */
void dd_session_account(dd_session *s, bool on, dd_fx *fx);
/* The profile a connection write would go through in the account view,
 * for its confirmation: true with "profile NAME" in via (n bytes), or
 * false with why none may (the same text the write would refuse with).
 * Outside the account view: true, via "" (the profile in use).
 * source_org NULL for a create: the org of the profile in use. */
bool dd_session_write_via(const dd_session *s, dd_op_id op, const char *source_org,
                          const char *sink_org, char *via, size_t n);

/* ---- what the front end asks ---- */

/* Where the console's requests go, as it names them. */
typedef enum dd_where {
    DD_WHERE_SITE,   /* the site's own API URL: the site ("datadoghq.eu") */
    DD_WHERE_DEMO,   /* --demo: "demo" */
    DD_WHERE_URL     /* any other --api-url: its host[:port] ("127.0.0.1:8126") */
} dd_where;
/* Writes that name into buf (n bytes; 300 is enough), from the configuration
 * in use (a profile switch keeps an --api-url, so the profile's site is then
 * not where requests go). */
dd_where dd_session_where(const dd_session *s, char *buf, size_t n);

/* Whether uuid may be sent to disable the org: true when it is the keys'
 * org or that org is not known; otherwise false, with why (n bytes): "that
 * is Bravo's UUID, not this org's (Self, 1111...)". */
bool dd_session_check_disable(const dd_session *s, const char *uuid, char *why, size_t n);

/* True when op may run now; otherwise false and the reason is the message
 * ("read-only (the org is disabled): delete does nothing"). */
bool dd_session_may(dd_session *s, dd_op_id op);
bool dd_session_read_only(const dd_session *s);
/* "profile or --read-only", "the audit log cannot be written", ... ("" when off). */
const char *dd_session_ro_reason(const dd_session *s);
/* Whether audit record e is of this console's org: written with the same
 * site as the client records it (the --api-url when requests go there;
 * ASCII case ignored) and the same profile, whose keys name the org
 * (no profile: the environment's keys, records without one). Records of
 * other profiles or sites sharing the audit log are not. */
bool dd_session_recent_is_ours(const dd_session *s, const dd_audit_entry *e);

/* How the console confirms deleting c: a Yes/No question while undo could
 * re-create it, else what the command line asks (ops.h). */
dd_confirm dd_session_delete_confirm(const dd_session *s, const dd_conn *c);
bool dd_session_undo_offered(const dd_session *s);
/* The retry note for the status line ("" when none): with the attempt
 * ("rate limited (x): retrying in 12 s, attempt 2 of 3") or without it. */
void dd_session_note_text(const dd_session *s, int64_t now_ms, bool short_form, char *buf,
                          size_t n);
/* Sets the message (no expiry). */
void dd_session_msg(dd_session *s, dd_msg_kind k, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
