/* Ids in request paths: percent-encoding. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

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

static Suite *url_suite(void)
{
    Suite *s = suite_create("url");
    TCase *tc = tcase_create("ids");
    tcase_add_test(tc, escape_keeps_unreserved_only);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(url_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
