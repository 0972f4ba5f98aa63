#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_json.h"
#include "sanitize.h"
#include "secrets.h"
#include "suite_main.h"

/* The documented example answers (API reference), in compact JSON. */
#define EX_LIST                                                                              \
    "{\"data\":[{\"attributes\":{\"connection_types\":[\"logs\"],"                          \
    "\"created_at\":\"2024-01-01T00:00:00+00:00\"},"                                        \
    "\"id\":\"00000000-0000-0000-0000-000000000001\",\"relationships\":{},"                  \
    "\"type\":\"org_connection\"}]}"
#define EX_CREATE                                                                            \
    "{\"data\":{\"attributes\":{\"connection_types\":[\"logs\"],"                           \
    "\"created_at\":\"2024-01-01T00:00:00+00:00\"},"                                        \
    "\"id\":\"00000000-0000-0000-0000-000000000002\",\"relationships\":{},"                  \
    "\"type\":\"org_connection\"}}"
#define EX_UPDATE                                                                            \
    "{\"data\":{\"attributes\":{\"connection_types\":[\"logs\",\"metrics\"],"               \
    "\"created_at\":\"2024-01-01T00:00:00+00:00\"},"                                        \
    "\"id\":\"f9ec96b0-8c8a-4b0a-9b0a-1b2c3d4e5f6a\",\"type\":\"org_connection\"}}"
#define EX_SF                                                                                \
    "{\"data\":[{\"attributes\":{\"instance_url\":\"https://acme.my.salesforce.com\","      \
    "\"name\":\"Acme Production Org\",\"sfdc_org_id\":\"00D000000000000\","                 \
    "\"sfdc_org_type\":\"Production\"},\"id\":\"00000000-0000-0000-0000-000000000001\","     \
    "\"type\":\"salesforce-incidents-org\"}]}"
#define EX_DISABLE                                                                           \
    "{\"data\":{\"attributes\":{\"status\":\"disabled\"},"                                  \
    "\"id\":\"abcdef01-2345-6789-abcd-ef0123456789\",\"type\":\"org_disable\"}}"

/* A row with every member; fields substituted by the tests. */
#define ROW(id, types, extra_attrs, rels)                                                    \
    "{\"id\":" id ",\"type\":\"org_connection\",\"attributes\":{\"connection_types\":" types \
    extra_attrs "},\"relationships\":" rels "}"
#define FULL_RELS                                                                            \
    "{\"source_org\":{\"data\":{\"id\":\"src-1\",\"name\":\"Acme\",\"type\":\"orgs\"}},"    \
    "\"sink_org\":{\"data\":{\"id\":\"sink-1\",\"name\":\"Globex\",\"type\":\"orgs\"}},"    \
    "\"created_by\":{\"data\":{\"id\":\"usr123abc456\",\"name\":\"John Doe\","              \
    "\"type\":\"users\"}}}"

static dd_conn_list list;
static dd_error err;

static void setup(void)
{
    ck_assert_int_eq(dd_conn_list_init(&list), 0);
    dd_error_init(&err);
    dd_sanitize_mode = 0;
}

static void teardown(void)
{
    dd_conn_list_free(&list);
    dd_error_clear(&err);
    dd_sanitize_mode = 0;
}

static dd_status parse_list(const char *body)
{
    return dd_parse_conn_list(body, strlen(body), DD_TEXT_SCREEN, &list, &err);
}

START_TEST(documented_list_example)
{
    ck_assert_int_eq(parse_list(EX_LIST), DD_OK);
    ck_assert_uint_eq(list.n, 1);
    const dd_conn *c = &list.items[0];
    ck_assert_str_eq(c->id, "00000000-0000-0000-0000-000000000001");
    ck_assert_uint_eq(c->n_types, 1);
    ck_assert_str_eq(c->types[0], "logs");
    ck_assert_int_eq(c->created_at, 1704067200);
    ck_assert_str_eq(c->created_at_text, "2024-01-01T00:00:00+00:00");
    ck_assert_ptr_null(c->source.id);
    ck_assert_ptr_null(c->sink.name);
    ck_assert_ptr_null(c->created_by.id);
    ck_assert_int_eq(list.total_count, -1);
    ck_assert_int_eq(list.total_filtered_count, -1);
}
END_TEST

START_TEST(documented_single_examples)
{
    ck_assert_int_eq(dd_parse_conn_single(EX_CREATE, strlen(EX_CREATE), DD_TEXT_SCREEN,
                                          &list, &err), DD_OK);
    /* The PATCH example has no relationships member at all. */
    ck_assert_int_eq(dd_parse_conn_single(EX_UPDATE, strlen(EX_UPDATE), DD_TEXT_SCREEN,
                                          &list, &err), DD_OK);
    ck_assert_uint_eq(list.n, 2);
    ck_assert_str_eq(list.items[0].id, "00000000-0000-0000-0000-000000000002");
    ck_assert_str_eq(list.items[1].id, "f9ec96b0-8c8a-4b0a-9b0a-1b2c3d4e5f6a");
    ck_assert_uint_eq(list.items[1].n_types, 2);
    ck_assert_str_eq(list.items[1].types[1], "metrics");
    ck_assert_ptr_null(list.items[1].sink.id);
    /* A single object where a list is expected, and the reverse. */
    ck_assert_int_eq(parse_list(EX_CREATE), DD_E_PROTOCOL);
    ck_assert_str_eq(err.text, "malformed response: data is not an array");
    ck_assert_int_eq(dd_parse_conn_single(EX_LIST, strlen(EX_LIST), DD_TEXT_SCREEN,
                                          &list, &err), DD_E_PROTOCOL);
    ck_assert_str_eq(err.text, "malformed response: data is not an object");
    ck_assert_uint_eq(list.n, 2);
}
END_TEST

