/* The console's state rules, without a terminal: filter, sort, selection,
 * scrolling, page streaming, refresh diff, edits. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store.h"
#include "suite_main.h"

/* The two tables of a store named s (or *s, as S). */
#define CT (s.t[DD_LIST_CONNS])
#define ST (s.t[DD_LIST_SF])

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
    dd_store_begin(s, DD_LIST_CONNS);
    ck_assert_int_eq(dd_store_page(s, DD_LIST_CONNS, &page, n, (int64_t)n), 0);
    dd_store_end(s, DD_LIST_CONNS, DD_OK, NULL, 1000);
    dd_conn_list_free(&page);
}

static const char *sel_id(const dd_store *s)
{
    const dd_conn *c = ((const dd_conn *)dd_store_selected(s, DD_LIST_CONNS));
    return c ? c->id : "(none)";
}

static const char *id_at(const dd_store *s, size_t pos)
{
    const dd_conn *c = ((const dd_conn *)dd_store_at(s, DD_LIST_CONNS, pos));
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
    ck_assert_uint_eq(CT.n, 4);
    dd_store_set_filter(&s, DD_LIST_CONNS, "ALPHA");
    ck_assert_uint_eq(CT.n, 2);
    ck_assert_str_eq(id_at(&s, 0), "c1");
    ck_assert_str_eq(id_at(&s, 1), "c4");
    dd_store_set_filter(&s, DD_LIST_CONNS, "c3");  /* an id */
    ck_assert_uint_eq(CT.n, 1);
    ck_assert_str_eq(id_at(&s, 0), "c3");
    dd_store_set_filter(&s, DD_LIST_CONNS, "logs,metrics");  /* the Types column */
    ck_assert_uint_eq(CT.n, 1);
    ck_assert_str_eq(id_at(&s, 0), "c2");
    dd_store_set_filter(&s, DD_LIST_CONNS, "nothing matches");
    ck_assert_uint_eq(CT.n, 0);
    ck_assert_ptr_null(((const dd_conn *)dd_store_selected(&s, DD_LIST_CONNS)));
    dd_store_set_filter(&s, DD_LIST_CONNS, "");
    ck_assert_uint_eq(CT.n, 4);
    dd_store_free(&s);
}
END_TEST

START_TEST(filter_keeps_selected_row)
{
    dd_store s;
    dd_store_init(&s);
    setup_rows();
    load(&s, base, 4);
    dd_table_move(&CT, 3, 10);
    ck_assert_str_eq(sel_id(&s), "c4");
    dd_store_set_filter(&s, DD_LIST_CONNS, "alpha");
    ck_assert_str_eq(sel_id(&s), "c4");
    ck_assert_uint_eq(CT.sel, 1);
    dd_store_free(&s);
}
END_TEST

