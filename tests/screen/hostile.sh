#!/usr/bin/env bash
# Hostile server strings: escape sequences, CR, bidi overrides, wide
# characters and very long names cannot disturb the screen.
. "$(dirname "$0")/lib.sh"
long=$(printf 'L%.0s' $(seq 1 2000))
# Every row is one the keys' org takes part in (a list holds only those):
# four rows name the four other orgs.
ST_C4=aaaaaaaa-0000-4000-8000-000000000004
cat >"$ST_DIR/hostile.json" <<JSON
{"self_org_id":"$ST_SELF","self_user":{"id":"u-1","name":"Op"},
 "orgs":[{"id":"$ST_SELF","name":"Evil\u001b[2J\u001b[31mRED\u001b]0;pwned\u0007","created_at":"2026-01-01T00:00:00Z","disabled":false},
         {"id":"$ST_ORG_A","name":"Over\rWrite","created_at":"2024-01-01T00:00:00Z","disabled":false},
         {"id":"$ST_ORG_B","name":"\u202egnp.exe\u202c bidi","created_at":"2024-01-01T00:00:00Z","disabled":false},
         {"id":"$ST_ORG_C","name":"東京データセンター本番環境","created_at":"2024-01-01T00:00:00Z","disabled":false},
         {"id":"$ST_ORG_D","name":"$long","created_at":"2024-01-01T00:00:00Z","disabled":false}],
 "users":[{"id":"u-1","name":"Op\b\b\bXX"}],
 "connections":[
  {"id":"$ST_C1","source_org_id":"$ST_SELF","sink_org_id":"$ST_ORG_A","connection_types":["logs","new\u001b[5mtype"],"created_at":"2025-01-01T00:00:00Z","created_by_id":"u-1"},
  {"id":"$ST_C2","source_org_id":"$ST_SELF","sink_org_id":"$ST_ORG_B","connection_types":["metrics"],"created_at":"2024-01-01T00:00:00Z","created_by_id":"u-1"},
  {"id":"$ST_C3","source_org_id":"$ST_ORG_C","sink_org_id":"$ST_SELF","connection_types":["logs"],"created_at":"2025-06-01T00:00:00Z","created_by_id":"u-1"},
  {"id":"$ST_C4","source_org_id":"$ST_SELF","sink_org_id":"$ST_ORG_D","connection_types":["logs"],"created_at":"2025-07-01T00:00:00Z","created_by_id":"u-1"}],
 "salesforce_orgs":[]}
JSON
st_mock --fixture "$ST_DIR/hostile.json"
st_start 100 30
st_wait "Connections (4)"
st_has "Evil␛[2J␛[31mRED"
st_has "Over␍Write"
st_has "gnp.exe"
st_lacks $'\u202e'
st_has "東京データセンタ"
st_has "F10Quit"                      # the frame is intact
st_has " [1] Connections (4)"
# every list row starts its sink column at the same place
cols=$(st_screen | sed -n '3,6p' | while IFS= read -r l; do
    printf '%s\n' "$l" | LC_ALL=C.UTF-8 wc -L; done | sort -u | wc -l)
[ "$cols" -eq 1 ] || st_fail "list rows have different widths (misaligned)"
st_keys G
st_wait "ID          $ST_C4"
st_has "LLLL"
st_has "…"
st_keys g
st_wait "ID          $ST_C1"
st_keys e
st_wait "not known to this version; kept"
st_pass "hostile strings shown as inert text, alignment kept"
