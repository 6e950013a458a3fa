#!/bin/sh
# shellcheck disable=SC2015 # `a && b || fail` fails if either is false
# weston-simple-touch (a real client nobody here wrote, which paints a
# 13-pixel diamond in colour ID where touch point ID comes down or moves)
# driven by `shoji ctl touch`: the diamonds are where the points touched, in
# the colour of their ids, and nowhere else. No sleeps: each step waits on a
# `shoji ctl wait`.
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
: "${PNG_PROBE:?set PNG_PROBE to the png-probe executable}"
command -v weston-simple-touch >/dev/null || { echo "SKIP: weston-simple-touch not installed"; exit 77; }
command -v jq >/dev/null || { echo "SKIP: jq is not installed (scripts/install-deps)"; exit 77; }

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# --- inside the session: the command shoji runs -------------------------------------
if [ "${1:-}" = inner ]; then
    T=$CTL_TEST_TMP
    ctl() { "$SHOJI" ctl "$@"; }
    weston-simple-touch >"$T/client.log" 2>&1 &
    client=$!
    id=$(ctl wait window --timeout 20)
    ctl windows --json >"$T/windows.json"
    x=$(jq --argjson id "$id" '.[] | select(.id == $id) | .x' "$T/windows.json")
    y=$(jq --argjson id "$id" '.[] | select(.id == $id) | .y' "$T/windows.json")

    echo "check: touch down, move and up reach the window in its coordinates"
    ctl touch down 0 40 50 --window "$id"     # red (weston-simple-touch's colour 0)
    ctl touch move 0 90 50 --window "$id"
    ctl touch down 2 $((x + 60)) $((y + 100)) # blue (colour 2), layout coordinates
    ctl touch up 0
    ctl touch up 2
    ctl wait idle --timeout 20
    ctl screenshot "$T/out.png"
    kill "$client" 2>/dev/null || true
    wait "$client" 2>/dev/null || true

    red=ff0000 blue=0000ff
    for spot in "40 50 $red" "90 50 $red" "60 100 $blue"; do
        set -- $spot
        n=$("$PNG_PROBE" count "$T/out.png" $((x + $1 - 2)) $((y + $2 - 2)) 5 5 "$3")
        [ "$n" -eq 13 ] || fail "the diamond at window ($1, $2): $n of 13 pixels are $3"
    done
    # Nothing else: a 200x200 box around them holds exactly those diamonds.
    n=$("$PNG_PROBE" count "$T/out.png" "$x" "$y" 200 200 $red)
    [ "$n" -eq 26 ] || fail "$n red pixels in the window's top-left 200x200, expected 26"
    n=$("$PNG_PROBE" count "$T/out.png" "$x" "$y" 200 200 $blue)
    [ "$n" -eq 13 ] || fail "$n blue pixels in the window's top-left 200x200, expected 13"

    echo "check: the ids' rules: a down of a point that is down, an up of one that is not"
    status=0
    ctl touch up 0 2>"$T/err" || status=$?
    [ "$status" -eq 1 ] && grep -q "touch point 0 is not down" "$T/err" || fail "up of a point not down: exit $status, $(cat "$T/err")"
    echo "inner: all checks passed"
    exit 0
fi

# --- outside ----------------------------------------------------------------------------
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_RUNTIME_DIR="$tmp/runtime"
mkdir -m 700 "$XDG_RUNTIME_DIR"
mkdir "$tmp/inner"
export CTL_TEST_TMP="$tmp/inner"

status=0
"$SHOJI" --size 640x480 -- sh "$0" inner 2>"$tmp/err" || status=$?
if [ "$status" -ne 0 ]; then
    cat "$tmp/err" >&2
    [ -s "$tmp/inner/client.log" ] && { echo "--- weston-simple-touch:" >&2; cat "$tmp/inner/client.log" >&2; }
    fail "the session's checks failed (shoji exited $status)"
fi
echo "PASS: ctl-touch"
