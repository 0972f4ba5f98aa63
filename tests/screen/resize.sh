#!/usr/bin/env bash
# Resize to 60x20 (too small) and back, with a dialog open.
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)"
st_start 100 30
st_wait "Connections (3)"
st_keys d
st_wait "Delete connection"
st_resize 60 20
st_wait "Terminal too small: 60x20"
st_lacks "Delete connection"
st_resize 100 30
st_wait "Delete connection"
st_has "Alpha Sink"
st_keys Escape
st_wait_gone "Delete connection"
st_resize 80 24
st_wait "F10Quit"
st_has "Alpha Sink"
st_lacks "too small"
st_resize 150 30    # wide: the detail pane moves beside the list (names keep 20 columns)
st_wait "│ ID          $ST_C1"
st_pass "too-small screen recovers, dialog kept"
