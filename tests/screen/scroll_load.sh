#!/usr/bin/env bash
# Pages appear as they arrive; scrolling works while a load runs.
. "$(dirname "$0")/lib.sh"
# The keys' org takes part in all 20,000 (a list holds only its own).
st_mock --orgs 10001 --connections 20000 --self-connections 20000 \
    --fault 'list_connections:latency_ms=250'
st_start 100 30 DDORGS_PAGE_SIZE=500
st_wait "loading connections 500 / 20,000"
st_keys G
st_keys PageUp k
st_wait "loading connections"      # still loading while we moved
st_has "/ 20,000"
sel1=$(st_screen | grep '^ ID ')
st_keys g
st_wait_gone "$sel1"
st_wait "Connections (20,000)" 60
st_wait_gone "loading connections" 10
st_pass "scrolled during a paged load"
