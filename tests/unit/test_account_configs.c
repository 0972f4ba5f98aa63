/* The account view's configurations (account_configs.h): every profile of
 * the config file read as --profile would read it, a profile that cannot
 * be read named and the others kept, a file without profiles refused,
 * and copies that share nothing with their source and wipe their keys
 * when freed.
 *
 * Linked with -Wl,--wrap=free: free() of a watched block records whether
 * its bytes were all zero, so that wiping is checked at the moment of
 * freeing, without reading freed memory. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "account.h"
#include "account_configs.h"
#include "config.h"
#include "suite_main.h"

/* ---- Watching free() ------------------------------------------------------ */

#define MAX_WATCH 4
static const void *watch_ptr[MAX_WATCH];
static size_t watch_len[MAX_WATCH];
static bool watch_freed[MAX_WATCH], watch_zero[MAX_WATCH];
static size_t n_watch;

void __real_free(void *p);
void __wrap_free(void *p);

void __wrap_free(void *p)
{
    for (size_t i = 0; p && i < n_watch; i++) {
        if (watch_ptr[i] != p)
            continue;
        const unsigned char *b = p;
        bool zero = true;
        for (size_t k = 0; k < watch_len[i]; k++)
            zero = zero && b[k] == 0;
        watch_freed[i] = true;
        watch_zero[i] = zero;
        /* The first free only: the address may be handed out again. */
        watch_ptr[i] = NULL;
    }
    __real_free(p);
}

static void watch(const char *s)
{
    ck_assert_uint_lt(n_watch, MAX_WATCH);
    watch_ptr[n_watch] = s;
    watch_len[n_watch] = strlen(s);
    watch_freed[n_watch] = watch_zero[n_watch] = false;
    n_watch++;
}

/* ---- A private HOME with a config file ------------------------------------- */

static char home[256];

static void setup(void)
{
    snprintf(home, sizeof(home), "/tmp/ddorgs-acfg-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(home));
    setenv("HOME", home, 1);
    const char *vars[] = {"XDG_CONFIG_HOME", "XDG_STATE_HOME", "DD_SITE", "DD_API_KEY",
                          "DD_APP_KEY", "DDORGS_PROFILE", "DDORGS_READ_ONLY"};
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
        unsetenv(vars[i]);
    n_watch = 0;
}

static void teardown(void)
{
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", home);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", home);
}

static void write_config(const char *text)
{
    char path[400];
    snprintf(path, sizeof(path), "%s/.config", home);
    mkdir(path, 0700);
    snprintf(path, sizeof(path), "%s/.config/ddorgs", home);
    mkdir(path, 0700);
    snprintf(path, sizeof(path), "%s/.config/ddorgs/config", home);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    ck_assert_int_eq(chmod(path, 0600), 0);
}

/* What on_skip was told. */
typedef struct skips {
    char names[8][32];
    size_t positions[8];
    dd_status codes[8];
    size_t n;
} skips;

static void on_skip(const char *profile, size_t position, const dd_error *why, void *ud)
{
    skips *s = ud;
    ck_assert_uint_lt(s->n, 8);
    ck_assert_str_ne(why->text, "");
    snprintf(s->names[s->n], sizeof(s->names[s->n]), "%s", profile);
    s->positions[s->n] = position;
    s->codes[s->n] = why->code;
    s->n++;
}

static const char three[] =
    "# three profiles\n"
    "[profile prod]\n"
    "site = datadoghq.eu\n"
    "api_key = prod-api-key-00000000000000000001\n"
    "app_key = prod-app-key-00000000000000000001\n"
    "[profile staging]\n"
    "api_key = staging-api-key-000000000000000002\n"
    "app_key = staging-app-key-000000000000000002\n"
    "read_only = yes\n"
    "[profile eu.audit_2]\n"
    "site = us5.datadoghq.com\n"
    "api_key = audit-api-key-0000000000000000003\n"
    "app_key = audit-app-key-0000000000000000003\n";

/* Every [profile NAME], in the file's order, each with its own site and
 * keys; --read-only reaches each. */
