/* The account view's merge and write routing, on hand-built profiles (no
 * network): connections merged by id in any case with the profiles that
 * see them, names filled from other copies and from the orgs, the orgs of
 * the account, self orgs inferred, failed profiles left out, which profile
 * a create, update or delete goes through (read-only and failed profiles
 * never), and the limits the loader checks before any request. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "config.h"
#include "http.h"
#include "suite_main.h"

#define P_ID "11111111-1111-4111-8111-111111111111" /* Parent */
#define A_ID "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" /* Alpha */
#define A_UP "AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA"
#define B_ID "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb" /* Bravo */
#define B_UP "BBBBBBBB-BBBB-4BBB-8BBB-BBBBBBBBBBBB"
#define C_ID "cccccccc-cccc-4ccc-8ccc-cccccccccccc" /* Charlie: seen only in rows */
#define C_UP "CCCCCCCC-CCCC-4CCC-8CCC-CCCCCCCCCCCC"
#define D_ID "dddddddd-dddd-4ddd-8ddd-dddddddddddd" /* Delta: nobody's keys */
#define E_ID "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee" /* never named */

#define X_ID "0000000a-0000-4000-8000-000000000001"
#define X_UP "0000000A-0000-4000-8000-000000000001"
#define Y_ID "0000000b-0000-4000-8000-000000000002"
#define Z_ID "0000000c-0000-4000-8000-000000000003"

static dd_account *acc;
static dd_error err;

static void setup(void)
{
    acc = dd_account_new();
    ck_assert_ptr_nonnull(acc);
    dd_error_init(&err);
}

static void teardown(void)
{
    dd_account_free(acc);
    dd_error_clear(&err);
}

static dd_account_profile *profile(const char *name, bool read_only)
{
    dd_account_profile *p = dd_account_add_profile(acc, name, read_only, &err);
    ck_assert_msg(p != NULL, "%s", err.text);
    return p;
}

static void conn(dd_account_profile *p, const char *id, const char *src, const char *src_name,
                 const char *sink, const char *sink_name, const char *user_name)
{
    dd_conn c = { .id = id, .created_at = DD_TIME_NONE,
                  .source = { src, src_name }, .sink = { sink, sink_name },
                  .created_by = { user_name ? "u-1" : NULL, user_name } };
    const char *types[] = { "logs" };
    c.types = types;
    c.n_types = 1;
    ck_assert_int_eq(dd_conn_list_append_copy(&p->conns, &c), 0);
}

/* The managed orgs a profile's GET /api/v2/org gave: current first. The
 * strings are literals: a dd_managed_orgs never frees them one by one. */
static void org(dd_account_profile *p, bool current, const char *id, const char *name,
                const char *public_id, bool disabled)
{
    dd_org o = { .id = id, .name = name, .public_id = public_id, .sharing = "Disabled",
                 .disabled = disabled, .created_at = 0, .created_at_text = "",
                 .modified_at = DD_TIME_NONE };
    p->orgs_access = DD_ORGS_LISTED;
    if (current) {
        p->orgs.current = o;
        return;
    }
    ck_assert_int_eq(dd_managed_orgs_reserve(&p->orgs, 1), 0);
    p->orgs.items[p->orgs.n++] = o;
}

static void merge(void)
{
    ck_assert_int_eq(dd_account_merge(acc, &err), DD_OK);
}

static dd_profile_set seen(const char *id)
{
    long i = dd_account_find_conn(acc, id);
    ck_assert_int_ge(i, 0);
    return acc->seen_by[i];
}

static const dd_conn *row(const char *id)
{
    long i = dd_account_find_conn(acc, id);
    ck_assert_int_ge(i, 0);
    return &acc->conns.items[i];
}

static const char *names(dd_profile_set s)
{
    static char buf[256];
    dd_account_profile_names(acc, s, buf, sizeof(buf));
    return buf;
}

/* ---- Merge --------------------------------------------------------------- */

