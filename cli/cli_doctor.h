/* ddorgs doctor, shared by its parts: the report (a line per check) and
 * the checks of cli_doctor.c (configuration), cli_doctor_net.c (proxy,
 * DNS, TCP, TLS, clock), cli_doctor_api.c (keys and what they may do) and
 * cli_doctor_term.c (terminal). Private to the command line. */
#ifndef DD_CLI_DOCTOR_H
#define DD_CLI_DOCTOR_H

#include <stdbool.h>
#include <stdio.h>

#include "cli.h"
#include "config.h"
#include "netprobe.h"

typedef enum doc_status { DOC_OK, DOC_WARN, DOC_FAIL, DOC_SKIP } doc_status;

typedef struct doctor {
    FILE *out;
    int count[4];     /* lines of each status */
    int exit_code;    /* of the first failure; DD_EXIT_OK while none */
} doctor;

/* One line: "ok    check        what it found" (st: DOC_OK, DOC_WARN or
 * DOC_SKIP). The text is cleaned as server text is (dd_cli_say). */
void doc_line(doctor *d, doc_status st, const char *check, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A failed check's line ("fail ..."): what failed and the fix. The first
 * failure's code (DD_EXIT_*) is doctor's exit code. */
void doc_fail(doctor *d, int code, const char *check, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The network checks: proxy, DNS, TCP, TLS (and the answer). Fills probe;
 * true when the server answered. */
bool doc_network(doctor *d, const dd_config *cfg, dd_probe *probe);
/* The clock against the Date of the probe's answer; probe NULL when none
 * came. */
void doc_clock(doctor *d, const dd_probe *probe);
/* The keys, by reads only: accepted, and which listings they may do. */
void doc_keys(doctor *d, const dd_config *cfg);
/* TERM, colours, the locale's character set, the size. */
void doc_terminal(doctor *d, const dd_doctor_terminal *term);

/* Skew beyond which the clock is worth a warning, in seconds. */
#define DOC_MAX_SKEW_S 60

#endif
