/* The account view in the session (src/session_account.c): opening it
 * loads every profile on the worker; the merged rows show who sees each;
 * a failed profile is named and the others' rows stay; the org map holds
 * every org with the profiles holding its keys; each connection write goes
 * through the profile whose org may make it, or is refused naming why;
 * no undo; r and writes load the account again; leaving gives the
 * profile's own view back. The account is built by hand (account.h), as
 * the loader would hand it over. */
#include "account.h"
#include "list_kind.h"
#include "orgmap.h"
#include "session_fake.h"
#include "suite_main.h"

static dd_account *acct;

static dd_account_profile *prof(const char *name, bool read_only, const char *self_org)
{
    dd_error e;
    dd_error_init(&e);
    dd_account_profile *p = dd_account_add_profile(acct, name, read_only, &e);
    ck_assert_msg(p != NULL, "%s", e.text);
    if (self_org) {
        dd_org o = {.id = self_org, .name = self_org, .public_id = "pub", .sharing = "Disabled",
                    .created_at = 0, .created_at_text = "", .modified_at = DD_TIME_NONE};
        p->orgs_access = DD_ORGS_LISTED;
        p->orgs.current = o;
    }
    return p;
}

static void listed(dd_account_profile *p, const char *id, const char *src, const char *sink)
{
    add_conn(&p->conns, id, src, sink);
}

/* The account of the tests:
 *   test  (org-a, writable): c1 org-a -> org-b, c2 org-c -> org-a
 *   beta  (org-b, read-only): c1, c3 org-b -> org-d
 *   gamma (org-c, writable): c2, c4 org-c -> org-b
 *   broken: HTTP 401 on its listing. */
static dd_account *make_account(void)
{
    acct = dd_account_new();
    ck_assert_ptr_nonnull(acct);
    dd_account_profile *t = prof("test", false, "org-a");
    dd_account_profile *b = prof("beta", true, "org-b");
    dd_account_profile *g = prof("gamma", false, "org-c");
    dd_account_profile *x = prof("broken", false, NULL);
    listed(t, "c1", "org-a", "org-b");
    listed(t, "c2", "org-c", "org-a");
    listed(b, "c1", "org-a", "org-b");
    listed(b, "c3", "org-b", "org-d");
    listed(g, "c2", "org-c", "org-a");
    listed(g, "c4", "org-c", "org-b");
    x->status = DD_E_HTTP;
    dd_error_set(&x->error, DD_E_HTTP, "HTTP 401 Unauthorized: Unauthorized");
    x->error.http_status = 401;
    x->failed_call = "GET /api/v2/org";
    dd_error e;
    dd_error_init(&e);
    ck_assert_int_eq(dd_account_merge(acct, &e), DD_OK);
    dd_account *a = acct;
    acct = NULL;
    return a;
}

static const sent_job *open_view(void)
{
    dd_fx fx = {0};
    dd_session_account(&s, true, &fx);
    int before = cancels;
    run(&fx);
    ck_assert_int_eq(cancels, before + 1);   /* the profile's own reads stop */
    return last_of(DD_JOB_ACCOUNT);
}

/* Opens the view and answers its load: one profile's progress, then the
 * account. */
static void loaded(void)
{
    const sent_job *j = open_view();
    ck_assert_ptr_nonnull(j);
    dd_result *p = result(DD_JOB_ACCOUNT, DD_TAG_ACCOUNT, j->seq, DD_E_HTTP);
    p->final = false;
    p->id = strdup("broken");
    p->so_far = 1;
    p->total = 4;
    apply(p, 10);
    ck_assert_ptr_nonnull(strstr(s.msg.text, "1 of 4 profiles done; failed: broken"));
    ck_assert(s.store.t[DD_LIST_CONNS].load.loading);
    dd_result *r = result(DD_JOB_ACCOUNT, DD_TAG_ACCOUNT, j->seq, DD_OK);
    r->account = make_account();
    apply(r, 20);
}

START_TEST(opening_loads_every_profile_and_merges_their_rows)
{
    loaded();
    ck_assert_ptr_eq(s.store.t[DD_LIST_CONNS].kind, &dd_kind_account_conns);
    ck_assert_uint_eq(dd_store_count(&s.store, DD_LIST_CONNS), 4);
    ck_assert_str_eq(conn("c1")->seen_by, "test, beta");
    ck_assert_str_eq(conn("c2")->seen_by, "test, gamma");
    ck_assert_str_eq(conn("c3")->seen_by, "beta");
    ck_assert(!s.store.t[DD_LIST_CONNS].load.loading);
    /* The failed profile is named, with its error; the others' rows stay. */
    ck_assert_int_eq(s.msg.kind, DD_MSG_ERROR);
    ck_assert_ptr_nonnull(strstr(s.msg.text, "4 connections from 3 of 4 profiles"));
    ck_assert_ptr_nonnull(strstr(s.msg.text, "broken"));
    ck_assert_ptr_nonnull(strstr(s.msg.text, "401"));
    ck_assert(s.store.t[DD_LIST_CONNS].load.incomplete);
    ck_assert_ptr_nonnull(strstr(s.store.t[DD_LIST_CONNS].load.error, "broken"));
}
END_TEST

