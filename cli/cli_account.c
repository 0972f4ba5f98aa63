/* --all-profiles connections list and orgs list (cli.h's
 * dd_cli_run_account): every profile loaded at once on the account loader
 * (account.h), the merged rows printed from their list kinds
 * (dd_kind_account_conns, dd_kind_account_orgs), each profile that could
 * not be read or failed named on stderr. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <signal.h>
#include <unistd.h>

#include "account.h"
#include "account_configs.h"
#include "account_rows.h"
#include "cli_output.h"
#include "cli_run.h"
#include "cli_signals.h"

/* The profiles of the config file left out, in its order. */
typedef struct skipped {
    size_t *positions;
    dd_status *codes;
    long *http;
    size_t n;
} skipped;

typedef struct acct_run {
    const dd_cli_args *a;
    bool progress;       /* stderr is a terminal and stdout is not */
    bool progress_shown; /* a count is on stderr's line */
    skipped skip;
} acct_run;

static void progress_clear(acct_run *r)
{
    if (r->progress_shown)
        fprintf(stderr, "\r%*s\r", 50, "");
    r->progress_shown = false;
}

/* A profile of the config file that could not be read: a line now, in the
 * file's order, before any profile loads. */
static void on_skip(const char *profile, size_t position, const dd_error *why, void *ud)
{
    acct_run *r = ud;
    if (dd_account_text_names_profile(why->text, profile))
        dd_cli_say(stderr, "ddorgs: %s\n", why->text);
    else
        dd_cli_say(stderr, "ddorgs: profile '%s': %s\n", profile, why->text);
    size_t n = r->skip.n + 1;
    size_t *p = realloc(r->skip.positions, n * sizeof(*p));
    if (p)
        r->skip.positions = p;
    dd_status *c = p ? realloc(r->skip.codes, n * sizeof(*c)) : NULL;
    if (c)
        r->skip.codes = c;
    long *h = c ? realloc(r->skip.http, n * sizeof(*h)) : NULL;
    if (!h)
        return; /* out of memory: the line is said, its exit code falls back */
    r->skip.http = h;
    p[r->skip.n] = position;
    c[r->skip.n] = why->code;
    h[r->skip.n] = why->http_status;
    r->skip.n = n;
}

static void skipped_free(skipped *s)
{
    free(s->positions);
    free(s->codes);
    free(s->http);
    memset(s, 0, sizeof(*s));
}

/* On the loader's threads, one call at a time: a wait announced as the
 * single-profile commands announce theirs, with the profile's name; the
 * count of profiles done when stderr is a terminal and stdout is not. */
static void on_event(const dd_account_event *ev, void *ud)
{
    acct_run *r = ud;
    if (ev->kind == DD_ACCOUNT_WAITING && ev->wait) {
        progress_clear(r);
        dd_cli_say(stderr, "ddorgs: profile '%s': %s; waiting %ld s before retrying (attempt "
                           "%d of %d)\n",
                   ev->name, ev->wait->reason, (ev->wait->wait_ms + 999) / 1000,
                   ev->wait->attempt, ev->wait->max_tries);
        fflush(stderr);
    } else if (ev->kind == DD_ACCOUNT_DONE && r->progress) {
        fprintf(stderr, "\rloading profiles: %zu of %zu", ev->done, ev->n_profiles);
        fflush(stderr);
        r->progress_shown = true;
    }
}

static void cancel_loader(void *l)
{
    dd_account_loader_cancel(l);
}

/* Where configuration i was among the file's profiles: the i-th place no
 * skipped profile took. Given configurations (no file): i. */
static size_t file_position(const acct_run *r, size_t i)
{
    size_t pos = 0;
    for (size_t seen = 0;; pos++) {
        bool taken = false;
        for (size_t k = 0; k < r->skip.n && !taken; k++)
            taken = r->skip.positions[k] == pos;
        if (taken)
            continue;
        if (seen++ == i)
            return pos;
    }
}

static bool same_id(const char *want, const char *id)
{
    return !want || (id && strcasecmp(want, id) == 0);
}

/* ASCII case ignored, as the service's filter[name]. */
static bool name_holds(const char *name, const char *text)
{
    if (!text)
        return true;
    if (!name)
        return false;
    size_t n = strlen(text);
    for (const char *p = name; *p; p++)
        if (strncasecmp(p, text, n) == 0)
            return true;
    return !*text;
}

/* The rows a->limit and a->offset leave, of those that pass the filters. */
typedef struct window {
    long skip, left;
} window;

