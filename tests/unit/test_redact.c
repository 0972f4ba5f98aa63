/* Key redaction: the redactor alone, then every error form a server sends
 * through dd_parse_error_body with the key across every cut. The check of
 * the results (leak_check.h) does not use the redactor. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "api_json.h"
#include "leak_check.h"
#include "redact.h"
#include "sanitize.h"
#include "suite_main.h"

#define API_KEY "Qm7Vt2Lx9Rk4Pw8Zc3Hn6Bj1Fd5Gs0Ya"
#define APP_KEY "Ue4Oi8Ty2Wr6Qp0As3Dk7Fj1Gh5Lz9Xc2Vb6Nm"

static dd_redactor *red;

static void setup(void)
{
    const char *keys[] = { API_KEY, NULL, APP_KEY, "" };
    red = dd_redactor_new(keys, 4);
    ck_assert_ptr_nonnull(red);
}

static void teardown(void)
{
    dd_redactor_free(red);
    red = NULL;
}

/* dd_redact of a whole string. */
static char *r_all(const char *s)
{
    char *out = dd_redact(red, s, strlen(s), DD_REDACT_ALL);
    ck_assert_ptr_nonnull(out);
    return out;
}

static void assert_redacts(const char *in, const char *want)
{
    char *out = r_all(in);
    ck_assert_str_eq(out, want);
    free(out);
}

START_TEST(whole_keys_and_their_pieces)
{
    assert_redacts("key " API_KEY " end", "key <redacted> end");
    assert_redacts(API_KEY API_KEY, "<redacted>");
    assert_redacts("a=" API_KEY "&b=" APP_KEY, "a=<redacted>&b=<redacted>");
    assert_redacts("no key here, 12345678 is not one", "no key here, 12345678 is not one");
    /* Every piece of 8 or more characters, wherever it starts. */
    const char *keys[] = { API_KEY, APP_KEY };
    for (size_t k = 0; k < 2; k++) {
        size_t n = strlen(keys[k]);
        for (size_t start = 0; start + 8 <= n; start++) {
            for (size_t len = 8; start + len <= n; len++) {
                char in[128];
                snprintf(in, sizeof(in), "[%.*s]", (int)len, keys[k] + start);
                assert_redacts(in, "[<redacted>]");
            }
            /* Seven are not a key's: too short to tell from other text. */
            char in[64];
            snprintf(in, sizeof(in), "[%.7s]", keys[k] + start);
            char *out = r_all(in);
            ck_assert_str_eq(out, in);
            free(out);
        }
    }
}
END_TEST

START_TEST(every_way_a_key_is_written)
{
    assert_redacts("QM7VT2LX9RK4PW8ZC3HN6BJ1FD5GS0YA", "<redacted>");
    assert_redacts("qm7vt2lx9rk4pw8zc3hn6bj1fd5gs0ya!", "<redacted>!");
    /* Percent-encoded, upper- and lower-case hex, whole or in part. */
    assert_redacts("k=%51%6d%37%56%74%32%4c%78%39", "k=<redacted>");
    assert_redacts("k=%51%6D%37%56%74%32%4C%78&x", "k=<redacted>&x");
    assert_redacts("Qm7V%74%32Lx9R", "<redacted>");
    /* JSON and C escapes, HTML character references. */
    assert_redacts("\\u0051\\u006d\\u0037\\u0056\\u0074\\u0032\\u004c\\u0078 tail",
                   "<redacted> tail");
    assert_redacts("\\x51\\x6d\\x37\\x56\\x74\\x32\\x4c\\x78", "<redacted>");
    assert_redacts("&#81;&#109;&#55;&#86;&#x74;&#x32;&#X4C;&#x78;", "<redacted>");
    assert_redacts("Ue4Oi8Ty2Wr6Qp0As3Dk7Fj1Gh5Lz9Xc2Vb6Nm\\/", "<redacted>\\/");
    /* Encoded twice (a proxy escaping an escape), and three times. */
    assert_redacts("%2551%256d%2537%2556%2574%2532%254c%2578", "<redacted>");
    assert_redacts("%5Cu0051%5Cu006d%5Cu0037%5Cu0056%5Cu0074%5Cu0032%5Cu004c%5Cu0078",
                   "<redacted>");
    assert_redacts("%252551%25256d%252537%252556%252574%252532%25254c%252578", "<redacted>");
    /* Invisible format characters in between: removed with the run. */
    assert_redacts("[Qm7\u200bVt2\u202eLx9\u2066Rk4]", "[<redacted>]");
    assert_redacts("[Qm7Vt2L\u00adx9]", "[<redacted>]");
    /* A run in several forms at once. */
    assert_redacts("Qm7V%74\\u0032&#76;x9R", "<redacted>");
}
END_TEST

