/* Request bodies compared byte for byte with the API reference's examples
 * (compact form, keys in the documented order). */
#include <check.h>
#include <stdlib.h>

#include "api_json.h"
#include "suite_main.h"

#define CONN_ID "f9ec96b0-8c8a-4b0a-9b0a-1b2c3d4e5f6a"
#define ORG_UUID "abcdef01-2345-6789-abcd-ef0123456789"

static void body_is(char *got, const char *want)
{
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, want);
    free(got);
}

START_TEST(create_matches_example)
{
    /* The documented example also carries "name":"Example Org" in
     * sink_org.data; ddorgs knows only the id and leaves the name out. */
    const char *types[] = { "logs" };
    body_is(dd_body_create_connection(CONN_ID, types, 1),
            "{\"data\":{\"attributes\":{\"connection_types\":[\"logs\"]},"
            "\"relationships\":{\"sink_org\":{\"data\":{\"id\":\"" CONN_ID "\",\"type\":\"orgs\"}}},"
            "\"type\":\"org_connection\"}}");
}
END_TEST

START_TEST(create_keeps_type_order)
{
    const char *types[] = { "metrics", "audit", "logs" };
    body_is(dd_body_create_connection("org-1", types, 3),
            "{\"data\":{\"attributes\":{\"connection_types\":[\"metrics\",\"audit\",\"logs\"]},"
            "\"relationships\":{\"sink_org\":{\"data\":{\"id\":\"org-1\",\"type\":\"orgs\"}}},"
            "\"type\":\"org_connection\"}}");
}
END_TEST

START_TEST(update_matches_example)
{
    const char *types[] = { "logs", "metrics" };
    body_is(dd_body_update_connection(CONN_ID, types, 2),
            "{\"data\":{\"attributes\":{\"connection_types\":[\"logs\",\"metrics\"]},"
            "\"id\":\"" CONN_ID "\",\"type\":\"org_connection\"}}");
}
END_TEST

START_TEST(disable_matches_example)
{
    body_is(dd_body_disable_org(ORG_UUID, "1"),
            "{\"data\":{\"attributes\":{\"org_uuid\":\"" ORG_UUID "\"},\"id\":\"1\","
            "\"type\":\"customer_org_disable\"}}");
}
END_TEST

START_TEST(disable_omits_absent_members)
{
    body_is(dd_body_disable_org(NULL, NULL), "{\"data\":{\"type\":\"customer_org_disable\"}}");
    body_is(dd_body_disable_org(ORG_UUID, NULL),
            "{\"data\":{\"attributes\":{\"org_uuid\":\"" ORG_UUID "\"},"
            "\"type\":\"customer_org_disable\"}}");
    body_is(dd_body_disable_org(NULL, "req-7"),
            "{\"data\":{\"id\":\"req-7\",\"type\":\"customer_org_disable\"}}");
}
END_TEST

START_TEST(strings_are_escaped)
{
    const char *types[] = { "lo\"gs\\" };
    body_is(dd_body_update_connection("a\nb", types, 1),
            "{\"data\":{\"attributes\":{\"connection_types\":[\"lo\\\"gs\\\\\"]},"
            "\"id\":\"a\\nb\",\"type\":\"org_connection\"}}");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("api_body");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, create_matches_example);
    tcase_add_test(tc, create_keeps_type_order);
    tcase_add_test(tc, update_matches_example);
    tcase_add_test(tc, disable_matches_example);
    tcase_add_test(tc, disable_omits_absent_members);
    tcase_add_test(tc, strings_are_escaped);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
