/* The account's merged data as rows to print (account_rows.h) and the
 * account orgs' list kind (list_account_orgs.c), on a hand-built account
 * (no network): each connection with the profiles that list it joined by
 * ",", never cut; each org with the profiles holding its keys, its state
 * and its connections out and in. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "account_rows.h"
#include "list_kind.h"
#include "suite_main.h"

#define P_ID "11111111-1111-4111-8111-111111111111" /* Parent */
#define A_ID "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" /* Alpha */
#define C_ID "cccccccc-cccc-4ccc-8ccc-cccccccccccc" /* Charlie: seen only in rows */
#define X_ID "0000000a-0000-4000-8000-000000000001" /* A -> P */
#define Y_ID "0000000b-0000-4000-8000-000000000002" /* P -> C */

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

static dd_account_profile *profile(const char *name)
{
    dd_account_profile *p = dd_account_add_profile(acc, name, false, &err);
    ck_assert_msg(p != NULL, "%s", err.text);
    return p;
}

static void conn(dd_account_profile *p, const char *id, const char *src, const char *sink)
{
    dd_conn c = {.id = id, .created_at = DD_TIME_NONE, .source = {src, NULL},
                 .sink = {sink, NULL}};
    const char *types[] = {"logs"};
    c.types = types;
    c.n_types = 1;
    ck_assert_int_eq(dd_conn_list_append_copy(&p->conns, &c), 0);
}

/* Literal strings: a dd_managed_orgs never frees them one by one. */
static void org(dd_account_profile *p, bool current, const char *id, const char *name,
                bool disabled)
{
    dd_org o = {.id = id, .name = name, .public_id = "pub0000000000001", .sharing = "Disabled",
                .disabled = disabled, .created_at = 0, .created_at_text = "",
                .modified_at = DD_TIME_NONE};
    p->orgs_access = DD_ORGS_LISTED;
    if (current) {
        p->orgs.current = o;
        return;
    }
    ck_assert_int_eq(dd_managed_orgs_reserve(&p->orgs, 1), 0);
    p->orgs.items[p->orgs.n++] = o;
}

/* parent (keys of P, managing A, which is disabled) and
 * alpha-eu.2 (keys of A); X seen by both, Y by parent only. */
static void build(void)
{
    dd_account_profile *p = profile("parent");
    org(p, true, P_ID, "Parent", false);
    org(p, false, A_ID, "Alpha", true);
    conn(p, X_ID, A_ID, P_ID);
    conn(p, Y_ID, P_ID, C_ID);
    dd_account_profile *a = profile("alpha-eu.2");
    org(a, true, A_ID, "Alpha", true);
    conn(a, X_ID, A_ID, P_ID);
    ck_assert_int_eq(dd_account_merge(acc, &err), DD_OK);
}

START_TEST(profiles_joined_never_cut)
{
    build();
    char *s = dd_account_profiles_joined(acc, 3);
    ck_assert_str_eq(s, "parent" DD_PROFILES_SEP "alpha-eu.2");
    free(s);
    s = dd_account_profiles_joined(acc, 2);
    ck_assert_str_eq(s, "alpha-eu.2");
    free(s);
    s = dd_account_profiles_joined(acc, 0);
    ck_assert_str_eq(s, "");
    free(s);
    /* 64 long names: every one, whatever the length. */
    dd_account *big = dd_account_new();
    char name[80];
    for (int i = 0; i < DD_ACCOUNT_MAX_PROFILES; i++) {
        snprintf(name, sizeof(name), "profile-with-a-rather-long-name-%02d", i);
        ck_assert_ptr_nonnull(dd_account_add_profile(big, name, false, &err));
    }
    s = dd_account_profiles_joined(big, ~(dd_profile_set)0);
    ck_assert_uint_eq(strlen(s), 64 * strlen(name) + 63);
    ck_assert(strncmp(s, "profile-with-a-rather-long-name-00,", 35) == 0);
    ck_assert_ptr_nonnull(strstr(s, ",profile-with-a-rather-long-name-63"));
    free(s);
    dd_account_free(big);
}
END_TEST