START_TEST(every_profile_read)
{
    write_config(three);
    dd_account_configs ac;
    dd_error err;
    dd_error_init(&err);
    ck_assert_int_eq(dd_account_configs_from_file(NULL, false, true, &ac, &err), DD_OK);
    ck_assert_uint_eq(ac.n, 3);
    ck_assert_ptr_null(ac.notes);
    ck_assert_str_eq(ac.items[0]->profile, "prod");
    ck_assert_str_eq(ac.items[0]->site, "datadoghq.eu");
    ck_assert_str_eq(ac.items[0]->base_url, "https://api.datadoghq.eu");
    ck_assert_str_eq(ac.items[0]->api_key, "prod-api-key-00000000000000000001");
    ck_assert(!ac.items[0]->read_only);
    ck_assert_str_eq(ac.items[1]->profile, "staging");
    ck_assert_str_eq(ac.items[1]->app_key, "staging-app-key-000000000000000002");
    ck_assert(ac.items[1]->read_only);
    ck_assert_str_eq(ac.items[2]->profile, "eu.audit_2");
    ck_assert_str_eq(ac.items[2]->base_url, "https://api.us5.datadoghq.com");
    dd_account_configs_free(&ac);
    ck_assert_uint_eq(ac.n, 0);
    ck_assert_ptr_null(ac.items);

    /* --api-url and --read-only as given, for every profile. */
    ck_assert_int_eq(dd_account_configs_from_file("http://127.0.0.1:9", true, true, &ac, &err),
                     DD_OK);
    ck_assert_uint_eq(ac.n, 3);
    for (size_t i = 0; i < ac.n; i++) {
        ck_assert_str_eq(ac.items[i]->base_url, "http://127.0.0.1:9");
        ck_assert(ac.items[i]->allow_http);
        ck_assert(ac.items[i]->read_only);
    }
    dd_account_configs_free(&ac);
    dd_error_clear(&err);
}
END_TEST

/* A profile that cannot be read (an unknown site, no keys) is left out and
 * named with its reason, in notes and to on_skip; the others are read. */
START_TEST(bad_profile_named_rest_kept)
{
    write_config("[profile a]\n"
                 "api_key = a-api-key-0000000000000000000001\n"
                 "app_key = a-app-key-0000000000000000000001\n"
                 "[profile nosite]\n"
                 "site = nowhere.invalid\n"
                 "api_key = n-api-key-0000000000000000000002\n"
                 "app_key = n-app-key-0000000000000000000002\n"
                 "[profile b]\n"
                 "api_key = b-api-key-0000000000000000000003\n"
                 "app_key = b-app-key-0000000000000000000003\n"
                 "[profile nokeys]\n"
                 "site = datadoghq.eu\n");
    dd_account_configs ac;
    dd_error err;
    dd_error_init(&err);
    skips s = {0};
    ck_assert_int_eq(dd_account_configs_read(NULL, false, true, on_skip, &s, &ac, &err), DD_OK);
    ck_assert_uint_eq(ac.n, 2);
    ck_assert_str_eq(ac.items[0]->profile, "a");
    ck_assert_str_eq(ac.items[1]->profile, "b");
    ck_assert_ptr_nonnull(ac.notes);
    ck_assert_msg(strncmp(ac.notes, "profile nosite: ", 16) == 0, "notes: %s", ac.notes);
    ck_assert_msg(strstr(ac.notes, "nowhere.invalid"), "notes: %s", ac.notes);
    ck_assert_msg(strstr(ac.notes, "; profile nokeys: "), "notes: %s", ac.notes);
    /* No key of any profile in what is said about them. */
    ck_assert_ptr_null(strstr(ac.notes, "key-000"));
    ck_assert_uint_eq(s.n, 2);
    ck_assert_str_eq(s.names[0], "nosite");
    ck_assert_uint_eq(s.positions[0], 1);
    ck_assert_int_eq(s.codes[0], DD_E_CONFIG);
    ck_assert_str_eq(s.names[1], "nokeys");
    ck_assert_uint_eq(s.positions[1], 3);
    ck_assert_uint_eq(ac.n_skipped, 2);
    /* Each named once, even when the reason names the profile itself. */
    dd_account_configs_free(&ac);
    ck_assert_ptr_null(ac.notes);
    dd_error_clear(&err);
}
END_TEST

