/* What session.c and session_apply.c share; private to the session. */
#ifndef DD_SESSION_PRIV_H
#define DD_SESSION_PRIV_H

#include "session.h"

/* Appends job j to fx (handed over: *j is left empty). false when fx is
 * full or j could not be built (ok false); the job is then freed and the
 * message says nothing was sent. */
bool dd_session_queue(dd_session *s, dd_fx *fx, dd_job *j, bool ok);
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

#endif
