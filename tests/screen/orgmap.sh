#!/usr/bin/env bash
# The org map: every org of the account (the managed orgs, and one seen only
# in a connection), what each shares with how many orgs per type and from
# how many it receives, who holds its keys; Enter shows the selected org's
# connections, to and from it, in the connections list.
. "$(dirname "$0")/lib.sh"
ST_C4=aaaaaaaa-0000-4000-8000-000000000004
ST_STRANGER=66666666-6666-4666-8666-666666666666
fixture=$(st_small_fixture)
# Alpha sends to the keys' org too.
sed -i "s|^  {\"id\":\"$ST_C3\"\\(.*\\)}\\],\$|  {\"id\":\"$ST_C3\"\\1},\\
  {\"id\":\"$ST_C4\",\"source_org_id\":\"$ST_ORG_A\",\"sink_org_id\":\"$ST_SELF\",\"connection_types\":[\"audit\"],\"created_at\":\"2025-02-01T00:00:00Z\",\"created_by_id\":\"u-1\"}],|" "$fixture"
grep -qF "$ST_C4" "$fixture" || st_fail "fixture not extended"
st_mock --fixture "$fixture"
st_start 160 30
st_wait "Connections (4)"
st_keys 4
st_wait "Shares with"
st_lacks "* Self Org"            # a map built from the lists marks nothing as changed
# Self Org: shares with three (logs 2, metrics 2), receives from one.
line=$(st_screen | grep -F "Self Org " | head -n 1)
case "$line" in
*"3: logs 2, metrics 2"*" 1 "*"(environmen"*"keys' org"*) ;;   # keys from DD_API_KEY
*) st_fail "Self Org's row: $line" ;;
esac
line=$(st_screen | grep -F "Alpha Sink" | head -n 1)
case "$line" in
*"1: audit 1"*" 1 "*"managed"*) ;;
*) st_fail "Alpha Sink's row: $line" ;;
esac
st_has "Delta Spare"            # managed, connected to nothing
# Alpha's connections, both ways.
st_keys j
st_wait "Name        Alpha Sink"
st_has "Receives    1 org"
st_keys Enter
st_wait "connections of Alpha Sink: 2 shown"
st_has "Self Org                 " "Alpha Sink"
st_lacks "Bravo Sink"
st_keys Escape Escape
st_wait "Bravo Sink"
# The filter of the map searches names and ids.
st_keys 4 /
st_type "delta"
st_keys Enter
st_wait 'filter "delta": 1 rows'
st_pass "org map: managed and seen orgs, shares and receives, Enter shows an org's connections"