START_TEST(sort_cycles_and_is_stable)
{
    dd_store s;
    dd_store_init(&s);
    setup_rows();
    load(&s, base, 4);
    ck_assert_int_eq(CT.sort_col, DD_SORT_NONE);
    dd_store_cycle_sort(&s, DD_LIST_CONNS);
    ck_assert_str_eq(dd_table_sort_name(&CT), "Created");
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
    ck_assert_str_eq(dd_table_sort_name(&CT), "Source");
    ck_assert_str_eq(id_at(&s, 0), "c1");  /* Alpha, alpha two, bravo, Charlie */
    ck_assert_str_eq(id_at(&s, 1), "c4");
    ck_assert_str_eq(id_at(&s, 2), "c2");
    ck_assert_str_eq(id_at(&s, 3), "c3");
    for (int i = 0; i < dd_kind_conns.n_sorts - 1; i++)
        dd_store_cycle_sort(&s, DD_LIST_CONNS);
    ck_assert_int_eq(CT.sort_col, DD_SORT_NONE);
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
    dd_table_move(&CT, 1, 10);
    ck_assert_uint_eq(CT.sel, 1);
    ck_assert_uint_eq(CT.top, 0);
    dd_table_move(&CT, 10, 10);   /* PgDn */
    ck_assert_uint_eq(CT.sel, 11);
    ck_assert_uint_eq(CT.top, 2);
    dd_table_move(&CT, -1000, 10);
    ck_assert_uint_eq(CT.sel, 0);
    ck_assert_uint_eq(CT.top, 0);
    dd_table_end(&CT, 10);
    ck_assert_uint_eq(CT.sel, 99);
    ck_assert_uint_eq(CT.top, 90);
    dd_table_fit(&CT, 30);       /* window grew: no empty rows below */
    ck_assert_uint_eq(CT.top, 70);
    dd_table_home(&CT, 10);
    ck_assert_uint_eq(CT.sel, 0);
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
    dd_store_begin(&s, DD_LIST_CONNS);
    ck_assert(CT.load.loading);
    dd_store_page(&s, DD_LIST_CONNS, &p1, 2, 3);
    ck_assert_uint_eq(CT.n, 2);          /* visible before the end */
    ck_assert_uint_eq(CT.load.so_far, 2);
    ck_assert_int_eq(CT.load.total, 3);
    dd_table_move(&CT, 1, 10);           /* scrolling while loading */
    dd_store_page(&s, DD_LIST_CONNS, &p2, 3, 3);
    ck_assert_uint_eq(CT.n, 3);
    ck_assert_str_eq(sel_id(&s), "c2");
    dd_store_end(&s, DD_LIST_CONNS, DD_OK, NULL, 42);
    ck_assert(!CT.load.loading);
    ck_assert_int_eq(CT.load.refreshed_at, 42);
    /* The first load marks nothing as new. */
    for (size_t i = 0; i < 3; i++)
        ck_assert_int_eq(CT.mark[i], DD_MARK_NONE);
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
    dd_store_begin(&s, DD_LIST_CONNS);
    dd_store_page(&s, DD_LIST_CONNS, &p, 4, 4);
    ck_assert_uint_eq(CT.n, 2);
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
    dd_table_move(&CT, 2, 10);
    ck_assert_str_eq(sel_id(&s), "c3");
    dd_conn fresh[4] = {base[2], base[1], base[0], base[3]};
    fresh[1].types = (const char **)T_AUDIT;  /* c2 changed types */
    fresh[1].n_types = 1;
    dd_conn_list p;
    dd_conn_list_init(&p);
    for (int i = 0; i < 4; i++)
        dd_conn_list_append_copy(&p, &fresh[i]);
    dd_store_begin(&s, DD_LIST_CONNS);
    dd_store_page(&s, DD_LIST_CONNS, &p, 4, 4);
    /* A refresh shows the old list until the new one is complete. */
    ck_assert_uint_eq(CT.n, 3);
    ck_assert_str_eq(id_at(&s, 0), "c1");
    dd_store_end(&s, DD_LIST_CONNS, DD_OK, NULL, 2000);
    ck_assert_uint_eq(CT.n, 4);
    ck_assert_str_eq(id_at(&s, 0), "c3");
    ck_assert_str_eq(sel_id(&s), "c3");    /* selection followed the row */
    ck_assert_int_eq(CT.mark[0], DD_MARK_NONE);    /* c3 */
    ck_assert_int_eq(CT.mark[1], DD_MARK_CHANGED); /* c2 */
    ck_assert_int_eq(CT.mark[2], DD_MARK_NONE);    /* c1 */
    ck_assert_int_eq(CT.mark[3], DD_MARK_NEW);     /* c4 */
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
    dd_store_begin(&s, DD_LIST_CONNS);
    dd_store_page(&s, DD_LIST_CONNS, &p, 1, 10);
    dd_store_end(&s, DD_LIST_CONNS, DD_E_HTTP, "HTTP 500 Internal Server Error", 3000);
    ck_assert(CT.load.stale);
    ck_assert_str_eq(CT.load.error, "HTTP 500 Internal Server Error");
    ck_assert_uint_eq(CT.n, 2);
    ck_assert_str_eq(id_at(&s, 0), "c1");
    ck_assert_str_eq(id_at(&s, 1), "c2");
    ck_assert_int_eq(CT.load.refreshed_at, 1000);
    /* The next good refresh clears the stale mark and the error. */
    load(&s, base, 2);
    ck_assert(!CT.load.stale);
    ck_assert_str_eq(CT.load.error, "");
    dd_conn_list_free(&p);
    dd_store_free(&s);
}
END_TEST

