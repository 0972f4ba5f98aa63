/* The typed confirmation's text (confirm_text.h): the operator types what
 * the screen shows; names that cannot tell an org apart give way to its id. */
#include <check.h>
#include <string.h>

#include "confirm_text.h"
#include "sanitize.h"
#include "suite_main.h"

static dd_sf_list list;

static void add(const char *id, const char *name)
{
    ck_assert_int_eq(dd_sf_list_append_copy(&list, &(dd_sf_org){.id = id, .name = name}), 0);
}

static void setup(void)
{
    ck_assert_int_eq(dd_sf_list_init(&list), 0);
}

static void teardown(void)
{
    dd_sf_list_free(&list);
}

static const char *fold(const char *s, unsigned flags)
{
    static char out[DD_CONFIRM_TEXT_MAX];
    ck_assert_int_ge(dd_confirm_fold(s, flags, out, sizeof(out)), 0);
    return out;
}

START_TEST(fold_leaves_out_what_cannot_be_seen)
{
    ck_assert_str_eq(fold("SF\u200bX", 0), "SFX");                  /* zero width space */
    ck_assert_str_eq(fold("\ufeffA\u2060B\u00ad", 0), "AB");       /* BOM, word joiner, SHY */
    ck_assert_str_eq(fold("A\u034fB\ufe0fC\U000E0041", 0), "ABC");  /* CGJ, VS16, tag */
    ck_assert_str_eq(fold("A\u180bB\u3164C", 0), "ABC");            /* FVS1, Hangul filler */
    ck_assert_str_eq(fold("\u202eAcme\u202c", 0), "Acme");          /* bidi */
    /* Control characters stay as the picture glyphs the screen shows. */
    ck_assert_str_eq(fold("A\x1b[2JB", 0), "A\u241b[2JB");
    ck_assert_str_eq(fold("A\tB", 0), "A\u2409B");
    /* Visible non-ASCII text is kept. */
    ck_assert_str_eq(fold("Caf\u00e9 \u65e5\u672c", 0), "Caf\u00e9 \u65e5\u672c");
}
END_TEST

START_TEST(fold_spaces_as_one)
{
    ck_assert_str_eq(fold("  Acme \u00a0 Prod\u3000", 0), "Acme Prod");
    ck_assert_str_eq(fold("Acme\u2003Prod", 0), "Acme Prod");
    ck_assert_str_eq(fold("Acme \u200b Prod", 0), "Acme Prod");
    ck_assert_str_eq(fold(" \u200b\u00a0 ", 0), "");
    ck_assert_str_eq(fold(NULL, 0), "");
}
END_TEST

START_TEST(fold_in_ascii_mode_types_what_is_shown)
{
    /* The C locale shows '?' for every non-ASCII character: typed as shown. */
    ck_assert_str_eq(fold("SF\u200bX", DD_SAN_ASCII), "SF?X");
    ck_assert_str_eq(fold("A\x1b" "B", DD_SAN_ASCII), "A?B");
}
END_TEST