START_TEST(rows_merge_by_id_in_any_case)
{
    dd_account_profile *parent = profile("parent", false);
    dd_account_profile *alpha = profile("alpha", false);
    conn(parent, X_ID, A_ID, "Alpha", P_ID, "Parent", NULL);
    conn(parent, Y_ID, P_ID, "Parent", B_ID, "Bravo", NULL);
    conn(alpha, X_UP, A_UP, "Alpha", P_ID, "Parent", NULL);
    conn(alpha, Z_ID, A_ID, "Alpha", C_ID, "Charlie", NULL);
    merge();
    ck_assert_uint_eq(acc->conns.n, 3);
    /* The first profile's spelling is kept; either finds it. */
    ck_assert_int_eq(dd_account_find_conn(acc, X_UP), dd_account_find_conn(acc, X_ID));
    ck_assert_str_eq(row(X_UP)->id, X_ID);
    ck_assert_str_eq(names(seen(X_ID)), "parent, alpha");
    ck_assert_str_eq(names(seen(Y_ID)), "parent");
    ck_assert_str_eq(names(seen(Z_ID)), "alpha");
    ck_assert_uint_eq(dd_profile_set_count(seen(X_ID)), 2);
    /* First-seen order: parent's rows, then alpha's new one. */
    ck_assert_str_eq(acc->conns.items[0].id, X_ID);
    ck_assert_str_eq(acc->conns.items[1].id, Y_ID);
    ck_assert_str_eq(acc->conns.items[2].id, Z_ID);
    ck_assert_int_eq(dd_account_find_conn(acc, "0000000d-0000-4000-8000-000000000004"), -1);
    ck_assert_int_eq(dd_account_find_conn(acc, NULL), -1);
}
END_TEST

START_TEST(names_come_from_other_copies_then_from_the_orgs)
{
    dd_account_profile *parent = profile("parent", false);
    dd_account_profile *alpha = profile("alpha", false);
    /* The parent's copy lacks the source's name and the creator (a PATCH
     * answer carries no names); alpha's has both. */
    conn(parent, X_ID, A_ID, NULL, P_ID, "Parent", NULL);
    conn(alpha, X_ID, A_ID, "Alpha", P_ID, NULL, "Ann Alpha");
    /* No copy names Charlie; the parent's managed orgs do. */
    conn(alpha, Z_ID, A_ID, "Alpha", C_ID, NULL, NULL);
    org(parent, true, P_ID, "Parent", "pub-p", false);
    org(parent, false, C_UP, "Charlie", "pub-c", false);
    merge();
    const dd_conn *x = row(X_ID);
    ck_assert_str_eq(x->source.name, "Alpha");
    ck_assert_str_eq(x->sink.name, "Parent");
    ck_assert_str_eq(x->created_by.name, "Ann Alpha");
    ck_assert_str_eq(x->created_by.id, "u-1");
    ck_assert_str_eq(row(Z_ID)->sink.name, "Charlie");
    /* The profiles' own listings are left as they came. */
    ck_assert_ptr_null(parent->conns.items[0].source.name);
}
END_TEST