/* A PATCH answer, as the real service sends it, names no org: the row
 * keeps the names the list gave for the same ids, and takes none for an
 * org it did not name before. */
START_TEST(upsert_keeps_names_an_answer_lacks)
{
    dd_store s;
    dd_store_init(&s);
    setup_rows();
    base[1].created_by.id = "u-1";
    base[1].created_by.name = "Ann";
    load(&s, base, 3);
    dd_conn upd = base[1];
    upd.types = (const char **)T_AUDIT;
    upd.n_types = 1;
    upd.source.name = NULL;
    upd.sink.name = NULL;
    upd.created_by.name = NULL;
    ck_assert_int_eq(dd_store_upsert(&s, DD_LIST_CONNS, &upd), 0);
    const dd_conn *c = ((const dd_conn *)dd_store_at(&s, DD_LIST_CONNS, 1));
    ck_assert_str_eq(c->types[0], "audit");
    ck_assert_str_eq(c->source.name, "bravo");
    ck_assert_str_eq(c->sink.name, "Yankee");
    ck_assert_str_eq(c->created_by.name, "Ann");
    /* Another org on a side: its name is not the old one's. */
    upd.sink.id = "other-sink";
    ck_assert_int_eq(dd_store_upsert(&s, DD_LIST_CONNS, &upd), 0);
    c = ((const dd_conn *)dd_store_at(&s, DD_LIST_CONNS, 1));
    ck_assert_ptr_null(c->sink.name);
    ck_assert_str_eq(c->source.name, "bravo");
    /* A name the answer does give wins. */
    upd.source.name = "Bravo Renamed";
    ck_assert_int_eq(dd_store_upsert(&s, DD_LIST_CONNS, &upd), 0);
    ck_assert_str_eq(((const dd_conn *)dd_store_at(&s, DD_LIST_CONNS, 1))->source.name, "Bravo Renamed");
    base[1].created_by.id = NULL;
    base[1].created_by.name = NULL;
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
    ck_assert_int_eq(dd_store_upsert(&s, DD_LIST_CONNS, &upd), 0);
    ck_assert_uint_eq(dd_store_count(&s, DD_LIST_CONNS), 3);
    ck_assert_str_eq(id_at(&s, 1), "c2");
    ck_assert_str_eq(((const dd_conn *)dd_store_at(&s, DD_LIST_CONNS, 1))->types[0], "audit");
    ck_assert_int_eq(CT.mark[1], DD_MARK_CHANGED);
    ck_assert_str_eq(sel_id(&s), "c2");    /* the edited row is selected */
    ck_assert_int_eq(dd_store_upsert(&s, DD_LIST_CONNS, &base[3]), 0);
    ck_assert_uint_eq(CT.n, 4);
    ck_assert_int_eq(CT.mark[3], DD_MARK_NEW);
    ck_assert_str_eq(sel_id(&s), "c4");
    dd_table_home(&CT, 10);
    dd_table_move(&CT, 1, 10);
    ck_assert_int_eq(dd_store_remove(&s, DD_LIST_CONNS, "c2"), 0);
    ck_assert_uint_eq(CT.n, 3);
    ck_assert_str_eq(id_at(&s, 1), "c3");
    ck_assert_str_eq(sel_id(&s), "c3");    /* selection moves to the next row */
    ck_assert_int_eq(CT.mark[1], DD_MARK_NONE);
    ck_assert_int_eq(CT.mark[2], DD_MARK_NEW);
    ck_assert_int_eq(dd_store_remove(&s, DD_LIST_CONNS, "c2"), -1);
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
    dd_store_begin(&s, DD_LIST_SF);
    ck_assert(ST.load.loading);
    ck_assert_int_eq(dd_store_page(&s, DD_LIST_SF, &l, l.n, (int64_t)l.n), 0);
    dd_store_end(&s, DD_LIST_SF, DD_OK, NULL, 5);
    ck_assert_uint_eq(ST.n, 2);
    dd_store_set_filter(&s, DD_LIST_SF, "sandbox");
    ck_assert_uint_eq(ST.n, 1);
    ck_assert_str_eq(((const dd_sf_org *)dd_store_selected(&s, DD_LIST_SF))->id, "sf2");
    ck_assert_ptr_null(((const dd_sf_org *)dd_store_selected(&s, DD_LIST_SF))->name);
    dd_store_set_filter(&s, DD_LIST_SF, "");
    ck_assert_int_eq(dd_store_remove(&s, DD_LIST_SF, "sf1"), 0);
    ck_assert_uint_eq(ST.n, 1);
    ck_assert_str_eq(((const dd_sf_org *)dd_store_selected(&s, DD_LIST_SF))->id, "sf2");
    dd_store_begin(&s, DD_LIST_SF);
    dd_sf_list empty;
    dd_sf_list_init(&empty);
    dd_store_end(&s, DD_LIST_SF, DD_E_TIMEOUT, "timed out", 6);
    ck_assert(ST.load.stale);
    ck_assert_uint_eq(ST.n, 1);
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
    dd_store_begin(&s, DD_LIST_CONNS);
    ck_assert_uint_eq(CT.n, 0);
    dd_store_end(&s, DD_LIST_CONNS, DD_OK, NULL, 7);
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
    dd_store_begin(&s, DD_LIST_CONNS);
    dd_store_page(&s, DD_LIST_CONNS, &p, N, N);
    dd_store_end(&s, DD_LIST_CONNS, DD_OK, NULL, 1);
    dd_store_cycle_sort(&s, DD_LIST_CONNS);
    for (size_t i = 1; i < CT.n; i++)
        ck_assert(((const dd_conn *)dd_store_at(&s, DD_LIST_CONNS, i - 1))->created_at <= ((const dd_conn *)dd_store_at(&s, DD_LIST_CONNS, i))->created_at);
    dd_store_set_filter(&s, DD_LIST_CONNS, "id-09999");
    ck_assert_uint_eq(CT.n, 10);
    dd_conn_list_free(&p);
    dd_store_free(&s);
}
END_TEST

