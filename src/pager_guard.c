/* Stops paged listings that a server would never let end. */
#include "pager_guard.h"

#include <stdio.h>
#include <string.h>

static void keep(char *dst, size_t cap, const char *id)
{
    snprintf(dst, cap, "%s", id ? id : "");
}

dd_status dd_pager_guard_page(dd_pager_guard *g, const dd_conn *rows, size_t n, dd_error *err)
{
    if (n == 0)
        return DD_OK;
    char first[sizeof(g->first)], last[sizeof(g->last)];
    keep(first, sizeof(first), rows[0].id);
    keep(last, sizeof(last), rows[n - 1].id);
    /* Rows can move between pages while others are added or removed, but a
     * page that starts and ends with the same rows as the one before is the
     * same page: the server is not honouring offset. */
    if (g->seen && strcmp(first, g->first) == 0 && strcmp(last, g->last) == 0)
        return dd_error_set(err, DD_E_PROTOCOL,
                            "the server sent the same page twice after %zu rows (it ignores "
                            "the offset); stopped",
                            g->rows);
    g->rows += n;
    if (g->rows > DD_PAGER_MAX_ROWS)
        return dd_error_set(err, DD_E_PROTOCOL,
                            "the server kept sending rows past %d; stopped (no org holds that "
                            "many connections)",
                            DD_PAGER_MAX_ROWS);
    memcpy(g->first, first, sizeof(first));
    memcpy(g->last, last, sizeof(last));
    g->seen = true;
    return DD_OK;
}
