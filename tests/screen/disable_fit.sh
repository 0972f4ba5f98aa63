#!/usr/bin/env bash
# The disable dialog at 80x24 names what it disables (the org's name, its
# UUID, where the request goes) and fits: the warning, what stops flowing
# (as many of the 40 connections as fit, then "and N more"), the field, a
# refusal explained whole, and its keys.
. "$(dirname "$0")/lib.sh"
fx=$ST_DIR/forty.json
conns= orgs=
for i in $(seq 10 49); do
    org=cccccccc-0000-4000-8000-0000000000$i
    orgs="$orgs,{\"id\":\"$org\",\"name\":\"Sink $i\",\"created_at\":\"2024-01-01T00:00:00Z\"}"
    conns="$conns${conns:+,}{\"id\":\"bbbbbbbb-0000-4000-8000-0000000000$i\",\"source_org_id\":\"$ST_SELF\",
  \"sink_org_id\":\"$org\",\"connection_types\":[\"logs\"],\"created_at\":\"2025-01-01T00:00:00Z\",\"created_by_id\":\"u-1\"}"
done
cat >"$fx" <<JSON
{"self_org_id":"$ST_SELF","self_user":{"id":"u-1","name":"Pat Operator"},
 "orgs":[{"id":"$ST_SELF","name":"Self Org","created_at":"$(date -u +%Y-%m-%dT%H:%M:%SZ)"},
         {"id":"$ST_ORG_A","name":"Alpha Sink","created_at":"2024-01-01T00:00:00Z"}$orgs],
 "users":[{"id":"u-1","name":"Pat Operator"}],
 "connections":[$conns],
 "disable_feature_flag":true,"disable_status":"pending_disable"}
JSON
st_mock --fixture "$fx"
st_start 80 24
st_wait "Conns (40)"
st_keys 3
st_wait "Recent writes"
st_keys D
st_wait "DISABLE THIS ORG"
st_has "Org:   Self Org ($ST_SELF)" "Where: API URL http://127.0.0.1:$ST_PORT, profile (none)"
st_has "What stops flowing: 40 connections:" "to Sink 10: logs"
st_has "Type the org UUID to disable it:" "Enter disable"
scr=$(st_screen)
shown=$(grep -c "to Sink [1-4][0-9]: logs" <<<"$scr")
[ "$shown" -ge 2 ] || st_fail "only $shown connection(s) listed at 80x24"
grep -qF "and $((40 - shown)) more" <<<"$scr" || st_fail "no \"and $((40 - shown)) more\" after $shown shown"
# A refusal is explained whole under the field, the field kept.
st_ctl POST /_mock/faults '{"route":"disable_org","status":403}' >/dev/null
st_type "$ST_SELF"
st_keys Enter
st_wait "403 Forbidden"
st_has "Nothing changed." "Type the org UUID to disable it:" "Org:   Self Org"
st_keys Escape
st_wait_gone "DISABLE THIS ORG"
st_pass "names the org, its UUID and site; fits 80x24; lists what fits, then how many more"
