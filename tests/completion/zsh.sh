#!/usr/bin/env bash
# The zsh completion script that make install puts in site-functions: it
# parses (zsh -n), and its function offers the right words for each line.
# zsh's completion builtins only work while a key is being completed, so
# compadd, _describe and compset are stood in for by functions that print
# what they are given. Skipped (status 77) where zsh is not installed.
. "$(dirname "$0")/lib.sh"
if ! command -v zsh >/dev/null; then
    echo "SKIP: zsh is not installed: the zsh completion script was not checked"
    exit 77
fi
script="$DDORGS_BUILDDIR/completions/_ddorgs"
[ -s "$script" ] || { echo "FAIL: $script was not made by the build" >&2; exit 1; }
check "the installed script is what 'ddorgs completion zsh' prints" \
    "$(cksum < "$script")" "$(ddorgs completion zsh | cksum)"
if zsh -n "$script"; then echo "ok: zsh -n"; else fail "zsh -n $script"; fi
check "starts with #compdef" "$(head -1 "$script")" "#compdef ddorgs"

# offered WORD...: what the function offers for the last word, sorted.
offered() {
    zsh -f -c '
        compdef() { :; }
        compset() { :; }
        compadd() {
            local -a out
            while (( $# )); do
                case $1 in
                (-a) shift; out+=("${(@P)1}") ;;
                (-*) ;;
                (*) out+=("$1") ;;
                esac
                shift
            done
            print -rl -- $out
        }
        _describe() { local -a a; a=("${(@P)4}"); print -rl -- "${a[@]%%:*}"; }
        source "$1"; shift
        words=("$@"); CURRENT=$#
        _ddorgs' zsh "$script" "$@" | sort | tr '\n' ' ' | sed 's/ $//'
}
check "ddorgs <TAB>" "$(offered ddorgs '')" "completion connections doctor org orgs salesforce"
check "ddorgs connections <TAB>" "$(offered ddorgs connections '')" "create delete list update"
# --all-profiles takes connections list and orgs list only: nothing else is offered.
check "ddorgs --all-profiles <TAB>" "$(offered ddorgs --all-profiles '')" "connections orgs"
check "ddorgs --all-profiles connections <TAB>" \
    "$(offered ddorgs --all-profiles connections '')" "list"
check "--site <TAB>: the nine sites" "$(offered ddorgs --site '')" \
    "ap1.datadoghq.com ap2.datadoghq.com datadoghq.com datadoghq.eu ddog-gov.com uk1.datadoghq.com us2.ddog-gov.com us3.datadoghq.com us5.datadoghq.com"
check "--profile <TAB>" "$(offered ddorgs --profile '')" "prod staging-2"
check "-o <TAB>" "$(offered ddorgs connections list -o '')" "csv json jsonl table"
check "--types logs,<TAB>" "$(offered ddorgs connections create --types logs,)" "audit metrics"
check "orgs list options" "$(offered ddorgs --site datadoghq.eu orgs list -)" \
    "--all-profiles --api-url --demo --dry-run --help --name --output --profile --read-only --site --version --yes"
check "completion <TAB>" "$(offered ddorgs completion '')" "bash fish zsh"
finish