/* ---- the indexes against naive references ---- */

enum { BIG = 3000 };
static const char *const NAMES[] = {"Alpha", "alpha", "Bravo Logistics EU", "bravo logistics",
                                    "Bravo Logistics", "charlie", "Ümlaut Org", "Zulu", NULL};
static const char *const TYPE_NAMES[] = {"logs", "metrics", "audit", "log", "logs+x"};
static char big_ids[BIG][24], big_when[BIG][32];
static const char *big_types[BIG][3];
static dd_conn big[BIG];

static unsigned rng = 12345;
static unsigned next_rand(void)
{
    rng = rng * 1103515245u + 12345u;
    return rng >> 8;
}

/* Few distinct names (case variants that compare equal, shared prefixes,
 * absent names shown by id), types sets including names that sort around
 * the ',' of the joined text, and many ties on every column. */
static void make_big(void)
{
    rng = 12345;
    for (int i = 0; i < BIG; i++) {
        snprintf(big_ids[i], sizeof(big_ids[i]), "%c%06x-id-%d", "AbCd"[next_rand() % 4],
                 next_rand() % 0xffffff, i);
        snprintf(big_when[i], sizeof(big_when[i]), "2024-0%u-1%uT00:00:00Z", 1 + next_rand() % 9,
                 next_rand() % 10);
        size_t nt = next_rand() % 4;
        for (size_t k = 0; k < nt; k++)
            big_types[i][k] = TYPE_NAMES[next_rand() % 5];
        dd_conn c = mk(big_ids[i], NAMES[next_rand() % 9], NAMES[next_rand() % 9], big_types[i],
                       nt, (int64_t)(next_rand() % 50));
        c.source.id = next_rand() % 2 ? "org-src-1" : "org-src-2";
        c.created_at_text = big_when[i];
        c.created_by.name = next_rand() % 2 ? "Ada Lovelace" : NULL;
        big[i] = c;
    }
}

static const dd_conn *ref_rows;
static int ref_col;
static int ref_dir;

/* The order the store promised: the column's text compared with
 * strcasecmp (created_at as a number), reversed on request, ties in
 * server order either way. */
