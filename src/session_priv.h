/* What session.c and session_apply.c share; private to the session. */
#ifndef DD_SESSION_PRIV_H
#define DD_SESSION_PRIV_H

#include "session.h"

/* Appends job j to fx (handed over: *j is left empty). false when fx is
 * full or j could not be built (ok false); the job is then freed and the
 * message says nothing was sent. */
bool dd_session_queue(dd_session *s, dd_fx *fx, dd_job *j, bool ok);
/* A copy of v (NULL for NULL); on OOM NULL and *ok false. */
char *dd_session_dup(const char *v, bool *ok);
/* The org of the keys in use, copied into out (n bytes): current_org of
 * GET /api/v2/org when known, else the one org taking part in every listed
 * connection (the service lists only those the keys' org is in, so it is
 * that org); "" when neither tells (session_write.c). */
void dd_session_keys_org(const dd_session *s, char *out, size_t n);
/* Sets the message with an expiry: at expires_at (monotonic ms) `then`
 * replaces it. */
void dd_session_msg_expiring(dd_session *s, dd_msg_kind k, int64_t expires_at, const char *then,
                             const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Drops what was kept to undo the last delete, and the offer. */
void dd_session_forget_undo(dd_session *s);
/* The org map is loading while the orgs or the connections are. */
void dd_session_map_loading(dd_session *s);
/* Builds the org map again from the connections and the managed orgs. */
void dd_session_map_rebuild(dd_session *s, dd_time now, dd_fx *fx);
/* A managed-orgs result. */
void dd_session_orgs_result(dd_session *s, dd_result *r, const char *err, dd_time now,
                            dd_fx *fx);
/* Writes are refused from now on, for reason ro (unless already refused
 * for a reason that outlives it). */
void dd_session_set_ro(dd_session *s, dd_ro ro);

/* ---- session_account.c ---- */

/* Loads the account again (the account view's refresh); nothing when a
 * load runs. After dd_session_account_quiet, the load changes the message
 * only when it fails whole. */
void dd_session_account_quiet(dd_session *s, dd_fx *fx);
void dd_session_account_reload(dd_session *s, dd_fx *fx);
/* The account view's load numbered seq has been handed to the worker. */
void dd_session_account_sent(dd_session *s, uint64_t seq);
/* A DD_JOB_ACCOUNT result. */
void dd_session_account_result(dd_session *s, dd_result *r, const char *err, dd_time now,
                               dd_fx *fx);
/* In the account view, sets j->profile to the profile a connection write
 * (op) between source and sink goes through; false with the message set
 * when none may (nothing is queued then). Outside it: true, j unchanged. */
bool dd_session_account_route(dd_session *s, dd_op_id op, const char *source, const char *sink,
                              dd_job *j);
/* Leaves the account view (a profile switch, dd_session_account off):
 * frees the account and gives the connections list its own kind back. */
void dd_session_account_leave(dd_session *s);
/* The account view's org map seeds (dd_orgmap_account_seeds), or none. */
struct dd_orgmap_row;
int dd_session_account_seeds(const dd_session *s, dd_strpool *pool, struct dd_orgmap_row **out,
                             size_t *n);

#endif
