/* The org map list (list_kind.h): orgmap.h's dd_orgmap_row in a dd_orgmap.
 * One row per org of the account: what it shares with how many orgs per
 * type, from how many it receives, who holds its keys. */
#include "list_kind.h"

#include <stdio.h>
#include <string.h>

#include "orgmap.h"

#define R(row) ((const dd_orgmap_row *)(row))

static dd_value shared(const char *s)
{
    return (dd_value){.kind = s ? DD_V_SHARED : DD_V_NONE, .s = s};
}

static dd_value count(uint32_t n)
{
    return (dd_value){.kind = DD_V_INT, .t = n};
}

/* Static strings: equal texts are the same pointer, as interning would make
 * them. */
static const char *state(const dd_orgmap_row *r)
{
    if (r->disabled)
        return "disabled";
    if (r->self)
        return "keys' org";
    return r->managed ? "managed" : "seen";
}

static const char *yes_no(bool b)
{
    return b ? "true" : "false";
}

static dd_value v_id(const void *r) { return shared(R(r)->id); }
static dd_value v_name(const void *r) { return shared(R(r)->name); }
static dd_value v_label(const void *r) { return shared(R(r)->name ? R(r)->name : R(r)->id); }
static dd_value v_public(const void *r) { return shared(R(r)->public_id); }
static dd_value v_profile(const void *r) { return shared(R(r)->profile); }
static dd_value v_state(const void *r) { return shared(state(R(r))); }
static dd_value v_out(const void *r) { return count(R(r)->out_orgs); }
static dd_value v_in(const void *r) { return count(R(r)->in_orgs); }
static dd_value v_logs(const void *r) { return count(R(r)->out_types[DD_MAP_LOGS]); }
static dd_value v_metrics(const void *r) { return count(R(r)->out_types[DD_MAP_METRICS]); }
static dd_value v_audit(const void *r) { return count(R(r)->out_types[DD_MAP_AUDIT]); }
static dd_value v_other(const void *r) { return count(R(r)->out_types[DD_MAP_OTHER]); }
static dd_value v_managed(const void *r) { return shared(yes_no(R(r)->managed)); }
static dd_value v_self(const void *r) { return shared(yes_no(R(r)->self)); }
static dd_value v_disabled(const void *r) { return shared(yes_no(R(r)->disabled)); }

/* "3: logs 3, metrics 1": how many orgs, then per type. */
static const char *shares_text(const dd_orgmap_row *r, char *buf, size_t n)
{
    static const char *const names[DD_MAP_TYPES] = {"logs", "metrics", "audit", "other"};
    int used = snprintf(buf, n, "%u", r->out_orgs);
    const char *sep = ": ";
    for (int t = 0; t < DD_MAP_TYPES && used > 0 && (size_t)used < n; t++) {
        if (!r->out_types[t])
            continue;
        used += snprintf(buf + used, n - (size_t)used, "%s%s %u", sep, names[t], r->out_types[t]);
        sep = ", ";
    }
    return buf;
}

static const char *cell_shares(const void *r, char *buf, size_t n)
{
    return shares_text(R(r), buf, n);
}

enum { COL_NAME, COL_SHARES, COL_RECEIVES, COL_KEYS, COL_STATE, COL_ID, N_COLS };

static const dd_column cols[N_COLS] = {
    [COL_NAME] = {"Name", "NAME", v_label, NULL, {.share = 1, .min = 12}, 0},
    [COL_SHARES] = {"Shares with", "SHARES WITH", v_out, cell_shares, {.fixed = 28}, 2},
    [COL_RECEIVES] = {"From", "RECEIVES FROM", v_in, NULL, {.fixed = 5}, 2},
    [COL_KEYS] = {"Keys", "KEYS (PROFILE)", v_profile, NULL, {.fixed = 12}, 1},
    [COL_STATE] = {"State", "STATE", v_state, NULL, {.fixed = 9}, 1},
    [COL_ID] = {"ID", "ID", v_id, NULL, {.fixed = 10, .wide = 36, .wide_keep = 20}, 3},
};

static const int shown[] = {COL_NAME, COL_SHARES, COL_RECEIVES, COL_KEYS, COL_STATE, COL_ID};
static const int sorts[] = {COL_NAME, COL_SHARES, COL_RECEIVES, COL_KEYS, COL_STATE, COL_ID};
static const int table[] = {COL_ID, COL_NAME, COL_KEYS, COL_STATE, COL_SHARES, COL_RECEIVES};

