/* The account's orgs as `orgs list --all-profiles` prints them
 * (list_kind.h): account_rows.h's dd_account_org_row. Columns, CSV and id
 * only, for the command line's output; no list of its own in the store. */
#include "list_kind.h"

#include "account_rows.h"

#define R(row) ((const dd_account_org_row *)(row))

static dd_value str(const char *s)
{
    return (dd_value){.kind = s ? DD_V_SHARED : DD_V_NONE, .s = s};
}

static dd_value count(size_t n)
{
    return (dd_value){.kind = DD_V_INT, .t = (int64_t)n};
}

/* Static strings: equal texts, equal pointers. "unknown" when no
 * managed-orgs answer described the org (it was seen in connections only). */
static const char *state(const dd_account_org_row *r)
{
    if (!r->described)
        return "unknown";
    return r->disabled ? "disabled" : "active";
}

static dd_value v_id(const void *r) { return str(R(r)->id); }
static dd_value v_name(const void *r) { return str(R(r)->name); }
static dd_value v_public(const void *r) { return str(R(r)->public_id); }
static dd_value v_state(const void *r) { return str(state(R(r))); }
static dd_value v_profiles(const void *r) { return str(R(r)->profiles); }
static dd_value v_out(const void *r) { return count(R(r)->n_outgoing); }
static dd_value v_in(const void *r) { return count(R(r)->n_incoming); }

enum { COL_NAME, COL_STATE, COL_PUBLIC, COL_PROFILES, COL_OUT, COL_IN, COL_ID, N_COLS };

static const dd_column cols[N_COLS] = {
    [COL_NAME] = {"Name", "NAME", v_name, NULL, {.share = 1, .min = 12}, 0},
    [COL_STATE] = {"State", "STATE", v_state, NULL, {.fixed = 8}, 2},
    [COL_PUBLIC] = {"Public id", "PUBLIC ID", v_public, NULL, {.fixed = 16}, 1},
    [COL_PROFILES] = {"Profiles", "PROFILES", v_profiles, NULL, {.fixed = 16}, 1},
    [COL_OUT] = {"Out", "OUT", v_out, NULL, {.fixed = 4}, 2},
    [COL_IN] = {"In", "IN", v_in, NULL, {.fixed = 4}, 2},
    [COL_ID] = {"ID", "ID", v_id, NULL, {.fixed = 36}, 3},
};

static const int table[] = {COL_ID, COL_NAME, COL_STATE, COL_PUBLIC, COL_PROFILES, COL_OUT,
                            COL_IN};

static dd_value (*const search[])(const void *) = {v_id, v_name, v_public, v_profiles};

static const dd_export csv[] = {
    {"id", v_id},
    {"name", v_name},
    {"public_id", v_public},
    {"state", v_state},
    {"profiles", v_profiles},
    {"connections_out", v_out},
    {"connections_in", v_in},
};

static const char *row_id(const void *r)
{
    return R(r)->id;
}

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

const dd_list_kind dd_kind_account_orgs = {
    .name = "orgs", .one = "org", .title = "Orgs",
    .cols = cols, .n_cols = N_COLS,
    .shown = table, .n_shown = N(table),
    .table = table, .n_table = N(table),
    .search = search, .n_search = N(search),
    .csv = csv, .n_csv = N(csv),
    .row_size = sizeof(dd_account_org_row), .id = row_id,
};
