/* The pager guard: pages that move on pass; the same page twice, or a walk
 * past the row cap, stops with a message that says why. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pager_guard.h"
#include "suite_main.h"

/* n rows with ids "c<from>".."c<from+n-1>"; page_free releases them. */
static dd_conn *page(size_t from, size_t n)
{
    dd_conn *rows = calloc(n, sizeof(*rows));
    ck_assert_ptr_nonnull(rows);
    for (size_t i = 0; i < n; i++) {
        char *id = malloc(32);
        ck_assert_ptr_nonnull(id);
        snprintf(id, 32, "c%zu", from + i);
        rows[i].id = id;
    }
    return rows;
}

static void page_free(dd_conn *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free((char *)rows[i].id);
    free(rows);
}

START_TEST(moving_pages_pass)
{
    dd_pager_guard g = {0};
    dd_error err;
    dd_error_init(&err);
    for (size_t p = 0; p < 5; p++) {
        dd_conn *rows = page(p * 100, 100);
        ck_assert_int_eq(dd_pager_guard_page(&g, rows, 100, &err), DD_OK);
        page_free(rows, 100);
    }
    ck_assert_uint_eq(g.rows, 500);
    /* An empty page changes nothing. */
    ck_assert_int_eq(dd_pager_guard_page(&g, NULL, 0, &err), DD_OK);
    ck_assert_uint_eq(g.rows, 500);
    /* Overlap by one row (a row was added meanwhile) is still progress. */
    dd_conn *a = page(1000, 10), *b = page(1009, 10);
    ck_assert_int_eq(dd_pager_guard_page(&g, a, 10, &err), DD_OK);
    ck_assert_int_eq(dd_pager_guard_page(&g, b, 10, &err), DD_OK);
    page_free(a, 10);
    page_free(b, 10);
}
END_TEST

START_TEST(the_same_page_twice_stops)
{
    dd_pager_guard g = {0};
    dd_error err;
    dd_error_init(&err);
    dd_conn *rows = page(0, 1000);
    ck_assert_int_eq(dd_pager_guard_page(&g, rows, 1000, &err), DD_OK);
    ck_assert_int_eq(dd_pager_guard_page(&g, rows, 1000, &err), DD_E_PROTOCOL);
    ck_assert_str_eq(err.text, "the server sent the same page twice after 1000 rows (it ignores "
                               "the offset); stopped");
    page_free(rows, 1000);
}
END_TEST

START_TEST(the_row_cap_stops)
{
    dd_pager_guard g = {0};
    dd_error err;
    dd_error_init(&err);
    size_t per = 1000, pages = DD_PAGER_MAX_ROWS / per;
    dd_conn *rows = page(0, per);
    for (size_t p = 0; p < pages; p++) {
        /* Different first and last rows each time, as a server inventing
         * rows would send. */
        char first[32], last[32];
        snprintf(first, sizeof(first), "f%zu", p);
        snprintf(last, sizeof(last), "l%zu", p);
        const char *keep_first = rows[0].id, *keep_last = rows[per - 1].id;
        rows[0].id = first;
        rows[per - 1].id = last;
        ck_assert_int_eq(dd_pager_guard_page(&g, rows, per, &err), DD_OK);
        rows[0].id = keep_first;
        rows[per - 1].id = keep_last;
    }
    ck_assert_uint_eq(g.rows, DD_PAGER_MAX_ROWS);
    ck_assert_int_eq(dd_pager_guard_page(&g, rows, 1, &err), DD_E_PROTOCOL);
    ck_assert_ptr_nonnull(strstr(err.text, "kept sending rows past 1000000; stopped"));
    page_free(rows, per);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pager_guard");
    TCase *tc = tcase_create("pages");
    tcase_add_test(tc, moving_pages_pass);
    tcase_add_test(tc, the_same_page_twice_stops);
    tcase_add_test(tc, the_row_cap_stops);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
