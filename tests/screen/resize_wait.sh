#!/usr/bin/env bash
# The screen helpers' resize waits for the redraw at the new size: a stand-in
# console that answers SIGWINCH late (as a sanitizer build may) and draws
# its frame in two halves is never checked on the old frame or half a frame.
. "$(dirname "$0")/lib.sh"
DDORGS_BIN=$ST_DIR/slow-console
cat >"$DDORGS_BIN" <<'SH'
#!/usr/bin/env bash
# Draws "top COLSxROWS" and, after a pause, "bottom COLSxROWS" and a rule
# as wide as the terminal; redraws 0.3 s after it sees a new size; q quits.
draw() {
    local rows=${1% *} cols=${1#* }
    printf '\033[H\033[2J\033[1;1Htop %sx%s' "$cols" "$rows"
    sleep 0.25
    printf '\033[%d;1H%s\033[%d;1Hbottom %sx%s' "$rows" "$(printf '%*s' "$cols" '' | tr ' ' '=')" \
        "$((rows - 1))" "$cols" "$rows"
}
stty -echo -icanon </dev/tty
size=$(stty size </dev/tty)
draw "$size"
while :; do
    if read -r -n1 -t 0.05 k </dev/tty && [ "$k" = q ]; then exit 0; fi
    now=$(stty size </dev/tty)
    if [ "$now" != "$size" ]; then
        size=$now
        sleep 0.3
        draw "$size"
    fi
done
SH
chmod +x "$DDORGS_BIN"
ST_PORT=1
st_start 100 30
st_wait "bottom 100x30"
for size in "140 40" "80 24" "120 30"; do
    set -- $size
    st_resize "$1" "$2"
    st_has "top ${1}x${2}" "bottom ${1}x${2}"
done
st_pass "each resize waited for the whole frame at the new size"
