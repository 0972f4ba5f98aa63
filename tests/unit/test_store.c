/* The console's state rules, without a terminal: filter, sort, selection,
 * scrolling, page streaming, refresh diff, edits. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

static const char *const T_LOGS[] = {"logs"};
static const char *const T_LM[] = {"logs", "metrics"};
static const char *const T_AUDIT[] = {"audit"};

static dd_conn mk(const char *id, const char *src, const char *sink, const char *const *types,
                  size_t nt, int64_t created)
{
    dd_conn c;
    memset(&c, 0, sizeof(c));
    c.id = id;
    c.source.id = "src-id";
    c.source.name = src;
    c.sink.id = sink ? "sink-id" : NULL;
    c.sink.name = sink;
    c.types = (const char **)types;
    c.n_types = nt;
    c.created_at = created;
    c.created_at_text = "2024-01-01T00:00:00Z";
    return c;
}

/* Loads rows into the store as one fetch of one page. */
static void load(dd_store *s, const dd_conn *rows, size_t n)
{
    dd_conn_list page;
    ck_assert_int_eq(dd_conn_list_init(&page), 0);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(dd_conn_list_append_copy(&page, &rows[i]), 0);
    dd_store_conn_begin(s);
    ck_assert_int_eq(dd_store_conn_page(s, &page, n, (int64_t)n), 0);
    dd_store_conn_end(s, DD_OK, NULL, 1000);
    dd_conn_list_free(&page);
}

static const char *sel_id(const dd_store *s)
{
    const dd_conn *c = dd_store_conn_selected(s);
    return c ? c->id : "(none)";
}

static const char *id_at(const dd_store *s, size_t pos)
{
    const dd_conn *c = dd_store_conn_at(s, pos);
    return c ? c->id : "(none)";
}

static dd_conn base[4];

static void setup_rows(void)
{
    base[0] = mk("c1", "Alpha", "Zulu", T_LOGS, 1, 300);
    base[1] = mk("c2", "bravo", "Yankee", T_LM, 2, 100);
    base[2] = mk("c3", "Charlie", "Xray", T_AUDIT, 1, 200);
    base[3] = mk("c4", "alpha two", "Whiskey", T_LOGS, 1, 100);
}

START_TEST(filter_is_case_insensitive_over_columns_and_ids)
{
    dd_store s;
    ck_assert_int_eq(dd_store_init(&s), 0);
    setup_rows();
    load(&s, base, 4);
    ck_assert_uint_eq(s.ct.n, 4);
    dd_store_set_filter(&s, DD_LIST_CONNS, "ALPHA");
    ck_assert_uint_eq(s.ct.n, 2);
    ck_assert_str_eq(id_at(&s, 0), "c1");
    ck_assert_str_eq(id_at(&s, 1), "c4");
    dd_store_set_filter(&s, DD_LIST_CONNS, "c3");  /* an id */
    ck_assert_uint_eq(s.ct.n, 1);
    ck_assert_str_eq(id_at(&s, 0), "c3");
    dd_store_set_filter(&s, DD_LIST_CONNS, "logs,metrics");  /* the Types column */
    ck_assert_uint_eq(s.ct.n, 1);
    ck_assert_str_eq(id_at(&s, 0), "c2");
    dd_store_set_filter(&s, DD_LIST_CONNS, "nothing matches");
    ck_assert_uint_eq(s.ct.n, 0);
    ck_assert_ptr_null(dd_store_conn_selected(&s));
    dd_store_set_filter(&s, DD_LIST_CONNS, "");
    ck_assert_uint_eq(s.ct.n, 4);
    dd_store_free(&s);
}
END_TEST

START_TEST(filter_keeps_selected_row)
{
    dd_store s;
    dd_store_init(&s);
    setup_rows();
    load(&s, base, 4);
    dd_table_move(&s.ct, 3, 10);
    ck_assert_str_eq(sel_id(&s), "c4");
    dd_store_set_filter(&s, DD_LIST_CONNS, "alpha");
    ck_assert_str_eq(sel_id(&s), "c4");
    ck_assert_uint_eq(s.ct.sel, 1);
    dd_store_free(&s);
}
END_TEST

