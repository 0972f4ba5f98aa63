#!/usr/bin/env bash
# A server that caps its pages (asked 1,000, sends 2) is walked to the end;
# one that sends an empty page before its own total leaves the list marked
# incomplete, "2 of 3", in the tab, the status line and the message, until
# a whole listing replaces it.
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)" --max-page-size 2 \
    --fault 'list_connections:kind=empty_page,every=2,times=1'
st_start 110 30
st_wait "Connections (2 of 3, incomplete)"
st_has "incomplete list: got 2 of 3 connections"
st_has "Alpha Sink" "Bravo Sink"
st_lacks "Charlie Sink"
[ "$(st_requests GET /api/v2/org_connections)" -eq 2 ] || st_fail "not two pages asked"
st_keys Escape
st_wait "[incomplete]"
st_keys r
st_wait "Connections (3)"
st_has "Charlie Sink"
st_lacks "incomplete"
[ "$(st_requests GET /api/v2/org_connections)" -eq 4 ] || st_fail "the refresh did not walk on"
st_pass "capped pages walked to the end, an early end marked incomplete"
