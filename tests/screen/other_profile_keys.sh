#!/usr/bin/env bash
# The keys of every profile stay off the screen, not only the current
# one's: after a switch, something in front of the API that repeats the
# keys it saw before (here in a redirect's Location), and the keys of a
# profile of the file never used, show as <redacted> in the status line
# and in the message (m), never a run of 8 of their characters.
. "$(dirname "$0")/lib.sh"
# Profile other holds the keys of Alpha Sink, an org with its own.
OTHER_API=5d2a8f1c7e3b9a4d6f0e2c8b1a7d3f9e
OTHER_APP=3e9b1d7f5a2c8e4b0d6f2a9c1e7b5d3f8a0c4e6b
fx=$(st_small_fixture)
sed -i "s/\"name\":\"Alpha Sink\",\(.*\)\"disabled\":false}/\"name\":\"Alpha Sink\",\1\"disabled\":false,\"api_key\":\"$OTHER_API\",\"app_key\":\"$OTHER_APP\"}/" "$fx"
grep -q "$OTHER_API" "$fx" || st_fail "the fixture did not take Alpha Sink's keys"
st_mock --fixture "$fx"
mkdir -p "$ST_DIR/config/ddorgs"
cfg="$ST_DIR/config/ddorgs/config"
UNUSED_API=7c1e5a3b9d2f4e6a8b0c1d3e5f7a9b2c
UNUSED_APP=4b8e2d6f0a1c3e5b7d9f1a3c5e7b9d0f2a4c6e8b
cat >"$cfg" <<INI
[profile good]
api_key = $ST_KEY_API
app_key = $ST_KEY_APP

[profile other]
api_key = $OTHER_API
app_key = $OTHER_APP

[profile unused]
api_key = $UNUSED_API
app_key = $UNUSED_APP
INI
chmod 600 "$cfg"
ST_ENV_KEYS=0 st_start 120 30 -- --profile good
st_wait "Connections (3)"
loc="https://proxy.example/seen?k1=$ST_KEY_API&k2=$ST_KEY_APP&k3=$UNUSED_API&k4=$UNUSED_APP"
st_ctl POST /_mock/faults \
    "{\"route\":\"list_connections\",\"status\":302,\"location\":\"$loc\"}" >/dev/null
st_keys :
st_type "profile other"
st_keys Enter
st_wait "redirected to"
no_key_piece() {
    local k i
    for k in "$ST_KEY_API" "$ST_KEY_APP" "$UNUSED_API" "$UNUSED_APP"; do
        for ((i = 0; i + 8 <= ${#k}; i++)); do
            if st_screen | grep -qiF -- "${k:i:8}"; then
                st_fail "$1: a piece of a key is on the screen: ${k:i:8}"
            fi
        done
    done
}
no_key_piece "status line"
st_keys m
st_wait "┌─ Error"
st_has "seen?k1=<redacted>&k2=<redacted>&k3=<redacted>&k4=<redacted>"
no_key_piece "message"
st_pass "keys of the profile used before and of one never used are redacted"
