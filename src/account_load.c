/* The account view's loader: every profile at once on a bounded number of
 * threads, each profile with its own dd_client (account.h, "Loading"). */
#include "account.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"

#define ORGS_CALL "GET /api/v2/org"
#define CONNS_CALL "GET /api/v2/org_connections"

struct dd_account_loader;

/* What a client's on_wait and the pager's on_page need to report. */
typedef struct profile_ctx {
    struct dd_account_loader *l;
    size_t index;
} profile_ctx;

struct dd_account_loader {
    dd_account *acc;           /* built by _new, handed out by _run */
    size_t n;
    dd_client **clients;       /* n; NULL when it could not be made (the
                                * profile's error says why) */
    profile_ctx *ctx;          /* n */
    int parallel;
    long page_limit;
    dd_text_mode text;
    dd_account_event_fn on_event;
    void *ud;
    bool ran;
    atomic_bool cancelled;
    atomic_size_t next;        /* the next profile a thread takes up */
    pthread_mutex_t ev_mu;     /* one event at a time; guards done */
    size_t done;
    struct timespec t0;        /* when _run started (read-only once threads run) */
};

static double ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* ---- Events -------------------------------------------------------------- */

static void emit(struct dd_account_loader *l, dd_account_event *ev, bool finished)
{
    pthread_mutex_lock(&l->ev_mu);
    if (finished)
        l->done++;
    if (l->on_event) {
        ev->name = l->acc->profiles[ev->profile].name;
        ev->elapsed_ms = ms_since(&l->t0);
        ev->done = l->done;
        ev->n_profiles = l->n;
        l->on_event(ev, l->ud);
    }
    pthread_mutex_unlock(&l->ev_mu);
}

static void on_wait(const dd_wait_info *w, void *ud)
{
    const profile_ctx *c = ud;
    dd_account_event ev = { .kind = DD_ACCOUNT_WAITING, .profile = c->index, .wait = w,
                            .total = -1 };
    emit(c->l, &ev, false);
}

static int on_page(dd_conn_list *page, size_t so_far, int64_t total, void *ud)
{
    (void)page;
    const profile_ctx *c = ud;
    dd_account_event ev = { .kind = DD_ACCOUNT_PAGE, .profile = c->index, .rows = so_far,
                            .total = total };
    emit(c->l, &ev, false);
    /* Never stops the walk itself: a cancel makes the pager end with
     * DD_E_CANCELLED, not with a short list that looks whole. */
    return 0;
}

/* ---- One profile --------------------------------------------------------- */

static void fail(dd_account_profile *p, const char *call, dd_error *err)
{
    p->status = err->code;
    p->failed_call = call;
    dd_error_move(&p->error, err);
}

/* Whether a failed GET /api/v2/org says nothing about the next call: the
 * server's fault or this route's (5xx, 404, 429 after the waits, a
 * malformed or oversized answer). Keys refused (401, 407), the network,
 * a cancel or memory would fail the listing too, so they fail the
 * profile here, naming the call that found them. */
static bool orgs_failure_is_its_own(const dd_error *e)
{
    switch (e->code) {
    case DD_E_HTTP:
        return e->http_status != 401 && e->http_status != 407 &&
               (e->http_status >= 500 || e->http_status == 404 || e->http_status == 429);
    case DD_E_PROTOCOL:
    case DD_E_TOO_LARGE:
        return true;
    default:
        return false;
    }
}

