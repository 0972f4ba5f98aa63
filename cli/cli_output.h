/* The command line's result rows, written as they arrive (a page at a
 * time) in memory that does not grow with the row count: an aligned table
 * for a terminal, a JSON array, JSON lines, or CSV (RFC 4180).
 *
 * Rows hold the server's strings exactly (DD_TEXT_EXACT, sanitize.h). The
 * machine formats carry them as they are, escaped only as the format needs
 * (out_text.h); the table cleans each cell at print time and cuts it to
 * fit. CSV written to a terminal is cleaned too (each cell as a table's,
 * not cut to a column), with one note on stderr saying so. */
#ifndef DD_CLI_OUTPUT_H
#define DD_CLI_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "list_kind.h"
#include "out_text.h"

/* Columns available on stdout: TIOCGWINSZ, else $COLUMNS, else 100. */
int dd_out_width(void);

#define DD_OUT_MAX_COLS 16

/* One output document in the making. Fields are private to cli_output.c
 * but for error. */
typedef struct dd_out {
    FILE *f;
    dd_out_format fmt;
    const dd_list_kind *kind; /* what a row is: its table columns and CSV fields */
    int width;            /* table: columns of the terminal */
    bool single;          /* json: one object rather than an array (create, update) */
    bool begun;           /* the header, or the array's "[", is written */
    bool clean;           /* csv: f is a terminal, so cells are cleaned for it */
    size_t n;             /* rows written */
    int w[DD_OUT_MAX_COLS]; /* table: column widths, fitted to the first page */
    int error;            /* errno of the first write that failed, 0 while none has */
} dd_out;

/* Starts a document of rows of kind (list_kind.h: its table columns and
 * CSV fields; dd_kind_conns, dd_kind_sf, dd_kind_managed,
 * dd_kind_account_conns or dd_kind_account_orgs, which also have a JSON
 * form) in fmt on f; writes nothing yet, so a command that
 * fails before any row leaves f empty. width: the table's columns
 * (dd_out_width()). single: JSON writes the one row of a create or update
 * as an object, not an array. CSV to a terminal (isatty) is cleaned for
 * it, and its first write says so on stderr. */
void dd_out_start(dd_out *o, FILE *f, dd_out_format fmt, const dd_list_kind *kind, int width,
                  bool single);
/* Writes n more rows (a page: n rows of kind->row_size bytes) and flushes
 * f. A table fits its columns to the first page it is given and cuts later
 * cells to them. 0, or -1 once a write has failed: o->error holds its
 * errno (EPIPE for a closed pipe, ENOSPC for a full disk...) and nothing
 * more is written. */
int dd_out_rows(dd_out *o, const void *rows, size_t n);
/* Completes the document (a table's header when there were no rows, JSON's
 * closing bracket) and flushes. 0 or -1 as above. A document that is not
 * ended (the listing failed half way) leaves a JSON array unclosed, so that
 * no parser takes a part for the whole. */
int dd_out_end(dd_out *o);

/* Generic table: ncols (at most DD_OUT_MAX_COLS) headers, rows of ncols
 * cells (NULL shows "-"), each cleaned for the terminal (sanitize.h,
 * dd_sanitize_mode) at print time. Columns are cut (never wrapped) to fit
 * width: columns with the lowest keep value first, so an ID a reader
 * copies can be cut last. 0, or -1 on out of memory. */
int dd_out_table(FILE *f, size_t ncols, const char *const *headers, const char *const *cells,
                 size_t nrows, int width, const int *keep);

#endif
