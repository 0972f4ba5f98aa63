/* Ids in request paths: percent-encoding and the ids refused. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "suite_main.h"
#include "url.h"

static void assert_escapes(const char *in, const char *want)
{
    char *out = dd_url_escape(in);
    ck_assert_ptr_nonnull(out);
    ck_assert_str_eq(out, want);
    free(out);
}

START_TEST(escape_keeps_unreserved_only)
{
    assert_escapes("AZaz09-._~", "AZaz09-._~");
    assert_escapes("a/b", "a%2Fb");
    assert_escapes("50%", "50%25");
    assert_escapes("a b?c=d#e&f+g", "a%20b%3Fc%3Dd%23e%26f%2Bg");
    assert_escapes("\u00e9\u65e5", "%C3%A9%E6%97%A5");
    assert_escapes("%2F..", "%252F..");
    assert_escapes("\x01\x7f", "%01%7F");
    assert_escapes("", "");
}
END_TEST

START_TEST(segment_refuses_what_servers_resolve)
{
    const char *bad[] = { NULL, "", ".", ".." };
    for (size_t i = 0; i < 4; i++) {
        dd_error e;
        dd_error_init(&e);
        char *out = (char *)"unchanged";
        ck_assert_int_eq(dd_url_id_segment("salesforce org id", bad[i], &out, &e), DD_E_USAGE);
        ck_assert_ptr_null(out);
        ck_assert_msg(strncmp(e.text, "salesforce org id ", 18) == 0, "%s", e.text);
        dd_error_clear(&e);
    }
    dd_error e;
    dd_error_init(&e);
    char *out;
    ck_assert_int_eq(dd_url_id_segment("id", "..", &out, &e), DD_E_USAGE);
    ck_assert_str_eq(e.text, "id '..' refused: servers read '.' and '..' as steps in the path, "
                             "so the request would reach another resource; check the id");
    ck_assert_int_eq(dd_url_id_segment("id", "", &out, &e), DD_E_USAGE);
    ck_assert_str_eq(e.text, "id is empty: give the id of the one to act on");
    /* Dots with more are ordinary ids; so is an escaped dot. */
    const char *good[][2] = { { "...", "..." }, { ".a", ".a" }, { "a..", "a.." },
                              { "%2E%2E", "%252E%252E" }, { "./", ".%2F" } };
    for (size_t i = 0; i < 5; i++) {
        ck_assert_int_eq(dd_url_id_segment("id", good[i][0], &out, &e), DD_OK);
        ck_assert_str_eq(out, good[i][1]);
        free(out);
    }
}
END_TEST

static Suite *url_suite(void)
{
    Suite *s = suite_create("url");
    TCase *tc = tcase_create("ids");
    tcase_add_test(tc, escape_keeps_unreserved_only);
    tcase_add_test(tc, segment_refuses_what_servers_resolve);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return dd_run_suite(url_suite());
}
