/* Which proxy the environment gives a URL, by libcurl's rules
 * (proxy_env.h): the variables and their order, no_proxy, and a proxy
 * shown without its password. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "proxy_env.h"

static const char *const vars[] = {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
                                   "all_proxy",  "ALL_PROXY",  "no_proxy",    "NO_PROXY"};

static void setup(void)
{
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
        unsetenv(vars[i]);
}

START_TEST(none_without_variables)
{
    dd_proxy_env p;
    dd_proxy_from_env("https", "api.datadoghq.com", &p);
    ck_assert(!p.used);
    ck_assert_ptr_null(p.var);
    ck_assert_str_eq(p.shown, "");
    ck_assert_ptr_null(p.excluded_var);
}
END_TEST

START_TEST(https_variables_in_libcurls_order)
{
    dd_proxy_env p;
    setenv("ALL_PROXY", "http://all-upper:1", 1);
    dd_proxy_from_env("https", "api.datadoghq.com", &p);
    ck_assert(p.used);
    ck_assert_str_eq(p.var, "ALL_PROXY");
    setenv("all_proxy", "http://all-lower:1", 1);
    dd_proxy_from_env("https", "api.datadoghq.com", &p);
    ck_assert_str_eq(p.var, "all_proxy");
    setenv("HTTPS_PROXY", "http://https-upper:3128", 1);
    dd_proxy_from_env("https", "api.datadoghq.com", &p);
    ck_assert_str_eq(p.var, "HTTPS_PROXY");
    ck_assert_str_eq(p.shown, "http://https-upper:3128");
    setenv("https_proxy", "http://https-lower:3128", 1);
    dd_proxy_from_env("HTTPS", "api.datadoghq.com", &p);
    ck_assert_str_eq(p.var, "https_proxy");
    ck_assert_str_eq(p.shown, "http://https-lower:3128");
    /* "" is unset, as libcurl reads it. */
    setenv("https_proxy", "", 1);
    dd_proxy_from_env("https", "api.datadoghq.com", &p);
    ck_assert_str_eq(p.var, "HTTPS_PROXY");
}
END_TEST

/* libcurl never reads HTTP_PROXY (a CGI request could set it). */
START_TEST(http_takes_only_lower_case_http_proxy)
{
    dd_proxy_env p;
    setenv("HTTP_PROXY", "http://upper:1", 1);
    setenv("HTTPS_PROXY", "http://https:1", 1);
    dd_proxy_from_env("http", "example.test", &p);
    ck_assert(!p.used);
    setenv("http_proxy", "http://lower:1", 1);
    dd_proxy_from_env("http", "example.test", &p);
    ck_assert(p.used);
    ck_assert_str_eq(p.var, "http_proxy");
}
END_TEST

START_TEST(password_is_never_shown)
{
    dd_proxy_env p;
    setenv("HTTPS_PROXY", "http://alice:s3cret-pass@proxy.corp:8080/", 1);
    dd_proxy_from_env("https", "api.datadoghq.com", &p);
    ck_assert_str_eq(p.shown, "http://proxy.corp:8080/");
    setenv("HTTPS_PROXY", "bob:hunter2@proxy.corp:3128", 1);
    dd_proxy_from_env("https", "api.datadoghq.com", &p);
    ck_assert_str_eq(p.shown, "proxy.corp:3128");
    setenv("HTTPS_PROXY", "http://proxy\x1b[2J.corp:1", 1);
    dd_proxy_from_env("https", "api.datadoghq.com", &p);
    ck_assert_str_eq(p.shown, "http://proxy?[2J.corp:1");
}
END_TEST

START_TEST(no_proxy_excludes_and_says_which)
{
    dd_proxy_env p;
    setenv("HTTPS_PROXY", "http://proxy:1", 1);
    setenv("NO_PROXY", "localhost, .datadoghq.com", 1);
    dd_proxy_from_env("https", "api.datadoghq.com", &p);
    ck_assert(!p.used);
    ck_assert_str_eq(p.excluded_var, "HTTPS_PROXY");
    ck_assert_str_eq(p.no_proxy_var, "NO_PROXY");
    /* The lower-case one is read first. */
    setenv("no_proxy", "example.com", 1);
    dd_proxy_from_env("https", "api.datadoghq.com", &p);
    ck_assert(p.used);
    ck_assert_ptr_null(p.excluded_var);
}
END_TEST

START_TEST(no_proxy_matching)
{
    ck_assert(dd_proxy_no_proxy_matches("*", "anything.example"));
    ck_assert(dd_proxy_no_proxy_matches("datadoghq.com", "api.datadoghq.com"));
    ck_assert(dd_proxy_no_proxy_matches(".datadoghq.com", "api.datadoghq.com"));
    ck_assert(dd_proxy_no_proxy_matches("datadoghq.com", "datadoghq.com"));
    ck_assert(dd_proxy_no_proxy_matches("DatadogHQ.com", "API.datadoghq.COM."));
    ck_assert(!dd_proxy_no_proxy_matches("datadoghq.com", "api.notdatadoghq.com"));
    ck_assert(!dd_proxy_no_proxy_matches("api.datadoghq.com", "datadoghq.com"));
    ck_assert(dd_proxy_no_proxy_matches("a.test,b.test example.com", "www.example.com"));
    ck_assert(!dd_proxy_no_proxy_matches("", "api.datadoghq.com"));
    ck_assert(!dd_proxy_no_proxy_matches(NULL, "api.datadoghq.com"));
    /* Addresses, and CIDR ranges, against a host given as an address. */
    ck_assert(dd_proxy_no_proxy_matches("127.0.0.1", "127.0.0.1"));
    ck_assert(dd_proxy_no_proxy_matches("10.0.0.0/8", "10.20.30.40"));
    ck_assert(!dd_proxy_no_proxy_matches("10.0.0.0/8", "11.0.0.1"));
    ck_assert(dd_proxy_no_proxy_matches("192.168.1.0/23", "192.168.0.7"));
    ck_assert(!dd_proxy_no_proxy_matches("192.168.1.0/24", "192.168.0.7"));
    ck_assert(dd_proxy_no_proxy_matches("::1", "[::1]"));
    ck_assert(dd_proxy_no_proxy_matches("fd00::/8", "fd12:3456::1"));
    ck_assert(!dd_proxy_no_proxy_matches("fd00::/8", "fe80::1"));
    ck_assert(!dd_proxy_no_proxy_matches("1.2.3.4", "api.datadoghq.com"));
    ck_assert(!dd_proxy_no_proxy_matches("10.0.0.0/x", "10.0.0.1"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("proxy_env");
    TCase *tc = tcase_create("env");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, none_without_variables);
    tcase_add_test(tc, https_variables_in_libcurls_order);
    tcase_add_test(tc, http_takes_only_lower_case_http_proxy);
    tcase_add_test(tc, password_is_never_shown);
    tcase_add_test(tc, no_proxy_excludes_and_says_which);
    tcase_add_test(tc, no_proxy_matching);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
