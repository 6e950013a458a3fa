#!/bin/sh
# swaylock (Debian 12's 1.7.2) under shoji, through ext_session_lock_v1,
# checked in the pixels of screenshots (png-probe):
#   1. a window (settle-client) shows; `swaylock -c 336699` locks: its colour
#      covers the output, the window included; SIGUSR1 makes swaylock unlock
#      (unlock_and_destroy): the window is back;
#   2. swaylock locks again and is killed: the session stays locked (the
#      background colour, not the window); `shoji ctl unlock` ends the lock;
#   3. swaylock locks a third time and is still running when the command
#      exits: `--screenshot` shows its colour where the window was.
# swaylock not installed: a skip (77). No sleeps: each step waits for the
# window (`shoji ctl wait window`) or for pixels: a bounded number of
# `wait idle` rounds, each followed by a screenshot (a lock surface is no
# window to wait for).
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
: "${PNG_PROBE:?set PNG_PROBE to the png-probe executable}"
: "${SETTLE_CLIENT:?set SETTLE_CLIENT to the settle-client executable}"
: "${SRCDIR:?set SRCDIR to the tests source directory}"
. "$SRCDIR/clients/common.sh" # is_colour, wait_pixel

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

window=3366cc   # settle-client's colour; its window is at (32, 32), 200×150
locked=336699   # swaylock -c 336699
background=202020

if [ "${1:-}" = inner ]; then
    T=$LOCK_TEST_TMP
    ctl() { "$SHOJI" ctl "$@"; }
    shot=$T/shot.png
    failed_shot=$T/failed.png # is_colour, wait_pixel: common.sh
    lock() {
        swaylock -c "$locked" >"$T/swaylock-$1.log" 2>&1 &
        pid=$!
        wait_pixel 100 100 "$locked" "swaylock did not lock (round $1)"
        [ "$("$PNG_PROBE" count "$shot" 0 0 640 480 "$locked")" -eq $((640 * 480)) ] ||
            fail "swaylock's colour does not cover the whole output"
    }

    "$SETTLE_CLIENT" &
    ctl wait window --timeout 20 >/dev/null
    wait_pixel 100 100 "$window" "the window did not show"

    echo "check: swaylock locks over the window; SIGUSR1 unlocks it"
    lock 1
    if ctl unlock 2>"$T/unlock.err"; then fail "ctl unlock ended a lock swaylock holds"; fi
    kill -USR1 "$pid"
    wait "$pid" || fail "swaylock exited $? after SIGUSR1"
    wait_pixel 100 100 "$window" "the window did not come back after swaylock unlocked"

    echo "check: a killed swaylock leaves the session locked until shoji ctl unlock"
    lock 2
    kill -KILL "$pid"
    wait "$pid" || true
    wait_pixel 100 100 "$background" "swaylock's colour stayed after it was killed"
    [ "$("$PNG_PROBE" count "$shot" 32 32 200 150 "$window")" -eq 0 ] ||
        fail "the window shows while the session is still locked"
    ctl unlock
    wait_pixel 100 100 "$window" "the window did not come back after ctl unlock"

    echo "check: swaylock still runs when the command exits"
    lock 3
    echo "inner: all checks passed"
    exit 0
fi

for p in swaylock; do
    command -v "$p" >/dev/null || { echo "SKIP: $p is not installed (scripts/install-deps)"; exit 77; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_RUNTIME_DIR="$tmp/runtime" HOME="$tmp" XDG_CONFIG_HOME="$tmp/config" LC_ALL=C.UTF-8
mkdir -m 700 "$XDG_RUNTIME_DIR"
mkdir -p "$tmp/inner"
export LOCK_TEST_TMP="$tmp/inner"
unset DISPLAY

status=0
"$SHOJI" --size 640x480 --timeout 60 --screenshot "$tmp/final.png" -- sh "$0" inner >"$tmp/out" 2>"$tmp/err" ||
    status=$?
cat "$tmp/out"
if [ "$status" -ne 0 ]; then
    cat "$tmp/err" >&2
    for f in "$tmp"/inner/*.log "$tmp"/inner/*.err; do
        [ -s "$f" ] && { echo "--- $f:" >&2; cat "$f" >&2; }
    done
    fail "shoji exited $status"
fi
echo "check: the --screenshot shows swaylock's colour where the window was"
[ "$("$PNG_PROBE" count "$tmp/final.png" 32 32 200 150 "$locked")" -eq $((200 * 150)) ] ||
    fail "the final screenshot does not show swaylock's colour over the window"
echo "PASS: swaylock"
