/* The demo's profiles (demo_account.c): read from the mock's keys file
 * (mock_keys.h's document), the keys' org first, then the first orgs that
 * are not disabled, five at most, named "demo-" and the org name's first
 * word (more words, then a number, when taken); a file that is missing or
 * says something else is a configuration error; the profiles become
 * configurations of site demo. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "account_configs.h"
#include "config.h"
#include "demo.h"
#include "suite_main.h"

static char dir[64], path[128];

static void setup(void)
{
    snprintf(dir, sizeof(dir), "/tmp/ddorgs-dacct-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/keys.json", dir);
    setenv("HOME", dir, 1);
    unsetenv("XDG_STATE_HOME");
    unsetenv("DDORGS_READ_ONLY");
}

static void teardown(void)
{
    char cmd[200];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

static void write_keys(const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

#define ORG(id, name, disabled) \
    "{\"id\":\"" id "\",\"name\":\"" name "\",\"api_key\":\"api-" id "\",\"app_key\":\"app-" \
    id "\",\"disabled\":" disabled "}"

static const char ACCOUNT[] =
    "{\"self_org_id\":\"o4\",\"orgs\":["
    ORG("o1", "Acme Labs", "false") ","
    ORG("o2", "Blue Sun Energy", "true") ","
    ORG("o3", "Acme Retail EU", "false") ","
    ORG("o4", "Wayne Media Sandbox", "false") ","
    ORG("o5", "Acme Labs", "false") ","
    ORG("o6", "Zorg", "false") ","
    ORG("o7", "Hooli Media", "false") "]}";

START_TEST(self_first_then_enabled_orgs_named_uniquely)
{
    write_keys(ACCOUNT);
    dd_demo d = {0};
    dd_error err;
    dd_error_init(&err);
    ck_assert_int_eq(dd_demo_read_keys(&d, path, &err), DD_OK);
    ck_assert_uint_eq(d.n_profiles, DD_DEMO_MAX_PROFILES);
    const char *want[][2] = {{"demo-wayne", "o4"},       {"demo-acme", "o1"},
                             {"demo-acme-retail", "o3"}, {"demo-acme-labs", "o5"},
                             {"demo-zorg", "o6"}};
    for (size_t i = 0; i < 5; i++) {
        ck_assert_str_eq(d.profiles[i].name, want[i][0]);
        ck_assert_str_eq(d.profiles[i].org_id, want[i][1]);
        char key[40];
        snprintf(key, sizeof(key), "api-%s", want[i][1]);
        ck_assert_str_eq(d.profiles[i].api_key, key);
        snprintf(key, sizeof(key), "app-%s", want[i][1]);
        ck_assert_str_eq(d.profiles[i].app_key, key);
    }
    /* Configurations: named as the profiles, site demo, the demo's URL. */
    snprintf(d.url, sizeof(d.url), "http://127.0.0.1:4321");
    dd_config_flags flags = {.read_only = true};
    dd_account_configs ac;
    ck_assert_int_eq(dd_demo_account_configs(&d, &flags, &ac, &err), DD_OK);
    ck_assert_uint_eq(ac.n, 5);
    ck_assert_str_eq(ac.items[0]->profile, "demo-wayne");
    ck_assert_str_eq(ac.items[3]->profile, "demo-acme-labs");
    ck_assert_str_eq(ac.items[3]->api_key, "api-o5");
    for (size_t i = 0; i < ac.n; i++) {
        ck_assert_str_eq(ac.items[i]->site, "demo");
        ck_assert_str_eq(ac.items[i]->base_url, "http://127.0.0.1:4321");
        ck_assert(ac.items[i]->read_only);
    }
    dd_account_configs_free(&ac);
    /* Stopping the demo wipes the profiles' keys with the rest. */
    dd_demo_stop(&d);
    ck_assert_uint_eq(d.n_profiles, 0);
    ck_assert_str_eq(d.profiles[0].api_key, "");
    ck_assert_str_eq(d.profiles[4].app_key, "");
    dd_error_clear(&err);
}
END_TEST

/* Fewer orgs than profiles: every org that is not disabled. */
START_TEST(small_account)
{
    write_keys("{\"self_org_id\":\"s\",\"orgs\":[" ORG("d", "Off", "true") ","
               ORG("s", "Self Org", "false") "," ORG("t", "Tee", "false") "]}");
    dd_demo d = {0};
    dd_error err;
    dd_error_init(&err);
    ck_assert_int_eq(dd_demo_read_keys(&d, path, &err), DD_OK);
    ck_assert_uint_eq(d.n_profiles, 2);
    ck_assert_str_eq(d.profiles[0].name, "demo-self");
    ck_assert_str_eq(d.profiles[1].name, "demo-tee");
    dd_demo_stop(&d);
    dd_error_clear(&err);
}
END_TEST

/* A missing file, one that is not JSON, one without the self org or its
 * keys: a configuration error naming the file, and no profile. */
START_TEST(bad_files_are_config_errors)
{
    const char *bad[] = {
        NULL,
        "not json",
        "{\"orgs\":[]}",
        "{\"self_org_id\":\"x\",\"orgs\":[" ORG("y", "Why", "false") "]}",
        "{\"self_org_id\":\"x\",\"orgs\":[{\"id\":\"x\",\"name\":\"Ex\",\"api_key\":\"k\"}]}",
        "{\"self_org_id\":\"x\",\"orgs\":[{\"id\":\"x\",\"name\":\"Ex\",\"api_key\":"
        "\"0123456789012345678901234567890123456789012345678901234567890123456789\","
        "\"app_key\":\"k\"}]}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        unlink(path);
        if (bad[i])
            write_keys(bad[i]);
        dd_demo d = {0};
        dd_error err;
        dd_error_init(&err);
        ck_assert_int_eq(dd_demo_read_keys(&d, path, &err), DD_E_CONFIG);
        ck_assert_msg(strstr(err.text, path), "case %zu: %s", i, err.text);
        ck_assert_uint_eq(d.n_profiles, 0);
        ck_assert_str_eq(d.profiles[0].api_key, "");
        dd_account_configs ac;
        dd_error_clear(&err);
        ck_assert_int_eq(dd_demo_account_configs(&d, NULL, &ac, &err), DD_E_CONFIG);
        ck_assert_uint_eq(ac.n, 0);
        dd_error_clear(&err);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("demo_account");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, self_first_then_enabled_orgs_named_uniquely);
    tcase_add_test(tc, small_account);
    tcase_add_test(tc, bad_files_are_config_errors);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