START_TEST(full_row_and_meta)
{
    const char *body = "{\"data\":[" ROW("\"c1\"", "[\"logs\",\"metrics\",\"audit\"]",
                                             ",\"created_at\":\"2023-01-01T12:00:00Z\"", FULL_RELS)
                       "],\"meta\":{\"page\":{\"total_count\":42,\"total_filtered_count\":7}}}";
    ck_assert_int_eq(parse_list(body), DD_OK);
    const dd_conn *c = &list.items[0];
    ck_assert_uint_eq(c->n_types, 3);
    ck_assert_str_eq(c->types[2], "audit");
    ck_assert_int_eq(c->created_at, 1672574400);
    ck_assert_str_eq(c->source.id, "src-1");
    ck_assert_str_eq(c->source.name, "Acme");
    ck_assert_str_eq(c->sink.id, "sink-1");
    ck_assert_str_eq(c->sink.name, "Globex");
    ck_assert_str_eq(c->created_by.id, "usr123abc456");
    ck_assert_str_eq(c->created_by.name, "John Doe");
    ck_assert_int_eq(list.total_count, 42);
    ck_assert_int_eq(list.total_filtered_count, 7);
    /* A second page appends. */
    ck_assert_int_eq(parse_list(EX_LIST), DD_OK);
    ck_assert_uint_eq(list.n, 2);
    ck_assert_int_eq(dd_conn_list_find(&list, "c1"), 0);
}
END_TEST

START_TEST(missing_optional_and_unknown_fields)
{
    const char *body =
        "{\"links\":{\"next\":null},\"data\":["
        "{\"id\":\"a\",\"attributes\":{\"connection_types\":[],\"future\":1}},"
        "{\"id\":\"b\",\"type\":null,\"attributes\":{\"connection_types\":[\"logs\"],"
        "\"created_at\":null},\"relationships\":null,\"meta\":{\"x\":[1,2]}},"
        "{\"id\":\"c\",\"attributes\":{\"connection_types\":[\"logs\"],"
        "\"created_at\":\"not a time\"},\"relationships\":{\"sink_org\":{\"data\":null},"
        "\"source_org\":{},\"created_by\":{\"data\":{\"type\":\"users\"}},\"other\":5}}"
        "],\"meta\":{\"page\":{}}}";
    ck_assert_int_eq(parse_list(body), DD_OK);
    ck_assert_uint_eq(list.n, 3);
    ck_assert_uint_eq(list.items[0].n_types, 0);
    ck_assert_int_eq(list.items[0].created_at, DD_TIME_NONE);
    ck_assert_ptr_null(list.items[0].created_at_text);
    ck_assert_ptr_null(list.items[1].created_at_text);
    /* Unparsable time: shown as sent, sorted as unknown. */
    ck_assert_str_eq(list.items[2].created_at_text, "not a time");
    ck_assert_int_eq(list.items[2].created_at, DD_TIME_NONE);
    ck_assert_ptr_null(list.items[2].sink.id);
    ck_assert_ptr_null(list.items[2].created_by.id);
    ck_assert_int_eq(list.total_count, -1);
}
END_TEST

START_TEST(unknown_connection_type_kept)
{
    ck_assert_int_eq(parse_list("{\"data\":[" ROW("\"x\"", "[\"logs\",\"traces\"]", "", "{}") "]}"),
                     DD_OK);
    ck_assert_uint_eq(list.items[0].n_types, 2);
    ck_assert_str_eq(list.items[0].types[1], "traces");
    ck_assert(!dd_conn_type_is_known(list.items[0].types[1]));
}
END_TEST

/* A server that repeats a key the process loaded in the data of a good
 * answer (an org or user name, a connection type, an id, a Salesforce
 * org's name): every run of 8 or more of its characters becomes the marker
 * in the stored text, for the screen and exact alike, so no output shows
 * it. */
#define KEY_API "5f3a9c2e7b1d4086a9e2c7b3f1d05e8a"
#define KEY_APP "9c4e2a7f1b3d5e6a8c0b2d4f6e8a0c1e3b5d7f9a"

