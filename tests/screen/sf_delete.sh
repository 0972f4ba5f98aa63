#!/usr/bin/env bash
# Salesforce delete: warning about incident templates, typed name; a wrong
# name is refused; an org without a name asks for the id the request deletes,
# as the command line does (the operations table), not its SFDC org id.
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)"
st_start 100 30
st_wait "Salesforce orgs (2)"
st_keys 2
st_wait "Acme Prod"
st_keys d
st_wait "Delete Salesforce org"
st_has "incident template"
st_type "Acme"
st_keys Enter
st_wait "That is not the org's name; nothing was deleted."
[ "$(st_requests DELETE /api/v2/integration)" -eq 0 ] || st_fail "sent with a wrong name"
st_type " Prod"
st_keys Enter
st_wait "Salesforce orgs (1)"
[ "$(st_requests DELETE /api/v2/integration/salesforce-incidents/organizations/sf-acme)" -eq 1 ] \
    || st_fail "expected one DELETE"
st_ctl GET /_mock/state | grep -qF '"deleted_incident_templates":2' || st_fail "templates not deleted"
st_keys d
st_wait "Type the org's id to confirm"
st_type "00D000000000002BBB"
st_keys Enter
st_wait "That is not the org's id; nothing was deleted."
[ "$(st_requests DELETE /api/v2/integration/salesforce-incidents/organizations/sf-noname)" -eq 0 ] \
    || st_fail "sent with the SFDC org id typed"
st_keys C-u
st_type "sf-noname"
st_keys Enter
st_wait "Salesforce orgs (0)"
[ "$(st_requests DELETE /api/v2/integration/salesforce-incidents/organizations/sf-noname)" -eq 1 ] \
    || st_fail "expected one DELETE of the nameless org"
st_pass "typed confirmation; wrong name refused; a nameless org is confirmed by its id"
