#include "chrome.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "actions.h"
#include "draw.h"
#include "site.h"
#include "textfield.h"
#include "textwidth.h"
#include "view.h"

/* The tab labels, long ("Connections") or short ("Conns") for narrow screens. */
static int tab_text(const app *a, int v, bool short_names, char *tab, size_t n)
{
    static const char *const short_title[APP_N_VIEWS] = {"Conns", "SF orgs", "Org", "Map"};
    const char *title = short_names ? short_title[v] : a->views[v]->title;
    char count[32];
    int l = a->views[v]->list;
    if (l >= 0 && a->views[v]->tab_count) {
        fmt_count(count, sizeof(count), (long long)dd_store_count(&a->s->store, l));
        /* Stale and incomplete show here too: the status line may be busy
         * with an error. An incomplete list says of how many. */
        const dd_load_state *ls = &a->s->store.t[l].load;
        char of[48] = "";
        /* "of" only when the server announced more than came (an account
         * missing a profile announces no more than it holds). */
        if (ls->incomplete && ls->announced > (int64_t)dd_store_count(&a->s->store, l)) {
            char total[32];
            fmt_count(total, sizeof(total), (long long)ls->announced);
            snprintf(of, sizeof(of), " of %s", total);
        }
        snprintf(tab, n, " [%d] %s (%s%s%s%s) ", v + 1, title, count, of,
                 ls->incomplete ? ", incomplete" : "", ls->stale ? ", stale" : "");
    } else {
        bool disabled = l < 0 && a->s->org_disabled;
        snprintf(tab, n, " [%d] %s%s ", v + 1, title, disabled ? " (disabled)" : "");
    }
    return dd_text_width(tab);
}

/* Profile, where requests go and the read-only mark, fullest first: what
 * fits is shown. The account view's mark outlasts where; the lock mark is
 * the last thing to go. */
static void right_text(const app *a, int level, char *buf, size_t n)
{
    const char *profile = a->s->cfg->profile;
    char where[300];
    dd_session_where(a->s, where, sizeof(where));
    const char *lock = dd_session_read_only(a->s) ? theme_glyphs()->lock : "";
    const char *acct = a->s->account.on ? "ACCOUNT " : "";
    if (level == 0)
        snprintf(buf, n, " %s%s%s%s%.200s %s", acct, profile ? "profile " : "",
                 profile ? profile : "", profile ? "  " : "", where, lock);
    else if (level == 1)
        snprintf(buf, n, " %s%s%s%.200s %s", acct, profile ? profile : "", profile ? " " : "",
                 where, lock);
    else if (level == 2)
        snprintf(buf, n, " %s%s", acct, lock);   /* which list this is outlasts where */
    else
        snprintf(buf, n, " %s", lock);
}

void chrome_top(app *a)
{
    int base = theme_attr(R_TITLE);
    draw_fill(stdscr, 0, 0, base);
    char tabs[APP_N_VIEWS][96], right[300];
    /* Narrow screens: first shorten the right side, then the tab names;
     * where requests go outlasts the long tab names, the lock everything. */
    static const struct { bool short_names; int level; } fits[] = {
        {false, 0}, {false, 1}, {true, 0}, {true, 1}, {true, 2}, {true, 3},
    };
    int tabs_w = 0, rw = 0;
    for (size_t f = 0; f < sizeof(fits) / sizeof(fits[0]); f++) {
        bool short_names = fits[f].short_names;
        int level = fits[f].level;
        tabs_w = 0;
        for (int v = 0; v < APP_N_VIEWS; v++)
            tabs_w += tab_text(a, v, short_names, tabs[v], sizeof(tabs[v]));
        right_text(a, level, right, sizeof(right));
        rw = dd_text_width(right) + 1;
        if (tabs_w + rw <= a->cols)
            break;
    }
    int x = 0;
    for (int v = 0; v < APP_N_VIEWS; v++) {
        x += draw_text(stdscr, 0, x, a->cols - x, tabs[v],
                       v == a->active ? theme_attr(R_TAB_ON) : base);
        a->tab_end[v] = x;   /* where a click picks this tab */
    }
    int rx = a->cols - rw;
    if (rx < x)
        return;
    const char *lock = theme_glyphs()->lock;
    bool ro = dd_session_read_only(a->s);
    size_t lock_at = ro ? strlen(right) - strlen(lock) : strlen(right);
    char head[300];
    snprintf(head, sizeof(head), "%.*s", (int)lock_at, right);
    int hw = draw_text(stdscr, 0, rx, a->cols - rx, head, base);
    if (ro)
        draw_text(stdscr, 0, rx + hw, a->cols - rx - hw, lock, theme_attr(R_ERROR));
}

static void progress(char *buf, size_t n, const char *what, const dd_load_state *l)
{
    char so[32], tot[32];
    fmt_count(so, sizeof(so), (long long)l->so_far);
    if (l->total >= 0) {
        fmt_count(tot, sizeof(tot), (long long)l->total);
        snprintf(buf, n, "loading %s %s / %s", what, so, tot);
    } else {
        snprintf(buf, n, "loading %s %s", what, so);
    }
}

static void when(char *buf, size_t n, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (t && localtime_r(&tt, &tm))
        strftime(buf, n, "%H:%M:%S", &tm);
    else
        snprintf(buf, n, "never");
}

