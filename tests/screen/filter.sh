#!/usr/bin/env bash
# Live filter over columns and ids; n/N between matches; Esc clears.
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)"
st_start 100 30
st_wait "Connections (3)"
st_keys /
st_type "charlie"
st_keys Enter
st_wait 'filter "charlie": 1 rows'
st_has "Charlie Sink"
st_lacks "Alpha Sink"
# an id matches too
st_keys /
st_keys C-u
st_type "000000000002"
st_keys Enter
st_wait 'filter "000000000002": 1 rows'
st_has "Bravo Sink"
st_lacks "Charlie Sink"
# n/N move between matching rows
st_keys /
st_keys C-u
st_type "sink"
st_keys Enter
st_wait 'filter "sink": 3 rows'
st_has "ID          $ST_C2"      # the selection stayed on its row
st_keys n
st_wait "ID          $ST_C3"
st_keys n
st_wait "ID          $ST_C1"     # wraps
st_keys N
st_wait "ID          $ST_C3"
st_keys Escape
st_wait_gone 'filter "sink"'
st_has "Charlie Sink"
st_pass "filter by name and id, n/N, Esc clears"
