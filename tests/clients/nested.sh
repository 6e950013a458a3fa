#!/bin/sh
# Shoji nested in another display server, with weston-simple-shm inside it.
#
#   nested.sh wayland   shoji --backend wayland inside a headless shoji: the
#                       inner client is in the outer shoji's screenshot.
#   nested.sh x11       shoji --backend x11 inside Xvfb: the inner shoji's own
#                       screenshot shows the client, and (with python3) so
#                       does Xvfb's framebuffer (-fbdir, an XWD file).
#
# weston-simple-shm draws a 250x250 window with a 20px white border, placed
# one cascade step (32,32) from the top-left of the inner output.
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
fail_logs='err xvfb.log'
# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"
: "${PNG_PROBE:?set PNG_PROBE to the png-probe executable}"
mode=${1:?usage: nested.sh wayland|x11}
command -v weston-simple-shm >/dev/null || { echo "SKIP: weston-simple-shm not installed"; exit 77; }

tmp=$(mktemp -d)
xvfb_pid=
cleanup() {
    if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; wait "$xvfb_pid" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
export XDG_RUNTIME_DIR="$tmp/runtime"
mkdir -m 700 "$XDG_RUNTIME_DIR"
unset WAYLAND_DISPLAY WAYLAND_SOCKET DISPLAY

bg=202020   # shoji's background
win=250     # weston-simple-shm's window, border 20px
border=$((win * win - (win - 40) * (win - 40)))

# The client's white border, complete, with its top-left at $2,$3 in PNG $1.
check_border() {
    for box in "$2 $3 $win 20" "$2 $(($3 + win - 20)) $win 20" \
               "$2 $3 20 $win" "$(($2 + win - 20)) $3 20 $win"; do
        # shellcheck disable=SC2086 # $box is four numbers
        white=$("$PNG_PROBE" count "$1" $box ffffff)
        [ "$white" -eq $((win * 20)) ] || fail "$1: border box ($box): $white of $((win * 20)) pixels white"
    done
}

case $mode in
wayland)
    # The inner output (400x300) is a window of the outer shoji at (32,32);
    # the client is at (32,32) in it, so at (64,64) on the outer output.
    echo "check: shoji --backend wayland runs weston-simple-shm inside a headless shoji"
    status=0
    "$SHOJI" --size 640x480 --screenshot "$tmp/outer.png" --timeout 3 -- \
        "$SHOJI" --backend wayland --size 400x300 -- weston-simple-shm >"$tmp/out" 2>"$tmp/err" || status=$?
    [ "$status" -eq 124 ] || fail "the outer shoji exited $status, expected 124 (timeout)"
    [ -f "$tmp/outer.png" ] || fail "no outer screenshot"

    echo "check: the inner client's border is in the outer screenshot at 64,64"
    check_border "$tmp/outer.png" 64 64
    echo "check: nothing outside the inner output's window (32,32 400x300) was drawn"
    total=$("$PNG_PROBE" differ "$tmp/outer.png" 0 0 640 480 $bg)
    inside=$("$PNG_PROBE" differ "$tmp/outer.png" 32 32 400 300 $bg)
    [ "$total" -gt 20000 ] || fail "only $total pixels differ from the background"
    [ "$inside" -eq "$total" ] || fail "$((total - inside)) changed pixels outside the inner output"

    echo "check: --output with --backend wayland is refused (125, naming --output)"
    status=0
    "$SHOJI" --size 640x480 -- "$SHOJI" --backend wayland --output 100x100 -- true >"$tmp/out" 2>"$tmp/err" || status=$?
    # shellcheck disable=SC2015 # fails if either is false
    [ "$status" -eq 125 ] && grep -q -- "--output makes headless outputs" "$tmp/err" ||
        fail "--backend wayland --output: exit $status"
    ;;
