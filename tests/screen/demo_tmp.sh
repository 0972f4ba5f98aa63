#!/usr/bin/env bash
# `ddorgs --demo` keeps nothing on disk while it runs, so a console killed
# with SIGKILL leaves no temporary directory behind (its mock goes too);
# and a start removes what an earlier run killed while its mock started
# left in $TMPDIR, and nothing else.
. "$(dirname "$0")/lib.sh"
ulimit -c 0
tmp="$ST_DIR/tmp"
mkdir -m 700 "$tmp"

# A process id no longer in use.
sh -c 'exit 0' &
dead=$!
wait "$dead"
# What a run killed during its start leaves: stale (removed), and one too
# young to tell (kept).
for d in "ddorgs-demo-$dead-Stale1" "ddorgs-demo-$dead-Young1"; do
    mkdir -m 700 "$tmp/$d"
    echo 40000 >"$tmp/$d/port"
    : >"$tmp/$d/mock.log"
done
touch -h -d "2 minutes ago" "$tmp/ddorgs-demo-$dead-Stale1"

mkdir -p "$ST_DIR/state" "$ST_DIR/config"
cmd=$(printf '%q ' env -u DD_API_KEY -u DD_APP_KEY TMPDIR="$tmp" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
    TERM=screen-256color XDG_STATE_HOME="$ST_DIR/state" XDG_CONFIG_HOME="$ST_DIR/config" \
    "$DDORGS_BIN" --demo)
"$TMUX_BIN" -S "$ST_SOCK" -f /dev/null new-session -d -s st -x 100 -y 30 \
    "$cmd 2>>$(printf '%q' "$ST_DIR/tui.err"); echo \"ddorgs exited \$?\"; sleep 600" ||
    st_fail "tmux did not start"
st_wait "Connections (13)"

left=$(cd "$tmp" && echo *)
[ "$left" = "ddorgs-demo-$dead-Young1" ] ||
    st_fail "while the demo runs \$TMPDIR holds '$left', not only the young directory"

pid=$(st_console_pid) || st_fail "no console process under the tmux pane"
[ "$(cat "/proc/$pid/comm")" = ddorgs ] || st_fail "pid $pid is not ddorgs"
mock=
for p in /proc/[0-9]*; do
    rest=$(cat "$p/stat" 2>/dev/null) || continue
    rest=${rest##*) }
    set -- $rest
    [ "$2" = "$pid" ] && [ "$(cat "$p/comm" 2>/dev/null)" = ddorgs-mock ] && mock=${p#/proc/}
done
[ -n "$mock" ] || st_fail "no ddorgs-mock under the console"

kill -KILL "$pid"
st_wait "ddorgs exited 137"
for i in $(seq 1 100); do
    [ -e "/proc/$mock" ] || break
    sleep 0.05
done
[ ! -e "/proc/$mock" ] || st_fail "the demo's mock outlived the console"
left=$(cd "$tmp" && echo *)
[ "$left" = "ddorgs-demo-$dead-Young1" ] ||
    st_fail "after SIGKILL \$TMPDIR holds '$left', not only the young directory"
echo "PASS [$ST_NAME]: nothing on disk while the demo runs or after SIGKILL; the stale directory went, the young one stayed"
