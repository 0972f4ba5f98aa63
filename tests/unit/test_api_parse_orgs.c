/* The managed-orgs parser (api_parse_orgs.c) and its model (model_orgs.c):
 * the documented shape, with or without the current org among the managed
 * ones; every required member missing or of the wrong type; nulls where the
 * recorded traffic has them; cleaning; all-or-nothing. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "api_json.h"
#include "model_orgs.h"
#include "sanitize.h"
#include "suite_main.h"

#define CUR "11111111-1111-4111-8111-111111111111"
#define ORG_A "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
#define ORG_B "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"

#define REF(id) "{\"id\":\"" id "\",\"type\":\"orgs\"}"
#define ORG(id, name, descr, url, disabled, modified)                                        \
    "{\"id\":\"" id "\",\"type\":\"orgs\",\"attributes\":{\"name\":\"" name "\","           \
    "\"public_id\":\"pub-" name "\",\"description\":" descr ",\"url\":" url ","              \
    "\"sharing\":\"Disabled\",\"disabled\":" disabled ","                                   \
    "\"created_at\":\"2025-08-26T20:19:36.177236+00:00\",\"modified_at\":" modified "}}"

/* The documented shape, the current org listed among the managed ones. */
static const char DOC[] =
    "{\"data\":{\"id\":\"" CUR "\",\"type\":\"managed_orgs\",\"relationships\":{"
    "\"current_org\":{\"data\":" REF(CUR) "},"
    "\"managed_orgs\":{\"data\":[" REF(CUR) "," REF(ORG_A) "," REF(ORG_B) "]}}},"
    "\"included\":["
    ORG(CUR, "Parent", "\"The parent org\"", "\"https://app.datadoghq.com\"", "false",
        "\"2025-09-01T00:00:00Z\"") ","
    ORG(ORG_A, "Alpha", "null", "null", "false", "null") ","
    ORG(ORG_B, "Bravo", "\"b\"", "\"https://app.datadoghq.eu\"", "true", "null") "]}";

static dd_managed_orgs m;
static dd_error err;

static void setup(void)
{
    ck_assert_int_eq(dd_managed_orgs_init(&m), 0);
    dd_error_init(&err);
    dd_sanitize_mode = 0;
}

static void teardown(void)
{
    dd_managed_orgs_free(&m);
    dd_error_clear(&err);
    dd_sanitize_mode = 0;
}

static dd_status parse(const char *body)
{
    dd_error_clear(&err);
    return dd_parse_managed_orgs(body, strlen(body), DD_TEXT_SCREEN, &m, &err);
}

/* DOC with the member at path ("included.1.attributes.name") replaced by
 * value (JSON text), or removed when value is NULL; parsed. */
static dd_status parse_changed(const char *path, const char *value)
{
    cJSON *doc = cJSON_Parse(DOC);
    ck_assert_ptr_nonnull(doc);
    char buf[200];
    snprintf(buf, sizeof(buf), "%s", path);
    cJSON *parent = doc;
    char *save = NULL, *seg = strtok_r(buf, ".", &save);
    for (char *next; (next = strtok_r(NULL, ".", &save)); seg = next) {
        parent = cJSON_IsArray(parent) ? cJSON_GetArrayItem(parent, atoi(seg))
                                       : cJSON_GetObjectItemCaseSensitive(parent, seg);
        ck_assert_msg(parent != NULL, "no %s in %s", seg, path);
    }
    if (cJSON_IsArray(parent)) {
        int at = atoi(seg);
        if (value && at >= cJSON_GetArraySize(parent))
            cJSON_AddItemToArray(parent, cJSON_Parse(value));
        else if (value)
            cJSON_ReplaceItemInArray(parent, at, cJSON_Parse(value));
        else
            cJSON_DeleteItemFromArray(parent, at);
    } else if (value) {
        cJSON *v = cJSON_Parse(value);
        ck_assert_ptr_nonnull(v);
        if (cJSON_GetObjectItemCaseSensitive(parent, seg))
            cJSON_ReplaceItemInObjectCaseSensitive(parent, seg, v);
        else
            cJSON_AddItemToObject(parent, seg, v);
    } else {
        ck_assert_ptr_nonnull(cJSON_GetObjectItemCaseSensitive(parent, seg));
        cJSON_DeleteItemFromObjectCaseSensitive(parent, seg);
    }
    char *text = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    dd_status st = parse(text);
    free(text);
    return st;
}

