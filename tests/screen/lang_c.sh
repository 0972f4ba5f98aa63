#!/usr/bin/env bash
# LANG=C: ASCII drawing and ASCII text only.
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)"
st_start 100 30 LANG=C LC_ALL=C
st_wait "Connections (3)"
st_keys d
st_wait "Delete connection"
st_has "Self Org -> Alpha Sink"
st_has "+- Delete connection"
if st_screen | LC_ALL=C grep -q '[^ -~]'; then st_fail "non-ASCII on screen"; fi
st_keys Escape
st_wait_gone "Delete connection"
# The Org view: the keys' fingerprints end in "...", not a raw U+2026.
st_keys 3
st_wait "API key"
st_has "API key     ...${ST_KEY_API: -4}"
if st_screen | LC_ALL=C grep -q '[^ -~]'; then st_fail "non-ASCII on the Org view"; fi
st_pass "ASCII only under LANG=C"