START_TEST(keys_in_answer_data_are_redacted)
{
    ck_assert_int_eq(dd_secrets_add(KEY_API), 0);
    ck_assert_int_eq(dd_secrets_add(KEY_APP), 0);
    const char *body =
        "{\"data\":[" ROW("\"c-" KEY_API "\"", "[\"logs\",\"" KEY_API "\"]", "",
                          "{\"source_org\":{\"data\":{\"id\":\"s1\",\"name\":\"Parent "
                          "\\u0035f3a9c2e7B1D40\"}},\"created_by\":{\"data\":{\"id\":\"u1\","
                          "\"name\":\"user " KEY_APP "\"}}}") "]}";
    const char *sf = "{\"data\":[{\"id\":\"sf1\",\"type\":\"salesforce-incidents-org\","
                     "\"attributes\":{\"name\":\"SF 7b1d4086a9\"}}]}";
    for (int exact = 0; exact < 2; exact++) {
        dd_text_mode mode = exact ? DD_TEXT_EXACT : DD_TEXT_SCREEN;
        dd_conn_list_free(&list);
        dd_conn_list_init(&list);
        ck_assert_int_eq(dd_parse_conn_list(body, strlen(body), mode, &list, &err), DD_OK);
        const dd_conn *c = &list.items[0];
        ck_assert_str_eq(c->id, "c-<redacted>");
        ck_assert_str_eq(c->types[1], "<redacted>");
        ck_assert_str_eq(c->source.name, "Parent <redacted>");
        ck_assert_str_eq(c->created_by.name, "user <redacted>");
        dd_sf_list sfl;
        dd_sf_list_init(&sfl);
        ck_assert_int_eq(dd_parse_sf_list(sf, strlen(sf), mode, &sfl, &err), DD_OK);
        ck_assert_str_eq(sfl.items[0].name, "SF <redacted>");
        dd_sf_list_free(&sfl);
    }
    dd_secrets_clear();
}
END_TEST

/* Parses body into a list that already holds one row; expects a protocol
 * error with exactly this text and the list left as it was. */
static void rejects(const char *body, const char *text)
{
    dd_error_clear(&err);
    if (list.n == 0)
        ck_assert_int_eq(parse_list(EX_LIST), DD_OK);
    ck_assert_int_eq(list.n, 1);
    int64_t total = list.total_count;
    dd_status st = parse_list(body);
    ck_assert_msg(st == DD_E_PROTOCOL, "status %d for %s", st, body);
    ck_assert_str_eq(err.text, text);
    ck_assert_uint_eq(list.n, 1);
    ck_assert_int_eq(list.total_count, total);
}

static void rejects_prefix(const char *body, const char *prefix)
{
    dd_error_clear(&err);
    if (list.n == 0)
        ck_assert_int_eq(parse_list(EX_LIST), DD_OK);
    ck_assert_int_eq(parse_list(body), DD_E_PROTOCOL);
    ck_assert_msg(strncmp(err.text, prefix, strlen(prefix)) == 0, "text \"%s\"", err.text);
    ck_assert_uint_eq(list.n, 1);
}

START_TEST(wrong_types_rejected_with_clear_text)
{
#define OK_ROW ROW("\"ok\"", "[\"logs\"]", "", "{}")
    rejects("{\"data\":[" OK_ROW "," OK_ROW "," OK_ROW "," ROW("\"d\"", "\"logs\"", "", "{}") "]}",
            "malformed response: data[3].attributes.connection_types is not an array");
    rejects("{\"data\":[" ROW("17", "[]", "", "{}") "]}",
            "malformed response: data[0].id is not a string");
    rejects("{\"data\":[" OK_ROW ",{\"attributes\":{\"connection_types\":[]}}]}",
            "malformed response: data[1].id is missing");
    rejects("{\"data\":[" ROW("\"\"", "[]", "", "{}") "]}", "malformed response: data[0].id is empty");
    rejects("{\"data\":[{\"id\":\"a\",\"type\":\"orgs\",\"attributes\":{\"connection_types\":[]}}]}",
            "malformed response: data[0].type is \"orgs\", expected \"org_connection\"");
    rejects("{\"data\":[{\"id\":\"a\"}]}", "malformed response: data[0].attributes is missing");
    rejects("{\"data\":[{\"id\":\"a\",\"attributes\":[]}]}",
            "malformed response: data[0].attributes is not an object");
    rejects("{\"data\":[{\"id\":\"a\",\"attributes\":{}}]}",
            "malformed response: data[0].attributes.connection_types is missing");
    rejects("{\"data\":[" ROW("\"a\"", "[\"logs\",3]", "", "{}") "]}",
            "malformed response: data[0].attributes.connection_types[1] is not a string");
    rejects("{\"data\":[" ROW("\"a\"", "[]", ",\"created_at\":1704067200", "{}") "]}",
            "malformed response: data[0].attributes.created_at is not a string");
    rejects("{\"data\":[" ROW("\"a\"", "[]", "", "[]") "]}",
            "malformed response: data[0].relationships is not an object");
    rejects("{\"data\":[" ROW("\"a\"", "[]", "", "{\"sink_org\":\"Globex\"}") "]}",
            "malformed response: data[0].relationships.sink_org is not an object");
    rejects("{\"data\":[" ROW("\"a\"", "[]", "", "{\"source_org\":{\"data\":[]}}") "]}",
            "malformed response: data[0].relationships.source_org.data is not an object");
    rejects("{\"data\":[" ROW("\"a\"", "[]", "", "{\"created_by\":{\"data\":{\"name\":7}}}") "]}",
            "malformed response: data[0].relationships.created_by.data.name is not a string");
    rejects("{\"data\":[" OK_ROW ",42]}", "malformed response: data[1] is not an object");
    rejects("{\"data\":[],\"meta\":{\"page\":{\"total_count\":\"5\"}}}",
            "malformed response: meta.page.total_count is not an integer");
    rejects("{\"data\":[],\"meta\":{\"page\":{\"total_filtered_count\":1.5}}}",
            "malformed response: meta.page.total_filtered_count is not an integer");
    rejects("{\"data\":[],\"meta\":[]}", "malformed response: meta is not an object");
    rejects("{\"data\":[],\"meta\":{\"page\":3}}", "malformed response: meta.page is not an object");
    rejects("{\"data\":{}}", "malformed response: data is not an array");
    rejects("{\"errors\":[]}", "malformed response: data is missing");
    rejects("[]", "malformed response: top level is not an object");
    rejects("", "malformed response: empty body");
    rejects("{\"data\":[]} x", "malformed response: unexpected data after the JSON value (byte 12)");
    /* Where cJSON places the fault varies between its versions. */
    rejects_prefix("<html>502</html>", "malformed response: not valid JSON (near byte ");
    rejects_prefix("{\"data\":[", "malformed response: not valid JSON (near byte ");
#undef OK_ROW
}
END_TEST

