#!/bin/sh
# Layer-shell clients nobody here wrote, under shoji, checked in the pixels of
# a screenshot (png-probe):
#   swaybg   swaybg -c '#ff0000': its colour fills the output under a window
#            (the background layer)
#   waybar   a bar of one colour (tests/data/waybar) at the top; a maximized
#            foot window starts below it (its exclusive zone)
#   slurp    slurp -p covers the output and a window with its (opaque)
#            background in the overlay; a click with `shoji ctl click` picks
#            that point, which slurp prints
#   mako     notify-send's notification, drawn by mako (tests/data/mako: a
#            green box at the top right, overlay layer) above a maximized
#            foot window; D-Bus is a session bus of the test's own
# Usage: layer-shell.sh swaybg|waybar|slurp|mako. A client that is not
# installed is a skip (77). No sleeps: each step waits for a window
# (`shoji ctl wait window`) or for the session to settle (`wait idle`);
# a layer surface has no window to wait for, so the wait for it is for its
# pixels: a bounded number of `wait idle` rounds, each followed by a
# screenshot.
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

client=${1:?usage: layer-shell.sh swaybg|waybar|slurp|mako}

if [ "${2:-}" = inner ]; then
    T=$LAYER_TEST_TMP
    ctl() { "$SHOJI" ctl "$@"; }
    shot=$T/shot.png
    failed_shot=$T/../failed-$client.png # is_colour, wait_pixel: common.sh
    expect_pixel() { is_colour "$1" "$2" "$3" || fail "($1, $2) is not $3: $4"; }
    expect_not_pixel() { ! is_colour "$1" "$2" "$3" || fail "($1, $2) is $3: $4"; }
    maximized_foot() {
        foot --config=/dev/null --maximized --app-id=shoji.test.layer sh -c 'read -r x' >"$T/foot.log" 2>&1 &
        ctl wait window --app-id shoji.test.layer --timeout 20 >/dev/null
        ctl wait idle --timeout 20
    }

    case $client in
    swaybg)
        "$SETTLE_CLIENT" &
        ctl wait window --timeout 20 >/dev/null
        ctl wait idle --timeout 20
        swaybg -c '#ff0000' >"$T/client.log" 2>&1 &
        echo "check: swaybg's colour fills the output around the window"
        wait_pixel 630 470 ff0000
        [ "$("$PNG_PROBE" count "$shot" 0 0 640 480 ff0000)" -eq $((640 * 480 - 200 * 150)) ] ||
            fail "the red is not everywhere but the window"
        echo "check: the window is above it (the background layer)"
        geometry=$(ctl windows --json)
        case $geometry in *'"x":32'*'"y":32'*) ;; *) fail "the window is not at (32, 32): $geometry" ;; esac
        expect_pixel 150 150 3366cc "the window is not drawn over the wallpaper"
        ;;
    waybar)
        waybar -c "$SRCDIR/data/waybar/config" -s "$SRCDIR/data/waybar/style.css" >"$T/client.log" 2>&1 &
        echo "check: waybar shows its bar across the top, 30 pixels high"
        wait_pixel 320 15 00aa00
        expect_pixel 639 29 00aa00 "the bar does not reach the right edge"
        expect_pixel 320 30 202020 "the bar is taller than 30"
        echo "check: a maximized window starts below the bar and fills the rest"
        maximized_foot
        windows=$(ctl windows --json)
        case $windows in *'"height":450'*) ;; *) fail "not 640x450 below the bar: $windows" ;; esac
        case $windows in *'"y":30'*) ;; *) fail "not at y = 30: $windows" ;; esac
        ctl screenshot "$shot"
        expect_pixel 320 15 00aa00 "the window covers the bar"
        [ "$("$PNG_PROBE" count "$shot" 0 30 640 450 00aa00)" -eq 0 ] || fail "bar colour below the bar"
        ;;
    slurp)
        "$SETTLE_CLIENT" &
        ctl wait window --timeout 20 >/dev/null
        ctl wait idle --timeout 20
        slurp -p -b '#ff0000ff' >"$T/slurp.out" 2>"$T/client.log" &
        slurp_pid=$!
        echo "check: slurp's overlay covers the output, the window too"
        wait_pixel 100 100 ff0000
        [ "$("$PNG_PROBE" count "$shot" 0 20 640 460 ff0000)" -eq $((640 * 460)) ] ||
            fail "the overlay does not cover everything (below the cursor's corner)"
        echo "check: a click picks that point"
        ctl click 100 120
        wait "$slurp_pid" || fail "slurp exited $?: $(cat "$T/client.log")"
        [ "$(cat "$T/slurp.out")" = "100,120 1x1" ] || fail "slurp printed '$(cat "$T/slurp.out")'"
        ctl wait idle --timeout 20
        ctl screenshot "$shot"
        expect_pixel 150 150 3366cc "the window is not shown again once slurp is gone"
        ;;
    mako)
        maximized_foot
        mako >"$T/client.log" 2>&1 &
        echo "check: notify-send's notification shows at the top right, above the window"
        notify-send "shoji" "a test notification"
        wait_pixel 600 20 00aa00
        expect_pixel 440 20 00aa00 "the notification is not 200 wide"
        expect_not_pixel 420 20 00aa00 "the notification is wider than 200"
        expect_not_pixel 600 65 00aa00 "the notification is taller than 60"
        ;;
    esac
    echo "inner: all checks passed"
    exit 0
fi

case $client in
swaybg | waybar | slurp) need=$client ;;
mako) need="mako notify-send dbus-run-session" ;;
*) fail "unknown client $client" ;;
esac
case $client in waybar | mako) need="$need foot" ;; esac
for p in $need; do
    command -v "$p" >/dev/null || { echo "SKIP: $p is not installed (scripts/install-deps)"; exit 77; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_RUNTIME_DIR="$tmp/runtime" HOME="$tmp" XDG_CONFIG_HOME="$tmp/config" LC_ALL=C.UTF-8
mkdir -m 700 "$XDG_RUNTIME_DIR"
mkdir -p "$tmp/inner" "$XDG_CONFIG_HOME/mako"
# mako reads its config from there, also when D-Bus activation starts it.
cp "$SRCDIR/data/mako/config" "$XDG_CONFIG_HOME/mako/config"
export LAYER_TEST_TMP="$tmp/inner"
unset DISPLAY

# mako: a session bus inside the session, so that mako and notify-send meet
# on it and D-Bus activation (if notify-send is first) starts mako with
# WAYLAND_DISPLAY set.
if [ "$client" = mako ]; then run="dbus-run-session -- sh"; else run=sh; fi
status=0
# shellcheck disable=SC2086 # $run is a command and its arguments
"$SHOJI" --size 640x480 --timeout 60 -- $run "$0" "$client" inner >"$tmp/out" 2>"$tmp/err" || status=$?
cat "$tmp/out"
if [ "$status" -ne 0 ]; then
    cat "$tmp/err" >&2
    for f in "$tmp"/inner/*.log; do
        [ -s "$f" ] && { echo "--- $f:" >&2; cat "$f" >&2; }
    done
    fail "shoji exited $status"
fi
echo "PASS: layer-shell $client"
