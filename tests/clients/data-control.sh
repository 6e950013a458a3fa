#!/bin/sh
# wl-copy and wl-paste (wl-clipboard) with no window: they use
# zwlr_data_control_manager_v1 when the compositor offers it, as Shoji does
# (without it each maps a window to get the keyboard focus, which
# wl-clipboard.sh covers as well). Checked: a copy made with no window is
# pasted, on the clipboard and in the primary selection; wl-paste binds data
# control and makes no surface (WAYLAND_DEBUG); a copy made in a window
# (wl_data_device, tests/tools/input_log_client.cpp --copy) is what wl-paste
# reads. No sleeps: each step waits for a command's exit or on
# `shoji ctl wait window`.
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
: "${INPUT_LOG_CLIENT:?set INPUT_LOG_CLIENT to the input-log-client executable}"
# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"
for p in wl-copy wl-paste; do
    command -v "$p" >/dev/null || { echo "SKIP: $p not installed (wl-clipboard)"; exit 77; }
done

make_tmp
export DATA_CONTROL_TMP="$tmp"

cat >"$tmp/session" <<'SESSION'
set -eu
T=$DATA_CONTROL_TMP
WAYLAND_DEBUG=1 wl-copy "no window here" 2>"$T/copy.debug"
WAYLAND_DEBUG=1 wl-paste --no-newline >"$T/paste" 2>"$T/paste.debug"
echo "text=$(cat "$T/paste")"
wl-copy --primary "primary, no window"
echo "primary=$(wl-paste --primary --no-newline)"
echo "clipboard=$(wl-paste --no-newline)"
# A window copies on its keyboard enter and then sets its title.
"$INPUT_LOG_CLIENT" --app-id shoji.test.copy --title "not yet" --copy "copied in a window" >"$T/client.log" &
client=$!
win=$("$SHOJI" ctl wait window --app-id shoji.test.copy --title copied --timeout 20)
echo "window=$(wl-paste --no-newline)"
"$SHOJI" ctl close "$win"
wait "$client"
SESSION

echo "check: wl-copy and wl-paste without a window, then a window's copy"
status=0
"$SHOJI" --timeout 30 -- sh "$tmp/session" >"$tmp/out" 2>"$tmp/err" || status=$?
fail_logs="out err client.log"
[ "$status" -eq 0 ] || fail "the session exited $status"

expect_line() {
    echo "check: $1"
    grep -qxF "$1" "$tmp/out" || fail "expected the line '$1'"
}
expect_line "text=no window here"
expect_line "primary=primary, no window"
expect_line "clipboard=no window here"
expect_line "window=copied in a window"

for tool in copy paste; do
    echo "check: wl-$tool bound zwlr_data_control_manager_v1 and made no surface"
    fail_logs="$tool.debug"
    grep -q 'bind(.*"zwlr_data_control_manager_v1", 2' "$tmp/$tool.debug" ||
        fail "wl-$tool did not bind zwlr_data_control_manager_v1 version 2"
    if grep -q '\.create_surface(' "$tmp/$tool.debug"; then fail "wl-$tool made a surface"; fi
done
grep -qx "sent text/plain;charset=utf-8" "$tmp/client.log" || {
    fail_logs="client.log"
    fail "the window's client was not asked for its text"
}
echo "PASS: data-control"