START_TEST(orgs_of_the_account_merge_by_id)
{
    dd_account_profile *parent = profile("parent", false);
    dd_account_profile *alpha = profile("alpha", false);
    org(parent, true, P_ID, "Parent", "pub-p", false);
    org(parent, false, A_ID, "Alpha", "pub-a", false);
    org(parent, false, B_ID, "Bravo", "pub-b", true);
    org(alpha, true, A_UP, "Alpha", "pub-a", false);
    org(alpha, false, P_ID, "Parent", "pub-p", false);
    conn(parent, X_ID, A_ID, "Alpha", P_ID, "Parent", NULL);
    conn(parent, Y_ID, P_ID, "Parent", B_UP, "Bravo", NULL);
    conn(alpha, X_ID, A_UP, "Alpha", P_ID, "Parent", NULL);
    conn(alpha, Z_ID, A_ID, "Alpha", C_ID, "Charlie", NULL);
    merge();
    ck_assert_uint_eq(acc->n_orgs, 4);
    /* Managed orgs in profile order, then the orgs seen only in rows. */
    ck_assert_str_eq(acc->orgs[0].id, P_ID);
    ck_assert_str_eq(acc->orgs[1].id, A_ID);
    ck_assert_str_eq(acc->orgs[2].id, B_ID);
    ck_assert_str_eq(acc->orgs[3].id, C_ID);

    const dd_account_org *p = dd_account_find_org(acc, P_ID);
    const dd_account_org *a = dd_account_find_org(acc, A_UP);
    const dd_account_org *b = dd_account_find_org(acc, B_UP);
    const dd_account_org *c = dd_account_find_org(acc, "CCCCCCCC-cccc-4ccc-8ccc-cccccccccccc");
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_null(dd_account_find_org(acc, D_ID));

    ck_assert_str_eq(p->name, "Parent");
    ck_assert_str_eq(p->public_id, "pub-p");
    ck_assert(p->described && !p->disabled);
    ck_assert_str_eq(names(p->holders), "parent");
    ck_assert_str_eq(names(p->listed_by), "parent, alpha");
    ck_assert_str_eq(names(a->holders), "alpha");
    ck_assert(b->described && b->disabled);
    ck_assert_str_eq(b->public_id, "pub-b");
    ck_assert_uint_eq(b->holders, 0);
    /* Charlie: named by a row only. */
    ck_assert_str_eq(c->name, "Charlie");
    ck_assert(!c->described && !c->disabled);
    ck_assert_ptr_null(c->public_id);
    ck_assert_uint_eq(c->holders, 0);
    ck_assert_uint_eq(c->listed_by, 0);
    /* Counted once per merged row, whatever the case of the ids. */
    ck_assert_uint_eq(a->n_outgoing, 2);
    ck_assert_uint_eq(a->n_incoming, 0);
    ck_assert_uint_eq(p->n_incoming, 1);
    ck_assert_uint_eq(p->n_outgoing, 1);
    ck_assert_uint_eq(b->n_incoming, 1);
    ck_assert_uint_eq(c->n_incoming, 1);
    ck_assert_str_eq(parent->self_org_id, P_ID);
    ck_assert_int_eq(parent->self_from, DD_SELF_CURRENT_ORG);
}
END_TEST

START_TEST(self_org_is_inferred_when_managed_orgs_are_refused)
{
    dd_account_profile *bravo = profile("bravo", false);
    dd_account_profile *pair = profile("pair", false);
    dd_account_profile *empty = profile("empty", false);
    bravo->orgs_access = pair->orgs_access = empty->orgs_access = DD_ORGS_REFUSED;
    /* Bravo in every row, in either case and either role. */
    conn(bravo, Y_ID, B_ID, "Bravo", P_ID, "Parent", NULL);
    conn(bravo, Z_ID, C_ID, "Charlie", B_UP, "Bravo", NULL);
    /* One row: both of its orgs are in every row, so neither is known. */
    conn(pair, X_ID, A_ID, "Alpha", P_ID, "Parent", NULL);
    merge();
    ck_assert_str_eq(bravo->self_org_id, B_ID);
    ck_assert_int_eq(bravo->self_from, DD_SELF_INFERRED);
    ck_assert_ptr_null(pair->self_org_id);
    ck_assert_int_eq(pair->self_from, DD_SELF_UNKNOWN);
    ck_assert_ptr_null(empty->self_org_id);
    ck_assert_int_eq(empty->self_from, DD_SELF_UNKNOWN);
    ck_assert_str_eq(names(dd_account_find_org(acc, B_ID)->holders), "bravo");
    ck_assert_uint_eq(dd_account_find_org(acc, A_ID)->holders, 0);
}
END_TEST

START_TEST(inference_needs_one_org_in_every_row)
{
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    ck_assert_ptr_null(dd_account_infer_self_org(&l));
    dd_conn rows[] = {
        { .id = X_ID, .source = { A_ID, NULL }, .sink = { P_ID, NULL } },
        { .id = Y_ID, .source = { P_ID, NULL }, .sink = { B_ID, NULL } },
        { .id = Z_ID, .source = { C_ID, NULL }, .sink = { "11111111-1111-4111-8111-11111111111F", NULL } },
    };
    for (int i = 0; i < 2; i++)
        ck_assert_int_eq(dd_conn_list_append_copy(&l, &rows[i]), 0);
    ck_assert_str_eq(dd_account_infer_self_org(&l), P_ID);
    /* A row without the parent: nobody is in every row. */
    ck_assert_int_eq(dd_conn_list_append_copy(&l, &rows[2]), 0);
    ck_assert_ptr_null(dd_account_infer_self_org(&l));
    dd_conn_list_free(&l);

    /* A row from an org to itself has one org, not two. */
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    dd_conn self = { .id = X_ID, .source = { A_ID, NULL }, .sink = { A_UP, NULL } };
    ck_assert_int_eq(dd_conn_list_append_copy(&l, &self), 0);
    ck_assert_str_eq(dd_account_infer_self_org(&l), A_ID);
    dd_conn_list_free(&l);
}
END_TEST

