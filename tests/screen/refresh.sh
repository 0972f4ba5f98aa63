#!/usr/bin/env bash
# Auto-refresh (--refresh 2): changes made on the server appear without a
# key press, new rows marked "+" and changed rows "*" (a glyph, not only a
# colour); the marks go at the next refresh that finds nothing new.
. "$(dirname "$0")/lib.sh"
fx=$(st_small_fixture)
st_mock --fixture "$fx"
st_start 100 30 -- --refresh 2
st_wait "Connections (3)"
st_has "Alpha Sink"
# No marks on the first load.
st_screen | grep -qE '^[+*] ' && st_fail "rows marked on the first load"

# On the server: a new connection to Delta Spare, and Bravo's types changed.
ST_C4=aaaaaaaa-0000-4000-8000-000000000004
sed -e 's|"connection_types":\["metrics"\]|"connection_types":["audit","metrics"]|' \
    -e 's|"connections":\[|"connections":[{"id":"'"$ST_C4"'","source_org_id":"'"$ST_SELF"'","sink_org_id":"'"$ST_ORG_D"'","connection_types":["logs"],"created_at":"2025-03-01T00:00:00Z","created_by_id":"u-1"},|' \
    "$fx" >"$ST_DIR/changed.json"
st_ctl PUT /_mock/state "@$ST_DIR/changed.json" >/dev/null || st_fail "cannot change the mock's state"
n0=$(st_requests GET /api/v2/org_connections)
st_wait "Connections (4)" 8
st_screen | grep -qE '^\+ +Self Org +Delta Spare +logs' || st_fail "the new row is not marked +"
st_screen | grep -qE '^\* +Self Org +Bravo Sink +audit,metrics' || st_fail "the changed row is not marked *"
st_screen | grep -qE '^[+*] +Self Org +(Alpha|Charlie) Sink' && st_fail "an unchanged row is marked"

# The next refresh finds nothing new: the marks go, still without a key.
for i in $(seq 1 160); do
    st_screen | grep -qE '^[+*] ' || break
    sleep 0.05
done
st_screen | grep -qE '^[+*] ' && st_fail "marks kept after a refresh that changed nothing"
st_has "Delta Spare"
n1=$(st_requests GET /api/v2/org_connections)
[ "$n1" -ge $((n0 + 2)) ] || st_fail "expected two more refreshes, got $((n1 - n0))"
st_pass "new and changed rows appear marked without a key press; marks clear"
