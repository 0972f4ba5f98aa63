/* The Salesforce orgs list (list_kind.h): model.h's dd_sf_org in a
 * dd_sf_list. */
#include "list_kind.h"

#include <string.h>

#include "model.h"

#define O(row) ((const dd_sf_org *)(row))

/* A Salesforce org's strings are its own, but for its type, interned
 * (model.c): "Production" is stored once. */
static dd_value own(const char *s)
{
    return (dd_value){.kind = s ? DD_V_UNIQUE : DD_V_NONE, .s = s};
}

static dd_value v_id(const void *r) { return own(O(r)->id); }
static dd_value v_name(const void *r) { return own(O(r)->name); }
static dd_value v_sfdc(const void *r) { return own(O(r)->sfdc_org_id); }
static dd_value v_url(const void *r) { return own(O(r)->instance_url); }

static dd_value v_type(const void *r)
{
    const char *s = O(r)->sfdc_org_type;
    return (dd_value){.kind = s ? DD_V_SHARED : DD_V_NONE, .s = s};
}

enum { COL_NAME, COL_SFDC, COL_TYPE, COL_URL, COL_ID, N_COLS };

static const dd_column cols[N_COLS] = {
    [COL_NAME] = {"Name", "NAME", v_name, NULL, {.share = 1, .min = 8}, 0},
    [COL_SFDC] = {"SFDC org id", "SFDC ORG ID", v_sfdc, NULL, {.fixed = 18}, 2},
    [COL_TYPE] = {"Type", "TYPE", v_type, NULL, {.fixed = 12}, 1},
    [COL_URL] = {"Instance URL", "INSTANCE URL", v_url, NULL, {.share = 1, .min = 8}, 0},
    [COL_ID] = {"ID", "ID", v_id, NULL, {.fixed = 10}, 3},
};

static const int shown[] = {COL_NAME, COL_SFDC, COL_TYPE, COL_URL};
static const int sorts[] = {COL_NAME, COL_SFDC, COL_TYPE, COL_URL};
static const int table[] = {COL_ID, COL_NAME, COL_SFDC, COL_TYPE, COL_URL};

static dd_value (*const search[])(const void *) = {v_id, v_name, v_sfdc, v_type, v_url};

static const dd_export csv[] = {
    {"id", v_id}, {"name", v_name}, {"sfdc_org_id", v_sfdc}, {"sfdc_org_type", v_type},
    {"instance_url", v_url},
};

static const char *text_or_dash(const char *s)
{
    return s && *s ? s : "-";
}

static const char *d_id(const void *r, int64_t now, char *b, size_t n) { return text_or_dash(O(r)->id); }
static const char *d_name(const void *r, int64_t now, char *b, size_t n) { return text_or_dash(O(r)->name); }
static const char *d_sfdc(const void *r, int64_t now, char *b, size_t n) { return text_or_dash(O(r)->sfdc_org_id); }
static const char *d_type(const void *r, int64_t now, char *b, size_t n) { return text_or_dash(O(r)->sfdc_org_type); }
static const char *d_url(const void *r, int64_t now, char *b, size_t n) { return text_or_dash(O(r)->instance_url); }

static const dd_detail detail[] = {
    {"ID", d_id, NULL}, {"Name", d_name, NULL}, {"SFDC org id", d_sfdc, NULL}, {"Type", d_type, NULL},
    {"Instance", d_url, NULL},
};

static const char *row_id(const void *r)
{
    return O(r)->id ? O(r)->id : "";
}

static bool same_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool row_same(const void *pa, const void *pb)
{
    const dd_sf_org *a = O(pa), *b = O(pb);
    return same_str(a->name, b->name) && same_str(a->sfdc_org_id, b->sfdc_org_id) &&
           same_str(a->sfdc_org_type, b->sfdc_org_type) &&
           same_str(a->instance_url, b->instance_url);
}

static int l_init(void *l) { return dd_sf_list_init(l); }
static void l_free(void *l) { dd_sf_list_free(l); }
static size_t l_n(const void *l) { return ((const dd_sf_list *)l)->n; }
static void *l_at(const void *l, size_t i) { return &((const dd_sf_list *)l)->items[i]; }
static int l_append(void *l, const void *row) { return dd_sf_list_append_copy(l, row); }
static void l_pop(void *l) { ((dd_sf_list *)l)->n--; }

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

const dd_list_kind dd_kind_sf = {
    .name = "Salesforce orgs", .one = "Salesforce org", .title = "Salesforce orgs",
    .cols = cols, .n_cols = N_COLS,
    .shown = shown, .n_shown = N(shown),
    .sorts = sorts, .n_sorts = N(sorts),
    .table = table, .n_table = N(table),
    .search = search, .n_search = N(search),
    .csv = csv, .n_csv = N(csv),
    .detail = detail, .n_detail = N(detail),
    .row_size = sizeof(dd_sf_org), .id = row_id, .same = row_same,
    .list_size = sizeof(dd_sf_list), .list_init = l_init, .list_free = l_free,
    .list_n = l_n, .list_at = l_at, .list_append = l_append, .list_pop = l_pop,
};
