/* The console's lists without a terminal: for each list, its rows, what is
 * visible (filter), in which order (sort), what is selected, what is
 * loading, what failed, and which rows changed since the previous refresh.
 * One implementation serves every list: what differs between lists is data
 * (list_kind.h). Pure functions over plain data, unit-tested
 * (tests/unit/test_store).
 *
 * Rows are never moved to sort or filter: each list keeps an array of row
 * numbers (dd_table.order) that is filtered and sorted instead, built from
 * indexes kept beside the rows so that a keystroke on 100,000 rows stays
 * within a frame (store_index.h). */
#ifndef DD_STORE_H
#define DD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audit.h"
#include "error.h"
#include "list_kind.h"
#include "model.h"

/* The lists, in the console's tab order. Adding one: a kind file, a value
 * here, its kind in dd_store_kinds (store.c). */
typedef enum dd_which { DD_LIST_CONNS, DD_LIST_SF, DD_LIST_ORGS, DD_N_LISTS } dd_which;

#define DD_SORT_NONE (-1)   /* server order */

/* Row marks after a refresh. */
enum { DD_MARK_NONE = 0, DD_MARK_NEW = 1, DD_MARK_CHANGED = 2 };

typedef struct dd_load_state {
    bool loading;          /* a fetch for this list is in flight */
    bool loaded_once;      /* at least one fetch finished without error */
    bool stale;            /* the last fetch failed or was cancelled */
    /* The list shown ended before the server's own total (DD_E_INCOMPLETE):
     * it holds what came of the `announced` rows. */
    bool incomplete;
    int64_t announced;     /* with incomplete: the total the server announced */
    size_t so_far;         /* rows received by the fetch in flight */
    int64_t total;         /* total announced by the server, -1 unknown */
    int64_t refreshed_at;  /* unix seconds of the last complete fetch, 0 never */
    char error[512];       /* last error, "" when none (kept until dismissed) */
} dd_load_state;

/* One list: its rows and the view of them. */
typedef struct dd_table {
    const dd_list_kind *kind;
    void *rows;            /* what is shown: the kind's list type */
    void *incoming;        /* a refresh in progress, shown when complete */
    bool streaming;        /* pages go straight to rows (first load) */
    size_t *order;         /* visible row numbers, in display order */
    size_t n, cap;
    size_t sel;            /* position in order (meaningless when n == 0) */
    size_t top;            /* first position drawn */
    int sort_col;          /* DD_SORT_NONE or an index into kind->cols */
    bool sort_rev;
    char filter[256];      /* live filter, case-insensitive substring */
    unsigned char *mark;   /* per row (not per position): DD_MARK_* */
    size_t mark_cap;
    dd_load_state load;
    /* Sort keys, text index and filter matches derived from the rows
     * (store_index.h); private to the store. */
    struct dd_table_index *ix;
} dd_table;

typedef struct dd_store {
    dd_table t[DD_N_LISTS];

    char *sink_filter;     /* server-side query parameters, NULL for none */
    char *source_filter;

    /* The audit log's last records (Org panel), read by the worker. */
    dd_audit_entry *recent;  /* newest last */
    size_t n_recent;
    bool recent_loading;     /* a read is in flight */
    bool recent_loaded;      /* at least one read succeeded */
    char recent_error[512];  /* last failed read, "" when the last read worked */
} dd_store;

/* The kind of each list, by dd_which. */
extern const dd_list_kind *const dd_store_kinds[DD_N_LISTS];

int dd_store_init(dd_store *s);
void dd_store_free(dd_store *s);
dd_table *dd_store_table(dd_store *s, dd_which w);
/* Shows list w through another kind of the same row and list types (the
 * account view's connections add a column): the list is emptied, its
 * filter, sort and marks reset. 0, -1 on OOM (the table is then empty of
 * the old kind). */
int dd_store_set_kind(dd_store *s, dd_which w, const dd_list_kind *k);

