#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "suite_main.h"

#define FFFD "\uFFFD"
#define ELL "\u2026"

/* Cleans s (length given, so NUL bytes can be part of it) in UTF-8 mode and
 * compares with want. */
static void check_clean(const char *s, size_t n, unsigned flags, const char *want)
{
    char *got = dd_sanitize(s, n, flags);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, want);
    free(got);
}
#define CLEAN(lit, want) check_clean(lit, sizeof(lit) - 1, 0, want)
#define CLEAN_ASCII(lit, want) check_clean(lit, sizeof(lit) - 1, DD_SAN_ASCII, want)

START_TEST(default_mode_is_utf8)
{
    ck_assert_uint_eq(dd_sanitize_mode, 0);
}
END_TEST

START_TEST(plain_text_unchanged)
{
    CLEAN("Acme Production", "Acme Production");
    CLEAN("", "");
    CLEAN("caf\u00e9 \u65e5\u672c \U0001F600", "caf\u00e9 \u65e5\u672c \U0001F600");
    CLEAN("\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf"); /* U+10FFFF, the last code point */
    ck_assert(dd_sanitize_is_clean("Acme", 4, 0));
    ck_assert(dd_sanitize_is_clean("\u65e5\u672c", 6, 0));
}
END_TEST

START_TEST(c0_controls_become_pictures)
{
    CLEAN("\x1b[31mred\x1b[0m", "\u241b[31mred\u241b[0m");
    CLEAN("ok\rEVIL", "ok\u240dEVIL");
    CLEAN("abc\b\b\bxyz", "abc\u2408\u2408\u2408xyz");
    CLEAN("line1\nline2\ttab", "line1\u240aline2\u2409tab");
    CLEAN("a\x7f", "a\u2421");
    CLEAN("\x01\x1f", "\u2401\u241f");
    /* A NUL inside the given length is shown, not a silent truncation. */
    CLEAN("a\0b", "a\u2400b");
    ck_assert(!dd_sanitize_is_clean("a\rb", 3, 0));
    ck_assert(!dd_sanitize_is_clean("a\x7f", 2, 0));
}
END_TEST

START_TEST(c1_controls_become_replacement)
{
    CLEAN("a\xc2\x85z", "a" FFFD "z");            /* NEL */
    CLEAN("\xc2\x9b" "31m", FFFD "31m");         /* CSI */
    CLEAN("\xc2\x80\xc2\x9f", FFFD FFFD);
    CLEAN("\xc2\xa0", "\u00a0");                 /* first non-C1 stays */
    ck_assert(!dd_sanitize_is_clean("\xc2\x9b", 2, 0));
}
END_TEST

START_TEST(bidi_controls_removed)
{
    CLEAN("evil\u202Etxt.exe", "eviltxt.exe");
    CLEAN("\u202A\u202B\u202C\u202D\u202E|\u2066\u2067\u2068\u2069|\u200E\u200F\u061C", "||");
    /* Neighbours of the ranges are ordinary characters. */
    CLEAN("\u2029\u202F\u2065\u206A\u200D\u061B", "\u2029\u202F\u2065\u206A\u200D\u061B");
    ck_assert(!dd_sanitize_is_clean("a\u202Eb", 5, 0));
}
END_TEST

START_TEST(invalid_utf8_replaced)
{
    CLEAN("a\x80z", "a" FFFD "z");
    CLEAN("\xff\xfe", FFFD FFFD);
    CLEAN("x\xe2\x82", "x" FFFD);                 /* truncated at the end */
    CLEAN("\xe2\x82" "A", FFFD "A");              /* broken by an ASCII byte */
    CLEAN("\xf0\x9f\x98" "\xf0\x9f\x98\x80", FFFD "\U0001F600");
    ck_assert(!dd_sanitize_is_clean("a\x80", 2, 0));
}
END_TEST

