#!/usr/bin/env bash
# At 200 columns the list shows whole connection IDs (36) before the names
# grow, and the detail pane beside it cuts a long name, never the org id
# after it.
. "$(dirname "$0")/lib.sh"
fixture=$(st_small_fixture)
sed -i 's/"Self Org"/"Self Org With A Rather Long Name Indeed"/' "$fixture"
st_mock --fixture "$fixture"
st_start 200 30
st_wait "Connections (3)"
st_has "$ST_C1" "$ST_C2" "$ST_C3"
st_wait "│ ID          $ST_C1"
st_has "$ST_SELF" "$ST_ORG_A"
# The help grows with the terminal, beyond the 90 columns it kept.
st_keys F1
st_wait "Help: keys"
top=$(st_screen | grep -F "Help: keys" | head -1)
top=${top#*┌}
top=${top%%┐*}
LC_ALL=C.UTF-8 bash -c '[ ${#1} -ge 130 ]' _ "$top" || st_fail "help only $(LC_ALL=C.UTF-8 bash -c 'echo ${#1}' _ "$top") columns wide at 200"
st_keys Escape
st_wait_gone "Help: keys"
st_pass "whole ids in the list and the detail pane, a wider help, at 200 columns"
