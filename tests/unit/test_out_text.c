/* JSON strings and CSV fields of the machine outputs (src/out_text.c):
 * exact for a parser, inert on a terminal, spreadsheet-safe CSV. */
#include <check.h>
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "out_text.h"
#include "sanitize.h"
#include "suite_main.h"

static char *capture_json(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    dd_json_string(f, s);
    fclose(f);
    return buf;
}

static char *capture_csv(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    dd_csv_field(f, s);
    fclose(f);
    return buf;
}

#define JSON_IS(in, want)                                                                      \
    do {                                                                                       \
        char *got_ = capture_json(in);                                                         \
        ck_assert_str_eq(got_, want);                                                          \
        free(got_);                                                                            \
    } while (0)

START_TEST(json_plain_and_quoted)
{
    JSON_IS("Acme", "\"Acme\"");
    JSON_IS("", "\"\"");
    JSON_IS(NULL, "null");
    JSON_IS("say \"hi\" \\o/", "\"say \\\"hi\\\" \\\\o/\"");
    /* Letters of every script, emoji: as they are, whatever the locale. */
    JSON_IS("caf\u00e9 \u6771\u4eac \U0001F680", "\"caf\u00e9 \u6771\u4eac \U0001F680\"");
}
END_TEST

START_TEST(json_controls_and_format_characters_escaped)
{
    JSON_IS("a\x1b[2Jb", "\"a\\u001b[2Jb\"");
    JSON_IS("\t\r\n\b\x01", "\"\\u0009\\u000d\\u000a\\u0008\\u0001\"");
    JSON_IS("del\x7f", "\"del\\u007f\"");
    JSON_IS("c1\xc2\x85\xc2\x9b", "\"c1\\u0085\\u009b\"");
    JSON_IS("\u202egnp.exe\u202c", "\"\\u202egnp.exe\\u202c\"");
    JSON_IS("\u2066i\u2069\u200e\u200f\u061c", "\"\\u2066i\\u2069\\u200e\\u200f\\u061c\"");
    JSON_IS("z\u200bw\ufeffb\u00ads\u2060", "\"z\\u200bw\\ufeffb\\u00ads\\u2060\"");
    JSON_IS("l\u2028p\u2029", "\"l\\u2028p\\u2029\"");
    /* Above U+FFFF: a surrogate pair (a tag character). */
    JSON_IS("t\U000E0001", "\"t\\udb40\\udc01\"");
}
END_TEST

START_TEST(json_ill_formed_utf8_is_fffd)
{
    JSON_IS("a\xff" "b", "\"a\uFFFDb\"");
    JSON_IS("\xc3(", "\"\uFFFD(\"");
    JSON_IS("\xed\xa0\x80", "\"\uFFFD\uFFFD\uFFFD\"");
}
END_TEST

/* Every code point (surrogates aside), in strings of 4,096: a JSON parser
 * reads back exactly what was written, and the text holds no raw control
 * or format character. */
START_TEST(json_round_trips_every_code_point)
{
    enum { PER = 4096 };
    char *in = malloc(PER * 4 + 1);
    for (uint32_t start = 0; start <= 0x10FFFF; start += PER) {
        size_t n = 0;
        for (uint32_t cp = start ? start : 1; cp < start + PER && cp <= 0x10FFFF; cp++) {
            if (cp >= 0xD800 && cp <= 0xDFFF)
                continue;
            if (cp < 0x80) {
                in[n++] = (char)cp;
            } else if (cp < 0x800) {
                in[n++] = (char)(0xC0 | (cp >> 6));
                in[n++] = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                in[n++] = (char)(0xE0 | (cp >> 12));
                in[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                in[n++] = (char)(0x80 | (cp & 0x3F));
            } else {
                in[n++] = (char)(0xF0 | (cp >> 18));
                in[n++] = (char)(0x80 | ((cp >> 12) & 0x3F));
                in[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                in[n++] = (char)(0x80 | (cp & 0x3F));
            }
        }
        in[n] = '\0';
        char *json = capture_json(in);
        size_t jl = strlen(json);
        for (size_t i = 0; i < jl;) {
            uint32_t cp;
            i += dd_utf8_next(json + i, jl - i, &cp);
            ck_assert_msg(cp != DD_UTF8_BAD && !dd_is_control_or_format(cp),
                          "U+%04X written raw (block at U+%04X)", (unsigned)cp,
                          (unsigned)start);
        }
        cJSON *back = cJSON_Parse(json);
        ck_assert_msg(cJSON_IsString(back), "block at U+%04X does not parse", (unsigned)start);
        ck_assert_msg(strcmp(back->valuestring, in) == 0, "block at U+%04X differs",
                      (unsigned)start);
        cJSON_Delete(back);
        free(json);
    }
    free(in);
}
END_TEST

START_TEST(csv_quoting)
{
    const char *in[] = {"plain", "a,b", "say \"hi\"", "two\nlines", "", "cr\rx", "\x1b[2J"};
    const char *want[] = {"plain", "\"a,b\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"", "",
                          "\"cr\rx\"", "\x1b[2J"};
    for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
        char *got = capture_csv(in[i]);
        ck_assert_str_eq(got, want[i]);
        free(got);
    }
    char *none = capture_csv(NULL);
    ck_assert_str_eq(none, "");
    free(none);
}
END_TEST

/* A cell a spreadsheet would run as a formula gets a leading quote, inside
 * the field's own quotes when it has them. */
START_TEST(csv_formulas_neutralised)
{
    const char *in[] = {"=1+2", "+1", "-2", "@SUM(A1)", "\tTab", "\rCR",
                        "=HYPERLINK(\"x\",\"y\")", "a=b", " =x", "'already"};
    const char *want[] = {"'=1+2", "'+1", "'-2", "'@SUM(A1)", "'\tTab", "\"'\rCR\"",
                          "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"", "a=b", " =x", "'already"};
    for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
        char *got = capture_csv(in[i]);
        ck_assert_msg(strcmp(got, want[i]) == 0, "case %zu: %s", i, got);
        free(got);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("out_text");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, json_plain_and_quoted);
    tcase_add_test(tc, json_controls_and_format_characters_escaped);
    tcase_add_test(tc, json_ill_formed_utf8_is_fffd);
    tcase_add_test(tc, json_round_trips_every_code_point);
    tcase_add_test(tc, csv_quoting);
    tcase_add_test(tc, csv_formulas_neutralised);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
