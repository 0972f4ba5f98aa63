#!/usr/bin/env bash
# Keys that may not list the account's orgs (403): the console says so once
# and does not know the keys' org until an answer names it.
# Undo can only give back a connection whose source is the org of the keys:
# the API creates every connection from that org, and lists only the
# connections that org takes part in, so one it did not create is one it
# receives. Without GET /api/v2/org the keys' org is the one org taking
# part in every listed connection: a connection it receives gets the typed
# confirmation and no undo (re-creating it would connect the org to
# itself); once a create's answer names the org, the same holds.
. "$(dirname "$0")/lib.sh"
ST_C4=aaaaaaaa-0000-4000-8000-000000000004
ST_C5=aaaaaaaa-0000-4000-8000-000000000005
fixture=$(st_small_fixture)
# Two connections the keys' org receives: Alpha -> Self, Bravo -> Self.
sed -i "s|^  {\"id\":\"$ST_C3\"\\(.*\\)}\\],\$|  {\"id\":\"$ST_C3\"\\1},\\
  {\"id\":\"$ST_C4\",\"source_org_id\":\"$ST_ORG_A\",\"sink_org_id\":\"$ST_SELF\",\"connection_types\":[\"audit\"],\"created_at\":\"2025-02-01T00:00:00Z\",\"created_by_id\":\"u-1\"},\\
  {\"id\":\"$ST_C5\",\"source_org_id\":\"$ST_ORG_B\",\"sink_org_id\":\"$ST_SELF\",\"connection_types\":[\"logs\"],\"created_at\":\"2025-03-01T00:00:00Z\",\"created_by_id\":\"u-1\"}],|" "$fixture"
grep -qF "$ST_C5" "$fixture" || st_fail "fixture not extended"
sed -i "s|{\"id\":\"$ST_SELF\",\"name\":\"Self Org\",|{\"id\":\"$ST_SELF\",\"name\":\"Self Org\",\"list_orgs_permission\":false,|" "$fixture"
grep -qF '"list_orgs_permission":false' "$fixture" || st_fail "fixture permission not set"
st_mock --fixture "$fixture"
st_start 100 30
st_wait "Connections (5)"
st_wait "these keys may not list the account's orgs (403"
st_keys Escape                  # dismissed: the status line shows the filter next
st_wait_gone "may not list the account's orgs"

# 1. The keys' org is the one in every listed row (Self): Alpha -> Self is
#    one it receives, so the dialog asks for the first 8 characters of the
#    id and offers no undo; u sends nothing.
st_keys /
st_type "000000000004"
st_keys Enter
st_wait 'filter "000000000004": 1 rows'
st_keys d
st_wait "Delete connection"
st_has "Alpha Sink → Self Org" "this cannot be undone" "Type the first 8 characters of the id"
st_lacks "re-creates it from the org of"
st_type "aaaaaaaa"
st_keys Enter
st_wait "No undo: its source is not the org of your keys"
st_keys u
st_keys '?'
st_wait "Help: keys"
st_keys Escape
[ "$(st_requests POST /api/v2/org_connections)" -eq 0 ] || st_fail "u sent a create with no undo offered"
[ "$(st_requests DELETE /api/v2/org_connections)" -eq 1 ] || st_fail "expected one DELETE"

# 2. A create's answer names the keys' org: Bravo -> Self gets no undo, so
#    the dialog asks what the command line asks (the operations table): the
#    first 8 characters of the id, not a Yes/No.
st_keys Escape
st_keys F7
st_wait "New connection"
st_type "$ST_ORG_D"
st_keys Enter
st_wait "created connection"
st_keys Escape
st_keys /
st_keys C-u
st_type "000000000005"
st_keys Enter
st_wait 'filter "000000000005": 1 rows'
st_keys d
st_wait "Delete connection"
st_has "Bravo Sink → Self Org" "this cannot be undone" "Type the first 8 characters of the id"
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
st_pass "undo honest about the source: not offered for a connection the keys' org receives, known or inferred"
