#!/usr/bin/env bash
# A rate-limited load says why it pauses: two requests per 4 s window and
# one row per page, so the third page gets a 429 and the client waits for
# the window to reset. Meanwhile the status line names the limit, the
# countdown and the attempt; then the last row loads and the note goes.
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)" --rate-limit 2/4
st_start 100 24 DDORGS_PAGE_SIZE=1
st_wait "rate limited (org_connections): retrying in " 10
st_has "attempt 2 of 3" "loading connections 2 / 3" "Connections (2)"
st_wait "Connections (3)" 10
st_wait_gone "rate limited" 5
st_lacks "loading connections"
st_has "Charlie Sink"
# Two pages, the refused third, its retry.
[ "$(st_requests GET /api/v2/org_connections)" -eq 4 ] || st_fail "expected 4 list requests"
st_pass "the status line explains a rate-limit wait, then the rows load"
