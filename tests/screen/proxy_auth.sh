#!/usr/bin/env bash
# An HTTP 407 comes from a proxy between ddorgs and the API: the console and
# the command line say that proxy authentication is required and point at
# the proxy settings (https_proxy), never at the command's arguments.
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)" --fault 'list_connections:status=407,times=1'
st_start 100 24
st_wait "proxy authentication"
st_keys m
st_wait "https_proxy"
st_has "HTTP 407 Proxy Authentication Required"
st_lacks "Check the arguments"
st_keys Escape
st_quit
"$TMUX_BIN" -S "$ST_SOCK" kill-server >/dev/null 2>&1
: >"$ST_DIR/tui.err"
st_ctl POST /_mock/faults '{"route":"list_connections","status":407,"times":1}' >/dev/null
st_start 100 24 -- connections list
st_wait "ddorgs exited "
grep -qF "HTTP 407 Proxy Authentication Required" "$ST_DIR/tui.err" || st_fail "CLI: no 407 named"
grep -qF "https_proxy" "$ST_DIR/tui.err" || st_fail "CLI: no pointer at https_proxy"
! grep -qF "Check the arguments" "$ST_DIR/tui.err" || st_fail "CLI blames the arguments"
echo "PASS [proxy_auth]: 407 explained as proxy authentication, console and command line"
