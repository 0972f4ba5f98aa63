#include "cli_output.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "sanitize.h"
#include "textwidth.h"

#define COL_GAP 2
#define COL_MIN 6

int dd_out_width(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    const char *c = getenv("COLUMNS");
    if (c) {
        char *end;
        long v = strtol(c, &end, 10);
        if (*c && !*end && v >= 20 && v <= 10000)
            return (int)v;
    }
    return 100;
}

static const char *cell_text(const char *s)
{
    return s && *s ? s : "-";
}

/* Widths: every column at its natural width, then, while the row is too
 * wide, the widest column of the lowest keep level loses a column; a level
 * is touched only when every column below it is at its minimum. */
static void fit_widths(size_t ncols, const char *const *headers, const char *const *cells,
                       size_t nrows, int width, const int *keep, int *w)
{
    int minw[16];
    int total = 0, top = 0;
    for (size_t c = 0; c < ncols; c++) {
        w[c] = dd_text_width(headers[c]);
        for (size_t r = 0; r < nrows; r++) {
            int cw = dd_text_width(cell_text(cells[r * ncols + c]));
            if (cw > w[c])
                w[c] = cw;
        }
        minw[c] = w[c] < COL_MIN ? w[c] : COL_MIN;
        total += w[c] + (c ? COL_GAP : 0);
        if (keep[c] > top)
            top = keep[c];
    }
    for (int level = 0; level <= top && total > width; level++) {
        while (total > width) {
            size_t pick = ncols;
            for (size_t c = 0; c < ncols; c++)
                if (keep[c] == level && w[c] > minw[c] && (pick == ncols || w[c] > w[pick]))
                    pick = c;
            if (pick == ncols)
                break;
            w[pick]--;
            total--;
        }
    }
    /* Still too wide: narrower than any useful table; the terminal wraps. */
}

int dd_out_table(FILE *f, size_t ncols, const char *const *headers, const char *const *cells,
                 size_t nrows, int width, const int *keep)
{
    int w[16];
    if (ncols == 0 || ncols > 16)
        return -1;
    fit_widths(ncols, headers, cells, nrows, width, keep, w);
    int ascii = (dd_sanitize_mode & DD_SAN_ASCII) != 0;
    size_t cap = 256;
    char *buf = malloc(cap);
    if (!buf)
        return -1;
    for (size_t r = 0; r <= nrows; r++) {
        for (size_t c = 0; c < ncols; c++) {
            const char *s = r == 0 ? headers[c] : cell_text(cells[(r - 1) * ncols + c]);
            /* Room for every byte of s, an ellipsis and the padding. */
            size_t need = strlen(s) + (size_t)w[c] + 8;
            if (need > cap) {
                char *grown = realloc(buf, need);
                if (!grown) {
                    free(buf);
                    return -1;
                }
                buf = grown;
                cap = need;
            }
            bool last = c + 1 == ncols;
            dd_text_fit(s, w[c], !last, ascii, buf, cap);
            fprintf(f, "%s%s", c ? "  " : "", buf);
        }
        fputc('\n', f);
    }
    free(buf);
    return 0;
}

void dd_csv_field(FILE *f, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void csv_row(FILE *f, const char *const *fields, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        dd_csv_field(f, fields[i]);
    }
    fputc('\n', f);
}

/* "logs,metrics" into a malloc'd string. */
static char *join_types(const dd_conn *c)
{
    size_t n = 1;
    for (size_t i = 0; i < c->n_types; i++)
        n += strlen(c->types[i]) + 1;
    char *out = malloc(n);
    if (!out)
        return NULL;
    out[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; i < c->n_types; i++)
        used += (size_t)snprintf(out + used, n - used, "%s%s", i ? "," : "", c->types[i]);
    return out;
}

static cJSON *ref_json(const dd_ref *r)
{
    if (!r->id && !r->name)
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddItemToObject(o, "id", r->id ? cJSON_CreateString(r->id) : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "name", r->name ? cJSON_CreateString(r->name) : cJSON_CreateNull());
    return o;
}

static cJSON *conn_json(const dd_conn *c)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "id", c->id ? c->id : "");
    cJSON *types = cJSON_AddArrayToObject(o, "connection_types");
    for (size_t i = 0; types && i < c->n_types; i++)
        cJSON_AddItemToArray(types, cJSON_CreateString(c->types[i]));
    cJSON_AddItemToObject(o, "created_at", c->created_at_text
                                               ? cJSON_CreateString(c->created_at_text)
                                               : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "source_org", ref_json(&c->source));
    cJSON_AddItemToObject(o, "sink_org", ref_json(&c->sink));
    cJSON_AddItemToObject(o, "created_by", ref_json(&c->created_by));
    return o;
}

static int print_json(FILE *f, cJSON *root)
{
    if (!root)
        return -1;
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        return -1;
    fprintf(f, "%s\n", text);
    cJSON_free(text);
    return 0;
}

static const char *org_label(const dd_ref *r)
{
    return r->name && *r->name ? r->name : r->id;
}

