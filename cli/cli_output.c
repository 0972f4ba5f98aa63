#include "cli_output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "account_rows.h"
#include "model.h"
#include "model_orgs.h"
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

/* The table cells of one row, cleaned (malloc'd) into cells[0..n_table):
 * each column's cell text (list_kind.h), as the console shows it. */
static int row_cells(const dd_list_kind *k, const void *row, char **cells)
{
    const char *raw[DD_OUT_MAX_COLS];
    char bufs[DD_OUT_MAX_COLS][512];
    for (int c = 0; c < k->n_table; c++)
        raw[c] = dd_column_text(&k->cols[k->table[c]], row, bufs[c], sizeof(bufs[c]));
    char **clean = clean_cells(raw, (size_t)k->n_table);
    if (!clean)
        return -1;
    memcpy(cells, clean, (size_t)k->n_table * sizeof(*cells));
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

/* A connection's fields as the server names them, without the closing
 * brace. */
static void json_conn_fields(FILE *f, const dd_conn *c)
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
}

static void json_conn(FILE *f, const void *row)
{
    json_conn_fields(f, row);
    fputc('}', f);
}

/* "profiles":["a","b"] from a list joined by DD_PROFILES_SEP (names
 * cannot hold it); [] for none. */
static void json_profiles(FILE *f, const char *joined)
{
    fputs(",\"profiles\":[", f);
    size_t sep = strlen(DD_PROFILES_SEP);
    for (const char *p = joined; p && *p;) {
        const char *end = strstr(p, DD_PROFILES_SEP);
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char *name = strndup(p, n);
        if (p != joined)
            fputc(',', f);
        dd_json_string(f, name ? name : "");
        free(name);
        p += n + (end ? sep : 0);
    }
    fputc(']', f);
}

/* The account view's connection: the server's fields, then the profiles
 * whose listing holds it. */
static void json_account_conn(FILE *f, const void *row)
{
    const dd_conn *c = row;
    json_conn_fields(f, c);
    json_profiles(f, c->seen_by);
    fputc('}', f);
}

/* An org of the account: disabled is null when no managed-orgs answer
 * described it. */
static void json_account_org(FILE *f, const void *row)
{
    const dd_account_org_row *o = row;
    fputs("{\"id\":", f);
    dd_json_string(f, o->id);
    fputs(",\"name\":", f);
    dd_json_string(f, o->name);
    fputs(",\"public_id\":", f);
    dd_json_string(f, o->public_id);
    fprintf(f, ",\"disabled\":%s", !o->described ? "null" : o->disabled ? "true" : "false");
    json_profiles(f, o->profiles);
    fprintf(f, ",\"connections_out\":%zu,\"connections_in\":%zu}", o->n_outgoing,
            o->n_incoming);
}

/* {"key":"value",...} of string fields, in order (NULL values as null). */
static void json_fields(FILE *f, const char *const *keys, const char *const *vals, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        fprintf(f, "%s\"%s\":", k ? "," : "{", keys[k]);
        dd_json_string(f, vals[k]);
    }
}

static void json_sf(FILE *f, const void *row)
{
    const dd_sf_org *o = row;
    static const char *const keys[] = {"id", "name", "sfdc_org_id", "sfdc_org_type",
                                       "instance_url"};
    const char *vals[] = {o->id, o->name, o->sfdc_org_id, o->sfdc_org_type, o->instance_url};
    json_fields(f, keys, vals, 5);
    fputc('}', f);
}

/* An org as the API's OrgAttributes name them, with its id and whether it
 * is the keys' own org. */
static void json_org(FILE *f, const void *row)
{
    const dd_org *o = row;
    static const char *const keys[] = {"id", "name", "public_id", "description", "url",
                                       "sharing", "created_at", "modified_at"};
    const char *vals[] = {o->id, o->name, o->public_id, o->description, o->url, o->sharing,
                          o->created_at_text, o->modified_at_text};
    json_fields(f, keys, vals, 8);
    fprintf(f, ",\"disabled\":%s,\"current\":%s}", o->disabled ? "true" : "false",
            o->current ? "true" : "false");
}

/* The JSON form of each kind of row: the server's shape, not a table's. */
static void (*json_of(const dd_list_kind *k))(FILE *, const void *)
{
    if (k == &dd_kind_conns)
        return json_conn;
    if (k == &dd_kind_account_conns)
        return json_account_conn;
    if (k == &dd_kind_account_orgs)
        return json_account_org;
    if (k == &dd_kind_sf)
        return json_sf;
    return json_org;
}

/* One CSV cell: the exact value, or cleaned for a terminal as a table's
 * cells are (clean). 0, or -1 on out of memory. */
static int csv_cell(FILE *f, const char *s, bool clean)
{
    if (!clean) {
        dd_csv_field(f, s);
        return 0;
    }
    char *c = dd_sanitize(s, strlen(s), dd_sanitize_mode);
    if (!c)
        return -1;
    dd_csv_field(f, c);
    free(c);
    return 0;
}

/* One CSV row: each of the kind's fields, the server's exact value (or
 * cleaned, see csv_cell). */
