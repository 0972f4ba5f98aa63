#!/usr/bin/env bash
# Create: pick a sink from the orgs seen, create; then the same pair again
# gets 409 explained inside the form, with the typed sink kept.
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)"
st_start 100 30
st_wait "Connections (3)"
st_keys n
st_wait "New connection"
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
st_type "$ST_ORG_A"
st_keys Enter
st_wait "already exists (409)"
st_has "$ST_ORG_A"              # what was typed is still there
st_keys Escape
st_wait_gone "New connection"
[ "$(st_requests POST /api/v2/org_connections)" -eq 2 ] || st_fail "expected two POSTs"
st_pass "created; 409 explained in the form, input kept"
