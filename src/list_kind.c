/* What every list kind shares (list_kind.h): a value's text, a cell's text,
 * and the console's column layout. */
#include "list_kind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

const char *dd_value_text(dd_value v, char *buf, size_t n)
{
    switch (v.kind) {
    case DD_V_SHARED:
    case DD_V_UNIQUE:
        return v.s ? v.s : "";
    case DD_V_LIST: {
        size_t used = 0;
        if (n)
            buf[0] = '\0';
        for (size_t i = 0; i < v.n && used + 1 < n; i++) {
            int w = snprintf(buf + used, n - used, "%s%s", i ? "," : "", v.list[i] ? v.list[i] : "");
            if (w < 0)
                break;
            used += (size_t)w;
        }
        return buf;
    }
    case DD_V_TIME:
        dd_format_time(v.t, buf, n);
        return buf;
    case DD_V_INT:
        snprintf(buf, n, "%lld", (long long)v.t);
        return buf;
    case DD_V_NONE:
        break;
    }
    return "";
}

char *dd_join_list(const char *const *list, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += (list[i] ? strlen(list[i]) : 0) + 1;
    char *out = malloc(len), *p = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (i)
            *p++ = ',';
        size_t l = list[i] ? strlen(list[i]) : 0;
        memcpy(p, list[i] ? list[i] : "", l);
        p += l;
    }
    *p = '\0';
    return out;
}

const char *dd_column_text(const dd_column *c, const void *row, char *buf, size_t n)
{
    if (c->cell)
        return c->cell(row, buf, n);
    return dd_value_text(c->value(row), buf, n);
}

long dd_kind_find(const dd_list_kind *k, const void *list, const char *id)
{
    if (!id)
        return -1;
    size_t n = k->list_n(list);
    for (size_t i = 0; i < n; i++)
        if (strcmp(k->id(k->list_at(list, i)), id) == 0)
            return (long)i;
    return -1;
}

int dd_kind_width_for(const dd_list_kind *k, int lead, int min_share)
{
    int fixed = 0, shares = 0, smallest = 0;
    for (int i = 0; i < k->n_shown; i++) {
        const dd_width *p = &k->cols[k->shown[i]].width;
        if (p->share > 0) {
            shares += p->share;
            if (!smallest || p->share < smallest)
                smallest = p->share;
        } else {
            fixed += p->fixed;
        }
    }
    int gaps = k->n_shown > 0 ? k->n_shown - 1 : 0;
    if (!shares)
        return lead + fixed + gaps;
    /* The smallest share gets flex * smallest / shares (rounded down). */
    int flex = (min_share * shares + smallest - 1) / smallest;
    while (flex * smallest / shares < min_share)
        flex++;
    return lead + fixed + gaps + flex;
}

void dd_kind_layout(const dd_list_kind *k, int width, int lead, int *x, int *w)
{
    int fixed = 0, shares = 0;
    for (int i = 0; i < k->n_shown; i++) {
        const dd_width *p = &k->cols[k->shown[i]].width;
        if (p->share > 0)
            shares += p->share;
        else
            fixed += p->wide > 0 && width >= p->wide_at ? p->wide : p->fixed;
    }
    int gaps = k->n_shown > 0 ? k->n_shown - 1 : 0;
    int flex = width - lead - fixed - gaps;
    int at = lead;
    for (int i = 0; i < k->n_shown; i++) {
        const dd_width *p = &k->cols[k->shown[i]].width;
        int cw;
        if (p->share > 0) {
            cw = flex > 0 ? flex * p->share / shares : 0;
            if (cw < p->min)
                cw = p->min;
        } else {
            cw = p->wide > 0 && width >= p->wide_at ? p->wide : p->fixed;
        }
        if (i + 1 == k->n_shown && width - at > cw)
            cw = width - at;   /* the last column takes what is left */
        x[i] = at;
        w[i] = cw;
        at += cw + 1;
    }
}
