#!/usr/bin/env bash
# Read-only: every write key says why it does nothing; no write reaches
# the mock; the function bar and help grey the write actions.
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)"
st_start 100 30 -- --read-only
st_wait "Connections (3)"
st_has "read-only"
# At 80 columns the top line still names where requests go (the
# --api-url's host and port) and shows the lock.
st_resize 80 24
st_wait "Conns (3)"
top=$(st_screen | head -n 1)
case "$top" in
*"[1] Conns (3)"*"[2] SF orgs (2)"*"[3] Org"*"127.0.0.1:$ST_PORT"*"read-only"*) ;;
*) st_fail "top line at 80 columns: $top" ;;
esac
st_resize 100 30
st_wait "Connections (3)"
for k in e n d; do
    st_keys "$k"
    st_wait "does nothing"
    st_lacks "Edit connection types"
    st_lacks "New connection"
    st_lacks "Delete connection"
    st_keys Escape
done
st_keys 2 d
st_wait "does nothing"
st_keys 3 D
st_wait "does nothing"
st_lacks "DISABLE THIS ORG"
st_keys '?'
st_wait "(write: off, read-only)"
st_keys Escape
for m in POST PATCH DELETE; do
    [ "$(st_requests $m /api)" -eq 0 ] || st_fail "a $m reached the mock"
done
st_pass "no write reached the mock"