START_TEST(a_failed_profile_contributes_nothing)
{
    dd_account_profile *parent = profile("parent", false);
    dd_account_profile *broken = profile("broken", false);
    conn(parent, X_ID, A_ID, "Alpha", P_ID, "Parent", NULL);
    org(broken, true, B_ID, "Bravo", "pub-b", false);
    conn(broken, Y_ID, B_ID, "Bravo", C_ID, "Charlie", NULL);
    broken->status = dd_error_set(&broken->error, DD_E_HTTP, "HTTP 500 Internal Server Error");
    broken->failed_call = "GET /api/v2/org_connections";
    merge();
    ck_assert_uint_eq(acc->conns.n, 1);
    ck_assert_int_eq(dd_account_find_conn(acc, Y_ID), -1);
    ck_assert_ptr_null(dd_account_find_org(acc, B_ID));
    ck_assert_ptr_null(dd_account_find_org(acc, C_ID));
    /* Its self org is still known, to name it in a refusal. */
    ck_assert_str_eq(broken->self_org_id, B_ID);
    char line[300];
    dd_account_profile_describe(broken, line, sizeof(line));
    ck_assert_str_eq(line, "profile 'broken': GET /api/v2/org_connections: HTTP 500 Internal "
                           "Server Error");
    dd_account_profile_describe(parent, line, sizeof(line));
    ck_assert_str_eq(line, "profile 'parent': loaded");
}
END_TEST

START_TEST(an_incomplete_listing_keeps_its_rows)
{
    dd_account_profile *parent = profile("parent", false);
    dd_account_profile *alpha = profile("alpha", false);
    org(parent, true, P_ID, "Parent", "pub-p", false);
    org(alpha, true, A_ID, "Alpha", "pub-a", false);
    conn(parent, X_ID, A_ID, "Alpha", P_ID, "Parent", NULL);
    conn(alpha, X_ID, A_ID, "Alpha", P_ID, "Parent", NULL);
    conn(alpha, Z_ID, A_ID, "Alpha", C_ID, "Charlie", NULL);
    alpha->status = dd_error_set(&alpha->error, DD_E_INCOMPLETE,
                                 "got 2 of 3 connections: the server sent an empty page before "
                                 "its own total");
    alpha->failed_call = "GET /api/v2/org_connections";
    merge();
    ck_assert(dd_account_profile_counts(alpha));
    ck_assert_uint_eq(acc->conns.n, 2);
    ck_assert_str_eq(names(seen(X_ID)), "parent, alpha");
    ck_assert_str_eq(names(seen(Z_ID)), "alpha");
    ck_assert_str_eq(names(dd_account_find_org(acc, A_ID)->holders), "alpha");
    char why[512];
    const dd_account_profile *p =
        dd_account_route_write(acc, DD_ACCOUNT_CREATE, A_ID, C_ID, why, sizeof(why));
    ck_assert_ptr_eq(p, alpha);
    char line[300];
    dd_account_profile_describe(alpha, line, sizeof(line));
    ck_assert_str_eq(line, "profile 'alpha': GET /api/v2/org_connections: got 2 of 3 "
                           "connections: the server sent an empty page before its own total");
}
END_TEST

START_TEST(many_rows_each_found_in_any_case)
{
    /* Enough ids to grow the maps many times over. */
    dd_account_profile *one = profile("one", false);
    dd_account_profile *two = profile("two", false);
    char id[40], up[40];
    for (int i = 0; i < 5000; i++) {
        snprintf(id, sizeof(id), "%08x-0000-4000-8000-0000000000ab", i);
        conn(one, id, A_ID, "Alpha", P_ID, "Parent", NULL);
        if (i % 2 == 0) {
            snprintf(up, sizeof(up), "%08X-0000-4000-8000-0000000000AB", i);
            conn(two, up, A_ID, "Alpha", P_ID, "Parent", NULL);
        }
    }
    merge();
    ck_assert_uint_eq(acc->conns.n, 5000);
    for (int i = 0; i < 5000; i++) {
        snprintf(up, sizeof(up), "%08X-0000-4000-8000-0000000000AB", i);
        long at = dd_account_find_conn(acc, up);
        ck_assert_int_eq(at, i);
        ck_assert_uint_eq(dd_profile_set_count(acc->seen_by[at]), i % 2 == 0 ? 2 : 1);
    }
    ck_assert_uint_eq(dd_account_find_org(acc, A_ID)->n_outgoing, 5000);
}
END_TEST

