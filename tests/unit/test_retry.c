/* The retry policy, decision by decision. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "retry.h"
#include "suite_main.h"

static dd_ratelimit rl_with_reset(long reset)
{
    dd_ratelimit rl = { .present = true, .limit = 10, .period = 60, .remaining = 0,
                        .reset = reset };
    return rl;
}

static const dd_ratelimit rl_absent = { .present = false, .limit = -1, .period = -1,
                                        .remaining = -1, .reset = -1 };

START_TEST(rate_limited_post_waits_for_reset)
{
    dd_ratelimit rl = rl_with_reset(7);
    dd_retry_decision d = dd_retry_decide(DD_RETRY_WRITE, 0, DD_OK, 429, &rl, 60);
    ck_assert(d.retry);
    ck_assert_int_eq(d.wait_ms, 7000);
}
END_TEST

START_TEST(rate_limited_every_method_retries)
{
    dd_ratelimit rl = rl_with_reset(1);
    for (size_t i = 0; i < DD_OP_COUNT; i++) {
        dd_retry_decision d = dd_retry_decide(dd_ops[i].retry, 1, DD_OK, 429, &rl, 60);
        ck_assert_msg(d.retry, "%s not retried on 429", dd_ops[i].method);
        ck_assert_int_eq(d.wait_ms, 1000);
    }
}
END_TEST

START_TEST(rate_limit_wait_is_capped)
{
    dd_ratelimit rl = rl_with_reset(3600);
    rl.period = 7200; /* an hour's reset is plausible in a two-hour window */
    dd_retry_decision d = dd_retry_decide(DD_RETRY_READ, 0, DD_OK, 429, &rl, 60);
    ck_assert(d.retry);
    ck_assert_int_eq(d.wait_ms, 60000);
}
END_TEST

START_TEST(rate_limit_zero_cap_does_not_wait)
{
    dd_ratelimit rl = rl_with_reset(5);
    dd_retry_decision d = dd_retry_decide(DD_RETRY_READ, 0, DD_OK, 429, &rl, 0);
    ck_assert(!d.retry);
}
END_TEST

/* "Reset: 0" would spend every try at once: each wait is 1 s at least. */
START_TEST(rate_limit_zero_reset_waits_one_second)
{
    dd_ratelimit rl = rl_with_reset(0);
    for (int attempt = 0; attempt < 2; attempt++) {
        dd_retry_decision d = dd_retry_decide(DD_RETRY_WRITE, attempt, DD_OK, 429, &rl, 60);
        ck_assert(d.retry);
        ck_assert_int_eq(d.wait_ms, 1000);
        ck_assert(!d.reset_implausible);
    }
}
END_TEST

/* A reset shaped like a Unix time, or longer than the window, is not
 * waited out: the backoff is, and the decision says why. */
