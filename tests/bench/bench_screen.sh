#!/usr/bin/env bash
# make bench, the console's side: what the console writes to an 80x24
# terminal per one-row scroll and per page, against a full repaint (Ctrl-L)
# of the same screen in the same run; and how often it wakes up in 10 idle
# seconds, against the same console with --refresh 1.
#
# The built ddorgs runs in a private tmux against ddorgs-mock on 127.0.0.1
# with 100,000 connections; tmux pipe-pane copies everything the console
# writes to a file whose size is read after each key. Every wait is bounded
# and waits on the screen (the row expected at the bottom of the list) or
# on the file; the bench stops by itself whatever happens.
#
# Needs DDORGS_BIN, DDORGS_MOCK_BIN, DDORGS_BUILDDIR, DDORGS_SRCDIR and
# TMUX_BIN (make bench sets them); DDORGS_BENCH_SUMMARY names a file that
# receives the headline figures (figure|value|peer|ratio).
set -u
. "$DDORGS_SRCDIR/tests/screen/lib.sh"

CONNS=100000
ORGS=50001 # a list holds its org's own connections: two with each other org
SCROLLS=50
PAGES=20
UPS=19
REPAINTS=10
IDLE_SECONDS=10
LIST_TOP=3       # screen line of the first list row (1-based)
LIST_BOTTOM=22   # and of the last: 20 rows at 80x24
PIPE="$ST_DIR/tty.out"
BS_STRACE_PID=

# shellcheck disable=SC2317  # called by the trap
bs_cleanup() {
    if [ -n "$BS_STRACE_PID" ]; then
        kill -INT "$BS_STRACE_PID" 2>/dev/null
        wait "$BS_STRACE_PID" 2>/dev/null
    fi
    st_cleanup
}
trap bs_cleanup EXIT

summary() {
    [ -n "${DDORGS_BENCH_SUMMARY:-}" ] && printf '%s|%s|%s|%s\n' "$@" >>"$DDORGS_BENCH_SUMMARY"
    return 0
}

bytes() { stat -c %s "$PIPE"; }

# line N of the screen
line() { st_screen | sed -n "${1}p"; }

# wait_line N TEXT [SECONDS]: until screen line N contains TEXT.
wait_line() {
    local n=$1 text=$2 limit=${3:-10}
    for _ in $(seq 1 $((limit * 50))); do
        case $(line "$n") in *"$text"*) return 0 ;; esac
        sleep 0.02
    done
    st_fail "timed out waiting for \"$text\" on line $n"
}

# wait_grown SIZE: until the console has written something after SIZE.
wait_grown() {
    local from=$1
    for _ in $(seq 1 250); do
        [ "$(bytes)" -gt "$from" ] && return 0
        sleep 0.02
    done
    st_fail "the console wrote nothing within 5 seconds"
}

# wait_settled: until the file stops growing (unchanged for 0.1 s).
wait_settled() {
    local last same=0 cur
    last=$(bytes)
    for _ in $(seq 1 500); do
        sleep 0.02
        cur=$(bytes)
        if [ "$cur" = "$last" ]; then
            same=$((same + 1))
            [ $same -ge 5 ] && return 0
        else
            same=0
            last=$cur
        fi
    done
    st_fail "the console kept writing for 10 seconds"
}

# id N: the first 8 characters of the id of row N in server order.
id() { sed -n "$(($1 + 1))p" "$ST_DIR/ids"; }

# the console's own process (the pane runs a shell that runs it)
console_pid() {
    local pane pid
    pane=$("$TMUX_BIN" -S "$ST_SOCK" list-panes -t st -F '#{pane_pid}' 2>/dev/null)
    for _ in $(seq 1 100); do
        pid=$(ps -o pid=,comm= --ppid "$pane" 2>/dev/null | awk '$2 == "ddorgs" { print $1 }')
        [ -n "$pid" ] && { echo "$pid"; return 0; }
        sleep 0.05
    done
    st_fail "no ddorgs process under the tmux pane"
}

# Shown, loaded, nothing in flight.
wait_loaded() {
    st_wait "s (100,000)" 120   # "Connections" or, with a long --api-url at 80 columns, "Conns"
    st_wait_gone "loading " 120
    wait_line $LIST_TOP "$(id 0)" 10
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }'; }
avg() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

echo "ddorgs screen benchmark: 80x24, TERM=screen-256color, $CONNS connections from ddorgs-mock on 127.0.0.1"
st_mock --orgs $ORGS --connections $CONNS --self-connections $CONNS

