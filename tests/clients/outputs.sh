#!/bin/sh
# shellcheck disable=SC2016,SC2015 # jq programs are single-quoted; `a && b || fail` fails if either is false
# Several outputs as test fixtures, with real clients:
#   --output specs make named outputs where they say; `shoji ctl output list`
#   and wlr-randr (zwlr_output_manager_v1) list them; wlr-randr changes one
#   (position, mode, scale), as `ctl output list` then shows; the screenshot
#   covers the whole layout (gaps in the background colour) or one output
#   (--output); a weston-simple-shm window on an output that is removed moves
#   to the one left and is seen there (its white border, pixel-checked);
#   outputs added at run time; the last output cannot be removed.
# No sleeps: each step waits on `shoji ctl wait` or on a command's answer.
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
fail_logs=''
# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"
: "${PNG_PROBE:?set PNG_PROBE to the png-probe executable}"
command -v jq >/dev/null || { echo "SKIP: jq is not installed (scripts/install-deps)"; exit 77; }
command -v wlr-randr >/dev/null || { echo "SKIP: wlr-randr is not installed (scripts/install-deps)"; exit 77; }
command -v weston-simple-shm >/dev/null || { echo "SKIP: weston-simple-shm is not installed"; exit 77; }

bg=202020 # shoji's background

if [ "${1:-}" = inner ]; then
    T=$OUTPUTS_TEST_TMP
    ctl() { "$SHOJI" ctl "$@"; }
    field() { # NAME JQ-FIELD: a field of output NAME in `ctl output list --json`
        ctl output list --json | jq -r --arg n "$1" ".[] | select(.name == \$n) | .$2"
    }

    echo "check: --output specs made A at 0,0 and B at 400,0, listed by ctl output list"
    ctl output list --json >"$T/list.json"
    jq -e 'length == 2 and .[0].name == "A" and .[0].x == 0 and .[0].width == 320 and .[0].height == 240
        and .[1].name == "B" and .[1].x == 400 and .[1].y == 0 and .[1].pixel_width == 320 and .[1].scale == 1
        and .[1].refresh == 30' "$T/list.json" >/dev/null || fail "unexpected output list: $(cat "$T/list.json")"
    ctl output list | grep -q "^B  *320x240+400+0  *320x240  *1  *30$" || fail "output table: $(ctl output list)"

    echo "check: wlr-randr lists both outputs with their mode and position"
    wlr-randr >"$T/randr" 2>"$T/randr.err" || fail "wlr-randr failed: $(cat "$T/randr.err")"
    grep -q '^A' "$T/randr" && grep -q '^B' "$T/randr" || fail "wlr-randr: $(cat "$T/randr")"
    grep -q '320x240 px, 30.000000 Hz (current)' "$T/randr" || fail "wlr-randr shows no current mode: $(cat "$T/randr")"
    grep -q 'Position: 400,0' "$T/randr" || fail "wlr-randr shows no position 400,0: $(cat "$T/randr")"

    echo "check: wlr-randr moves B, gives it a 640x480 mode and scale 2; ctl output list agrees"
    wlr-randr --output B --pos 320,0 --custom-mode 640x480 --scale 2 2>"$T/randr.err" ||
        fail "wlr-randr --output B failed: $(cat "$T/randr.err")"
    [ "$(field B x),$(field B pixel_width)x$(field B pixel_height),$(field B scale),$(field B width)" = "320,640x480,2,320" ] ||
        fail "after wlr-randr: $(ctl output list)"
    wlr-randr | grep -q 'Scale: 2.000000' || fail "wlr-randr does not show scale 2: $(wlr-randr)"
    wlr-randr --output B --scale 1 2>"$T/randr.err" || fail "wlr-randr --scale 1 failed: $(cat "$T/randr.err")"
    [ "$(field B scale),$(field B width)" = "1,640" ] || fail "after wlr-randr --scale 1: $(ctl output list)"

    echo "check: wlr-randr --scale 1.25 makes B 512x384 logical (640x480 pixels / 1.25); ctl output set --scale 1"
    wlr-randr --output B --scale 1.25 2>"$T/randr.err" || fail "wlr-randr --scale 1.25 failed: $(cat "$T/randr.err")"
    [ "$(field B scale),$(field B width)x$(field B height)" = "1.25,512x384" ] ||
        fail "after wlr-randr --scale 1.25: $(ctl output list)"
    wlr-randr | grep -q 'Scale: 1.250000' || fail "wlr-randr does not show scale 1.25: $(wlr-randr)"
    ctl output list | grep -q "^B  *512x384+320+0  *640x480  *1.25  *30$" || fail "output table: $(ctl output list)"
    ctl output set B --scale 1
    [ "$(field B scale),$(field B width)" = "1,640" ] || fail "after ctl output set --scale 1: $(ctl output list)"

    echo "check: weston-simple-shm maps on A, the first output"
    weston-simple-shm >"$T/shm.log" 2>&1 &
    shm_pid=$!
    ctl wait window --timeout 20 >/dev/null
    [ "$(ctl windows --json | jq -r '.[0].output')" = A ] || fail "the window is not on A: $(ctl windows)"

    echo "check: the screenshot covers the layout (960x480); right of A, under it, is background"
    # (weston-simple-shm animates: never idle. A screenshot draws what is
    # committed, shown or not, and its border does not change.)
    shot=$T/layout.png
    ctl screenshot "$shot"
    [ "$("$PNG_PROBE" size "$shot")" = 960x480 ] || fail "layout screenshot is $("$PNG_PROBE" size "$shot")"
    [ "$("$PNG_PROBE" count "$shot" 0 240 320 240 $bg)" -eq 76800 ] || fail "the gap under A is not background"
    ctl screenshot --output B "$T/b.png"
    [ "$("$PNG_PROBE" size "$T/b.png")" = 640x480 ] || fail "B's screenshot is $("$PNG_PROBE" size "$T/b.png")"

    echo "check: A removed: the window moves to B and its white border shows there"
    ctl output remove A
    [ "$(ctl output list --json | jq -r 'map(.name) | join(",")')" = B ] || fail "outputs: $(ctl output list)"
    ctl windows --json >"$T/windows.json"
    [ "$(jq -r '.[0].output' "$T/windows.json")" = B ] || fail "the window is not on B: $(cat "$T/windows.json")"
    x=$(($(jq '.[0].x' "$T/windows.json") - 320))
    y=$(jq '.[0].y' "$T/windows.json")
    shot=$T/after.png
    ctl screenshot "$shot"
    # weston-simple-shm's 250x250 window has a 20 px white border.
    [ "$("$PNG_PROBE" size "$shot")" = 640x480 ] || fail "screenshot after the removal is $("$PNG_PROBE" size "$shot")"
    white=$("$PNG_PROBE" count "$shot" "$x" "$y" 250 20 ffffff)
    [ "$white" -eq 5000 ] || fail "$white of 5000 pixels of the window's top border are white"

    echo "check: ctl output add plugs in C right of B; the last output cannot be removed"
    [ "$(ctl output add 100x100,name=C)" = C ] || fail "output add did not print C"
    [ "$(field C x)" = 960 ] || fail "C is at $(field C x)"
    ctl output remove C
    status=0
    ctl output remove B 2>"$T/err" || status=$?
    [ "$status" -eq 1 ] && grep -q "cannot remove B: it is the last output" "$T/err" ||
        fail "removing the last output: exit $status, $(cat "$T/err")"
    status=0
    ctl output set B --scale 8.5 2>"$T/err" || status=$?
    [ "$status" -eq 2 ] && grep -q "scale '8.5'" "$T/err" || fail "output set --scale 8.5: exit $status, $(cat "$T/err")"
    status=0
    ctl output set B --scale 1.5 2>"$T/err" || status=$?
    [ "$status" -eq 1 ] && grep -q "size 640x480 at scale 1.5 is 426.67x320.00 logical pixels" "$T/err" ||
        fail "output set --scale 1.5 on 640x480: exit $status, $(cat "$T/err")"

    kill "$shm_pid" 2>/dev/null || true
    wait "$shm_pid" 2>/dev/null || true
    echo "inner: all checks passed"
    exit 0