START_TEST(implausible_reset_uses_the_backoff)
{
    const struct { long reset, period; const char *note; } cases[] = {
        { 1700000000L, 60, "its reset (1700000000 s) is implausible (a Unix time, not a number "
                           "of seconds), so the backoff is used" },
        { 1700000000000L, -1, "its reset (1700000000000 s) is implausible (a Unix time, not a "
                              "number of seconds), so the backoff is used" },
        { 1000000000L, -1, "its reset (1000000000 s) is implausible (a Unix time, not a number "
                           "of seconds), so the backoff is used" },
        { 61, 60, "its reset (61 s) is implausible (longer than its 60 s window), so the "
                  "backoff is used" },
        /* No window, or a zero one: longer than two days is no rate limit. */
        { 999999999L, -1, "its reset (999999999 s) is implausible (longer than two days, more "
                          "than any rate-limit window), so the backoff is used" },
        { 999999999L, 0, "its reset (999999999 s) is implausible (longer than two days, more "
                         "than any rate-limit window), so the backoff is used" },
        { 172801, -1, "its reset (172801 s) is implausible (longer than two days, more than "
                      "any rate-limit window), so the backoff is used" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        dd_ratelimit rl = rl_with_reset(cases[i].reset);
        rl.period = cases[i].period;
        ck_assert_int_eq(dd_retry_reset_s(&rl), -1);
        for (int attempt = 0; attempt < 2; attempt++) {
            dd_retry_decision d = dd_retry_decide(DD_RETRY_WRITE, attempt, DD_OK, 429, &rl, 60);
            ck_assert(d.retry);
            ck_assert(d.reset_implausible);
            ck_assert_int_eq(d.wait_ms, attempt ? 4000 : 2000);
            char note[200];
            dd_retry_reset_note(&d, note, sizeof(note));
            ck_assert_str_eq(note, cases[i].note);
            /* The same rule, without its last words, for the final error. */
            char why[200];
            dd_retry_reset_why(&rl, why, sizeof(why));
            ck_assert_int_eq(strncmp(note, why, strlen(why)), 0);
            ck_assert_str_eq(note + strlen(why), ", so the backoff is used");
        }
    }
    /* Plausible: within the window, or no window given and not a time. */
    const long ok[][2] = { { 60, 60 }, { 0, 60 }, { 172800, -1 }, { 30, 0 }, { 172800, 0 } };
    for (size_t i = 0; i < 5; i++) {
        dd_ratelimit rl = rl_with_reset(ok[i][0]);
        rl.period = ok[i][1];
        ck_assert_int_eq(dd_retry_reset_s(&rl), ok[i][0]);
        dd_retry_decision d = dd_retry_decide(DD_RETRY_READ, 0, DD_OK, 429, &rl, 60);
        ck_assert(!d.reset_implausible);
        char note[200];
        dd_retry_reset_note(&d, note, sizeof(note));
        ck_assert_str_eq(note, "");
        dd_retry_reset_why(&rl, note, sizeof(note));
        ck_assert_str_eq(note, "");
    }
    ck_assert_int_eq(dd_retry_reset_s(&rl_absent), -1);
    ck_assert_int_eq(dd_retry_reset_s(NULL), -1);
    dd_ratelimit negative = rl_with_reset(-1);
    ck_assert_int_eq(dd_retry_reset_s(&negative), -1);
}
END_TEST

/* A reset header that is no number of seconds ("soon", "-5", "1.5") is
 * said, not taken for an absent one: the backoff is used and the note says
 * why before the wait. */
START_TEST(unreadable_reset_is_said)
{
    dd_ratelimit rl = rl_with_reset(-1);
    rl.reset_unreadable = true;
    ck_assert_int_eq(dd_retry_reset_s(&rl), -1);
    for (int attempt = 0; attempt < 2; attempt++) {
        dd_retry_decision d = dd_retry_decide(DD_RETRY_READ, attempt, DD_OK, 429, &rl, 60);
        ck_assert(d.retry);
        ck_assert(d.reset_implausible);
        ck_assert_int_eq(d.wait_ms, attempt ? 4000 : 2000);
        char note[200];
        dd_retry_reset_note(&d, note, sizeof(note));
        ck_assert_str_eq(note, "its reset could not be read as a number of seconds, so the "
                               "backoff is used");
    }
    char why[200];
    dd_retry_reset_why(&rl, why, sizeof(why));
    ck_assert_str_eq(why, "its reset could not be read as a number of seconds");
    dd_retry_reset_why(&rl_absent, why, sizeof(why));
    ck_assert_str_eq(why, "");
    dd_retry_reset_why(NULL, why, sizeof(why));
    ck_assert_str_eq(why, "");
}
END_TEST

/* Whatever the cap and the backoff, no wait is under a second. */
START_TEST(every_wait_is_a_second_at_least)
{
    const long resets[] = { 0, 1, 2, 59, 1700000000L, -1 };
    for (size_t i = 0; i < 6; i++) {
        dd_ratelimit rl = resets[i] < 0 ? rl_absent : rl_with_reset(resets[i]);
        for (long cap = 1; cap <= 61; cap += 30) {
            for (int attempt = 0; attempt < 2; attempt++) {
                dd_retry_decision d = dd_retry_decide(DD_RETRY_READ, attempt, DD_OK, 429, &rl, cap);
                ck_assert(d.retry);
                ck_assert_int_ge(d.wait_ms, 1000);
                ck_assert_int_le(d.wait_ms, cap * 1000);
            }
        }
    }
}
END_TEST

START_TEST(rate_limit_without_reset_backs_off)
{
    dd_retry_decision d0 = dd_retry_decide(DD_RETRY_WRITE, 0, DD_OK, 429, &rl_absent, 60);
    dd_retry_decision d1 = dd_retry_decide(DD_RETRY_WRITE, 1, DD_OK, 429, &rl_absent, 60);
    ck_assert(d0.retry && d1.retry);
    ck_assert_int_eq(d0.wait_ms, 2000);
    ck_assert_int_eq(d1.wait_ms, 4000);
    /* A NULL ratelimit is the same as none seen. */
    dd_retry_decision dn = dd_retry_decide(DD_RETRY_WRITE, 0, DD_OK, 429, NULL, 60);
    ck_assert(dn.retry);
    ck_assert_int_eq(dn.wait_ms, 2000);
}
END_TEST

START_TEST(rate_limit_backoff_is_capped_too)
{
    dd_retry_decision d = dd_retry_decide(DD_RETRY_READ, 1, DD_OK, 429, &rl_absent, 3);
    ck_assert(d.retry);
    ck_assert_int_eq(d.wait_ms, 3000);
}
END_TEST

START_TEST(get_retries_transient_failures_with_backoff)
{
    const dd_status transports[] = { DD_OK, DD_OK, DD_OK, DD_E_TIMEOUT, DD_E_NETWORK };
    const long statuses[] = { 500, 502, 503, 0, 0 };
    for (size_t i = 0; i < 5; i++) {
        dd_retry_decision d0 = dd_retry_decide(DD_RETRY_READ, 0, transports[i], statuses[i],
                                               &rl_absent, 60);
        dd_retry_decision d1 = dd_retry_decide(DD_RETRY_READ, 1, transports[i], statuses[i],
                                               &rl_absent, 60);
        ck_assert_msg(d0.retry && d1.retry, "case %zu not retried", i);
        ck_assert_int_eq(d0.wait_ms, 2000);
        ck_assert_int_eq(d1.wait_ms, 4000);
    }
}
END_TEST

START_TEST(writes_never_retried_on_transient_failures)
{
    const dd_status transports[] = { DD_OK, DD_OK, DD_E_TIMEOUT, DD_E_NETWORK };
    const long statuses[] = { 500, 503, 0, 0 };
    for (size_t m = 0; m < DD_OP_COUNT; m++) {
        if (strcmp(dd_ops[m].method, "GET") == 0)
            continue;
        for (size_t i = 0; i < 4; i++) {
            dd_retry_decision d = dd_retry_decide(dd_ops[m].retry, 0, transports[i], statuses[i],
                                                  &rl_absent, 60);
            ck_assert_msg(!d.retry, "%s case %zu retried", dd_ops[m].method, i);
        }
    }
}
END_TEST

START_TEST(three_tries_at_most)
{
    dd_ratelimit rl = rl_with_reset(1);
    ck_assert(!dd_retry_decide(DD_RETRY_READ, 2, DD_OK, 429, &rl, 60).retry);
    ck_assert(!dd_retry_decide(DD_RETRY_READ, 2, DD_OK, 500, &rl_absent, 60).retry);
    ck_assert(!dd_retry_decide(DD_RETRY_READ, 2, DD_E_TIMEOUT, 0, &rl_absent, 60).retry);
    ck_assert(!dd_retry_decide(DD_RETRY_READ, 5, DD_E_NETWORK, 0, &rl_absent, 60).retry);
    ck_assert_int_eq(DD_RETRY_MAX_TRIES, 3);
}
END_TEST

START_TEST(final_answers_and_local_failures_not_retried)
{
    const long statuses[] = { 200, 204, 400, 401, 403, 404, 409 };
    for (size_t i = 0; i < 7; i++)
        ck_assert_msg(!dd_retry_decide(DD_RETRY_READ, 0, DD_OK, statuses[i], &rl_absent, 60).retry,
                      "status %ld retried", statuses[i]);
    const dd_status local[] = { DD_E_CANCELLED, DD_E_TOO_LARGE, DD_E_PROTOCOL, DD_E_USAGE,
                                DD_E_NOMEM, DD_E_CONFIG };
    for (size_t i = 0; i < 6; i++)
        ck_assert_msg(!dd_retry_decide(DD_RETRY_READ, 0, local[i], 0, &rl_absent, 60).retry,
                      "%s retried", dd_status_name(local[i]));
}
END_TEST

/* The other side of not retrying a write: whether a failed one may have
 * been applied, so it must be checked rather than repeated. */
START_TEST(failed_write_maybe_applied)
{
    const struct { dd_status code; long http; bool not_sent; bool want; } cases[] = {
        {DD_E_TIMEOUT, 0, false, true},   {DD_E_NETWORK, 0, false, true},
        {DD_E_NETWORK, 0, true, false},   {DD_E_TIMEOUT, 0, true, false},
        {DD_E_CANCELLED, 0, false, true}, {DD_E_CANCELLED, 0, true, false},
        {DD_E_PROTOCOL, 200, false, true}, {DD_E_TOO_LARGE, 0, false, true},
        {DD_E_HTTP, 500, false, true},    {DD_E_HTTP, 503, false, true},
        {DD_E_HTTP, 409, false, false},   {DD_E_HTTP, 429, false, false},
        {DD_E_HTTP, 302, false, false},   {DD_E_READ_ONLY, 0, true, false},
        {DD_E_CONFIG, 0, false, false},   {DD_E_IO, 0, true, false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        dd_error e;
        dd_error_init(&e);
        dd_error_set(&e, cases[i].code, "x");
        e.http_status = cases[i].http;
        e.not_sent = cases[i].not_sent;
        ck_assert_msg(dd_error_write_maybe_applied(&e) == cases[i].want, "case %zu", i);
    }
}
END_TEST

static Suite *retry_suite(void)
{
    Suite *s = suite_create("retry");
    TCase *tc = tcase_create("policy");
    tcase_add_test(tc, rate_limited_post_waits_for_reset);
    tcase_add_test(tc, rate_limited_every_method_retries);
    tcase_add_test(tc, rate_limit_wait_is_capped);
    tcase_add_test(tc, rate_limit_zero_cap_does_not_wait);
    tcase_add_test(tc, rate_limit_zero_reset_waits_one_second);
    tcase_add_test(tc, implausible_reset_uses_the_backoff);
    tcase_add_test(tc, unreadable_reset_is_said);
    tcase_add_test(tc, every_wait_is_a_second_at_least);
    tcase_add_test(tc, rate_limit_without_reset_backs_off);
    tcase_add_test(tc, rate_limit_backoff_is_capped_too);
    tcase_add_test(tc, get_retries_transient_failures_with_backoff);
    tcase_add_test(tc, writes_never_retried_on_transient_failures);
    tcase_add_test(tc, three_tries_at_most);
    tcase_add_test(tc, final_answers_and_local_failures_not_retried);
    tcase_add_test(tc, failed_write_maybe_applied);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return dd_run_suite(retry_suite());
}