/* The change is refused with exactly text, and m is as it was. */
static void expect_error(const char *path, const char *value, const char *text)
{
    const char *cur0 = m.current.id;
    size_t n0 = m.n;
    dd_status st = parse_changed(path, value);
    ck_assert_msg(st == DD_E_PROTOCOL, "%s=%s: status %d", path, value ? value : "(removed)",
                  (int)st);
    ck_assert_int_eq(err.code, DD_E_PROTOCOL);
    ck_assert_msg(strcmp(err.text, text) == 0, "%s=%s:\n got '%s'\nwant '%s'", path,
                  value ? value : "(removed)", err.text, text);
    ck_assert_ptr_eq(m.current.id, cur0);
    ck_assert_uint_eq(m.n, n0);
}

START_TEST(documented_shape)
{
    ck_assert_int_eq(parse(DOC), DD_OK);
    const dd_org *c = &m.current;
    ck_assert_str_eq(c->id, CUR);
    ck_assert_str_eq(c->name, "Parent");
    ck_assert_str_eq(c->public_id, "pub-Parent");
    ck_assert_str_eq(c->description, "The parent org");
    ck_assert_str_eq(c->url, "https://app.datadoghq.com");
    ck_assert_str_eq(c->sharing, "Disabled");
    ck_assert(!c->disabled);
    ck_assert_int_eq(c->created_at, 1756239576); /* 2025-08-26T20:19:36Z */
    ck_assert_str_eq(c->created_at_text, "2025-08-26T20:19:36.177236+00:00");
    ck_assert_int_eq(c->modified_at, 1756684800);
    ck_assert_str_eq(c->modified_at_text, "2025-09-01T00:00:00Z");
    /* The current org is not repeated among the others. */
    ck_assert_uint_eq(m.n, 2);
    ck_assert_str_eq(m.items[0].id, ORG_A);
    ck_assert_str_eq(m.items[0].name, "Alpha");
    ck_assert_ptr_null(m.items[0].description);
    ck_assert_ptr_null(m.items[0].url);
    ck_assert_ptr_null(m.items[0].modified_at_text);
    ck_assert_int_eq(m.items[0].modified_at, DD_TIME_NONE);
    ck_assert_str_eq(m.items[1].id, ORG_B);
    ck_assert(m.items[1].disabled);
    ck_assert_str_eq(m.items[1].url, "https://app.datadoghq.eu");
}
END_TEST

START_TEST(managed_without_the_current_org)
{
    ck_assert_int_eq(parse_changed("data.relationships.managed_orgs.data.0", NULL), DD_OK);
    ck_assert_str_eq(m.current.name, "Parent");
    ck_assert_uint_eq(m.n, 2);
    ck_assert_str_eq(m.items[0].name, "Alpha");
    ck_assert_str_eq(m.items[1].name, "Bravo");
    /* No managed org at all (a filter that matched none). */
    ck_assert_int_eq(parse_changed("data.relationships.managed_orgs.data", "[]"), DD_OK);
    ck_assert_str_eq(m.current.id, CUR);
    ck_assert_uint_eq(m.n, 0);
}
END_TEST

/* An account of the keys' org alone, parsed into a list that never held
 * an org: no managed org, the current one read, and no copy from or to a
 * NULL array (UBSan's nonnull check on memcpy). */
START_TEST(only_the_keys_org_into_a_fresh_list)
{
    static const char only[] =
        "{\"data\":{\"id\":\"" CUR "\",\"type\":\"managed_orgs\",\"relationships\":{"
        "\"current_org\":{\"data\":" REF(CUR) "},"
        "\"managed_orgs\":{\"data\":[" REF(CUR) "]}}},"
        "\"included\":["
        ORG(CUR, "Parent", "null", "null", "false", "null") "]}";
    ck_assert_ptr_null(m.items);
    ck_assert_int_eq(parse(only), DD_OK);
    ck_assert_str_eq(m.current.id, CUR);
    ck_assert_str_eq(m.current.name, "Parent");
    ck_assert(m.current.current);
    ck_assert_uint_eq(m.n, 0);
}
END_TEST

