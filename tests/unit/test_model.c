#include <check.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "orgmap.h"
#include "suite_main.h"

static const char *types_lm[] = { "logs", "metrics" };

static dd_conn make_conn(const char *id, const char *src_name, const char *sink_name)
{
    dd_conn c = {
        .id = id,
        .types = types_lm,
        .n_types = 2,
        .created_at = 1704067200,
        .created_at_text = "2024-01-01T00:00:00+00:00",
        .source = { "src-uuid", src_name },
        .sink = { "sink-uuid", sink_name },
        .created_by = { NULL, NULL },
    };
    return c;
}

START_TEST(init_and_append_copy)
{
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    ck_assert_int_eq(l.total_count, -1);
    ck_assert_int_eq(l.total_filtered_count, -1);
    char id[] = "conn-1";
    dd_conn c = make_conn(id, "Acme", "Globex");
    ck_assert_int_eq(dd_conn_list_append_copy(&l, &c), 0);
    id[0] = 'X';  /* the list holds its own copy */
    ck_assert_uint_eq(l.n, 1);
    const dd_conn *got = &l.items[0];
    ck_assert_str_eq(got->id, "conn-1");
    ck_assert_uint_eq(got->n_types, 2);
    ck_assert_ptr_ne(got->types, types_lm);
    ck_assert_str_eq(got->types[1], "metrics");
    ck_assert_str_eq(got->source.name, "Acme");
    ck_assert_str_eq(got->sink.name, "Globex");
    ck_assert_ptr_null(got->created_by.id);
    ck_assert_ptr_null(got->created_by.name);
    ck_assert_int_eq(got->created_at, 1704067200);
    ck_assert_str_eq(got->created_at_text, "2024-01-01T00:00:00+00:00");
    dd_conn_list_free(&l);
}
END_TEST

START_TEST(append_grows_amortised)
{
    dd_conn_list l;
    dd_conn_list_init(&l);
    char id[32];
    size_t reallocs = 0, last_cap = 0;
    for (int i = 0; i < 10000; i++) {
        snprintf(id, sizeof(id), "conn-%d", i);
        dd_conn c = make_conn(id, "Acme", "Globex");
        ck_assert_int_eq(dd_conn_list_append_copy(&l, &c), 0);
        if (l.cap != last_cap) {
            reallocs++;
            last_cap = l.cap;
        }
    }
    ck_assert_uint_eq(l.n, 10000);
    ck_assert_uint_le(reallocs, 12);  /* doubling, not +1 */
    /* Names and types are stored once however many rows repeat them. */
    ck_assert_ptr_eq(l.items[0].source.name, l.items[9999].source.name);
    ck_assert_ptr_eq(l.items[0].types[0], l.items[9999].types[0]);
    ck_assert_ptr_ne(l.items[0].id, l.items[1].id);
    ck_assert_str_eq(l.items[9999].id, "conn-9999");
    /* Acme, Globex, src-uuid, sink-uuid, logs, metrics */
    ck_assert_uint_eq(dd_strpool_interned_count(l.pool), 6);
    ck_assert_int_eq(dd_conn_list_find(&l, "conn-4321"), 4321);
    ck_assert_int_eq(dd_conn_list_find(&l, "conn-10000"), -1);
    ck_assert_int_eq(dd_conn_list_find(&l, NULL), -1);
    dd_conn_list_free(&l);
}
END_TEST

