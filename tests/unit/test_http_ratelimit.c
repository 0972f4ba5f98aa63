/* Reading X-RateLimit-* header lines into a dd_ratelimit. */
#include <check.h>
#include <string.h>

#include "http.h"
#include "redact.h"
#include "suite_main.h"

static void feed(dd_ratelimit *rl, const dd_redactor *red, const char *line)
{
    dd_ratelimit_header(rl, red, line, strlen(line));
}

START_TEST(numbers_and_name_are_read)
{
    dd_ratelimit rl;
    dd_ratelimit_clear(&rl);
    ck_assert(!rl.present);
    ck_assert_int_eq(rl.reset, -1);
    feed(&rl, NULL, "Content-Type: application/json\r\n");
    ck_assert(!rl.present);
    feed(&rl, NULL, "X-RateLimit-Limit: 1000\r\n");
    feed(&rl, NULL, "x-ratelimit-period:60\r\n");
    feed(&rl, NULL, "X-RATELIMIT-REMAINING: \t0 \r\n");
    feed(&rl, NULL, "X-RateLimit-Reset: 17\r\n");
    feed(&rl, NULL, "X-RateLimit-Name: org_connections\r\n");
    ck_assert(rl.present);
    ck_assert_int_eq(rl.limit, 1000);
    ck_assert_int_eq(rl.period, 60);
    ck_assert_int_eq(rl.remaining, 0);
    ck_assert_int_eq(rl.reset, 17);
    ck_assert(!rl.reset_unreadable);
    ck_assert_str_eq(rl.name, "org_connections");
    /* A new response (its status line) forgets the last one's limits. */
    feed(&rl, NULL, "HTTP/1.1 200 OK\r\n");
    ck_assert(!rl.present);
    ck_assert_int_eq(rl.limit, -1);
    ck_assert_str_eq(rl.name, "");
}
END_TEST

/* A reset that is no count is marked, not taken for an absent one; a
 * later readable one clears the mark. */
START_TEST(unreadable_reset_is_marked)
{
    static const char *const bad[] = { "soon", "-5", "1.5", "", "12abc",
                                       "99999999999999999999999999999999999" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        dd_ratelimit rl;
        dd_ratelimit_clear(&rl);
        char line[100];
        snprintf(line, sizeof(line), "X-RateLimit-Reset: %s\r\n", bad[i]);
        feed(&rl, NULL, line);
        ck_assert_msg(rl.present && rl.reset == -1 && rl.reset_unreadable, "'%s'", bad[i]);
        feed(&rl, NULL, "X-RateLimit-Reset: 3\r\n");
        ck_assert(!rl.reset_unreadable);
        ck_assert_int_eq(rl.reset, 3);
    }
    /* An unreadable limit is not a reset. */
    dd_ratelimit rl;
    dd_ratelimit_clear(&rl);
    feed(&rl, NULL, "X-RateLimit-Limit: many\r\n");
    ck_assert(!rl.reset_unreadable);
}
END_TEST

/* The name is shown later: no key in it, printable ASCII only, cut. */
START_TEST(name_is_cleaned)
{
    static const char key[] = "5f3a9c2e7b1d4086a9e2c7b3f1d05e8a";
    const char *const keys[] = { key };
    dd_redactor *red = dd_redactor_new(keys, 1);
    ck_assert_ptr_nonnull(red);
    dd_ratelimit rl;
    dd_ratelimit_clear(&rl);
    feed(&rl, red, "X-RateLimit-Name: org\x1b[31m 5f3a9c2e7b1d4086a9e2c7b3f1d05e8a\r\n");
    ck_assert_ptr_null(strstr(rl.name, "5f3a9c2e"));
    for (const char *p = rl.name; *p; p++)
        ck_assert((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f);
    ck_assert_int_eq(strncmp(rl.name, "org?[31m ", 9), 0);
    char longname[200] = "X-RateLimit-Name: ";
    memset(longname + strlen(longname), 'n', 150);
    feed(&rl, red, longname);
    ck_assert_uint_eq(strlen(rl.name), sizeof(rl.name) - 1);
    dd_redactor_free(red);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("http_ratelimit");
    TCase *tc = tcase_create("headers");
    tcase_add_test(tc, numbers_and_name_are_read);
    tcase_add_test(tc, unreadable_reset_is_marked);
    tcase_add_test(tc, name_is_cleaned);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