START_TEST(ids_in_any_case_and_repeats)
{
    /* B named in upper case, then again, and the current org in upper
     * case: each org once, in the order first named. */
    ck_assert_int_eq(parse_changed("data.relationships.managed_orgs.data",
                                   "[" REF("BBBBBBBB-BBBB-4BBB-8BBB-BBBBBBBBBBBB") "," REF(ORG_A)
                                   "," REF(ORG_B) "," REF("11111111-1111-4111-8111-111111111111")
                                   "]"),
                     DD_OK);
    ck_assert_uint_eq(m.n, 2);
    ck_assert_str_eq(m.items[0].name, "Bravo");
    ck_assert_str_eq(m.items[0].id, ORG_B); /* as included spells it */
    ck_assert_str_eq(m.items[1].name, "Alpha");
    ck_assert_ptr_eq(dd_managed_orgs_get(&m, "AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA"), &m.items[1]);
    ck_assert_ptr_eq(dd_managed_orgs_get(&m, CUR), &m.current);
    ck_assert_ptr_null(dd_managed_orgs_get(&m, "nope"));
    ck_assert_ptr_null(dd_managed_orgs_get(&m, NULL));
    ck_assert(dd_org_id_eq("aBc", "AbC"));
    ck_assert(!dd_org_id_eq("abc", "abcd"));
    ck_assert(!dd_org_id_eq(NULL, "a"));
}
END_TEST

START_TEST(unknown_members_and_other_resources_ignored)
{
    ck_assert_int_eq(parse_changed("included.1.attributes.future", "{\"x\":[1,2]}"), DD_OK);
    ck_assert_int_eq(parse_changed("data.meta", "{\"page\":1}"), DD_OK);
    /* A user among the included resources: not an org, skipped. */
    ck_assert_int_eq(parse_changed("included.3",
                                   "{\"id\":\"u1\",\"type\":\"users\",\"attributes\":{}}"),
                     DD_OK);
    ck_assert_uint_eq(m.n, 2);
    /* A later duplicate of an included org does not replace the first. */
    ck_assert_int_eq(parse_changed("included.3",
                                   ORG(ORG_A, "Impostor", "null", "null", "true", "null")),
                     DD_OK);
    ck_assert_str_eq(m.items[0].name, "Alpha");
}
END_TEST

START_TEST(missing_required_members)
{
    expect_error("data", NULL, "malformed response: data is missing");
    expect_error("included", NULL, "malformed response: included is missing");
    expect_error("data.type", NULL, "malformed response: data.type is missing");
    expect_error("data.id", NULL, "malformed response: data.id is missing");
    expect_error("data.relationships", NULL, "malformed response: data.relationships is missing");
    expect_error("data.relationships.current_org", NULL,
                 "malformed response: data.relationships.current_org is missing");
    expect_error("data.relationships.current_org.data", NULL,
                 "malformed response: data.relationships.current_org.data is missing");
    expect_error("data.relationships.current_org.data.id", NULL,
                 "malformed response: data.relationships.current_org.data.id is missing");
    expect_error("data.relationships.current_org.data.type", NULL,
                 "malformed response: data.relationships.current_org.data.type is missing");
    expect_error("data.relationships.managed_orgs", NULL,
                 "malformed response: data.relationships.managed_orgs is missing");
    expect_error("data.relationships.managed_orgs.data", NULL,
                 "malformed response: data.relationships.managed_orgs.data is missing");
    expect_error("data.relationships.managed_orgs.data.1.id", NULL,
                 "malformed response: data.relationships.managed_orgs.data[1].id is missing");
    expect_error("data.relationships.managed_orgs.data.2.type", NULL,
                 "malformed response: data.relationships.managed_orgs.data[2].type is missing");
    expect_error("included.1.id", NULL, "malformed response: included[1].id is missing");
    expect_error("included.1.type", NULL, "malformed response: included[1].type is missing");
    expect_error("included.1.attributes", NULL,
                 "malformed response: included[1].attributes is missing");
    static const char *const attrs[] = {"name", "public_id", "description", "url",
                                        "sharing", "disabled", "created_at", "modified_at"};
    for (size_t i = 0; i < 8; i++) {
        char path[80], text[160];
        snprintf(path, sizeof(path), "included.2.attributes.%s", attrs[i]);
        snprintf(text, sizeof(text), "malformed response: included[2].attributes.%s is missing",
                 attrs[i]);
        expect_error(path, NULL, text);
    }
    /* Every org the relationships name must be described. */
    expect_error("included.0", NULL,
                 "malformed response: data.relationships.current_org.data names org " CUR
                 ", which included does not describe");
    expect_error("included.2", NULL,
                 "malformed response: data.relationships.managed_orgs.data[2] names org " ORG_B
                 ", which included does not describe");
}
END_TEST

