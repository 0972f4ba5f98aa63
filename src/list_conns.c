/* The org connections list (list_kind.h): its columns, what the filter
 * searches, its CSV fields, its detail pane, and its rows (model.h's
 * dd_conn in a dd_conn_list). */
#include "list_kind.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "model.h"

#define C(row) ((const dd_conn *)(row))

static dd_value shared(const char *s)
{
    return (dd_value){.kind = s ? DD_V_SHARED : DD_V_NONE, .s = s};
}

static dd_value unique(const char *s)
{
    return (dd_value){.kind = s ? DD_V_UNIQUE : DD_V_NONE, .s = s};
}

/* A relationship as people read it: its name, else its id. */
static const char *ref_label(const dd_ref *r)
{
    return r->name && *r->name ? r->name : r->id;
}

static dd_value v_id(const void *r) { return unique(C(r)->id); }
static dd_value v_created_text(const void *r) { return unique(C(r)->created_at_text); }
static dd_value v_source(const void *r) { return shared(ref_label(&C(r)->source)); }
static dd_value v_source_id(const void *r) { return shared(C(r)->source.id); }
static dd_value v_source_name(const void *r) { return shared(C(r)->source.name); }
static dd_value v_sink(const void *r) { return shared(ref_label(&C(r)->sink)); }
static dd_value v_sink_id(const void *r) { return shared(C(r)->sink.id); }
static dd_value v_sink_name(const void *r) { return shared(C(r)->sink.name); }
static dd_value v_by_id(const void *r) { return shared(C(r)->created_by.id); }
static dd_value v_by_name(const void *r) { return shared(C(r)->created_by.name); }
static dd_value v_seen_by(const void *r) { return shared(C(r)->seen_by); }

static dd_value v_types(const void *r)
{
    const dd_conn *c = C(r);
    return (dd_value){.kind = DD_V_LIST, .list = c->types, .n = c->n_types};
}

static dd_value v_created(const void *r)
{
    return (dd_value){.kind = DD_V_TIME, .t = C(r)->created_at};
}

/* "2024-01-01 00:00" (UTC, to the minute: seconds cost the names room);
 * the text as sent when it could not be read as a time. */
static const char *cell_created(const void *r, char *buf, size_t n)
{
    const dd_conn *c = C(r);
    time_t t = (time_t)c->created_at;
    struct tm tm;
    if (c->created_at != DD_TIME_NONE && gmtime_r(&t, &tm) &&
        strftime(buf, n, "%Y-%m-%d %H:%M", &tm) > 0)
        return buf;
    return c->created_at_text ? c->created_at_text : "-";
}

enum { COL_SOURCE, COL_SINK, COL_TYPES, COL_CREATED, COL_ID, COL_PROFILES, N_COLS };

static const dd_column cols[N_COLS] = {
    [COL_SOURCE] = {"Source", "SOURCE", v_source, NULL, {.share = 1, .min = 8}, 0},
    [COL_SINK] = {"Sink", "SINK", v_sink, NULL, {.share = 1, .min = 8}, 0},
    [COL_TYPES] = {"Types", "TYPES", v_types, NULL, {.fixed = 18}, 1},
    [COL_CREATED] = {"Created", "CREATED (UTC)", v_created, cell_created, {.fixed = 16}, 2},
    [COL_ID] = {"ID", "ID", v_id, NULL, {.fixed = 10, .wide = 36, .wide_keep = 20}, 3},
    [COL_PROFILES] = {"Profiles", "PROFILES", v_seen_by, NULL, {.fixed = 16}, 1},
};

static const int shown[] = {COL_SOURCE, COL_SINK, COL_TYPES, COL_CREATED, COL_ID};
static const int sorts[] = {COL_CREATED, COL_SOURCE, COL_SINK, COL_TYPES, COL_ID};
/* The ID first in a table a script or a reader copies from. */
static const int table[] = {COL_ID, COL_SOURCE, COL_SINK, COL_TYPES, COL_CREATED};

