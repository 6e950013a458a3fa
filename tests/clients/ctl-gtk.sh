#!/bin/sh
# shellcheck disable=SC2016 # jq programs are single-quoted on purpose
# A headless GUI test of a GTK app as a shell script, the way
# docs/testing-clients.md tells CI users to write one: gtk3-widget-factory
# under shoji; `shoji ctl wait window` for its window; a click on a known
# widget (the colour button, at a fixed place in the window geometry with the
# default Adwaita theme) opens the "Pick a Color" dialog, waited for with
# `wait window` again; the screen shows it (pixels checked against the
# screenshot from before the click); closing the windows ends the app. No
# sleeps: every step waits on an event.
#
# gtk3-widget-factory animates a progress bar for as long as it is active,
# so `wait idle` never holds for it: a new window is the event to wait for.
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
fail_logs=''
# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"
: "${PNG_PROBE:?set PNG_PROBE to the png-probe executable}"
command -v gtk3-widget-factory >/dev/null || { echo "SKIP: gtk3-widget-factory is not installed"; exit 77; }
command -v jq >/dev/null || { echo "SKIP: jq is not installed (scripts/install-deps)"; exit 77; }

# The colour button's centre, from the window geometry's top-left (found on a
# screenshot of gtk3-widget-factory 3.24 with Adwaita).
button_x=471 button_y=381

if [ "${1:-}" = inner ]; then
    T=$CTL_TEST_TMP
    ctl() { "$SHOJI" ctl "$@"; }

    gtk3-widget-factory >"$T/gtk.out" 2>&1 &
    gtk_pid=$!
    echo "check: wait window returns gtk3-widget-factory's window once shown"
    id=$(ctl wait window --app-id gtk3-widget-factory --timeout 30)
    ctl screenshot "$T/before.png"
    n=$("$PNG_PROBE" differ "$T/before.png" 0 0 1280 800 202020)
    [ "$n" -gt 500000 ] || fail "only $n pixels of the window are on the screen"

    echo "check: a click on the colour button opens the colour dialog"
    ctl click --window "$id" "$button_x" "$button_y"
    dialog=$(ctl wait window --title "Pick a Color" --timeout 20)
    [ "$dialog" != "$id" ] || fail "the dialog has the main window's id"
    ctl screenshot "$T/after.png"

    echo "check: the screen shows the dialog where it says it is"
    ctl windows --json >"$T/windows.json"
    geometry=$(jq -r --argjson d "$dialog" '.[] | select(.id == $d) | "\(.x) \(.y) \(.width) \(.height)"' \
        "$T/windows.json")
    read -r x y w h <<EOF
$geometry
EOF
    [ -n "$h" ] || fail "no geometry for the dialog in $(cat "$T/windows.json")"
    if [ "$w" -lt 100 ] || [ "$h" -lt 100 ]; then fail "the dialog is ${w}x$h"; fi
    changed=$("$PNG_PROBE" changed "$T/before.png" "$T/after.png" "$x" "$y" "$w" "$h")
    [ "$changed" -gt $((w * h / 2)) ] || fail "only $changed of ${w}x$h pixels changed where the dialog is"
    ctl screenshot "$T/dialog.png" --window "$dialog"
    [ "$("$PNG_PROBE" size "$T/dialog.png")" = "${w}x$h" ] || fail "the dialog screenshot is $("$PNG_PROBE" size "$T/dialog.png")"

    echo "check: closing the windows ends the app"
    ctl close "$dialog"
    ctl close "$id"
    wait "$gtk_pid" || { cat "$T/gtk.out" >&2; fail "gtk3-widget-factory exited with an error"; }
    if grep -q "Protocol error" "$T/gtk.out"; then cat "$T/gtk.out" >&2; fail "protocol error"; fi
    echo "inner: all checks passed"
    exit 0
fi

make_tmp
export HOME="$tmp" XDG_CONFIG_HOME="$tmp/config"
mkdir "$tmp/inner"
export CTL_TEST_TMP="$tmp/inner"
# A still GTK: no animations, no blinking cursor (GTK reads these from
# GSettings on Wayland; the keyfile backend takes them from this file).
mkdir -p "$XDG_CONFIG_HOME/glib-2.0/settings"
printf '[org/gnome/desktop/interface]\nenable-animations=false\ncursor-blink=false\n' \
    >"$XDG_CONFIG_HOME/glib-2.0/settings/keyfile"
export GSETTINGS_BACKEND=keyfile GDK_BACKEND=wayland NO_AT_BRIDGE=1 GTK_A11Y=none LC_ALL=C.UTF-8
unset DISPLAY

status=0
"$SHOJI" --size 1280x800 -- sh "$0" inner 2>"$tmp/err" || status=$?
if [ "$status" -ne 0 ]; then
    cat "$tmp/err" >&2
    fail "shoji exited $status"
fi
echo "PASS: ctl-gtk"