/* Appends the UTF-8 form of cp to out at *o. */
static void put_utf8(char *out, size_t *o, uint32_t cp)
{
    if (cp < 0x80) {
        out[(*o)++] = (char)cp;
    } else if (cp < 0x800) {
        out[(*o)++] = (char)(0xC0 | cp >> 6);
        out[(*o)++] = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out[(*o)++] = (char)(0xE0 | cp >> 12);
        out[(*o)++] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[(*o)++] = (char)(0x80 | (cp & 0x3F));
    } else {
        out[(*o)++] = (char)(0xF0 | cp >> 18);
        out[(*o)++] = (char)(0x80 | (cp >> 12 & 0x3F));
        out[(*o)++] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[(*o)++] = (char)(0x80 | (cp & 0x3F));
    }
}

/* Every Default_Ignorable_Code_Point and every format character (Cf) of
 * Unicode 15 (DerivedCoreProperties.txt, DerivedGeneralCategory.txt),
 * written between a key's characters, where a screen shows nothing: the
 * run is still found, and the JSON writer's table names the character too
 * (one table for both). */
START_TEST(every_invisible_character_between_a_keys_characters)
{
    static const struct { uint32_t lo, hi; } invisible[] = {
        {0x00AD, 0x00AD},   {0x034F, 0x034F},   {0x0600, 0x0605},   {0x061C, 0x061C},
        {0x06DD, 0x06DD},   {0x070F, 0x070F},   {0x0890, 0x0891},   {0x08E2, 0x08E2},
        {0x115F, 0x1160},   {0x17B4, 0x17B5},   {0x180B, 0x180F},   {0x200B, 0x200F},
        {0x202A, 0x202E},   {0x2060, 0x206F},   {0x3164, 0x3164},   {0xFE00, 0xFE0F},
        {0xFEFF, 0xFEFF},   {0xFFA0, 0xFFA0},   {0xFFF0, 0xFFFB},   {0x110BD, 0x110BD},
        {0x110CD, 0x110CD}, {0x13430, 0x1343F}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A},
        {0xE0000, 0xE0FFF},
    };
    long cases = 0;
    for (size_t r = 0; r < sizeof(invisible) / sizeof(invisible[0]); r++) {
        for (uint32_t cp = invisible[r].lo; cp <= invisible[r].hi; cp++) {
            ck_assert_msg(dd_is_control_or_format(cp), "U+%04X not escaped", (unsigned)cp);
            char in[128];
            size_t o = 0;
            in[o++] = '[';
            for (size_t i = 0; i < 9; i++) {
                if (i)
                    put_utf8(in, &o, cp);
                in[o++] = API_KEY[i];
            }
            in[o++] = ']';
            in[o] = '\0';
            char *out = r_all(in);
            ck_assert_msg(strcmp(out, "[<redacted>]") == 0, "U+%04X: %s", (unsigned)cp, out);
            free(out);
            cases++;
        }
    }
    ck_assert_int_eq(cases, 4096 + 110);
}
END_TEST