START_TEST(append_all_reinterns_into_destination)
{
    dd_conn_list a, b, dst;
    dd_conn_list_init(&a);
    dd_conn_list_init(&b);
    dd_conn_list_init(&dst);
    dd_conn c1 = make_conn("c1", "Acme", "Globex");
    dd_conn c2 = make_conn("c2", "Acme", "Initech");
    dd_conn_list_append_copy(&a, &c1);
    dd_conn_list_append_copy(&b, &c2);
    ck_assert_int_eq(dd_conn_list_append_all(&dst, &a), 0);
    ck_assert_int_eq(dd_conn_list_append_all(&dst, &b), 0);
    ck_assert_uint_eq(dst.n, 2);
    /* "Acme" came from two pools; the destination keeps one copy of it,
     * owned by its own pool so that the sources can go away. */
    ck_assert_ptr_eq(dst.items[0].source.name, dst.items[1].source.name);
    ck_assert_ptr_ne(dst.items[0].source.name, a.items[0].source.name);
    ck_assert_ptr_ne(dst.items[1].source.name, b.items[0].source.name);
    ck_assert_uint_eq(dd_strpool_interned_count(dst.pool), 7);
    dd_conn_list_free(&a);
    dd_conn_list_free(&b);
    ck_assert_str_eq(dst.items[1].sink.name, "Initech");
    ck_assert_str_eq(dst.items[0].types[0], "logs");
    dd_conn_list_free(&dst);
}
END_TEST

START_TEST(append_copy_from_itself)
{
    dd_conn_list l;
    dd_conn_list_init(&l);
    dd_conn c = make_conn("c1", "Acme", "Globex");
    dd_conn_list_append_copy(&l, &c);
    /* Copying a row of the same list must survive the array moving. */
    for (int i = 0; i < 100; i++)
        ck_assert_int_eq(dd_conn_list_append_copy(&l, &l.items[0]), 0);
    ck_assert_int_eq(dd_conn_list_append_all(&l, &l), 0);
    ck_assert_uint_eq(l.n, 202);
    ck_assert_str_eq(l.items[201].sink.name, "Globex");
    dd_conn_list_free(&l);
}
END_TEST

START_TEST(expected_total_follows_the_filter)
{
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    ck_assert_int_eq(dd_conn_list_expected(&l, false), -1);
    ck_assert_int_eq(dd_conn_list_expected(&l, true), -1);
    l.total_count = 10000;
    ck_assert_int_eq(dd_conn_list_expected(&l, true), 10000); /* no filtered count sent */
    l.total_filtered_count = 48;
    ck_assert_int_eq(dd_conn_list_expected(&l, true), 48);
    ck_assert_int_eq(dd_conn_list_expected(&l, false), 10000);
    dd_conn_list_free(&l);
}
END_TEST

START_TEST(types_helpers)
{
    dd_conn c = make_conn("c", "a", "b");
    ck_assert(dd_conn_has_type(&c, "metrics"));
    ck_assert(!dd_conn_has_type(&c, "audit"));
    ck_assert(!dd_conn_has_type(&c, NULL));
    ck_assert(dd_conn_type_is_known("logs"));
    ck_assert(dd_conn_type_is_known("audit"));
    ck_assert(!dd_conn_type_is_known("traces"));
    ck_assert(!dd_conn_type_is_known("Logs"));
    ck_assert_ptr_null(dd_known_conn_types[3]);
}
END_TEST

/* The one copy of a type list: its own strings, freed by dd_types_free. */
START_TEST(types_dup_copies_every_string)
{
    char a[] = "logs", b[] = "metrics";
    const char *const src[] = { a, b, "audit" };
    char **t = dd_types_dup(src, 3);
    ck_assert_ptr_nonnull(t);
    for (size_t i = 0; i < 3; i++) {
        ck_assert_ptr_ne(t[i], src[i]);
        ck_assert_str_eq(t[i], src[i]);
    }
    a[0] = 'x';
    ck_assert_str_eq(t[0], "logs");
    dd_types_free(t, 3);
    char **none = dd_types_dup(NULL, 0);
    ck_assert_ptr_nonnull(none);
    dd_types_free(none, 0);
}
END_TEST