START_TEST(sort_cycles_and_is_stable)
{
    dd_store s;
    dd_store_init(&s);
    setup_rows();
    load(&s, base, 4);
    ck_assert_int_eq(s.ct.sort_col, DD_SORT_NONE);
    dd_store_cycle_sort(&s, DD_LIST_CONNS);
    ck_assert_int_eq(s.ct.sort_col, DD_CC_CREATED);
    /* c2 and c4 tie on created_at: server order between them. */
    ck_assert_str_eq(id_at(&s, 0), "c2");
    ck_assert_str_eq(id_at(&s, 1), "c4");
    ck_assert_str_eq(id_at(&s, 2), "c3");
    ck_assert_str_eq(id_at(&s, 3), "c1");
    dd_store_reverse_sort(&s, DD_LIST_CONNS);
    ck_assert_str_eq(id_at(&s, 0), "c1");
    ck_assert_str_eq(id_at(&s, 1), "c3");
    ck_assert_str_eq(id_at(&s, 2), "c2");  /* ties still in server order */
    ck_assert_str_eq(id_at(&s, 3), "c4");
    dd_store_reverse_sort(&s, DD_LIST_CONNS);
    dd_store_cycle_sort(&s, DD_LIST_CONNS);
    ck_assert_int_eq(s.ct.sort_col, DD_CC_SOURCE);
    ck_assert_str_eq(id_at(&s, 0), "c1");  /* Alpha, alpha two, bravo, Charlie */
    ck_assert_str_eq(id_at(&s, 1), "c4");
    ck_assert_str_eq(id_at(&s, 2), "c2");
    ck_assert_str_eq(id_at(&s, 3), "c3");
    for (int i = 0; i < DD_CC_COUNT - 1; i++)
        dd_store_cycle_sort(&s, DD_LIST_CONNS);
    ck_assert_int_eq(s.ct.sort_col, DD_SORT_NONE);
    ck_assert_str_eq(id_at(&s, 0), "c1");
    ck_assert_str_eq(id_at(&s, 3), "c4");
    dd_store_free(&s);
}
END_TEST

START_TEST(selection_and_scroll_stay_in_window)
{
    dd_store s;
    dd_store_init(&s);
    enum { N = 100 };
    dd_conn rows[N];
    char ids[N][8];
    for (int i = 0; i < N; i++) {
        snprintf(ids[i], sizeof(ids[i]), "r%d", i);
        rows[i] = mk(ids[i], "src", "sink", T_LOGS, 1, i);
    }
    load(&s, rows, N);
    dd_table_move(&s.ct, 1, 10);
    ck_assert_uint_eq(s.ct.sel, 1);
    ck_assert_uint_eq(s.ct.top, 0);
    dd_table_move(&s.ct, 10, 10);   /* PgDn */
    ck_assert_uint_eq(s.ct.sel, 11);
    ck_assert_uint_eq(s.ct.top, 2);
    dd_table_move(&s.ct, -1000, 10);
    ck_assert_uint_eq(s.ct.sel, 0);
    ck_assert_uint_eq(s.ct.top, 0);
    dd_table_end(&s.ct, 10);
    ck_assert_uint_eq(s.ct.sel, 99);
    ck_assert_uint_eq(s.ct.top, 90);
    dd_table_fit(&s.ct, 30);       /* window grew: no empty rows below */
    ck_assert_uint_eq(s.ct.top, 70);
    dd_table_home(&s.ct, 10);
    ck_assert_uint_eq(s.ct.sel, 0);
    ck_assert_str_eq(sel_id(&s), "r0");
    dd_store_free(&s);
}
END_TEST

START_TEST(pages_stream_on_first_load)
{
    dd_store s;
    dd_store_init(&s);
    setup_rows();
    dd_conn_list p1, p2;
    dd_conn_list_init(&p1);
    dd_conn_list_init(&p2);
    dd_conn_list_append_copy(&p1, &base[0]);
    dd_conn_list_append_copy(&p1, &base[1]);
    dd_conn_list_append_copy(&p2, &base[2]);
    dd_store_conn_begin(&s);
    ck_assert(s.ct.load.loading);
    dd_store_conn_page(&s, &p1, 2, 3);
    ck_assert_uint_eq(s.ct.n, 2);          /* visible before the end */
    ck_assert_uint_eq(s.ct.load.so_far, 2);
    ck_assert_int_eq(s.ct.load.total, 3);
    dd_table_move(&s.ct, 1, 10);           /* scrolling while loading */
    dd_store_conn_page(&s, &p2, 3, 3);
    ck_assert_uint_eq(s.ct.n, 3);
    ck_assert_str_eq(sel_id(&s), "c2");
    dd_store_conn_end(&s, DD_OK, NULL, 42);
    ck_assert(!s.ct.load.loading);
    ck_assert_int_eq(s.ct.load.refreshed_at, 42);
    /* The first load marks nothing as new. */
    for (size_t i = 0; i < 3; i++)
        ck_assert_int_eq(s.ct.mark[i], DD_MARK_NONE);
    dd_conn_list_free(&p1);
    dd_conn_list_free(&p2);
    dd_store_free(&s);
}
END_TEST