START_TEST(hostile_strings_cleaned)
{
    const char *body =
        "{\"data\":[" ROW("\"id\\u001b]0;pwned\\u0007\"", "[\"lo\\rgs\"]", "",
                          "{\"source_org\":{\"data\":{\"id\":\"s\",\"name\":"
                          "\"\\u001b[2J\\rEvil\\u202eCorp\\u0085\\b\"}},"
                          "\"sink_org\":{\"data\":{\"name\":\"bad \xc0\xaf utf8 \xed\xa0\x80\"}}}") "]}";
    ck_assert_int_eq(parse_list(body), DD_OK);
    const dd_conn *c = &list.items[0];
    ck_assert_str_eq(c->id, "id\u241b]0;pwned\u2407");
    ck_assert_str_eq(c->types[0], "lo\u240dgs");
    ck_assert_str_eq(c->source.name, "\u241b[2J\u240dEvilCorp\uFFFD\u2408");
    ck_assert_str_eq(c->sink.name, "bad \uFFFD\uFFFD utf8 \uFFFD\uFFFD\uFFFD");

    dd_sanitize_mode = DD_SAN_ASCII;
    ck_assert_int_eq(parse_list(body), DD_OK);
    c = &list.items[1];
    ck_assert_str_eq(c->source.name, "?[2J?EvilCorp??");
    ck_assert_str_eq(c->sink.name, "bad ?? utf8 ???");
}
END_TEST

START_TEST(huge_string_capped)
{
    size_t big = 100000;
    char *body = malloc(big + 200);
    int n = snprintf(body, 200, "{\"data\":[{\"id\":\"a\",\"attributes\":{\"connection_types\":[]},"
                                "\"relationships\":{\"sink_org\":{\"data\":{\"name\":\"");
    memset(body + n, 'N', big);
    strcpy(body + n + big, "\"}}}}]}");
    ck_assert_int_eq(parse_list(body), DD_OK);
    ck_assert_uint_eq(strlen(list.items[0].sink.name), DD_SAN_MAX_BYTES);
    free(body);
}
END_TEST

/* For scripts, the same hostile strings come back exactly as sent, in any
 * locale, and of any length: only ill-formed UTF-8 becomes U+FFFD. */
START_TEST(hostile_strings_exact)
{
    const char *body =
        "{\"data\":[" ROW("\"id\\u001b]0;pwned\\u0007\"", "[\"lo\\rgs\"]", "",
                          "{\"source_org\":{\"data\":{\"id\":\"s\",\"name\":"
                          "\"\\u001b[2J\\rEvil\\u202eCorp\\u0085\\b\"}},"
                          "\"sink_org\":{\"data\":{\"name\":\"bad \xc0\xaf utf8 \xed\xa0\x80\"}}}") "]}";
    for (int ascii = 0; ascii < 2; ascii++) {
        dd_sanitize_mode = ascii ? DD_SAN_ASCII : 0;
        ck_assert_int_eq(dd_parse_conn_list(body, strlen(body), DD_TEXT_EXACT, &list, &err),
                         DD_OK);
        const dd_conn *c = &list.items[list.n - 1];
        ck_assert_str_eq(c->id, "id\x1b]0;pwned\x07");
        ck_assert_str_eq(c->types[0], "lo\rgs");
        ck_assert_str_eq(c->source.name, "\x1b[2J\rEvil\u202eCorp\xc2\x85\b");
        ck_assert_str_eq(c->sink.name, "bad \uFFFD\uFFFD utf8 \uFFFD\uFFFD\uFFFD");
    }

    size_t big = 100000;
    char *huge = malloc(big + 200);
    int n = snprintf(huge, 200, "{\"data\":[{\"id\":\"a\",\"attributes\":{\"connection_types\":[]},"
                                "\"relationships\":{\"sink_org\":{\"data\":{\"name\":\"");
    memset(huge + n, 'N', big);
    strcpy(huge + n + big, "\"}}}}]}");
    ck_assert_int_eq(dd_parse_conn_list(huge, strlen(huge), DD_TEXT_EXACT, &list, &err), DD_OK);
    ck_assert_uint_eq(strlen(list.items[list.n - 1].sink.name), big);
    free(huge);

    dd_sf_list sf;
    ck_assert_int_eq(dd_sf_list_init(&sf), 0);
    const char *sfbody = "{\"data\":[{\"id\":\"sf\\u009b1\",\"type\":\"salesforce-incidents-org\","
                         "\"attributes\":{\"name\":\"\\u202eN\\t\"}}]}";
    ck_assert_int_eq(dd_parse_sf_list(sfbody, strlen(sfbody), DD_TEXT_EXACT, &sf, &err), DD_OK);
    ck_assert_str_eq(sf.items[0].id, "sf\xc2\x9b" "1");
    ck_assert_str_eq(sf.items[0].name, "\u202eN\t");
    dd_sf_list_free(&sf);

    dd_disable_result r = {0};
    const char *dis = "{\"data\":{\"id\":\"o\\u001b\",\"type\":\"org_disable\","
                      "\"attributes\":{\"status\":\"disabled\\u0007\"}}}";
    ck_assert_int_eq(dd_parse_disable(dis, strlen(dis), DD_TEXT_EXACT, &r, &err), DD_OK);
    ck_assert_str_eq(r.org_id, "o\x1b");
    ck_assert_str_eq(r.status, "disabled\x07");
    dd_disable_result_free(&r);
}
END_TEST

