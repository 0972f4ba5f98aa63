#!/usr/bin/env bash
# Profile switching without a restart: `:profile NAME` to a profile whose
# keys the server refuses (a clear 401/403, the console keeps running),
# then the picker back to the good profile, which loads again.
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)"
mkdir -p "$ST_DIR/config/ddorgs"
cfg="$ST_DIR/config/ddorgs/config"
cat >"$cfg" <<INI
[profile good]
site = datadoghq.com
api_key = $ST_KEY_API
app_key = $ST_KEY_APP

[profile wrongkeys]
site = datadoghq.eu
api_key = wrong-api-key-8f29b9b12888fdeb129999
app_key = wrong-app-key-7715ab116da253c4ef242b0548888
INI
chmod 600 "$cfg"
ST_ENV_KEYS=0 st_start 100 30 -- --profile good
st_wait "Connections (3)"
st_has "Alpha Sink"
st_has "good"
# The top line names where requests go: the --api-url, not the site.
st_has "profile good  127.0.0.1:$ST_PORT"

# By command: the switch happens, the server refuses the keys, and the
# console says so and stays up.
st_keys :
st_type "profile wrongkeys"
st_keys Enter
st_wait "the keys of profile wrongkeys were refused"
top=$(st_screen | head -n 1)
case "$top" in
*"wrongkeys"*"127.0.0.1:$ST_PORT"*) ;;
*) st_fail "the top line does not name wrongkeys and the --api-url: $top" ;;
esac
st_screen | grep -qE "HTTP 40[13] (Unauthorized|Forbidden)" || st_fail "no 401/403 in the message"
st_lacks "Alpha Sink"
st_keys 3
st_wait "Profile     wrongkeys"
st_has "Site        datadoghq.eu (not used: requests go to the API URL)"
st_has "…9999"
st_has "…8888"
# The server saw the wrong keys (the list was asked for with them).
n_bad=$(st_requests GET /api/v2/org_connections)
[ "$n_bad" -ge 2 ] || st_fail "the second profile sent no request ($n_bad)"

# By picker: back to the good profile, which loads again.
st_keys 1 :
st_type "profile"
st_keys Enter
st_wait "Switch profile"
st_has "wrongkeys  (current)"
# The picker lists the file's profiles in order: good first.
st_keys k Enter
st_wait_gone "Switch profile"
st_wait "now using profile good"
st_wait "Connections (3)"
st_wait "Alpha Sink"
st_has "profile good  127.0.0.1:$ST_PORT"
st_lacks "were refused"
# An unknown name is refused; nothing changes.
st_keys :
st_type "profile nosuch"
st_keys Enter
st_wait "unknown profile 'nosuch'"
st_has "profile nosuch not loaded (still using good)" "Alpha Sink"
st_pass "switched by command and picker; refused keys explained; switching back recovers"
