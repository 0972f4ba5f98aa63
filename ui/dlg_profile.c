/* Profile picker: the profiles of the config file; Enter switches (site and
 * keys) without restarting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialogs.h"
#include "draw.h"

typedef struct prof_dlg {
    dialog base;
    char **names;
    size_t n, cur;
} prof_dlg;

static void prof_free(dialog *d)
{
    prof_dlg *x = (prof_dlg *)d;
    dd_config_free_names(x->names, x->n);
    free(x);
}

static void prof_size(dialog *d, app *a, int rows, int cols, int *h, int *w)
{
    prof_dlg *x = (prof_dlg *)d;
    *h = (int)x->n + 5;
    *w = 50;
}

static void prof_draw(dialog *d, app *a)
{
    prof_dlg *x = (prof_dlg *)d;
    dialog_frame(d, "Switch profile", theme_attr(R_NORMAL));
    int rows = d->h - 4;
    size_t top = x->cur >= (size_t)rows ? x->cur - (size_t)rows + 1 : 0;
    for (int i = 0; i < rows && top + (size_t)i < x->n; i++) {
        size_t k = top + (size_t)i;
        char line[200];
        bool current = a->s->cfg->profile && strcmp(a->s->cfg->profile, x->names[k]) == 0;
        snprintf(line, sizeof(line), "%s%s", x->names[k], current ? "  (current)" : "");
        draw_fit(d->win, 1 + i, 2, d->w - 4, line,
                 k == x->cur ? theme_attr(R_SELECTED) : theme_attr(R_NORMAL));
    }
    dialog_hint(d, "Enter switch   Esc cancel");
}

static dlg_rc prof_key(dialog *d, app *a, bool is_key, wint_t ch)
{
    prof_dlg *x = (prof_dlg *)d;
    if (!is_key && ch == 27)
        return DLG_CLOSE;
    if ((is_key && ch == KEY_UP) || (!is_key && ch == 'k')) {
        if (x->cur)
            x->cur--;
    } else if ((is_key && ch == KEY_DOWN) || (!is_key && ch == 'j')) {
        if (x->cur + 1 < x->n)
            x->cur++;
    } else if (dialog_is_enter(is_key, ch)) {
        char name[200];
        snprintf(name, sizeof(name), "%s", x->names[x->cur]);
        dd_fx fx = {0};
        dd_session_switch_profile(a->s, name, &fx);
        app_run(a, &fx);
        return DLG_CLOSE;
    }
    return DLG_KEEP;
}

static const dialog_ops prof_ops = {
    .size = prof_size, .draw = prof_draw, .key = prof_key, .free = prof_free,
};

/* The names are read here, on the UI thread, from the one small local file:
 * as a worker job the picker would wait behind whatever load is running
 * (the worker does one job at a time). The switch itself, which reads the
 * keys and builds a client, runs on the worker. */
dialog *dlg_profile_new(app *a)
{
    char **names = NULL;
    size_t n = 0;
    dd_error err;
    dd_error_init(&err);
    if (dd_config_list_profiles(&names, &n, &err) != DD_OK) {
        char buf[600];
        dd_error_describe(&err, buf, sizeof(buf));
        dd_session_msg(a->s, DD_MSG_ERROR, "profiles: %s", buf);
        dd_error_clear(&err);
        return NULL;
    }
    if (n == 0) {
        dd_config_free_names(names, n);
        dd_session_msg(a->s, DD_MSG_INFO,
                       "no profiles in the config file (keys come from the environment)");
        return NULL;
    }
    prof_dlg *x = calloc(1, sizeof(*x));
    if (!x) {
        dd_config_free_names(names, n);
        return NULL;
    }
    x->base.ops = &prof_ops;
    x->names = names;
    x->n = n;
    return &x->base;
}
