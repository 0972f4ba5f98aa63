/* The operations table (src/ops.c) is consistent: every row is filled,
 * writes are audited and confirmed, reads are neither, words are unique,
 * and where the two front ends confirm differently the table says why. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "suite_main.h"

START_TEST(every_row_is_complete)
{
    for (int i = 0; i < DD_OP_COUNT; i++) {
        const dd_op *op = dd_op_get(i);
        ck_assert_ptr_nonnull(op);
        ck_assert_int_eq(op->id, i);
        ck_assert(op->noun && *op->noun && op->verb && *op->verb && op->cli_args);
        ck_assert(op->summary && *op->summary && op->title && *op->title);
        ck_assert(op->permission && *op->permission);
        ck_assert(op->method && op->path && strncmp(op->path, "/api/v2/", 8) == 0);
        /* A path with a target takes it as its last segment. */
        const char *brace = strchr(op->path, '{');
        if (brace)
            ck_assert_str_eq(brace, "{id}");
    }
    ck_assert_ptr_null(dd_op_get(-1));
    ck_assert_ptr_null(dd_op_get(DD_OP_COUNT));
}
END_TEST

START_TEST(writes_are_audited_and_confirmed_reads_are_not)
{
    for (int i = 0; i < DD_OP_COUNT; i++) {
        const dd_op *op = &dd_ops[i];
        if (op->writes) {
            ck_assert_msg(op->audit && strchr(op->audit, '.'), "%s %s", op->noun, op->verb);
            ck_assert_int_ne(op->confirm_console, DD_CONFIRM_NONE);
            ck_assert_int_eq(op->retry, DD_RETRY_WRITE);
            ck_assert_str_ne(op->method, "GET");
        } else {
            ck_assert_ptr_null(op->audit);
            ck_assert_int_eq(op->confirm_cli, DD_CONFIRM_NONE);
            ck_assert_int_eq(op->confirm_console, DD_CONFIRM_NONE);
            ck_assert_int_eq(op->retry, DD_RETRY_READ);
            ck_assert_str_eq(op->method, "GET");
        }
        /* Destructive operations ask on both sides; a difference is explained. */
        ck_assert_msg((op->confirm_cli != op->confirm_console) == (op->confirm_why != NULL),
                      "%s %s", op->noun, op->verb);
    }
    ck_assert_int_eq(dd_ops[DD_OP_CONN_DELETE].confirm_cli, DD_CONFIRM_ID8);
    ck_assert_int_eq(dd_ops[DD_OP_SF_DELETE].confirm_cli, dd_ops[DD_OP_SF_DELETE].confirm_console);
    ck_assert_int_eq(dd_ops[DD_OP_ORG_DISABLE].confirm_cli,
                     dd_ops[DD_OP_ORG_DISABLE].confirm_console);
}
END_TEST

START_TEST(words_find_their_row)
{
    for (int i = 0; i < DD_OP_COUNT; i++) {
        for (int j = i + 1; j < DD_OP_COUNT; j++)
            ck_assert(strcmp(dd_ops[i].noun, dd_ops[j].noun) != 0 ||
                      strcmp(dd_ops[i].verb, dd_ops[j].verb) != 0);
        ck_assert_ptr_eq(dd_op_by_words(dd_ops[i].noun, dd_ops[i].verb), &dd_ops[i]);
    }
    ck_assert_ptr_null(dd_op_by_words("connections", "purge"));
    ck_assert_ptr_null(dd_op_by_words(NULL, "list"));
    char buf[64];
    dd_op_words(&dd_ops[DD_OP_SF_DELETE], buf, sizeof(buf));
    ck_assert_str_eq(buf, "salesforce delete");
    dd_op_request_line(&dd_ops[DD_OP_CONN_UPDATE], buf, sizeof(buf));
    ck_assert_str_eq(buf, "PATCH /api/v2/org_connections/{id}");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ops");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, every_row_is_complete);
    tcase_add_test(tc, writes_are_audited_and_confirmed_reads_are_not);
    tcase_add_test(tc, words_find_their_row);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
