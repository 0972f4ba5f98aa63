#!/usr/bin/env bash
# Delete: default No, d does not confirm, y does; u re-creates with the
# same sink and types under a new id.
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)"
st_start 100 30
st_wait "Connections (3)"
st_keys j j        # Charlie: logs,metrics
st_keys d
st_wait "Delete connection"
st_has "Self Org → Charlie Sink"
st_has "types: logs,metrics"
st_has "[ Yes, delete ]"
st_keys d          # the opening key does not confirm
st_keys Enter      # default is No
st_wait_gone "Delete connection"
[ "$(st_requests DELETE /api/v2/org_connections)" -eq 0 ] || st_fail "deleted without a yes"
st_keys d
st_wait "Delete connection"
st_keys y
st_wait "Press u within"
st_wait "Connections (2)"
[ "$(st_requests DELETE "/api/v2/org_connections/$ST_C3")" -eq 1 ] || st_fail "expected one DELETE"
st_ctl GET /_mock/state | grep -qF "$ST_C3" && st_fail "the mock still holds it"
st_keys u
st_wait "undo: re-created under a new id"
st_lacks "ID          $ST_C3"
st_wait "Connections (3)"
st_ctl GET /_mock/state | grep -qF "\"sink_org_id\":\"$ST_ORG_C\",\"connection_types\":[\"logs\",\"metrics\"]" \
    || st_fail "the mock lacks the re-created connection"
st_pass "delete guarded, undo re-created it with a new id"