START_TEST(streaming_applies_filter_and_sort)
{
    dd_store s;
    dd_store_init(&s);
    setup_rows();
    dd_store_set_filter(&s, DD_LIST_CONNS, "alpha");
    dd_store_cycle_sort(&s, DD_LIST_CONNS);
    dd_conn_list p;
    dd_conn_list_init(&p);
    for (int i = 0; i < 4; i++)
        dd_conn_list_append_copy(&p, &base[i]);
    dd_store_conn_begin(&s);
    dd_store_conn_page(&s, &p, 4, 4);
    ck_assert_uint_eq(s.ct.n, 2);
    ck_assert_str_eq(id_at(&s, 0), "c4");  /* created 100 before 300 */
    ck_assert_str_eq(id_at(&s, 1), "c1");
    dd_conn_list_free(&p);
    dd_store_free(&s);
}
END_TEST

START_TEST(refresh_marks_new_and_changed_rows)
{
    dd_store s;
    dd_store_init(&s);
    setup_rows();
    load(&s, base, 3);
    dd_table_move(&s.ct, 2, 10);
    ck_assert_str_eq(sel_id(&s), "c3");
    dd_conn fresh[4] = {base[2], base[1], base[0], base[3]};
    fresh[1].types = (const char **)T_AUDIT;  /* c2 changed types */
    fresh[1].n_types = 1;
    dd_conn_list p;
    dd_conn_list_init(&p);
    for (int i = 0; i < 4; i++)
        dd_conn_list_append_copy(&p, &fresh[i]);
    dd_store_conn_begin(&s);
    dd_store_conn_page(&s, &p, 4, 4);
    /* A refresh shows the old list until the new one is complete. */
    ck_assert_uint_eq(s.ct.n, 3);
    ck_assert_str_eq(id_at(&s, 0), "c1");
    dd_store_conn_end(&s, DD_OK, NULL, 2000);
    ck_assert_uint_eq(s.ct.n, 4);
    ck_assert_str_eq(id_at(&s, 0), "c3");
    ck_assert_str_eq(sel_id(&s), "c3");    /* selection followed the row */
    ck_assert_int_eq(s.ct.mark[0], DD_MARK_NONE);    /* c3 */
    ck_assert_int_eq(s.ct.mark[1], DD_MARK_CHANGED); /* c2 */
    ck_assert_int_eq(s.ct.mark[2], DD_MARK_NONE);    /* c1 */
    ck_assert_int_eq(s.ct.mark[3], DD_MARK_NEW);     /* c4 */
    dd_conn_list_free(&p);
    dd_store_free(&s);
}
END_TEST

START_TEST(failed_refresh_keeps_last_good_data_stale)
{
    dd_store s;
    dd_store_init(&s);
    setup_rows();
    load(&s, base, 2);
    dd_conn_list p;
    dd_conn_list_init(&p);
    dd_conn_list_append_copy(&p, &base[3]);
    dd_store_conn_begin(&s);
    dd_store_conn_page(&s, &p, 1, 10);
    dd_store_conn_end(&s, DD_E_HTTP, "HTTP 500 Internal Server Error", 3000);
    ck_assert(s.ct.load.stale);
    ck_assert_str_eq(s.ct.load.error, "HTTP 500 Internal Server Error");
    ck_assert_uint_eq(s.ct.n, 2);
    ck_assert_str_eq(id_at(&s, 0), "c1");
    ck_assert_str_eq(id_at(&s, 1), "c2");
    ck_assert_int_eq(s.ct.load.refreshed_at, 1000);
    /* The next good refresh clears the stale mark and the error. */
    load(&s, base, 2);
    ck_assert(!s.ct.load.stale);
    ck_assert_str_eq(s.ct.load.error, "");
    dd_conn_list_free(&p);
    dd_store_free(&s);
}
END_TEST

