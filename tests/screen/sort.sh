#!/usr/bin/env bash
# s cycles the sort column, S reverses it.
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)"
st_start 100 30
st_wait "Connections (3)"
row() { st_screen | sed -n "$1p"; }
case "$(row 3)" in *Alpha*) ;; *) st_fail "server order first";; esac
st_keys s
st_wait "sorted by Created"
case "$(row 3)" in *Bravo*2024-01-01*) ;; *) st_fail "oldest first after s";; esac
case "$(row 5)" in *Charlie*2025-06-01*) ;; *) st_fail "newest last after s";; esac
st_keys S
st_wait "Created ▼"
case "$(row 3)" in *Charlie*) ;; *) st_fail "newest first after S";; esac
st_keys s s
st_wait "sorted by Sink"
case "$(row 3)" in *Charlie*) ;; *) st_fail "reversed sink order: Charlie first";; esac
st_pass "sort by created, reverse, by sink"
