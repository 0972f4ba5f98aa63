/* Lists as data (src/list_kind.c, list_conns.c, list_sf.c): every kind's
 * tables are complete, values and cells read the rows, and the console's
 * layout gives names the room the width policy promises. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "list_kind.h"
#include "model.h"
#include "suite_main.h"

static const dd_list_kind *const kinds[] = {&dd_kind_conns, &dd_kind_sf};
#define N_KINDS (sizeof(kinds) / sizeof(kinds[0]))

START_TEST(every_kind_is_complete)
{
    for (size_t k = 0; k < N_KINDS; k++) {
        const dd_list_kind *kd = kinds[k];
        ck_assert(kd->name && kd->one && kd->title && kd->n_cols > 0);
        const int *lists[] = {kd->shown, kd->sorts, kd->table};
        const int counts[] = {kd->n_shown, kd->n_sorts, kd->n_table};
        for (int l = 0; l < 3; l++)
            for (int i = 0; i < counts[l]; i++)
                ck_assert(lists[l][i] >= 0 && lists[l][i] < kd->n_cols);
        for (int c = 0; c < kd->n_cols; c++) {
            const dd_column *col = &kd->cols[c];
            ck_assert(col->name && col->table_header && col->value);
            ck_assert(col->width.fixed > 0 || col->width.share > 0);
        }
        ck_assert(kd->n_search > 0 && kd->n_csv > 0 && kd->n_detail > 0);
        ck_assert(kd->id && kd->same && kd->list_init && kd->list_free && kd->list_n &&
                  kd->list_at && kd->list_append && kd->list_pop);
    }
}
END_TEST

START_TEST(connection_values_and_cells)
{
    static const char *types[] = {"logs", "audit"};
    dd_conn c = {.id = "c1", .types = types, .n_types = 2, .created_at = 1700000000,
                 .created_at_text = "2023-11-14T22:13:20Z",
                 .source = {.id = "org-a", .name = "Alpha"}, .sink = {.id = "org-b"}};
    const dd_list_kind *k = &dd_kind_conns;
    char buf[64];
    const char *want[] = {"Alpha", "org-b", "logs,audit", "2023-11-14 22:13", "c1"};
    for (int i = 0; i < k->n_shown; i++)
        ck_assert_str_eq(dd_column_text(&k->cols[k->shown[i]], &c, buf, sizeof(buf)), want[i]);
    /* CSV carries the ids and names apart, exactly. */
    for (int i = 0; i < k->n_csv; i++)
        if (strcmp(k->csv[i].name, "sink_org_name") == 0)
            ck_assert_int_eq(k->csv[i].value(&c).kind, DD_V_NONE);
        else if (strcmp(k->csv[i].name, "source_org_id") == 0)
            ck_assert_str_eq(k->csv[i].value(&c).s, "org-a");
    ck_assert_str_eq(k->id(&c), "c1");
    dd_conn d = c;
    ck_assert(k->same(&c, &d));
    d.sink.name = "Bravo";
    ck_assert(!k->same(&c, &d));
    c.created_at = DD_TIME_NONE;
    c.created_at_text = "yesterday";
    ck_assert_str_eq(dd_column_text(&k->cols[k->shown[3]], &c, buf, sizeof(buf)), "yesterday");
}
END_TEST

START_TEST(layout_fills_the_width_and_keeps_minimums)
{
    int x[16], w[16];
    for (size_t k = 0; k < N_KINDS; k++) {
        const dd_list_kind *kd = kinds[k];
        for (int width = 60; width <= 260; width++) {
            dd_kind_layout(kd, width, 2, x, w);
            ck_assert_int_eq(x[0], 2);
            for (int i = 1; i < kd->n_shown; i++)
                ck_assert_int_eq(x[i], x[i - 1] + w[i - 1] + 1);
            int last = kd->n_shown - 1;
            /* Wide enough for the minimums: the last column ends at the edge. */
            if (x[last] + w[last] <= width)
                ck_assert_int_eq(x[last] + w[last], width);
            for (int i = 0; i < kd->n_shown; i++)
                ck_assert_int_ge(w[i], kd->cols[kd->shown[i]].width.min);
        }
    }
}
END_TEST

