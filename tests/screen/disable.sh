#!/usr/bin/env bash
# Org disable: the dialog lists what stops flowing (the org's connections,
# to whom); a UUID of another org of the account is refused before anything
# is sent; 403 (feature off) explained, then success with the typed UUID
# sent as org_uuid; afterwards no write is offered; 409 when already
# disabled.
. "$(dirname "$0")/lib.sh"
fx=$(st_small_fixture)
sed 's/"disable_feature_flag":true/"disable_feature_flag":false/' "$fx" >"$ST_DIR/off.json"
st_mock --fixture "$ST_DIR/off.json"
st_start 100 30
st_wait "Connections (3)"
st_keys 3
st_wait "Recent writes"
st_wait "none recorded"
st_keys D
st_wait "DISABLE THIS ORG"
st_has "10 days" "What stops flowing: 3 connections:" "to Alpha Sink: logs" "to Charlie Sink: logs,metrics"
st_type "$ST_ORG_B"
st_keys Enter
st_wait "That is the UUID of Bravo Sink, not of this org (Self Org,"
st_keys C-u
st_type "nope"
st_keys Enter
st_wait "Nothing was sent."
st_keys C-u
st_type "$ST_SELF"
st_keys Enter
st_wait "403 Forbidden"
st_ctl PUT /_mock/state "@$fx" >/dev/null || st_fail "cannot reset the mock"
st_keys Enter
st_wait "is pending_disable"
st_ctl GET /_mock/requests | grep -qF '\"org_uuid\":\"'"$ST_SELF"'\"' || st_fail "org_uuid not sent"
st_keys Escape
st_wait "Org (disabled)"
st_has "read-only"
# The audit log tail was read again after each write (403, then success).
st_wait "outcome org.disable"
st_has "intent  org.disable"
st_lacks "none recorded"
st_keys 1 e
st_wait "does nothing"
n=$(st_requests POST /api/v2/org/disable)
[ "$n" -eq 2 ] || st_fail "expected two disable requests, got $n (another org's UUID was sent?)"
# 409: an org already disabled
st_ctl PUT /_mock/state "@$fx" >/dev/null
st_keys q
st_wait "ddorgs exited 0"
"$TMUX_BIN" -S "$ST_SOCK" kill-server
st_start 100 30
st_wait "Connections (3)"
st_ctl POST /_mock/faults '{"route":"disable_org","status":409}' >/dev/null
st_keys 3 D
st_wait "DISABLE THIS ORG"
st_type "$ST_SELF"
st_keys Enter
st_wait "409 Conflict"
st_pass "403 explained, success shown, writes gone, 409 explained"