/* The visible columns and the ids behind the names. */
static dd_value (*const search[])(const void *) = {
    v_id, v_created_text, v_source_id, v_source_name, v_sink_id, v_sink_name, v_by_name, v_types,
};

static const dd_export csv[] = {
    {"id", v_id},
    {"source_org_id", v_source_id},
    {"source_org_name", v_source_name},
    {"sink_org_id", v_sink_id},
    {"sink_org_name", v_sink_name},
    {"connection_types", v_types},
    {"created_at", v_created_text},
    {"created_by_id", v_by_id},
    {"created_by_name", v_by_name},
};

/* "name (id)", or whichever the server sent. */
static const char *ref_line(const dd_ref *r, char *buf, size_t n)
{
    if (r->name && r->id)
        snprintf(buf, n, "%s (%s)", r->name, r->id);
    else
        snprintf(buf, n, "%s", r->name ? r->name : r->id ? r->id : "-");
    return buf;
}

static const char *d_id(const void *r, int64_t now, char *buf, size_t n)
{
    return C(r)->id ? C(r)->id : "-";
}

static const char *d_source(const void *r, int64_t now, char *buf, size_t n)
{
    return ref_line(&C(r)->source, buf, n);
}

static const char *d_sink(const void *r, int64_t now, char *buf, size_t n)
{
    return ref_line(&C(r)->sink, buf, n);
}

static const char *d_types(const void *r, int64_t now, char *buf, size_t n)
{
    return dd_value_text(v_types(r), buf, n);
}

static const char *d_created(const void *r, int64_t now, char *buf, size_t n)
{
    const dd_conn *c = C(r);
    if (c->created_at == DD_TIME_NONE)
        return c->created_at_text ? c->created_at_text : "-";
    char when[64], rel[64];
    dd_format_time(c->created_at, when, sizeof(when));
    dd_format_relative(c->created_at, now, rel, sizeof(rel));
    snprintf(buf, n, "%s (%s)", when, rel);
    return buf;
}

static const char *d_by(const void *r, int64_t now, char *buf, size_t n)
{
    return ref_line(&C(r)->created_by, buf, n);
}

/* The id a ref_line ends with, when it ends with one. */
static const char *ref_id(const dd_ref *r)
{
    return r->name && r->id ? r->id : NULL;
}

static const char *i_source(const void *r) { return ref_id(&C(r)->source); }
static const char *i_sink(const void *r) { return ref_id(&C(r)->sink); }
static const char *i_by(const void *r) { return ref_id(&C(r)->created_by); }

static const dd_detail detail[] = {
    {"ID", d_id, NULL},           {"Source", d_source, i_source}, {"Sink", d_sink, i_sink},
    {"Types", d_types, NULL},     {"Created", d_created, NULL},   {"Created by", d_by, i_by},
};

static const char *d_seen_by(const void *r, int64_t now, char *buf, size_t n)
{
    return C(r)->seen_by ? C(r)->seen_by : "-";
}

/* The account view adds which profiles list each row. */
static const int account_shown[] = {COL_SOURCE, COL_SINK, COL_TYPES, COL_PROFILES, COL_CREATED,
                                    COL_ID};
static const int account_sorts[] = {COL_CREATED, COL_SOURCE, COL_SINK, COL_TYPES, COL_PROFILES,
                                    COL_ID};
static const int account_table[] = {COL_ID, COL_SOURCE, COL_SINK, COL_TYPES, COL_PROFILES,
                                    COL_CREATED};
static dd_value (*const account_search[])(const void *) = {
    v_id, v_created_text, v_source_id, v_source_name, v_sink_id, v_sink_name, v_by_name, v_types,
    v_seen_by,
};
static const dd_export account_csv[] = {
    {"id", v_id},
    {"source_org_id", v_source_id},
    {"source_org_name", v_source_name},
    {"sink_org_id", v_sink_id},
    {"sink_org_name", v_sink_name},
    {"connection_types", v_types},
    {"created_at", v_created_text},
    {"created_by_id", v_by_id},
    {"created_by_name", v_by_name},
    {"profiles", v_seen_by},
};
static const dd_detail account_detail[] = {
    {"ID", d_id, NULL},           {"Source", d_source, i_source}, {"Sink", d_sink, i_sink},
    {"Types", d_types, NULL},     {"Created", d_created, NULL},   {"Created by", d_by, i_by},
    {"Profiles", d_seen_by, NULL},
};

