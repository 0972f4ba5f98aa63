/* The console's state without a terminal: the two lists, what is visible
 * (filter), in which order (sort), what is selected, what is loading, what
 * failed, and which rows changed since the previous refresh. Pure functions
 * over plain data, so every rule here is unit-tested (tests/unit/test_store).
 *
 * Rows are never moved to sort or filter: each list keeps an index array of
 * row numbers (dd_table.order) that is filtered and sorted instead, built
 * from indexes kept beside the rows so that a keystroke on 100,000 rows
 * stays within a frame (store_index.h). */
#ifndef DD_STORE_H
#define DD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audit.h"
#include "error.h"
#include "model.h"

/* Sortable columns of the connections list, in the order `s` cycles. */
typedef enum dd_conn_col {
    DD_CC_CREATED,
    DD_CC_SOURCE,
    DD_CC_SINK,
    DD_CC_TYPES,
    DD_CC_ID,
    DD_CC_COUNT
} dd_conn_col;

typedef enum dd_sf_col {
    DD_SC_NAME,
    DD_SC_SFDC_ID,
    DD_SC_TYPE,
    DD_SC_URL,
    DD_SC_COUNT
} dd_sf_col;

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

/* View of one list: filtered and sorted row numbers, selection, scroll. */
typedef struct dd_table {
    size_t *order;         /* visible row numbers, in display order */
    size_t n, cap;
    size_t sel;            /* position in order (meaningless when n == 0) */
    size_t top;            /* first position drawn */
    int sort_col;          /* DD_SORT_NONE or a column */
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
    dd_conn_list conns;    /* what is shown */
    dd_conn_list incoming; /* a refresh in progress (shown when complete) */
    bool streaming;        /* pages go straight to conns (first load) */
    dd_table ct;

    dd_sf_list sfs;
    dd_table st;

    char *sink_filter;     /* server-side query parameters, NULL for none */
    char *source_filter;

    /* The audit log's last records (Org panel), read by the worker. */
    dd_audit_entry *recent;  /* newest last */
    size_t n_recent;
    bool recent_loading;     /* a read is in flight */
    bool recent_loaded;      /* at least one read succeeded */
    char recent_error[512];  /* last failed read, "" when the last read worked */
} dd_store;

int dd_store_init(dd_store *s);
void dd_store_free(dd_store *s);

/* ---- connections ---- */

/* A fetch starts. With data already shown, pages are collected aside and
 * swapped in at the end (so a failed refresh keeps the last good list);
 * with nothing shown yet, pages appear as they arrive. */
void dd_store_conn_begin(dd_store *s);
/* A page arrived (rows are copied; page stays the caller's). */
int dd_store_conn_page(dd_store *s, const dd_conn_list *page, size_t so_far, int64_t total);
/* The fetch ended. On success, compares with the previous list and marks
 * new and changed rows (when there was a previous list), keeps the
 * selection on the same id. DD_E_INCOMPLETE (the server stopped before its
 * own total) does the same with the rows that came, marked incomplete, the
 * error kept. On failure keeps what is shown, marked stale. */
void dd_store_conn_end(dd_store *s, dd_status st, const char *error, int64_t now);
/* Replaces the row with c's id (or appends it when absent); marks it changed. */
int dd_store_conn_upsert(dd_store *s, const dd_conn *c);
/* Removes the row with this id; returns 0 when found. */
int dd_store_conn_remove(dd_store *s, const char *id);
/* Selected row or NULL. */
const dd_conn *dd_store_conn_selected(const dd_store *s);
const dd_conn *dd_store_conn_at(const dd_store *s, size_t pos);
/* Sets the server-side filters (NULL or "" clears). */
int dd_store_set_server_filter(dd_store *s, const char *sink, const char *source);

/* Text of a column for display, filter and sort. types are joined with ",". */
const char *dd_conn_col_text(const dd_conn *c, dd_conn_col col, char *buf, size_t n);
const char *dd_conn_col_name(int col);
/* "logs,metrics" into buf. */
void dd_conn_types_join(const dd_conn *c, char *buf, size_t n);

/* ---- Salesforce orgs ---- */
void dd_store_sf_begin(dd_store *s);
/* Replaces the list with list's rows (moved: *list is left empty). */
void dd_store_sf_end(dd_store *s, dd_sf_list *list, dd_status st, const char *error, int64_t now);
int dd_store_sf_remove(dd_store *s, const char *id);
const dd_sf_org *dd_store_sf_selected(const dd_store *s);
const dd_sf_org *dd_store_sf_at(const dd_store *s, size_t pos);
const char *dd_sf_col_text(const dd_sf_org *o, dd_sf_col col);
const char *dd_sf_col_name(int col);

/* ---- audit log tail ---- */
void dd_store_recent_begin(dd_store *s);
/* A read ended. On success takes *entries (malloc'd, newest last; *entries
 * is set to NULL) in place of the previous records; on failure keeps the
 * previous records and remembers the error. */
void dd_store_recent_end(dd_store *s, dd_audit_entry **entries, size_t n, dd_status st,
                         const char *error);

/* ---- common to both tables (which = &s->ct or &s->st) ---- */
typedef enum dd_which { DD_LIST_CONNS, DD_LIST_SF } dd_which;
dd_table *dd_store_table(dd_store *s, dd_which w);

/* Recomputes the visible order from filter and sort. Keeps the selected row
 * when it is still visible. */
int dd_store_refilter(dd_store *s, dd_which w);
int dd_store_set_filter(dd_store *s, dd_which w, const char *filter);
/* Cycles the sort column (none -> first ... -> last -> none). */
int dd_store_cycle_sort(dd_store *s, dd_which w);
int dd_store_reverse_sort(dd_store *s, dd_which w);
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
/* True when the row at position pos matches needle (case-insensitive). */
bool dd_store_row_matches(const dd_store *s, dd_which w, size_t row, const char *needle);
/* Forgets the marks of the previous refresh. */
void dd_table_clear_marks(dd_table *t);

#endif