START_TEST(the_org_map_holds_every_org_with_its_profiles)
{
    loaded();
    const dd_orgmap *m = (const dd_orgmap *)s.store.t[DD_LIST_ORGS].rows;
    ck_assert_uint_eq(m->n, 4);
    long a = dd_orgmap_find(m, "org-a"), b = dd_orgmap_find(m, "ORG-B"),
         c = dd_orgmap_find(m, "org-c"), d = dd_orgmap_find(m, "org-d");
    ck_assert(a >= 0 && b >= 0 && c >= 0 && d >= 0);
    ck_assert_str_eq(m->items[a].profile, "test");
    ck_assert_str_eq(m->items[b].profile, "beta");
    ck_assert_ptr_null(m->items[d].profile);   /* seen only in a row: no keys */
    ck_assert(m->items[a].self && !m->items[c].self);
    ck_assert_uint_eq(m->items[c].out_orgs, 2);   /* c2, c4 */
    ck_assert_uint_eq(m->items[b].in_orgs, 2);    /* c1, c4 */
    ck_assert_uint_eq(m->items[d].in_orgs, 1);
    ck_assert(!s.store.t[DD_LIST_ORGS].load.loading);
}
END_TEST

START_TEST(writes_go_through_a_profile_that_may_make_them)
{
    loaded();
    char via[600];
    /* c4 org-c -> org-b: the source's profile (gamma). */
    ck_assert(dd_session_write_via(&s, DD_OP_CONN_DELETE, "org-c", "org-b", via, sizeof(via)));
    ck_assert_str_eq(via, "profile gamma");
    dd_fx fx = {0};
    ck_assert(dd_session_delete_conn(&s, conn("c4"), &fx));
    run(&fx);
    ck_assert_str_eq(last_of(DD_JOB_DELETE_CONN)->profile, "gamma");
    /* An update of c1 (org-a -> org-b): test holds the source's keys. */
    const char *types[] = {"logs"};
    ck_assert(dd_session_update(&s, "c1", types, 1, &fx));
    run(&fx);
    ck_assert_str_eq(last_of(DD_JOB_UPDATE)->profile, "test");
    /* A create with no source named: from the org of the profile in use. */
    ck_assert(dd_session_create(&s, "org-d", types, 1, &fx));
    run(&fx);
    ck_assert_str_eq(last_of(DD_JOB_CREATE)->profile, "test");
    /* From org-c: gamma. */
    ck_assert(dd_session_create_from(&s, "org-c", "org-d", types, 1, &fx));
    run(&fx);
    ck_assert_str_eq(last_of(DD_JOB_CREATE)->profile, "gamma");
}
END_TEST

START_TEST(a_write_no_profile_may_make_is_refused_and_not_sent)
{
    loaded();
    size_t before = n_sent;
    char via[600];
    /* c3 org-b -> org-d: beta is read-only, nobody holds org-d's keys. */
    ck_assert(!dd_session_write_via(&s, DD_OP_CONN_DELETE, "org-b", "org-d", via, sizeof(via)));
    ck_assert_ptr_nonnull(strstr(via, "beta"));
    dd_fx fx = {0};
    ck_assert(!dd_session_delete_conn(&s, conn("c3"), &fx));
    run(&fx);
    ck_assert_uint_eq(n_sent, before);
    ck_assert_int_eq(s.msg.kind, DD_MSG_ERROR);
    ck_assert_ptr_nonnull(strstr(s.msg.text, "beta"));
    /* A create from an org no profile holds. */
    const char *types[] = {"logs"};
    ck_assert(!dd_session_create_from(&s, "org-d", "org-a", types, 1, &fx));
    run(&fx);
    ck_assert_uint_eq(n_sent, before);
    ck_assert_msg(!strstr(via, "loading"), "%s", via);
    /* While the account loads again, the refusal says it is of the last load. */
    dd_session_fetch(&s, DD_LIST_CONNS, &fx);
    run(&fx);
    ck_assert(!dd_session_write_via(&s, DD_OP_CONN_DELETE, "org-b", "org-d", via, sizeof(via)));
    ck_assert_msg(strstr(via, "beta") && strstr(via, "the account is loading again"), "%s", via);
}
END_TEST

