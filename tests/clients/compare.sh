#!/bin/sh
# shoji compare EXPECTED.png ACTUAL.png [--tolerance N] [--max-pixels P]
# [--diff DIFF.png] on PNGs with known pixels (made by png-probe make): 0 when
# within the budget, 1 with what differs, 2 for unreadable files and bad
# usage; the diff marks exactly the differing pixels.
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"
: "${PNG_PROBE:?set PNG_PROBE to the png-probe executable}"
make_tmp

# expect STATUS ARGS...: shoji compare ARGS exits with STATUS.
expect() {
    want=$1
    shift
    echo "check: shoji compare $* -> exit $want"
    status=0
    "$SHOJI" compare "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
    [ "$status" -eq "$want" ] || fail "shoji compare $* exited $status, expected $want"
}

# out_has TEXT: stdout contains TEXT. err_line TEXT: stderr is one line with TEXT.
out_has() { grep -qF -- "$1" "$tmp/out" || fail "stdout does not contain '$1'"; }
err_line() {
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "expected one line on stderr"
    grep -qF -- "$1" "$tmp/err" || fail "stderr does not contain '$1'"
}

cd "$tmp"
# 64x48 of 336699, the same with pixel (10,5) off by 3 in green, and a copy.
"$PNG_PROBE" make a.png 64x48 336699 20,30=ffffff
"$PNG_PROBE" make b.png 64x48 336699 20,30=ffffff 10,5=33699c
"$PNG_PROBE" make same.png 64x48 336699 20,30=ffffff
"$PNG_PROBE" make small.png 64x40 336699

expect 0 a.png same.png
out_has "0 pixels differ"
expect 0 a.png a.png --diff d0.png
[ "$("$PNG_PROBE" count d0.png 0 0 64 48 ff0000)" -eq 0 ] || fail "identical images: the diff marks pixels"

expect 1 a.png b.png
out_has "1 pixel differs by more than 0 (largest difference 3), in the box 10,5 1x1"
expect 1 a.png b.png --tolerance 2
out_has "1 pixel differs by more than 2 (largest difference 3), in the box 10,5 1x1"
expect 0 a.png b.png --tolerance 3
expect 0 a.png b.png --tolerance=3
expect 0 a.png b.png --max-pixels 1
out_has "at most 1 allowed"
expect 1 a.png b.png --max-pixels=0

echo "check: the diff image marks exactly pixel (10,5), in red"
expect 1 a.png b.png --diff diff.png
[ "$("$PNG_PROBE" size diff.png)" = 64x48 ] || fail "diff.png is $("$PNG_PROBE" size diff.png)"
[ "$("$PNG_PROBE" count diff.png 10 5 1 1 ff0000)" -eq 1 ] || fail "pixel (10,5) is not red in the diff"
[ "$("$PNG_PROBE" count diff.png 0 0 64 48 ff0000)" -eq 1 ] || fail "the diff marks more than one pixel"
# Everything else is a dimmed copy: the same grey for the same colour, and
# the white pixel brighter than the rest but not white.
grey=$("$PNG_PROBE" count diff.png 0 0 10 5 ffffff)
[ "$grey" -eq 0 ] || fail "the diff is not dimmed"
echo "check: with --tolerance 3 the diff marks nothing"
expect 0 a.png b.png --tolerance 3 --diff diff3.png
[ "$("$PNG_PROBE" count diff3.png 0 0 64 48 ff0000)" -eq 0 ] || fail "--tolerance 3: the diff marks pixels"

echo "check: sizes differ -> 1 with both sizes"
expect 1 a.png small.png
out_has "64x48"
out_has "64x40"

echo "check: a truncated PNG -> 2, one line naming it and saying so"
size=$(wc -c <a.png)
head -c $((size / 2)) a.png >cut.png
expect 2 a.png cut.png
err_line "cut.png"
err_line "truncated"
echo "check: not a PNG, missing file -> 2"
echo hello >text.png
expect 2 text.png a.png
err_line "not a PNG file"
expect 2 a.png missing.png
err_line "missing.png"

echo "check: bad usage -> 2, one line"
expect 2 a.png
err_line "expected EXPECTED.png and ACTUAL.png"
expect 2 a.png b.png c.png
expect 2 a.png b.png --tolerance 256
err_line "--tolerance"
expect 2 a.png b.png --tolerance -1
expect 2 a.png b.png --max-pixels x
err_line "--max-pixels"
expect 2 a.png b.png --bogus
err_line "--bogus"
expect 2 a.png b.png --diff
err_line "--diff"
expect 2 a.png b.png --diff /nonexistent-dir/d.png
err_line "/nonexistent-dir/d.png"
expect 0 --help
out_has "Usage: shoji compare"

echo "PASS: compare"