static int ref_cmp(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    int r;
    const dd_column *c = &dd_kind_conns.cols[ref_col];
    dd_value va = c->value(&ref_rows[a]), vb = c->value(&ref_rows[b]);
    if (va.kind == DD_V_TIME) {
        int64_t x = va.t, y = vb.t;
        r = x < y ? -1 : x > y;
    } else {
        char ba[512], bb[512];
        r = strcasecmp(dd_value_text(va, ba, sizeof(ba)), dd_value_text(vb, bb, sizeof(bb)));
        r = r < 0 ? -1 : r > 0;
    }
    r *= ref_dir;
    return r ? r : (a < b ? -1 : a > b);
}

/* What the store must show: the rows matching filter (row by row), in the
 * reference order. Returns the count. */
static size_t reference(const dd_store *s, int col, bool rev, const char *filter, size_t *out)
{
    size_t n = 0;
    for (size_t r = 0; r < dd_store_count(s, DD_LIST_CONNS); r++)
        if (!*filter || dd_store_row_matches(s, DD_LIST_CONNS, r, filter))
            out[n++] = r;
    if (col == DD_SORT_NONE) {
        for (size_t i = 0; rev && i < n / 2; i++) {
            size_t t = out[i];
            out[i] = out[n - 1 - i];
            out[n - 1 - i] = t;
        }
        return n;
    }
    ref_rows = dd_store_conns(s)->items;
    ref_col = col;
    ref_dir = rev ? -1 : 1;
    qsort(out, n, sizeof(*out), ref_cmp);
    return n;
}

