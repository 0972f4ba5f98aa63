#!/usr/bin/env bash
# The mouse: a click on a tab shows that panel, a click on a row selects it,
# the wheel moves the selection, a click beside an open dialog does nothing
# (and never sends anything); --no-mouse reads no clicks at all. Clicks are
# sent as the terminal reports them (X10 encoding, this TERM's kmous).
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)"

# click X Y: button 1 pressed and released at column X, row Y (0-based).
click() {
    st_type "$(printf '\033[M%b%b%b' ' ' "\\$(printf '%03o' $(( $1 + 33 )))" "\\$(printf '%03o' $(( $2 + 33 )))")"
    st_type "$(printf '\033[M%b%b%b' '#' "\\$(printf '%03o' $(( $1 + 33 )))" "\\$(printf '%03o' $(( $2 + 33 )))")"
}
# wheel up|down at column X, row Y.
wheel() {
    local b='`'
    [ "$1" = down ] && b=a
    st_type "$(printf '\033[M%b%b%b' "$b" "\\$(printf '%03o' $(( $2 + 33 )))" "\\$(printf '%03o' $(( $3 + 33 )))")"
}

st_start 100 30
st_wait "Connections (3)"
st_wait "ID          $ST_C1"
# Row 0 of the list is screen row 2 (top line, header): row 2 of the list is row 4.
click 20 4
st_wait "ID          $ST_C3"
wheel up 20 5
st_wait "ID          $ST_C1"
wheel down 20 5
st_wait "ID          $ST_C3"
# The second tab, by its title.
click 30 0
st_wait "Acme Prod"
st_has "SFDC org id"
click 5 0
st_wait "ID          aaaaaaaa-"
# A dialog takes keys only: clicks on and around its buttons do nothing.
st_keys d
st_wait "Delete connection"
for y in 8 12 13 14 20; do click 60 "$y"; click 10 "$y"; done
st_has "Delete connection"
st_keys Escape
st_wait_gone "Delete connection"
[ "$(st_requests DELETE /api)" -eq 0 ] || st_fail "a click sent a DELETE"
st_quit
"$TMUX_BIN" -S "$ST_SOCK" kill-server >/dev/null 2>&1

st_start 100 30 -- --no-mouse
st_wait "ID          $ST_C1"
click 20 4
sleep 0.3
st_has "ID          $ST_C1"
st_lacks "ID          $ST_C3"
# An SGR report (1006), which this TERM's kmous does not name: its digits
# would pick a tab, its m open the message.
st_type "$(printf '\033[<0;3;4m')"
st_type "$(printf '\033[<0;5;2M')"
sleep 0.3
st_has "ID          $ST_C1" "Connections (3)"
st_lacks "Shares with" "SFDC org id"
# An X10 report split by a slow link: its space would page down, its d
# open the delete dialog.
st_type "$(printf '\033[M')"
sleep 0.25
st_type " d#"
sleep 0.3
st_has "ID          $ST_C1"
st_lacks "Delete connection"
st_pass "clicks select rows and tabs, the wheel scrolls, dialogs ignore clicks, --no-mouse"