static void load_profile(struct dd_account_loader *l, size_t i)
{
    dd_account_profile *p = &l->acc->profiles[i];
    dd_client *c = l->clients[i];
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    dd_error err;
    dd_error_init(&err);

    if (!c) {
        /* The client could not be made: _new set the profile's error. */
    } else if (atomic_load(&l->cancelled)) {
        dd_error_set(&err, DD_E_CANCELLED, "cancelled before the profile was loaded");
        err.not_sent = true;
        fail(p, NULL, &err);
    } else {
        dd_account_event ev = { .kind = DD_ACCOUNT_STARTED, .profile = i, .total = -1 };
        emit(l, &ev, false);
        dd_status st = dd_list_managed_orgs(c, NULL, &p->orgs, &err);
        if (st == DD_OK) {
            p->orgs_access = DD_ORGS_LISTED;
            p->self_org_id = p->orgs.current.id;
            p->self_from = DD_SELF_CURRENT_ORG;
        } else if (st == DD_E_HTTP && err.http_status == 403) {
            /* The keys may not list managed orgs: the orgs seen will do. */
            p->orgs_access = DD_ORGS_REFUSED;
            dd_error_clear(&err);
        } else if (orgs_failure_is_its_own(&err)) {
            /* The connections are what the view is for: list them. */
            p->orgs_access = DD_ORGS_CALL_FAILED;
            dd_error_move(&p->orgs_error, &err);
        } else {
            fail(p, ORGS_CALL, &err);
        }
        if (p->status == DD_OK) {
            dd_conn_query q = { .limit = l->page_limit, .offset = 0 };
            st = dd_list_all_connections(c, &q, &p->conns, on_page, &l->ctx[i], &err);
            if (st == DD_E_INCOMPLETE) {
                /* The rows received are real: they stay and count. */
                fail(p, CONNS_CALL, &err);
            } else if (st != DD_OK) {
                fail(p, CONNS_CALL, &err);
                /* No partial listing: a failed profile holds no rows. */
                dd_conn_list_free(&p->conns);
                if (dd_conn_list_init(&p->conns) != 0)
                    memset(&p->conns, 0, sizeof(p->conns));
            }
        }
    }
    p->load_ms = ms_since(&start);
    p->done_ms = ms_since(&l->t0);
    dd_account_event ev = { .kind = DD_ACCOUNT_DONE, .profile = i, .status = p->status,
                            .error = &p->error, .rows = p->conns.n, .total = -1 };
    emit(l, &ev, true);
}

static void *loader_main(void *arg)
{
    struct dd_account_loader *l = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&l->next, 1);
        if (i >= l->n)
            return NULL;
        load_profile(l, i);
    }
}

/* ---- Loader -------------------------------------------------------------- */

static dd_status make_client(struct dd_account_loader *l, size_t i, const dd_config *cfg,
                             long max_rate_wait_s)
{
    dd_account_profile *p = &l->acc->profiles[i];
    dd_client_opts o;
    dd_client_opts_from_config(&o, cfg, NULL);
    if (max_rate_wait_s)
        o.max_rate_wait_s = max_rate_wait_s;
    o.text = l->text;
    l->ctx[i].l = l;
    l->ctx[i].index = i;
    o.on_wait = on_wait;
    o.on_wait_ud = &l->ctx[i];
    dd_error err;
    dd_error_init(&err);
    l->clients[i] = dd_client_new(&o, &err);
    if (l->clients[i])
        return DD_OK;
    if (err.code == DD_E_NOMEM) {
        dd_error_clear(&err);
        return DD_E_NOMEM;
    }
    /* The profile's own fault (its keys, its URL): its outcome, not the
     * load's. */
    err.not_sent = true;
    fail(p, NULL, &err);
    return DD_OK;
}

