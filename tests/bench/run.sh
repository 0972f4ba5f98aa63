#!/bin/sh
# make bench: every benchmark in turn, then one summary table of the
# headline figures, each against its peer of the same run. Run from the
# build directory with the environment of the tests (DDORGS_BIN, ...).
set -u
srcdir=${DDORGS_SRCDIR:?}/tests/bench
DDORGS_BENCH_SUMMARY=$(mktemp "${TMPDIR:-/tmp}/ddorgs-bench.XXXXXX") || exit 1
export DDORGS_BENCH_SUMMARY
trap 'rm -f "$DDORGS_BENCH_SUMMARY" "$DDORGS_BENCH_SUMMARY.parse"' EXIT
trap 'exit 1' INT TERM HUP
status=0

rule() { echo "======================================================================"; }

rule
./tests/bench/bench_parse >"$DDORGS_BENCH_SUMMARY.parse" || status=1
cat "$DDORGS_BENCH_SUMMARY.parse"
awk '
    /dd_parse_conn_list/ { ms = $(NF - 1) }
    /\(floor\)/ { floor = $(NF - 1) }
    END { if (ms != "") printf "parse: 100,000 connections|%s ms|cJSON %s ms|%.2f x\n", ms, floor, ms / floor }
' "$DDORGS_BENCH_SUMMARY.parse" >>"$DDORGS_BENCH_SUMMARY"

rule
./tests/bench/bench_store || status=1

rule
./tests/bench/bench_account || { status=1; echo "account: FAILED|-|-|-" >>"$DDORGS_BENCH_SUMMARY"; }

rule
if [ -z "${TMUX_BIN:-}" ] || ! command -v "$TMUX_BIN" >/dev/null 2>&1; then
    echo "screen benchmark: skipped (tmux not found at configure time)"
    echo "screen: skipped|no tmux|-|-" >>"$DDORGS_BENCH_SUMMARY"
else
    bash "$srcdir/bench_screen.sh" || { status=1; echo "screen: FAILED|-|-|-" >>"$DDORGS_BENCH_SUMMARY"; }
fi

rule
if command -v curl >/dev/null 2>&1; then
    bash "$srcdir/bench_output.sh" || { status=1; echo "output: FAILED|-|-|-" >>"$DDORGS_BENCH_SUMMARY"; }
else
    echo "output benchmark: skipped (curl, its peer, not found)"
    echo "output: skipped|no curl|-|-" >>"$DDORGS_BENCH_SUMMARY"
fi

rule
echo "summary (each figure against its peer measured in the same run)"
echo
awk -F'|' '
    BEGIN {
        printf "  %-52s %-14s %-28s %s\n", "figure", "value", "peer", "ratio"
        printf "  %-52s %-14s %-28s %s\n", "----------------------------------------------------", \
            "--------------", "----------------------------", "--------"
    }
    { printf "  %-52s %-14s %-28s %s\n", $1, $2, $3, $4 }
' "$DDORGS_BENCH_SUMMARY"
exit $status