static int csv_row(FILE *f, const dd_list_kind *k, const void *row, bool clean)
{
    for (int i = 0; i < k->n_csv; i++) {
        if (i)
            fputc(',', f);
        dd_value v = k->csv[i].value(row);
        if (v.kind == DD_V_LIST) {
            /* Joined without a cap: machine output is never cut. */
            char *joined = dd_join_list(v.list, v.n);
            int rc = joined ? csv_cell(f, joined, clean) : -1;
            free(joined);
            if (rc != 0)
                return -1;
        } else if (v.kind == DD_V_SHARED || v.kind == DD_V_UNIQUE) {
            if (csv_cell(f, v.s, clean) != 0)
                return -1;
        } else if (v.kind != DD_V_NONE) {
            char buf[64];
            if (csv_cell(f, dd_value_text(v, buf, sizeof(buf)), clean) != 0)
                return -1;
        }
    }
    fputc('\n', f);
    return 0;
}

static void csv_header(FILE *f, const dd_list_kind *k)
{
    for (int i = 0; i < k->n_csv; i++) {
        if (i)
            fputc(',', f);
        dd_csv_field(f, k->csv[i].name);
    }
    fputc('\n', f);
}

/* ---- The document ---------------------------------------------------------- */

void dd_out_start(dd_out *o, FILE *f, dd_out_format fmt, const dd_list_kind *kind, int width,
                  bool single)
{
    memset(o, 0, sizeof(*o));
    o->f = f;
    o->fmt = fmt;
    o->kind = kind;
    o->width = width;
    o->single = single;
    /* CSV is for files and programs: on a terminal the server's escape
     * sequences would act (a title, a cleared screen, the clipboard). */
    o->clean = fmt == DD_OUT_CSV && isatty(fileno(f));
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
    return (size_t)o->kind->n_table;
}

/* The table's headers and keep levels, from the kind's columns. */
static void table_heads(const dd_out *o, const char **head, int *keep)
{
    for (int c = 0; c < o->kind->n_table; c++) {
        const dd_column *col = &o->kind->cols[o->kind->table[c]];
        head[c] = col->table_header;
        keep[c] = col->keep;
    }
}

/* The header (CSV), the array's opening (JSON); a table's header waits for
 * the first page, whose cells fit its columns. */
static void begin(dd_out *o)
{
    if (o->begun)
        return;
    o->begun = true;
    if (o->clean)
        fputs("ddorgs: note: standard output is a terminal, so the CSV cells were cleaned for "
              "it (control characters shown as symbols, long values cut); redirect it to a "
              "file for the exact data.\n",
              stderr);
    if (o->fmt == DD_OUT_CSV)
        csv_header(o->f, o->kind);
    else if (o->fmt == DD_OUT_JSON && !o->single)
        fputc('[', o->f);
}

/* A page of the table: the first fits the widths and writes the header. */
static int table_page(dd_out *o, char **cells, size_t n)
{
    const char *head[DD_OUT_MAX_COLS];
    int keep[DD_OUT_MAX_COLS];
    table_heads(o, head, keep);
    if (o->n == 0) {
        fit_widths(ncols(o), head, cells, n, o->width, keep, o->w);
        if (print_line(o->f, ncols(o), (char *const *)head, o->w) != 0)
            return -1;
    }
    return print_rows(o->f, ncols(o), cells, n, o->w);
}

int dd_out_rows(dd_out *o, const void *rows, size_t n)
{
    if (!still_ok(o))
        return -1;
    if (n == 0)
        return flushed(o);
    begin(o);
    size_t size = o->kind->row_size;
    if (o->fmt == DD_OUT_TABLE) {
        size_t nc = ncols(o);
        char **cells = calloc(n * nc, sizeof(*cells));
        int rc = cells ? 0 : -1;
        for (size_t i = 0; rc == 0 && i < n; i++)
            rc = row_cells(o->kind, (const char *)rows + i * size, cells + i * nc);
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
    void (*json)(FILE *, const void *) = json_of(o->kind);
    for (size_t i = 0; i < n && still_ok(o); i++) {
        const char *row = (const char *)rows + i * size;
        if (o->fmt == DD_OUT_CSV) {
            if (csv_row(o->f, o->kind, row, o->clean) != 0) {
                o->error = ENOMEM;
                return -1;
            }
        } else {
            /* One object a line: the array's rows indented, JSON lines and
             * the single object of a create or update bare. */
            if (o->fmt == DD_OUT_JSON && !o->single)
                fputs(o->n ? ",\n  " : "\n  ", o->f);
            json(o->f, row);
            if (o->fmt == DD_OUT_JSONL || o->single)
                fputc('\n', o->f);
        }
        o->n++;
    }
    return flushed(o);
}

int dd_out_end(dd_out *o)
{
    if (!still_ok(o))
        return -1;
    begin(o);
    if (o->fmt == DD_OUT_TABLE && o->n == 0) {
        /* No rows: the header alone, at its own width. */
        const char *head[DD_OUT_MAX_COLS];
        int keep[DD_OUT_MAX_COLS];
        table_heads(o, head, keep);
        fit_widths(ncols(o), head, NULL, 0, o->width, keep, o->w);
        if (print_line(o->f, ncols(o), (char *const *)head, o->w) != 0) {
            o->error = ENOMEM;
            return -1;
        }
    } else if (o->fmt == DD_OUT_JSON && !o->single) {
        fputs(o->n ? "\n]\n" : "]\n", o->f);
    }
    return flushed(o);
}
