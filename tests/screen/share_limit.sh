#!/usr/bin/env bash
# The documented share limit: a source org shares with at most 5 orgs
# unless the account is on an Enterprise plan. The create form says so when
# the keys' org already shares with 5, and a 400 from the server (the mock's
# --share-limit) is explained with the limit and the current count.
. "$(dirname "$0")/lib.sh"
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
orgs="{\"id\":\"$ST_SELF\",\"name\":\"Self Org\",\"created_at\":\"$now\",\"disabled\":false}"
conns=""
for i in 1 2 3 4 5 6; do
    id="6666666$i-6666-4666-8666-66666666666$i"
    orgs="$orgs,{\"id\":\"$id\",\"name\":\"Sink $i\",\"created_at\":\"2024-01-01T00:00:00Z\",\"disabled\":false}"
    [ "$i" -le 5 ] || continue
    [ -n "$conns" ] && conns="$conns,"
    conns="$conns{\"id\":\"bbbbbbbb-0000-4000-8000-00000000000$i\",\"source_org_id\":\"$ST_SELF\",\"sink_org_id\":\"$id\",\"connection_types\":[\"logs\"],\"created_at\":\"2025-01-01T00:00:00Z\",\"created_by_id\":\"u-1\"}"
done
cat >"$ST_DIR/five.json" <<JSON
{"self_org_id":"$ST_SELF","self_user":{"id":"u-1","name":"Pat Operator"},
 "orgs":[$orgs],"users":[{"id":"u-1","name":"Pat Operator"}],
 "connections":[$conns],"salesforce_orgs":[]}
JSON
st_mock --fixture "$ST_DIR/five.json" --share-limit 5
st_start 110 34
st_wait "Connections (5)"
st_keys n
st_wait "New connection"
st_has "It shares with 5 orgs: 5 is the documented most outside Enterprise plans."
st_type "66666666-6666-4666-8666-666666666666"
st_keys Enter
st_wait "Refused (400)"
st_has "Refused (400). A source org shares with at most 5 orgs outside Enterprise plans"
st_has "this one shares with 5 now"
[ "$(st_requests POST /api/v2/org_connections)" -eq 1 ] || st_fail "the create was not sent once"
st_keys Escape
st_wait_gone "New connection"
st_quit
st_pass