START_TEST(no_undo_and_a_write_loads_the_account_again)
{
    loaded();
    ck_assert_int_eq(dd_session_delete_confirm(&s, conn("c1")),
                     dd_ops[DD_OP_CONN_DELETE].confirm_cli);
    size_t before = count_of(DD_JOB_ACCOUNT, 0);
    delete_row("c1", DD_OK, 30);
    ck_assert(!dd_session_undo_offered(&s));
    ck_assert_uint_eq(count_of(DD_JOB_ACCOUNT, 0), before + 1);
    /* The reload that follows keeps the write's message. */
    ck_assert_ptr_nonnull(strstr(s.msg.text, "deleted connection c1"));
    dd_result *r = result(DD_JOB_ACCOUNT, DD_TAG_ACCOUNT, last_of(DD_JOB_ACCOUNT)->seq, DD_OK);
    r->account = make_account();
    apply(r, 40);
    ck_assert_ptr_nonnull(strstr(s.msg.text, "deleted connection c1"));
    ck_assert(s.store.t[DD_LIST_CONNS].load.incomplete);   /* broken is still named there */
}
END_TEST

/* A write that may have been applied (a 500): the doubt stays on screen
 * through the account's reload that shows what the server holds. */
START_TEST(a_write_that_may_have_applied_keeps_its_doubt_through_the_reload)
{
    loaded();
    size_t before = count_of(DD_JOB_ACCOUNT, 0);
    dd_fx fx = {0};
    ck_assert(dd_session_delete_conn(&s, conn("c1"), &fx));
    run(&fx);
    const sent_job *d = last_of(DD_JOB_DELETE_CONN);
    dd_result *w = result(DD_JOB_DELETE_CONN, d->tag, d->seq, DD_E_HTTP);
    w->err.http_status = 500;
    snprintf(w->err.text, sizeof(w->err.text), "HTTP 500 Internal Server Error");
    w->id = strdup("c1");
    apply(w, 30);
    ck_assert_msg(strstr(s.msg.text, "may have been applied"), "%s", s.msg.text);
    ck_assert_uint_eq(count_of(DD_JOB_ACCOUNT, 0), before + 1);
    dd_result *r = result(DD_JOB_ACCOUNT, DD_TAG_ACCOUNT, last_of(DD_JOB_ACCOUNT)->seq, DD_OK);
    r->account = make_account();
    apply(r, 40);
    ck_assert_int_eq(s.msg.kind, DD_MSG_ERROR);
    ck_assert_msg(strstr(s.msg.text, "may have been applied"), "%s", s.msg.text);
}
END_TEST

START_TEST(refresh_reloads_the_account_and_filters_are_refused)
{
    loaded();
    size_t since = n_sent;
    dd_fx fx = {0};
    dd_session_fetch(&s, DD_LIST_CONNS, &fx);
    run(&fx);
    ck_assert_uint_eq(count_of(DD_JOB_ACCOUNT, since), 1);
    ck_assert_uint_eq(count_of(DD_JOB_LIST_CONNS, since), 0);
    /* While it loads, r again sends nothing more. */
    dd_session_fetch(&s, DD_LIST_ORGS, &fx);
    run(&fx);
    ck_assert_uint_eq(count_of(DD_JOB_ACCOUNT, since), 1);
    dd_session_set_server_filter(&s, "org-b", NULL, &fx);
    run(&fx);
    ck_assert_uint_eq(count_of(DD_JOB_LIST_CONNS, since), 0);
    ck_assert_ptr_nonnull(strstr(s.msg.text, "one profile's view"));
}
END_TEST

START_TEST(leaving_gives_the_profile_its_own_view_back)
{
    const sent_job *j = open_view();
    uint64_t seq = j->seq;
    size_t since = n_sent;
    dd_fx fx = {0};
    dd_session_account(&s, false, &fx);
    run(&fx);
    ck_assert_ptr_eq(s.store.t[DD_LIST_CONNS].kind, &dd_kind_conns);
    ck_assert_uint_eq(count_of(DD_JOB_LIST_CONNS, since), 1);
    ck_assert_uint_eq(count_of(DD_JOB_LIST_ORGS, since), 1);
    /* The load that was under way no longer counts. */
    dd_result *r = result(DD_JOB_ACCOUNT, DD_TAG_ACCOUNT, seq, DD_OK);
    r->account = make_account();
    apply(r, 40);
    ck_assert_uint_eq(dd_store_count(&s.store, DD_LIST_CONNS), 0);
    ck_assert(!s.account.on);
}
END_TEST