/* ---- Routing ------------------------------------------------------------- */

/* parent (P), alpha (A), bravo-ro (B, read-only), charlie (C, did not
 * load); Delta named by a row, nobody's keys. */
static void routing_account(void)
{
    dd_account_profile *parent = profile("parent", false);
    dd_account_profile *alpha = profile("alpha", false);
    dd_account_profile *bravo = profile("bravo-ro", true);
    dd_account_profile *charlie = profile("charlie", false);
    org(parent, true, P_ID, "Parent", "pub-p", false);
    org(alpha, true, A_ID, "Alpha", "pub-a", false);
    org(bravo, true, B_ID, "Bravo", "pub-b", false);
    org(charlie, true, C_ID, "Charlie", "pub-c", false);
    charlie->status = dd_error_set(&charlie->error, DD_E_NETWORK, "cannot connect");
    conn(parent, X_ID, D_ID, "Delta", P_ID, "Parent", NULL);
    merge();
}

static const char *route(dd_account_write w, const char *src, const char *sink, char *why)
{
    const dd_account_profile *p = dd_account_route_write(acc, w, src, sink, why, 512);
    return p ? p->name : NULL;
}

START_TEST(create_goes_through_the_source_profile)
{
    routing_account();
    char why[512];
    ck_assert_str_eq(route(DD_ACCOUNT_CREATE, P_ID, A_ID, why), "parent");
    ck_assert_str_eq(route(DD_ACCOUNT_CREATE, A_UP, P_ID, why), "alpha");
    /* The sink's profile may not create: the source's keys are needed. */
    ck_assert_ptr_null(route(DD_ACCOUNT_CREATE, D_ID, P_ID, why));
    ck_assert_str_eq(why, "no profile holds the keys of org Delta (" D_ID ") (source); a "
                          "connection is created through its source org's keys");
    ck_assert_ptr_null(route(DD_ACCOUNT_CREATE, B_ID, P_ID, why));
    ck_assert_str_eq(why, "the keys of org Bravo (" B_ID ") (source) are held only by profile "
                          "'bravo-ro' (read-only); a connection is created through its source "
                          "org's keys");
    ck_assert_ptr_null(route(DD_ACCOUNT_CREATE, C_ID, P_ID, why));
    ck_assert_ptr_nonnull(strstr(why, "profile 'charlie' (did not load)"));
}
END_TEST

START_TEST(update_and_delete_prefer_the_source_then_the_sink)
{
    routing_account();
    char why[512];
    ck_assert_str_eq(route(DD_ACCOUNT_UPDATE, A_ID, P_ID, why), "alpha");
    ck_assert_str_eq(route(DD_ACCOUNT_DELETE, P_ID, A_ID, why), "parent");
    /* Source read-only, failed or keyless: the sink's profile. */
    ck_assert_str_eq(route(DD_ACCOUNT_UPDATE, B_ID, P_ID, why), "parent");
    ck_assert_str_eq(route(DD_ACCOUNT_DELETE, C_ID, A_UP, why), "alpha");
    ck_assert_str_eq(route(DD_ACCOUNT_DELETE, D_ID, P_ID, why), "parent");
}
END_TEST