fi

make_tmp
mkdir "$tmp/inner"
export OUTPUTS_TEST_TMP="$tmp/inner"
status=0
"$SHOJI" --output 320x240@30,name=A --output 320x240@30,name=B,at=400:0 -- sh "$0" inner 2>"$tmp/err" || status=$?
[ "$status" -eq 0 ] || fail "the session's checks failed (exit $status)"

echo "check: --screenshot-output writes one output; an unknown one fails with 125"
expect 0 --output 64x48,name=L --output 32x32,name=R --screenshot "$tmp/r.png" --screenshot-output R --allow-empty \
    -- true
[ "$("$PNG_PROBE" size "$tmp/r.png")" = 32x32 ] || fail "R's screenshot is $("$PNG_PROBE" size "$tmp/r.png")"
expect 0 --output 64x48,name=L --output 32x32,name=R,at=100:0 --screenshot "$tmp/all.png" --allow-empty -- true
[ "$("$PNG_PROBE" size "$tmp/all.png")" = 132x48 ] || fail "the layout screenshot is $("$PNG_PROBE" size "$tmp/all.png")"
expect 125 --output 64x48,name=L --screenshot "$tmp/x.png" --screenshot-output NOPE --allow-empty -- true
grep -q "there is no output 'NOPE' (outputs: L)" "$tmp/err" || fail "unexpected error: $(cat "$tmp/err")"

echo "PASS: outputs"
