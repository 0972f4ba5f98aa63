#!/usr/bin/env bash
# Undo can only give back a connection whose source is the org of the keys:
# the API creates every connection from that org. While the console does not
# know that org yet, undo says afterwards that the source differs; once it
# knows (a create's answer named it), undo is not offered for another
# org's connection, and nothing is sent.
. "$(dirname "$0")/lib.sh"
ST_C4=aaaaaaaa-0000-4000-8000-000000000004
ST_C5=aaaaaaaa-0000-4000-8000-000000000005
fixture=$(st_small_fixture)
# Two connections between other orgs of the group: Alpha -> Delta, Bravo -> Charlie.
sed -i "s|^  {\"id\":\"$ST_C3\"\\(.*\\)}\\],\$|  {\"id\":\"$ST_C3\"\\1},\\
  {\"id\":\"$ST_C4\",\"source_org_id\":\"$ST_ORG_A\",\"sink_org_id\":\"$ST_ORG_D\",\"connection_types\":[\"audit\"],\"created_at\":\"2025-02-01T00:00:00Z\",\"created_by_id\":\"u-1\"},\\
  {\"id\":\"$ST_C5\",\"source_org_id\":\"$ST_ORG_B\",\"sink_org_id\":\"$ST_ORG_C\",\"connection_types\":[\"logs\"],\"created_at\":\"2025-03-01T00:00:00Z\",\"created_by_id\":\"u-1\"}],|" "$fixture"
grep -qF "$ST_C5" "$fixture" || st_fail "fixture not extended"
st_mock --fixture "$fixture"
st_start 100 30
st_wait "Connections (5)"

# 1. The keys' org is not known yet: undo is offered, and its answer says
#    the new connection comes from our org, not from Alpha.
st_keys /
st_type "000000000004"
st_keys Enter
st_wait 'filter "000000000004": 1 rows'
st_keys d
st_wait "Delete connection"
st_has "Alpha Sink → Delta Spare"
st_has "re-creates it from the org of"
st_keys y
st_wait "Press u within"
st_keys u
st_wait "re-created from your keys' org, not the deleted one's source"
st_ctl GET /_mock/state | grep -qF "\"source_org_id\":\"$ST_SELF\",\"sink_org_id\":\"$ST_ORG_D\",\"connection_types\":[\"audit\"]" \
    || st_fail "undo did not create Self -> Delta with the same types"

# 2. Now the console knows the keys' org: Bravo -> Charlie gets no undo, so
#    the dialog asks what the command line asks (the operations table): the
#    first 8 characters of the id, not a Yes/No.
st_keys Escape
st_keys /
st_keys C-u
st_type "000000000005"
st_keys Enter
st_wait 'filter "000000000005": 1 rows'
st_keys d
st_wait "Delete connection"
st_has "Bravo Sink → Charlie Sink" "this cannot be undone" "Type the first 8 characters of the id"
st_keys y
st_lacks "No undo: its source is not the org of your keys"
st_type "aaaaaaab"
st_keys Enter
st_wait "That is not the start of the id (aaaaaaaa); nothing was deleted."
[ "$(st_requests DELETE /api/v2/org_connections)" -eq 1 ] || st_fail "a wrong id prefix sent a DELETE"
st_keys C-u
st_type "aaaaaaaa"
st_keys Enter
st_wait "No undo: its source is not the org of your keys"
st_keys u
st_keys '?'
st_wait "Help: keys"
st_keys Escape
[ "$(st_requests POST /api/v2/org_connections)" -eq 1 ] || st_fail "u sent a create with no undo offered"
[ "$(st_requests DELETE /api/v2/org_connections)" -eq 2 ] || st_fail "expected two DELETEs"
st_pass "undo honest about the source: told after the fact, then not offered"
