#!/usr/bin/env bash
# Edit types: tick audit, untick logs, review the change and the exact
# request, send; the row and the server both change.
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)"
st_start 100 30
st_wait "Connections (3)"
st_keys e
st_wait "Edit connection types"
st_has "[x] logs"
st_has "[ ] audit"
st_keys Space            # untick logs
st_keys Enter
st_wait "At least one type is required."
[ "$(st_requests PATCH /api/v2/org_connections)" -eq 0 ] || st_fail "sent with no type"
st_keys j j Space Enter  # tick audit
st_wait "Change: −logs +audit"
st_has "PATCH /api/v2/org_connections/$ST_C1"
st_has '"connection_types":["audit"]'
st_keys Enter
st_wait "connection $ST_C1 updated"
st_has "* Self Org"       # the row is marked changed
[ "$(st_requests PATCH "/api/v2/org_connections/$ST_C1")" -eq 1 ] || st_fail "expected one PATCH"
st_ctl GET /_mock/state | grep -qF "\"id\":\"$ST_C1\",\"source_org_id\":\"$ST_SELF\",\"sink_org_id\":\"$ST_ORG_A\",\"connection_types\":[\"audit\"]" \
    || st_fail "the mock does not hold audit only"
st_pass "types edited after review; server holds [audit]"
