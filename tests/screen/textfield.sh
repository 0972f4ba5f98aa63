#!/usr/bin/env bash
# Text fields (the form library): wide characters, the editing keys, a long
# paste, resizes with text in the field, the cursor in the field, and that
# what is sent is what the field shows.
. "$(dirname "$0")/lib.sh"
cursor_x() { "$TMUX_BIN" -S "$ST_SOCK" display -p -t st '#{cursor_x}'; }
# col TEXT: screen column where TEXT starts (the line's characters before
# it are one column wide: box lines, blanks, ASCII).
col() {
    local line prefix
    line=$(st_screen | grep -F -- "$1" | head -n 1)
    prefix=${line%%"$1"*}
    echo "${#prefix}"
}
export LC_ALL=C.UTF-8   # ${#...} counts characters, not bytes
st_mock --fixture "$(st_small_fixture)"
st_start 100 30
st_wait "Connections (3)"

st_keys n
st_wait "New connection"
st_type "日本語abc"
st_wait "日本語abc"
st_keys Home
st_type "X"
st_keys End Left BSpace            # X日本語ac
st_wait "X日本語ac "
st_keys C-u
st_wait_gone "X日本語"
# A long paste: the field scrolls to show its end, the cursor after it.
st_type "$(printf 'p%.0s' $(seq 1 150))tail-end"
st_wait "ptail-end"
[ "$(cursor_x)" -eq $(($(col tail-end) + 8)) ] || st_fail "cursor not after the pasted text"
st_resize 120 40
st_wait "ptail-end"
st_resize 60 20
st_wait "Terminal too small"
st_resize 100 30
st_wait "ptail-end"
st_keys Home
st_wait_gone "ptail-end"
# The sink typed with a character missing, mended with the editing keys.
st_keys C-u
st_type "${ST_ORG_D:1}x"
st_keys BSpace Home Right
st_type "5"
st_wait "$ST_ORG_D "
st_keys Enter
st_wait "created connection"
st_ctl GET /_mock/state | grep -qF "\"sink_org_id\":\"$ST_ORG_D\",\"connection_types\":[\"logs\"]" \
    || st_fail "the mock lacks the connection to the mended sink"

# The live filter takes wide characters through to the store.
st_keys /
st_type "ブラボ"
st_wait "/ブラボ"
st_keys Enter
st_wait 'No connection matches "ブラボ"'
st_keys /
st_keys C-u
st_type "bravo"
st_keys Enter
st_wait "Bravo Sink"
st_lacks "Alpha Sink"

# Server-side filter: the typed uuid goes into the query.
st_keys f
st_wait "Server-side filter"
st_type "$ST_ORG_B"
st_keys Enter
st_wait_gone "Server-side filter"
for i in $(seq 1 100); do
    st_ctl GET /_mock/requests | grep -qF "\"sink_org_id\":\"$ST_ORG_B\"" && break
    [ "$i" -lt 100 ] || st_fail "no fetch with sink_org_id=$ST_ORG_B"
    sleep 0.05
done
st_pass "wide characters, editing keys, paste, resize, typed values sent as shown"
