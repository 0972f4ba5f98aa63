/* The console application: state shared by the loop, the views, the
 * dialogs and the action handlers. Only the UI thread touches any of it. */
#ifndef DD_UI_APP_H
#define DD_UI_APP_H

#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

#include "audit.h"
#include "config.h"
#include "store.h"
#include "tui.h"
#include "worker.h"

#define APP_MIN_COLS 80
#define APP_MIN_ROWS 24
#define APP_UNDO_SECONDS 30
#define APP_N_VIEWS 3

struct dialog;
struct textfield;
struct view;

/* Tags of jobs whose results need more than the generic handling. */
enum { TAG_NONE = 0, TAG_UNDO = 1 };

typedef enum msg_kind { MSG_NONE, MSG_INFO, MSG_ERROR } msg_kind;

typedef struct app {
    /* configuration: cfg is the one in use; owned_cfg holds the one a
     * profile switch loaded (the worker reads it and hands it over). */
    const dd_config *cfg;
    dd_config *owned_cfg;
    bool switching;             /* a profile switch is with the worker */
    char switching_to[200];     /* its profile name, for the messages */
    const dd_tui_opts *opts;
    dd_audit *audit;

    dd_store store;
    dd_worker *worker;
    uint64_t conn_seq;          /* the connections fetch whose results count */
    uint64_t sf_seq;

    int active;                 /* index into views */
    const struct view *views[APP_N_VIEWS];
    struct dialog *dlg;
    bool detail;                /* detail pane shown (narrow screens) */

    /* prompt on the status line: '/' filter, ':' command, 0 none */
    int prompt;
    struct textfield *input;    /* the prompt's text, while it is open */
    char prompt_saved[256];     /* filter before '/', restored on Esc */

    msg_kind msg_kind;
    char msg[600];

    bool read_only;
    char ro_reason[160];
    bool org_disabled;
    char org_status[40];        /* "disabled" | "pending_disable" */
    char org_id[80];
    /* The org the keys belong to, once an answer named it (the source of a
     * created connection, or a disable answer): the API creates every
     * connection from that org, so undo is exact only for its connections. */
    char self_org[80];

    /* last delete, offered for undo until undo_deadline */
    uint64_t delete_seq;
    char *del_id, *del_sink, *del_desc;
    char *del_source;           /* source org id of the deleted row, NULL when unknown */
    char **del_types;
    size_t del_n_types;
    int64_t undo_deadline;      /* 0: no undo offered */
    uint64_t undo_seq;

    int64_t next_refresh;       /* 0: none scheduled */

    /* The job in flight waits before retrying a request: why, shown on the
     * status line until that job's next result. note_seq 0: no note. */
    uint64_t note_seq;
    char note[300];             /* "rate limited (org_connections)" */
    int note_attempt, note_max_tries;
    int64_t note_retry_at;      /* monotonic ms of the retry; 0 once it has come */

    uint64_t recent_seq;        /* the audit-log read whose result counts */

    bool start_read_only;       /* read-only at start: kept across profile switches */
    bool audit_failed;          /* no audit log: writes refused */
    long page_size;             /* rows per page (DDORGS_PAGE_SIZE; 0: server default) */

    void *inwin;                /* WINDOW read for keys (never drawn: no implicit refresh) */
    bool cursor_on;

    int rows, cols;
    bool too_small;
    bool ascii;                 /* no UTF-8 locale: ASCII drawing */
    bool dirty;
    bool quit;
} app;

/* Main area geometry (below the top line, above status and function bar). */
int app_main_top(const app *a);
int app_main_rows(const app *a);
/* Rows of the list in the active view (for paging and scroll fitting). */
int app_list_rows(const app *a);
bool app_detail_beside(const app *a);
/* Columns of the list: all of them, or what the detail pane beside leaves. */
int app_list_width(const app *a);

/* Drops what was kept to undo the last delete, and the undo offer. */
void app_forget_delete(app *a);
void app_set_msg(app *a, msg_kind k, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Refuses a write in read-only mode with the reason; true when allowed. */
bool app_may_write(app *a, const char *what);
/* Starts a fetch of the list shown by view index v (0 or 1). */
void app_fetch(app *a, int v);
void app_fetch_all(app *a);
/* Submits a job; the returned number identifies its results. */
uint64_t app_submit(app *a, dd_job *job);
void app_open_dialog(app *a, struct dialog *d);
void app_close_dialog(app *a);
/* Switches to the profile by name (loads its configuration). */
void app_switch_profile(app *a, const char *name);
/* Asks the worker for the audit log's last records (Org panel); the store
 * keeps them. */
void app_load_recent(app *a);
int64_t app_now(void);
/* The retry note for the status line ("" when none): with the attempt
 * ("rate limited (x): retrying in 12 s, attempt 2 of 3") or, when short,
 * without it. */
void app_note_text(const app *a, bool short_form, char *buf, size_t n);
/* Runs until quit; returns the exit code. */
int app_loop(app *a);

#endif