/* "\u0000" would end a C string: it is read as U+FFFD, in both modes, and
 * the rest of the string is kept; an escaped backslash before "u0000" is
 * text, not an escape. */
START_TEST(nul_escape_becomes_fffd)
{
    const char *body =
        "{\"data\":[" ROW("\"x\"", "[\"a\\u0000b\"]", "",
                          "{\"source_org\":{\"data\":{\"id\":\"\\\\u0000\",\"name\":"
                          "\"\\\\\\u0000z\\u0000\"}}}") "]}";
    ck_assert_int_eq(dd_parse_conn_list(body, strlen(body), DD_TEXT_EXACT, &list, &err), DD_OK);
    const dd_conn *c = &list.items[0];
    ck_assert_str_eq(c->types[0], "a\uFFFDb");
    ck_assert_str_eq(c->source.id, "\\u0000");
    ck_assert_str_eq(c->source.name, "\\\uFFFDz\uFFFD");
    ck_assert_int_eq(parse_list(body), DD_OK);
    ck_assert_str_eq(list.items[1].types[0], "a\uFFFDb");
}
END_TEST

/* A surrogate escape not in a high-low pair would make cJSON refuse the
 * whole page: it is read as U+FFFD, the rest of the page kept; a pair is
 * the character it names; an escaped backslash before "ud800" is text. */
START_TEST(lone_surrogate_escapes_become_fffd)
{
    const char *body =
        "{\"data\":[" ROW("\"x\"", "[\"a\\ud800b\"]", "",
                          "{\"source_org\":{\"data\":{\"id\":\"\\\\ud800\",\"name\":"
                          "\"\\udc00\\ud83d\\ude00\\ud83d\\u0041\\ud83d\"}},"
                          "\"sink_org\":{\"data\":{\"id\":\"s\",\"name\":\"\\uDBFF\\uDFFF\"}}}")
        "]}";
    ck_assert_int_eq(dd_parse_conn_list(body, strlen(body), DD_TEXT_EXACT, &list, &err), DD_OK);
    const dd_conn *c = &list.items[0];
    ck_assert_str_eq(c->types[0], "a\uFFFDb");
    ck_assert_str_eq(c->source.id, "\\ud800");
    ck_assert_str_eq(c->source.name, "\uFFFD\U0001F600\uFFFDA\uFFFD");
    ck_assert_str_eq(c->sink.name, "\U0010FFFF");
}
END_TEST

/* 10,000 rows naming 50 orgs and 10 users. */
static char *make_big_list(int rows)
{
    size_t cap = (size_t)rows * 512 + 64, len = 0;
    char *b = malloc(cap);
    len += (size_t)snprintf(b + len, cap - len, "{\"data\":[");
    for (int i = 0; i < rows; i++) {
        len += (size_t)snprintf(
            b + len, cap - len,
            "%s{\"id\":\"conn-%06d\",\"type\":\"org_connection\",\"attributes\":"
            "{\"connection_types\":[\"logs\",\"metrics\"],\"created_at\":\"2024-01-01T00:00:00Z\"},"
            "\"relationships\":{\"source_org\":{\"data\":{\"id\":\"org-%d\",\"name\":\"Org %d\","
            "\"type\":\"orgs\"}},\"sink_org\":{\"data\":{\"id\":\"org-%d\",\"name\":\"Org %d\","
            "\"type\":\"orgs\"}},\"created_by\":{\"data\":{\"id\":\"usr-%d\",\"name\":\"User %d\","
            "\"type\":\"users\"}}}}",
            i ? "," : "", i, i % 50, i % 50, (i + 1) % 50, (i + 1) % 50, i % 10, i % 10);
    }
    snprintf(b + len, cap - len, "],\"meta\":{\"page\":{\"total_count\":%d}}}", rows);
    return b;
}

START_TEST(ten_thousand_rows_interned_once)
{
    char *body = make_big_list(10000);
    ck_assert_int_eq(parse_list(body), DD_OK);
    free(body);
    ck_assert_uint_eq(list.n, 10000);
    ck_assert_int_eq(list.total_count, 10000);
    /* 50 org ids + 50 org names + 10 user ids + 10 user names + 2 types. */
    ck_assert_uint_eq(dd_strpool_interned_count(list.pool), 122);
    ck_assert_ptr_eq(list.items[3].source.name, list.items[53].source.name);
    ck_assert_ptr_eq(list.items[2].sink.name, list.items[3].source.name);
    ck_assert_str_eq(list.items[9999].id, "conn-009999");
    ck_assert_str_eq(list.items[9999].sink.name, "Org 0");
    ck_assert_int_eq(dd_conn_list_find(&list, "conn-005000"), 5000);
}
END_TEST