START_TEST(short_keys_and_no_redactor)
{
    const char *keys[] = { "short", "1234567" };
    dd_redactor *r = dd_redactor_new(keys, 2);
    ck_assert_ptr_nonnull(r);
    char *out = dd_redact(r, "short 1234567", 13, DD_REDACT_ALL);
    ck_assert_str_eq(out, "short 1234567");
    free(out);
    dd_redactor_free(r);
    /* One character eight times is padding in ids, not a key's run; the
     * runs around it are. */
    const char *padded[] = { "Zr4k00000000Yp7m1Qx9" };
    r = dd_redactor_new(padded, 1);
    ck_assert_ptr_nonnull(r);
    out = dd_redact(r, "00D000000000001AAA k00000000Y 00000000Yp7m 0000000000",
                    54, DD_REDACT_ALL);
    ck_assert_str_eq(out, "00D000000000001AAA <redacted> <redacted> 0000000000");
    free(out);
    dd_redactor_free(r);
    out = dd_redact(NULL, "abc " API_KEY, 4 + strlen(API_KEY), 6);
    ck_assert_str_eq(out, "abc Qm");
    free(out);
    dd_redactor_free(NULL);
}
END_TEST

/* A key across the cut at every offset: the result holds at most keep
 * characters of the text (a marker is never cut), and no piece of the key. */
START_TEST(cut_after_redaction_at_every_offset)
{
    for (size_t keep = 1; keep < 80; keep++) {
        for (size_t pad = 0; pad < 80; pad++) {
            char in[200];
            memset(in, '.', pad);
            snprintf(in + pad, sizeof(in) - pad, "%s tail", API_KEY);
            char *out = dd_redact(red, in, strlen(in), keep);
            ck_assert_ptr_nonnull(out);
            ck_assert_msg(!leaks(out, API_KEY, APP_KEY), "leak at keep %zu pad %zu", keep, pad);
            const char *mark = strstr(out, DD_REDACT_MARK);
            size_t shown = strlen(out) - (mark ? strlen(DD_REDACT_MARK) : 0);
            if (pad < keep) {
                ck_assert_msg(mark != NULL, "keep %zu pad %zu: no marker", keep, pad);
                ck_assert_uint_eq(shown, pad + (keep >= pad + strlen(API_KEY) + 5
                                                    ? 5 : keep > pad + strlen(API_KEY)
                                                    ? keep - pad - strlen(API_KEY) : 0));
            } else {
                ck_assert_ptr_null(mark);
                ck_assert_uint_eq(shown, keep);
            }
            free(out);
        }
    }
    /* Multi-byte characters are never split, and count as one. */
    char *out = dd_redact(red, "\u00e9\u00e9\u00e9", 6, 2);
    ck_assert_str_eq(out, "\u00e9\u00e9");
    free(out);
}
END_TEST

START_TEST(error_text_and_messages)
{
    dd_error e;
    dd_error_init(&e);
    dd_error_set(&e, DD_E_HTTP, "HTTP 400 Bad Request: bad key %s", API_KEY);
    dd_error_add_message(&e, "bad key " API_KEY);
    dd_error_add_message(&e, "app %51%6D%37%56%74%32%4C%78" APP_KEY);
    ck_assert_int_eq(dd_redact_error(red, &e), 0);
    ck_assert_str_eq(e.text, "HTTP 400 Bad Request: bad key <redacted>");
    ck_assert_str_eq(e.messages[0], "bad key <redacted>");
    ck_assert_str_eq(e.messages[1], "app <redacted>");
    ck_assert_int_eq(e.code, DD_E_HTTP);
    ck_assert(dd_redact_finds(red, "x" API_KEY, 1 + strlen(API_KEY)));
    ck_assert(dd_redact_finds(red, "%2551%256d%2537%2556%2574%2532%254c%2578", 40));
    ck_assert(!dd_redact_finds(red, e.text, strlen(e.text)));
    dd_error_clear(&e);
}
END_TEST