START_TEST(overlongs_surrogates_and_beyond_range)
{
    CLEAN("\xc0\xaf", FFFD FFFD);                 /* overlong '/' */
    CLEAN("\xc1\xbf", FFFD FFFD);
    CLEAN("\xe0\x80\xaf", FFFD FFFD FFFD);        /* 3-byte overlong */
    CLEAN("\xf0\x80\x80\xaf", FFFD FFFD FFFD FFFD);
    CLEAN("\xed\xa0\x80", FFFD FFFD FFFD);        /* U+D800 */
    CLEAN("\xed\xbf\xbf", FFFD FFFD FFFD);        /* U+DFFF */
    CLEAN("\xed\x9f\xbf", "\ud7ff");
    CLEAN("\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD); /* U+110000 */
    CLEAN("\xf5\x80\x80\x80", FFFD FFFD FFFD FFFD);
    ck_assert(!dd_sanitize_is_clean("\xc0\xaf", 2, 0));
    ck_assert(!dd_sanitize_is_clean("\xed\xa0\x80", 3, 0));
}
END_TEST

START_TEST(ascii_mode)
{
    CLEAN_ASCII("plain ~text~", "plain ~text~");
    CLEAN_ASCII("caf\u00e9", "caf?");
    CLEAN_ASCII("\U0001F600!", "?!");             /* one '?' per character */
    CLEAN_ASCII("\x1b[2J\r\b\x7f", "?[2J???");
    CLEAN_ASCII("\xc2\x85", "?");
    CLEAN_ASCII("\xe2\x82" "A\xff", "?A?");
    CLEAN_ASCII("a\u202Eb", "ab");
    ck_assert(dd_sanitize_is_clean("abc", 3, DD_SAN_ASCII));
    ck_assert(!dd_sanitize_is_clean("caf\u00e9", 5, DD_SAN_ASCII));
}
END_TEST

START_TEST(huge_ascii_input_capped)
{
    size_t n = 1 << 20;
    char *big = malloc(n);
    memset(big, 'a', n);
    char *got = dd_sanitize(big, n, 0);
    size_t len = strlen(got);
    ck_assert_uint_eq(len, DD_SAN_MAX_BYTES);
    ck_assert_str_eq(got + len - 3, ELL);
    for (size_t i = 0; i < len - 3; i++)
        ck_assert_int_eq(got[i], 'a');
    ck_assert(!dd_sanitize_is_clean(big, n, 0));
    free(got);
    got = dd_sanitize(big, n, DD_SAN_ASCII);
    ck_assert_uint_eq(strlen(got), DD_SAN_MAX_BYTES);
    ck_assert_str_eq(got + DD_SAN_MAX_BYTES - 3, "...");
    free(got);
    free(big);
}
END_TEST

START_TEST(cap_exact_boundary)
{
    char buf[DD_SAN_MAX_BYTES + 2];
    memset(buf, 'b', sizeof(buf));
    char *got = dd_sanitize(buf, DD_SAN_MAX_BYTES, 0);
    ck_assert_uint_eq(strlen(got), DD_SAN_MAX_BYTES);
    ck_assert_ptr_null(strstr(got, ELL));
    free(got);
    got = dd_sanitize(buf, DD_SAN_MAX_BYTES + 1, 0);
    ck_assert_uint_eq(strlen(got), DD_SAN_MAX_BYTES);
    ck_assert_str_eq(got + DD_SAN_MAX_BYTES - 3, ELL);
    free(got);
}
END_TEST

START_TEST(cap_cuts_on_character_boundary)
{
    /* 1000 three-byte characters: 340 fit with the ellipsis in 1024 bytes. */
    size_t n = 1000 * 3;
    char *in = malloc(n);
    for (size_t i = 0; i < n; i += 3)
        memcpy(in + i, "\u65e5", 3);
    char *got = dd_sanitize(in, n, 0);
    size_t len = strlen(got);
    ck_assert_uint_eq(len, 340 * 3 + 3);
    ck_assert_int_eq(memcmp(got, in, 340 * 3), 0);
    ck_assert_str_eq(got + 340 * 3, ELL);
    free(got);
    free(in);

    /* Expansion counts: 400 ESC bytes become 1200 bytes of pictures. */
    char esc[400];
    memset(esc, 0x1b, sizeof(esc));
    got = dd_sanitize(esc, sizeof(esc), 0);
    ck_assert_uint_le(strlen(got), DD_SAN_MAX_BYTES);
    ck_assert_uint_eq(strlen(got), 340 * 3 + 3);
    ck_assert_str_eq(got + strlen(got) - 3, ELL);
    free(got);
}
END_TEST

START_TEST(into_small_buffers)
{
    char buf[8];
    ck_assert_uint_eq(dd_sanitize_into("abcdefgh", 8, 0, buf, 5), 4);
    ck_assert_str_eq(buf, "a" ELL);
    /* Only the ellipsis fits next to nothing: it replaces the text. */
    ck_assert_uint_eq(dd_sanitize_into("\u00e9\u00e9\u00e9", 6, 0, buf, 4), 3);
    ck_assert_str_eq(buf, ELL);
    /* No room for the ellipsis: plain cut on a character boundary. */
    ck_assert_uint_eq(dd_sanitize_into("\u00e9\u00e9\u00e9", 6, 0, buf, 3), 2);
    ck_assert_str_eq(buf, "\u00e9");
    ck_assert_uint_eq(dd_sanitize_into("\u00e9\u00e9\u00e9", 6, 0, buf, 2), 0);
    ck_assert_str_eq(buf, "");
    ck_assert_uint_eq(dd_sanitize_into("abc", 3, 0, buf, 1), 0);
    ck_assert_str_eq(buf, "");
    ck_assert_uint_eq(dd_sanitize_into("abc", 3, 0, buf, 4), 3);
    ck_assert_str_eq(buf, "abc");
    ck_assert_uint_eq(dd_sanitize_into("abcdef", 6, DD_SAN_ASCII, buf, 6), 5);
    ck_assert_str_eq(buf, "ab...");
}
END_TEST

START_TEST(cleaning_is_idempotent)
{
    static const struct { const char *s; size_t n; } cases[] = {
        { "\x1b]0;title\x07\r\n", 12 },
        { "\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80", 9 },
        { "\xc2\x9b\u202E\u2066x", 10 },
        { "\U0001F600\u00e9\t\x7f", 9 },
        { "\xe2\x82", 2 },
    };
    for (unsigned mode = 0; mode <= DD_SAN_ASCII; mode++) {
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
            char *once = dd_sanitize(cases[i].s, cases[i].n, mode);
            ck_assert_msg(dd_sanitize_is_clean(once, strlen(once), mode), "case %zu mode %u", i, mode);
            char *twice = dd_sanitize(once, strlen(once), mode);
            ck_assert_str_eq(twice, once);
            free(once);
            free(twice);
        }
    }
    /* A capped result is clean too: cleaning it again changes nothing. */
    char big[3000];
    memset(big, '\r', sizeof(big));
    char *once = dd_sanitize(big, sizeof(big), 0);
    ck_assert(dd_sanitize_is_clean(once, strlen(once), 0));
    char *twice = dd_sanitize(once, strlen(once), 0);
    ck_assert_str_eq(once, twice);
    free(once);
    free(twice);
}
END_TEST