START_TEST(fold_says_when_it_does_not_fit)
{
    char name[600], out[16];
    memset(name, 'n', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    ck_assert_int_eq(dd_confirm_fold(name, 0, out, sizeof(out)), 599);
    ck_assert_str_eq(out, "nnnnnnnnnnnnnnn");
    /* Cut on a character boundary. */
    ck_assert_int_eq(dd_confirm_fold("\u00e9\u00e9\u00e9", 0, out, 6), 6);
    ck_assert_str_eq(out, "\u00e9\u00e9");
}
END_TEST

START_TEST(name_with_invisible_characters_is_typed_as_shown)
{
    add("zw", "SF\u200bX");
    add("other", "Acme Prod");
    dd_confirm_text c;
    ck_assert_int_eq(dd_confirm_sf_text(&list, 0, 0, &c), 0);
    ck_assert(!c.by_id);
    ck_assert_ptr_null(c.why);
    ck_assert_str_eq(c.text, "SFX");
    ck_assert(dd_confirm_text_matches(&c, "SFX", 0));
    ck_assert(dd_confirm_text_matches(&c, "  SFX \n", 0));
    ck_assert(dd_confirm_text_matches(&c, "SF\u200bX", 0));   /* pasted as sent */
    ck_assert(!dd_confirm_text_matches(&c, "SF X", 0));
    ck_assert(!dd_confirm_text_matches(&c, "SF", 0));
    ck_assert(!dd_confirm_text_matches(&c, "", 0));
}
END_TEST

START_TEST(names_that_look_the_same_ask_for_the_id)
{
    add("tw-1", "Twin Org");
    add("tw-2", "Twin\u00a0Org");
    add("tw-3", "Twin\u200b Org");
    add("solo", "Solo");
    for (size_t i = 0; i < 3; i++) {
        dd_confirm_text c;
        ck_assert_int_eq(dd_confirm_sf_text(&list, i, 0, &c), 0);
        ck_assert(c.by_id);
        ck_assert_str_eq(c.text, list.items[i].id);
        ck_assert_str_eq(c.why, "another Salesforce org's name looks the same on screen");
        ck_assert(!dd_confirm_text_matches(&c, "Twin Org", 0));
        ck_assert(dd_confirm_text_matches(&c, list.items[i].id, 0));
    }
    dd_confirm_text c;
    ck_assert_int_eq(dd_confirm_sf_text(&list, 3, 0, &c), 0);
    ck_assert(!c.by_id);
    ck_assert_str_eq(c.text, "Solo");
}
END_TEST

START_TEST(names_that_differ_only_in_ascii_mode_ask_for_the_id)
{
    add("e-1", "Caf\u00e9");
    add("e-2", "Caf\u00e8");
    dd_confirm_text c;
    ck_assert_int_eq(dd_confirm_sf_text(&list, 0, 0, &c), 0);
    ck_assert(!c.by_id);
    ck_assert_int_eq(dd_confirm_sf_text(&list, 0, DD_SAN_ASCII, &c), 0);
    ck_assert(c.by_id);
    ck_assert_str_eq(c.text, "e-1");
}
END_TEST

START_TEST(blank_missing_or_long_names_ask_for_the_id)
{
    char longname[400];
    memset(longname, 'L', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = '\0';
    add("none", NULL);
    add("empty", "");
    add("blank", " \u200b\u00a0\u2060 ");
    add("long", longname);
    const char *why[] = {"it has no name", "it has no name",
                         "its name is blank once invisible characters are left out",
                         "its name is too long to type"};
    for (size_t i = 0; i < 4; i++) {
        dd_confirm_text c;
        ck_assert_int_eq(dd_confirm_sf_text(&list, i, 0, &c), 0);
        ck_assert(c.by_id);
        ck_assert_str_eq(c.why, why[i]);
        ck_assert_str_eq(c.text, list.items[i].id);
        ck_assert(!dd_confirm_text_matches(&c, "", 0));
        ck_assert(!dd_confirm_text_matches(&c, " ", 0));
    }
}
END_TEST

START_TEST(an_invisible_id_is_spelled_out)
{
    add("\u200b", NULL);
    dd_confirm_text c;
    ck_assert_int_eq(dd_confirm_sf_text(&list, 0, 0, &c), 0);
    ck_assert(c.by_id);
    ck_assert_str_eq(c.text, "U+200B");
    ck_assert(dd_confirm_text_matches(&c, "U+200B", 0));
    ck_assert(!dd_confirm_text_matches(&c, "", 0));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("confirm_text");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, fold_leaves_out_what_cannot_be_seen);
    tcase_add_test(tc, fold_spaces_as_one);
    tcase_add_test(tc, fold_in_ascii_mode_types_what_is_shown);
    tcase_add_test(tc, fold_says_when_it_does_not_fit);
    tcase_add_test(tc, name_with_invisible_characters_is_typed_as_shown);
    tcase_add_test(tc, names_that_look_the_same_ask_for_the_id);
    tcase_add_test(tc, names_that_differ_only_in_ascii_mode_ask_for_the_id);
    tcase_add_test(tc, blank_missing_or_long_names_ask_for_the_id);
    tcase_add_test(tc, an_invisible_id_is_spelled_out);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