/* ---- Every error form, every encoding, every cut --------------------------- */

static const char *const forms[] = { "strings", "string", "detail", "title", "pointer", "text",
                                     "html" };
static const char *const encodings[] = { "plain", "upper", "percent", "percent-lower", "json",
                                         "html-entity", "hidden" };
#define PADS 1100

static void put_key(char *out, size_t cap, const char *enc, const char *key)
{
    size_t o = strlen(out);
    for (size_t i = 0; key[i] && o + 12 < cap; i++) {
        unsigned char c = (unsigned char)key[i];
        if (strcmp(enc, "upper") == 0)
            o += (size_t)snprintf(out + o, cap - o, "%c", c >= 'a' && c <= 'z' ? c - 32 : c);
        else if (strcmp(enc, "percent") == 0)
            o += (size_t)snprintf(out + o, cap - o, "%%%02X", c);
        else if (strcmp(enc, "percent-lower") == 0)
            o += (size_t)snprintf(out + o, cap - o, "%%%02x", c);
        else if (strcmp(enc, "json") == 0)
            o += (size_t)snprintf(out + o, cap - o, "\\u%04x", c);
        else if (strcmp(enc, "html-entity") == 0)
            o += (size_t)snprintf(out + o, cap - o, "&#%d;", c);
        else if (strcmp(enc, "hidden") == 0 && i % 3 == 2)
            o += (size_t)snprintf(out + o, cap - o, "%c\u200b", c);
        else
            o += (size_t)snprintf(out + o, cap - o, "%c", c);
    }
}

/* "<pad>Invalid API key K1 for application key K2" in the encoding. */
static void message(char *out, size_t cap, size_t pad, const char *padc, const char *enc)
{
    out[0] = '\0';
    for (size_t i = 0; i < pad; i++)
        strcat(out, padc);
    strcat(out, "Invalid API key ");
    put_key(out, cap, enc, API_KEY);
    strcat(out, " for application key ");
    put_key(out, cap, enc, APP_KEY);
}

/* The error body of one form around msg; malloc'd. */
static char *body_of(const char *form, const char *msg)
{
    cJSON *doc = cJSON_CreateObject();
    if (strcmp(form, "strings") == 0) {
        cJSON *arr = cJSON_AddArrayToObject(doc, "errors");
        cJSON_AddItemToArray(arr, cJSON_CreateString(msg));
    } else if (strcmp(form, "string") == 0) {
        cJSON_AddStringToObject(doc, "errors", msg);
    } else if (strcmp(form, "text") == 0 || strcmp(form, "html") == 0) {
        cJSON_Delete(doc);
        size_t n = strlen(msg) + 128;
        char *b = malloc(n);
        snprintf(b, n, strcmp(form, "text") == 0 ? "%s\n" : "<html><body><p>%s</p></body></html>",
                 msg);
        return b;
    } else {
        cJSON *arr = cJSON_AddArrayToObject(doc, "errors");
        cJSON *e = cJSON_CreateObject();
        cJSON_AddItemToArray(arr, e);
        cJSON_AddStringToObject(e, "status", "403");
        cJSON_AddStringToObject(e, "title", msg);
        if (strcmp(form, "title") != 0)
            cJSON_AddStringToObject(e, "detail", msg);
        if (strcmp(form, "pointer") == 0) {
            cJSON *src = cJSON_AddObjectToObject(e, "source");
            cJSON_AddStringToObject(src, "pointer", msg);
        }
        cJSON *meta = cJSON_AddObjectToObject(e, "meta");
        cJSON_AddStringToObject(meta, "api_key", API_KEY);
    }
    char *b = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    return b;
}

static int stride(void)
{
    const char *pre = getenv("LD_PRELOAD");
    return pre && strstr(pre, "vgpreload") ? 7 : 1;
}

