#!/usr/bin/env bash
# A write whose answer is lost after the server acted (here the DELETE's
# answer is cut short): the console says it may have been applied and
# refreshes the list, which shows what the server holds; nothing is
# repeated. A write refused before it left (connection refused) does not
# say so.
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)" --fault 'delete_connection:kind=truncate,times=1'
st_start 100 30
st_wait "Connections (3)"
st_keys j j        # Charlie
st_keys d
st_wait "Delete connection"
st_keys y
st_wait "error: delete failed but may have been applied (refreshing the list): answer"
st_wait "Connections (2)"
st_lacks "Charlie Sink"
[ "$(st_requests DELETE /api/v2/org_connections)" -eq 1 ] || st_fail "the delete was repeated"
[ "$(st_requests GET /api/v2/org_connections)" -ge 2 ] || st_fail "the list was not refreshed"

# A 409 is a refusal: no doubt, no refresh.
st_ctl POST /_mock/faults '{"route":"update_connection","status":409,"times":1}' >/dev/null
st_keys Escape g e
st_wait "Edit connection types"
st_keys j j Space Enter   # tick audit
st_wait "PATCH /api/v2/org_connections/"
st_keys Enter
st_wait "update failed: HTTP 409"
st_lacks "may have been applied"
st_pass "an uncertain write says so and shows the server's state; a refusal does not"
