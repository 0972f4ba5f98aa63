/* The client's URLs and strings (client_priv.h): every id a route puts in
 * a path goes through dd_url_id_segment, the one place that decides. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client_priv.h"
#include "url.h"

void dd_sbuf_add(dd_sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 128;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *grown = realloc(b->s, cap);
        if (!grown) {
            b->oom = true;
            return;
        }
        b->s = grown;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void dd_sbuf_str(dd_sbuf *b, const char *s)
{
    dd_sbuf_add(b, s, strlen(s));
}

char *dd_sbuf_take(dd_sbuf *b)
{
    if (b->oom) {
        free(b->s);
        return NULL;
    }
    return b->s ? b->s : calloc(1, 1);
}

/* Appends base_url and op's path template up to "/{id}" to b; true when
 * the template goes on with "/{id}". */
static bool add_op_path(dd_sbuf *b, const dd_client *c, const dd_op *op)
{
    const char *tail = strstr(op->path, "/{id}");
    dd_sbuf_str(b, c->base_url);
    dd_sbuf_add(b, op->path, tail ? (size_t)(tail - op->path) : strlen(op->path));
    return tail != NULL;
}

dd_status dd_client_url(const dd_client *c, const dd_op *op, const char *what,
                        const char *id, char **out, dd_error *err)
{
    *out = NULL;
    dd_sbuf b = { 0 };
    bool takes_id = add_op_path(&b, c, op);
    if (takes_id != (id != NULL)) {
        free(b.s);
        return dd_error_set(err, DD_E_USAGE, "%s %s %s", op->noun, op->verb,
                            takes_id ? "needs the id of its target" : "takes no id");
    }
    char *seg = NULL;
    if (id && dd_url_id_segment(what, id, &seg, err) != DD_OK) {
        free(b.s);
        return err->code;
    }
    if (seg) {
        dd_sbuf_str(&b, "/");
        dd_sbuf_str(&b, seg);
    }
    free(seg);
    *out = dd_sbuf_take(&b);
    return *out ? DD_OK : dd_error_set(err, DD_E_NOMEM, "out of memory");
}

static void query_param(dd_sbuf *b, bool *first, const char *name, const char *value)
{
    dd_sbuf_str(b, *first ? "?" : "&");
    *first = false;
    dd_sbuf_str(b, name);
    dd_sbuf_str(b, "=");
    char *v = dd_url_escape(value);
    if (!v) {
        b->oom = true;
        return;
    }
    dd_sbuf_str(b, v);
    free(v);
}

char *dd_client_list_url(const dd_client *c, const dd_conn_query *q)
{
    dd_sbuf b = { 0 };
    bool first = true;
    add_op_path(&b, c, &dd_ops[DD_OP_CONN_LIST]);
    if (q && q->sink_org_id)
        query_param(&b, &first, "sink_org_id", q->sink_org_id);
    if (q && q->source_org_id)
        query_param(&b, &first, "source_org_id", q->source_org_id);
    char num[32];
    if (q && q->limit > 0) {
        snprintf(num, sizeof(num), "%ld", q->limit);
        query_param(&b, &first, "limit", num);
    }
    if (q && q->offset >= 0) {
        snprintf(num, sizeof(num), "%ld", q->offset);
        query_param(&b, &first, "offset", num);
    }
    return dd_sbuf_take(&b);
}

char *dd_client_orgs_url(const dd_client *c, const char *name_filter)
{
    dd_sbuf b = { 0 };
    bool first = true;
    add_op_path(&b, c, &dd_ops[DD_OP_ORGS_LIST]);
    if (name_filter)
        query_param(&b, &first, "filter%5Bname%5D", name_filter);
    return dd_sbuf_take(&b);
}