START_TEST(upsert_and_remove)
{
    dd_store s;
    dd_store_init(&s);
    setup_rows();
    load(&s, base, 3);
    dd_conn upd = base[1];
    upd.types = (const char **)T_AUDIT;
    upd.n_types = 1;
    ck_assert_int_eq(dd_store_conn_upsert(&s, &upd), 0);
    ck_assert_uint_eq(s.conns.n, 3);
    ck_assert_str_eq(id_at(&s, 1), "c2");
    ck_assert_str_eq(dd_store_conn_at(&s, 1)->types[0], "audit");
    ck_assert_int_eq(s.ct.mark[1], DD_MARK_CHANGED);
    ck_assert_str_eq(sel_id(&s), "c2");    /* the edited row is selected */
    ck_assert_int_eq(dd_store_conn_upsert(&s, &base[3]), 0);
    ck_assert_uint_eq(s.ct.n, 4);
    ck_assert_int_eq(s.ct.mark[3], DD_MARK_NEW);
    ck_assert_str_eq(sel_id(&s), "c4");
    dd_table_home(&s.ct, 10);
    dd_table_move(&s.ct, 1, 10);
    ck_assert_int_eq(dd_store_conn_remove(&s, "c2"), 0);
    ck_assert_uint_eq(s.ct.n, 3);
    ck_assert_str_eq(id_at(&s, 1), "c3");
    ck_assert_str_eq(sel_id(&s), "c3");    /* selection moves to the next row */
    ck_assert_int_eq(s.ct.mark[1], DD_MARK_NONE);
    ck_assert_int_eq(s.ct.mark[2], DD_MARK_NEW);
    ck_assert_int_eq(dd_store_conn_remove(&s, "c2"), -1);
    dd_store_free(&s);
}
END_TEST

START_TEST(find_next_wraps)
{
    dd_store s;
    dd_store_init(&s);
    setup_rows();
    load(&s, base, 4);
    ck_assert(dd_store_find_next(&s, DD_LIST_CONNS, "alpha", 1, 10));
    ck_assert_str_eq(sel_id(&s), "c4");
    ck_assert(dd_store_find_next(&s, DD_LIST_CONNS, "alpha", 1, 10));
    ck_assert_str_eq(sel_id(&s), "c1");
    ck_assert(dd_store_find_next(&s, DD_LIST_CONNS, "alpha", -1, 10));
    ck_assert_str_eq(sel_id(&s), "c4");
    ck_assert(!dd_store_find_next(&s, DD_LIST_CONNS, "nomatch", 1, 10));
    ck_assert_str_eq(sel_id(&s), "c4");
    dd_store_free(&s);
}
END_TEST

START_TEST(salesforce_list)
{
    dd_store s;
    dd_store_init(&s);
    dd_sf_list l;
    dd_sf_list_init(&l);
    dd_sf_org a = {.id = "sf1", .name = "Acme", .sfdc_org_id = "00D000000000001",
                   .sfdc_org_type = "Production", .instance_url = "https://acme.example"};
    dd_sf_org b = {.id = "sf2", .name = NULL, .sfdc_org_id = "00D000000000002",
                   .sfdc_org_type = "Sandbox"};
    dd_sf_list_append_copy(&l, &a);
    dd_sf_list_append_copy(&l, &b);
    dd_store_sf_begin(&s);
    ck_assert(s.st.load.loading);
    dd_store_sf_end(&s, &l, DD_OK, NULL, 5);
    ck_assert_uint_eq(l.n, 0);
    ck_assert_uint_eq(s.st.n, 2);
    dd_store_set_filter(&s, DD_LIST_SF, "sandbox");
    ck_assert_uint_eq(s.st.n, 1);
    ck_assert_str_eq(dd_store_sf_selected(&s)->id, "sf2");
    ck_assert_str_eq(dd_sf_col_text(dd_store_sf_selected(&s), DD_SC_NAME), "");
    dd_store_set_filter(&s, DD_LIST_SF, "");
    ck_assert_int_eq(dd_store_sf_remove(&s, "sf1"), 0);
    ck_assert_uint_eq(s.st.n, 1);
    ck_assert_str_eq(dd_store_sf_selected(&s)->id, "sf2");
    dd_store_sf_begin(&s);
    dd_sf_list empty;
    dd_sf_list_init(&empty);
    dd_store_sf_end(&s, &empty, DD_E_TIMEOUT, "timed out", 6);
    ck_assert(s.st.load.stale);
    ck_assert_uint_eq(s.st.n, 1);
    dd_sf_list_free(&empty);
    dd_sf_list_free(&l);
    dd_store_free(&s);
}
END_TEST

START_TEST(server_filter_starts_a_new_list)
{
    dd_store s;
    dd_store_init(&s);
    setup_rows();
    load(&s, base, 2);
    ck_assert_int_eq(dd_store_set_server_filter(&s, "sink-uuid", ""), 0);
    ck_assert_str_eq(s.sink_filter, "sink-uuid");
    ck_assert_ptr_null(s.source_filter);
    /* The next fetch replaces the rows as pages come, with no diff marks. */
    dd_store_conn_begin(&s);
    ck_assert_uint_eq(s.ct.n, 0);
    dd_store_conn_end(&s, DD_OK, NULL, 7);
    dd_store_set_server_filter(&s, NULL, NULL);
    ck_assert_ptr_null(s.sink_filter);
    dd_store_free(&s);
}
END_TEST

