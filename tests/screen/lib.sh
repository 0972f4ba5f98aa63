# Shared helpers of the screen tests: a private mock and a private tmux
# server per test, both removed on exit whatever happens. Tests wait on
# what the screen shows (bounded polling), never on sleeps alone.
set -u

: "${DDORGS_BIN:?}" "${DDORGS_MOCK_BIN:?}" "${DDORGS_BUILDDIR:?}" "${DDORGS_SRCDIR:?}"
TMUX_BIN=${TMUX_BIN:-tmux}
[ -n "$TMUX_BIN" ] || TMUX_BIN=tmux
MOCKCTL="$DDORGS_BUILDDIR/tests/screen/mockctl"
ST_KEY_API=mock-api-key-2f8104fba08f6d3682da2b
ST_KEY_APP=mock-app-key-d8e369316bf60b7d9b3263896cf74

ST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ddorgs-screen.XXXXXX")
ST_SOCK="$ST_DIR/tmux.sock"
ST_MOCK_PID=
ST_PORT=
ST_NAME=$(basename "$0" .sh)

# Sanitizer and valgrind reports in what the console wrote to stderr.
ST_REPORTS='AddressSanitizer|LeakSanitizer|runtime error|ThreadSanitizer|ERROR SUMMARY: [1-9]|definitely lost: [1-9]'
st_reports() { grep -E -- "$ST_REPORTS" "$ST_DIR/tui.err" 2>/dev/null; }

st_cleanup() {
    local rc=$?
    "$TMUX_BIN" -S "$ST_SOCK" kill-server >/dev/null 2>&1
    if [ -n "$ST_MOCK_PID" ]; then
        kill "$ST_MOCK_PID" 2>/dev/null
        wait "$ST_MOCK_PID" 2>/dev/null
    fi
    # Whatever path led here, a report from the console fails the test.
    if st_reports >/dev/null; then
        echo "FAIL [$ST_NAME]: sanitizer or valgrind report from the console:" >&2
        cat "$ST_DIR/tui.err" >&2
        rc=1
    fi
    rm -rf "$ST_DIR"
    exit $rc
}
trap st_cleanup EXIT
trap 'exit 1' INT TERM HUP

st_screen() { "$TMUX_BIN" -S "$ST_SOCK" capture-pane -p -t st 2>/dev/null; }

st_fail() {
    echo "FAIL [$ST_NAME]: $*" >&2
    echo "----- screen" >&2
    st_screen >&2
    echo "----- mock log (tail)" >&2
    tail -n 20 "$ST_DIR/mock.log" >&2 2>/dev/null
    echo "----- console stderr" >&2
    cat "$ST_DIR/tui.err" >&2 2>/dev/null
    exit 1
}

# st_quit: quits the console the way an operator does (q, answering the
# quit question when a write is in flight; Esc first closes what is open)
# and waits for it to exit 0, so its exit-time checks (leaks) run.
st_quit() {
    local i j scr
    for i in 1 2 3 4 5; do
        scr=$(st_screen)
        case $scr in *"ddorgs exited "*) break ;; esac
        case $scr in
        *"y quit anyway"*) st_keys y ;;
        *) st_keys q ;;
        esac
        for j in $(seq 1 40); do
            scr=$(st_screen)
            case $scr in *"ddorgs exited "* | *"y quit anyway"*) break ;; esac
            sleep 0.05
        done
        case $scr in *"ddorgs exited "* | *"y quit anyway"*) continue ;; esac
        # Still running: a dialog or prompt took the q. Esc closes it; the
        # pause keeps the next q from reading as Alt-q (ESCDELAY).
        st_keys Escape
        sleep 0.2
    done
    st_wait "ddorgs exited " 10
    st_screen | grep -qF "ddorgs exited 0" || st_fail "the console did not exit 0"
    if st_reports >/dev/null; then
        st_fail "sanitizer or valgrind report from the console"
    fi
}

st_pass() {
    st_quit
    echo "PASS [$ST_NAME]: $*"
}

# st_mock [ddorgs-mock args...]: starts the mock and waits for its port.
st_mock() {
    "$DDORGS_MOCK_BIN" --port 0 --port-file "$ST_DIR/port" --quiet "$@" \
        >"$ST_DIR/mock.log" 2>&1 &
    ST_MOCK_PID=$!
    local i
    for i in $(seq 1 100); do
        [ -s "$ST_DIR/port" ] && break
        kill -0 "$ST_MOCK_PID" 2>/dev/null || st_fail "the mock did not start"
        sleep 0.1
    done
    ST_PORT=$(cat "$ST_DIR/port" 2>/dev/null)
    [ -n "$ST_PORT" ] || st_fail "the mock wrote no port"
}

