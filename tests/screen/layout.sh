#!/usr/bin/env bash
# The detail pane goes beside the list only when the list keeps at least 20
# columns for each name: at 100 and 120 columns it is below (Enter), at 160
# and 200 beside, and names of 20 characters are shown whole at every width.
. "$(dirname "$0")/lib.sh"
fixture=$(st_small_fixture)
# Names of exactly 20 characters.
sed -i 's/"Self Org"/"Self Org Has A Name."/; s/"Alpha Sink"/"Alpha Sink Org Names"/' "$fixture"
st_mock --fixture "$fixture"
st_start 100 30
st_wait "Connections (3)"
for cols in 100 120 160 200; do
    st_resize "$cols" 30
    st_wait "Alpha Sink Org Names"
    st_has "Self Org Has A Name."
    header=$(st_screen | sed -n 2p)
    case "$cols" in
    100|120)
        # Below the list: its own rows under a rule, never on the header's line.
        case "$header" in *"ID          $ST_C1"*) st_fail "pane beside at $cols columns: $header" ;; esac
        st_wait "Created by"
        ;;
    *)
        st_wait "│ ID          $ST_C1"
        header=$(st_screen | sed -n 2p)
        case "$header" in
        *Source*Sink*"ID          $ST_C1"*) ;;
        *) st_fail "no pane beside the list at $cols columns: $header" ;;
        esac
        ;;
    esac
done
st_pass "detail pane beside only where names keep 20 columns (100, 120, 160, 200)"