static window window_of(const dd_cli_args *a)
{
    return (window){a->offset > 0 ? a->offset : 0, a->limit > 0 ? a->limit : -1};
}

/* True when the next matching row is printed. */
static bool window_take(window *w)
{
    if (w->skip > 0) {
        w->skip--;
        return false;
    }
    if (w->left == 0)
        return false;
    if (w->left > 0)
        w->left--;
    return true;
}

/* The rows picked (flags), copied side by side and written as one page, so
 * a table fits its columns to all of them: the account is in memory
 * already. -1 on OOM. */
static int write_picked(dd_out *out, const void *rows, size_t n, size_t size, const bool *pick)
{
    char *page = malloc(n ? n * size : 1);
    if (!page)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (pick[i])
            memcpy(page + k++ * size, (const char *)rows + i * size, size);
    if (k)
        dd_out_rows(out, page, k);
    free(page);
    return 0;
}

static int print_conns(const dd_cli_args *a, const dd_account *acct, dd_out *out)
{
    dd_conn_list rows;
    if (dd_account_conn_rows(acct, &rows) != 0)
        return -1;
    bool *pick = calloc(rows.n ? rows.n : 1, sizeof(*pick));
    if (!pick) {
        dd_conn_list_free(&rows);
        return -1;
    }
    dd_out_start(out, stdout, a->out, &dd_kind_account_conns, dd_out_width(), false);
    window w = window_of(a);
    for (size_t i = 0; i < rows.n; i++) {
        const dd_conn *c = &rows.items[i];
        pick[i] = same_id(a->sink_org, c->sink.id) && same_id(a->source_org, c->source.id) &&
                  window_take(&w);
    }
    int rc = write_picked(out, rows.items, rows.n, sizeof(*rows.items), pick);
    free(pick);
    dd_conn_list_free(&rows);
    return rc;
}

static int print_orgs(const dd_cli_args *a, const dd_account *acct, dd_out *out)
{
    dd_account_org_rows rows;
    if (dd_account_org_rows_build(acct, &rows) != 0)
        return -1;
    bool *pick = calloc(rows.n ? rows.n : 1, sizeof(*pick));
    if (!pick) {
        dd_account_org_rows_free(&rows);
        return -1;
    }
    dd_out_start(out, stdout, a->out, &dd_kind_account_orgs, dd_out_width(), false);
    window w = window_of(a);
    for (size_t i = 0; i < rows.n; i++)
        pick[i] = name_holds(rows.items[i].name, a->name) && window_take(&w);
    int rc = write_picked(out, rows.items, rows.n, sizeof(*rows.items), pick);
    free(pick);
    dd_account_org_rows_free(&rows);
    return rc;
}

/* Names each profile that failed, a line each; the exit code of the
 * outcome (cli.h). */
static int outcome(acct_run *r, const dd_account *acct, bool orgs_listing)
{
    size_t loaded = 0, failed = r->skip.n;
    size_t first_pos = (size_t)-1;
    dd_error first;
    dd_error_init(&first);
    for (size_t k = 0; k < r->skip.n; k++)
        if (r->skip.positions[k] < first_pos) {
            first_pos = r->skip.positions[k];
            first.code = r->skip.codes[k];
            first.http_status = r->skip.http[k];
        }
    for (size_t i = 0; i < acct->n_profiles; i++) {
        const dd_account_profile *p = &acct->profiles[i];
        char line[1200];
        if (p->status == DD_OK && p->orgs_access == DD_ORGS_CALL_FAILED) {
            /* Its connections are whole; its managed orgs are missing,
             * which only the orgs listing lacks. */
            dd_account_profile_describe(p, line, sizeof(line));
            dd_cli_say(stderr, "ddorgs: %s\n", line);
            if (!orgs_listing) {
                loaded++;
                continue;
            }
        } else if (p->status == DD_OK) {
            loaded++;
            continue;
        } else {
            dd_account_profile_describe(p, line, sizeof(line));
            dd_cli_say(stderr, "ddorgs: %s\n", line);
        }
        failed++;
        size_t pos = file_position(r, i);
        if (pos < first_pos) {
            const dd_error *e = p->status == DD_OK ? &p->orgs_error : &p->error;
            first_pos = pos;
            first.code = e->code;
            first.http_status = e->http_status;
        }
    }
    if (failed == 0)
        return DD_EXIT_OK;
    if (loaded > 0)
        return DD_EXIT_PARTIAL;
    /* Nothing read at all: a profile left out of a run that had none. */
    if (first.code == DD_OK)
        return DD_EXIT_CONFIG;
    return dd_exit_for_error(&first);
}

