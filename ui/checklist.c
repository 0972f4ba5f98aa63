#include "checklist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "model.h"

static int add(checklist *cl, const char *name, bool on, bool known)
{
    for (size_t i = 0; i < cl->n; i++)
        if (strcmp(cl->names[i], name) == 0) {
            cl->on[i] = cl->on[i] || on;
            return 0;
        }
    if (cl->n >= CHECKLIST_MAX)
        return 0;  /* more types than fit: the rest are not offered */
    if (!(cl->names[cl->n] = strdup(name)))
        return -1;
    cl->on[cl->n] = on;
    cl->known[cl->n] = known;
    cl->n++;
    return 0;
}

int checklist_init(checklist *cl, const char *const *types, size_t n_types)
{
    memset(cl, 0, sizeof(*cl));
    for (size_t i = 0; dd_known_conn_types[i]; i++) {
        bool on = false;
        for (size_t j = 0; j < n_types; j++)
            if (strcmp(types[j], dd_known_conn_types[i]) == 0)
                on = true;
        if (add(cl, dd_known_conn_types[i], on, true) != 0)
            return -1;
    }
    for (size_t j = 0; j < n_types; j++)
        if (add(cl, types[j], true, dd_conn_type_is_known(types[j])) != 0)
            return -1;
    return 0;
}

void checklist_free(checklist *cl)
{
    for (size_t i = 0; i < cl->n; i++)
        free(cl->names[i]);
    memset(cl, 0, sizeof(*cl));
}

size_t checklist_count_on(const checklist *cl)
{
    size_t n = 0;
    for (size_t i = 0; i < cl->n; i++)
        n += cl->on[i];
    return n;
}

size_t checklist_selected(const checklist *cl, const char **out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < cl->n && n < cap; i++)
        if (cl->on[i])
            out[n++] = cl->names[i];
    return n;
}

void checklist_draw(WINDOW *win, int y, int x, int w, const checklist *cl, bool focused)
{
    const glyphs *g = theme_glyphs();
    for (size_t i = 0; i < cl->n; i++) {
        char line[300];
        snprintf(line, sizeof(line), "%s %s%s", cl->on[i] ? g->check_on : g->check_off,
                 cl->names[i], cl->known[i] ? "" : "  (not known to this version; kept)");
        int attr = focused && i == cl->cur ? theme_attr(R_SELECTED) : theme_attr(R_NORMAL);
        draw_fit(win, y + (int)i, x, w, line, attr);
    }
}

bool checklist_key(checklist *cl, bool is_key, wint_t ch)
{
    if ((is_key && ch == KEY_UP) || (!is_key && ch == 'k')) {
        if (cl->cur > 0)
            cl->cur--;
        return true;
    }
    if ((is_key && ch == KEY_DOWN) || (!is_key && ch == 'j')) {
        if (cl->cur + 1 < cl->n)
            cl->cur++;
        return true;
    }
    if (!is_key && (ch == ' ' || ch == 'x')) {
        if (cl->n)
            cl->on[cl->cur] = !cl->on[cl->cur];
        return true;
    }
    return false;
}