/* ---- Exact text ---------------------------------------------------------- */

static void check_repair(const char *s, size_t n, const char *want)
{
    size_t len = 0;
    char *got = dd_utf8_repair(s, n, &len);
    ck_assert_ptr_nonnull(got);
    ck_assert_uint_eq(len, strlen(want));
    ck_assert_mem_eq(got, want, len + 1);
    ck_assert(dd_utf8_valid(got, len));
    free(got);
}
#define REPAIR(lit, want) check_repair(lit, sizeof(lit) - 1, want)

START_TEST(exact_text_keeps_everything_but_ill_formed_utf8)
{
    /* Controls, bidi, C1, long text: kept; only what is not UTF-8 changes,
     * one U+FFFD per maximal subpart, as the cleaner counts them. */
    REPAIR("a\x1b[2J\r\n\xc2\x85\u202e\u65e5", "a\x1b[2J\r\n\xc2\x85\u202e\u65e5");
    REPAIR("\xff\xfe", FFFD FFFD);
    REPAIR("\xc3(", FFFD "(");
    REPAIR("\xe2\x82", FFFD);
    REPAIR("\xed\xa0\x80", FFFD FFFD FFFD);
    REPAIR("\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD);
    REPAIR("\xc0\xaf", FFFD FFFD);
    REPAIR("", "");
    ck_assert(dd_utf8_valid("caf\u00e9 \U0001F600", 10));
    ck_assert(!dd_utf8_valid("\xc3", 1));
    /* No cap: 100 KB stay 100 KB. */
    size_t n = 100 * 1024;
    char *big = malloc(n);
    memset(big, 'x', n);
    big[n - 1] = '\xff';
    size_t len;
    char *got = dd_utf8_repair(big, n, &len);
    ck_assert_uint_eq(len, n - 1 + 3);
    ck_assert_str_eq(got + n - 1, FFFD);
    free(got);
    free(big);
}
END_TEST

START_TEST(control_and_format_characters)
{
    static const uint32_t yes[] = {0x00, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9B, 0x9F, 0xAD,
                                   0x600, 0x61C, 0x6DD, 0x70F, 0x180E, 0x200B, 0x200E, 0x200F,
                                   0x2028, 0x2029, 0x202A, 0x202E, 0x2060, 0x2064, 0x2066,
                                   0x2069, 0x206F, 0xFEFF, 0xFFF9, 0xFFFB, 0x110BD, 0x1343F,
                                   0x1D173, 0xE0000, 0xE0001, 0xE0020, 0xE007F, 0xE0080, 0xE0FFF,
                                   0x34F, 0x115F, 0x17B4, 0x180B, 0x180F, 0x3164, 0xFE0F, 0xFFA0};
    static const uint32_t no[] = {0x20, 'A', 0x7E, 0xA0, 0xE9, 0x5D0, 0x627, 0x200A, 0x2010,
                                  0x2030, 0x2070, 0x241B, 0x3000, 0x65E5, 0xFEFE, 0xFFFD, 0xFFFC,
                                  0x1F600, 0xE1000, 0xDFFFF, 0x10FFFF};
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
        ck_assert_msg(dd_is_control_or_format(yes[i]), "U+%04X", (unsigned)yes[i]);
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
        ck_assert_msg(!dd_is_control_or_format(no[i]), "U+%04X", (unsigned)no[i]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sanitize");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, default_mode_is_utf8);
    tcase_add_test(tc, plain_text_unchanged);
    tcase_add_test(tc, c0_controls_become_pictures);
    tcase_add_test(tc, c1_controls_become_replacement);
    tcase_add_test(tc, bidi_controls_removed);
    tcase_add_test(tc, invalid_utf8_replaced);
    tcase_add_test(tc, overlongs_surrogates_and_beyond_range);
    tcase_add_test(tc, ascii_mode);
    tcase_add_test(tc, huge_ascii_input_capped);
    tcase_add_test(tc, cap_exact_boundary);
    tcase_add_test(tc, cap_cuts_on_character_boundary);
    tcase_add_test(tc, into_small_buffers);
    tcase_add_test(tc, cleaning_is_idempotent);
    tcase_add_test(tc, exact_text_keeps_everything_but_ill_formed_utf8);
    tcase_add_test(tc, control_and_format_characters);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
