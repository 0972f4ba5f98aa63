#!/usr/bin/env bash
# Esc cancels a load: the rows so far stay, marked stale; no more pages
# are requested.
. "$(dirname "$0")/lib.sh"
# The keys' org takes part in all 20,000 (a list holds only its own).
st_mock --orgs 10001 --connections 20000 --self-connections 20000 \
    --fault 'list_connections:latency_ms=300'
st_start 100 30 DDORGS_PAGE_SIZE=500
st_wait "loading connections 1,000 / 20,000"
st_keys Escape
st_wait "fetch cancelled"
# The page in flight when Esc was pressed may still be logged by the mock
# once its latency ends; after that, nothing more.
sleep 0.5
n1=$(st_requests GET /api/v2/org_connections)
sleep 1
n2=$(st_requests GET /api/v2/org_connections)
[ "$n1" -eq "$n2" ] || st_fail "pages still requested after cancel ($n1 -> $n2)"
[ "$n1" -lt 40 ] || st_fail "the whole list was fetched"
st_keys Escape
st_wait "[stale]"
st_keys r
st_wait "loading connections"
st_pass "cancelled, stale, refetchable"