START_TEST(salesforce_list)
{
    dd_sf_list sf;
    dd_sf_list_init(&sf);
    ck_assert_int_eq(dd_parse_sf_list(EX_SF, strlen(EX_SF), DD_TEXT_SCREEN, &sf, &err), DD_OK);
    ck_assert_uint_eq(sf.n, 1);
    ck_assert_str_eq(sf.items[0].id, "00000000-0000-0000-0000-000000000001");
    ck_assert_str_eq(sf.items[0].name, "Acme Production Org");
    ck_assert_str_eq(sf.items[0].sfdc_org_id, "00D000000000000");
    ck_assert_str_eq(sf.items[0].sfdc_org_type, "Production");
    ck_assert_str_eq(sf.items[0].instance_url, "https://acme.my.salesforce.com");

    const char *sparse = "{\"data\":[{\"id\":\"sf2\",\"attributes\":{\"name\":\"Sand\\rbox\"}}]}";
    ck_assert_int_eq(dd_parse_sf_list(sparse, strlen(sparse), DD_TEXT_SCREEN, &sf, &err), DD_OK);
    ck_assert_uint_eq(sf.n, 2);
    ck_assert_str_eq(sf.items[1].name, "Sand\u240dbox");
    ck_assert_ptr_null(sf.items[1].instance_url);
    ck_assert_ptr_null(sf.items[1].sfdc_org_type);

    static const struct { const char *body, *text; } bad[] = {
        { "{\"data\":[{\"id\":\"x\",\"type\":\"org_connection\",\"attributes\":{}}]}",
          "malformed response: data[0].type is \"org_connection\", expected "
          "\"salesforce-incidents-org\"" },
        { "{\"data\":[{\"id\":\"x\"}]}", "malformed response: data[0].attributes is missing" },
        { "{\"data\":[{\"id\":\"x\",\"attributes\":{}},{\"id\":\"y\",\"attributes\":"
          "{\"sfdc_org_id\":15}}]}",
          "malformed response: data[1].attributes.sfdc_org_id is not a string" },
        { "{\"data\":null}", "malformed response: data is not an array" },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_int_eq(dd_parse_sf_list(bad[i].body, strlen(bad[i].body), DD_TEXT_SCREEN,
                                          &sf, &err),
                         DD_E_PROTOCOL);
        ck_assert_str_eq(err.text, bad[i].text);
        ck_assert_uint_eq(sf.n, 2);
    }
    dd_sf_list_free(&sf);
}
END_TEST

START_TEST(disable_answer)
{
    dd_disable_result r = { 0 };
    ck_assert_int_eq(dd_parse_disable(EX_DISABLE, strlen(EX_DISABLE), DD_TEXT_SCREEN,
                                      &r, &err), DD_OK);
    ck_assert_str_eq(r.org_id, "abcdef01-2345-6789-abcd-ef0123456789");
    ck_assert_str_eq(r.status, "disabled");
    dd_disable_result_free(&r);

    const char *other = "{\"data\":{\"attributes\":{\"status\":\"archiv\\u001bed\"},\"id\":\"o\"}}";
    ck_assert_int_eq(dd_parse_disable(other, strlen(other), DD_TEXT_SCREEN, &r, &err), DD_OK);
    ck_assert_str_eq(r.status, "archiv\u241bed");
    dd_disable_result_free(&r);

    const char *no_status = "{\"data\":{\"attributes\":{},\"id\":\"o\",\"type\":\"org_disable\"}}";
    ck_assert_int_eq(dd_parse_disable(no_status, strlen(no_status), DD_TEXT_SCREEN,
                                      &r, &err), DD_E_PROTOCOL);
    ck_assert_str_eq(err.text, "malformed response: data.attributes.status is missing");
    ck_assert_ptr_null(r.org_id);
    const char *wrong = "{\"data\":{\"attributes\":{\"status\":\"disabled\"},\"id\":\"o\","
                        "\"type\":\"customer_org_disable\"}}";
    ck_assert_int_eq(dd_parse_disable(wrong, strlen(wrong), DD_TEXT_SCREEN,
                                      &r, &err), DD_E_PROTOCOL);
    ck_assert_str_eq(err.text,
                     "malformed response: data.type is \"customer_org_disable\", expected \"org_disable\"");
    const char *no_id = "{\"data\":{\"attributes\":{\"status\":\"disabled\"}}}";
    ck_assert_int_eq(dd_parse_disable(no_id, strlen(no_id), DD_TEXT_SCREEN,
                                      &r, &err), DD_E_PROTOCOL);
    ck_assert_str_eq(err.text, "malformed response: data.id is missing");
}
END_TEST

static void error_body(long status, const char *body)
{
    dd_parse_error_body(status, body, body ? strlen(body) : 0, NULL, &err);
    ck_assert_int_eq(err.code, DD_E_HTTP);
    ck_assert_int_eq(err.http_status, status);
}

