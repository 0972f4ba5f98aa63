#!/usr/bin/env bash
# The console names where its requests really go: with --api-url the top
# line shows the URL's host and port, the disable dialog the URL, the org
# view says the site is not used, and a profile switch says where it goes;
# with --demo, "demo" and the demo server. Never a Datadog site the
# requests do not reach.
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)"
where="127.0.0.1:$ST_PORT"
url="http://$where"
mkdir -p "$ST_DIR/config/ddorgs"
cat >"$ST_DIR/config/ddorgs/config" <<INI
[profile other]
site = us5.datadoghq.com
api_key = $ST_KEY_API
app_key = $ST_KEY_APP
INI
chmod 600 "$ST_DIR/config/ddorgs/config"

st_start 110 30 DD_SITE=datadoghq.eu
st_wait "Connections (3)"
top=$(st_screen | head -n 1)
case "$top" in
*" $where") ;;
*) st_fail "the top line does not end in $where: $top" ;;
esac
st_lacks "datadoghq"

# Narrow: the host still shows.
st_resize 80 24
st_settle
top=$(st_screen | head -n 1)
case "$top" in *"$where"*) ;; *) st_fail "at 80 columns the top line lacks $where: $top" ;; esac
st_resize 110 30
st_settle

st_keys 3
st_wait "Recent writes"
st_has "API URL     $url" "Site        datadoghq.eu (not used: requests go to the API URL)"
st_keys D
st_wait "DISABLE THIS ORG"
st_has "API URL $url, profile (none)"
st_lacks "datadoghq"
st_keys Escape
st_wait_gone "DISABLE THIS ORG"

# A profile switch keeps the --api-url: the profile's site is not where
# the requests go, and the console says so.
st_keys 1 :
st_type "profile other"
st_keys Enter
st_wait "now using profile other ($where)"
st_wait "Connections (3)"
st_has "profile other  $where"
st_lacks "us5.datadoghq.com"
st_quit

# --demo: the top line says demo, the dialog the demo server. A new
# socket: a client may find a server just killed still on the old one.
"$TMUX_BIN" -S "$ST_SOCK" kill-server >/dev/null 2>&1
ST_SOCK="$ST_DIR/tmux-demo.sock"
tmp="$ST_DIR/tmp"
mkdir -m 700 "$tmp"
cmd=$(printf '%q ' env -u DD_API_KEY -u DD_APP_KEY TMPDIR="$tmp" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
    TERM=screen-256color XDG_STATE_HOME="$ST_DIR/state" XDG_CONFIG_HOME="$ST_DIR/none" \
    "$DDORGS_BIN" --demo)
"$TMUX_BIN" -S "$ST_SOCK" -f /dev/null new-session -d -s st -x 100 -y 30 \
    "$cmd 2>>$(printf '%q' "$ST_DIR/tui.err"); echo \"ddorgs exited \$?\"; sleep 600" ||
    st_fail "tmux did not start"
st_wait "Connections (13)"
top=$(st_screen | head -n 1)
case "$top" in *" demo") ;; *) st_fail "the demo's top line does not end in demo: $top" ;; esac
st_keys 3
st_wait "Recent writes"
st_keys D
st_wait "DISABLE THIS ORG"
st_has "Demo server http://127.0.0.1:"
st_lacks "datadoghq"
st_keys Escape
st_wait_gone "DISABLE THIS ORG"
st_pass "the top line, the org view, the disable dialog and a profile switch name the --api-url host or the demo"
