#!/bin/sh
# docs/examples/shm-client under the real shoji executable, one mode per run:
# each mode checks what docs/learn-shm.md says it shows, on the --screenshot
# PNG (tests/tools/png_probe.cpp) or on the protocol error the client printed
# and its exit status, which shoji passes on.
#   shm-client-modes.sh normal|seal|int32-damage|stride-in-pixels|truncate|
#                       destroy-while-shown|seal-and-grow|write-before-release|uint32-damage
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"
: "${PNG_PROBE:?set PNG_PROBE to the png-probe executable}"
: "${SHM_CLIENT:?set SHM_CLIENT to the shm-client executable}"
mode=${1:?usage: shm-client-modes.sh MODE}

make_tmp

# The window: 128x96 at (32, 32), the first cascade step. Every frame but the
# last is blue, the last orange; the background is #202020.
blue=3366cc orange=cc6633 bg=202020 black=000000
win="32 32 128 96" left="32 32 64 96" right="96 32 64 96" all=12288 half=6144

# run [CLIENT FLAGS...]: the client under shoji; sets $status. A mode whose
# error comes before any window maps sets allow_empty=--allow-empty (without
# it, --screenshot with no window is shoji's exit 125).
allow_empty=
run() {
    status=0
    # shellcheck disable=SC2086 # $allow_empty is one flag or nothing
    "$SHOJI" --size 320x240 --timeout 20 $allow_empty --screenshot "$tmp/out.png" -- "$SHM_CLIENT" "$@" \
        >"$tmp/out" 2>"$tmp/err" || status=$?
    [ -f "$tmp/out.png" ] || fail "no screenshot"
}
# count BOX COLOUR: pixels of that colour in the box.
count() { "$PNG_PROBE" count "$tmp/out.png" $1 "$2"; }
expect_status() { [ "$status" -eq "$1" ] || fail "shoji exited $status, expected $1"; }
expect_count() { # BOX COLOUR N WHAT
    n=$(count "$1" "$2")
    [ "$n" -eq "$3" ] || fail "$4: $n of $3 pixels are #$2"
}
expect_err() { grep -qF -- "$1" "$tmp/err" || fail "stderr lacks '$1'"; }
# Every error mode: the client saw the error and the compositor hung up.
expect_disconnected() {
    expect_status 3
    expect_err "shm-client: the compositor closed the connection"
}

case $mode in
normal | seal | int32-damage)
    # Double buffering driven by release: the last frame is the one on screen.
    if [ "$mode" = normal ]; then run; else run "--$mode"; fi
    expect_status 0
    expect_count "$win" $orange $all "the last frame fills the window"
    ;;
stride-in-pixels)
    # libwayland 1.21 accepts stride 128 for 128 pixels of 4 bytes; Shoji does not.
    allow_empty=--allow-empty
    run --stride-in-pixels
    expect_disconnected
    expect_err "error 1: create_buffer: stride 128 is smaller than width 128 × 4 bytes (XRGB8888)"
    expect_count "$win" $bg $all "no window was ever shown"
    ;;
truncate)
    # The file cut to 0 under the shown buffer: the read at the next frame
    # faults, libwayland's handler maps zeros over the pool, end_access posts
    # invalid_fd on the wl_buffer, ClientReaper disconnects the client, and
    # shoji lives on to exit with the client's status (3).
    run --truncate
    expect_disconnected
    expect_err "code 2 wl_shm.error.invalid_fd"
    expect_err "wl_buffer@"
    expect_count "$win" $black $all "the faulted frame shows the zero pages"
    ;;
destroy-while-shown)
    # The shown wl_buffer destroyed, its memory then painted orange and a
    # repaint asked for: Shoji shows the copy it made at the destroy (blue).
    run --destroy-while-shown
    expect_status 0
    expect_count "$win" $blue $all "the last content stays on screen"
    ;;
seal-and-grow)
    # A F_SEAL_SHRINK pool resized past its file: invalid_fd at the resize,
    # naming both sizes; the first frame had been shown.
    run --seal-and-grow
    expect_disconnected
    expect_err "wl_shm_pool@"
    expect_err "resize to 196608 bytes, past the end of its F_SEAL_SHRINK file (98304 bytes)"
    expect_err "code 2 wl_shm.error.invalid_fd"
    ;;
write-before-release)
    # The last frame is drawn into the buffer Shoji still holds, and damages
    # only the left half: Shoji reads the damaged pixels at frame time, so the
    # screen shows a torn frame, new (orange) left and old (blue) right.
    run --write-before-release
    expect_status 0
    expect_count "$left" $orange $half "the damaged half shows the new frame"
    expect_count "$right" $blue $half "the undamaged half keeps the old frame"
    ;;
uint32-damage)
    # damage_buffer(0, 0, UINT32_MAX, UINT32_MAX) arrives as (0, 0, -1, -1):
    # an empty rectangle. The first frame shows (a new surface size damages
    # everything); the last frame's damage is empty, so it never shows.
    run --uint32-damage
    expect_status 0
    expect_count "$win" $blue $all "the window still shows the first frame"
    ;;
*)
    fail "unknown mode"
    ;;
esac
echo "PASS: shm-client $mode"