dd_account_loader *dd_account_loader_new(const dd_account_opts *o, dd_error *err)
{
    if (!o || !o->profiles || o->n_profiles == 0) {
        dd_error_set(err, DD_E_USAGE, "no profile to load: configure at least one profile");
        return NULL;
    }
    if (o->n_profiles > DD_ACCOUNT_MAX_PROFILES) {
        dd_error_set(err, DD_E_USAGE,
                     "an account view loads at most %d profiles at once; %zu were given: name "
                     "fewer profiles",
                     DD_ACCOUNT_MAX_PROFILES, o->n_profiles);
        return NULL;
    }
    if (o->max_parallel < 0 || o->max_parallel > DD_ACCOUNT_MAX_PROFILES) {
        dd_error_set(err, DD_E_USAGE, "loader threads must be 1 to %d (0 for %d), not %d",
                     DD_ACCOUNT_MAX_PROFILES, DD_ACCOUNT_DEFAULT_PARALLEL, o->max_parallel);
        return NULL;
    }
    struct dd_account_loader *l = calloc(1, sizeof(*l));
    if (!l) {
        dd_error_set(err, DD_E_NOMEM, "out of memory");
        return NULL;
    }
    l->n = o->n_profiles;
    l->parallel = o->max_parallel ? o->max_parallel : DD_ACCOUNT_DEFAULT_PARALLEL;
    l->page_limit = o->page_limit > 0 ? o->page_limit : 1000;
    l->text = o->text;
    l->on_event = o->on_event;
    l->ud = o->ud;
    atomic_init(&l->cancelled, false);
    atomic_init(&l->next, 0);
    pthread_mutex_init(&l->ev_mu, NULL);
    l->acc = dd_account_new();
    l->clients = calloc(l->n, sizeof(*l->clients));
    l->ctx = calloc(l->n, sizeof(*l->ctx));
    if (!l->acc || !l->clients || !l->ctx) {
        dd_account_loader_free(l);
        dd_error_set(err, DD_E_NOMEM, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < l->n; i++) {
        const dd_config *cfg = o->profiles[i];
        if (!cfg || !dd_account_add_profile(l->acc, cfg ? cfg->profile : NULL,
                                            cfg && cfg->read_only, err)) {
            if (!cfg)
                dd_error_set(err, DD_E_USAGE, "profile %zu has no configuration", i + 1);
            dd_account_loader_free(l);
            return NULL;
        }
        if (make_client(l, i, cfg, o->max_rate_wait_s) != DD_OK) {
            dd_account_loader_free(l);
            dd_error_set(err, DD_E_NOMEM, "out of memory");
            return NULL;
        }
    }
    return l;
}

dd_status dd_account_loader_run(dd_account_loader *l, dd_account **out, dd_error *err)
{
    *out = NULL;
    if (l->ran)
        return dd_error_set(err, DD_E_USAGE, "an account loader runs once");
    l->ran = true;
    clock_gettime(CLOCK_MONOTONIC, &l->t0);

    size_t want = (size_t)l->parallel < l->n ? (size_t)l->parallel : l->n;
    pthread_t threads[DD_ACCOUNT_MAX_PROFILES];
    size_t started = 0;
    int rc = 0;
    /* Loader threads take no signal: the front end's thread handles them
     * (SIGINT cancels through dd_account_loader_cancel, SIGWINCH redraws). */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    for (; started < want; started++) {
        rc = pthread_create(&threads[started], NULL, loader_main, l);
        if (rc != 0)
            break;
        pthread_setname_np(threads[started], "ddorgs-account");
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (started == 0) {
        /* Nothing ran: every profile is as _new left it. */
        return dd_error_set(err, DD_E_NOMEM, "cannot start a thread to load the profiles: %s",
                            strerror(rc));
    }
    /* Fewer threads than wanted only means less parallelism. */
    for (size_t i = 0; i < started; i++)
        pthread_join(threads[i], NULL);

    if (dd_account_merge(l->acc, err) != DD_OK)
        return err->code;
    *out = l->acc;
    l->acc = NULL;
    if (atomic_load(&l->cancelled))
        return dd_error_set(err, DD_E_CANCELLED, "loading the profiles was cancelled");
    return DD_OK;
}

void dd_account_loader_cancel(dd_account_loader *l)
{
    atomic_store(&l->cancelled, true);
    /* The clients live from _new to _free, so this is safe at any time. */
    for (size_t i = 0; i < l->n; i++)
        if (l->clients[i])
            dd_client_cancel(l->clients[i]);
}

void dd_account_loader_free(dd_account_loader *l)
{
    if (!l)
        return;
    for (size_t i = 0; l->clients && i < l->n; i++)
        dd_client_free(l->clients[i]);
    free(l->clients);
    free(l->ctx);
    dd_account_free(l->acc);
    pthread_mutex_destroy(&l->ev_mu);
    free(l);
}
