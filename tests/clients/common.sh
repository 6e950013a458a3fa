# Sourced by every shell test in this folder (". "$SRCDIR/clients/common.sh"):
#   make_tmp             $tmp, a scratch directory removed at exit, holding a
#                        private XDG_RUNTIME_DIR (a script with more to clean
#                        up makes its own $tmp and trap instead);
#   fail MESSAGE         prints it, then the non-empty files in $tmp that
#                        $fail_logs names (globs; default "out err": shoji's
#                        last stdout and stderr), and exits 1;
#   expect STATUS ARGS   runs shoji ARGS (stdin /dev/null, output in $tmp/out
#                        and $tmp/err) and fails unless it exits STATUS;
#   is_colour X Y RRGGBB the pixel there in the screenshot $shot has it;
#   wait_pixel X Y RRGGBB [WHY]
#                        up to 50 rounds of "the session is idle (shoji ctl
#                        wait idle), take a screenshot" until it does; then
#                        the screenshot is copied to $failed_shot and it fails.

# Sanitizer builds: LeakSanitizer's table of suppressions used is not
# Shoji's output (the tests count Shoji's lines on stderr).
if [ -n "${LSAN_OPTIONS:-}" ]; then export LSAN_OPTIONS="$LSAN_OPTIONS:print_suppressions=0"; fi

make_tmp() {
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    export XDG_RUNTIME_DIR="$tmp/runtime"
    mkdir -m 700 "$XDG_RUNTIME_DIR"
}

fail_logs=${fail_logs-out err}
fail() {
    echo "FAIL: $*" >&2
    for pattern in $fail_logs; do
        for f in "$tmp"/$pattern; do
            [ -s "$f" ] || continue
            echo "--- ${f#"$tmp"/}:" >&2
            cat "$f" >&2
        done
    done
    exit 1
}

expect() {
    want=$1
    shift
    echo "check: shoji $* -> exit $want"
    status=0
    "$SHOJI" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null || status=$?
    [ "$status" -eq "$want" ] || fail "shoji $* exited $status, expected $want"
}

is_colour() { [ "$("$PNG_PROBE" count "$shot" "$1" "$2" 1 1 "$3")" = 1 ]; }
wait_pixel() {
    i=0
    while [ "$i" -lt 50 ]; do
        "$SHOJI" ctl wait idle --quiet 100 --timeout 20
        "$SHOJI" ctl screenshot "$shot"
        if is_colour "$1" "$2" "$3"; then return 0; fi
        i=$((i + 1))
    done
    cp "$shot" "$failed_shot" 2>/dev/null || true
    fail "($1, $2) never became $3${4:+: $4} (see the logs)"
}
