#!/usr/bin/env bash
# Every signal that ends the console gives the terminal back first: after
# SIGQUIT (Ctrl-\), SIGHUP, SIGTERM, SIGINT, SIGSEGV and SIGABRT the pane is
# out of the alternate screen, the cursor shows, keypad mode is off and
# the shell's text has no attribute left over. INT, TERM and HUP quit in
# order (128 + the signal, a line on stderr); QUIT and the crash signals
# die of the signal itself, as a wrapper that reports how its child ended
# shows. Ctrl-\ and Ctrl-C are also typed, as an operator would.
. "$(dirname "$0")/lib.sh"
ulimit -c 0   # the tmux server and the console inherit it: no core files here
st_mock --fixture "$(st_small_fixture)"

# How the console ended, from a wrapper that waits for it: "exited N" or
# "killed by signal N"; it also writes the console's pid to a file. The
# wrapper shares the terminal's process group, so it ignores the keys'
# signals itself (after the fork: the console starts with the defaults).
reporter='my $pid = fork() // die "fork: $!";
if ($pid == 0) { exec { $ARGV[0] } @ARGV or exit 127 }
$SIG{INT} = $SIG{QUIT} = "IGNORE";
open(my $f, ">", $ENV{ST_PID_FILE}) or die; print $f "$pid\n"; close $f;
waitpid($pid, 0);
my $s = $?;
print(($s & 127) ? "ddorgs killed by signal " . ($s & 127) : "ddorgs exited " . ($s >> 8), "\n");
sleep 600;'

# start_console: the console under the wrapper, in a new tmux server on a
# new socket (a client may find a server just killed still on the old one).
n_server=0
start_console() {
    "$TMUX_BIN" -S "$ST_SOCK" kill-server >/dev/null 2>&1
    n_server=$((n_server + 1))
    ST_SOCK="$ST_DIR/tmux-$n_server.sock"
    rm -f "$ST_DIR/pid"
    mkdir -p "$ST_DIR/state" "$ST_DIR/config"
    local cmd
    cmd=$(printf '%q ' env ST_PID_FILE="$ST_DIR/pid" DD_API_KEY=$ST_KEY_API \
        DD_APP_KEY=$ST_KEY_APP LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen-256color \
        XDG_STATE_HOME="$ST_DIR/state" XDG_CONFIG_HOME="$ST_DIR/config" \
        perl -e "$reporter" "$DDORGS_BIN" --api-url "http://127.0.0.1:$ST_PORT")
    "$TMUX_BIN" -S "$ST_SOCK" -f /dev/null new-session -d -s st -x 100 -y 30 \
        "$cmd 2>>$(printf '%q' "$ST_DIR/tui.err")" || st_fail "tmux did not start"
}

# modes: the pane's alternate screen, cursor and keypad flags.
modes() {
    "$TMUX_BIN" -S "$ST_SOCK" display-message -p -t st \
        '#{alternate_on} #{cursor_flag} #{keypad_flag} #{keypad_cursor_flag}'
}

# check HOW SIGNAL ENDING [STDERR_LINE]: HOW is "kill" or the tmux key
# that makes the terminal send the signal.
check() {
    local how=$1 sig=$2 ending=$3 line=${4:-} pid i
    : >"$ST_DIR/tui.err"
    start_console
    st_wait "Connections (3)"
    st_wait "ID          $ST_C1"
    st_settle
    # The console drives the pane: alternate screen, hidden cursor, keypad.
    [ "$(modes)" = "1 0 1 1" ] || st_fail "SIG$sig: the console's modes are '$(modes)'"
    pid=$(cat "$ST_DIR/pid")
    [ "$(cat "/proc/$pid/comm")" = ddorgs ] || st_fail "pid $pid is not ddorgs"
    if [ "$how" = kill ]; then
        kill -s "$sig" "$pid"
    else
        st_keys "$how"
    fi
    st_wait "ddorgs $ending"
    [ "$(modes)" = "0 1 0 0" ] ||
        st_fail "SIG$sig: after the console the pane's modes are '$(modes)' (alternate cursor keypad keypad-cursor), not '0 1 0 0'"
    # The wrapper's line is written in the terminal's default attributes.
    local shown
    shown=$("$TMUX_BIN" -S "$ST_SOCK" capture-pane -p -e -t st | grep -F "ddorgs $ending")
    [ "$shown" = "ddorgs $ending" ] ||
        st_fail "SIG$sig: the line after the console carries attributes: $(printf '%q' "$shown")"
    if [ -n "$line" ]; then
        grep -qxF -- "$line" "$ST_DIR/tui.err" ||
            st_fail "SIG$sig: no '$line' on stderr: $(cat "$ST_DIR/tui.err")"
    fi
    if st_reports >/dev/null; then
        st_fail "SIG$sig: sanitizer or valgrind report from the console"
    fi
    echo "ok: SIG$sig ($how) -> $ending"
}

check 'C-\' QUIT "killed by signal 3"
check kill QUIT "killed by signal 3"
check kill HUP "exited 129" "ddorgs: terminated by a signal"
check kill TERM "exited 143" "ddorgs: terminated by a signal"
check C-c INT "exited 130" "ddorgs: interrupted"
check kill INT "exited 130" "ddorgs: interrupted"
check kill SEGV "killed by signal 11"
check kill ABRT "killed by signal 6"

echo "PASS [$ST_NAME]: QUIT (Ctrl-\\ and kill), HUP, TERM, INT (Ctrl-C and kill), SEGV and ABRT each left the terminal restored"