START_TEST(error_string_form)
{
    err.retry_after = 30;
    error_body(409, "{\"errors\":[\"connection between orgs X and Y already exists\"]}");
    ck_assert_str_eq(err.text, "HTTP 409 Conflict: connection between orgs X and Y already exists");
    ck_assert_uint_eq(err.n_messages, 1);
    ck_assert_str_eq(err.messages[0], "connection between orgs X and Y already exists");
    ck_assert_int_eq(err.retry_after, 30);  /* the caller's, kept */

    error_body(400, "{\"errors\":[\"Validation failed for input.\",\"second\\u001b[1m\"]}");
    ck_assert_str_eq(err.text, "HTTP 400 Bad Request: Validation failed for input.");
    ck_assert_uint_eq(err.n_messages, 2);
    ck_assert_str_eq(err.messages[1], "second\u241b[1m");
    char buf[256];
    dd_error_describe(&err, buf, sizeof(buf));
    ck_assert_str_eq(buf, "HTTP 400 Bad Request: Validation failed for input.; second\u241b[1m");
}
END_TEST

START_TEST(error_jsonapi_form)
{
    error_body(400, "{\"errors\":[{\"status\":\"400\",\"title\":\"Bad Request\","
                    "\"detail\":\"org_uuid does not match\","
                    "\"source\":{\"pointer\":\"/data/attributes/org_uuid\"},\"meta\":{}}]}");
    ck_assert_str_eq(err.text,
                     "HTTP 400 Bad Request: org_uuid does not match (at /data/attributes/org_uuid)");
    ck_assert_uint_eq(err.n_messages, 1);

    error_body(403, "{\"errors\":[{\"title\":\"Forbidden\"},{\"status\":\"403\"},"
                    "{\"detail\":\"org older than 10 days\"}]}");
    ck_assert_str_eq(err.text, "HTTP 403 Forbidden: Forbidden");
    ck_assert_uint_eq(err.n_messages, 2);
    ck_assert_str_eq(err.messages[1], "org older than 10 days");
}
END_TEST

START_TEST(error_without_json)
{
    error_body(502, "<html><body>502 Bad Gateway</body></html>");
    ck_assert_str_eq(err.text, "HTTP 502 Bad Gateway");
    ck_assert_uint_eq(err.n_messages, 0);
    error_body(503, "");
    ck_assert_str_eq(err.text, "HTTP 503 Service Unavailable");
    error_body(500, NULL);
    ck_assert_str_eq(err.text, "HTTP 500 Internal Server Error");
    error_body(504, "upstream request timeout\r\nmore");
    ck_assert_str_eq(err.text, "HTTP 504 Gateway Timeout: upstream request timeout");
    error_body(404, "{\"errors\":[]}");
    ck_assert_str_eq(err.text, "HTTP 404 Not Found");
    error_body(418, "{}");
    ck_assert_str_eq(err.text, "HTTP 418 Client Error");
    error_body(299, "{}");
    ck_assert_str_eq(err.text, "HTTP 299");
}
END_TEST

START_TEST(error_messages_capped)
{
    char body[4096];
    size_t len = (size_t)snprintf(body, sizeof(body), "{\"errors\":[");
    for (int i = 0; i < 25; i++)
        len += (size_t)snprintf(body + len, sizeof(body) - len, "%s\"m%d\"", i ? "," : "", i);
    snprintf(body + len, sizeof(body) - len, "]}");
    error_body(400, body);
    ck_assert_uint_eq(err.n_messages, 21);
    ck_assert_str_eq(err.messages[19], "m19");
    ck_assert_str_eq(err.messages[20], "(5 more errors not shown)");
}
END_TEST

/* A long message of multi-byte characters overflows the 512-byte error
 * text: the cut must fall between characters, never inside one, or the
 * screen would get a broken UTF-8 sequence. The same for a description cut
 * to a caller's buffer. */
START_TEST(long_message_cut_between_characters)
{
    static const char *const chars[] = { "\\u00e9", "\\u65e5", "\\ud83d\\ude00" };
    static const char *const utf8[] = { "\xc3\xa9", "\xe6\x97\xa5", "\xf0\x9f\x98\x80" };
    for (size_t c = 0; c < 3; c++) {
        for (int lead = 0; lead < 4; lead++) {
            char body[8192], msg[2048], want[2600];
            size_t n = (size_t)snprintf(body, sizeof(body), "{\"errors\":[\"%.*s", lead, "xxx");
            size_t m = (size_t)snprintf(msg, sizeof(msg), "%.*s", lead, "xxx");
            for (size_t i = 0; i < 700 / strlen(utf8[c]); i++) {
                n += (size_t)snprintf(body + n, sizeof(body) - n, "%s", chars[c]);
                m += (size_t)snprintf(msg + m, sizeof(msg) - m, "%s", utf8[c]);
            }
            snprintf(body + n, sizeof(body) - n, "\"]}");
            error_body(400, body);
            ck_assert_str_eq(err.messages[0], msg);
            size_t len = strlen(err.text);
            ck_assert(dd_sanitize_is_clean(err.text, len, 0));
            snprintf(want, sizeof(want), "HTTP 400 Bad Request: %s", msg);
            ck_assert_uint_gt(len, sizeof(err.text) - 5);
            ck_assert_int_eq(strncmp(err.text, want, len), 0);

            dd_error_add_message(&err, msg);
            for (size_t cap = 1; cap < 64; cap++) {
                char out[64];
                dd_error_describe(&err, out, cap);
                ck_assert(dd_sanitize_is_clean(out, strlen(out), 0));
                ck_assert_uint_gt(strlen(out) + 4, cap - 1);
            }
        }
    }
}
END_TEST