x11)
    command -v Xvfb >/dev/null || { echo "SKIP: Xvfb not installed"; exit 77; }
    # Xvfb picks a free display number and writes it to fd 3; -br makes the
    # root window black, -fbdir keeps the screen in an XWD file we can read.
    : >"$tmp/display"
    Xvfb -displayfd 3 -screen 0 640x480x24 -br -nolisten tcp -fbdir "$tmp" 3>"$tmp/display" \
        >"$tmp/xvfb.log" 2>&1 &
    xvfb_pid=$!
    for _ in $(seq 100); do [ -s "$tmp/display" ] && break; sleep 0.05; done
    [ -s "$tmp/display" ] || fail "Xvfb did not start"
    DISPLAY=":$(cat "$tmp/display")"
    export DISPLAY

    # Sanitizer runs: wlroots 0.15's X11 backend frees its record of a buffer
    # still being presented at exit without unlocking the wlr_buffer
    # (backend/x11/output.c, destroy_x11_buffer), so one output buffer leaks
    # whenever shoji --backend x11 exits. Suppress exactly that allocation
    # path, for this run only, on top of the suite's own suppressions.
    lsan=${LSAN_OPTIONS:-}
    if [ -n "${ASAN_OPTIONS:-}$lsan" ]; then
        supp=$(printf '%s\n' "$lsan" | tr ':' '\n' | sed -n 's/^suppressions=//p' | tail -n 1)
        { if [ -n "$supp" ]; then cat "$supp"; fi; echo "leak:wlr_swapchain_acquire"; } >"$tmp/lsan.supp"
        lsan=$(printf '%s\n' "$lsan" | tr ':' '\n' | grep -v '^suppressions=' | grep -v '^$' | tr '\n' ':' || true)
        lsan="${lsan}suppressions=$tmp/lsan.supp"
    fi

    echo "check: shoji --backend x11 runs weston-simple-shm in Xvfb ($DISPLAY)"
    LSAN_OPTIONS=$lsan "$SHOJI" --backend x11 --size 400x300 --screenshot "$tmp/inner.png" --timeout 3 -- weston-simple-shm \
        >"$tmp/out" 2>"$tmp/err" &
    shoji_pid=$!

    if command -v python3 >/dev/null; then
        # The X screen: the inner output is an X window showing the whole
        # client (its border) and 400x300 minus 250x250 of background.
        echo "check: the X screen shows the inner output with the client"
        seen=
        for _ in $(seq 40); do
            sleep 0.1
            counts=$(python3 - "$tmp/Xvfb_screen0" <<'EOF' || true
import struct, sys
data = open(sys.argv[1], 'rb').read()
h = struct.unpack('>25I', data[:100])  # XWD header: 25 big-endian CARD32
header, width, height, order, bpp, bpl, ncolors = h[0], h[4], h[5], h[7], h[11], h[12], h[19]
if bpp != 32 or order != 0: sys.exit("unexpected XWD layout %r" % (h,))
pixels = memoryview(data[header + ncolors * 12:][:height * bpl]).cast('I')
white = grey = 0
for p in pixels:
    p &= 0xffffff
    if p == 0xffffff: white += 1
    elif p == 0x202020: grey += 1
print(white, grey)
EOF
)
            if [ "$counts" = "$border $((400 * 300 - win * win))" ]; then seen=yes; break; fi
        done
        [ -n "$seen" ] || fail "the X screen never showed the client (white, background pixels: ${counts:-none};" \
            "expected $border $((400 * 300 - win * win)))"
    else
        echo "note: python3 not found; the X screen itself is not checked"
    fi

    status=0
    wait "$shoji_pid" || status=$?
    [ "$status" -eq 124 ] || fail "shoji --backend x11 exited $status, expected 124 (timeout)"
    [ -f "$tmp/inner.png" ] || fail "no screenshot written"
    echo "check: shoji's own screenshot shows the client at 32,32"
    size=$("$PNG_PROBE" size "$tmp/inner.png")
    [ "$size" = 400x300 ] || fail "screenshot is $size"
    check_border "$tmp/inner.png" 32 32
    ;;
*)
    echo "usage: nested.sh wayland|x11" >&2
    exit 2
    ;;
esac

echo "PASS: nested $mode"