# Row ids in server order (the console's order with no sort column), to
# know which row must appear at the bottom of the list after each key.
env DD_API_KEY="$ST_KEY_API" DD_APP_KEY="$ST_KEY_APP" \
    XDG_STATE_HOME="$ST_DIR/state" XDG_CONFIG_HOME="$ST_DIR/config" \
    "$DDORGS_BIN" --api-url "http://127.0.0.1:$ST_PORT" connections list --limit 600 -o csv \
    2>"$ST_DIR/cli.err" | awk -F, 'NR > 1 { print substr($1, 1, 8) }' >"$ST_DIR/ids"
[ "$(wc -l <"$ST_DIR/ids")" -eq 600 ] || st_fail "could not list the first 600 ids: $(cat "$ST_DIR/cli.err")"

st_start 80 24
wait_loaded
CPID=$(console_pid)

# Selection to the bottom of the window (row 20 at the last list line), so
# that each j below scrolls the list by one row.
st_keys PageDown
wait_line $LIST_BOTTOM "$(id 20)"
: >"$PIPE"
"$TMUX_BIN" -S "$ST_SOCK" pipe-pane -o -t st "cat >> $(printf '%q' "$PIPE")" \
    || st_fail "tmux pipe-pane failed"
wait_settled

# One key at a time, each waited for, so that every key is one update.
scroll_total=0 scroll_min='' scroll_max=0
start_scroll=$(bytes)
for k in $(seq 1 $SCROLLS); do
    b0=$(bytes)
    st_keys j
    wait_line $LIST_BOTTOM "$(id $((20 + k)))"
    wait_settled
    d=$(($(bytes) - b0))
    scroll_total=$((scroll_total + d))
    [ -z "$scroll_min" ] || [ "$d" -lt "$scroll_min" ] && scroll_min=$d
    [ "$d" -gt "$scroll_max" ] && scroll_max=$d
done
sel=$((20 + SCROLLS))

page_total=0
for _ in $(seq 1 $PAGES); do
    b0=$(bytes)
    st_keys PageDown
    sel=$((sel + 20))
    wait_line $LIST_BOTTOM "$(id $sel)"
    wait_settled
    page_total=$((page_total + $(bytes) - b0))
done
end_scroll=$(bytes)

# k within the window: the highlight moves up, the list does not scroll.
up_total=0
for k in $(seq 1 $UPS); do
    b0=$(bytes)
    st_keys k
    wait_grown "$b0"
    wait_settled
    up_total=$((up_total + $(bytes) - b0))
done
wait_line $LIST_TOP "$(id $((sel - UPS)))"
wait_line $LIST_BOTTOM "$(id $sel)"

repaint_total=0
start_repaint=$(bytes)
for _ in $(seq 1 $REPAINTS); do
    b0=$(bytes)
    st_keys C-l
    wait_grown "$b0"
    wait_settled
    repaint_total=$((repaint_total + $(bytes) - b0))
done
wait_line $LIST_BOTTOM "$(id $sel)"
end_repaint=$(bytes)

# Whole-screen clears (clear = ESC [ H ESC [ J for this terminal type).
clears() {
    tail -c +$(($1 + 1)) "$PIPE" | head -c $(($2 - $1)) | LC_ALL=C grep -aoF $'\e[H\e[J' | wc -l
}
scroll_clears=$(clears "$start_scroll" "$end_scroll")
repaint_clears=$(clears "$start_repaint" "$end_repaint")

per_scroll=$(avg $scroll_total $SCROLLS)
per_page=$(avg $page_total $PAGES)
per_up=$(avg $up_total $UPS)
per_repaint=$(avg $repaint_total $REPAINTS)

echo
echo "bytes written to the terminal, one key at a time, each waited for on screen"
printf '  %-46s %6s %12s %10s\n' "key" "times" "bytes/key" "ratio"
printf '  %-46s %6s %12s %10s\n' "----------------------------------------------" "------" "------------" "----------"
printf '  %-46s %6d %12s %10s\n' "Ctrl-L full repaint (peer)" $REPAINTS "$per_repaint" "1.000"
printf '  %-46s %6d %12s %10s\n' "j, list scrolls one row (min $scroll_min, max $scroll_max)" $SCROLLS "$per_scroll" "$(ratio "$per_scroll" "$per_repaint")"
printf '  %-46s %6d %12s %10s\n' "k, highlight moves up one row, no scroll" $UPS "$per_up" "$(ratio "$per_up" "$per_repaint")"
printf '  %-46s %6d %12s %10s\n' "PageDown, list scrolls 20 rows" $PAGES "$per_page" "$(ratio "$per_page" "$per_repaint")"
echo "  whole-screen clears: $scroll_clears in $((SCROLLS + PAGES)) scrolling keys, $repaint_clears in $REPAINTS repaints"
summary "screen: bytes per one-row scroll (j)" "$per_scroll B" "Ctrl-L repaint $per_repaint B" "$(ratio "$per_scroll" "$per_repaint") x"
summary "screen: bytes per page down" "$per_page B" "Ctrl-L repaint $per_repaint B" "$(ratio "$per_page" "$per_repaint") x"
summary "screen: whole-screen clears while scrolling" "$scroll_clears" "$repaint_clears in $REPAINTS repaints" "-"

