#!/usr/bin/env bash
# Errors at 80x24: a failed first load shows the whole error in the list
# area (what happened, what to do); a failed refresh keeps the last good
# rows, marked stale; the console stays responsive. Ctrl-C with a dialog
# open restores the terminal before anything is printed, and exits 130.
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)" --fault 'list_connections:kind=malformed,times=1'
st_start 80 24
st_wait "No data: the last fetch failed: malformed"
st_wait "Press r to retry."
st_keys r
st_wait "Conns (3)"   # four tabs at 80 columns: the short names
st_has "Charlie Sink"
# The refresh fails: the rows stay, marked stale, the error is on screen.
st_ctl POST /_mock/faults '{"route":"list_connections","kind":"malformed","times":1}' >/dev/null
st_keys r
st_wait "Conns (3, stale)"
st_has "Charlie Sink"
st_has "malformed"
# Still responsive: navigation and help work while the error shows.
st_keys j '?'
st_wait "Help: keys"
st_keys Escape
st_wait_gone "Help: keys"
# Ctrl-C inside a dialog: the screen is given back first, then the message.
st_keys d
st_wait "Delete connection"
st_keys C-c
st_wait "ddorgs exited 130"
st_lacks "F1Help"
st_lacks "Delete connection"
grep -qF "ddorgs: interrupted" "$ST_DIR/tui.err" || st_fail "no 'interrupted' message on stderr"
[ "$(st_requests DELETE /api/v2/org_connections)" -eq 0 ] || st_fail "Ctrl-C sent the delete"
if st_reports >/dev/null; then st_fail "sanitizer or valgrind report from the console"; fi
echo "PASS [$ST_NAME]: errors explained, stale rows kept, Ctrl-C restores the terminal"