/* A reason that names the profile itself (a failing key command's) is not
 * prefixed with its name a second time. */
START_TEST(a_profile_is_named_once)
{
    write_config("[profile ok]\n"
                 "api_key = 0123456789abcdef0123456789abcdef\n"
                 "app_key = 0123456789abcdef0123456789abcdef01234567\n"
                 "[profile cmd]\n"
                 "api_key_command = exit 3\n"
                 "app_key = 0123456789abcdef0123456789abcdef01234567\n");
    dd_account_configs ac;
    dd_error err;
    dd_error_init(&err);
    ck_assert_int_eq(dd_account_configs_from_file(NULL, false, true, &ac, &err), DD_OK);
    ck_assert_uint_eq(ac.n, 1);
    ck_assert_uint_eq(ac.n_skipped, 1);
    ck_assert_ptr_nonnull(ac.notes);
    ck_assert_msg(strncmp(ac.notes, "profile cmd: ", 13) == 0, "notes: %s", ac.notes);
    ck_assert_msg(!strstr(ac.notes, "profile cmd: profile cmd"), "notes: %s", ac.notes);
    dd_account_configs_free(&ac);
    dd_error_clear(&err);
}
END_TEST

/* More profiles than a view loads: the first DD_ACCOUNT_MAX_PROFILES are
 * read, the rest named as left out (unread, not a refusal of them all). */
START_TEST(past_the_limit_the_rest_are_named)
{
    size_t total = DD_ACCOUNT_MAX_PROFILES + 6;
    size_t cap = total * 160 + 1;
    char *text = malloc(cap);
    ck_assert_ptr_nonnull(text);
    size_t len = 0;
    for (size_t i = 0; i < total; i++)
        len += (size_t)snprintf(text + len, cap - len,
                                "[profile p%02zu]\napi_key = %032zx\napp_key = %040zx\n", i + 1,
                                i + 1, i + 1);
    write_config(text);
    free(text);
    dd_account_configs ac;
    dd_error err;
    dd_error_init(&err);
    skips s = {0};
    ck_assert_int_eq(dd_account_configs_read(NULL, false, true, on_skip, &s, &ac, &err), DD_OK);
    ck_assert_uint_eq(ac.n, DD_ACCOUNT_MAX_PROFILES);
    ck_assert_str_eq(ac.items[0]->profile, "p01");
    ck_assert_str_eq(ac.items[DD_ACCOUNT_MAX_PROFILES - 1]->profile, "p64");
    ck_assert_uint_eq(ac.n_skipped, 6);
    ck_assert_uint_eq(s.n, 6);
    ck_assert_str_eq(s.names[0], "p65");
    ck_assert_uint_eq(s.positions[0], DD_ACCOUNT_MAX_PROFILES);
    ck_assert_str_eq(s.names[5], "p70");
    ck_assert_ptr_nonnull(ac.notes);
    /* One note names them all, in the file's order. */
    ck_assert_str_eq(ac.notes, "profiles left out, as at most 64 profiles are loaded at once: "
                               "p65, p66, p67, p68, p69, p70");
    dd_account_configs_free(&ac);
    dd_error_clear(&err);
}
END_TEST

/* None readable: DD_E_CONFIG naming each, nothing returned. */
START_TEST(no_profile_readable)
{
    write_config("[profile x]\nsite = datadoghq.eu\n[profile y]\nsite = bad.invalid\n");
    dd_account_configs ac;
    dd_error err;
    dd_error_init(&err);
    skips s = {0};
    ck_assert_int_eq(dd_account_configs_read(NULL, false, true, on_skip, &s, &ac, &err),
                     DD_E_CONFIG);
    ck_assert_uint_eq(ac.n, 0);
    ck_assert_ptr_null(ac.items);
    ck_assert_ptr_null(ac.notes);
    ck_assert_msg(strstr(err.text, "no profile of the config file could be read"), "%s",
                  err.text);
    ck_assert_msg(strstr(err.text, "profile x: ") && strstr(err.text, "profile y: "), "%s",
                  err.text);
    ck_assert_uint_eq(s.n, 2);
    dd_error_clear(&err);
}
END_TEST

