/* The managed orgs, as GET /api/v2/org lists them (list_kind.h): the
 * command line's `orgs list` prints them from these columns. */
#include "list_kind.h"

#include <stdio.h>
#include <time.h>

#include "model.h"
#include "model_orgs.h"

#define O(row) ((const dd_org *)(row))

static dd_value str(const char *s)
{
    return (dd_value){.kind = s ? DD_V_SHARED : DD_V_NONE, .s = s};
}

/* Static strings: equal texts, equal pointers. */
static const char *yes_no(bool b)
{
    return b ? "true" : "false";
}

static dd_value v_id(const void *r) { return str(O(r)->id); }
static dd_value v_name(const void *r) { return str(O(r)->name); }
static dd_value v_public(const void *r) { return str(O(r)->public_id); }
static dd_value v_description(const void *r) { return str(O(r)->description); }
static dd_value v_url(const void *r) { return str(O(r)->url); }
static dd_value v_sharing(const void *r) { return str(O(r)->sharing); }
static dd_value v_disabled(const void *r) { return str(yes_no(O(r)->disabled)); }
static dd_value v_current(const void *r) { return str(yes_no(O(r)->current)); }
static dd_value v_created_text(const void *r) { return str(O(r)->created_at_text); }
static dd_value v_modified_text(const void *r) { return str(O(r)->modified_at_text); }

static dd_value v_created(const void *r)
{
    return (dd_value){.kind = DD_V_TIME, .t = O(r)->created_at};
}

static dd_value v_state(const void *r)
{
    const dd_org *o = O(r);
    return str(o->disabled ? "disabled" : o->current ? "keys' org" : "active");
}

static const char *cell_created(const void *r, char *buf, size_t n)
{
    const dd_org *o = O(r);
    time_t t = (time_t)o->created_at;
    struct tm tm;
    if (o->created_at != DD_TIME_NONE && gmtime_r(&t, &tm) &&
        strftime(buf, n, "%Y-%m-%d %H:%M", &tm) > 0)
        return buf;
    return o->created_at_text ? o->created_at_text : "-";
}

enum { COL_NAME, COL_STATE, COL_PUBLIC, COL_CREATED, COL_ID, N_COLS };

static const dd_column cols[N_COLS] = {
    [COL_NAME] = {"Name", "NAME", v_name, NULL, {.share = 1, .min = 12}, 0},
    [COL_STATE] = {"State", "STATE", v_state, NULL, {.fixed = 9}, 2},
    [COL_PUBLIC] = {"Public id", "PUBLIC ID", v_public, NULL, {.fixed = 16}, 1},
    [COL_CREATED] = {"Created", "CREATED (UTC)", v_created, cell_created, {.fixed = 16}, 1},
    [COL_ID] = {"ID", "ID", v_id, NULL, {.fixed = 36}, 3},
};

static const int table[] = {COL_ID, COL_NAME, COL_STATE, COL_PUBLIC, COL_CREATED};

static dd_value (*const search[])(const void *) = {v_id, v_name, v_public};

static const dd_export csv[] = {
    {"id", v_id},           {"name", v_name},         {"public_id", v_public},
    {"description", v_description}, {"url", v_url},   {"sharing", v_sharing},
    {"disabled", v_disabled}, {"created_at", v_created_text},
    {"modified_at", v_modified_text}, {"current", v_current},
};

static const char *row_id(const void *r)
{
    return O(r)->id ? O(r)->id : "";
}

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

const dd_list_kind dd_kind_managed = {
    .name = "orgs", .one = "org", .title = "Orgs",
    .cols = cols, .n_cols = N_COLS,
    .shown = table, .n_shown = N(table),
    .table = table, .n_table = N(table),
    .search = search, .n_search = N(search),
    .csv = csv, .n_csv = N(csv),
    .row_size = sizeof(dd_org), .id = row_id,
};
