#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "site.h"
#include "suite_main.h"

START_TEST(nine_sites_known)
{
    size_t n = 0;
    while (dd_sites[n])
        n++;
    ck_assert_uint_eq(n, 9);
    ck_assert(dd_site_known("datadoghq.com"));
    ck_assert(dd_site_known("datadoghq.eu"));
    ck_assert(dd_site_known("us2.ddog-gov.com"));
    ck_assert(dd_site_known("ap2.datadoghq.com"));
    ck_assert(!dd_site_known("app.datadoghq.com"));
    ck_assert(!dd_site_known(""));
    ck_assert(!dd_site_known(NULL));
    ck_assert(dd_site_known(DD_DEFAULT_SITE));
}
END_TEST

/* Sites are host names: any case, and the fully qualified spelling with a
 * final dot, name the same site; the canonical form is the table's. */
START_TEST(sites_compare_as_host_names)
{
    const char *same[][2] = {
        {"US5.DATADOGHQ.COM", "us5.datadoghq.com"}, {"DataDogHQ.eu", "datadoghq.eu"},
        {"datadoghq.com.", "datadoghq.com"},        {"Us2.Ddog-Gov.Com.", "us2.ddog-gov.com"},
        {"datadoghq.com", "datadoghq.com"},
    };
    for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
        ck_assert_msg(dd_site_known(same[i][0]), "%s not known", same[i][0]);
        const char *c = dd_site_canonical(same[i][0]);
        ck_assert_ptr_nonnull(c);
        ck_assert_str_eq(c, same[i][1]);
    }
    const char *no[] = {"datadoghq.com..", ".datadoghq.com", "datadoghq.co", "datadoghq.comx",
                        "app.datadoghq.com", "xdatadoghq.com", " datadoghq.com", ".", ""};
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
        ck_assert_msg(!dd_site_known(no[i]), "'%s' known", no[i]);
        ck_assert_ptr_null(dd_site_canonical(no[i]));
    }
    ck_assert_ptr_null(dd_site_canonical(NULL));
}
END_TEST

START_TEST(base_url_from_site)
{
    char *u = dd_site_base_url("us5.datadoghq.com");
    ck_assert_str_eq(u, "https://api.us5.datadoghq.com");
    free(u);
}
END_TEST

static char *check_ok(const char *url, bool want_http)
{
    dd_error e;
    dd_error_init(&e);
    bool http = !want_http;
    char *out = dd_api_url_check(url, &http, &e);
    ck_assert_msg(out != NULL, "%s refused: %s", url, e.text);
    ck_assert_int_eq(http, want_http);
    ck_assert_int_eq(e.code, DD_OK);
    return out;
}

static void check_refused(const char *url, const char *needle)
{
    dd_error e;
    dd_error_init(&e);
    bool http = true;
    char *out = dd_api_url_check(url, &http, &e);
    ck_assert_msg(out == NULL, "%s accepted", url);
    ck_assert_int_eq(e.code, DD_E_CONFIG);
    ck_assert_msg(strstr(e.text, needle) != NULL, "%s: '%s' lacks '%s'", url, e.text, needle);
    ck_assert(!http);
}

START_TEST(https_any_host)
{
    char *u = check_ok("https://api.datadoghq.com", false);
    ck_assert_str_eq(u, "https://api.datadoghq.com");
    free(u);
    u = check_ok("https://proxy.internal.example:8443/", false);
    ck_assert_str_eq(u, "https://proxy.internal.example:8443");
    free(u);
    u = check_ok("HTTPS://[2001:db8::1]:443", false);
    free(u);
}
END_TEST

START_TEST(http_loopback_only)
{
    const char *ok[] = {"http://127.0.0.1:8080", "http://127.1.2.3/", "http://localhost:9",
                        "http://[::1]:5000", "http://::1", "http://LOCALHOST"};
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        free(check_ok(ok[i], true));
    char *u = check_ok("http://127.0.0.1:8080/", true);
    ck_assert_str_eq(u, "http://127.0.0.1:8080");
    free(u);

    const char *no[] = {"http://api.datadoghq.com", "http://10.0.0.1:80", "http://128.0.0.1",
                        "http://[2001:db8::1]:80", "http://localhost.example.com",
                        "http://127.0.0.1.nip.io"};
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
        check_refused(no[i], "plain http is only allowed for a loopback --api-url; use https");
    /* A trailing dot makes the name absolute: the resolver may ask DNS,
     * whose answer could be any machine. Refused, with the way out. */
    const char *dotted[] = {"http://localhost.:8126", "http://LOCALHOST.", "http://127.0.0.1.:80",
                            "http://localhost..:1"};
    for (size_t i = 0; i < sizeof(dotted) / sizeof(dotted[0]); i++)
        check_refused(dotted[i], "ends with a dot, which sends the name to DNS; write "
                                 "http://localhost:PORT or http://127.0.0.1:PORT");
    /* https may name any host, dotted or not: TLS checks who answers. */
    free(check_ok("https://api.datadoghq.com.", false));
}
END_TEST

START_TEST(malformed_refused)
{
    check_refused("https://user:pass@api.datadoghq.com", "user:password@");
    check_refused("http://k@127.0.0.1:1", "user:password@");
    check_refused("https://api.datadoghq.com/api/v2", "path");
    check_refused("https://api.datadoghq.com?x=1", "path, query");
    check_refused("https://api.datadoghq.com/#frag", "path, query");
    check_refused("ftp://api.datadoghq.com", "scheme 'ftp'");
    check_refused("file:///etc/passwd", "scheme 'file'");
    check_refused("api.datadoghq.com", "no scheme");
    check_refused("", "empty");
    check_refused("https://", "no host");
    check_refused("https://:443", "no host");
    check_refused("https://host:0", "port");
    check_refused("https://host:65536", "port");
    check_refused("https://host:8x", "port");
    check_refused("https://ho st", "space");
    check_refused("https://host\r\nX: y", "control");
    check_refused("https://[::1", "IPv6");
    check_refused("https://[zz::1]:1", "IPv6");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("site");
    TCase *tc = tcase_create("site");
    tcase_add_test(tc, nine_sites_known);
    tcase_add_test(tc, sites_compare_as_host_names);
    tcase_add_test(tc, base_url_from_site);
    tcase_add_test(tc, https_any_host);
    tcase_add_test(tc, http_loopback_only);
    tcase_add_test(tc, malformed_refused);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
