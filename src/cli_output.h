/* Printing of result rows for the command line: an aligned table fitted to
 * the terminal, a JSON array (cJSON), or CSV with RFC 4180 quoting. Input
 * strings were cleaned at parse time, so nothing here can move the cursor. */
#ifndef DD_CLI_OUTPUT_H
#define DD_CLI_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "cli.h"
#include "model.h"

/* Columns available on stdout: TIOCGWINSZ, else $COLUMNS, else 100. */
int dd_out_width(void);

/* Connections: ID, SOURCE, SINK, TYPES, CREATED. single: JSON prints one
 * object instead of an array (the answer to create/update). */
int dd_out_conns(FILE *f, const dd_conn_list *l, dd_out_format fmt, int width, bool single);
/* Salesforce orgs: ID, NAME, SFDC ORG ID, TYPE, INSTANCE URL. */
int dd_out_sf(FILE *f, const dd_sf_list *l, dd_out_format fmt, int width);

/* One CSV field, quoted when it holds a comma, quote, CR or LF. */
void dd_csv_field(FILE *f, const char *s);

/* Generic table: ncols (at most 16) headers, rows of ncols cells (NULL
 * shows "-"). Columns are cut (never wrapped) to fit width: columns with
 * the lowest keep value first, so an ID a reader copies can be cut last. */
int dd_out_table(FILE *f, size_t ncols, const char *const *headers, const char *const *cells,
                 size_t nrows, int width, const int *keep);

#endif
