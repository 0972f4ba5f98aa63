/* What every list kind shares (list_kind.h): a value's text, a cell's text,
 * and the console's column layout. */
#include "list_kind.h"

#include <limits.h>
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

/* The fixed columns' total: each at its fixed width, or at its wide one. */
static int fixed_total(const dd_list_kind *k, bool wide, int *shares, int *smallest, int *keep)
{
    int fixed = 0;
    *shares = *smallest = *keep = 0;
    for (int i = 0; i < k->n_shown; i++) {
        const dd_width *p = &k->cols[k->shown[i]].width;
        if (p->share > 0) {
            *shares += p->share;
            if (!*smallest || p->share < *smallest)
                *smallest = p->share;
        } else {
            fixed += wide && p->wide > 0 ? p->wide : p->fixed;
            if (p->wide > 0 && p->wide_keep > *keep)
                *keep = p->wide_keep;
        }
    }
    return fixed;
}

/* The narrowest width giving the smallest share min_share columns, with
 * the fixed columns at fixed. */
static int width_for(const dd_list_kind *k, int lead, int fixed, int shares, int smallest,
                     int min_share)
{
    int gaps = k->n_shown > 0 ? k->n_shown - 1 : 0;
    if (!shares)
        return lead + fixed + gaps;
    /* The smallest share gets flex * smallest / shares (rounded down). */
    int flex = (min_share * shares + smallest - 1) / smallest;
    while (flex * smallest / shares < min_share)
        flex++;
    return lead + fixed + gaps + flex;
}

/* From which list width the wide columns (ids) take their full width: as
 * soon as every shared column keeps wide_keep columns. INT_MAX: never. */
static int wide_from(const dd_list_kind *k, int lead)
{
    int shares, smallest, keep;
    int fixed = fixed_total(k, true, &shares, &smallest, &keep);
    if (!keep)
        return INT_MAX;   /* no column has a wide width */
    return width_for(k, lead, fixed, shares, smallest, keep);
}

int dd_kind_width_for(const dd_list_kind *k, int lead, int min_share)
{
    int shares, smallest, keep;
    int fixed = fixed_total(k, false, &shares, &smallest, &keep);
    int narrow = width_for(k, lead, fixed, shares, smallest, min_share);
    int from = wide_from(k, lead);
    if (narrow < from)
        return narrow;
    fixed = fixed_total(k, true, &shares, &smallest, &keep);
    int wide = width_for(k, lead, fixed, shares, smallest, min_share);
    return wide > from ? wide : from;
}

void dd_kind_layout(const dd_list_kind *k, int width, int lead, int *x, int *w)
{
    bool wide = width >= wide_from(k, lead);
    int fixed = 0, shares = 0;
    for (int i = 0; i < k->n_shown; i++) {
        const dd_width *p = &k->cols[k->shown[i]].width;
        if (p->share > 0)
            shares += p->share;
        else
            fixed += wide && p->wide > 0 ? p->wide : p->fixed;
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
            cw = wide && p->wide > 0 ? p->wide : p->fixed;
        }
        if (i + 1 == k->n_shown && width - at > cw)
            cw = width - at;   /* the last column takes what is left */
        x[i] = at;
        w[i] = cw;
        at += cw + 1;
    }
}
