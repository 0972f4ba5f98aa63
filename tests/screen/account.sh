#!/usr/bin/env bash
# The account view: `a` loads every profile of the config file at once;
# the rows are merged with the profiles that see each; a profile whose keys
# are refused is named and the others' rows stay; a delete goes through a
# profile whose org may make it (the mock's request log shows whose keys
# were used), and one no writable profile may make is refused before
# anything is sent; the org map lists every org with the profiles holding
# its keys; `a` again goes back to the profile in use.
. "$(dirname "$0")/lib.sh"
AK_A=a651254569ac10858519730f90b4dc09
PK_A=2ba3d370a1cafbdedcc040954d505db46d315bcc
AK_B=713eb55c4680e2ad7e512b40b0f996c0
PK_B=c915cba60a906dd6c7d2d08e25ca6ec6c6860a3d
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
cat >"$ST_DIR/account.json" <<JSON
{"self_org_id":"$ST_SELF","self_user":{"id":"u-1","name":"Pat Operator"},
 "orgs":[{"id":"$ST_SELF","name":"Self Org","created_at":"$now","disabled":false},
         {"id":"$ST_ORG_A","name":"Alpha Org","created_at":"2024-01-01T00:00:00Z","disabled":false,
          "api_key":"$AK_A","app_key":"$PK_A"},
         {"id":"$ST_ORG_B","name":"Bravo Org","created_at":"2024-01-01T00:00:00Z","disabled":false,
          "api_key":"$AK_B","app_key":"$PK_B"},
         {"id":"$ST_ORG_C","name":"Charlie Org","created_at":"2024-01-01T00:00:00Z","disabled":false}],
 "users":[{"id":"u-1","name":"Pat Operator"}],
 "connections":[
  {"id":"$ST_C1","source_org_id":"$ST_SELF","sink_org_id":"$ST_ORG_A","connection_types":["logs"],"created_at":"2025-01-01T00:00:00Z","created_by_id":"u-1"},
  {"id":"$ST_C2","source_org_id":"$ST_ORG_A","sink_org_id":"$ST_ORG_B","connection_types":["metrics"],"created_at":"2025-01-01T00:00:00Z","created_by_id":"u-1"},
  {"id":"$ST_C3","source_org_id":"$ST_ORG_B","sink_org_id":"$ST_ORG_C","connection_types":["audit"],"created_at":"2025-01-01T00:00:00Z","created_by_id":"u-1"}],
 "salesforce_orgs":[]}
JSON
st_mock --fixture "$ST_DIR/account.json"
mkdir -p "$ST_DIR/config/ddorgs"
cfg="$ST_DIR/config/ddorgs/config"
cat >"$cfg" <<INI
[profile self]
api_key = $ST_KEY_API
app_key = $ST_KEY_APP

[profile alpha]
api_key = $AK_A
app_key = $PK_A

[profile bravo]
api_key = $AK_B
app_key = $PK_B
read_only = true

[profile broken]
api_key = 0351f31ff89e1c7042b9532215e22867
app_key = 059e557006ea40a77f5d161449d80b1e92318df8
INI
chmod 600 "$cfg"
ST_ENV_KEYS=0 st_start 140 30 -- --profile self
st_wait "Connections (1)"
st_lacks "ACCOUNT"

st_keys a
st_wait "from 3 of 4 profiles"
st_has "ACCOUNT profile self" "Connections (3, incomplete)" "Profiles"
st_has "broken" "401"
# On a narrow screen the top line drops where requests go, not the mark of
# the account view.
st_resize 90 30
st_settle
top=$(st_screen | head -1)
case "$top" in *ACCOUNT*) ;; *) st_fail "90 columns: the top line lost ACCOUNT: $top" ;; esac
st_resize 140 30
st_settle
# Each row with the profiles whose listing holds it.
scr=$(st_screen)
grep -qE "Self Org +Alpha Org +logs +self, alpha " <<<"$scr" || st_fail "c1 not seen by self, alpha"
grep -qE "Alpha Org +Bravo Org +metrics +alpha, bravo " <<<"$scr" || st_fail "c2 not seen by alpha, bravo"
grep -qE "Bravo Org +Charlie Org +audit +bravo " <<<"$scr" || st_fail "c3 not seen by bravo alone"
# Every profile was asked with its own keys.
reqs() {
    st_ctl GET /_mock/requests | python3 -c '
import json, sys
for e in json.load(sys.stdin)["requests"]:
    print(e["method"], e["path"], e["org_id"], e["status"])'
}
for org in "$ST_SELF" "$ST_ORG_A" "$ST_ORG_B"; do
    reqs | grep -qx "GET /api/v2/org_connections $org 200" || st_fail "no listing with the keys of $org"
done

# Alpha -> Bravo: bravo is read-only, alpha holds the source's keys.
st_keys /
st_type "metrics"
st_keys Enter
st_wait_gone "Self Org"
st_keys d
st_wait "Delete connection"
st_has "via:   profile alpha (the account view)"
st_type "${ST_C2:0:8}"
st_keys Enter
st_wait "deleted connection"
dels=$(reqs | grep "^DELETE ")
[ "$dels" = "DELETE /api/v2/org_connections/$ST_C2 $ST_ORG_A 200" ] ||
    st_fail "the delete did not go through alpha's keys: $dels"

# Bravo -> Charlie: only the read-only bravo holds a side's keys.
st_keys /
st_keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace
st_type "audit"
st_keys Enter
st_wait "Charlie Org"
st_keys d
st_wait "held only by profile 'bravo'"
st_lacks "Delete connection"
n=$(st_requests DELETE /api/v2/org_connections)
[ "$n" -eq 1 ] || st_fail "a refused delete was sent ($n deletes)"

# The org map: every org, the profiles holding the keys.
st_keys Escape Escape 4
st_wait "Charlie Org"
scr=$(st_screen)
grep -qE "Alpha Org .* alpha " <<<"$scr" || st_fail "the map does not name alpha for Alpha Org"
grep -qE "Bravo Org .* bravo " <<<"$scr" || st_fail "the map does not name bravo for Bravo Org"

# A create from an org picked on the map goes through its profile.
st_keys g
st_keys /
st_type "Alpha Org"
st_keys Enter Escape
st_keys n
st_wait "New connection"
st_has "From: Alpha Org ($ST_ORG_A), through profile alpha"
st_type "$ST_ORG_C"
st_keys Enter
st_wait_gone "New connection"
posts=$(reqs | grep "^POST ")
[ "$posts" = "POST /api/v2/org_connections $ST_ORG_A 200" ] ||
    st_fail "the create did not go through alpha's keys: $posts"

# Back to the profile in use.
st_keys 1 a
st_wait "account view closed"
st_wait_gone "ACCOUNT"
st_lacks "Profiles"
st_quit
st_pass "every profile at once, merged rows, writes through a profile, the org map, narrow top line"
