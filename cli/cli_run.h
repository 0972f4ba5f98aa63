/* One command's run, shared by the parts that carry it out: cli_commands.c
 * (signals, confirmation, the writes without rows, the run itself) and
 * cli_rows.c (the commands that print rows). Private to the command line. */
#ifndef DD_CLI_RUN_H
#define DD_CLI_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "cli.h"
#include "cli_output.h"
#include "client.h"
#include "error.h"

typedef struct run_ctx {
    const dd_cli_args *a;
    dd_client *client;
    dd_error err;
    bool progress;         /* stderr is a terminal and stdout is not */
    dd_out out;            /* the rows printed on stdout */
    bool write_started;    /* the write call has been entered: it may have been sent */
    int64_t rate_wait_end; /* monotonic ms at which the last 429 wait ends, 0 if none */
    bool other_wait;       /* a wait for anything but a 429 happened */
    char org_uuid[256];    /* disable: the UUID the operator confirmed, "" none */
} run_ctx;

/* Reports x->err (or the interruption that caused it) on stderr and
 * returns its exit code. */
int dd_run_fail(run_ctx *x);
/* Right before a write call: false, with x->err set, when a signal has
 * already asked to stop, so that nothing is sent. */
bool dd_run_start_write(run_ctx *x);
/* Standard output could not be written (error: its errno). A closed pipe
 * (EPIPE) says nothing and gives DD_EXIT_CLOSED_PIPE; anything else says
 * what failed, and for a write that it was applied, and gives
 * DD_EXIT_OUTPUT. */
int dd_run_output_failed(run_ctx *x, int error);
/* Takes the progress count off stderr's line, when one is shown. */
void dd_run_progress_clear(run_ctx *x);

/* The commands of cli_rows.c; each returns the exit code. */
int dd_run_conn_list(run_ctx *x);
int dd_run_conn_write(run_ctx *x);
int dd_run_sf_list(run_ctx *x);
int dd_run_orgs_list(run_ctx *x);

#endif