START_TEST(csv_parse_ok)
{
    char **t;
    size_t n;
    char why[128];
    ck_assert_int_eq(dd_types_parse_csv("logs,metrics", &t, &n, why, sizeof(why)), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(t[0], "logs");
    ck_assert_str_eq(t[1], "metrics");
    dd_types_free(t, n);
    ck_assert_int_eq(dd_types_parse_csv(" audit , logs ", &t, &n, why, sizeof(why)), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(t[0], "audit");
    ck_assert_str_eq(t[1], "logs");
    dd_types_free(t, n);
    /* Unknown names pass here; whether to send them is the caller's call. */
    ck_assert_int_eq(dd_types_parse_csv("traces", &t, &n, why, sizeof(why)), 0);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(t[0], "traces");
    dd_types_free(t, n);
}
END_TEST

static void csv_rejects(const char *csv, const char *reason_part)
{
    char **t = (char **)1;
    size_t n = 99;
    char why[128] = "";
    ck_assert_int_eq(dd_types_parse_csv(csv, &t, &n, why, sizeof(why)), -1);
    ck_assert_ptr_null(t);
    ck_assert_uint_eq(n, 0);
    ck_assert_msg(strstr(why, reason_part), "\"%s\": reason \"%s\"", csv ? csv : "(null)", why);
}

START_TEST(csv_parse_errors)
{
    csv_rejects("", "empty");
    csv_rejects("  ", "empty");
    csv_rejects("logs,", "connection type 2 is empty");
    csv_rejects(",logs", "connection type 1 is empty");
    csv_rejects("logs,,metrics", "connection type 2 is empty");
    csv_rejects("logs,metrics,logs", "\"logs\" is given twice");
    csv_rejects("logs, logs", "twice");
    csv_rejects(NULL, "no connection types");
}
END_TEST

START_TEST(sf_list)
{
    dd_sf_list l;
    ck_assert_int_eq(dd_sf_list_init(&l), 0);
    dd_sf_org o = { "sf-1", "Acme Prod", "00D000000000000", "Production", NULL };
    ck_assert_int_eq(dd_sf_list_append_copy(&l, &o), 0);
    dd_sf_org o2 = { "sf-2", NULL, NULL, "Production", "https://x.my.salesforce.com" };
    ck_assert_int_eq(dd_sf_list_append_copy(&l, &o2), 0);
    ck_assert_uint_eq(l.n, 2);
    ck_assert_str_eq(l.items[0].name, "Acme Prod");
    ck_assert_ptr_null(l.items[0].instance_url);
    ck_assert_ptr_null(l.items[1].name);
    ck_assert_ptr_eq(l.items[0].sfdc_org_type, l.items[1].sfdc_org_type);
    ck_assert_int_eq(dd_sf_list_find(&l, "sf-2"), 1);
    ck_assert_int_eq(dd_sf_list_find(&l, "sf-3"), -1);
    dd_sf_list_free(&l);
}
END_TEST

/* One way to find a row by id for every list of the model: exact for
 * connections and Salesforce orgs, ASCII case ignored for orgs. */
START_TEST(rows_found_by_id_one_way)
{
    ck_assert(dd_id_eq("abc", "abc", DD_ID_EXACT));
    ck_assert(!dd_id_eq("abc", "ABC", DD_ID_EXACT));
    ck_assert(dd_id_eq("abc-9", "ABC-9", DD_ID_ANY_CASE));
    ck_assert(!dd_id_eq("abc", "abcd", DD_ID_ANY_CASE));
    ck_assert(!dd_id_eq("\xc3\xa9", "\xc3\x89", DD_ID_ANY_CASE)); /* ASCII only */
    ck_assert(!dd_id_eq(NULL, "a", DD_ID_EXACT));
    ck_assert(!dd_id_eq("a", NULL, DD_ID_ANY_CASE));

    dd_conn rows[3] = { make_conn(NULL, "A", "B"), make_conn("Conn-1", "A", "B"),
                        make_conn("conn-1", "A", "B") };
    const size_t at = offsetof(dd_conn, id);
    ck_assert_int_eq(dd_rows_find(rows, 3, sizeof(rows[0]), at, "conn-1", DD_ID_EXACT), 2);
    ck_assert_int_eq(dd_rows_find(rows, 3, sizeof(rows[0]), at, "conn-1", DD_ID_ANY_CASE), 1);
    ck_assert_int_eq(dd_rows_find(rows, 3, sizeof(rows[0]), at, "CONN-2", DD_ID_ANY_CASE), -1);
    ck_assert_int_eq(dd_rows_find(rows, 3, sizeof(rows[0]), at, NULL, DD_ID_EXACT), -1);
    ck_assert_int_eq(dd_rows_find(NULL, 0, sizeof(rows[0]), at, "conn-1", DD_ID_EXACT), -1);

    dd_orgmap m;
    ck_assert_int_eq(dd_orgmap_init(&m), 0);
    dd_orgmap_row r = { .id = "AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA" };
    ck_assert_int_eq(dd_orgmap_append_copy(&m, &r), 0);
    r.id = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
    ck_assert_int_eq(dd_orgmap_append_copy(&m, &r), 0);
    ck_assert_int_eq(dd_orgmap_find(&m, "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"), 0);
    ck_assert_int_eq(dd_orgmap_find(&m, "BBBBBBBB-BBBB-4BBB-8BBB-BBBBBBBBBBBB"), 1);
    ck_assert_int_eq(dd_orgmap_find(&m, "cccccccc-cccc-4ccc-8ccc-cccccccccccc"), -1);
    ck_assert_int_eq(dd_orgmap_find(&m, NULL), -1);
    dd_orgmap_free(&m);
}
END_TEST

/* Every row array grows the same way: the org map's too. */
START_TEST(org_map_grows_like_the_lists)
{
    dd_orgmap m;
    ck_assert_int_eq(dd_orgmap_init(&m), 0);
    size_t reallocs = 0, last_cap = 0;
    for (int i = 0; i < 1000; i++) {
        char id[40];
        snprintf(id, sizeof(id), "org-%04d", i);
        dd_orgmap_row r = { .id = id, .out_orgs = (uint32_t)i };
        ck_assert_int_eq(dd_orgmap_append_copy(&m, &r), 0);
        if (m.cap != last_cap) {
            reallocs++;
            last_cap = m.cap;
        }
    }
    ck_assert_uint_eq(m.n, 1000);
    ck_assert_uint_le(reallocs, 8);  /* doubling from 16 */
    ck_assert_int_eq(dd_orgmap_find(&m, "ORG-0999"), 999);
    ck_assert_uint_eq(m.items[999].out_orgs, 999);
    dd_orgmap_free(&m);
}
END_TEST

START_TEST(parse_time_forms)
{
    ck_assert_int_eq(dd_parse_time("2024-01-01T00:00:00+00:00"), 1704067200);
    ck_assert_int_eq(dd_parse_time("2024-01-01T00:00:00Z"), 1704067200);
    ck_assert_int_eq(dd_parse_time("2023-01-01T12:00:00Z"), 1672574400);
    ck_assert_int_eq(dd_parse_time("2024-01-01T00:00:00.123456Z"), 1704067200);
    ck_assert_int_eq(dd_parse_time("2024-01-01T02:00:00+02:00"), 1704067200);
    ck_assert_int_eq(dd_parse_time("2023-12-31T19:30:00-04:30"), 1704067200);
    ck_assert_int_eq(dd_parse_time("2024-01-01t00:00:00z"), 1704067200);
    ck_assert_int_eq(dd_parse_time("2024-02-29T00:00:00Z"), 1709164800);
    ck_assert_int_eq(dd_parse_time("1970-01-01T00:00:00Z"), 0);
    ck_assert_int_eq(dd_parse_time("1969-12-31T23:59:59Z"), -1);
}
END_TEST

START_TEST(parse_time_rejects)
{
    static const char *bad[] = {
        "", "2024-01-01", "2024-01-01T00:00:00", "2024-01-01T00:00:00+0000",
        "2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2024-01-01T24:00:00Z",
        "2024-01-01T00:60:00Z", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00Zjunk",
        "24-01-01T00:00:00Z", "2024-01-01T00:00:00+24:00", "yesterday",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(dd_parse_time(bad[i]) == DD_TIME_NONE, "accepted \"%s\"", bad[i]);
    ck_assert(dd_parse_time(NULL) == DD_TIME_NONE);
}
END_TEST

START_TEST(format_absolute)
{
    char buf[64];
    dd_format_time(1704067200, buf, sizeof(buf));
    ck_assert_str_eq(buf, "2024-01-01 00:00:00 UTC");
    dd_format_time(1672574400 + 59, buf, sizeof(buf));
    ck_assert_str_eq(buf, "2023-01-01 12:00:59 UTC");
    dd_format_time(DD_TIME_NONE, buf, sizeof(buf));
    ck_assert_str_eq(buf, "-");
    ck_assert_int_eq(dd_parse_time("2031-07-15T08:09:10Z") % 86400, 8 * 3600 + 9 * 60 + 10);
    dd_format_time(dd_parse_time("2031-07-15T08:09:10Z"), buf, sizeof(buf));
    ck_assert_str_eq(buf, "2031-07-15 08:09:10 UTC");
}
END_TEST

static const char *rel(int64_t t, int64_t now)
{
    static char buf[64];
    dd_format_relative(t, now, buf, sizeof(buf));
    return buf;
}

START_TEST(format_relative)
{
    const int64_t now = 1704067200, min = 60, hour = 3600, day = 86400;
    ck_assert_str_eq(rel(now, now), "just now");
    ck_assert_str_eq(rel(now - 59, now), "just now");
    ck_assert_str_eq(rel(now + 30, now), "just now");
    ck_assert_str_eq(rel(now - min, now), "1 minute ago");
    ck_assert_str_eq(rel(now - 5 * min - 10, now), "5 minutes ago");
    ck_assert_str_eq(rel(now + 5 * min, now), "in 5 minutes");
    ck_assert_str_eq(rel(now - hour, now), "1 hour ago");
    ck_assert_str_eq(rel(now - 23 * hour, now), "23 hours ago");
    ck_assert_str_eq(rel(now - 3 * day, now), "3 days ago");
    ck_assert_str_eq(rel(now + day, now), "in 1 day");
    ck_assert_str_eq(rel(now - 45 * day, now), "1 month ago");
    ck_assert_str_eq(rel(now - 364 * day, now), "11 months ago");
    ck_assert_str_eq(rel(now - 365 * day, now), "1 year ago");
    ck_assert_str_eq(rel(now - 2 * 365 * day - 10, now), "2 years ago");
    ck_assert_str_eq(rel(DD_TIME_NONE, now), "-");
    ck_assert_str_eq(rel(INT64_MAX, -INT64_MAX), "in 584942417355 years");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("model");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, init_and_append_copy);
    tcase_add_test(tc, append_grows_amortised);
    tcase_add_test(tc, append_all_reinterns_into_destination);
    tcase_add_test(tc, append_copy_from_itself);
    tcase_add_test(tc, types_helpers);
    tcase_add_test(tc, types_dup_copies_every_string);
    tcase_add_test(tc, expected_total_follows_the_filter);
    tcase_add_test(tc, csv_parse_ok);
    tcase_add_test(tc, csv_parse_errors);
    tcase_add_test(tc, sf_list);
    tcase_add_test(tc, rows_found_by_id_one_way);
    tcase_add_test(tc, org_map_grows_like_the_lists);
    tcase_add_test(tc, parse_time_forms);
    tcase_add_test(tc, parse_time_rejects);
    tcase_add_test(tc, format_absolute);
    tcase_add_test(tc, format_relative);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