START_TEST(error_bodies_never_show_a_key_piece)
{
    /* A UTF-8 terminal with one-byte padding; a plain one (non-ASCII shown
     * as '?') with two-byte padding, so cuts fall between bytes of one
     * character too. */
    static const char *const pads[] = { ".", "\u00e9" };
    static const unsigned modes[] = { 0, DD_SAN_ASCII };
    unsigned saved = dd_sanitize_mode;
    long cases = 0;
    char *msg = malloc(16384);
    for (size_t m = 0; m < 2; m++) {
        dd_sanitize_mode = modes[m];
        for (size_t f = 0; f < sizeof(forms) / sizeof(forms[0]); f++) {
            for (size_t e = 0; e < sizeof(encodings) / sizeof(encodings[0]); e++) {
                for (size_t p = m; p == m; p++) {
                    for (size_t pad = 0; pad < PADS; pad += (size_t)stride()) {
                        message(msg, 16384, pad, pads[p], encodings[e]);
                        char *body = body_of(forms[f], msg);
                        dd_error err;
                        dd_error_init(&err);
                        dd_parse_error_body(400, body, strlen(body), red, &err);
                        free(body);
                        char where[160];
                        snprintf(where, sizeof(where), "%s, %s, pad %zu x '%s', mode %u",
                                 forms[f], encodings[e], pad, pads[p], modes[m]);
                        ck_assert_msg(!leaks(err.text, API_KEY, APP_KEY), "text: %s", where);
                        for (size_t i = 0; i < err.n_messages; i++)
                            ck_assert_msg(!leaks(err.messages[i], API_KEY, APP_KEY),
                                          "message: %s", where);
                        static const size_t sizes[] = { 2048, 1024, 600, 512, 256 };
                        for (size_t s = 0; s < 5; s++) {
                            char text[2048];
                            dd_error_describe(&err, text, sizes[s]);
                            ck_assert_msg(!leaks(text, API_KEY, APP_KEY), "describe(%zu): %s",
                                          sizes[s], where);
                        }
                        dd_error_clear(&err);
                        cases++;
                    }
                }
            }
        }
    }
    free(msg);
    dd_sanitize_mode = saved;
    fprintf(stderr, "error_bodies_never_show_a_key_piece: %ld cases\n", cases);
    ck_assert_int_eq(cases, 2 * 7 * 7 * ((PADS + stride() - 1) / stride()));
}
END_TEST

/* Without the redactor the same bodies do show the keys: the check above
 * can fail. */
START_TEST(the_check_sees_unredacted_keys)
{
    char msg[512];
    for (size_t e = 0; e < sizeof(encodings) / sizeof(encodings[0]); e++) {
        message(msg, sizeof(msg), 3, ".", encodings[e]);
        char *body = body_of("text", msg);
        dd_error err;
        dd_error_init(&err);
        dd_parse_error_body(400, body, strlen(body), NULL, &err);
        free(body);
        ck_assert_msg(leaks(err.text, API_KEY, APP_KEY), "%s not seen", encodings[e]);
        dd_error_clear(&err);
    }
}
END_TEST

static Suite *redact_suite(void)
{
    Suite *s = suite_create("redact");
    TCase *tc = tcase_create("redactor");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, whole_keys_and_their_pieces);
    tcase_add_test(tc, every_way_a_key_is_written);
    tcase_add_test(tc, every_invisible_character_between_a_keys_characters);
    tcase_add_test(tc, short_keys_and_no_redactor);
    tcase_add_test(tc, cut_after_redaction_at_every_offset);
    tcase_add_test(tc, error_text_and_messages);
    suite_add_tcase(s, tc);
    TCase *prop = tcase_create("error_bodies");
    tcase_add_checked_fixture(prop, setup, teardown);
    tcase_set_timeout(prop, 600);
    tcase_add_test(prop, error_bodies_never_show_a_key_piece);
    tcase_add_test(prop, the_check_sees_unredacted_keys);
    suite_add_tcase(s, prop);
    return s;
}

int main(void)
{
    return dd_run_suite(redact_suite());
}
