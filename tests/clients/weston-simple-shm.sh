#!/bin/sh
# weston-simple-shm (a real xdg-shell + wl_shm client) under headless shoji,
# checked on the --screenshot PNG. It draws a 250x250 XRGB window with a 20px
# white border around an animation; the animation changes every frame, so we
# check the window's extent and border, not its inner pixels.
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"
: "${PNG_PROBE:?set PNG_PROBE to the png-probe executable}"
command -v weston-simple-shm >/dev/null || { echo "SKIP: weston-simple-shm not installed"; exit 77; }

make_tmp

bg=202020           # shoji's background
win_x=32 win_y=32   # the first toplevel is cascaded one step from the top-left
win=250             # weston-simple-shm's window is 250x250, border 20px

echo "check: weston-simple-shm runs until --timeout stops it (exit 124)"
status=0
"$SHOJI" --size 640x480 --screenshot "$tmp/out.png" --timeout 2 -- weston-simple-shm \
    >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -eq 124 ] || fail "shoji exited $status, expected 124 (timeout)"
[ -f "$tmp/out.png" ] || fail "no screenshot written"

echo "check: screenshot is 640x480"
size=$("$PNG_PROBE" size "$tmp/out.png")
[ "$size" = 640x480 ] || fail "screenshot is $size"

echo "check: the window is on screen"
total=$("$PNG_PROBE" differ "$tmp/out.png" 0 0 640 480 $bg)
[ "$total" -gt 20000 ] || fail "only $total pixels differ from the background"

echo "check: nothing but the window was drawn (all $total pixels within ${win}x${win} at $win_x,$win_y)"
inside=$("$PNG_PROBE" differ "$tmp/out.png" $win_x $win_y $win $win $bg)
[ "$inside" -eq "$total" ] || fail "$((total - inside)) changed pixels outside the window box"

echo "check: the window's white 20px border is complete"
for box in "$win_x $win_y $win 20" "$win_x $((win_y + win - 20)) $win 20" \
           "$win_x $win_y 20 $win" "$((win_x + win - 20)) $win_y 20 $win"; do
    # shellcheck disable=SC2086 # $box is four numbers
    white=$("$PNG_PROBE" count "$tmp/out.png" $box ffffff)
    [ "$white" -eq $((win * 20)) ] || fail "border box ($box): $white of $((win * 20)) pixels white"
done

echo "check: the screen far from the window is background"
far=$("$PNG_PROBE" count "$tmp/out.png" 400 300 200 150 $bg)
[ "$far" -eq 30000 ] || fail "box 400,300 200x150: only $far of 30000 pixels are background"

echo "PASS: weston-simple-shm"