START_TEST(conn_rows_carry_their_profiles)
{
    build();
    dd_conn_list rows;
    ck_assert_int_eq(dd_account_conn_rows(acc, &rows), 0);
    ck_assert_uint_eq(rows.n, 2);
    ck_assert_str_eq(rows.items[0].id, X_ID);
    ck_assert_str_eq(rows.items[0].seen_by, "parent,alpha-eu.2");
    ck_assert_str_eq(rows.items[1].id, Y_ID);
    ck_assert_str_eq(rows.items[1].seen_by, "parent");
    /* The rest of the row as merged; the strings are the list's own. */
    ck_assert_str_eq(rows.items[0].source.id, A_ID);
    ck_assert_str_eq(rows.items[0].source.name, "Alpha");
    ck_assert_uint_eq(rows.items[0].n_types, 1);
    ck_assert_ptr_ne(rows.items[0].id, acc->conns.items[0].id);
    /* The account kind's Profiles field reads it. */
    const dd_export *last = &dd_kind_account_conns.csv[dd_kind_account_conns.n_csv - 1];
    ck_assert_str_eq(last->name, "profiles");
    ck_assert_str_eq(last->value(&rows.items[0]).s, "parent,alpha-eu.2");
    dd_conn_list_free(&rows);
}
END_TEST

static const char *field(const dd_account_org_row *r, const char *name, char *buf, size_t n)
{
    for (int i = 0; i < dd_kind_account_orgs.n_csv; i++)
        if (strcmp(dd_kind_account_orgs.csv[i].name, name) == 0)
            return dd_value_text(dd_kind_account_orgs.csv[i].value(r), buf, n);
    ck_abort_msg("no field %s", name);
    return NULL;
}

START_TEST(org_rows_and_their_kind)
{
    build();
    dd_account_org_rows rows;
    ck_assert_int_eq(dd_account_org_rows_build(acc, &rows), 0);
    ck_assert_uint_eq(rows.n, 3);
    char buf[64];
    const dd_account_org_row *p = &rows.items[0], *a = &rows.items[1], *c = &rows.items[2];
    ck_assert_str_eq(p->id, P_ID);
    ck_assert_str_eq(field(p, "state", buf, sizeof(buf)), "active");
    ck_assert_str_eq(p->profiles, "parent");
    ck_assert_str_eq(field(p, "connections_out", buf, sizeof(buf)), "1");
    ck_assert_str_eq(field(p, "connections_in", buf, sizeof(buf)), "1");
    ck_assert_str_eq(a->id, A_ID);
    ck_assert_str_eq(a->name, "Alpha");
    ck_assert_str_eq(field(a, "state", buf, sizeof(buf)), "disabled");
    ck_assert_str_eq(field(a, "profiles", buf, sizeof(buf)), "alpha-eu.2");
    ck_assert_str_eq(field(a, "public_id", buf, sizeof(buf)), "pub0000000000001");
    /* Seen only in a row: nothing described it, nobody holds its keys. */
    ck_assert_str_eq(c->id, C_ID);
    ck_assert(!c->described);
    ck_assert_ptr_null(c->profiles);
    ck_assert_ptr_null(c->public_id);
    ck_assert_str_eq(field(c, "state", buf, sizeof(buf)), "unknown");
    ck_assert_str_eq(field(c, "connections_in", buf, sizeof(buf)), "1");
    ck_assert_str_eq(field(c, "connections_out", buf, sizeof(buf)), "0");
    ck_assert_str_eq(dd_kind_account_orgs.id(c), C_ID);
    /* The table: the ID first, then the name. */
    ck_assert_str_eq(dd_kind_account_orgs.cols[dd_kind_account_orgs.table[0]].table_header, "ID");
    ck_assert_str_eq(dd_kind_account_orgs.cols[dd_kind_account_orgs.table[1]].table_header,
                     "NAME");
    dd_account_org_rows_free(&rows);
    ck_assert_uint_eq(rows.n, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("account_rows");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, profiles_joined_never_cut);
    tcase_add_test(tc, conn_rows_carry_their_profiles);
    tcase_add_test(tc, org_rows_and_their_kind);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