# st_ctl METHOD PATH [BODY|@FILE]: a control call; prints compact JSON.
st_ctl() { "$MOCKCTL" "$ST_PORT" "$@"; }

# st_start COLS ROWS [VAR=value...] [-- ddorgs args...]: the console in tmux.
# The mock's keys come from the environment unless ST_ENV_KEYS=0 (profiles
# then supply them).
st_start() {
    local cols=$1 rows=$2
    shift 2
    local envs=() args=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs+=("$1"); shift; done
    [ "${1:-}" = "--" ] && shift
    args=("$@")
    mkdir -p "$ST_DIR/state" "$ST_DIR/config"
    local cmd keys=(DD_API_KEY=$ST_KEY_API DD_APP_KEY=$ST_KEY_APP)
    [ "${ST_ENV_KEYS:-1}" = 0 ] && keys=(-u DD_API_KEY -u DD_APP_KEY)
    cmd=$(printf '%q ' env "${keys[@]}" LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen-256color \
        XDG_STATE_HOME="$ST_DIR/state" XDG_CONFIG_HOME="$ST_DIR/config" \
        "${envs[@]}" "$DDORGS_BIN" --api-url "http://127.0.0.1:$ST_PORT" "${args[@]}")
    "$TMUX_BIN" -S "$ST_SOCK" -f /dev/null new-session -d -s st -x "$cols" -y "$rows" \
        "$cmd 2>>$(printf '%q' "$ST_DIR/tui.err"); echo \"ddorgs exited \$?\"; sleep 600" \
        || st_fail "tmux did not start"
}

# st_wait TEXT [SECONDS]: until the screen shows TEXT (fixed string).
st_wait() {
    local text=$1 limit=${2:-10} i
    for i in $(seq 1 $((limit * 20))); do
        st_screen | grep -qF -- "$text" && return 0
        sleep 0.05
    done
    st_fail "timed out waiting for \"$text\""
}

# st_wait_gone TEXT [SECONDS]
st_wait_gone() {
    local text=$1 limit=${2:-10} i
    for i in $(seq 1 $((limit * 20))); do
        st_screen | grep -qF -- "$text" || return 0
        sleep 0.05
    done
    st_fail "timed out waiting for \"$text\" to go"
}

# How long the console may take to draw a frame: builds with sanitizers
# (ASan, UBSan, TSan) draw several times slower. ST_FRAME_MS overrides.
if [ -z "${ST_FRAME_MS:-}" ]; then
    if grep -qaE '__(asan|tsan|ubsan)_' "$DDORGS_BIN" 2>/dev/null; then
        ST_FRAME_MS=300
    else
        ST_FRAME_MS=100
    fi
fi
ST_FRAME_S=$(printf '0.%03d' "$ST_FRAME_MS")
[ "$ST_FRAME_MS" -lt 1000 ] || ST_FRAME_S=$((ST_FRAME_MS / 1000))

# st_settle: until three captures ST_FRAME_MS apart agree (at most about
# 30 frames). The console writes a frame in several terminal writes; tmux
# may show part of one, so a check right after st_wait could see a frame
# still being drawn (a dialog's title without its body). Checks look at a
# settled screen.
st_settle() {
    local prev cur i same=1
    prev=$(st_screen)
    for i in $(seq 1 30); do
        sleep "$ST_FRAME_S"
        cur=$(st_screen)
        if [ "$cur" = "$prev" ]; then
            same=$((same + 1))
            [ "$same" -ge 3 ] && return 0
        else
            same=1
        fi
        prev=$cur
    done
    return 0
}

# st_has TEXT...: one settled screen shows every TEXT.
st_has() {
    local scr t
    st_settle
    scr=$(st_screen)
    for t in "$@"; do
        grep -qF -- "$t" <<<"$scr" || st_fail "screen lacks \"$t\""
    done
}
# st_lacks TEXT...: one settled screen shows none of them.
st_lacks() {
    local scr t
    st_settle
    scr=$(st_screen)
    for t in "$@"; do
        ! grep -qF -- "$t" <<<"$scr" || st_fail "screen shows \"$t\""
    done
}
st_keys() { "$TMUX_BIN" -S "$ST_SOCK" send-keys -t st "$@"; }
# Literal text (no key-name lookup).
st_type() { "$TMUX_BIN" -S "$ST_SOCK" send-keys -t st -l -- "$1"; }
# st_spans SCREEN COLS: a line of SCREEN is COLS characters wide (the
# console's tab line and rules reach the right edge).
st_spans() {
    local LC_ALL=C.UTF-8 line
    while IFS= read -r line; do
        [ "${#line}" -eq "$2" ] && return 0
    done <<<"$1"
    return 1
}
# st_resize COLS ROWS: resizes the terminal and returns once the console
# has drawn its frame at the new size: tmux reports the size, the screen
# has changed, a line reaches the new right edge (when growing; a view
# with no such line is waited for at most 5 s) and the frame has settled.
st_resize() {
    local cols=$1 rows=$2 before scr i
    before=$(st_screen)
    "$TMUX_BIN" -S "$ST_SOCK" resize-window -t st -x "$cols" -y "$rows" \
        || st_fail "tmux did not resize to ${cols}x${rows}"
    for i in $(seq 1 100); do
        [ "$("$TMUX_BIN" -S "$ST_SOCK" display-message -p -t st \
            '#{pane_width}x#{pane_height}')" = "${cols}x${rows}" ] && break
        sleep 0.05
    done
    for i in $(seq 1 100); do
        scr=$(st_screen)
        [ "$scr" != "$before" ] && st_spans "$scr" "$cols" && break
        sleep 0.05
    done
    st_settle
}

