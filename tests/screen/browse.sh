#!/usr/bin/env bash
# Browse: the three panels, the detail pane, key fingerprints only.
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)"
st_start 100 30
st_wait "Connections (3)"
st_wait "Salesforce orgs (2)"
st_has "Alpha Sink"
st_has "Charlie Sink"
st_has "ID          $ST_C1"          # detail pane: full id of the selected row
st_keys j
st_wait "ID          $ST_C2"
st_has "Sink        Bravo Sink ($ST_ORG_B)"
st_keys Tab
st_wait "Acme Prod"
st_has "00D000000000002BBB"
st_keys 3
st_wait "API key"
st_has "…${ST_KEY_API: -4}"
st_lacks "$ST_KEY_API"
st_lacks "$ST_KEY_APP"
st_keys 1
st_wait "Alpha Sink"
st_keys q
st_wait "ddorgs exited 0"
st_pass "three panels, detail pane, fingerprints only"
