#!/usr/bin/env bash
# The bash completion script that make install puts in place, sourced in
# bash as the shell would, with COMP_WORDS/COMP_CWORD set as bash sets them
# for each line. Needs nothing from the bash-completion package.
. "$(dirname "$0")/lib.sh"
script="$DDORGS_BUILDDIR/completions/ddorgs"
[ -s "$script" ] || { echo "FAIL: $script was not made by the build" >&2; exit 1; }
check "the installed script is what 'ddorgs completion bash' prints" \
    "$(cksum < "$script")" "$(ddorgs completion bash | cksum)"

# complete WORD...: the candidates for the last word, sorted, on one line.
complete_line() {
    bash -c '. "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
        _ddorgs
        printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " " | sed "s/ $//"' \
        bash "$script" "$@"
}

check "registered for ddorgs" "$(bash -c '. "$1"; complete -p ddorgs' bash "$script")" \
    "complete -F _ddorgs ddorgs"
check "ddorgs conn<TAB>" "$(complete_line ddorgs conn)" "connections"
check "ddorgs <TAB>" "$(complete_line ddorgs '')" \
    "completion connections doctor org orgs salesforce"
check "ddorgs connections <TAB>" "$(complete_line ddorgs connections '')" \
    "create delete list update"
check "ddorgs orgs <TAB>" "$(complete_line ddorgs orgs '')" "list"
# --all-profiles takes connections list and orgs list only: nothing else is offered.
check "ddorgs --all-profiles <TAB>" "$(complete_line ddorgs --all-profiles '')" "connections orgs"
check "ddorgs --all-profiles connections <TAB>" \
    "$(complete_line ddorgs --all-profiles connections '')" "list"
check "verbs after global options" "$(complete_line ddorgs --site datadoghq.eu salesforce '')" \
    "delete list"
sites="ap1.datadoghq.com ap2.datadoghq.com datadoghq.com datadoghq.eu ddog-gov.com uk1.datadoghq.com us2.ddog-gov.com us3.datadoghq.com us5.datadoghq.com"
check "--site <TAB>: the nine sites" "$(complete_line ddorgs --site '')" "$sites"
check "--site us<TAB>" "$(complete_line ddorgs connections list --site us)" \
    "us2.ddog-gov.com us3.datadoghq.com us5.datadoghq.com"
check "--site=<TAB> (bash splits at '=')" "$(complete_line ddorgs --site = '')" "$sites"
check "--site=da<TAB> (one word)" "$(complete_line ddorgs --site=da)" \
    "--site=datadoghq.com --site=datadoghq.eu"
check "--profile <TAB>: the config file's profiles" "$(complete_line ddorgs --profile '')" \
    "prod staging-2"
check "--profile with the program's path" \
    "$(complete_line "$DDORGS_BIN" connections list --profile st)" "staging-2"
check "-o <TAB>: the formats" "$(complete_line ddorgs connections list -o '')" \
    "csv json jsonl table"
check "--output j<TAB>" "$(complete_line ddorgs orgs list --output j)" "json jsonl"
check "--types <TAB>" "$(complete_line ddorgs connections create --types '')" \
    "audit logs metrics"
check "--types logs,<TAB>: the types not given yet" \
    "$(complete_line ddorgs connections create --types logs,)" "logs,audit logs,metrics"
check "connections list --s<TAB>: its own options" \
    "$(complete_line ddorgs connections list --s)" "--sink-org --site --source-org"
check "orgs list options" "$(complete_line ddorgs orgs list --n)" "--name"
check "a value is not taken for a command" \
    "$(complete_line ddorgs --profile prod --site = datadoghq.eu connections list --a)" \
    "--all --all-profiles --api-url"
check "no command values after an ID option" "$(complete_line ddorgs connections list --sink-org '')" ""
check "the console's options" "$(complete_line ddorgs --r)" "--read-only --refresh"
check "doctor's options" "$(complete_line ddorgs doctor --)" \
    "--api-url --demo --help --profile --read-only --site --version"
check "completion <TAB>: the shells" "$(complete_line ddorgs completion '')" "bash fish zsh"
check "nothing after the shell" "$(complete_line ddorgs completion bash '')" ""

# The profile listing the script runs: names only, never a key.
out=$(ddorgs completion --list-profiles 2>&1)
check "--list-profiles prints the names" "$out" "prod
staging-2"
case "$out" in *WXYZ* | *QRST* | *never-run*) fail "--list-profiles printed a key or a command" ;; esac
# No config file: no profiles, no error.
mv "$XDG_CONFIG_HOME/ddorgs/config" "$work/config.saved"
check "--profile <TAB> without a config file" "$(complete_line ddorgs --profile '')" ""
out=$(ddorgs completion --list-profiles 2>&1); rc=$?
check "--list-profiles without a config file" "$rc:$out" "0:"
# A config file others can read: refused, nothing on stdout, nothing completed.
mv "$work/config.saved" "$XDG_CONFIG_HOME/ddorgs/config"
chmod 644 "$XDG_CONFIG_HOME/ddorgs/config"
check "--profile <TAB> with a refused config file" "$(complete_line ddorgs --profile '')" ""
out=$(ddorgs completion --list-profiles 2>/dev/null); rc=$?
check "--list-profiles with a refused config file" "$rc:$out" "3:"
err=$(ddorgs completion --list-profiles 2>&1 >/dev/null)
case "$err" in *"chmod 600"*) echo "ok: the refusal names the fix" ;;
*) fail "the refusal does not name the fix: $err" ;; esac
case "$err" in *WXYZ* | *QRST*) fail "the refusal printed a key" ;; esac
finish
