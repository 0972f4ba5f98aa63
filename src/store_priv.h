/* What store.c (the view of a list) and store_rows.c (its rows) share;
 * private to the store. */
#ifndef DD_STORE_PRIV_H
#define DD_STORE_PRIV_H

#include "store.h"
#include "store_index.h"

/* The rows of list w as the indexes see them. */
dd_rows dd_store_rows_view(const dd_store *s, dd_which w);
/* Room for n rows in order and mark. */
int dd_table_reserve(dd_table *t, size_t n);
/* The list was replaced: nothing derived from the old rows holds. */
void dd_table_forget(dd_table *t);
/* Rebuilds order (bringing sort index and matches up to date), keeping the
 * selection on row keep_row when it is visible. */
int dd_table_rebuild(dd_store *s, dd_which w, long keep_row);
/* Rows [first, n) were appended: indexes follow. */
void dd_table_rows_appended(dd_store *s, dd_which w, size_t first);
/* Row `row` took new values in place. */
void dd_table_row_changed(dd_store *s, dd_which w, size_t row);
/* Row `row` is about to be removed (rows after it move up by one). */
void dd_table_row_removed(dd_table *t, size_t rows, size_t row);
/* The selected row's number, -1 when nothing is visible. */
long dd_table_selected_row(const dd_table *t);

#endif