/* The narrowest width for names of 20 columns is exact: one column less
 * and a name is shorter. */
START_TEST(width_for_names_is_the_narrowest)
{
    int x[16], w[16];
    for (size_t k = 0; k < N_KINDS; k++) {
        const dd_list_kind *kd = kinds[k];
        for (int min = 9; min <= 40; min++) {  /* above the columns' own minimum (8) */
            int need = dd_kind_width_for(kd, 2, min);
            dd_kind_layout(kd, need, 2, x, w);
            int narrowest = 1000;
            for (int i = 0; i < kd->n_shown; i++)
                if (kd->cols[kd->shown[i]].width.share && w[i] < narrowest)
                    narrowest = w[i];
            ck_assert_int_ge(narrowest, min);
            dd_kind_layout(kd, need - 1, 2, x, w);
            narrowest = 1000;
            for (int i = 0; i < kd->n_shown; i++)
                if (kd->cols[kd->shown[i]].width.share && i + 1 < kd->n_shown && w[i] < narrowest)
                    narrowest = w[i];
            ck_assert_int_lt(narrowest, min);
        }
    }
}
END_TEST

/* A row found by id in any kind's list, the way the store finds it. */
START_TEST(rows_found_by_id_in_any_kind)
{
    for (size_t k = 0; k < N_KINDS; k++) {
        const dd_list_kind *kd = kinds[k];
        void *l = calloc(1, kd->list_size);
        ck_assert_ptr_nonnull(l);
        ck_assert_int_eq(kd->list_init(l), 0);
        dd_conn c = {.id = "row-1"};
        dd_sf_org o = {.id = "row-1"};
        const void *row = kd == &dd_kind_conns ? (const void *)&c : (const void *)&o;
        ck_assert_int_eq(dd_kind_find(kd, l, "row-1"), -1);
        ck_assert_int_eq(kd->list_append(l, row), 0);
        c.id = o.id = "row-2";
        ck_assert_int_eq(kd->list_append(l, row), 0);
        ck_assert_int_eq(dd_kind_find(kd, l, "row-2"), 1);
        ck_assert_int_eq(dd_kind_find(kd, l, "row-1"), 0);
        ck_assert_int_eq(dd_kind_find(kd, l, "ROW-1"), -1);
        ck_assert_int_eq(dd_kind_find(kd, l, NULL), -1);
        kd->list_free(l);
        free(l);
    }
}
END_TEST

/* Ids before names: at a list 148 columns wide (200 columns with the
 * detail pane beside) the connection ID is whole (36) while the names keep
 * at least 20; the ID stays short only where whole it would leave a name
 * fewer than 20 columns. */
START_TEST(ids_are_whole_before_names_grow)
{
    int x[16], w[16];
    const dd_list_kind *kd = &dd_kind_conns;
    int id = -1;
    for (int i = 0; i < kd->n_shown; i++)
        if (strcmp(kd->cols[kd->shown[i]].name, "ID") == 0)
            id = i;
    ck_assert_int_ge(id, 0);
    dd_kind_layout(kd, 148, 2, x, w);
    ck_assert_int_ge(w[id], 36);
    for (int width = 60; width <= 260; width++) {
        dd_kind_layout(kd, width, 2, x, w);
        int narrowest = 1000;
        for (int i = 0; i < kd->n_shown; i++)
            if (kd->cols[kd->shown[i]].width.share > 0 && w[i] < narrowest)
                narrowest = w[i];
        if (w[id] < 36) {
            /* Short: whole, the names would get fewer than 20. */
            ck_assert_msg(narrowest - (36 - w[id] + 1) / 2 < 20, "width %d: id %d, names %d",
                          width, w[id], narrowest);
        } else {
            ck_assert_msg(narrowest >= 20, "width %d: names %d", width, narrowest);
        }
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("list_kind");
    TCase *tc = tcase_create("tables");
    tcase_add_test(tc, every_kind_is_complete);
    tcase_add_test(tc, connection_values_and_cells);
    tcase_add_test(tc, layout_fills_the_width_and_keeps_minimums);
    tcase_add_test(tc, width_for_names_is_the_narrowest);
    tcase_add_test(tc, ids_are_whole_before_names_grow);
    tcase_add_test(tc, rows_found_by_id_in_any_kind);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
