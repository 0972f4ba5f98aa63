#!/usr/bin/env bash
# The create form offers every org of the loaded rows, however many: with
# 450 orgs in 898 connections the picker counts every distinct org that
# the mock's connections name. The keys' org takes part in all of them (to
# and from each other org), so the rows it lists name every org.
. "$(dirname "$0")/lib.sh"
st_mock --seed 3 --orgs 450 --connections 898 --self-connections 898
st_start 100 30
st_wait "Connections (898)" 20
expected=$(st_ctl GET /_mock/state | grep -oE '"(source|sink)_org_id":"[^"]*"' | cut -d'"' -f4 | sort -u | wc -l)
[ "$expected" -gt 400 ] || st_fail "the seed gave only $expected orgs in connections"
st_keys n
st_wait "New connection"
# The account's orgs but the keys' own, connected or not.
st_wait "Orgs of the account ($((expected - 1))):"
st_pass "the picker holds all $expected orgs"
