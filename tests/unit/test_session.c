/* The console's rules without a terminal (src/session.c): which results
 * count, undo (offered, expired, refused for another source, run), read-only
 * after a disable, writes that may have been applied, profile switches,
 * messages and their lifetimes, retry notes, auto-refresh. Results are built
 * by hand and jobs are "submitted" by a fake worker that only numbers them:
 * no thread, no network, time passed in. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orgmap.h"
#include "session.h"
#include "session_fake.h"
#include "suite_main.h"

/* Starts and loads the connections: c1 org-a -> org-b, c2 org-c -> org-a. */
static void start_loaded(void)
{
    dd_fx fx = {0};
    dd_session_start(&s, at(0), &fx);
    run(&fx);
    const sent_job *list = last_of(DD_JOB_LIST_CONNS);
    ck_assert_ptr_nonnull(list);
    dd_result *page = result(DD_JOB_LIST_CONNS, DD_TAG_CONNS, list->seq, DD_OK);
    page->final = false;
    add_conn(&page->conns, "c1", "org-a", "org-b");
    add_conn(&page->conns, "c2", "org-c", "org-a");
    page->so_far = 2;
    page->total = 2;
    apply(page, 10);
    apply(result(DD_JOB_LIST_CONNS, DD_TAG_CONNS, list->seq, DD_OK), 20);
    ck_assert_uint_eq(dd_store_count(&s.store, DD_LIST_CONNS), 2);
    ck_assert(!s.store.t[DD_LIST_CONNS].load.loading);
}

/* A create answered with a row from src: the session learns its own org. */
static void learn_self(const char *src)
{
    dd_fx fx = {0};
    const char *types[] = {"logs"};
    ck_assert(dd_session_create(&s, "org-z", types, 1, &fx));
    run(&fx);
    const sent_job *c = last_of(DD_JOB_CREATE);
    dd_result *r = result(DD_JOB_CREATE, c->tag, c->seq, DD_OK);
    add_conn(&r->conns, "c9", src, "org-z");
    apply(r, 5);
    ck_assert_str_eq(s.self_org, src);
}

START_TEST(start_fetches_both_lists_and_the_audit_tail)
{
    dd_fx fx = {0};
    dd_session_start(&s, at(0), &fx);
    ck_assert_uint_eq(fx.n_jobs, 4);
    ck_assert_int_eq(fx.jobs[0].kind, DD_JOB_LIST_ORGS);
    ck_assert_int_eq(fx.jobs[1].kind, DD_JOB_LIST_CONNS);
    ck_assert_int_eq(fx.jobs[2].kind, DD_JOB_LIST_SF);
    ck_assert_int_eq(fx.jobs[3].kind, DD_JOB_AUDIT_RECENT);
    ck_assert_str_eq(fx.jobs[3].path, "/nonexistent/audit.log");
    ck_assert_uint_eq(fx.redraw, DD_DRAW_ALL);
    run(&fx);
    ck_assert(s.store.t[DD_LIST_CONNS].load.loading);
    ck_assert(s.store.t[DD_LIST_SF].load.loading);
    ck_assert(s.store.recent_loading);
    /* Asked again while loading: nothing is queued, the operator is told. */
    dd_session_fetch(&s, DD_LIST_CONNS, &fx);
    ck_assert_uint_eq(fx.n_jobs, 0);
    ck_assert_str_eq(s.msg.text, "connections are already loading");
}
END_TEST

START_TEST(a_refused_submit_leaves_the_list_idle)
{
    dd_fx fx = {0};
    dd_session_fetch(&s, DD_LIST_SF, &fx);
    ck_assert_uint_eq(fx.n_jobs, 1);
    dd_session_sent(&s, fx.jobs[0].tag, 0);
    dd_fx_free(&fx);
    ck_assert(!s.store.t[DD_LIST_SF].load.loading);
    ck_assert_int_eq(s.msg.kind, DD_MSG_ERROR);
    ck_assert_str_eq(s.msg.text, "out of memory: the request was not sent");
}
END_TEST

