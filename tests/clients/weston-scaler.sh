#!/bin/sh
# weston-scaler (Weston's wp_viewporter demo, a client nobody here wrote)
# under headless shoji, checked on the --screenshot PNG. Its 421x337 buffer
# (a blue box in a red one) is shown through a viewport: with -b the source
# is the blue box and the destination 220x308, with -s the source only
# (55x77, the buffer scale 4 applied first). Without wp_viewporter it fails
# to start; with the crop ignored the red would show; with the destination
# ignored the window would be 421x337 or 55x77.
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"
: "${PNG_PROBE:?set PNG_PROBE to the png-probe executable}"
command -v weston-scaler >/dev/null || { echo "SKIP: weston-scaler not installed"; exit 77; }

make_tmp

bg=202020         # shoji's background
win_x=32 win_y=32 # the first toplevel is cascaded one step from the top-left

check_mode() { # MODE WIDTH HEIGHT
    echo "check: weston-scaler $1 runs until --timeout stops it (exit 124)"
    status=0
    "$SHOJI" --size 640x480 --screenshot "$tmp/out$1.png" --timeout 2 -- weston-scaler "$1" \
        >"$tmp/out" 2>"$tmp/err" || status=$?
    [ "$status" -eq 124 ] || fail "shoji exited $status, expected 124 (timeout)"

    echo "check: $1: everything drawn lies in the ${2}x$3 destination at $win_x,$win_y"
    total=$("$PNG_PROBE" differ "$tmp/out$1.png" 0 0 640 480 $bg)
    inside=$("$PNG_PROBE" differ "$tmp/out$1.png" $win_x $win_y "$2" "$3" $bg)
    [ "$total" -eq "$inside" ] || fail "$((total - inside)) changed pixels outside the ${2}x$3 window"
    [ "$total" -ge $(($2 * $3 * 9 / 10)) ] || fail "only $total pixels drawn of ${2}x$3"

    echo "check: $1: the cropped content is the blue box (no red of the rest of the buffer)"
    inner_w=$(($2 - 8)) inner_h=$(($3 - 8))
    blue=$("$PNG_PROBE" count "$tmp/out$1.png" $((win_x + 4)) $((win_y + 4)) $inner_w $inner_h 0000ff)
    [ "$blue" -eq $((inner_w * inner_h)) ] || fail "$blue of $((inner_w * inner_h)) inner pixels are blue"
    red=$("$PNG_PROBE" count "$tmp/out$1.png" $win_x $win_y "$2" "$3" ff0000)
    [ "$red" -eq 0 ] || fail "$red red pixels: the crop was not applied"
}
check_mode -b 220 308
check_mode -s 55 77

echo "PASS: weston-scaler"
