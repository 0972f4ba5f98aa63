#!/usr/bin/env bash
# With the account's orgs listed (GET /api/v2/org), the console knows the
# keys' org from the start: a connection the org receives cannot be given
# back by undo (the API creates only from the keys' org), so its delete asks
# for the first 8 characters of the id and says it cannot be undone, and no
# undo is offered after it. One it sends keeps the Yes/No and the undo.
. "$(dirname "$0")/lib.sh"
ST_C4=aaaaaaaa-0000-4000-8000-000000000004
fixture=$(st_small_fixture)
# One connection the keys' org receives: Alpha -> Self.
sed -i "s|^  {\"id\":\"$ST_C3\"\\(.*\\)}\\],\$|  {\"id\":\"$ST_C3\"\\1},\\
  {\"id\":\"$ST_C4\",\"source_org_id\":\"$ST_ORG_A\",\"sink_org_id\":\"$ST_SELF\",\"connection_types\":[\"audit\"],\"created_at\":\"2025-02-01T00:00:00Z\",\"created_by_id\":\"u-1\"}],|" "$fixture"
grep -qF "$ST_C4" "$fixture" || st_fail "fixture not extended"
st_mock --fixture "$fixture"
st_start 100 30
st_wait "Connections (4)"
st_keys 3
st_wait "Org         Self Org ($ST_SELF)"
st_keys 1
st_keys /
st_type "000000000004"
st_keys Enter
st_wait 'filter "000000000004": 1 rows'
st_keys d
st_wait "Delete connection"
st_has "Alpha Sink → Self Org" "this cannot be undone" "Type the first 8 characters of the id"
st_type "aaaaaaaa"
st_keys Enter
st_wait "No undo: its source is not the org of your keys"
st_keys u
st_keys '?'
st_wait "Help: keys"
st_keys Escape
[ "$(st_requests POST /api/v2/org_connections)" -eq 0 ] || st_fail "u sent a create"
# A connection the keys' org sends: Yes/No, and undo re-creates it.
st_keys Escape
st_keys /
st_keys C-u
st_type "000000000001"
st_keys Enter
st_wait 'filter "000000000001": 1 rows'
st_keys d
st_wait "Delete connection"
st_has "re-creates it from the org of"
st_keys y
st_wait "Press u within"
st_keys u
st_wait "undo: re-created under a new id"
[ "$(st_requests POST /api/v2/org_connections)" -eq 1 ] || st_fail "expected the one undo"
st_pass "the keys' org known from the start: undo offered only for what it sends"