START_TEST(a_failed_load_says_so_and_keeps_the_view)
{
    const sent_job *j = open_view();
    dd_result *r = result(DD_JOB_ACCOUNT, DD_TAG_ACCOUNT, j->seq, DD_E_CONFIG);
    apply(r, 10);
    ck_assert(s.account.on);
    ck_assert_int_eq(s.msg.kind, DD_MSG_ERROR);
    ck_assert_ptr_nonnull(strstr(s.msg.text, "the account could not be loaded"));
    ck_assert(!s.store.t[DD_LIST_CONNS].load.loading);
    ck_assert(!s.store.t[DD_LIST_ORGS].load.loading);
}
END_TEST

/* The last message names every profile not loaded: each that failed, why
 * the first failed, and the ones the config file could not give (counted
 * among the profiles). */
START_TEST(every_profile_not_loaded_is_named_and_counted)
{
    const sent_job *j = open_view();
    dd_result *r = result(DD_JOB_ACCOUNT, DD_TAG_ACCOUNT, j->seq, DD_OK);
    r->account = make_account();
    dd_error e;
    dd_error_init(&e);
    dd_account_profile *x = dd_account_add_profile(r->account, "broken2", false, &e);
    ck_assert_ptr_nonnull(x);
    x->status = DD_E_NETWORK;
    dd_error_set(&x->error, DD_E_NETWORK, "could not connect");
    /* The same refusal as broken's: named with it, the reason said once. */
    dd_account_profile *y = dd_account_add_profile(r->account, "broken3", false, &e);
    ck_assert_ptr_nonnull(y);
    y->status = DD_E_HTTP;
    dd_error_set(&y->error, DD_E_HTTP, "HTTP 401 Unauthorized: Unauthorized");
    y->error.http_status = 401;
    y->failed_call = "GET /api/v2/org";
    r->notes = strdup("profile nokeys: missing an API key; profile badsite: unknown site 'x'");
    r->n_skipped = 2;
    apply(r, 10);
    ck_assert_int_eq(s.msg.kind, DD_MSG_ERROR);
    ck_assert_msg(strstr(s.msg.text, "4 connections from 3 of 8 profiles; not loaded: "
                                     "broken, broken3 (GET /api/v2/org: HTTP 401 Unauthorized: "
                                     "Unauthorized); broken2 (could not connect); "
                                     "profile nokeys: missing an API key; profile badsite"),
                  "%s", s.msg.text);
    /* Each named once. */
    const char *once = strstr(s.msg.text, "broken3");
    ck_assert_ptr_null(strstr(once + 1, "broken3"));
}
END_TEST

/* A reload (r, the refresh, after a write) takes the profiles as the view
 * read them, so no key command runs again; opening the view or :account
 * reads the config file again. */
START_TEST(reloads_reuse_the_profiles_read_and_account_rereads)
{
    loaded();
    ck_assert(!last_of(DD_JOB_ACCOUNT)->reuse_configs);
    dd_fx fx = {0};
    dd_session_fetch(&s, DD_LIST_CONNS, &fx);
    run(&fx);
    const sent_job *j = last_of(DD_JOB_ACCOUNT);
    ck_assert(j->reuse_configs);
    dd_result *r = result(DD_JOB_ACCOUNT, DD_TAG_ACCOUNT, j->seq, DD_OK);
    r->account = make_account();
    apply(r, 30);
    dd_fx fx2 = {0};
    dd_session_account(&s, true, &fx2);   /* :account while open */
    run(&fx2);
    ck_assert(!last_of(DD_JOB_ACCOUNT)->reuse_configs);
}
END_TEST

static Suite *suite(void)
{
    Suite *su = suite_create("session_account");
    TCase *tc = tcase_create("account");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, opening_loads_every_profile_and_merges_their_rows);
    tcase_add_test(tc, the_org_map_holds_every_org_with_its_profiles);
    tcase_add_test(tc, writes_go_through_a_profile_that_may_make_them);
    tcase_add_test(tc, a_write_no_profile_may_make_is_refused_and_not_sent);
    tcase_add_test(tc, no_undo_and_a_write_loads_the_account_again);
    tcase_add_test(tc, refresh_reloads_the_account_and_filters_are_refused);
    tcase_add_test(tc, a_write_that_may_have_applied_keeps_its_doubt_through_the_reload);
    tcase_add_test(tc, leaving_gives_the_profile_its_own_view_back);
    tcase_add_test(tc, a_failed_load_says_so_and_keeps_the_view);
    tcase_add_test(tc, every_profile_not_loaded_is_named_and_counted);
    tcase_add_test(tc, reloads_reuse_the_profiles_read_and_account_rereads);
    suite_add_tcase(su, tc);
    return su;
}

int main(void)
{
    return dd_run_suite(suite());
}