static const char *signal_name(void)
{
    return dd_cli_interrupt_signal() == SIGTERM ? "SIGTERM" : "SIGINT";
}

/* Loads cfgs and prints; r->skip already holds what was left out. */
static int load_and_print(acct_run *r, const dd_account_configs *cfgs)
{
    const dd_cli_args *a = r->a;
    bool table = a->out == DD_OUT_TABLE;
    dd_account_opts o = {.profiles = (const dd_config *const *)cfgs->items,
                         .n_profiles = cfgs->n,
                         .text = table ? DD_TEXT_SCREEN : DD_TEXT_EXACT,
                         .on_event = on_event, .ud = r};
    dd_error err;
    dd_error_init(&err);
    dd_account_loader *l = dd_account_loader_new(&o, &err);
    if (!l) {
        dd_cli_report(&err, a);
        int rc = dd_exit_for_error(&err);
        dd_error_clear(&err);
        return rc;
    }
    dd_cli_watch watch = {0};
    /* Without a watcher nothing could cancel the loader: the signals then
     * keep their default action rather than being ignored. */
    if (!dd_cli_watch_start_fn(&watch, cancel_loader, l))
        dd_cli_interrupts_restore();
    dd_account *acct = NULL;
    dd_status st = dd_account_loader_run(l, &acct, &err);
    dd_cli_watch_stop(&watch);
    progress_clear(r);
    int rc;
    if (st == DD_E_CANCELLED && dd_cli_interrupt_signal()) {
        dd_cli_say(stderr, "ddorgs: %s --all-profiles interrupted by %s; nothing was printed.\n",
                   dd_cli_cmd_name(a->cmd), signal_name());
        rc = DD_EXIT_NETWORK;
    } else if (st != DD_OK) {
        dd_cli_report(&err, a);
        rc = dd_exit_for_error(&err);
    } else {
        rc = outcome(r, acct, a->cmd == DD_CMD_ORGS_LIST);
        run_ctx x = {.a = a};
        dd_out out;
        bool any = false;
        for (size_t i = 0; i < acct->n_profiles; i++)
            any = any || dd_account_profile_counts(&acct->profiles[i]);
        /* Rows when one profile at least counts; none is no document at
         * all, as a single profile's failed listing prints none. */
        if (any) {
            int built = a->cmd == DD_CMD_ORGS_LIST ? print_orgs(a, acct, &out)
                                                   : print_conns(a, acct, &out);
            if (built != 0) {
                fprintf(stderr, "ddorgs: out of memory.\n");
                rc = DD_EXIT_INTERNAL;
            } else if (out.error || dd_out_end(&out) != 0) {
                rc = dd_run_output_failed(&x, out.error);
            }
        }
    }
    dd_account_free(acct);
    dd_account_loader_free(l);
    dd_error_clear(&err);
    return rc;
}

static int run(const dd_cli_args *a, const dd_account_configs *given)
{
    acct_run r = {.a = a, .progress = isatty(STDERR_FILENO) && !isatty(STDOUT_FILENO)};
    if (given) {
        int rc = load_and_print(&r, given);
        skipped_free(&r.skip);
        return rc;
    }
    dd_account_configs cfgs;
    dd_error err;
    dd_error_init(&err);
    dd_status st = dd_account_configs_read(a->api_url, a->read_only, false, on_skip, &r, &cfgs,
                                           &err);
    int rc;
    if (st == DD_OK) {
        rc = load_and_print(&r, &cfgs);
        dd_account_configs_free(&cfgs);
    } else if (r.skip.n > 0 && st == DD_E_CONFIG) {
        /* Each profile is named above with its reason. */
        fprintf(stderr, "ddorgs: no profile of the config file could be read; fix the profiles "
                        "named above.\n");
        dd_error first;
        dd_error_init(&first);
        first.code = r.skip.codes[0];
        first.http_status = r.skip.http[0];
        rc = dd_exit_for_error(&first);
    } else {
        dd_cli_report(&err, a);
        rc = dd_exit_for_error(&err);
    }
    dd_error_clear(&err);
    skipped_free(&r.skip);
    return rc;
}

int dd_cli_run_account(const dd_cli_args *a, const dd_account_configs *cfgs)
{
    dd_cli_interrupts_install();
    int rc = run(a, cfgs);
    dd_cli_interrupts_restore();
    return rc;
}