START_TEST(no_profile_may_write_says_why)
{
    routing_account();
    char why[512];
    ck_assert_ptr_null(route(DD_ACCOUNT_DELETE, D_ID, E_ID, why));
    ck_assert_str_eq(why, "no profile holds the keys of org Delta (" D_ID ") (source) or org "
                          E_ID " (sink)");
    ck_assert_ptr_null(route(DD_ACCOUNT_UPDATE, B_ID, C_ID, why));
    ck_assert_str_eq(why, "the keys of org Bravo (" B_ID ") (source) are held only by profile "
                          "'bravo-ro' (read-only); the keys of org Charlie (" C_ID ") (sink) "
                          "are held only by profile 'charlie' (did not load)");
    ck_assert_ptr_null(route(DD_ACCOUNT_DELETE, B_ID, D_ID, why));
    ck_assert_str_eq(why, "the keys of org Bravo (" B_ID ") (source) are held only by profile "
                          "'bravo-ro' (read-only); no profile holds the keys of org Delta ("
                          D_ID ") (sink)");
    /* A row that names no source org. */
    ck_assert_ptr_null(route(DD_ACCOUNT_DELETE, NULL, E_ID, why));
    ck_assert_str_eq(why, "the connection does not name its source org; no profile holds the "
                          "keys of org " E_ID " (sink)");
    /* No room for a reason is allowed. */
    ck_assert_ptr_null(dd_account_route_write(acc, DD_ACCOUNT_CREATE, D_ID, NULL, NULL, 0));
}
END_TEST

START_TEST(a_read_only_profile_is_passed_over_for_a_writable_one)
{
    dd_account_profile *ro = profile("parent-ro", true);
    dd_account_profile *rw = profile("parent", false);
    org(ro, true, P_ID, "Parent", "pub-p", false);
    org(rw, true, P_ID, "Parent", "pub-p", false);
    merge();
    char why[512];
    ck_assert_str_eq(route(DD_ACCOUNT_CREATE, P_ID, A_ID, why), "parent");
    ck_assert_str_eq(names(dd_account_find_org(acc, P_ID)->holders), "parent-ro, parent");
}
END_TEST

/* ---- Profiles and limits --------------------------------------------------- */

START_TEST(profiles_are_limited_and_named_once)
{
    char name[32];
    for (int i = 0; i < DD_ACCOUNT_MAX_PROFILES; i++) {
        snprintf(name, sizeof(name), "p%02d", i);
        ck_assert_uint_eq(profile(name, false)->index, (size_t)i);
    }
    ck_assert_ptr_null(dd_account_add_profile(acc, "one-more", false, &err));
    ck_assert_int_eq(err.code, DD_E_USAGE);
    ck_assert_str_eq(err.text, "an account view loads at most 64 profiles at once; profile "
                               "'one-more' is one too many: name fewer profiles");
    ck_assert_str_eq(names(~(dd_profile_set)0 & 0x7), "p00, p01, p02");
    /* The top bit is the 64th profile. */
    ck_assert_str_eq(names((dd_profile_set)1 << 63), "p63");
    char small[12];
    dd_account_profile_names(acc, 0xff, small, sizeof(small));
    ck_assert_str_eq(small, "p00, p01...");
    ck_assert_ptr_eq(dd_account_profile_named(acc, "p05"), &acc->profiles[5]);
    ck_assert_ptr_null(dd_account_profile_named(acc, "nope"));
}
END_TEST

START_TEST(a_name_given_twice_is_refused)
{
    profile("prod", false);
    ck_assert_ptr_null(dd_account_add_profile(acc, "prod", true, &err));
    ck_assert_str_eq(err.text, "profile 'prod' is given twice");
    ck_assert_str_eq(profile(NULL, false)->name, DD_ACCOUNT_NO_PROFILE_NAME);
}
END_TEST

static dd_config cfgs[DD_ACCOUNT_MAX_PROFILES + 1];
static const dd_config *cfg_ptrs[DD_ACCOUNT_MAX_PROFILES + 1];
static char cfg_names[DD_ACCOUNT_MAX_PROFILES + 1][16];

static void make_cfgs(size_t n)
{
    for (size_t i = 0; i < n; i++) {
        snprintf(cfg_names[i], sizeof(cfg_names[i]), "org%02zu", i);
        cfgs[i] = (dd_config){ .profile = cfg_names[i], .site = "mock",
                               .base_url = "http://127.0.0.1:9", .allow_http = true,
                               .api_key = "k", .app_key = "a" };
        cfg_ptrs[i] = &cfgs[i];
    }
}

