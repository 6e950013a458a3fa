#!/bin/sh
# shellcheck disable=SC2016 # the $... in sh -c scripts are for the child shell
# shoji -- COMMAND exits with COMMAND's status, like xvfb-run: 124 on
# --timeout, 128+N for a signal, 126/127 if the command cannot be run, and 125
# when Shoji itself fails (that wins over the command's status).
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"
: "${SETTLE_CLIENT:?set SETTLE_CLIENT to the settle-client executable}"
# A private runtime dir: no clash with a session or another test's sockets.
make_tmp

# expect STATUS ARGS...: runs shoji ARGS, checks its exit status.

expect 0 -- true
expect 1 -- false
expect 7 -- sh -c 'exit 7'
expect 143 -- sh -c 'kill -TERM $$'

expect 127 -- /nonexistent/cmd
[ -s "$tmp/err" ] || fail "no message on stderr for a missing command"
grep -q '/nonexistent/cmd' "$tmp/err" || fail "stderr does not name /nonexistent/cmd"
# A file that exists but cannot be executed.
printf 'not a program\n' >"$tmp/not-executable"
chmod 644 "$tmp/not-executable"
expect 126 -- "$tmp/not-executable"
grep -q 'not-executable' "$tmp/err" || fail "stderr does not name the file that could not run"
expect 2 --bogus-option -- true

# --timeout stops the command (not just shoji) and exits 124 promptly.
start=$(date +%s)
expect 124 --timeout 1 -- sh -c 'echo $$ >"$0"; exec sleep 10' "$tmp/pid"
elapsed=$(($(date +%s) - start))
[ "$elapsed" -lt 5 ] || fail "--timeout 1 took ${elapsed}s"
if kill -0 "$(cat "$tmp/pid")" 2>/dev/null; then
    fail "--timeout left the command (pid $(cat "$tmp/pid")) running"
fi

expect 0 -- sh -c 'test -n "$WAYLAND_DISPLAY" && test -S "$XDG_RUNTIME_DIR/$WAYLAND_DISPLAY"'

socket="shoji-test-$$"
expect 0 --socket "$socket" -- sh -c 'echo "$WAYLAND_DISPLAY"'
[ "$(cat "$tmp/out")" = "$socket" ] ||
    fail "--socket $socket: child saw WAYLAND_DISPLAY='$(cat "$tmp/out")'"

# shoji_failed NEEDLE ARGS...: shoji ARGS exits 125 with one line on stderr
# that names NEEDLE.
shoji_failed() {
    needle=$1
    shift
    expect 125 "$@"
    lines=$(wc -l <"$tmp/err")
    [ "$lines" -eq 1 ] || fail "shoji $*: $lines lines on stderr, expected 1"
    grep -qF -- "$needle" "$tmp/err" || fail "shoji $*: stderr does not name '$needle'"
}

# A screenshot that cannot be written: Shoji failed, whatever the command
# did (it maps a window, draws one frame and exits with 0 or 3).
shoji_failed /nonexistent-dir/shot.png --screenshot /nonexistent-dir/shot.png -- "$SETTLE_CLIENT" --frames 1 --exit 0
shoji_failed /nonexistent-dir/shot.png --screenshot /nonexistent-dir/shot.png -- "$SETTLE_CLIENT" --frames 1 --exit 3
# The file opens but the write fails (ENOSPC).
shoji_failed /dev/full --screenshot /dev/full -- "$SETTLE_CLIENT" --frames 1 --exit 0
# ... also over --timeout's 124.
shoji_failed /nonexistent-dir/shot.png --timeout 1 --screenshot /nonexistent-dir/shot.png -- "$SETTLE_CLIENT" --frames 1
# --screenshot and no window was ever mapped: nothing was tested.
shoji_failed "no window" --screenshot "$tmp/empty.png" -- true
[ ! -e "$tmp/empty.png" ] || fail "a screenshot was written with no window"
shoji_failed "no window" --screenshot "$tmp/empty.png" --timeout 0.5 -- sleep 10
# --allow-empty: the background, and the command's status.
expect 3 --allow-empty --screenshot "$tmp/empty.png" -- sh -c 'exit 3'
[ -s "$tmp/empty.png" ] || fail "--allow-empty wrote no screenshot"
# A window mapped, then gone before the command exits, still counts.
expect 0 --screenshot "$tmp/gone.png" -- sh -c '"$0" --frames 1 --exit 0' "$SETTLE_CLIENT"
[ -s "$tmp/gone.png" ] || fail "no screenshot of a window that was mapped, then closed"
# No socket: the name is too long for a Unix socket path.
long=$(printf 'w%.0s' $(seq 120))
shoji_failed "$long" --socket "$long" -- true

# The table is in --help.
"$SHOJI" --help >"$tmp/out"
for status in 124 125 126 127 128+N 2; do
    grep -qE "^  $(printf '%s' "$status" | sed 's/+/\\+/') " "$tmp/out" || fail "--help has no line for exit status $status"
done

echo "PASS: exit-codes"
