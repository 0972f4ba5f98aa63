#!/usr/bin/env bash
# NO_COLOR: attributes only (reverse, bold), no colour escape.
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)"
st_start 100 30 NO_COLOR=1
st_wait "Connections (3)"
esc=$("$TMUX_BIN" -S "$ST_SOCK" capture-pane -e -p -t st)
printf '%s' "$esc" | grep -qE $'\e\\[[0-9;]*(3[0-7]|4[0-7]|38;5|48;5)[;m]' && st_fail "colour codes with NO_COLOR"
printf '%s' "$esc" | grep -qE $'\e\\[[0-9;]*7m' || st_fail "no reverse video for the selection"
st_quit
"$TMUX_BIN" -S "$ST_SOCK" kill-server
st_start 100 30
st_wait "Connections (3)"
esc=$("$TMUX_BIN" -S "$ST_SOCK" capture-pane -e -p -t st)
printf '%s' "$esc" | grep -qE $'\e\\[[0-9;]*(3[0-7]|4[0-7]|38;5|48;5)[;m]' || st_fail "no colour without NO_COLOR"
st_pass "monochrome with NO_COLOR, colour otherwise"
