#!/bin/sh
# shoji --damage-frames DIR: one PNG per output frame whose colours count
# what the trace says of that frame (docs/testing-clients.md, "Damage
# frames"): weston-simple-damage's bouncing ball at 400x300, where each
# repaint is exactly the frame's damage (the headless output draws into the
# buffer it showed last: buffer age 1, nothing added; the in-process
# DamageFramesTest pictures an age area, after direct scanout); and a DIR
# that cannot be made or written is Shoji's failure (125, one line on stderr).
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
: "${SRCDIR:?set SRCDIR to the tests source directory}"
: "${PNG_PROBE:?set PNG_PROBE to the png-probe executable}"
# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"
make_tmp

echo "== a DIR that cannot be made or written"
expect 125 --damage-frames "$tmp/no/such/dir" -- true
grep -q "cannot create the --damage-frames directory $tmp/no/such/dir" "$tmp/err" || fail "no word about the directory"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "more than one line on stderr"
: >"$tmp/file"
expect 125 --damage-frames "$tmp/file" -- true
grep -q "not a directory" "$tmp/err" || fail "no word about the file"

command -v weston-simple-damage >/dev/null || { echo "skip: weston-simple-damage is not installed"; exit 77; }

echo "== weston-simple-damage: each picture counts its frame"
expect 124 --size 400x300 --timeout 1 --trace="$tmp/t.txt" --damage-frames "$tmp/frames" -- weston-simple-damage
t=$tmp/t.txt
n=$(find "$tmp/frames" -name 'frame-*.png' | wc -l)
[ "$n" -ge 4 ] || fail "only $n pictures"
# count N COLOUR: pixels of frame N's picture in that overlay colour.
count() { "$PNG_PROBE" count "$tmp/frames/$(printf 'frame-%05d.png' "$1")" 0 0 400 300 "$2" 64; }
for i in 1 2 3 4 5 6; do
    [ "$i" -le "$n" ] || break
    head=$(grep -E "\] frame $i on " "$t") || fail "no trace line for frame $i"
    shown=$(grep -E "\] frame $i:   shown: " "$t") || fail "no shown line for frame $i"
    damage=$(echo "$head" | sed -E "s/.* = ([0-9]+) px of this frame's damage.*/\1/")
    age=$(echo "$head" | sed -E "s/.* \+ ([0-9]+) px that buffer age adds.*/\1/")
    src=$(echo "$shown" | sed -E 's/.*shown: ([0-9]+) px SRC.*/\1/')
    over=$(echo "$shown" | sed -E 's/.*, ([0-9]+) px OVER.*/\1/')
    bg=$(echo "$shown" | sed -E 's/.*, ([0-9]+) px background.*/\1/')
    yellow=$(count "$i" ffff00) magenta=$(count "$i" ff00ff) white=$(count "$i" ffffff)
    green=$(count "$i" 00ff00) blue=$(count "$i" 0000ff) cyan=$(count "$i" 00ffff)
    red=$(count "$i" ff0000)
    echo "frame $i: damage $damage age $age src $src over $over background $bg;" \
        "picture: yellow $yellow magenta $magenta white $white green $green blue $blue cyan $cyan red $red"
    [ $((yellow + magenta + white)) -eq "$damage" ] || fail "frame $i: damage colours are not $damage px"
    [ $((green + blue + cyan)) -eq "$age" ] || fail "frame $i: buffer-age colours are not $age px"
    [ $((yellow + green)) -eq "$src" ] || fail "frame $i: SRC colours are not $src px"
    [ $((magenta + blue)) -eq "$over" ] || fail "frame $i: OVER colours are not $over px"
    [ $((white + cyan)) -eq "$bg" ] || fail "frame $i: background colours are not $bg px"
    [ "$red" -eq 0 ] || fail "frame $i: an outline, but no view is occluded"
    [ "$age" -eq 0 ] || fail "frame $i: buffer age added $age px on headless (its buffer should be the last one shown)"
done
echo "PASS"