START_TEST(uuid_check)
{
    ck_assert(dd_is_uuid("f9ec96b0-8c8a-4b0a-9b0a-1b2c3d4e5f6a"));
    ck_assert(dd_is_uuid("00000000-0000-0000-0000-000000000001"));
    ck_assert(dd_is_uuid("ABCDEF01-2345-6789-ABCD-EF0123456789"));
    ck_assert(!dd_is_uuid("f9ec96b0-8c8a-4b0a-9b0a-1b2c3d4e5f6"));
    ck_assert(!dd_is_uuid("f9ec96b0-8c8a-4b0a-9b0a-1b2c3d4e5f6aa"));
    ck_assert(!dd_is_uuid("f9ec96b08c8a-4b0a-9b0a-1b2c3d4e5f6a0"));
    ck_assert(!dd_is_uuid("g9ec96b0-8c8a-4b0a-9b0a-1b2c3d4e5f6a"));
    ck_assert(!dd_is_uuid("../../../etc/passwd"));
    ck_assert(!dd_is_uuid(""));
    ck_assert(!dd_is_uuid(NULL));
}
END_TEST

/* The recorded real traffic's `included`: the orgs and the creating user
 * the rows name. It fills the names the relationships lack (the ids compared
 * in any case) and gives each org's disabled flag and public_id; entries of
 * another shape are skipped; without it a listing parses as before. */
START_TEST(included_fills_names_and_describes_orgs)
{
    const char *body =
        "{\"data\":[" ROW("\"c-1\"", "[\"logs\"]", "",
                           "{\"source_org\":{\"data\":{\"id\":\"ORG-A\",\"type\":\"orgs\"}},"
                           "\"sink_org\":{\"data\":{\"id\":\"org-b\",\"name\":\"Kept\",\"type\":\"orgs\"}},"
                           "\"created_by\":{\"data\":{\"id\":\"u-1\",\"type\":\"users\"}}}") "],"
        "\"meta\":{\"page\":{\"total_count\":1,\"total_filtered_count\":1}},"
        "\"included\":[{\"id\":\"org-a\",\"type\":\"orgs\",\"attributes\":{\"name\":\"Alpha\","
        "\"public_id\":\"abc123\",\"description\":null,\"sharing\":\"Disabled\",\"url\":null,"
        "\"disabled\":true,\"created_at\":\"2025-08-26T20:19:36.177236+00:00\","
        "\"modified_at\":null}},"
        "{\"id\":\"org-b\",\"type\":\"orgs\",\"attributes\":{\"name\":\"Bravo\",\"public_id\":null}},"
        "{\"id\":\"u-1\",\"type\":\"users\",\"attributes\":{\"name\":\"Pat\"}},"
        "{\"id\":7,\"type\":\"orgs\"},{\"type\":\"orgs\",\"id\":\"x\",\"attributes\":[]},\"junk\"]}";
    ck_assert_int_eq(parse_list(body), DD_OK);
    ck_assert_uint_eq(list.n, 1);
    ck_assert_str_eq(list.items[0].source.name, "Alpha");
    ck_assert_str_eq(list.items[0].sink.name, "Kept");   /* the row's own name wins */
    ck_assert_str_eq(list.items[0].created_by.name, "Pat");
    ck_assert_uint_eq(list.n_orgs, 2);
    ck_assert_str_eq(list.orgs[0].id, "org-a");
    ck_assert_str_eq(list.orgs[0].public_id, "abc123");
    ck_assert(list.orgs[0].disabled);
    ck_assert_str_eq(list.orgs[1].name, "Bravo");
    ck_assert_ptr_null(list.orgs[1].public_id);
    ck_assert(!list.orgs[1].disabled);
    /* The next page without it: no orgs of the previous one linger. */
    dd_conn_list_free(&list);
    dd_conn_list_init(&list);
    ck_assert_int_eq(parse_list(EX_LIST), DD_OK);
    ck_assert_uint_eq(list.n_orgs, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("api_parse");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, documented_list_example);
    tcase_add_test(tc, included_fills_names_and_describes_orgs);
    tcase_add_test(tc, documented_single_examples);
    tcase_add_test(tc, full_row_and_meta);
    tcase_add_test(tc, keys_in_answer_data_are_redacted);
    tcase_add_test(tc, missing_optional_and_unknown_fields);
    tcase_add_test(tc, unknown_connection_type_kept);
    tcase_add_test(tc, wrong_types_rejected_with_clear_text);
    tcase_add_test(tc, hostile_strings_cleaned);
    tcase_add_test(tc, huge_string_capped);
    tcase_add_test(tc, hostile_strings_exact);
    tcase_add_test(tc, nul_escape_becomes_fffd);
    tcase_add_test(tc, lone_surrogate_escapes_become_fffd);
    tcase_add_test(tc, ten_thousand_rows_interned_once);
    tcase_add_test(tc, salesforce_list);
    tcase_add_test(tc, disable_answer);
    tcase_add_test(tc, error_string_form);
    tcase_add_test(tc, error_jsonapi_form);
    tcase_add_test(tc, error_without_json);
    tcase_add_test(tc, error_messages_capped);
    tcase_add_test(tc, long_message_cut_between_characters);
    tcase_add_test(tc, uuid_check);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