static const char *row_id(const void *r)
{
    return C(r)->id ? C(r)->id : "";
}

static bool same_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool row_same(const void *pa, const void *pb)
{
    const dd_conn *a = C(pa), *b = C(pb);
    if (a->n_types != b->n_types || a->created_at != b->created_at ||
        !same_str(a->seen_by, b->seen_by) ||
        !same_str(a->source.id, b->source.id) || !same_str(a->source.name, b->source.name) ||
        !same_str(a->sink.id, b->sink.id) || !same_str(a->sink.name, b->sink.name) ||
        !same_str(a->created_by.id, b->created_by.id))
        return false;
    for (size_t i = 0; i < a->n_types; i++)
        if (!same_str(a->types[i], b->types[i]))
            return false;
    return true;
}

/* The real service's PATCH answer names no org: the names the row had for
 * the same ids stay. */
static void keep_name(dd_ref *now, const dd_ref *before)
{
    if (!now->name && now->id && before->id && strcmp(now->id, before->id) == 0)
        now->name = before->name;
}

static void row_keep(void *pf, const void *po)
{
    dd_conn *fresh = pf;
    const dd_conn *old = po;
    keep_name(&fresh->source, &old->source);
    keep_name(&fresh->sink, &old->sink);
    keep_name(&fresh->created_by, &old->created_by);
    /* An answer comes through one profile: who else lists the row stays. */
    if (!fresh->seen_by)
        fresh->seen_by = old->seen_by;
}

static int l_init(void *l) { return dd_conn_list_init(l); }
static void l_free(void *l) { dd_conn_list_free(l); }
static size_t l_n(const void *l) { return ((const dd_conn_list *)l)->n; }
static void *l_at(const void *l, size_t i) { return &((const dd_conn_list *)l)->items[i]; }
static int l_append(void *l, const void *row) { return dd_conn_list_append_copy(l, row); }
static void l_pop(void *l) { ((dd_conn_list *)l)->n--; }

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

const dd_list_kind dd_kind_conns = {
    .name = "connections", .one = "connection", .title = "Connections",
    .cols = cols, .n_cols = N_COLS,
    .shown = shown, .n_shown = N(shown),
    .sorts = sorts, .n_sorts = N(sorts),
    .table = table, .n_table = N(table),
    .search = search, .n_search = N(search),
    .csv = csv, .n_csv = N(csv),
    .detail = detail, .n_detail = N(detail),
    .row_size = sizeof(dd_conn), .id = row_id, .same = row_same, .keep = row_keep,
    .list_size = sizeof(dd_conn_list), .list_init = l_init, .list_free = l_free,
    .list_n = l_n, .list_at = l_at, .list_append = l_append, .list_pop = l_pop,
};

const dd_list_kind dd_kind_account_conns = {
    .name = "connections", .one = "connection", .title = "Connections",
    .cols = cols, .n_cols = N_COLS,
    .shown = account_shown, .n_shown = N(account_shown),
    .sorts = account_sorts, .n_sorts = N(account_sorts),
    .table = account_table, .n_table = N(account_table),
    .search = account_search, .n_search = N(account_search),
    .csv = account_csv, .n_csv = N(account_csv),
    .detail = account_detail, .n_detail = N(account_detail),
    .row_size = sizeof(dd_conn), .id = row_id, .same = row_same, .keep = row_keep,
    .list_size = sizeof(dd_conn_list), .list_init = l_init, .list_free = l_free,
    .list_n = l_n, .list_at = l_at, .list_append = l_append, .list_pop = l_pop,
};
