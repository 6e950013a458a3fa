#!/bin/sh
# shellcheck disable=SC2016,SC2015 # jq programs are single-quoted; `a && b || fail` fails if either is false
# Chromium on an output of scale 1.25 (1000x800 pixels, 800x640 logical):
# it binds wp_fractional_scale_manager_v1, is told preferred_scale 150, and
# draws at 1.25 with a viewport, which Shoji copies 1:1. Pixels checked: a
# 200x200 CSS-pixel block at CSS (40, 40) (kiosk mode: fullscreen, no browser
# UI; away from the cursor at the output's corner) covers exactly 250x250
# output pixels from (50, 50), of its exact colour, with the page's white
# right next to it on every side. Drawn at scale 2 or 1 and resampled, its
# edges would be blended (fewer exact pixels). No sleeps: each round waits
# for the session to be idle.
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
fail_logs=''
# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"
: "${PNG_PROBE:?set PNG_PROBE to the png-probe executable}"
command -v chromium >/dev/null || { echo "SKIP: chromium is not installed"; exit 77; }

if [ "${1:-}" = inner ]; then
    T=$FRACTIONAL_TMP
    ctl() { "$SHOJI" ctl "$@"; }
    WAYLAND_DEBUG=client chromium --ozone-platform=wayland --no-sandbox --no-first-run --disable-gpu \
        --user-data-dir="$T/profile" --kiosk "file://$T/page.html" >"$T/chromium.log" 2>&1 &
    pid=$!
    ctl wait window --timeout 45 >/dev/null
    i=0
    while :; do
        ctl wait idle --quiet 300 --timeout 45
        ctl screenshot "$T/shot.png"
        n=$("$PNG_PROBE" count "$T/shot.png" 50 50 250 250 3366cc)
        [ "$n" -eq 62500 ] && break
        i=$((i + 1))
        [ "$i" -lt 30 ] || fail "only $n of the 250x250 block's pixels are 3366cc"
    done
    echo "check: the block is exactly 250x250 output pixels, the page's white around it"
    [ "$("$PNG_PROBE" size "$T/shot.png")" = 1000x800 ] || fail "screenshot is $("$PNG_PROBE" size "$T/shot.png")"
    for edge in "49 50 1 250" "300 50 1 250" "50 49 250 1" "50 300 250 1"; do
        # shellcheck disable=SC2086 # X Y W H
        [ "$("$PNG_PROBE" count "$T/shot.png" $edge ffffff)" -eq 250 ] || fail "the pixels at $edge are not all white"
    done
    echo "check: chromium was told preferred_scale 150 and set a viewport"
    grep -q 'wp_fractional_scale_v1[#@][0-9]*\.preferred_scale(150)' "$T/chromium.log" ||
        fail "no preferred_scale(150) in chromium's log"
    grep -q 'wp_viewport[#@][0-9]*\.set_destination(800, 640)' "$T/chromium.log" ||
        fail "chromium set no viewport destination of the logical size"
    # Its window's buffers are the output's pixel size (1.25 x 800x640), not
    # 2 x (wl_output.scale) nor 1 x.
    grep -q 'create_buffer(new id wl_buffer[#@][0-9]*, [0-9]*, 1000, 800,' "$T/chromium.log" ||
        fail "chromium made no 1000x800 buffer"
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    echo "inner: all checks passed"
    exit 0
fi

make_tmp
mkdir "$tmp/inner"
export FRACTIONAL_TMP="$tmp/inner"
cat >"$tmp/inner/page.html" <<'EOF'
<!DOCTYPE html>
<html><body style="margin:0;background:#ffffff">
<div style="position:absolute;left:40px;top:40px;width:200px;height:200px;background:#3366cc"></div>
</body></html>
EOF
status=0
"$SHOJI" --output 1000x800,scale=1.25,name=A -- sh "$0" inner 2>"$tmp/err" || status=$?
if [ "$status" -ne 0 ]; then
    tail -n 40 "$tmp/inner/chromium.log" >&2 2>/dev/null || true
    cat "$tmp/err" >&2
    fail "the session's checks failed (exit $status)"
fi
echo "PASS: fractional-chromium"