START_TEST(large_list_sort_and_filter)
{
    dd_store s;
    dd_store_init(&s);
    enum { N = 100000 };
    dd_conn_list p;
    dd_conn_list_init(&p);
    char id[40], name[40];
    for (int i = 0; i < N; i++) {
        snprintf(id, sizeof(id), "id-%06d", i);
        snprintf(name, sizeof(name), "org %d", (i * 7919) % 1000);
        dd_conn c = mk(id, name, "sink", T_LOGS, 1, (i * 31) % 5000);
        dd_conn_list_append_copy(&p, &c);
    }
    dd_store_conn_begin(&s);
    dd_store_conn_page(&s, &p, N, N);
    dd_store_conn_end(&s, DD_OK, NULL, 1);
    dd_store_cycle_sort(&s, DD_LIST_CONNS);
    for (size_t i = 1; i < s.ct.n; i++)
        ck_assert(dd_store_conn_at(&s, i - 1)->created_at <= dd_store_conn_at(&s, i)->created_at);
    dd_store_set_filter(&s, DD_LIST_CONNS, "id-09999");
    ck_assert_uint_eq(s.ct.n, 10);
    dd_conn_list_free(&p);
    dd_store_free(&s);
}
END_TEST

static dd_audit_entry *entries(size_t n, const char *op)
{
    dd_audit_entry *e = calloc(n, sizeof(*e));
    ck_assert_ptr_nonnull(e);
    for (size_t i = 0; i < n; i++) {
        e[i].time = (int64_t)i;
        snprintf(e[i].op, sizeof(e[i].op), "%s", op);
    }
    return e;
}

START_TEST(audit_tail_replaced_on_success_kept_on_failure)
{
    dd_store s;
    ck_assert_int_eq(dd_store_init(&s), 0);
    ck_assert(!s.recent_loaded);
    dd_store_recent_begin(&s);
    ck_assert(s.recent_loading);
    dd_audit_entry *e = entries(3, "connections.create");
    dd_store_recent_end(&s, &e, 3, DD_OK, NULL);
    ck_assert_ptr_null(e);
    ck_assert(!s.recent_loading);
    ck_assert(s.recent_loaded);
    ck_assert_uint_eq(s.n_recent, 3);
    ck_assert_str_eq(s.recent[2].op, "connections.create");

    /* A failed read keeps the last records and says why. */
    dd_store_recent_begin(&s);
    dd_store_recent_end(&s, &e, 0, DD_E_IO, "cannot open audit log x: Permission denied");
    ck_assert_uint_eq(s.n_recent, 3);
    ck_assert_str_eq(s.recent_error, "cannot open audit log x: Permission denied");

    /* The next good read replaces them and clears the error. */
    e = entries(1, "org.disable");
    dd_store_recent_end(&s, &e, 1, DD_OK, NULL);
    ck_assert_uint_eq(s.n_recent, 1);
    ck_assert_str_eq(s.recent[0].op, "org.disable");
    ck_assert_str_eq(s.recent_error, "");

    /* No file yet: an empty, successful read. */
    dd_store_recent_end(&s, &e, 0, DD_OK, NULL);
    ck_assert_uint_eq(s.n_recent, 0);
    ck_assert_ptr_null(s.recent);
    dd_store_free(&s);
}
END_TEST

int main(void)
{
    Suite *su = suite_create("store");
    TCase *tc = tcase_create("store");
    tcase_add_test(tc, filter_is_case_insensitive_over_columns_and_ids);
    tcase_add_test(tc, filter_keeps_selected_row);
    tcase_add_test(tc, sort_cycles_and_is_stable);
    tcase_add_test(tc, selection_and_scroll_stay_in_window);
    tcase_add_test(tc, pages_stream_on_first_load);
    tcase_add_test(tc, streaming_applies_filter_and_sort);
    tcase_add_test(tc, refresh_marks_new_and_changed_rows);
    tcase_add_test(tc, failed_refresh_keeps_last_good_data_stale);
    tcase_add_test(tc, upsert_and_remove);
    tcase_add_test(tc, find_next_wraps);
    tcase_add_test(tc, salesforce_list);
    tcase_add_test(tc, server_filter_starts_a_new_list);
    tcase_add_test(tc, large_list_sort_and_filter);
    tcase_add_test(tc, audit_tail_replaced_on_success_kept_on_failure);
    suite_add_tcase(su, tc);
    SRunner *sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
