#include <check.h>
#include <locale.h>
#include <string.h>

#include "suite_main.h"
#include "textwidth.h"

#define ELL "\u2026"

START_TEST(widths)
{
    ck_assert_int_eq(dd_text_width(""), 0);
    ck_assert_int_eq(dd_text_width("Acme"), 4);
    ck_assert_int_eq(dd_text_width("caf\u00e9"), 4);
    ck_assert_int_eq(dd_text_width("\u65e5\u672c\u8a9e"), 6);       /* CJK: 2 each */
    ck_assert_int_eq(dd_text_width("\U0001F600"), 2);                /* emoji */
    ck_assert_int_eq(dd_text_width("e\u0301"), 1);                   /* combining acute */
    ck_assert_int_eq(dd_text_width("\u241b[31m"), 5);                /* control picture */
    ck_assert_int_eq(dd_text_width("\uFFFD"), 1);
    ck_assert_int_eq(dd_text_width("\xff"), 1);                      /* stray byte */
}
END_TEST

START_TEST(fit_without_cut)
{
    char buf[64];
    ck_assert_int_eq(dd_text_fit("Acme", 10, 0, 0, buf, sizeof(buf)), 4);
    ck_assert_str_eq(buf, "Acme");
    ck_assert_int_eq(dd_text_fit("Acme", 8, 1, 0, buf, sizeof(buf)), 8);
    ck_assert_str_eq(buf, "Acme    ");
    ck_assert_int_eq(dd_text_fit("Acme", 4, 1, 0, buf, sizeof(buf)), 4);
    ck_assert_str_eq(buf, "Acme");
    ck_assert_int_eq(dd_text_fit("\u65e5\u672c", 5, 1, 0, buf, sizeof(buf)), 5);
    ck_assert_str_eq(buf, "\u65e5\u672c ");
}
END_TEST

START_TEST(fit_cuts_with_ellipsis)
{
    char buf[64];
    ck_assert_int_eq(dd_text_fit("Acme Production", 8, 0, 0, buf, sizeof(buf)), 8);
    ck_assert_str_eq(buf, "Acme Pr" ELL);
    ck_assert_int_eq(dd_text_width(buf), 8);
    ck_assert_int_eq(dd_text_fit("Acme Production", 8, 1, 1, buf, sizeof(buf)), 8);
    ck_assert_str_eq(buf, "Acme Pr~");
    ck_assert_int_eq(dd_text_fit("Acme", 1, 1, 0, buf, sizeof(buf)), 1);
    ck_assert_str_eq(buf, ELL);
    ck_assert_int_eq(dd_text_fit("Acme", 0, 1, 0, buf, sizeof(buf)), 0);
    ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(cut_never_splits_wide_char)
{
    char buf[64];
    /* 4 columns: one CJK char (2) + ellipsis (1); the next wide char would
     * need 2 more, so it goes whole and a space pads the last column. */
    ck_assert_int_eq(dd_text_fit("\u65e5\u672c\u8a9e", 4, 1, 0, buf, sizeof(buf)), 4);
    ck_assert_str_eq(buf, "\u65e5" ELL " ");
    ck_assert_int_eq(dd_text_fit("\u65e5\u672c\u8a9e", 4, 0, 0, buf, sizeof(buf)), 3);
    ck_assert_str_eq(buf, "\u65e5" ELL);
    ck_assert_int_eq(dd_text_fit("\u65e5\u672c\u8a9e", 5, 1, 0, buf, sizeof(buf)), 5);
    ck_assert_str_eq(buf, "\u65e5\u672c" ELL);
    ck_assert_int_eq(dd_text_fit("a\U0001F600\U0001F600", 3, 1, 0, buf, sizeof(buf)), 3);
    ck_assert_str_eq(buf, "a" ELL " ");
    ck_assert_int_eq(dd_text_fit("\U0001F600\U0001F600", 2, 1, 1, buf, sizeof(buf)), 2);
    ck_assert_str_eq(buf, "~ ");
}
END_TEST

START_TEST(padding_is_exact_for_every_width)
{
    static const char *samples[] = { "Acme Production", "\u65e5\u672c\u8a9e\u306e\u7d44\u7e54",
                                     "x\U0001F600y\U0001F600z", "e\u0301e\u0301e\u0301", "" };
    char buf[128];
    for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
        for (int cols = 1; cols <= 20; cols++) {
            int got = dd_text_fit(samples[i], cols, 1, 0, buf, sizeof(buf));
            ck_assert_int_eq(got, cols);
            ck_assert_msg(dd_text_width(buf) == cols, "sample %zu cols %d: \"%s\"", i, cols, buf);
            int unpadded = dd_text_fit(samples[i], cols, 0, 0, buf, sizeof(buf));
            ck_assert_int_le(unpadded, cols);
            ck_assert_int_eq(dd_text_width(buf), unpadded);
        }
    }
}
END_TEST

START_TEST(small_buffer_stays_valid)
{
    char buf[6];
    /* Room for "ab" + ellipsis (5 bytes) and the NUL, not for more. */
    int w = dd_text_fit("abcdefghij", 8, 1, 0, buf, sizeof(buf));
    ck_assert_uint_lt(strlen(buf), sizeof(buf));
    ck_assert_int_eq(dd_text_width(buf), w);
    ck_assert_str_eq(buf, "ab" ELL);
    char one[1];
    ck_assert_int_eq(dd_text_fit("abc", 3, 1, 0, one, sizeof(one)), 0);
    ck_assert_str_eq(one, "");
}
END_TEST

int main(void)
{
    /* wcwidth() answers for UTF-8 only under a UTF-8 LC_CTYPE. */
    if (!setlocale(LC_ALL, "C.UTF-8"))
        return 77;  /* skipped: the test cannot mean anything here */
    Suite *s = suite_create("textwidth");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, widths);
    tcase_add_test(tc, fit_without_cut);
    tcase_add_test(tc, fit_cuts_with_ellipsis);
    tcase_add_test(tc, cut_never_splits_wide_char);
    tcase_add_test(tc, padding_is_exact_for_every_width);
    tcase_add_test(tc, small_buffer_stays_valid);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