START_TEST(wrong_types_and_values)
{
    expect_error("data", "[]", "malformed response: data is not an object");
    expect_error("data.type", "\"orgs\"",
                 "malformed response: data.type is \"orgs\", expected \"managed_orgs\"");
    expect_error("data.id", "7", "malformed response: data.id is not a string");
    expect_error("data.id", "\"\"", "malformed response: data.id is empty");
    expect_error("data.relationships", "null",
                 "malformed response: data.relationships is not an object");
    expect_error("data.relationships.current_org.data", "null",
                 "malformed response: data.relationships.current_org.data is not an object");
    expect_error("data.relationships.current_org.data.type", "\"users\"",
                 "malformed response: data.relationships.current_org.data.type is \"users\", "
                 "expected \"orgs\"");
    expect_error("data.relationships.managed_orgs.data", "{}",
                 "malformed response: data.relationships.managed_orgs.data is not an array");
    expect_error("data.relationships.managed_orgs.data.1", "\"" ORG_A "\"",
                 "malformed response: data.relationships.managed_orgs.data[1] is not an object");
    expect_error("included", "{}", "malformed response: included is not an array");
    expect_error("included.1", "null", "malformed response: included[1] is not an object");
    expect_error("included.1.type", "1", "malformed response: included[1].type is not a string");
    expect_error("included.1.id", "\"\"", "malformed response: included[1].id is empty");
    expect_error("included.1.attributes", "[]",
                 "malformed response: included[1].attributes is not an object");
    /* Nulls only where the recorded traffic has them. */
    expect_error("included.1.attributes.name", "null",
                 "malformed response: included[1].attributes.name is not a string");
    expect_error("included.1.attributes.public_id", "null",
                 "malformed response: included[1].attributes.public_id is not a string");
    expect_error("included.1.attributes.sharing", "null",
                 "malformed response: included[1].attributes.sharing is not a string");
    expect_error("included.1.attributes.created_at", "null",
                 "malformed response: included[1].attributes.created_at is not a string");
    expect_error("included.1.attributes.disabled", "null",
                 "malformed response: included[1].attributes.disabled is not a boolean");
    expect_error("included.1.attributes.disabled", "\"false\"",
                 "malformed response: included[1].attributes.disabled is not a boolean");
    expect_error("included.1.attributes.description", "7",
                 "malformed response: included[1].attributes.description is not a string");
    expect_error("included.1.attributes.url", "{}",
                 "malformed response: included[1].attributes.url is not a string");
    expect_error("included.1.attributes.modified_at", "false",
                 "malformed response: included[1].attributes.modified_at is not a string");
    expect_error("included.1.attributes.created_at", "\"yesterday\"",
                 "malformed response: included[1].attributes.created_at is not an RFC 3339 time");
    expect_error("included.1.attributes.modified_at", "\"2025-13-01T00:00:00Z\"",
                 "malformed response: included[1].attributes.modified_at is not an RFC 3339 time");
    /* Not JSON, or not an object. */
    ck_assert_int_eq(parse("[1]"), DD_E_PROTOCOL);
    ck_assert_str_eq(err.text, "malformed response: top level is not an object");
    ck_assert_int_eq(parse("{\"data\":"), DD_E_PROTOCOL);
    ck_assert_int_eq(dd_parse_managed_orgs("", 0, DD_TEXT_SCREEN, &m, &err), DD_E_PROTOCOL);
    ck_assert_str_eq(err.text, "malformed response: empty body");
}
END_TEST

