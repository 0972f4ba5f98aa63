/* Geometry of the console's screen, and running the session's effects. */
#include "app.h"

#include "view_type.h"

#define DETAIL_W 52
#define DETAIL_H 9
/* The detail pane goes beside the list only when the list keeps at least
 * this many columns for each name (source, sink, Salesforce org name). */
#define NAME_MIN 20

int app_main_top(const app *a)
{
    return 1;
}

int app_main_rows(const app *a)
{
    return a->rows - 3;
}

bool app_detail_beside(const app *a)
{
    /* One threshold for every list, so the pane does not come and go as
     * the tabs change: the list that needs the most room decides. */
    static int need;
    if (!need)
        for (int w = 0; w < DD_N_LISTS; w++) {
            int n = dd_kind_width_for(dd_store_kinds[w], 2, NAME_MIN) + DETAIL_W;
            if (n > need)
                need = n;
        }
    return a->cols >= need;
}

int app_list_width(const app *a)
{
    return app_detail_beside(a) ? a->cols - DETAIL_W : a->cols;
}

int app_list_rows(const app *a)
{
    int rows = app_main_rows(a) - 1;
    if (!app_detail_beside(a) && a->detail)
        rows -= DETAIL_H;
    return rows < 1 ? 1 : rows;
}

int app_list(const app *a)
{
    return a->views[a->active]->list;
}

void app_show_view(app *a, int v)
{
    if (v == a->active || v < 0 || v >= APP_N_VIEWS)
        return;
    a->active = v;
    if (a->views[v]->activate)
        a->views[v]->activate(a);
}

/* The parts of the screen a redraw flag names that are in view now. */
static unsigned in_view(const app *a)
{
    unsigned v = DD_DRAW_TABS | DD_DRAW_STATUS;
    int l = app_list(a);
    v |= l == DD_LIST_CONNS ? DD_DRAW_CONNS : l == DD_LIST_SF ? DD_DRAW_SF : DD_DRAW_ORG;
    if (a->dlg)
        v |= DD_DRAW_DIALOG;
    return v;
}

uint64_t app_run(app *a, dd_fx *fx)
{
    uint64_t first = 0;
    if (fx->cancel_reads)
        dd_worker_cancel_reads(a->worker);
    for (size_t i = 0; i < fx->n_jobs; i++) {
        int tag = fx->jobs[i].tag;
        /* The worker takes the job's strings, whatever happens. */
        uint64_t seq = dd_worker_submit(a->worker, &fx->jobs[i]);
        dd_session_sent(a->s, tag, seq);
        if (i == 0)
            first = seq;
        fx->redraw |= DD_DRAW_STATUS;
    }
    fx->n_jobs = 0;
    fx->cancel_reads = false;
    if (fx->redraw & in_view(a))
        a->dirty = true;
    fx->redraw = 0;
    return first;
}
