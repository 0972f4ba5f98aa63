#!/usr/bin/env bash
# Ctrl-C while a write is out: the console gives the terminal back and says
# the write may have been applied and how to check, as the command line
# does; the audit log holds the write's outcome record, saying so too.
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)"
st_start 100 30
st_wait "Connections (3)"
st_ctl POST /_mock/faults '{"route":"delete_connection","latency_ms":3000,"times":1}' >/dev/null
st_keys d
st_wait "Delete connection"
st_keys y
# The mock logs a request when it answers, 3 s on: well within, Ctrl-C.
sleep 1
st_keys C-c
st_wait "ddorgs exited 130"
for i in $(seq 1 100); do
    [ "$(st_requests DELETE /api/v2/org_connections)" -ge 1 ] && break
    sleep 0.05
done
[ "$(st_requests DELETE /api/v2/org_connections)" -eq 1 ] || st_fail "the delete was not sent"
log="$ST_DIR/state/ddorgs/audit.log"
grep -qF "may have been applied" "$ST_DIR/tui.err" || st_fail "no \"may have been applied\" on stderr"
grep -qF "connections.delete" "$ST_DIR/tui.err" || st_fail "the write is not named"
grep -qF "ddorgs connections list" "$ST_DIR/tui.err" || st_fail "no way to check given"
grep -qF "$log" "$ST_DIR/tui.err" || st_fail "the audit log is not named"
grep '"phase":"outcome"' "$log" | grep -qF "may have been applied" \
    || { cat "$log" >&2; st_fail "no outcome record saying it may have been applied"; }
echo "PASS [interrupt_write]: Ctrl-C during a write says it may have been applied; outcome audited"
