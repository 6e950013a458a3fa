#!/bin/sh
# shellcheck disable=SC2016 # the $... in sh -c scripts are for the child shell
# Typing into a real terminal from a script: foot runs a shell that `read`s
# two lines and writes them to a file; wtype types the first (through
# zwp_virtual_keyboard_v1, with a keymap of its own), then `shoji ctl type`
# the second (through the session's keymap: clients get it back after
# wtype's). Both lines arrive exactly as typed. No sleeps: `wait window`
# for foot's window, then the shell's exit.
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
fail_logs=''
# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"
command -v foot >/dev/null || { echo "SKIP: foot is not installed"; exit 77; }
command -v wtype >/dev/null || { echo "SKIP: wtype is not installed"; exit 77; }

first='hello from the first line'
second='second: ctl type with symbols <>&|;"$`\ and UPPER case'

if [ "${1:-}" = inner ]; then
    T=$CTL_TEST_TMP
    ctl() { "$SHOJI" ctl "$@"; }

    foot --config=/dev/null --app-id=shoji.test.foot --window-size-chars=60x6 \
        sh -c 'read -r a; read -r b; printf "%s\n%s\n" "$a" "$b" >"$0"' "$T/typed" \
        >"$T/foot.out" 2>&1 &
    foot_pid=$!
    echo "check: wait window returns once foot's window is shown"
    ctl wait window --app-id shoji.test.foot --timeout 20 >/dev/null

    echo "check: a line from wtype and one from shoji ctl type arrive in the shell's file"
    wtype "$first" -k Return
    # A newline in the text is the Return key.
    ctl type "$second
"
    wait "$foot_pid" || { cat "$T/foot.out" >&2; fail "foot exited with an error"; }
    printf '%s\n%s\n' "$first" "$second" >"$T/expected"
    cmp -s "$T/typed" "$T/expected" || fail "the shell read: $(cat "$T/typed" 2>/dev/null), expected: $(cat "$T/expected")"
    echo "inner: all checks passed"
    exit 0
fi

make_tmp
export HOME="$tmp" XDG_CONFIG_HOME="$tmp/config" LC_ALL=C.UTF-8
mkdir "$tmp/inner"
export CTL_TEST_TMP="$tmp/inner"
unset DISPLAY

status=0
"$SHOJI" --size 640x480 -- sh "$0" inner 2>"$tmp/err" || status=$?
if [ "$status" -ne 0 ]; then
    cat "$tmp/err" >&2
    fail "shoji exited $status"
fi
echo "PASS: ctl-foot"
