#!/bin/sh
# An application's input method handling, with a real application: foot
# (built +ime) runs a shell that `read`s a line into a file; our own input
# method (ime-client, zwp_input_method_v2) waits until foot's text input
# enables it, sends a preedit and then the composed text, which foot must
# write to the shell; `shoji ctl type` ends the line. The file holds exactly
# the composed text (not the preedit). No sleeps: `wait window`, then the
# events of the input method, then the shell's exit.
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
: "${IME_CLIENT:?set IME_CLIENT to the ime-client executable}"
command -v foot >/dev/null || { echo "SKIP: foot is not installed"; exit 77; }
foot --version 2>/dev/null | grep -q '+ime' || { echo "SKIP: this foot is built without IME support"; exit 77; }

. "$SRCDIR/clients/common.sh"
fail_logs="err foot.out"

composed='héllo 你好 ime'

if [ "${1:-}" = inner ]; then
    T=$IME_TEST_TMP
    tmp=$T # for fail: foot's output
    foot --config=/dev/null --app-id=shoji.test.ime --window-size-chars=60x6 \
        sh -c 'read -r a; printf "%s\n" "$a" >"$0"' "$T/typed" >"$T/foot.out" 2>&1 &
    foot_pid=$!
    "$SHOJI" ctl wait window --app-id shoji.test.ime --timeout 20 >/dev/null

    echo "check: the input method is activated by foot's text field and commits"
    "$IME_CLIENT" "nihao" "$composed" || fail "ime-client failed"
    "$SHOJI" ctl type "
"
    wait "$foot_pid" || fail "foot exited with an error"
    echo "check: the shell read the composed text"
    printf '%s\n' "$composed" >"$T/expected"
    cmp -s "$T/typed" "$T/expected" || fail "the shell read: $(cat "$T/typed" 2>/dev/null), expected: $composed"
    echo "inner: all checks passed"
    exit 0
fi

make_tmp
export HOME="$tmp" XDG_CONFIG_HOME="$tmp/config" LC_ALL=C.UTF-8
mkdir "$tmp/inner"
export IME_TEST_TMP="$tmp/inner"
unset DISPLAY

status=0
"$SHOJI" --size 640x480 -- sh "$0" inner 2>"$tmp/err" || status=$?
[ "$status" -eq 0 ] || fail "shoji exited $status"
echo "PASS: ime-foot"
