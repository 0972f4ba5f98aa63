#!/usr/bin/env bash
# With nothing in flight and no --refresh, the console sleeps: neither its
# UI thread nor its worker thread is woken while the screen sits idle (no
# periodic timers). Counted by the kernel's per-thread context switches,
# not by timing; a key then shows the count is live.
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)"
st_start 100 30
st_wait "Connections (3)"
st_wait "Salesforce orgs (2)"
st_wait "ID          $ST_C1"
st_settle
pid=$(st_console_pid) || st_fail "no console process under the tmux pane"
[ "$(cat "/proc/$pid/comm")" = ddorgs ] || st_fail "pid $pid is not ddorgs"
worker=
for t in /proc/"$pid"/task/*; do
    [ "$(cat "$t/comm" 2>/dev/null)" = ddorgs-worker ] && worker=${t##*/}
done
[ -n "$worker" ] || st_fail "no thread named ddorgs-worker in $pid"

# Voluntary plus involuntary context switches of one thread.
switches() {
    awk '/^(non)?voluntary_ctxt_switches:/ { n += $2 } END { print n + 0 }' \
        "/proc/$pid/task/$1/status"
}
ui0=$(switches "$pid")
wk0=$(switches "$worker")
sleep 3
ui1=$(switches "$pid")
wk1=$(switches "$worker")
[ "$ui1" -eq "$ui0" ] || st_fail "the UI thread woke $((ui1 - ui0)) times in 3 idle seconds"
[ "$wk1" -eq "$wk0" ] || st_fail "the worker thread woke $((wk1 - wk0)) times in 3 idle seconds"

st_keys j
st_wait "ID          $ST_C2"
ui2=$(switches "$pid")
[ "$ui2" -gt "$ui1" ] || st_fail "a key press did not show as a wakeup: the count is not live"
st_pass "idle 3 s: the UI and worker threads were not woken; a key wakes the UI"
