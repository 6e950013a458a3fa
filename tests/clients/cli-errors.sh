#!/bin/sh
# Bad command lines: exit 2 with exactly one line on stderr that names the
# offending option or value (and nothing is started). --help and --version
# exit 0 on stdout.
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"
make_tmp

run() {
    status=0
    "$SHOJI" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null || status=$?
}

# bad "NEEDLES" ARGS...: shoji ARGS must exit 2 with one line on stderr that
# contains each space-separated word of NEEDLES (the option and/or value).
bad() {
    needles=$1
    shift
    echo "check: shoji $* -> exit 2, one line naming: $needles"
    run "$@"
    [ "$status" -eq 2 ] || fail "shoji $* exited $status, expected 2"
    lines=$(wc -l <"$tmp/err")
    [ "$lines" -eq 1 ] || fail "shoji $*: $lines lines on stderr, expected 1"
    for needle in $needles; do
        grep -qF -- "$needle" "$tmp/err" || fail "shoji $*: stderr does not name '$needle'"
    done
}

bad "--bogus" --bogus
bad "--size 10" --size 10
bad "--size 0x10" --size 0x10
bad "--scale 0" --scale 0
bad "--scale 9" --scale 9
bad "--refresh 0" --refresh 0
bad "--backend nope" --backend nope
bad "--timeout -1" --timeout -1
bad "--timeout abc" --timeout abc
bad "--size" --size
bad "--" --
# The size must divide by the scale, or the logical size is not whole.
bad "--size 101x100 --scale" --size 101x100 --scale 2
# --output specs: the bad part named; the shorthand and --output do not mix.
bad "--output 100 size" --output 100
bad "--output 100x100,scale=9 9" --output 100x100,scale=9
bad "--output 100x100,scale=1.5 66.67x66.67" --output 100x100,scale=1.5
bad "--scale 0.5" --scale 0.5
bad "--output 100x100@0 refresh" --output 100x100@0
bad "--output 100x100,at=5 position" --output 100x100,at=5
bad "--output 100x100,name=a/b name" --output 100x100,name=a/b
bad "--output 100x100,colour=red colour=red" --output 100x100,colour=red
bad "--output 101x100,scale=2 multiple" --output 101x100,scale=2
bad "--size --output" --size 100x100 --output 100x100
bad "named 'A'" --output 10x10,name=A --output 10x10,name=A
bad "17 outputs: at most 16" $(for i in $(seq 17); do printf -- '--output 8x8 '; done)
bad "--screenshot-output" --screenshot-output ''

echo "check: shoji --help -> exit 0, Usage on stdout"
run --help
[ "$status" -eq 0 ] || fail "--help exited $status"
grep -q '^Usage' "$tmp/out" || fail "--help printed no Usage line on stdout"

echo "check: shoji --version -> exit 0, 'shoji 0.1.0' and the wlroots, libwayland and pixman it was built with"
run --version
[ "$status" -eq 0 ] || fail "--version exited $status"
[ "$(head -n 1 "$tmp/out")" = "shoji 0.1.0" ] || fail "--version printed '$(cat "$tmp/out")'"
grep -Eq '^built with wlroots 0\.15\.[0-9]+, libwayland 1\.[0-9]+\.[0-9]+, pixman 0\.[0-9]+\.[0-9]+$' "$tmp/out" ||
    fail "--version does not name the library versions: '$(cat "$tmp/out")'"

echo "PASS: cli-errors"
