/* The pager of connection listings, for the command line and the console's
 * worker alike (client.h, dd_list_all_connections): each page asks for the
 * rows after those received, until the server's total; pages handed over
 * one by one when the caller streams; never a row past max_rows, however
 * large the pages the server sends. */
#include <stdbool.h>
#include <stdint.h>

#include "client.h"
#include "pager_guard.h"

/* One walk of the pager: where it is and what it has seen. */
typedef struct walk {
    dd_conn_query q;      /* the next page's query */
    long start;           /* the offset the walk began at */
    size_t fetched;       /* rows received */
    int64_t total;        /* rows the server announced, -1 unknown */
    bool filtered;
} walk;

/* The rows the walk should end with: from its start to the server's
 * total, at most max_rows; -1 when the total is unknown. */
static int64_t walk_target(const walk *w)
{
    if (w->total < 0)
        return -1;
    int64_t want = w->total > w->start ? w->total - w->start : 0;
    if (w->q.max_rows > 0 && want > w->q.max_rows)
        want = w->q.max_rows;
    return want;
}

/* True when the walk has what it came for, false to ask for more. An empty
 * page ends it either way: DD_E_INCOMPLETE when the server announced more. */
static bool walk_done(walk *w, size_t got, dd_status *st, dd_error *err)
{
    int64_t target = walk_target(w);
    if (w->q.max_rows > 0 && w->fetched >= (size_t)w->q.max_rows)
        return true;
    if (target >= 0 && (int64_t)w->fetched >= target)
        return true;
    if (got > 0)
        return false;
    if (target >= 0)
        *st = dd_error_set(err, DD_E_INCOMPLETE,
                           "got %zu of %lld connections: the server sent an empty page before "
                           "its own total",
                           w->fetched, (long long)target);
    return true;
}

dd_status dd_list_all_connections(dd_client *c, const dd_conn_query *q, dd_conn_list *out,
                                  dd_page_fn on_page, void *ud, dd_error *err)
{
    walk w = { .q = { .limit = 1000, .offset = 0 }, .total = -1 };
    if (q)
        w.q = *q;
    if (w.q.limit <= 0)
        w.q.limit = 1000;
    if (w.q.offset < 0)
        w.q.offset = 0;
    w.start = w.q.offset;
    long page_size = w.q.limit;
    /* A filtered walk ends at the filtered count, not the org's total. */
    w.filtered = w.q.sink_org_id || w.q.source_org_id;
    dd_pager_guard guard = {0};
    dd_conn_list own;
    for (;;) {
        /* Rows are parsed straight into out, or into a list of this page
         * alone when streaming: no per-page copy either way. */
        dd_conn_list *into = out;
        if (!out) {
            if (dd_conn_list_init(&own) != 0) {
                dd_conn_list_free(&own);
                return dd_error_set(err, DD_E_NOMEM, "out of memory");
            }
            into = &own;
        }
        w.q.limit = page_size;
        if (w.q.max_rows > 0 && (size_t)w.q.max_rows - w.fetched < (size_t)page_size)
            w.q.limit = (long)((size_t)w.q.max_rows - w.fetched);
        size_t start = into->n;
        dd_status st = dd_list_connections(c, &w.q, into, err);
        size_t got = into->n - start;
        /* A server that pages by its own size may send more than asked:
         * rows past max_rows are dropped here, so no consumer sees them.
         * Their strings stay in the list's pool until it is freed. */
        if (st == DD_OK && w.q.max_rows > 0 && got > (size_t)w.q.max_rows - w.fetched) {
            got = (size_t)w.q.max_rows - w.fetched;
            into->n = start + got;
        }
        /* A dry run printed the first request: there is no page to walk. */
        bool printed = st == DD_OK && dd_client_dry_run(c);
        if (st == DD_OK && !printed &&
            dd_pager_guard_page(&guard, into->items + start, got, err) != DD_OK)
            st = err->code;
        if (st != DD_OK || printed) {
            if (!out)
                dd_conn_list_free(&own);
            return st;
        }
        w.fetched += got;
        w.q.offset += (long)got;
        w.total = dd_conn_list_expected(into, w.filtered);
        int stop = 0;
        if (on_page) {
            dd_conn_list view = *into;
            if (out) {
                view.items = out->items + start;
                view.n = view.cap = got;
            }
            stop = on_page(out ? &view : &own, w.fetched, w.total, ud);
        }
        if (!out)
            dd_conn_list_free(&own);
        if (stop)
            return DD_OK;
        if (walk_done(&w, got, &st, err))
            return st;
        if (dd_client_cancelled(c))
            return dd_error_set(err, DD_E_CANCELLED, "listing cancelled");
    }
}