/* The rows shown, as the kind's list type. */
static inline const dd_conn_list *dd_store_conns(const dd_store *s)
{
    return (const dd_conn_list *)s->t[DD_LIST_CONNS].rows;
}
static inline const dd_sf_list *dd_store_sfs(const dd_store *s)
{
    return (const dd_sf_list *)s->t[DD_LIST_SF].rows;
}
size_t dd_store_count(const dd_store *s, dd_which w);

/* ---- loading (store_rows.c) ---- */

/* A fetch starts. With data already shown, pages are collected aside and
 * swapped in at the end (so a failed refresh keeps the last good list);
 * with nothing shown yet, pages appear as they arrive. */
void dd_store_begin(dd_store *s, dd_which w);
/* A page arrived: page is a list of the kind's type; its rows are copied
 * (page stays the caller's). so_far and total as the pager reports them. */
int dd_store_page(dd_store *s, dd_which w, const void *page, size_t so_far, int64_t total);
/* The fetch ended. On success, compares with the previous list and marks
 * new and changed rows (when there was a previous list), keeps the
 * selection on the same id. DD_E_INCOMPLETE (the server stopped before its
 * own total) does the same with the rows that came, marked incomplete, the
 * error kept. On failure keeps what is shown, marked stale, and remembers
 * error. now: unix seconds. */
void dd_store_end(dd_store *s, dd_which w, dd_status st, const char *error, int64_t now);
/* Replaces the row with row's id (or appends it when absent); marks it
 * changed (or new). */
int dd_store_upsert(dd_store *s, dd_which w, const void *row);
/* Removes the row with this id; 0 when found, -1 when not. */
int dd_store_remove(dd_store *s, dd_which w, const char *id);

/* The row at display position pos, or the selected one; NULL when none. */
const void *dd_store_at(const dd_store *s, dd_which w, size_t pos);
const void *dd_store_selected(const dd_store *s, dd_which w);
/* The row number (not position) of row id, or -1. */
long dd_store_find(const dd_store *s, dd_which w, const char *id);

/* Sets the server-side filters (NULL or "" clears). */
int dd_store_set_server_filter(dd_store *s, const char *sink, const char *source);

/* ---- audit log tail ---- */
void dd_store_recent_begin(dd_store *s);
/* A read ended. On success takes *entries (malloc'd, newest last; *entries
 * is set to NULL) in place of the previous records; on failure keeps the
 * previous records and remembers the error. */
void dd_store_recent_end(dd_store *s, dd_audit_entry **entries, size_t n, dd_status st,
                         const char *error);

/* ---- the view: filter, sort, selection (store.c) ---- */

/* Recomputes the visible order from filter and sort. Keeps the selected row
 * when it is still visible. */
int dd_store_refilter(dd_store *s, dd_which w);
int dd_store_set_filter(dd_store *s, dd_which w, const char *filter);
/* Cycles the sort column through the kind's sorts (none -> first ... ->
 * last -> none). */
int dd_store_cycle_sort(dd_store *s, dd_which w);
int dd_store_reverse_sort(dd_store *s, dd_which w);
/* "Created", or "server order" when unsorted. */
const char *dd_table_sort_name(const dd_table *t);
/* Moves the selection by delta (clamped) and keeps it within `rows` lines
 * of the scroll window. */
void dd_table_move(dd_table *t, long delta, int rows);
void dd_table_home(dd_table *t, int rows);
void dd_table_end(dd_table *t, int rows);
/* Re-clamps scroll after the window height changed. */
void dd_table_fit(dd_table *t, int rows);
/* n/N: next (dir > 0) or previous row whose text contains needle, wrapping.
 * Returns true when the selection moved. */
bool dd_store_find_next(dd_store *s, dd_which w, const char *needle, int dir, int rows);
/* True when row number `row` matches needle (case-insensitive) in any of
 * the kind's searched values. */
bool dd_store_row_matches(const dd_store *s, dd_which w, size_t row, const char *needle);
/* Forgets the marks of the previous refresh. */
void dd_table_clear_marks(dd_table *t);
/* The mark of the row at display position pos. */
unsigned char dd_table_mark_at(const dd_table *t, size_t pos);

#endif