START_TEST(results_of_a_replaced_fetch_are_dropped)
{
    start_loaded();
    dd_fx fx = {0};
    dd_session_fetch(&s, DD_LIST_CONNS, &fx);
    run(&fx);
    uint64_t old = last_of(DD_JOB_LIST_CONNS)->seq;
    /* A server filter replaces the fetch in flight: the old one is cancelled
     * and whatever it still sends does not count. */
    dd_session_set_server_filter(&s, "org-b", NULL, &fx);
    ck_assert(fx.cancel_reads);
    run(&fx);
    const sent_job *now = last_of(DD_JOB_LIST_CONNS);
    ck_assert_uint_ne(now->seq, old);
    ck_assert_str_eq(now->sink, "org-b");
    dd_result *late = result(DD_JOB_LIST_CONNS, DD_TAG_CONNS, old, DD_OK);
    late->final = false;
    add_conn(&late->conns, "zombie", "org-x", "org-y");
    unsigned redraw = apply(late, 30);
    ck_assert_uint_eq(redraw & DD_DRAW_CONNS, 0);
    apply(result(DD_JOB_LIST_CONNS, DD_TAG_CONNS, old, DD_E_CANCELLED), 31);
    ck_assert_int_lt(dd_store_find(&s.store, DD_LIST_CONNS, "zombie"), 0);
    ck_assert(s.store.t[DD_LIST_CONNS].load.loading);   /* the new fetch still runs */
    ck_assert_int_ne(s.msg.kind, DD_MSG_ERROR);
    /* The current one's rows count. */
    dd_result *page = result(DD_JOB_LIST_CONNS, DD_TAG_CONNS, now->seq, DD_OK);
    page->final = false;
    add_conn(&page->conns, "c1", "org-a", "org-b");
    ck_assert(apply(page, 32) & DD_DRAW_CONNS);
    apply(result(DD_JOB_LIST_CONNS, DD_TAG_CONNS, now->seq, DD_OK), 33);
    ck_assert_uint_eq(dd_store_count(&s.store, DD_LIST_CONNS), 1);
    ck_assert(!s.store.t[DD_LIST_CONNS].load.loading);
}
END_TEST

START_TEST(undo_is_offered_then_expires)
{
    start_loaded();
    delete_row("c1", DD_OK, 1000);
    ck_assert_int_lt(dd_store_find(&s.store, DD_LIST_CONNS, "c1"), 0);
    ck_assert(dd_session_undo_offered(&s));
    ck_assert_msg(strstr(s.msg.text, "deleted org-a -> org-b. Press u within 30 s") != NULL,
                  "%s", s.msg.text);
    ck_assert_int_eq(dd_session_next_timer(&s), 1000 + DD_UNDO_SECONDS * 1000);
    tick(30999);
    ck_assert(dd_session_undo_offered(&s));
    tick(31000);
    ck_assert(!dd_session_undo_offered(&s));
    ck_assert_str_eq(s.msg.text, "undo window closed");
    ck_assert_int_eq(dd_session_next_timer(&s), 0);
    dd_fx fx = {0};
    ck_assert(!dd_session_undo(&s, &fx));
    ck_assert_uint_eq(fx.n_jobs, 0);
}
END_TEST

START_TEST(an_expiring_message_replaced_keeps_the_new_one)
{
    start_loaded();
    delete_row("c1", DD_OK, 1000);
    dd_session_msg(&s, DD_MSG_INFO, "sorted by Source");
    tick(31000);
    /* The offer is gone, and so is its message: the newer one stays. */
    ck_assert(!dd_session_undo_offered(&s));
    ck_assert_str_eq(s.msg.text, "sorted by Source");
}
END_TEST

START_TEST(undo_recreates_with_the_same_sink_and_types)
{
    start_loaded();
    delete_row("c1", DD_OK, 1000);
    dd_fx fx = {0};
    ck_assert(dd_session_undo(&s, &fx));
    run(&fx);
    const sent_job *c = last_of(DD_JOB_CREATE);
    ck_assert_int_eq(c->tag, DD_TAG_UNDO);
    ck_assert_str_eq(c->sink, "org-b");
    ck_assert_str_eq(c->types, "logs,metrics");
    ck_assert(!dd_session_undo_offered(&s));
    dd_result *r = result(DD_JOB_CREATE, c->tag, c->seq, DD_OK);
    add_conn(&r->conns, "c1-new", "org-a", "org-b");
    apply(r, 2000);
    ck_assert_str_eq(s.msg.text, "undo: re-created under a new id c1-new (was c1)");
    ck_assert_int_ge(dd_store_find(&s.store, DD_LIST_CONNS, "c1-new"), 0);
    /* Any write is followed by a reread of the audit log. */
    ck_assert(n_sent > 0 && sent[n_sent - 1].kind == DD_JOB_AUDIT_RECENT);
}
END_TEST

/* The keys' org not known from GET /api/v2/org: the one org in every listed
 * row is it (the service lists only its connections). When the rows do not
 * tell either, no undo is offered: re-creating from the keys' org could make
 * an incoming connection a self-connection. */
