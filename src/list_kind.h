/* Lists as data. Each kind of list (org connections, Salesforce orgs, ...)
 * is described once, by a table of columns and a few row functions, in a
 * file of its own (list_conns.c, list_sf.c). The store sorts, filters,
 * diffs and edits any list through this description; the console draws its
 * lists, and the CLI prints its tables and CSV, from the same columns. Adding
 * a column is a line in one table; adding a list is one file.
 *
 * Rows are the model's plain structs (model.h), held in the model's list
 * types; every string of a row lives in its list's pool and interned
 * strings (org names, type names) are equal exactly when their pointers are. */
#ifndef DD_LIST_KIND_H
#define DD_LIST_KIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One value of a row, as sorting and searching see it. */
typedef enum dd_vkind {
    DD_V_NONE,    /* absent: sorts first, matches nothing */
    DD_V_SHARED,  /* an interned string: many rows point to the same one */
    DD_V_UNIQUE,  /* a string of this row only (an id) */
    DD_V_LIST,    /* a list of interned strings (connection types), shown joined by "," */
    DD_V_TIME,    /* unix seconds; not searched */
    DD_V_INT      /* a count (in t); sorts as a number, not searched */
} dd_vkind;

typedef struct dd_value {
    dd_vkind kind;
    const char *s;             /* SHARED, UNIQUE */
    const char *const *list;   /* LIST */
    size_t n;                  /* LIST: entries */
    int64_t t;                 /* TIME (DD_TIME_NONE when unknown), INT */
} dd_value;

/* How wide a column is in the console's list, in terminal columns. */
typedef struct dd_width {
    short fixed;     /* > 0: this many columns */
    short wide;      /* > 0: this many (an id's full width) instead, as soon as
                      * every shared column still gets wide_keep columns */
    short wide_keep;
    short share;     /* > 0: a share of what the fixed columns leave */
    short min;       /* at least this many (shared columns) */
} dd_width;

typedef struct dd_column {
    const char *name;          /* "Source": the console's header, "sorted by Source" */
    const char *table_header;  /* "SOURCE": -o table's header */
    dd_value (*value)(const void *row);
    /* The cell's text where it is not the value's own (a time formatted,
     * a name or else the id); buf (n bytes) may hold it. NULL: the value's
     * text. */
    const char *(*cell)(const void *row, char *buf, size_t n);
    dd_width width;            /* in the console */
    int keep;                  /* -o table: the lowest levels give way first */
} dd_column;

/* A field of machine output (CSV): the server's exact value. */
typedef struct dd_export {
    const char *name;          /* CSV header: "source_org_id" */
    dd_value (*value)(const void *row);
} dd_export;

/* A line of the console's detail pane. */
typedef struct dd_detail {
    const char *label;         /* "Source" */
    /* The text for row into buf (n bytes); now (unix seconds) for relative
     * times. Returns buf, or a string of the row. */
    const char *(*text)(const void *row, int64_t now, char *buf, size_t n);
    /* NULL, or the id the text ends with as " (ID)" for row (NULL when it
     * does not): a pane too narrow for the whole line cuts the text before
     * it, never the id. */
    const char *(*id)(const void *row);
} dd_detail;

typedef struct dd_list_kind {
    const char *name;          /* "connections": in messages */
    const char *one;           /* "connection": one row, in messages */
    const char *title;         /* "Connections": the console's tab */

    const dd_column *cols;     /* every column, once */
    int n_cols;
    const int *shown;          /* the console's columns, left to right */
    int n_shown;
    const int *sorts;          /* what the console's sort key cycles through */
    int n_sorts;
    const int *table;          /* -o table's columns, left to right */
    int n_table;
    dd_value (*const *search)(const void *row); /* what the live filter searches */
    int n_search;
    const dd_export *csv;
    int n_csv;
    const dd_detail *detail;
    int n_detail;

    /* Rows. */
    size_t row_size;
    const char *(*id)(const void *row);           /* never NULL: "" when absent */
    bool (*same)(const void *a, const void *b);   /* nothing shown differs */
    /* A write's answer replaces a row: what fresh keeps of the row it
     * replaces where the answer says less (both in the same list, so
     * strings may be shared). NULL: nothing. */
    void (*keep)(void *fresh, const void *old);

    /* The model's list type behind the rows (dd_conn_list, dd_sf_list). */
    size_t list_size;
    int (*list_init)(void *l);                    /* 0, -1 on OOM */
    void (*list_free)(void *l);
    size_t (*list_n)(const void *l);
    void *(*list_at)(const void *l, size_t i);
    /* Appends a copy of row, its strings re-interned into l's pool. */
    int (*list_append)(void *l, const void *row);
    /* Drops the last row (its strings stay in the pool until it is freed). */
    void (*list_pop)(void *l);
} dd_list_kind;

extern const dd_list_kind dd_kind_conns;
/* The same rows in the account view: a Profiles column (dd_conn.seen_by). */
extern const dd_list_kind dd_kind_account_conns;
extern const dd_list_kind dd_kind_sf;
extern const dd_list_kind dd_kind_orgs;   /* the org map (orgmap.h) */
/* The managed orgs as GET /api/v2/org lists them (model_orgs.h's dd_org):
 * columns, CSV and id only, for the command line's output; no list of its
 * own in the store (list_* are NULL). */
extern const dd_list_kind dd_kind_managed;
/* The account's orgs (account_rows.h's dd_account_org_row): state,
 * the profiles holding their keys, connections out and in; for the
 * command line's `orgs list --all-profiles`, like dd_kind_managed. */
extern const dd_list_kind dd_kind_account_orgs;

/* The value's text: SHARED/UNIQUE as they are, LIST joined with "," into
 * buf (n bytes, cut to fit), TIME as "2024-01-01 00:00:00 UTC", INT in
 * decimal, NONE as "". */
const char *dd_value_text(dd_value v, char *buf, size_t n);
/* A list's text, joined with "," and never cut ("logs,metrics"); malloc'd,
 * NULL on OOM. */
char *dd_join_list(const char *const *list, size_t n);
/* A cell's text for row (the column's cell function, else the value's text). */
const char *dd_column_text(const dd_column *c, const void *row, char *buf, size_t n);
/* The row number in list (a list of k's kind: k->list_size bytes) of the
 * first row whose k->id is id, byte for byte; -1 when none, or when id is
 * NULL. Linear: the store keeps its own indexes where it needs many
 * lookups. */
long dd_kind_find(const dd_list_kind *k, const void *list, const char *id);

/* Console layout: x and w (n_shown entries each) of the shown columns in a
 * list width columns wide, after a mark column of `lead` columns and with
 * one blank column between cells. Ids come first: a column with a wide
 * width (a UUID's 36) takes it as soon as every shared column still gets
 * its wide_keep; the shared columns (the names) then share the rest. The
 * last column takes what is left. */
void dd_kind_layout(const dd_list_kind *k, int width, int lead, int *x, int *w);
/* The narrowest list width at which dd_kind_layout gives every shared
 * column (the names) at least min_share columns (with the ids wide when
 * that width makes them so). */
int dd_kind_width_for(const dd_list_kind *k, int lead, int min_share);

#endif
