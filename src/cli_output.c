#include "cli_output.h"

#include <errno.h>
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

/* ---- Tables --------------------------------------------------------------- */

/* The cells cleaned for the terminal, each malloc'd ("-" for none); NULL on
 * out of memory. Free with free_cells. */
static char **clean_cells(const char *const *cells, size_t n)
{
    char **out = calloc(n ? n : 1, sizeof(*out));
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const char *s = cells[i] && *cells[i] ? cells[i] : "-";
        /* The cleaner stops at DD_SAN_MAX_BYTES: far wider than any
         * column, and a 100 KB name costs no more than a short one. */
        if (!(out[i] = dd_sanitize(s, strlen(s), dd_sanitize_mode))) {
            for (size_t j = 0; j < i; j++)
                free(out[j]);
            free(out);
            return NULL;
        }
    }
    return out;
}

static void free_cells(char **cells, size_t n)
{
    for (size_t i = 0; cells && i < n; i++)
        free(cells[i]);
    free(cells);
}

/* Widths: every column at its natural width, then, while the row is too
 * wide, the widest column of the lowest keep level loses a column; a level
 * is touched only when every column below it is at its minimum. */
static void fit_widths(size_t ncols, const char *const *headers, char *const *cells,
                       size_t nrows, int width, const int *keep, int *w)
{
    int minw[DD_OUT_MAX_COLS];
    int total = 0, top = 0;
    for (size_t c = 0; c < ncols; c++) {
        w[c] = dd_text_width(headers[c]);
        for (size_t r = 0; r < nrows; r++) {
            int cw = dd_text_width(cells[r * ncols + c]);
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

/* One line of ncols clean texts, each cut or padded to its width. */
static int print_line(FILE *f, size_t ncols, char *const *texts, const int *w)
{
    int ascii = (dd_sanitize_mode & DD_SAN_ASCII) != 0;
    for (size_t c = 0; c < ncols; c++) {
        /* Room for every byte of the text, an ellipsis and the padding. */
        size_t cap = strlen(texts[c]) + (size_t)w[c] + 8;
        char *buf = malloc(cap);
        if (!buf)
            return -1;
        dd_text_fit(texts[c], w[c], c + 1 < ncols, ascii, buf, cap);
        fprintf(f, "%s%s", c ? "  " : "", buf);
        free(buf);
    }
    fputc('\n', f);
    return 0;
}

static int print_rows(FILE *f, size_t ncols, char *const *cells, size_t nrows, const int *w)
{
    for (size_t r = 0; r < nrows; r++)
        if (print_line(f, ncols, cells + r * ncols, w) != 0)
            return -1;
    return 0;
}

int dd_out_table(FILE *f, size_t ncols, const char *const *headers, const char *const *cells,
                 size_t nrows, int width, const int *keep)
{
    int w[DD_OUT_MAX_COLS];
    if (ncols == 0 || ncols > DD_OUT_MAX_COLS)
        return -1;
    char **clean = clean_cells(cells, nrows * ncols);
    if (!clean)
        return -1;
    fit_widths(ncols, headers, clean, nrows, width, keep, w);
    int rc = print_line(f, ncols, (char *const *)headers, w);
    if (rc == 0)
        rc = print_rows(f, ncols, clean, nrows, w);
    free_cells(clean, nrows * ncols);
    return rc;
}

/* ---- Rows as cells -------------------------------------------------------- */

static const char *const conn_headers[] = {"ID", "SOURCE", "SINK", "TYPES", "CREATED (UTC)"};
/* Names give way first, then types, the date, and the ID last. */
static const int conn_keep[] = {3, 0, 0, 1, 2};
static const char *const sf_headers[] = {"ID", "NAME", "SFDC ORG ID", "TYPE", "INSTANCE URL"};
static const int sf_keep[] = {3, 0, 2, 1, 0};
enum { CONN_COLS = 5, SF_COLS = 5 };

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

static const char *org_label(const dd_ref *r)
{
    return r->name && *r->name ? r->name : r->id;
}

/* The table cells of one connection, cleaned (malloc'd) into cells[0..5). */
static int conn_cells(const dd_conn *c, char **cells)
{
    char created[64];
    struct tm tm;
    time_t t = (time_t)c->created_at;
    const char *when = created;
    /* To the minute, zone in the header: seconds cost the names room. */
    if (c->created_at != DD_TIME_NONE && gmtime_r(&t, &tm))
        strftime(created, sizeof(created), "%Y-%m-%d %H:%M", &tm);
    else
        when = c->created_at_text;
    char *types = join_types(c);
    if (!types)
        return -1;
    const char *raw[CONN_COLS] = {c->id, org_label(&c->source), org_label(&c->sink), types, when};
    char **clean = clean_cells(raw, CONN_COLS);
    free(types);
    if (!clean)
        return -1;
    memcpy(cells, clean, CONN_COLS * sizeof(*cells));
    free(clean);
    return 0;
}

static int sf_cells(const dd_sf_org *o, char **cells)
{
    const char *raw[SF_COLS] = {o->id, o->name, o->sfdc_org_id, o->sfdc_org_type,
                                o->instance_url};
    char **clean = clean_cells(raw, SF_COLS);
    if (!clean)
        return -1;
    memcpy(cells, clean, SF_COLS * sizeof(*cells));
    free(clean);
    return 0;
}

/* ---- JSON and CSV rows ---------------------------------------------------- */

static void json_ref(FILE *f, const char *key, const dd_ref *r)
{
    fprintf(f, ",\"%s\":", key);
    if (!r->id && !r->name) {
        fputs("null", f);
        return;
    }
    fputs("{\"id\":", f);
    dd_json_string(f, r->id);
    fputs(",\"name\":", f);
    dd_json_string(f, r->name);
    fputc('}', f);
}

static void json_conn(FILE *f, const dd_conn *c)
{
    fputs("{\"id\":", f);
    dd_json_string(f, c->id ? c->id : "");
    fputs(",\"connection_types\":[", f);
    for (size_t i = 0; i < c->n_types; i++) {
        if (i)
            fputc(',', f);
        dd_json_string(f, c->types[i]);
    }
    fputs("],\"created_at\":", f);
    dd_json_string(f, c->created_at_text);
    json_ref(f, "source_org", &c->source);
    json_ref(f, "sink_org", &c->sink);
    json_ref(f, "created_by", &c->created_by);
    fputc('}', f);
}

static void json_sf(FILE *f, const dd_sf_org *o)
{
    fputs("{\"id\":", f);
    dd_json_string(f, o->id);
    fputs(",\"name\":", f);
    dd_json_string(f, o->name);
    fputs(",\"sfdc_org_id\":", f);
    dd_json_string(f, o->sfdc_org_id);
    fputs(",\"sfdc_org_type\":", f);
    dd_json_string(f, o->sfdc_org_type);
    fputs(",\"instance_url\":", f);
    dd_json_string(f, o->instance_url);
    fputc('}', f);
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

static const char *const conn_csv_head[] = {
    "id",          "source_org_id", "source_org_name", "sink_org_id",    "sink_org_name",
    "connection_types", "created_at", "created_by_id", "created_by_name"};
static const char *const sf_csv_head[] = {"id", "name", "sfdc_org_id", "sfdc_org_type",
                                          "instance_url"};

static int csv_conn(FILE *f, const dd_conn *c)
{
    char *types = join_types(c);
    if (!types)
        return -1;
    const char *row[] = {c->id,      c->source.id,       c->source.name,
                         c->sink.id, c->sink.name,       types,
                         c->created_at_text, c->created_by.id, c->created_by.name};
    csv_row(f, row, 9);
    free(types);
    return 0;
}

static void csv_sf(FILE *f, const dd_sf_org *o)
{
    const char *row[] = {o->id, o->name, o->sfdc_org_id, o->sfdc_org_type, o->instance_url};
    csv_row(f, row, 5);
}

/* ---- The document ---------------------------------------------------------- */

void dd_out_start(dd_out *o, FILE *f, dd_out_format fmt, dd_out_rows rows, int width,
                  bool single)
{
    memset(o, 0, sizeof(*o));
    o->f = f;
    o->fmt = fmt;
    o->rows = rows;
    o->width = width;
    o->single = single;
}

/* Records the first failed write; true while none has failed. */
static bool still_ok(dd_out *o)
{
    if (!o->error && ferror(o->f))
        o->error = errno ? errno : EIO;
    return o->error == 0;
}

static int flushed(dd_out *o)
{
    if (o->error)
        return -1;
    if (fflush(o->f) != 0 && !o->error)
        o->error = errno ? errno : EIO;
    return still_ok(o) ? 0 : -1;
}

static size_t ncols(const dd_out *o)
{
    return o->rows == DD_ROWS_CONNS ? CONN_COLS : SF_COLS;
}

/* The header (CSV), the array's opening (JSON); a table's header waits for
 * the first page, whose cells fit its columns. */
static void begin(dd_out *o)
{
    if (o->begun)
        return;
    o->begun = true;
    if (o->fmt == DD_OUT_CSV && o->rows == DD_ROWS_CONNS)
        csv_row(o->f, conn_csv_head, sizeof(conn_csv_head) / sizeof(conn_csv_head[0]));
    else if (o->fmt == DD_OUT_CSV)
        csv_row(o->f, sf_csv_head, sizeof(sf_csv_head) / sizeof(sf_csv_head[0]));
    else if (o->fmt == DD_OUT_JSON && !o->single)
        fputc('[', o->f);
}

/* A page of the table: the first fits the widths and writes the header. */
static int table_page(dd_out *o, char **cells, size_t n)
{
    const char *const *head = o->rows == DD_ROWS_CONNS ? conn_headers : sf_headers;
    if (o->n == 0) {
        fit_widths(ncols(o), head, cells, n, o->width, o->rows == DD_ROWS_CONNS ? conn_keep
                                                                                : sf_keep,
                   o->w);
        if (print_line(o->f, ncols(o), (char *const *)head, o->w) != 0)
            return -1;
    }
    return print_rows(o->f, ncols(o), cells, n, o->w);
}

/* Writes rows[0..n) of either kind (size: one row's size). */
static int write_rows(dd_out *o, const void *rows, size_t n, size_t size)
{
    if (!still_ok(o))
        return -1;
    if (n == 0)
        return flushed(o);
    begin(o);
    if (o->fmt == DD_OUT_TABLE) {
        size_t nc = ncols(o);
        char **cells = calloc(n * nc, sizeof(*cells));
        int rc = cells ? 0 : -1;
        for (size_t i = 0; rc == 0 && i < n; i++) {
            const char *row = (const char *)rows + i * size;
            rc = o->rows == DD_ROWS_CONNS ? conn_cells((const dd_conn *)row, cells + i * nc)
                                          : sf_cells((const dd_sf_org *)row, cells + i * nc);
        }
        if (rc == 0)
            rc = table_page(o, cells, n);
        free_cells(cells, cells ? n * nc : 0);
        if (rc != 0) {
            o->error = ENOMEM;
            return -1;
        }
        o->n += n;
        return flushed(o);
    }
    for (size_t i = 0; i < n && still_ok(o); i++) {
        const char *row = (const char *)rows + i * size;
        if (o->fmt == DD_OUT_CSV) {
            if (o->rows == DD_ROWS_CONNS && csv_conn(o->f, (const dd_conn *)row) != 0) {
                o->error = ENOMEM;
                return -1;
            }
            if (o->rows == DD_ROWS_SF)
                csv_sf(o->f, (const dd_sf_org *)row);
        } else {
            /* One object a line: the array's rows indented, JSON lines and
             * the single object of a create or update bare. */
            if (o->fmt == DD_OUT_JSON && !o->single)
                fputs(o->n ? ",\n  " : "\n  ", o->f);
            if (o->rows == DD_ROWS_CONNS)
                json_conn(o->f, (const dd_conn *)row);
            else
                json_sf(o->f, (const dd_sf_org *)row);
            if (o->fmt == DD_OUT_JSONL || o->single)
                fputc('\n', o->f);
        }
        o->n++;
    }
    return flushed(o);
}

int dd_out_conns(dd_out *o, const dd_conn *rows, size_t n)
{
    return write_rows(o, rows, n, sizeof(*rows));
}

int dd_out_sfs(dd_out *o, const dd_sf_org *rows, size_t n)
{
    return write_rows(o, rows, n, sizeof(*rows));
}

int dd_out_end(dd_out *o)
{
    if (!still_ok(o))
        return -1;
    begin(o);
    if (o->fmt == DD_OUT_TABLE && o->n == 0) {
        /* No rows: the header alone, at its own width. */
        const char *const *head = o->rows == DD_ROWS_CONNS ? conn_headers : sf_headers;
        fit_widths(ncols(o), head, NULL, 0, o->width,
                   o->rows == DD_ROWS_CONNS ? conn_keep : sf_keep, o->w);
        if (print_line(o->f, ncols(o), (char *const *)head, o->w) != 0) {
            o->error = ENOMEM;
            return -1;
        }
    } else if (o->fmt == DD_OUT_JSON && !o->single) {
        fputs(o->n ? "\n]\n" : "]\n", o->f);
    }
    return flushed(o);
}