START_TEST(undo_needs_the_keys_org_known_or_inferred)
{
    start_loaded();                    /* org-a in both rows: the keys' org */
    ck_assert_str_eq(s.self_org, "");
    ck_assert_int_eq(dd_session_delete_confirm(&s, conn("c2")), DD_CONFIRM_ID8);
    ck_assert_int_eq(dd_session_delete_confirm(&s, conn("c1")), DD_CONFIRM_YES_NO);
    delete_row("c1", DD_OK, 1000);     /* org-a -> org-b: from the keys' org */
    ck_assert(dd_session_undo_offered(&s));
    /* Only c2 (org-c -> org-a) is left: a pair, the keys' org not told. */
    ck_assert_int_eq(dd_session_delete_confirm(&s, conn("c2")), DD_CONFIRM_ID8);
    delete_row("c2", DD_OK, 2000);
    ck_assert(!dd_session_undo_offered(&s));
    ck_assert_msg(strstr(s.msg.text, "No undo: the org of your keys is not known"), "%s",
                  s.msg.text);
}
END_TEST

START_TEST(undo_is_refused_for_another_source)
{
    start_loaded();
    learn_self("org-a");
    /* c2 comes from org-c: undo could only re-create it from org-a. */
    ck_assert_int_eq(dd_session_delete_confirm(&s, conn("c2")), DD_CONFIRM_ID8);
    ck_assert_int_eq(dd_session_delete_confirm(&s, conn("c1")), DD_CONFIRM_YES_NO);
    delete_row("c2", DD_OK, 1000);
    ck_assert(!dd_session_undo_offered(&s));
    ck_assert(strstr(s.msg.text, "No undo: its source is not the org of your keys"));
    ck_assert_int_eq(dd_session_next_timer(&s), 0);
}
END_TEST

START_TEST(a_failed_delete_offers_no_undo)
{
    start_loaded();
    delete_row("c1", DD_E_HTTP, 1000);
    ck_assert(!dd_session_undo_offered(&s));
    ck_assert_int_ge(dd_store_find(&s.store, DD_LIST_CONNS, "c1"), 0);
    ck_assert_int_eq(s.msg.kind, DD_MSG_ERROR);
    ck_assert(strncmp(s.msg.text, "delete failed: ", 15) == 0);
}
END_TEST

START_TEST(read_only_after_a_disable)
{
    start_loaded();
    ck_assert(!dd_session_read_only(&s));
    dd_fx fx = {0};
    ck_assert(dd_session_disable(&s, "11111111-2222-3333-4444-555555555555", &fx));
    run(&fx);
    const sent_job *d = last_of(DD_JOB_DISABLE);
    dd_result *r = result(DD_JOB_DISABLE, d->tag, d->seq, DD_OK);
    r->disable.org_id = strdup("11111111-2222-3333-4444-555555555555");
    r->disable.status = strdup("pending_disable");
    apply(r, 100);
    ck_assert(dd_session_read_only(&s));
    ck_assert_str_eq(dd_session_ro_reason(&s), "the org is disabled");
    ck_assert_str_eq(s.org_status, "pending_disable");
    ck_assert_str_eq(s.self_org, "11111111-2222-3333-4444-555555555555");
    /* Every write is refused before anything is queued, and says why. */
    size_t before = n_sent;
    const char *types[] = {"logs"};
    ck_assert(!dd_session_create(&s, "org-b", types, 1, &fx));
    ck_assert_str_eq(s.msg.text, "read-only (the org is disabled): create does nothing");
    ck_assert(!dd_session_delete_conn(&s, conn("c1"), &fx));
    ck_assert(!dd_session_delete_sf(&s, "sf1", &fx));
    ck_assert(!dd_session_disable(&s, "11111111-2222-3333-4444-555555555555", &fx));
    ck_assert_str_eq(s.msg.text, "the org is already disabled");
    ck_assert_uint_eq(fx.n_jobs, 0);
    ck_assert_uint_eq(n_sent, before);
    ck_assert(dd_session_may(&s, DD_OP_CONN_LIST));
}
END_TEST

START_TEST(a_conflicting_disable_also_ends_writes)
{
    dd_fx fx = {0};
    ck_assert(dd_session_disable(&s, "11111111-2222-3333-4444-555555555555", &fx));
    run(&fx);
    const sent_job *d = last_of(DD_JOB_DISABLE);
    dd_result *r = result(DD_JOB_DISABLE, d->tag, d->seq, DD_E_HTTP);
    r->err.http_status = 409;
    apply(r, 100);
    ck_assert(dd_session_read_only(&s));
    ck_assert_str_eq(s.msg.text, "the org is already disabled (409)");
}
END_TEST