/* No file at all, and a file of comments: no profiles, said so. */
START_TEST(no_profiles)
{
    dd_account_configs ac;
    dd_error err;
    dd_error_init(&err);
    ck_assert_int_eq(dd_account_configs_from_file(NULL, false, true, &ac, &err), DD_E_CONFIG);
    ck_assert_msg(strstr(err.text, "holds no profiles"), "%s", err.text);
    ck_assert_uint_eq(ac.n, 0);
    dd_error_clear(&err);
    write_config("# nothing yet\n");
    ck_assert_int_eq(dd_account_configs_from_file(NULL, false, true, &ac, &err), DD_E_CONFIG);
    ck_assert_msg(strstr(err.text, "holds no profiles"), "%s", err.text);
    ck_assert_ptr_null(ac.items);
    dd_error_clear(&err);
}
END_TEST

/* A copy holds strings of its own (the source may be freed first) and its
 * keys are zero when their memory is freed. */
START_TEST(copy_is_deep_and_keys_wiped)
{
    write_config(three);
    dd_account_configs src, dst;
    dd_error err;
    dd_error_init(&err);
    ck_assert_int_eq(dd_account_configs_from_file(NULL, false, true, &src, &err), DD_OK);
    ck_assert_int_eq(dd_account_configs_copy(&dst, &src), 0);
    ck_assert_uint_eq(dst.n, src.n);
    for (size_t i = 0; i < src.n; i++) {
        ck_assert_ptr_ne(dst.items[i], src.items[i]);
        ck_assert_ptr_ne(dst.items[i]->api_key, src.items[i]->api_key);
        ck_assert_ptr_ne(dst.items[i]->profile, src.items[i]->profile);
        ck_assert_str_eq(dst.items[i]->api_key, src.items[i]->api_key);
        ck_assert_str_eq(dst.items[i]->base_url, src.items[i]->base_url);
        ck_assert_int_eq(dst.items[i]->read_only, src.items[i]->read_only);
    }
    /* The source goes first; its keys are wiped as they are freed. */
    watch(src.items[0]->api_key);
    watch(src.items[2]->app_key);
    dd_account_configs_free(&src);
    ck_assert(watch_freed[0] && watch_zero[0]);
    ck_assert(watch_freed[1] && watch_zero[1]);
    ck_assert_str_eq(dst.items[0]->api_key, "prod-api-key-00000000000000000001");
    ck_assert_str_eq(dst.items[2]->app_key, "audit-app-key-0000000000000000003");
    ck_assert_str_eq(dst.items[1]->profile, "staging");

    /* One added by hand (the demo's way) is copied and wiped alike. */
    dd_config c = {.profile = "demo-acme", .site = "demo", .base_url = "http://127.0.0.1:1",
                   .allow_http = true, .api_key = "hand-api-key-0000000000000000004",
                   .app_key = "hand-app-key-0000000000000000004", .read_only = true};
    ck_assert_int_eq(dd_account_configs_add(&dst, &c), 0);
    ck_assert_uint_eq(dst.n, 4);
    ck_assert_ptr_ne(dst.items[3]->api_key, c.api_key);
    ck_assert_str_eq(dst.items[3]->api_key, c.api_key);
    ck_assert(dst.items[3]->read_only && dst.items[3]->allow_http);
    watch(dst.items[3]->api_key);
    watch(dst.items[3]->app_key);
    dd_account_configs_free(&dst);
    ck_assert(watch_freed[2] && watch_zero[2]);
    ck_assert(watch_freed[3] && watch_zero[3]);
    ck_assert_uint_eq(dst.n, 0);
    dd_error_clear(&err);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("account_configs");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, every_profile_read);
    tcase_add_test(tc, bad_profile_named_rest_kept);
    tcase_add_test(tc, past_the_limit_the_rest_are_named);
    tcase_add_test(tc, a_profile_is_named_once);
    tcase_add_test(tc, no_profile_readable);
    tcase_add_test(tc, no_profiles);
    tcase_add_test(tc, copy_is_deep_and_keys_wiped);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
