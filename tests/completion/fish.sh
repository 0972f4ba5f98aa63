#!/usr/bin/env bash
# The fish completion script that make install puts in
# vendor_completions.d: it parses (fish -n), and fish itself completes lines
# with it (complete -C). Skipped (status 77) where fish is not installed.
. "$(dirname "$0")/lib.sh"
if ! command -v fish >/dev/null; then
    echo "SKIP: fish is not installed: the fish completion script was not checked"
    exit 77
fi
script="$DDORGS_BUILDDIR/completions/ddorgs.fish"
[ -s "$script" ] || { echo "FAIL: $script was not made by the build" >&2; exit 1; }
check "the installed script is what 'ddorgs completion fish' prints" \
    "$(cksum < "$script")" "$(ddorgs completion fish | cksum)"
if fish -n "$script"; then echo "ok: fish -n"; else fail "fish -n $script"; fi

# completed LINE: fish's candidates for the line, without descriptions, sorted.
completed() {
    fish --no-config -c 'source $argv[1]; complete -C $argv[2]' "$script" "$1" | cut -f1 |
        sort | tr '\n' ' ' | sed 's/ $//'
}
check "ddorgs conn<TAB>" "$(completed 'ddorgs conn')" "connections"
check "ddorgs connections <TAB>" "$(completed 'ddorgs connections ')" "create delete list update"
# --all-profiles takes connections list and orgs list only: nothing else is offered.
check "ddorgs --all-profiles <TAB>" "$(completed 'ddorgs --all-profiles ')" "connections orgs"
check "ddorgs --all-profiles connections <TAB>" \
    "$(completed 'ddorgs --all-profiles connections ')" "list"
check "--site <TAB>: the nine sites" "$(completed 'ddorgs --site ')" \
    "ap1.datadoghq.com ap2.datadoghq.com datadoghq.com datadoghq.eu ddog-gov.com uk1.datadoghq.com us2.ddog-gov.com us3.datadoghq.com us5.datadoghq.com"
check "--profile <TAB>" "$(completed 'ddorgs --profile ')" "prod staging-2"
check "-o <TAB>" "$(completed 'ddorgs connections list -o ')" "csv json jsonl table"
check "--types logs,<TAB>" "$(completed 'ddorgs connections create --types logs,')" \
    "logs,audit logs,metrics"
check "connections list --s<TAB>" "$(completed 'ddorgs connections list --s')" \
    "--sink-org --site --source-org"
check "doctor takes no --dry-run" "$(completed 'ddorgs doctor --d')" "--demo"
check "completion <TAB>" "$(completed 'ddorgs completion ')" "bash fish zsh"
finish