START_TEST(failed_parse_keeps_the_earlier_answer)
{
    ck_assert_int_eq(parse(DOC), DD_OK);
    ck_assert_int_eq(parse_changed("included.2.attributes.disabled", "0"), DD_E_PROTOCOL);
    ck_assert_str_eq(m.current.name, "Parent");
    ck_assert_uint_eq(m.n, 2);
    ck_assert_str_eq(m.items[1].name, "Bravo");
    /* A later whole answer replaces it. */
    ck_assert_int_eq(parse_changed("data.relationships.managed_orgs.data", "[" REF(ORG_B) "]"),
                     DD_OK);
    ck_assert_uint_eq(m.n, 1);
    ck_assert_str_eq(m.items[0].name, "Bravo");
}
END_TEST

START_TEST(strings_are_cleaned)
{
    ck_assert_int_eq(parse_changed("included.1.attributes.name",
                                   "\"Evil\\u001b[31m\\u202eRed\\r\""),
                     DD_OK);
    ck_assert_str_eq(m.items[0].name, "Evil\xe2\x90\x9b[31mRed\xe2\x90\x8d");
    char big[5000];
    memset(big, 'x', sizeof(big));
    big[0] = '"';
    big[sizeof(big) - 2] = '"';
    big[sizeof(big) - 1] = '\0';
    ck_assert_int_eq(parse_changed("included.2.attributes.description", big), DD_OK);
    ck_assert_uint_le(strlen(m.items[1].description), DD_SAN_MAX_BYTES);
    /* The error quotes a hostile id cleaned. */
    expect_error("data.relationships.current_org.data.id", "\"x\\u001b[2J\"",
                 "malformed response: data.relationships.current_org.data names org "
                 "x\xe2\x90\x9b[2J, which included does not describe");
    dd_sanitize_mode = DD_SAN_ASCII;
    ck_assert_int_eq(parse_changed("included.1.attributes.name", "\"T\\u00f6kyo\""), DD_OK);
    ck_assert_str_eq(m.items[0].name, "T?kyo");
}
END_TEST

START_TEST(ids_and_names_interned)
{
    ck_assert_int_eq(parse(DOC), DD_OK);
    const char *first = m.items[0].id;
    ck_assert_int_eq(parse(DOC), DD_OK);
    ck_assert_ptr_eq(m.items[0].id, first);
    ck_assert_ptr_eq(m.current.id, dd_strpool_intern(m.pool, CUR, strlen(CUR)));
}
END_TEST

START_TEST(model_reserve)
{
    ck_assert_int_eq(dd_managed_orgs_reserve(&m, 100), 0);
    ck_assert_uint_ge(m.cap, 100);
    ck_assert_int_eq(dd_managed_orgs_reserve(&m, SIZE_MAX), -1);
    ck_assert_int_eq(m.current.created_at, DD_TIME_NONE);
    dd_managed_orgs_free(&m);
    ck_assert_ptr_null(m.pool);
    dd_managed_orgs_free(NULL);
    ck_assert_int_eq(dd_managed_orgs_init(&m), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("api_parse_orgs");
    TCase *tc = tcase_create("managed_orgs");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, documented_shape);
    tcase_add_test(tc, managed_without_the_current_org);
    tcase_add_test(tc, only_the_keys_org_into_a_fresh_list);
    tcase_add_test(tc, ids_in_any_case_and_repeats);
    tcase_add_test(tc, unknown_members_and_other_resources_ignored);
    tcase_add_test(tc, missing_required_members);
    tcase_add_test(tc, wrong_types_and_values);
    tcase_add_test(tc, failed_parse_keeps_the_earlier_answer);
    tcase_add_test(tc, strings_are_cleaned);
    tcase_add_test(tc, ids_and_names_interned);
    tcase_add_test(tc, model_reserve);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