START_TEST(config_read_only_and_audit_failures_have_their_reasons)
{
    dd_session_free(&s);
    cfg.read_only = true;
    dd_session_opts o = {0};
    ck_assert_int_eq(dd_session_init(&s, &cfg, &o), 0);
    ck_assert_str_eq(dd_session_ro_reason(&s), "profile or --read-only");
    dd_fx fx = {0};
    ck_assert(!dd_session_delete_sf(&s, "sf1", &fx));
    ck_assert_str_eq(s.msg.text, "read-only (profile or --read-only): Salesforce delete does "
                                 "nothing");
    dd_session_free(&s);
    cfg.read_only = false;
    o.audit_failed = true;
    ck_assert_int_eq(dd_session_init(&s, &cfg, &o), 0);
    ck_assert_str_eq(dd_session_ro_reason(&s), "the audit log cannot be written");
    ck_assert_int_eq(s.msg.kind, DD_MSG_ERROR);
}
END_TEST

/* A write whose answer was lost may have been applied: the list is fetched
 * again so the operator sees what the server holds. */
START_TEST(a_maybe_applied_write_refreshes_the_list)
{
    start_loaded();
    dd_fx fx = {0};
    const char *types[] = {"audit"};
    ck_assert(dd_session_update(&s, "c1", types, 1, &fx));
    run(&fx);
    const sent_job *u = last_of(DD_JOB_UPDATE);
    ck_assert_str_eq(u->types, "audit");
    size_t mark = n_sent;
    dd_result *r = result(DD_JOB_UPDATE, u->tag, u->seq, DD_E_NETWORK);
    r->err.not_sent = false;
    apply(r, 100);
    ck_assert_msg(strncmp(s.msg.text, "update failed but may have been applied (refreshing the "
                                      "list): ", 63) == 0, "%s", s.msg.text);
    ck_assert_uint_eq(count_of(DD_JOB_LIST_CONNS, mark), 1);
    ck_assert_uint_eq(count_of(DD_JOB_AUDIT_RECENT, mark), 1);
}
END_TEST

START_TEST(a_refused_or_unsent_write_does_not_refresh)
{
    start_loaded();
    dd_fx fx = {0};
    const char *types[] = {"logs"};
    ck_assert(dd_session_create(&s, "org-b", types, 1, &fx));
    run(&fx);
    const sent_job *c = last_of(DD_JOB_CREATE);
    size_t mark = n_sent;
    dd_result *r = result(DD_JOB_CREATE, c->tag, c->seq, DD_E_HTTP);
    r->err.http_status = 409;
    apply(r, 100);
    ck_assert_uint_eq(count_of(DD_JOB_LIST_CONNS, mark), 0);
    ck_assert(strncmp(s.msg.text, "create failed: ", 15) == 0);
    ck_assert(dd_session_create(&s, "org-b", types, 1, &fx));
    run(&fx);
    c = last_of(DD_JOB_CREATE);
    mark = n_sent;
    r = result(DD_JOB_CREATE, c->tag, c->seq, DD_E_NETWORK);
    r->err.not_sent = true;
    apply(r, 200);
    ck_assert_uint_eq(count_of(DD_JOB_LIST_CONNS, mark), 0);
}
END_TEST

START_TEST(a_maybe_applied_write_during_a_load_asks_for_r)
{
    start_loaded();
    dd_fx fx = {0};
    dd_session_fetch(&s, DD_LIST_SF, &fx);
    run(&fx);
    ck_assert(dd_session_delete_sf(&s, "sf1", &fx));
    run(&fx);
    const sent_job *d = last_of(DD_JOB_DELETE_SF);
    size_t mark = n_sent;
    dd_result *r = result(DD_JOB_DELETE_SF, d->tag, d->seq, DD_E_HTTP);
    r->err.http_status = 502;
    r->id = strdup("sf1");
    apply(r, 100);
    ck_assert(strstr(s.msg.text, "Salesforce delete failed but may have been applied (press r "
                                 "once the load ends to see)"));
    ck_assert_uint_eq(count_of(DD_JOB_LIST_SF, mark), 0);
}
END_TEST

