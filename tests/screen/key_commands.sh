#!/usr/bin/env bash
# Keys from commands: at start the command has the terminal, so it can
# prompt and read what the operator types before the console draws; in the
# console's profile switch it has none (no input, stderr discarded, no
# /dev/tty), so nothing is drawn over the screen and nothing hangs; a
# command that fails says which profile and setting, never what it printed.
. "$(dirname "$0")/lib.sh"
st_mock --fixture "$(st_small_fixture)"
mkdir -p "$ST_DIR/config/ddorgs"
helper="$ST_DIR/key.sh"
cat >"$helper" <<SH
#!/bin/sh
# \$1: api or app; \$2: how to behave.
case \$2 in
prompt)
    printf 'Vault passphrase: ' >/dev/tty
    IFS= read -r pass || exit 1
    [ "\$pass" = open-sesame ] || exit 1 ;;
console)
    (echo drawn-on-screen >/dev/tty) 2>/dev/null
    echo console-stderr-marker >&2
    read -r answer && echo drawn-from-stdin ;;
fail)
    echo printed-before-failing-4321
    echo 'vault is sealed' >&2
    exit 1 ;;
esac
case \$1 in api) echo $ST_KEY_API ;; *) echo $ST_KEY_APP ;; esac
SH
chmod 700 "$helper"
cfg="$ST_DIR/config/ddorgs/config"
cat >"$cfg" <<INI
[profile vault]
site = datadoghq.com
api_key_command = $helper api prompt
app_key_command = $helper app quiet

[profile switchto]
site = datadoghq.eu
api_key_command = $helper api console
app_key_command = $helper app console

[profile broken]
site = datadoghq.com
api_key = $ST_KEY_API
app_key_command = $helper app fail
INI
chmod 600 "$cfg"

# At start: the prompt is on the terminal and reads what is typed.
ST_ENV_KEYS=0 st_start 100 30 -- --profile vault
st_wait "Vault passphrase:"
st_type "open-sesame"
st_keys Enter
st_wait "Connections (3)"
st_wait "Alpha Sink"

# In the console: the switch works, nothing of the command reaches the
# screen or the console's stderr.
st_keys :
st_type "profile switchto"
st_keys Enter
st_wait "now using profile switchto"
st_wait "now using profile switchto (127.0.0.1:$ST_PORT)"   # --api-url stays: the URL is named, not the site
st_lacks "drawn-on-screen" "drawn-from-stdin" "console-stderr-marker"
! grep -q "console-stderr-marker" "$ST_DIR/tui.err" || st_fail "the command's stderr was kept"

# A failing command: named, explained, the profile in use stays.
st_keys :
st_type "profile broken"
st_keys Enter
st_wait "profile broken not loaded (still using switchto)"
st_keys m
st_wait "Enter / Esc close"
st_settle
# The dialog wraps the message where the path puts it: read it as one line.
flat=$(st_screen | sed 's/│//g' | tr -s ' \n' '  ')
for t in "profile broken: app_key_command (" "exited with status 1; in the console it runs" \
    "without a terminal (no input, its messages discarded)"; do
    grep -qF -- "$t" <<<"$flat" || st_fail "the message lacks \"$t\""
done
st_lacks "4321" "vault is sealed"
st_keys Escape
st_pass "a key command prompts at start, runs without the terminal in the console, fails clearly"
