#!/usr/bin/env bash
# A message longer than the status line: the line says how to read the
# rest, `m` shows all of it, Esc dismisses it. The message here is a
# redirect from something in front of the API, which is not followed.
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)" \
    --fault 'list_connections:status=302,location=https://login.example.com/sso/start?return=%2Fapi'
st_start 80 24
st_wait "SF orgs (2)"   # four tabs at 80 columns: the short names
# On the Salesforce panel only the status line tells of the failure.
st_keys 2
st_wait "00D000000000002BBB"
st_wait "m: all of it"
st_has "error: connections: HTTP 302 Found: redirected to"
st_lacks "not followed"
st_keys m
st_wait "┌─ Error"
st_has "https://login.example.com/sso/start?return=%2Fapi; not followed," "keys there" \
    "--api-url)"
# It survives resizes: too small, then larger than before.
st_resize 60 20
st_wait "too small"
st_resize 110 30
st_wait "┌─ Error"
st_has "(check the proxy settings, the site and --api-url)"
st_keys Escape
st_wait_gone "┌─ Error"
# Esc again dismisses the message; m then has nothing to show.
st_keys Escape
st_wait_gone "m: all of it"
st_keys m
st_lacks "┌─ Error"
[ "$(st_requests GET /api/v2/org_connections)" -eq 1 ] || st_fail "the redirect was retried"
st_ctl GET /_mock/requests | grep -qF '"path":"/sso' && st_fail "the redirect was followed"
st_pass "a long message is cut with a pointer to m; m shows it whole"