"$TMUX_BIN" -S "$ST_SOCK" pipe-pane -t st 2>/dev/null

# ---- wakeups: syscalls completed per thread in IDLE_SECONDS ----

# trace PID OUT: every syscall of every thread for IDLE_SECONDS.
trace() {
    timeout -s INT $((IDLE_SECONDS + 20)) strace -f -qq -p "$1" -o "$2" 2>"$2.err" &
    BS_STRACE_PID=$!
    sleep "$IDLE_SECONDS"
    kill -INT "$BS_STRACE_PID" 2>/dev/null
    wait "$BS_STRACE_PID" 2>/dev/null
    BS_STRACE_PID=
    [ -s "$2" ] || [ ! -s "$2.err" ] || st_fail "strace: $(cat "$2.err")"
}

# report LABEL PID OUT: per thread, syscalls that returned (a call still
# blocked when tracing stops does not count: it never woke up); prints the
# total on the last line.
report() {
    local label=$1 pid=$2 out=$3 task
    for task in /proc/"$pid"/task/*; do
        [ -r "$task/comm" ] && echo "${task##*/} $(cat "$task/comm" 2>/dev/null)"
    done >"$out.threads"
    [ -s "$out.threads" ] || echo "$pid (gone)" >"$out.threads"
    awk -v label="$label" '
        FNR == NR { comm[$1] = $2; order[++nt] = $1; seen[$1] = 1; next }
        / = (-?[0-9]+|0x[0-9a-f]+|\?)/ && !/<unfinished \.\.\.>/ {
            tid = $1
            name = $2
            if (name == "<...") name = $3
            sub(/\(.*/, "", name)
            if (!(tid in seen)) { order[++nt] = tid; seen[tid] = 1 }
            n[tid]++; total++
            k = tid SUBSEP name; by[k]++
            if (by[k] > topn[tid]) { topn[tid] = by[k]; top[tid] = name }
        }
        END {
            for (i = 1; i <= nt; i++) {
                t = order[i]
                printf "  %-22s %-8s %-10s %10d   %s\n", label, t, (t in comm) ? comm[t] : "(gone)", \
                    n[t] + 0, (t in top) ? "mostly " top[t] " (" topn[t] ")" : "-"
            }
            printf "TOTAL %d\n", total + 0
        }' "$out.threads" "$out" >"$out.report"
    grep -v '^TOTAL' "$out.report"
    grep '^TOTAL' "$out.report" | awk '{ print $2 }' >"$out.total"
}

echo
if ! command -v strace >/dev/null 2>&1; then
    echo "wakeups: skipped (strace is not installed)"
    summary "wakeups in ${IDLE_SECONDS} s idle" "skipped: no strace" "-" "-"
    exit 0
fi

echo "wakeups: syscalls that returned in $IDLE_SECONDS seconds, per thread (strace -f -p)"
printf '  %-22s %-8s %-10s %10s   %s\n' "console" "tid" "thread" "syscalls" "which"
printf '  %-22s %-8s %-10s %10s   %s\n' "----------------------" "--------" "----------" "----------" "------"
trace "$CPID" "$ST_DIR/idle.trace"
report "idle, no --refresh" "$CPID" "$ST_DIR/idle.trace"
idle_total=$(cat "$ST_DIR/idle.trace.total")
kill -0 "$CPID" 2>/dev/null || st_fail "the console died while traced"

# The peer: the same console with --refresh 1 (the list reloads each second).
"$TMUX_BIN" -S "$ST_SOCK" kill-session -t st 2>/dev/null
for _ in $(seq 1 100); do
    kill -0 "$CPID" 2>/dev/null || break
    sleep 0.05
done
st_start 80 24 -- --refresh 1
wait_loaded
RPID=$(console_pid)
trace "$RPID" "$ST_DIR/refresh.trace"
report "--refresh 1 (peer)" "$RPID" "$ST_DIR/refresh.trace"
refresh_total=$(cat "$ST_DIR/refresh.trace.total")
echo "  total: idle $idle_total, --refresh 1 $refresh_total, ratio $(ratio "$idle_total" "$refresh_total")"
summary "wakeups in ${IDLE_SECONDS} s idle (syscalls)" "$idle_total" "--refresh 1: $refresh_total" "$(ratio "$idle_total" "$refresh_total") x"
exit 0
