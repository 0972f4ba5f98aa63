/* Append-only JSON Lines audit log ($XDG_STATE_HOME/ddorgs/audit.log, mode
 * 0600, directories 0700). For every write: an "intent" record before the
 * request is sent and an "outcome" record after, each fsync'd. Records hold
 * time, profile, site, operation, target ids, and the outcome (HTTP status or
 * error); never a key: every text field goes through the key redactor
 * (redact.h), which finds any run of 8 or more characters of a key the
 * process loaded (secrets.h). Safe to use from several threads. */
#ifndef DD_AUDIT_H
#define DD_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct dd_audit dd_audit;

typedef struct dd_audit_entry {
    int64_t time;         /* unix seconds */
    char phase[16];       /* "intent" | "outcome" */
    char op[40];          /* "connections.create", ... */
    char target[200];     /* target ids, as recorded */
    char result[200];     /* outcome: "200", "error: network ..." ; "" for intent */
    char profile[64];
    char site[64];
} dd_audit_entry;

/* Creates the missing directories of path (0700) and the log (0600).
 * Refuses, with the command that fixes it (DD_E_IO), a log that is not a
 * regular file at the path (a link, a FIFO, a directory), not the user's or
 * root's, or writable by group or others, and a directory that is not the
 * user's or root's or that group or others may write without the sticky
 * bit (private_file.h). A log others may only read is narrowed to 0600. */
dd_audit *dd_audit_open(const char *path, dd_error *err);
void dd_audit_close(dd_audit *a);
/* op: "connections.create" | "connections.update" | "connections.delete" |
 * "salesforce.delete" | "org.disable". target/detail may be NULL. Returns a
 * record id linking intent and outcome (> 0), 0 on failure (err set). */
uint64_t dd_audit_intent(dd_audit *a, const char *profile, const char *site, const char *op,
                         const char *target, const char *detail, dd_error *err);
/* status: HTTP status (0 when none); error: NULL on success. */
dd_status dd_audit_outcome(dd_audit *a, uint64_t id, const char *profile, const char *site,
                           const char *op, const char *target, long status,
                           const char *error, dd_error *err);
/* Reads the last n records of the file at path (newest last) into a
 * malloc'd array. A missing file is 0 records; a file dd_audit_open would
 * refuse is refused alike. */
dd_status dd_audit_read_recent(const char *path, size_t n, dd_audit_entry **out, size_t *count,
                               dd_error *err);

#endif
