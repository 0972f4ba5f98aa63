#!/usr/bin/env bash
# Typed confirmation of a Salesforce org delete, console and command line:
# the operator types the name as the screen shows it (an invisible U+200B in
# it is not typed); names that look the same on screen, or a name blank
# once cleaned, ask for the id instead and say why.
. "$(dirname "$0")/lib.sh"
cat >"$ST_DIR/names.json" <<JSON
{"self_org_id":"$ST_SELF","self_user":{"id":"u-1","name":"Pat Operator"},
 "orgs":[{"id":"$ST_SELF","name":"Self Org","created_at":"2026-01-01T00:00:00Z"},
         {"id":"$ST_ORG_A","name":"Alpha Sink","created_at":"2024-01-01T00:00:00Z"}],
 "salesforce_orgs":[
  {"id":"zw","name":"SF\u200bX","incident_templates":1},
  {"id":"tw-1","name":"Twin Org","incident_templates":1},
  {"id":"tw-2","name":"Twin\u00a0Org","incident_templates":1},
  {"id":"blank","name":" \u200b ","incident_templates":1}]}
JSON
st_mock --fixture "$ST_DIR/names.json"
sf_deletes() { st_requests DELETE "/api/v2/integration/salesforce-incidents/organizations/$1"; }

# The command line (its prompt goes to stderr): the prompt shows SFX, and
# SFX confirms.
err_wait() {
    local i
    for i in $(seq 1 200); do
        grep -qF -- "$1" "$ST_DIR/tui.err" 2>/dev/null && return 0
        sleep 0.05
    done
    st_fail "the command line did not say \"$1\""
}
st_start 150 20 -- salesforce delete zw
err_wait "to confirm: "
err_wait "Type SFX to confirm: "
st_type "SFX"
st_keys Enter
st_wait "ddorgs exited 0"
[ "$(sf_deletes zw)" -eq 1 ] || st_fail "the command line did not delete zw"
"$TMUX_BIN" -S "$ST_SOCK" kill-session -t st
: >"$ST_DIR/tui.err"
# Names alike on screen: the id, and why.
st_start 150 20 -- salesforce delete tw-1
err_wait "to confirm: "
err_wait "another Salesforce org's name looks the same on screen"
err_wait "Type tw-1 to confirm: "
st_type "Twin Org"
st_keys Enter
st_wait "ddorgs exited 12"
[ "$(sf_deletes tw-1)" -eq 0 ] || st_fail "deleted tw-1 on its look-alike name"
"$TMUX_BIN" -S "$ST_SOCK" kill-session -t st
: >"$ST_DIR/tui.err"

# The console.
st_ctl PUT /_mock/state @"$ST_DIR/names.json" >/dev/null || st_fail "the mock did not reload"
st_ctl DELETE /_mock/requests >/dev/null
st_start 120 30
st_wait "Salesforce orgs (4)"
st_keys 2
st_wait "Twin Org"
st_keys /
st_type "SF"
st_keys Enter
st_wait 'filter "SF": 1 rows'
st_keys d
st_wait "Delete Salesforce org"
st_has "Type the org's name to confirm:"
st_type "SFX"
st_keys Enter
st_wait "Salesforce orgs (3)"
[ "$(sf_deletes zw)" -eq 1 ] || st_fail "the console did not delete zw"
st_keys C-u
st_keys /
st_keys C-u
st_type "tw-2"
st_keys Enter
st_wait "ID          tw-2"
st_keys d
st_wait "Delete Salesforce org"
st_has "Type the org's id to confirm" "another Salesforce org's name looks the same"
st_type "Twin Org"
st_keys Enter
st_wait "That is not the org's id; nothing was deleted."
st_keys C-u
st_type "tw-2"
st_keys Enter
st_wait "Salesforce orgs (2)"
[ "$(sf_deletes tw-2)" -eq 1 ] || st_fail "the console did not delete tw-2"
st_pass "names typed as shown; look-alike and blank names confirmed by id"