static dd_value (*const search[])(const void *) = {v_id, v_name, v_public, v_profile, v_state};

static const dd_export csv[] = {
    {"id", v_id},
    {"name", v_name},
    {"public_id", v_public},
    {"profile", v_profile},
    {"managed", v_managed},
    {"keys_org", v_self},
    {"disabled", v_disabled},
    {"shares_with", v_out},
    {"shares_logs", v_logs},
    {"shares_metrics", v_metrics},
    {"shares_audit", v_audit},
    {"shares_other", v_other},
    {"receives_from", v_in},
};

static const char *or_dash(const char *s)
{
    return s && *s ? s : "-";
}

static const char *d_id(const void *r, int64_t now, char *b, size_t n) { return R(r)->id; }
static const char *d_name(const void *r, int64_t now, char *b, size_t n) { return or_dash(R(r)->name); }
static const char *d_public(const void *r, int64_t now, char *b, size_t n) { return or_dash(R(r)->public_id); }

static const char *d_keys(const void *r, int64_t now, char *b, size_t n)
{
    /* A profile that failed to load may hold them: its org is not known. */
    return R(r)->profile ? R(r)->profile : "no loaded profile holds its keys";
}

static const char *d_state(const void *r, int64_t now, char *b, size_t n)
{
    const dd_orgmap_row *o = R(r);
    snprintf(b, n, "%s%s%s", o->disabled ? "disabled" : "active",
             o->self ? ", the keys' org" : "",
             o->managed ? ", managed" : ", seen in connections only");
    return b;
}

static const char *d_shares(const void *r, int64_t now, char *b, size_t n)
{
    return shares_text(R(r), b, n);
}

static const char *d_receives(const void *r, int64_t now, char *b, size_t n)
{
    snprintf(b, n, "%u org%s", R(r)->in_orgs, R(r)->in_orgs == 1 ? "" : "s");
    return b;
}

/* The service lists a profile only the connections its keys' org is in:
 * the counts hold what the loaded keys can see, no more. */
static const char *d_counted(const void *r, int64_t now, char *b, size_t n)
{
    return R(r)->profile ? "every connection of this org (its own keys list them all)"
                         : "the connections the loaded profiles list: it may have more";
}

static const dd_detail detail[] = {
    {"ID", d_id, NULL},         {"Name", d_name, NULL},           {"Public id", d_public, NULL},
    {"Keys", d_keys, NULL},     {"State", d_state, NULL},         {"Shares with", d_shares, NULL},
    {"Receives", d_receives, NULL},
    {"Counted", d_counted, NULL},
};

static const char *row_id(const void *r)
{
    return R(r)->id;
}

static bool same_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool row_same(const void *pa, const void *pb)
{
    const dd_orgmap_row *a = R(pa), *b = R(pb);
    return same_str(a->name, b->name) && same_str(a->public_id, b->public_id) &&
           same_str(a->profile, b->profile) && a->managed == b->managed &&
           a->self == b->self && a->disabled == b->disabled && a->out_orgs == b->out_orgs &&
           a->in_orgs == b->in_orgs &&
           memcmp(a->out_types, b->out_types, sizeof(a->out_types)) == 0;
}

static int l_init(void *l) { return dd_orgmap_init(l); }
static void l_free(void *l) { dd_orgmap_free(l); }
static size_t l_n(const void *l) { return ((const dd_orgmap *)l)->n; }
static void *l_at(const void *l, size_t i) { return &((const dd_orgmap *)l)->items[i]; }
static int l_append(void *l, const void *row) { return dd_orgmap_append_copy(l, row); }
static void l_pop(void *l) { ((dd_orgmap *)l)->n--; }

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

const dd_list_kind dd_kind_orgs = {
    .name = "orgs", .one = "org", .title = "Org map",
    .cols = cols, .n_cols = N_COLS,
    .shown = shown, .n_shown = N(shown),
    .sorts = sorts, .n_sorts = N(sorts),
    .table = table, .n_table = N(table),
    .search = search, .n_search = N(search),
    .csv = csv, .n_csv = N(csv),
    .detail = detail, .n_detail = N(detail),
    .row_size = sizeof(dd_orgmap_row), .id = row_id, .same = row_same,
    .list_size = sizeof(dd_orgmap), .list_init = l_init, .list_free = l_free,
    .list_n = l_n, .list_at = l_at, .list_append = l_append, .list_pop = l_pop,
};