int chrome_status(app *a)
{
    int y = a->rows - 2;
    int attr = theme_attr(R_STATUS);
    draw_fill(stdscr, y, 0, attr);
    if (a->prompt) {
        char p[2] = {(char)a->prompt, '\0'};
        draw_text(stdscr, y, 0, 1, p, attr | A_BOLD);
        return textfield_draw(a->input, stdscr, y, 1, a->cols - 1, attr);
    }
    char left[800] = "";
    const dd_store *st = &a->s->store;
    const dd_load_state *cl = &st->t[DD_LIST_CONNS].load, *sl = &st->t[DD_LIST_SF].load;
    if (cl->loading)
        progress(left, sizeof(left), "connections", cl);
    else if (sl->loading)
        progress(left, sizeof(left), "Salesforce orgs", sl);
    int x = 0;
    if (left[0])
        x += draw_text(stdscr, y, x, a->cols / 2, left, attr | A_BOLD) + 2;
    char note[400];
    int64_t now = dd_mono_ms();
    dd_session_note_text(a->s, now, false, note, sizeof(note));
    if (note[0] && dd_text_width(note) > a->cols - x - 1)
        dd_session_note_text(a->s, now, true, note, sizeof(note));   /* the attempt goes first */
    const dd_msg *msg = &a->s->msg;
    if (note[0]) {
        x += draw_text(stdscr, y, x, a->cols - x - 1, note, theme_attr(R_WARN)) + 2;
        if (msg->kind == DD_MSG_NONE)
            return -1;   /* the refresh times would only crowd the note */
    }
    if (msg->kind != DD_MSG_NONE) {
        int mattr = msg->kind == DD_MSG_ERROR ? theme_attr(R_ERROR) : attr;
        const char *prefix = msg->kind == DD_MSG_ERROR ? "error: " : "";
        char m[sizeof(msg->text) + 8];
        snprintf(m, sizeof(m), "%s%s", prefix, msg->text);
        int room = a->cols - x - 1;
        static const char more[] = "  m: all of it";
        int more_w = (int)sizeof(more) - 1;
        if (dd_text_width(m) > room && room > 2 * more_w) {
            /* Cut: say how to read the rest. */
            x += draw_text(stdscr, y, x, room - more_w, m, mattr);
            draw_text(stdscr, y, x, more_w, more, attr | A_BOLD);
        } else {
            draw_text(stdscr, y, x, room, m, mattr);
        }
        return -1;
    }
    /* Nothing to say: when each list was last refreshed, and stale marks. */
    char right[200], c1[16], c2[16];
    when(c1, sizeof(c1), cl->refreshed_at);
    when(c2, sizeof(c2), sl->refreshed_at);
    int l = app_list(a);
    char extra[320] = "";
    if (l >= 0 && st->t[l].filter[0])
        snprintf(extra, sizeof(extra), "filter \"%.200s\": %zu rows  ", st->t[l].filter,
                 st->t[l].n);
    if (st->sink_filter || st->source_filter)
        snprintf(extra + strlen(extra), sizeof(extra) - strlen(extra), "server filter on  ");
    snprintf(right, sizeof(right), "%sconnections %s%s%s, salesforce %s%s", extra, c1,
             cl->incomplete ? " [incomplete]" : "", cl->stale ? " [stale]" : "", c2,
             sl->stale ? " [stale]" : "");
    int rw = dd_text_width(right);
    if (a->cols - rw - 1 > x)
        draw_text(stdscr, y, a->cols - rw - 1, rw, right,
                  (cl->stale || sl->stale || cl->incomplete) ? theme_attr(R_WARN) : attr);
    return -1;
}

void chrome_fnbar(app *a)
{
    int y = a->rows - 1, x = 0;
    draw_fill(stdscr, y, 0, theme_attr(R_NORMAL));
    for (int f = 1; f <= 10 && x < a->cols; f++) {
        const action *found = NULL;
        for (size_t i = 0; i < n_actions && !found; i++)
            if (actions[i].fkey == f && actions[i].label && action_in_view(a, &actions[i]))
                found = &actions[i];
        if (!found)
            continue;
        char num[8], label[16];
        snprintf(num, sizeof(num), "F%d", f);
        snprintf(label, sizeof(label), "%s ", found->label);
        x += draw_text(stdscr, y, x, a->cols - x, num, theme_attr(R_FKEY));
        bool off = action_writes(found) && dd_session_read_only(a->s);
        x += draw_text(stdscr, y, x, a->cols - x, label,
                       theme_attr(off ? R_FLABEL_OFF : R_FLABEL));
    }
    if (x < a->cols)
        draw_fill(stdscr, y, x, theme_attr(R_FLABEL));
}

void chrome_too_small(app *a)
{
    werase(stdscr);
    char l1[120], l2[120];
    snprintf(l1, sizeof(l1), "Terminal too small: %dx%d", a->cols, a->rows);
    snprintf(l2, sizeof(l2), "ddorgs needs %dx%d. Enlarge it, or press q to quit.", APP_MIN_COLS,
             APP_MIN_ROWS);
    int y = a->rows / 2 - 1;
    if (y < 0)
        y = 0;
    draw_text(stdscr, y, 0, a->cols, l1, A_BOLD);
    if (y + 1 < a->rows)
        draw_text(stdscr, y + 1, 0, a->cols, l2, A_NORMAL);
}
