#!/usr/bin/env bash
# Create: pick a sink, create; the form names the source and says that the
# sink can query its data. The same pair again is refused in the form when
# the list shows the connection, and explained from the server's 409 when it
# does not (a server-side filter hides it), with the typed sink kept.
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)"
st_start 100 30
st_wait "Connections (3)"
st_keys n
st_wait "New connection"
st_has "From: Self Org ($ST_SELF)" "can query the source org's data" "Orgs of the account (4):"
st_type "not-a-uuid"
st_keys Enter
st_wait "must be a uuid"
st_keys C-u
st_type "$ST_ORG_D"
st_keys Tab Tab j Space Enter   # types: logs (default) + metrics
st_wait "created connection"
st_wait "Connections (4)"
st_ctl GET /_mock/state | grep -qF "\"sink_org_id\":\"$ST_ORG_D\",\"connection_types\":[\"logs\",\"metrics\"]" \
    || st_fail "the mock lacks the new connection"
st_keys n
st_wait "New connection"
st_has "Alpha Sink  (connected)"
st_type "$ST_ORG_A"
st_keys Enter
st_wait "This org already shares with Alpha Sink: close this form and edit"
[ "$(st_requests POST /api/v2/org_connections)" -eq 1 ] || st_fail "a known pair was sent"
st_keys Escape
st_wait_gone "New connection"
# Only Delta's row listed: the pair with Alpha is not known, the server says.
st_keys f
st_wait "Server-side filter"
st_type "$ST_ORG_D"
st_keys Enter
st_wait "Connections (1)"
st_keys n
st_wait "New connection"
st_type "$ST_ORG_A"
st_keys Enter
st_wait "already exists (409)"
st_has "$ST_ORG_A"              # what was typed is still there
st_keys Escape
st_wait_gone "New connection"
[ "$(st_requests POST /api/v2/org_connections)" -eq 2 ] || st_fail "expected two POSTs"
st_pass "created; a known pair refused in the form, the server's 409 explained, input kept"