START_TEST(the_loader_checks_before_any_request)
{
    make_cfgs(DD_ACCOUNT_MAX_PROFILES + 1);
    dd_account_opts o = { .profiles = cfg_ptrs, .n_profiles = DD_ACCOUNT_MAX_PROFILES + 1 };
    ck_assert_ptr_null(dd_account_loader_new(&o, &err));
    ck_assert_int_eq(err.code, DD_E_USAGE);
    ck_assert_str_eq(err.text, "an account view loads at most 64 profiles at once; 65 were "
                               "given: name fewer profiles");
    o.n_profiles = 0;
    ck_assert_ptr_null(dd_account_loader_new(&o, &err));
    ck_assert_str_eq(err.text, "no profile to load: configure at least one profile");
    o.n_profiles = 3;
    o.max_parallel = 65;
    ck_assert_ptr_null(dd_account_loader_new(&o, &err));
    ck_assert_str_eq(err.text, "loader threads must be 1 to 64 (0 for 32), not 65");
    o.max_parallel = 0;
    cfgs[2].profile = cfg_names[0];
    ck_assert_ptr_null(dd_account_loader_new(&o, &err));
    ck_assert_str_eq(err.text, "profile 'org00' is given twice");
    /* 64 is allowed; made and freed without a request. */
    make_cfgs(DD_ACCOUNT_MAX_PROFILES);
    o.n_profiles = DD_ACCOUNT_MAX_PROFILES;
    dd_account_loader *l = dd_account_loader_new(&o, &err);
    ck_assert_msg(l != NULL, "%s", err.text);
    dd_account_loader_cancel(l);
    dd_account_loader_free(l);
}
END_TEST

START_TEST(a_profile_whose_client_cannot_be_made_is_its_own_failure)
{
    make_cfgs(2);
    cfgs[1].api_key = "bad key";
    dd_account_opts o = { .profiles = cfg_ptrs, .n_profiles = 2 };
    dd_account_loader *l = dd_account_loader_new(&o, &err);
    ck_assert_msg(l != NULL, "%s", err.text);
    /* Cancelled at once: the first profile says so, the second keeps why
     * its client could not be made. */
    dd_account_loader_cancel(l);
    dd_account *a = NULL;
    ck_assert_int_eq(dd_account_loader_run(l, &a, &err), DD_E_CANCELLED);
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(a->profiles[0].status, DD_E_CANCELLED);
    ck_assert_int_eq(a->profiles[1].status, DD_E_CONFIG);
    char line[300];
    dd_account_profile_describe(&a->profiles[1], line, sizeof(line));
    ck_assert_str_eq(line, "profile 'org01': an API or application key contains spaces or "
                           "control characters");
    dd_account *again = a;
    ck_assert_int_eq(dd_account_loader_run(l, &again, &err), DD_E_USAGE);
    ck_assert_str_eq(err.text, "an account loader runs once");
    ck_assert_ptr_null(again);
    dd_account_loader_free(l);
    dd_account_free(a);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("account");
    TCase *tc = tcase_create("merge");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, rows_merge_by_id_in_any_case);
    tcase_add_test(tc, names_come_from_other_copies_then_from_the_orgs);
    tcase_add_test(tc, orgs_of_the_account_merge_by_id);
    tcase_add_test(tc, self_org_is_inferred_when_managed_orgs_are_refused);
    tcase_add_test(tc, inference_needs_one_org_in_every_row);
    tcase_add_test(tc, a_failed_profile_contributes_nothing);
    tcase_add_test(tc, an_incomplete_listing_keeps_its_rows);
    tcase_add_test(tc, many_rows_each_found_in_any_case);
    suite_add_tcase(s, tc);
    tc = tcase_create("route");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, create_goes_through_the_source_profile);
    tcase_add_test(tc, update_and_delete_prefer_the_source_then_the_sink);
    tcase_add_test(tc, no_profile_may_write_says_why);
    tcase_add_test(tc, a_read_only_profile_is_passed_over_for_a_writable_one);
    suite_add_tcase(s, tc);
    tc = tcase_create("profiles");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, profiles_are_limited_and_named_once);
    tcase_add_test(tc, a_name_given_twice_is_refused);
    tcase_add_test(tc, the_loader_checks_before_any_request);
    tcase_add_test(tc, a_profile_whose_client_cannot_be_made_is_its_own_failure);
    suite_add_tcase(s, tc);
    return dd_run_suite_http(s);
}
