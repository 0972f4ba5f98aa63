/* The process-wide set of secrets (secrets.h): a key added once is
 * redacted from every text, whatever redactor the caller holds (another
 * profile's, or none), until the set is emptied; adding while other
 * threads redact is safe. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_json.h"
#include "redact.h"
#include "secrets.h"
#include "suite_main.h"

/* Two profiles' keys: the current one's and the one loaded before. */
#define CUR_API "00112233445566778899aabbccddeeff"
#define OLD_API "5f3a9c2e7b1d4086a9e2c7b3f1d05e8a"
#define OLD_APP "9c4e2a7f1b3d5e6a8c0b2d4f6e8a0c1e3b5d7f9a"

static void teardown(void)
{
    dd_secrets_clear();
}

static char *redacted(const dd_redactor *r, const char *s)
{
    char *out = dd_redact(r, s, strlen(s), DD_REDACT_ALL);
    ck_assert_ptr_nonnull(out);
    return out;
}

START_TEST(a_key_of_another_profile_is_redacted)
{
    const char *cur[] = { CUR_API };
    dd_redactor *r = dd_redactor_new(cur, 1);
    ck_assert_ptr_nonnull(r);
    const char *text = "keys seen by this proxy: " OLD_API " " OLD_APP " " CUR_API;
    /* Before the old profile's keys are added, only the current is known. */
    char *out = redacted(r, text);
    ck_assert_ptr_nonnull(strstr(out, OLD_API));
    free(out);

    ck_assert_int_eq(dd_secrets_add(OLD_API), 0);
    ck_assert_int_eq(dd_secrets_add(OLD_APP), 0);
    ck_assert_int_eq(dd_secrets_add(OLD_APP), 0);
    ck_assert_int_eq(dd_secrets_add("short"), 0);
    ck_assert_int_eq(dd_secrets_add(NULL), 0);
    ck_assert_uint_eq(dd_secrets_count(), 2);
    out = redacted(r, text);
    ck_assert_str_eq(out, "keys seen by this proxy: <redacted> <redacted> <redacted>");
    free(out);
    /* No redactor of its own: the set still applies, in any form. */
    out = redacted(NULL, "a piece %35%66%33%61%39%63%32%65 and F1D05E8A, 9C4E2A7F1");
    ck_assert_str_eq(out, "a piece <redacted> and <redacted>, <redacted>");
    free(out);
    ck_assert(dd_redact_finds(NULL, OLD_APP + 20, 8));

    /* Through the error parser, as a proxy's answer. */
    const char *body = "{\"errors\":[\"bad key " OLD_API "\"]}";
    dd_error err;
    dd_error_init(&err);
    dd_parse_error_body(400, body, strlen(body), r, &err);
    ck_assert_ptr_null(strstr(err.text, OLD_API));
    ck_assert_ptr_nonnull(strstr(err.text, "bad key <redacted>"));
    dd_error_clear(&err);

    dd_secrets_clear();
    ck_assert_uint_eq(dd_secrets_count(), 0);
    out = redacted(NULL, text);
    ck_assert_str_eq(out, text);
    free(out);
    dd_redactor_free(r);
}
END_TEST

/* Threads redact while keys are added: each key, once added, is never
 * seen again, and TSan sees no race. */
#define THREADS 4
#define ROUNDS 300

static char thread_keys[ROUNDS][33];

static void *redact_loop(void *arg)
{
    (void)arg;
    long bad = 0;
    for (int i = 0; i < ROUNDS; i++) {
        /* Once the count says key i is in, it must be redacted. */
        size_t n = dd_secrets_count();
        for (size_t k = 0; k < n && k < ROUNDS; k += 37) {
            char *out = dd_redact(NULL, thread_keys[k], 32, DD_REDACT_ALL);
            if (!out || strcmp(out, DD_REDACT_MARK) != 0)
                bad++;
            free(out);
        }
    }
    return (void *)bad;
}

START_TEST(adding_while_other_threads_redact)
{
    for (int i = 0; i < ROUNDS; i++)
        snprintf(thread_keys[i], sizeof(thread_keys[i]), "%08x%08xfeedc0de%08x",
                 (unsigned)(i * 2654435761u), (unsigned)(i * 40503u + 7), (unsigned)i);
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, redact_loop, NULL), 0);
    for (int i = 0; i < ROUNDS; i++)
        ck_assert_int_eq(dd_secrets_add(thread_keys[i]), 0);
    long bad = 0;
    for (int i = 0; i < THREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        bad += (long)r;
    }
    ck_assert_int_eq(bad, 0);
    ck_assert_uint_eq(dd_secrets_count(), ROUNDS);
}
END_TEST

static Suite *secrets_suite(void)
{
    Suite *s = suite_create("secrets");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, a_key_of_another_profile_is_redacted);
    tcase_add_test(tc, adding_while_other_threads_redact);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return dd_run_suite(secrets_suite());
}