START_TEST(profile_switch_success_starts_over)
{
    start_loaded();
    learn_self("org-a");
    dd_fx fx = {0};
    dd_session_fetch(&s, DD_LIST_SF, &fx);
    run(&fx);
    uint64_t old_sf = last_of(DD_JOB_LIST_SF)->seq;
    dd_session_switch_profile(&s, "other", &fx);
    ck_assert(fx.cancel_reads);
    run(&fx);
    const sent_job *sw = last_of(DD_JOB_SWITCH);
    ck_assert_str_eq(sw->profile, "other");
    ck_assert(s.switching);
    dd_session_switch_profile(&s, "third", &fx);
    ck_assert_uint_eq(fx.n_jobs, 0);
    ck_assert_str_eq(s.msg.text, "a profile switch is already under way");

    dd_result *r = result(DD_JOB_SWITCH, sw->tag, sw->seq, DD_OK);
    r->config = calloc(1, sizeof(dd_config));
    r->config->profile = strdup("other");
    r->config->site = strdup("datadoghq.eu");
    r->config->base_url = strdup("https://api.datadoghq.eu");
    r->config->read_only = true;
    size_t mark = n_sent;
    apply(r, 100);
    ck_assert(!s.switching);
    ck_assert_str_eq(s.cfg->profile, "other");
    ck_assert_str_eq(s.msg.text, "now using profile other (datadoghq.eu)");
    ck_assert_uint_eq(dd_store_count(&s.store, DD_LIST_CONNS), 0);
    ck_assert_str_eq(s.self_org, "");
    ck_assert_str_eq(dd_session_ro_reason(&s), "profile or --read-only");
    ck_assert_uint_eq(count_of(DD_JOB_LIST_CONNS, mark), 1);
    ck_assert_uint_eq(count_of(DD_JOB_LIST_SF, mark), 1);
    /* The old profile's Salesforce fetch no longer counts. */
    dd_result *late = result(DD_JOB_LIST_SF, DD_TAG_SF, old_sf, DD_OK);
    dd_sf_org o = {.id = "old-sf", .name = "old"};
    dd_sf_list_append_copy(&late->sfs, &o);
    apply(late, 101);
    ck_assert_uint_eq(dd_store_count(&s.store, DD_LIST_SF), 0);
}
END_TEST

START_TEST(profile_switch_failure_changes_nothing)
{
    start_loaded();
    dd_fx fx = {0};
    dd_session_switch_profile(&s, "nosuch", &fx);
    run(&fx);
    const sent_job *sw = last_of(DD_JOB_SWITCH);
    dd_result *r = result(DD_JOB_SWITCH, sw->tag, sw->seq, DD_E_CONFIG);
    apply(r, 100);
    ck_assert(!s.switching);
    ck_assert_ptr_eq(s.cfg, &cfg);
    ck_assert_uint_eq(dd_store_count(&s.store, DD_LIST_CONNS), 2);
    ck_assert_int_eq(s.msg.kind, DD_MSG_ERROR);
    ck_assert_msg(strncmp(s.msg.text, "profile nosuch not loaded (still using test): ", 46) == 0,
                  "%s", s.msg.text);
}
END_TEST