static int conns_table(FILE *f, const dd_conn_list *l, int width)
{
    static const char *const headers[] = {"ID", "SOURCE", "SINK", "TYPES", "CREATED (UTC)"};
    enum { NC = 5 };
    const char **cells = calloc(l->n ? l->n * NC : 1, sizeof(*cells));
    char **owned = calloc(l->n ? l->n * 2 : 1, sizeof(*owned));
    int rc = -1;
    if (!cells || !owned)
        goto out;
    for (size_t i = 0; i < l->n; i++) {
        const dd_conn *c = &l->items[i];
        char created[64];
        struct tm tm;
        time_t t = (time_t)c->created_at;
        /* To the minute, zone in the header: seconds cost the names room. */
        if (c->created_at != DD_TIME_NONE && gmtime_r(&t, &tm))
            strftime(created, sizeof(created), "%Y-%m-%d %H:%M", &tm);
        else
            snprintf(created, sizeof(created), "%s", c->created_at_text ? c->created_at_text : "");
        owned[2 * i] = join_types(c);
        owned[2 * i + 1] = strdup(created);
        if (!owned[2 * i] || !owned[2 * i + 1])
            goto out;
        const char **row = &cells[i * NC];
        row[0] = c->id;
        row[1] = org_label(&c->source);
        row[2] = org_label(&c->sink);
        row[3] = owned[2 * i];
        row[4] = owned[2 * i + 1];
    }
    /* Names give way first, then types, the date, and the ID last. */
    static const int keep[NC] = {3, 0, 0, 1, 2};
    rc = dd_out_table(f, NC, headers, cells, l->n, width, keep);
out:
    if (owned)
        for (size_t i = 0; i < l->n * 2; i++)
            free(owned[i]);
    free(owned);
    free(cells);
    return rc;
}

int dd_out_conns(FILE *f, const dd_conn_list *l, dd_out_format fmt, int width, bool single)
{
    if (fmt == DD_OUT_TABLE)
        return conns_table(f, l, width);
    if (fmt == DD_OUT_JSON) {
        if (single && l->n == 1)
            return print_json(f, conn_json(&l->items[0]));
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; arr && i < l->n; i++)
            cJSON_AddItemToArray(arr, conn_json(&l->items[i]));
        return print_json(f, arr);
    }
    static const char *const head[] = {"id",          "source_org_id",    "source_org_name",
                                       "sink_org_id", "sink_org_name",    "connection_types",
                                       "created_at",  "created_by_id",    "created_by_name"};
    csv_row(f, head, 9);
    for (size_t i = 0; i < l->n; i++) {
        const dd_conn *c = &l->items[i];
        char *types = join_types(c);
        if (!types)
            return -1;
        const char *row[] = {c->id,          c->source.id,        c->source.name,
                             c->sink.id,     c->sink.name,        types,
                             c->created_at_text, c->created_by.id, c->created_by.name};
        csv_row(f, row, 9);
        free(types);
    }
    return 0;
}

int dd_out_sf(FILE *f, const dd_sf_list *l, dd_out_format fmt, int width)
{
    if (fmt == DD_OUT_JSON) {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; arr && i < l->n; i++) {
            const dd_sf_org *o = &l->items[i];
            cJSON *obj = cJSON_CreateObject();
            if (!obj)
                break;
            const char *keys[] = {"id", "name", "sfdc_org_id", "sfdc_org_type", "instance_url"};
            const char *vals[] = {o->id, o->name, o->sfdc_org_id, o->sfdc_org_type,
                                  o->instance_url};
            for (size_t k = 0; k < 5; k++)
                cJSON_AddItemToObject(obj, keys[k],
                                      vals[k] ? cJSON_CreateString(vals[k]) : cJSON_CreateNull());
            cJSON_AddItemToArray(arr, obj);
        }
        return print_json(f, arr);
    }
    if (fmt == DD_OUT_CSV) {
        static const char *const head[] = {"id", "name", "sfdc_org_id", "sfdc_org_type",
                                           "instance_url"};
        csv_row(f, head, 5);
        for (size_t i = 0; i < l->n; i++) {
            const dd_sf_org *o = &l->items[i];
            const char *row[] = {o->id, o->name, o->sfdc_org_id, o->sfdc_org_type,
                                 o->instance_url};
            csv_row(f, row, 5);
        }
        return 0;
    }
    static const char *const headers[] = {"ID", "NAME", "SFDC ORG ID", "TYPE", "INSTANCE URL"};
    const char **cells = calloc(l->n ? l->n * 5 : 1, sizeof(*cells));
    if (!cells)
        return -1;
    for (size_t i = 0; i < l->n; i++) {
        const dd_sf_org *o = &l->items[i];
        const char **row = &cells[i * 5];
        row[0] = o->id;
        row[1] = o->name;
        row[2] = o->sfdc_org_id;
        row[3] = o->sfdc_org_type;
        row[4] = o->instance_url;
    }
    static const int keep[5] = {3, 0, 2, 1, 0};
    int rc = dd_out_table(f, 5, headers, cells, l->n, width, keep);
    free(cells);
    return rc;
}
