#!/usr/bin/env bash
# make bench, the command line's side: peak resident memory (and time) of
# `ddorgs connections list -o FORMAT` over 1,000,000 connections from
# ddorgs-mock, for every format, written to /dev/null as the pages arrive;
# against curl fetching the same 1,000 pages of 1,000 rows to /dev/null in
# the same run. The goal is under 64 MiB for each format: a format above it
# fails the bench.
#
# Needs DDORGS_BIN, DDORGS_MOCK_BIN and DDORGS_BUILDDIR (make bench sets
# them); DDORGS_BENCH_ROWS changes the row count; DDORGS_BENCH_SUMMARY names
# a file that receives the headline figures (figure|value|peer|ratio).
set -u
: "${DDORGS_BIN:?}" "${DDORGS_MOCK_BIN:?}" "${DDORGS_BUILDDIR:?}"
ROWS=${DDORGS_BENCH_ROWS:-1000000}
GOAL_MIB=64
PAGE=1000
RSS="$DDORGS_BUILDDIR/tests/bench/bench_rss"
KEY_API=mock-api-key-2f8104fba08f6d3682da2b
KEY_APP=mock-app-key-d8e369316bf60b7d9b3263896cf74
DIR=$(mktemp -d "${TMPDIR:-/tmp}/ddorgs-bench-out.XXXXXX") || exit 1
MOCK_PID=

cleanup() {
    if [ -n "$MOCK_PID" ]; then
        kill "$MOCK_PID" 2>/dev/null
        wait "$MOCK_PID" 2>/dev/null
    fi
    rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

summary() {
    [ -n "${DDORGS_BENCH_SUMMARY:-}" ] && printf '%s|%s|%s|%s\n' "$@" >>"$DDORGS_BENCH_SUMMARY"
    return 0
}

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
# 1000000 -> 1,000,000
commas() { echo "$1" | sed -e :a -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/; ta'; }

# Enough orgs for ROWS distinct (source, sink) pairs.
orgs=$(awk -v r="$ROWS" 'BEGIN { n = int(sqrt(r)) + 2; print (n < 40 ? 40 : n) }')
echo "output benchmark: $(commas "$ROWS") connections ($orgs orgs), pages of $PAGE"
"$DDORGS_MOCK_BIN" --port 0 --port-file "$DIR/port" --quiet --seed 11 --orgs "$orgs" \
    --connections "$ROWS" --rate-limit 1000000/60 >"$DIR/mock.log" 2>&1 &
MOCK_PID=$!
for _ in $(seq 1 1200); do
    [ -s "$DIR/port" ] && break
    kill -0 "$MOCK_PID" 2>/dev/null || { cat "$DIR/mock.log"; echo "the mock did not start"; exit 1; }
    sleep 0.1
done
[ -s "$DIR/port" ] || { echo "the mock wrote no port"; exit 1; }
URL="http://127.0.0.1:$(cat "$DIR/port")"

# The peer: curl, one process fetching every page with the same keys (in a
# config file, not on its command line).
{
    printf 'silent\nfail\nheader = "DD-API-KEY: %s"\nheader = "DD-APPLICATION-KEY: %s"\n' \
        "$KEY_API" "$KEY_APP"
    for ((off = 0; off < ROWS; off += PAGE)); do
        printf 'url = "%s/api/v2/org_connections?limit=%d&offset=%d"\noutput = "/dev/null"\n' \
            "$URL" "$PAGE" "$off"
    done
} >"$DIR/curl.cfg"
status=0
read -r peer_kib peer_ms peer_rc < <("$RSS" /dev/null curl -K "$DIR/curl.cfg")
if [ "$peer_rc" != 0 ]; then
    echo "curl failed (exit $peer_rc)"
    status=1
fi
printf '  %-34s %8s MiB %8s ms\n' "curl, $((ROWS / PAGE)) pages to /dev/null" "$(mib "$peer_kib")" "$peer_ms"

for fmt in table json jsonl csv; do
    read -r kib ms rc < <("$RSS" /dev/null env DD_API_KEY="$KEY_API" DD_APP_KEY="$KEY_APP" \
        COLUMNS=120 "$DDORGS_BIN" --api-url "$URL" connections list -o "$fmt")
    verdict="under $GOAL_MIB MiB"
    if [ "$rc" != 0 ]; then
        verdict="FAILED: exit $rc"
        status=1
    elif [ "$kib" -ge $((GOAL_MIB * 1024)) ]; then
        verdict="OVER the $GOAL_MIB MiB goal"
        status=1
    fi
    printf '  %-34s %8s MiB %8s ms   %s\n' "ddorgs connections list -o $fmt" "$(mib "$kib")" "$ms" \
        "$verdict"
    summary "output: peak RSS, -o $fmt, $(commas "$ROWS") rows" "$(mib "$kib") MiB" \
        "curl $(mib "$peer_kib") MiB" "$(awk -v a="$kib" -v b="$peer_kib" 'BEGIN { printf "%.2f x", a / b }')"
done
exit $status