START_TEST(a_retry_note_counts_down_then_ends_with_the_next_result)
{
    start_loaded();
    dd_fx fx = {0};
    dd_session_fetch(&s, DD_LIST_CONNS, &fx);
    run(&fx);
    uint64_t seq = last_of(DD_JOB_LIST_CONNS)->seq;
    dd_result *n = result(DD_JOB_LIST_CONNS, DD_TAG_CONNS, seq, DD_OK);
    n->final = false;
    n->note = true;
    n->wait.reason = strdup("rate limited (org_connections)");
    n->wait.wait_ms = 12000;
    n->wait.attempt = 2;
    n->wait.max_tries = 3;
    ck_assert(apply(n, 1000) & DD_DRAW_STATUS);
    char buf[200];
    dd_session_note_text(&s, 1000, false, buf, sizeof(buf));
    ck_assert_str_eq(buf, "rate limited (org_connections): retrying in 12 s, attempt 2 of 3");
    dd_session_note_text(&s, 2500, true, buf, sizeof(buf));
    ck_assert_str_eq(buf, "rate limited (org_connections): retrying in 11 s");
    ck_assert_int_eq(dd_session_next_timer(&s), 13000);
    tick(13000);
    dd_session_note_text(&s, 13000, true, buf, sizeof(buf));
    ck_assert_str_eq(buf, "rate limited (org_connections): retrying now");
    ck_assert_int_eq(dd_session_next_timer(&s), 0);
    dd_result *page = result(DD_JOB_LIST_CONNS, DD_TAG_CONNS, seq, DD_OK);
    page->final = false;
    apply(page, 14000);
    dd_session_note_text(&s, 14000, false, buf, sizeof(buf));
    ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(auto_refresh_is_scheduled_after_each_load)
{
    dd_session_free(&s);
    dd_session_opts o = {.refresh_s = 5};
    ck_assert_int_eq(dd_session_init(&s, &cfg, &o), 0);
    start_loaded();
    ck_assert_int_eq(dd_session_next_timer(&s), 20 + 5000);
    size_t mark = n_sent;
    tick(5019);
    ck_assert_uint_eq(count_of(DD_JOB_LIST_CONNS, mark), 0);
    tick(5020);
    ck_assert_uint_eq(count_of(DD_JOB_LIST_CONNS, mark), 1);
    /* Salesforce orgs are still loading from the start: not asked twice. */
    ck_assert_uint_eq(count_of(DD_JOB_LIST_SF, mark), 0);
    ck_assert_int_eq(dd_session_next_timer(&s), 0);
}
END_TEST

START_TEST(refused_keys_are_named_in_the_list_error)
{
    dd_fx fx = {0};
    dd_session_start(&s, at(0), &fx);
    run(&fx);
    dd_result *r = result(DD_JOB_LIST_CONNS, DD_TAG_CONNS, last_of(DD_JOB_LIST_CONNS)->seq,
                          DD_E_HTTP);
    r->err.http_status = 403;
    apply(r, 10);
    ck_assert_msg(strncmp(s.msg.text, "connections: the keys of profile test were refused (", 52)
                  == 0, "%s", s.msg.text);
    ck_assert(s.store.t[DD_LIST_CONNS].load.stale);
    ck_assert(dd_session_dismiss(&s, DD_LIST_CONNS));
    ck_assert_int_eq(s.msg.kind, DD_MSG_NONE);
    ck_assert_str_eq(s.store.t[DD_LIST_CONNS].load.error, "");
    ck_assert(!dd_session_dismiss(&s, DD_LIST_CONNS));
}
END_TEST

START_TEST(cancel_applies_only_while_loading)
{
    start_loaded();
    dd_fx fx = {0};
    ck_assert(!dd_session_cancel_fetch(&s, DD_LIST_CONNS, &fx));
    ck_assert(!fx.cancel_reads);
    dd_session_fetch(&s, DD_LIST_CONNS, &fx);
    run(&fx);
    ck_assert(dd_session_cancel_fetch(&s, DD_LIST_CONNS, &fx));
    ck_assert(fx.cancel_reads);
}
END_TEST

/* The managed orgs answer for the keys' org "org-a" (Alpha), managing org-b. */
static void orgs_answer(dd_status st, long http, int64_t ms)
{
    const sent_job *o = last_of(DD_JOB_LIST_ORGS);
    ck_assert_ptr_nonnull(o);
    dd_result *r = result(DD_JOB_LIST_ORGS, o->tag, o->seq, st);
    r->err.http_status = http;
    if (st == DD_OK) {
        dd_managed_orgs *m = &r->orgs;
        m->current = (dd_org){.id = dd_strpool_intern(m->pool, "org-a", 5),
                              .name = dd_strpool_intern(m->pool, "Alpha", 5)};
        ck_assert_int_eq(dd_managed_orgs_reserve(m, 2), 0);
        m->items[m->n++] = (dd_org){.id = dd_strpool_intern(m->pool, "org-b", 5),
                                    .name = dd_strpool_intern(m->pool, "Bravo", 5)};
        m->items[m->n++] = (dd_org){.id = dd_strpool_intern(m->pool, "org-q", 5),
                                    .name = dd_strpool_intern(m->pool, "Quiet", 5),
                                    .disabled = true};
    }
    apply(r, ms);
}

START_TEST(the_orgs_name_the_keys_org_before_any_write)
{
    start_loaded();
    orgs_answer(DD_OK, 0, 30);
    ck_assert_str_eq(s.self_org, "org-a");
    ck_assert_str_eq(s.self_name, "Alpha");
    ck_assert_int_eq(s.orgs_state, DD_ORGS_OK);
    /* c2 (org-c -> org-a) is received: undo could not give it back. */
    ck_assert_int_eq(dd_session_delete_confirm(&s, conn("c2")), DD_CONFIRM_ID8);
    ck_assert_int_eq(dd_session_delete_confirm(&s, conn("c1")), DD_CONFIRM_YES_NO);
    char why[300];
    ck_assert(dd_session_check_disable(&s, "ORG-A", why, sizeof(why)));
    ck_assert(!dd_session_check_disable(&s, "org-b", why, sizeof(why)));
    ck_assert_str_eq(why, "That is the UUID of Bravo, not of this org (Alpha, org-a); nothing was "
                          "sent.");
    ck_assert(!dd_session_check_disable(&s, "org-x", why, sizeof(why)));
    ck_assert_str_eq(why, "That is not the UUID of this org (Alpha, org-a); nothing was sent.");
}
END_TEST

START_TEST(the_org_map_merges_managed_and_seen_orgs)
{
    start_loaded();
    orgs_answer(DD_OK, 0, 30);
    const dd_table *t = &s.store.t[DD_LIST_ORGS];
    ck_assert(!t->load.loading);
    /* Alpha (keys' org), Bravo, Quiet (managed), then org-c seen only. */
    ck_assert_uint_eq(dd_store_count(&s.store, DD_LIST_ORGS), 4);
    const dd_orgmap_row *a = dd_store_at(&s.store, DD_LIST_ORGS, 0);
    ck_assert_str_eq(a->id, "org-a");
    ck_assert(a->self && a->managed);
    ck_assert_str_eq(a->profile, "test");
    ck_assert_uint_eq(a->out_orgs, 1);   /* c1 to org-b */
    ck_assert_uint_eq(a->in_orgs, 1);    /* c2 from org-c */
    ck_assert_uint_eq(a->out_types[DD_MAP_LOGS], 1);
    ck_assert_uint_eq(a->out_types[DD_MAP_METRICS], 1);
    const dd_orgmap_row *q = dd_store_at(&s.store, DD_LIST_ORGS, 2);
    ck_assert_str_eq(q->name, "Quiet");
    ck_assert(q->disabled);
    const dd_orgmap_row *c = dd_store_at(&s.store, DD_LIST_ORGS, 3);
    ck_assert_str_eq(c->id, "org-c");
    ck_assert(!c->managed);
    ck_assert_uint_eq(c->out_orgs, 1);
    /* A delete changes the map at once. */
    learn_self("org-a");
    delete_row("c2", DD_OK, 1000);
    a = dd_store_at(&s.store, DD_LIST_ORGS, 0);
    ck_assert_uint_eq(a->in_orgs, 0);
}
END_TEST

START_TEST(refused_orgs_fall_back_and_say_so_once)
{
    start_loaded();
    orgs_answer(DD_E_HTTP, 403, 30);
    ck_assert_int_eq(s.orgs_state, DD_ORGS_KEYS_REFUSED);
    ck_assert_msg(strstr(s.msg.text, "these keys may not list the account's orgs (403"), "%s",
                  s.msg.text);
    /* The map still holds the orgs seen in connections. */
    ck_assert_uint_eq(dd_store_count(&s.store, DD_LIST_ORGS), 3);
    dd_session_msg(&s, DD_MSG_INFO, "sorted by Source");
    dd_fx fx = {0};
    dd_session_fetch(&s, DD_LIST_ORGS, &fx);
    run(&fx);
    orgs_answer(DD_E_HTTP, 403, 40);
    ck_assert_str_eq(s.msg.text, "sorted by Source");
    /* Without the orgs the keys' org is the one in every row (org-a): c2
     * comes from org-c, so undo could not re-create it. */
    ck_assert_int_eq(dd_session_delete_confirm(&s, conn("c2")), DD_CONFIRM_ID8);
    ck_assert_int_eq(dd_session_delete_confirm(&s, conn("c1")), DD_CONFIRM_YES_NO);
}
END_TEST

/* A list's load problem said on the status line goes when a complete
 * listing of that list arrives; another message is left alone. */
START_TEST(a_complete_listing_clears_its_list_problem)
{
    start_loaded();
    dd_fx fx = {0};
    dd_session_fetch(&s, DD_LIST_CONNS, &fx);
    run(&fx);
    dd_result *r = result(DD_JOB_LIST_CONNS, DD_TAG_CONNS, last_of(DD_JOB_LIST_CONNS)->seq,
                          DD_E_INCOMPLETE);
    apply(r, 30);
    ck_assert_msg(strncmp(s.msg.text, "incomplete list: ", 17) == 0, "%s", s.msg.text);
    dd_session_fetch(&s, DD_LIST_CONNS, &fx);
    run(&fx);
    apply(result(DD_JOB_LIST_CONNS, DD_TAG_CONNS, last_of(DD_JOB_LIST_CONNS)->seq, DD_OK), 40);
    ck_assert_msg(s.msg.kind == DD_MSG_NONE, "still shown: %s", s.msg.text);
    /* A Salesforce failure then success: the failure goes too. */
    dd_session_fetch(&s, DD_LIST_SF, &fx);
    run(&fx);
    apply(result(DD_JOB_LIST_SF, DD_TAG_SF, last_of(DD_JOB_LIST_SF)->seq, DD_E_NETWORK), 50);
    ck_assert_msg(strncmp(s.msg.text, "Salesforce orgs: ", 17) == 0, "%s", s.msg.text);
    dd_session_fetch(&s, DD_LIST_SF, &fx);
    run(&fx);
    apply(result(DD_JOB_LIST_SF, DD_TAG_SF, last_of(DD_JOB_LIST_SF)->seq, DD_OK), 60);
    ck_assert_msg(s.msg.kind == DD_MSG_NONE, "still shown: %s", s.msg.text);
    /* The connections' problem is not cleared by the Salesforce orgs'
     * listing, nor is another message by either. */
    dd_session_fetch(&s, DD_LIST_CONNS, &fx);
    run(&fx);
    apply(result(DD_JOB_LIST_CONNS, DD_TAG_CONNS, last_of(DD_JOB_LIST_CONNS)->seq,
                 DD_E_INCOMPLETE), 70);
    dd_session_fetch(&s, DD_LIST_SF, &fx);
    run(&fx);
    apply(result(DD_JOB_LIST_SF, DD_TAG_SF, last_of(DD_JOB_LIST_SF)->seq, DD_OK), 80);
    ck_assert_msg(strncmp(s.msg.text, "incomplete list: ", 17) == 0, "%s", s.msg.text);
    dd_session_msg(&s, DD_MSG_INFO, "something else");
    dd_session_fetch(&s, DD_LIST_CONNS, &fx);
    run(&fx);
    apply(result(DD_JOB_LIST_CONNS, DD_TAG_CONNS, last_of(DD_JOB_LIST_CONNS)->seq, DD_OK), 90);
    ck_assert_str_eq(s.msg.text, "something else");
}
END_TEST

/* The Org view's recent writes are this org's: the same site (any case)
 * and profile (whose keys name the org); other profiles' and sites'
 * records in the shared audit log are not. */
START_TEST(recent_writes_are_this_orgs)
{
    dd_audit_entry e = {.phase = "intent", .op = "connections.delete", .profile = "test",
                        .site = "datadoghq.com"};
    ck_assert(dd_session_recent_is_ours(&s, &e));
    snprintf(e.site, sizeof(e.site), "DataDogHQ.com");
    ck_assert(dd_session_recent_is_ours(&s, &e));
    snprintf(e.site, sizeof(e.site), "datadoghq.eu");
    ck_assert(!dd_session_recent_is_ours(&s, &e));
    snprintf(e.site, sizeof(e.site), "datadoghq.com");
    snprintf(e.profile, sizeof(e.profile), "other");
    ck_assert(!dd_session_recent_is_ours(&s, &e));
    e.profile[0] = '\0';
    ck_assert(!dd_session_recent_is_ours(&s, &e));
    /* Without a profile (the environment's keys), only records without one. */
    cfg.profile = NULL;
    ck_assert(dd_session_recent_is_ours(&s, &e));
    snprintf(e.profile, sizeof(e.profile), "test");
    ck_assert(!dd_session_recent_is_ours(&s, &e));
    /* With --api-url the records name that URL, as the client writes it. */
    cfg.profile = "test";
    cfg.base_url = "http://127.0.0.1:8126";
    ck_assert(!dd_session_recent_is_ours(&s, &e));
    snprintf(e.site, sizeof(e.site), "http://127.0.0.1:8126");
    ck_assert(dd_session_recent_is_ours(&s, &e));
}
END_TEST

static Suite *session_suite(void)
{
    Suite *su = suite_create("session");
    TCase *tc = tcase_create("rules");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, start_fetches_both_lists_and_the_audit_tail);
    tcase_add_test(tc, a_refused_submit_leaves_the_list_idle);
    tcase_add_test(tc, results_of_a_replaced_fetch_are_dropped);
    tcase_add_test(tc, undo_is_offered_then_expires);
    tcase_add_test(tc, an_expiring_message_replaced_keeps_the_new_one);
    tcase_add_test(tc, undo_recreates_with_the_same_sink_and_types);
    tcase_add_test(tc, undo_needs_the_keys_org_known_or_inferred);
    tcase_add_test(tc, undo_is_refused_for_another_source);
    tcase_add_test(tc, a_failed_delete_offers_no_undo);
    tcase_add_test(tc, read_only_after_a_disable);
    tcase_add_test(tc, a_conflicting_disable_also_ends_writes);
    tcase_add_test(tc, config_read_only_and_audit_failures_have_their_reasons);
    tcase_add_test(tc, a_maybe_applied_write_refreshes_the_list);
    tcase_add_test(tc, a_refused_or_unsent_write_does_not_refresh);
    tcase_add_test(tc, a_maybe_applied_write_during_a_load_asks_for_r);
    tcase_add_test(tc, profile_switch_success_starts_over);
    tcase_add_test(tc, profile_switch_failure_changes_nothing);
    tcase_add_test(tc, a_retry_note_counts_down_then_ends_with_the_next_result);
    tcase_add_test(tc, auto_refresh_is_scheduled_after_each_load);
    tcase_add_test(tc, refused_keys_are_named_in_the_list_error);
    tcase_add_test(tc, cancel_applies_only_while_loading);
    tcase_add_test(tc, the_orgs_name_the_keys_org_before_any_write);
    tcase_add_test(tc, the_org_map_merges_managed_and_seen_orgs);
    tcase_add_test(tc, refused_orgs_fall_back_and_say_so_once);
    tcase_add_test(tc, a_complete_listing_clears_its_list_problem);
    tcase_add_test(tc, recent_writes_are_this_orgs);
    suite_add_tcase(su, tc);
    return su;
}

int main(void)
{
    return dd_run_suite(session_suite());
}
