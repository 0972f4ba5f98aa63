/* Guards a paged listing against a server that never lets it end: one that
 * ignores offset (the same page again and again) or keeps sending full
 * pages with no total, or a total it never reaches. Both pagers (the CLI's
 * and the console's worker) feed it every page. Pure: no I/O. */
#ifndef DD_PAGER_GUARD_H
#define DD_PAGER_GUARD_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "model.h"

/* Ten times the largest org the console is built for (100,000 rows). */
#define DD_PAGER_MAX_ROWS 1000000

typedef struct dd_pager_guard {
    size_t rows;          /* rows seen so far */
    bool seen;            /* a non-empty page came before */
    char first[128];      /* ids of the previous page's first and last rows */
    char last[128];
} dd_pager_guard;

/* Checks one page (rows[0..n)). DD_OK to go on; DD_E_PROTOCOL, with a
 * message saying why the walk stops, when the page repeats the previous
 * one or the walk passes DD_PAGER_MAX_ROWS. */
dd_status dd_pager_guard_page(dd_pager_guard *g, const dd_conn *rows, size_t n, dd_error *err);

#endif
