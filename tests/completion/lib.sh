# Shared by the completion tests: the built ddorgs on PATH, a private
# config directory with two profiles, and check/fail helpers. Sourced.
set -u
: "${DDORGS_BIN:?DDORGS_BIN is not set (run through make check)}"
: "${DDORGS_BUILDDIR:?DDORGS_BUILDDIR is not set (run through make check)}"
bindir=$(dirname "$DDORGS_BIN")
export PATH="$bindir:$PATH"
work=$(mktemp -d "${TMPDIR:-/tmp}/ddorgs-completion-XXXXXX")
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_CONFIG_HOME="$work/config"
mkdir -p "$HOME" "$XDG_CONFIG_HOME/ddorgs"
# Keys that must never be printed by the profile listing.
test_api_key=cmpl-api-key-594c774d5a70c6acWXYZ
test_app_key=cmpl-app-key-e0c47b85454c2101f133bQRST
cat > "$XDG_CONFIG_HOME/ddorgs/config" <<CFG
[profile prod]
site = datadoghq.eu
api_key = $test_api_key
app_key = $test_app_key
[profile staging-2]
api_key_command = echo never-run
app_key_command = echo never-run
CFG
chmod 600 "$XDG_CONFIG_HOME/ddorgs/config"
failed=0
fail() { echo "FAIL: $*" >&2; failed=1; }
# check WHAT GOT WANT: equal strings.
check() {
    if [ "$2" = "$3" ]; then echo "ok: $1"; else fail "$1: got [$2], want [$3]"; fi
}
finish() {
    [ $failed -eq 0 ] && echo "PASS: $(basename "$0")"
    exit $failed
}