static void assert_reference(const dd_store *s, const char *why)
{
    static size_t want[BIG + 8];
    size_t n = reference(s, s->t[DD_LIST_CONNS].sort_col, s->t[DD_LIST_CONNS].sort_rev, s->t[DD_LIST_CONNS].filter, want);
    ck_assert_msg(s->t[DD_LIST_CONNS].n == n, "%s: %zu rows shown, %zu expected", why, s->t[DD_LIST_CONNS].n, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(s->t[DD_LIST_CONNS].order[i] == want[i], "%s: position %zu holds row %zu, not %zu", why,
                      i, s->t[DD_LIST_CONNS].order[i], want[i]);
}

static void load_big(dd_store *s)
{
    ck_assert_int_eq(dd_store_init(s), 0);
    make_big();
    load(s, big, BIG);
}

START_TEST(sort_each_column_matches_reference_both_ways)
{
    dd_store s;
    load_big(&s);
    for (int c = 0; c <= dd_kind_conns.n_sorts; c++) {
        dd_store_cycle_sort(&s, DD_LIST_CONNS);
        char why[64];
        snprintf(why, sizeof(why), "sort by %s", dd_table_sort_name(&CT));
        assert_reference(&s, why);
        dd_store_reverse_sort(&s, DD_LIST_CONNS);
        assert_reference(&s, why);
        dd_store_reverse_sort(&s, DD_LIST_CONNS);
        assert_reference(&s, why);
    }
    ck_assert_int_eq(CT.sort_col, DD_SORT_NONE);
    dd_store_free(&s);
}
END_TEST

START_TEST(narrowing_filter_equals_fresh_filter)
{
    static const char *const typed[] = {"bravo logistics", "lOgS,", "log", "-id-1", "2024-05",
                                        "ümlaut", "org-src-2", "ada", "zz"};
    dd_store a, b;
    load_big(&a);
    ck_assert_int_eq(dd_store_init(&b), 0);
    load(&b, big, BIG);
    dd_store_cycle_sort(&a, DD_LIST_CONNS);
    dd_store_cycle_sort(&a, DD_LIST_CONNS);  /* Source */
    dd_store_reverse_sort(&a, DD_LIST_CONNS);
    dd_store_cycle_sort(&b, DD_LIST_CONNS);
    dd_store_cycle_sort(&b, DD_LIST_CONNS);
    dd_store_reverse_sort(&b, DD_LIST_CONNS);
    for (size_t k = 0; k < sizeof(typed) / sizeof(*typed); k++) {
        char buf[64];
        size_t len = strlen(typed[k]);
        /* Typed one key at a time, then erased the same way. */
        for (size_t i = 1; i <= len; i++) {
            memcpy(buf, typed[k], i);
            buf[i] = '\0';
            dd_store_set_filter(&a, DD_LIST_CONNS, buf);
            assert_reference(&a, buf);
        }
        dd_store_set_filter(&b, DD_LIST_CONNS, typed[k]);
        ck_assert_uint_eq(a.t[DD_LIST_CONNS].n, b.t[DD_LIST_CONNS].n);
        ck_assert_mem_eq(a.t[DD_LIST_CONNS].order, b.t[DD_LIST_CONNS].order, a.t[DD_LIST_CONNS].n * sizeof(*a.t[DD_LIST_CONNS].order));
        for (size_t i = len; i-- > 0;) {
            memcpy(buf, typed[k], i);
            buf[i] = '\0';
            dd_store_set_filter(&a, DD_LIST_CONNS, buf);
            assert_reference(&a, buf);
        }
    }
    dd_store_free(&a);
    dd_store_free(&b);
}
END_TEST

START_TEST(selection_follows_row_through_sort_and_filter)
{
    dd_store s;
    load_big(&s);
    dd_table_move(&CT, 1234, 20);
    const char *id = ((const dd_conn *)dd_store_selected(&s, DD_LIST_CONNS))->id;
    for (int c = 0; c <= dd_kind_conns.n_sorts; c++) {
        dd_store_cycle_sort(&s, DD_LIST_CONNS);
        ck_assert_str_eq(sel_id(&s), id);
        dd_store_reverse_sort(&s, DD_LIST_CONNS);
        ck_assert_str_eq(sel_id(&s), id);
    }
    char needle[8];
    memcpy(needle, id, 4);
    needle[4] = '\0';
    dd_store_set_filter(&s, DD_LIST_CONNS, needle);
    ck_assert_str_eq(sel_id(&s), id);
    dd_store_set_filter(&s, DD_LIST_CONNS, id);  /* narrowed to the row */
    ck_assert_uint_eq(CT.n, 1);
    ck_assert_str_eq(sel_id(&s), id);
    dd_store_set_filter(&s, DD_LIST_CONNS, "");
    ck_assert_uint_eq(CT.n, BIG);
    ck_assert_str_eq(sel_id(&s), id);
    dd_store_free(&s);
}
END_TEST

START_TEST(edit_in_sorted_list_lands_in_place)
{
    dd_store s;
    load_big(&s);
    dd_store_cycle_sort(&s, DD_LIST_CONNS);
    dd_store_cycle_sort(&s, DD_LIST_CONNS);  /* Source */
    dd_store_set_filter(&s, DD_LIST_CONNS, "o");
    for (int k = 0; k < 4; k++) {
        dd_conn e = big[(k * 977) % BIG];
        /* A name the list has not seen, one it has, then new types. */
        e.source.name = k == 0 ? "Mike New Org" : k == 1 ? "alpha" : e.source.name;
        if (k >= 2) {
            e.types = (const char **)T_LM;
            e.n_types = 2;
        }
        if (k == 3)
            dd_store_cycle_sort(&s, DD_LIST_CONNS);  /* Sink */
        ck_assert_int_eq(dd_store_upsert(&s, DD_LIST_CONNS, &e), 0);
        assert_reference(&s, "after an edit");
        ck_assert_str_eq(sel_id(&s), e.id);
    }
    dd_store_cycle_sort(&s, DD_LIST_CONNS);  /* Types */
    dd_conn created = mk("brand-new", "Aardvark", "Zebra", T_AUDIT, 1, 7);
    ck_assert_int_eq(dd_store_upsert(&s, DD_LIST_CONNS, &created), 0);
    assert_reference(&s, "after a create");
    ck_assert_int_eq(dd_store_remove(&s, DD_LIST_CONNS, big[10].id), 0);
    assert_reference(&s, "after a delete");
    ck_assert_int_eq(CT.mark[dd_store_count(&s, DD_LIST_CONNS) - 1], DD_MARK_NEW);
    dd_store_free(&s);
}
END_TEST

START_TEST(sorted_first_load_merges_pages)
{
    dd_store s;
    ck_assert_int_eq(dd_store_init(&s), 0);
    make_big();
    dd_store_cycle_sort(&s, DD_LIST_CONNS);
    dd_store_cycle_sort(&s, DD_LIST_CONNS);
    dd_store_cycle_sort(&s, DD_LIST_CONNS);
    dd_store_cycle_sort(&s, DD_LIST_CONNS);  /* Types */
    dd_store_reverse_sort(&s, DD_LIST_CONNS);
    dd_store_set_filter(&s, DD_LIST_CONNS, "l");
    dd_store_begin(&s, DD_LIST_CONNS);
    for (size_t at = 0; at < BIG; at += 700) {
        dd_conn_list page;
        dd_conn_list_init(&page);
        for (size_t i = at; i < BIG && i < at + 700; i++)
            dd_conn_list_append_copy(&page, &big[i]);
        ck_assert_int_eq(dd_store_page(&s, DD_LIST_CONNS, &page, at + page.n, BIG), 0);
        assert_reference(&s, "a page into a sorted list");
        dd_conn_list_free(&page);
    }
    dd_store_end(&s, DD_LIST_CONNS, DD_OK, NULL, 1);
    dd_store_set_filter(&s, DD_LIST_CONNS, "");
    assert_reference(&s, "loaded");
    dd_store_free(&s);
}
END_TEST

START_TEST(refresh_diff_pairs_moved_rows)
{
    dd_store s;
    load_big(&s);
    dd_store_cycle_sort(&s, DD_LIST_CONNS);  /* Created */
    dd_table_move(&CT, 100, 20);
    char kept[32];  /* the old list's strings go with it */
    snprintf(kept, sizeof(kept), "%s", ((const dd_conn *)dd_store_selected(&s, DD_LIST_CONNS))->id);
    /* Refreshed: row 5 moved to the end, rows 20..29 gone, row 40 changed,
     * two new rows in the middle and the selected row far from its place. */
    static dd_conn fresh[BIG + 2];
    size_t n = 0;
    for (size_t i = 0; i < BIG; i++) {
        if (i == 5 || (i >= 20 && i < 30))
            continue;
        if (i == 1500) {
            fresh[n++] = mk("new-1", "Alpha", "Zulu", T_LOGS, 1, 1);
            fresh[n++] = mk("new-2", "Alpha", "Zulu", T_LOGS, 1, 1);
        }
        fresh[n] = big[i];
        if (i == 40)
            fresh[n].created_at += 1000;
        n++;
    }
    fresh[n++] = big[5];
    load(&s, fresh, n);
    ck_assert_str_eq(sel_id(&s), kept);
    assert_reference(&s, "refreshed");
    for (size_t r = 0; r < dd_store_count(&s, DD_LIST_CONNS); r++) {
        const char *id = dd_store_conns(&s)->items[r].id;
        int want = strncmp(id, "new-", 4) == 0         ? DD_MARK_NEW
                   : strcmp(id, big[40].id) == 0 ? DD_MARK_CHANGED
                                                 : DD_MARK_NONE;
        ck_assert_msg(CT.mark[r] == want, "row %zu (%s) marked %d", r, id, CT.mark[r]);
    }
    dd_store_free(&s);
}
END_TEST

START_TEST(find_next_with_other_text_than_filter)
{
    dd_store s;
    load_big(&s);
    dd_store_cycle_sort(&s, DD_LIST_CONNS);
    dd_store_cycle_sort(&s, DD_LIST_CONNS);  /* Source */
    dd_store_set_filter(&s, DD_LIST_CONNS, "bravo");
    for (int k = 0; k < 5; k++) {
        size_t from = CT.sel, want = from;
        for (size_t i = 1; i <= CT.n; i++) {
            size_t pos = (from + i) % CT.n;
            if (dd_store_row_matches(&s, DD_LIST_CONNS, CT.order[pos], "LOGS,M")) {
                want = pos;
                break;
            }
        }
        dd_store_find_next(&s, DD_LIST_CONNS, "LOGS,M", 1, 20);
        ck_assert_uint_eq(CT.sel, want);
    }
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

/* A listing that ended before the server's total shows the rows that
 * came, first load or refresh, marked incomplete with the total it
 * announced; the next whole listing clears the mark. */
START_TEST(incomplete_listing_shows_what_came_marked)
{
    dd_store s;
    dd_store_init(&s);
    setup_rows();
    dd_conn_list p;
    dd_conn_list_init(&p);
    dd_conn_list_append_copy(&p, &base[0]);
    dd_conn_list_append_copy(&p, &base[1]);
    dd_store_begin(&s, DD_LIST_CONNS);
    dd_store_page(&s, DD_LIST_CONNS, &p, 2, 5);
    dd_store_end(&s, DD_LIST_CONNS, DD_E_INCOMPLETE, "got 2 of 5 connections", 2000);
    ck_assert(CT.load.incomplete);
    ck_assert(!CT.load.stale);
    ck_assert(CT.load.loaded_once);
    ck_assert_int_eq(CT.load.announced, 5);
    ck_assert_str_eq(CT.load.error, "got 2 of 5 connections");
    ck_assert_uint_eq(CT.n, 2);
    ck_assert_int_eq(CT.load.refreshed_at, 2000);

    /* A refresh that ends short too replaces the list with what came. */
    dd_conn_list q;
    dd_conn_list_init(&q);
    dd_conn_list_append_copy(&q, &base[2]);
    dd_store_begin(&s, DD_LIST_CONNS);
    dd_store_page(&s, DD_LIST_CONNS, &q, 1, 4);
    ck_assert_uint_eq(CT.n, 2);
    dd_store_end(&s, DD_LIST_CONNS, DD_E_INCOMPLETE, "got 1 of 4 connections", 3000);
    ck_assert(CT.load.incomplete);
    ck_assert_uint_eq(CT.n, 1);
    ck_assert_str_eq(id_at(&s, 0), "c3");
    ck_assert_int_eq(CT.load.announced, 4);

    /* A failed refresh keeps it, still incomplete, and stale as well. */
    dd_store_begin(&s, DD_LIST_CONNS);
    dd_store_end(&s, DD_LIST_CONNS, DD_E_NETWORK, "down", 4000);
    ck_assert(CT.load.incomplete);
    ck_assert(CT.load.stale);
    ck_assert_int_eq(CT.load.announced, 4);
    ck_assert_uint_eq(CT.n, 1);

    load(&s, base, 3);
    ck_assert(!CT.load.incomplete);
    ck_assert(!CT.load.stale);
    ck_assert_str_eq(CT.load.error, "");

    /* Another query's list starts empty: no mark of the previous one. */
    dd_store_begin(&s, DD_LIST_CONNS);
    dd_store_page(&s, DD_LIST_CONNS, &q, 1, 4);
    dd_store_end(&s, DD_LIST_CONNS, DD_E_INCOMPLETE, "got 1 of 4 connections", 5000);
    ck_assert(CT.load.incomplete);
    ck_assert_int_eq(dd_store_set_server_filter(&s, "sink-1", NULL), 0);
    dd_store_begin(&s, DD_LIST_CONNS);
    ck_assert(!CT.load.incomplete);
    ck_assert_int_eq(CT.load.announced, -1);
    dd_conn_list_free(&p);
    dd_conn_list_free(&q);
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
    tcase_add_test(tc, upsert_keeps_names_an_answer_lacks);
    tcase_add_test(tc, find_next_wraps);
    tcase_add_test(tc, salesforce_list);
    tcase_add_test(tc, server_filter_starts_a_new_list);
    tcase_add_test(tc, large_list_sort_and_filter);
    tcase_add_test(tc, audit_tail_replaced_on_success_kept_on_failure);
    tcase_add_test(tc, sort_each_column_matches_reference_both_ways);
    tcase_add_test(tc, narrowing_filter_equals_fresh_filter);
    tcase_add_test(tc, selection_follows_row_through_sort_and_filter);
    tcase_add_test(tc, edit_in_sorted_list_lands_in_place);
    tcase_add_test(tc, sorted_first_load_merges_pages);
    tcase_add_test(tc, refresh_diff_pairs_moved_rows);
    tcase_add_test(tc, find_next_with_other_text_than_filter);
    tcase_add_test(tc, incomplete_listing_shows_what_came_marked);
    suite_add_tcase(su, tc);
    return dd_run_suite(su);
}
