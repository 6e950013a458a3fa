#!/bin/sh
# shellcheck disable=SC2016 # jq programs are single-quoted
# A GTK4 window on an output whose scale changes at run time (`shoji ctl
# output set`): at scale 2 GTK draws its window again at twice the pixels
# (its text and corners are finer than a scale-1 picture scaled up: 2x2
# blocks that are not uniform), and back at scale 1 it draws again exactly
# what it showed at first. Pixels checked on screenshots; no sleeps (each
# round waits for the session to be idle).
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
fail_logs=''
# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"
: "${PNG_PROBE:?set PNG_PROBE to the png-probe executable}"
command -v jq >/dev/null || { echo "SKIP: jq is not installed (scripts/install-deps)"; exit 77; }
command -v gtk4-demo >/dev/null || { echo "SKIP: gtk4-demo is not installed (libgtk-4-bin)"; exit 77; }

if [ "${1:-}" = inner ]; then
    T=$GTK_SCALE_TMP
    ctl() { "$SHOJI" ctl "$@"; }
    # GTK's own renderer choice needs GL; cairo draws into wl_shm buffers.
    GSK_RENDERER=cairo GTK_A11Y=none gtk4-demo >"$T/gtk.log" 2>&1 &
    gtk_pid=$!
    ctl wait window --timeout 30 >/dev/null
    ctl wait idle --quiet 300 --timeout 30
    ctl windows --json >"$T/windows.json"
    x=$(jq '.[0].x' "$T/windows.json")
    y=$(jq '.[0].y' "$T/windows.json")
    w=$(jq '.[0].width' "$T/windows.json")
    h=$(jq '.[0].height' "$T/windows.json")
    [ "$w" -gt 100 ] && [ "$h" -gt 100 ] || fail "gtk4-demo's window is ${w}x$h"
    # The window's box, inside the output (it may be larger than it).
    bw=$((w < 800 - x ? w : 800 - x))
    bh=$((h < 600 - y ? h : 600 - y))
    ctl screenshot "$T/scale1.png"
    n=$("$PNG_PROBE" differ "$T/scale1.png" "$x" "$y" "$bw" "$bh" 202020)
    [ "$n" -gt 10000 ] || fail "only $n pixels of the window differ from the background"

    echo "check: at scale 2, GTK draws its window again at twice the pixels"
    ctl output set A --size 1600x1200 --scale 2
    i=0
    while :; do
        ctl wait idle --quiet 300 --timeout 30
        ctl screenshot "$T/scale2.png"
        [ "$("$PNG_PROBE" size "$T/scale2.png")" = 1600x1200 ] || fail "scale-2 screenshot is $("$PNG_PROBE" size "$T/scale2.png")"
        fine=$("$PNG_PROBE" fine "$T/scale2.png" $((2 * x)) $((2 * y)) $((2 * bw)) $((2 * bh)))
        [ "$fine" -gt 500 ] && break
        i=$((i + 1))
        [ "$i" -lt 20 ] || fail "GTK never drew at scale 2: only $fine 2x2 blocks are finer than scale 1"
    done

    echo "check: back at scale 1, GTK draws what it showed at first"
    ctl output set A --size 800x600 --scale 1
    i=0
    while :; do
        ctl wait idle --quiet 300 --timeout 30
        ctl screenshot "$T/again.png"
        changed=$("$PNG_PROBE" changed "$T/scale1.png" "$T/again.png" "$x" "$y" "$bw" "$bh")
        [ "$changed" -eq 0 ] && break
        i=$((i + 1))
        [ "$i" -lt 20 ] || fail "back at scale 1, $changed pixels of the window differ from the first frame"
    done
    kill "$gtk_pid" 2>/dev/null || true
    wait "$gtk_pid" 2>/dev/null || true
    echo "inner: all checks passed"
    exit 0
fi

make_tmp
mkdir "$tmp/inner"
export GTK_SCALE_TMP="$tmp/inner"
status=0
"$SHOJI" --output 800x600,name=A -- sh "$0" inner 2>"$tmp/err" || status=$?
[ "$status" -eq 0 ] || { cat "$tmp/inner/gtk.log" >&2 2>/dev/null || true; fail "the session's checks failed (exit $status)"; }
echo "PASS: gtk-scale"