# st_console_pid: the console's process id (the child of the tmux pane's
# shell; /proc only, no procps needed).
st_console_pid() {
    local pane p rest
    pane=$("$TMUX_BIN" -S "$ST_SOCK" display-message -p -t st '#{pane_pid}') || return 1
    for p in /proc/[0-9]*; do
        rest=$(cat "$p/stat" 2>/dev/null) || continue
        rest=${rest##*) }            # after "(comm) ", which may hold spaces
        set -- $rest
        if [ "$2" = "$pane" ]; then
            echo "${p#/proc/}"
            return 0
        fi
    done
    return 1
}

# st_requests METHOD PATH_PREFIX: how many such API requests the mock got.
st_requests() {
    st_ctl GET /_mock/requests | grep -o "\"method\":\"$1\",\"path\":\"$2[^\"]*\"" | wc -l
}

# Fixture with three connections from a young self org, two Salesforce orgs.
ST_SELF=11111111-1111-4111-8111-111111111111
ST_ORG_A=22222222-2222-4222-8222-222222222222
ST_ORG_B=33333333-3333-4333-8333-333333333333
ST_ORG_C=44444444-4444-4444-8444-444444444444
ST_ORG_D=55555555-5555-4555-8555-555555555555
ST_C1=aaaaaaaa-0000-4000-8000-000000000001
ST_C2=aaaaaaaa-0000-4000-8000-000000000002
ST_C3=aaaaaaaa-0000-4000-8000-000000000003
st_small_fixture() {
    local now
    now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    cat >"$ST_DIR/small.json" <<JSON
{"self_org_id":"$ST_SELF","self_user":{"id":"u-1","name":"Pat Operator"},
 "orgs":[{"id":"$ST_SELF","name":"Self Org","created_at":"$now","disabled":false},
         {"id":"$ST_ORG_A","name":"Alpha Sink","created_at":"2024-01-01T00:00:00Z","disabled":false},
         {"id":"$ST_ORG_B","name":"Bravo Sink","created_at":"2024-01-01T00:00:00Z","disabled":false},
         {"id":"$ST_ORG_C","name":"Charlie Sink","created_at":"2024-01-01T00:00:00Z","disabled":false},
         {"id":"$ST_ORG_D","name":"Delta Spare","created_at":"2024-01-01T00:00:00Z","disabled":false}],
 "users":[{"id":"u-1","name":"Pat Operator"}],
 "connections":[
  {"id":"$ST_C1","source_org_id":"$ST_SELF","sink_org_id":"$ST_ORG_A","connection_types":["logs"],"created_at":"2025-01-01T00:00:00Z","created_by_id":"u-1"},
  {"id":"$ST_C2","source_org_id":"$ST_SELF","sink_org_id":"$ST_ORG_B","connection_types":["metrics"],"created_at":"2024-01-01T00:00:00Z","created_by_id":"u-1"},
  {"id":"$ST_C3","source_org_id":"$ST_SELF","sink_org_id":"$ST_ORG_C","connection_types":["logs","metrics"],"created_at":"2025-06-01T00:00:00Z","created_by_id":"u-1"}],
 "salesforce_orgs":[
  {"id":"sf-acme","name":"Acme Prod","sfdc_org_id":"00D000000000001AAA","sfdc_org_type":"Production","instance_url":"https://acme.my.salesforce.com","incident_templates":2},
  {"id":"sf-noname","sfdc_org_id":"00D000000000002BBB","sfdc_org_type":"Sandbox","instance_url":"https://sb.my.salesforce.com","incident_templates":1}],
 "disable_feature_flag":true,"disable_status":"pending_disable"}
JSON
    echo "$ST_DIR/small.json"
}
