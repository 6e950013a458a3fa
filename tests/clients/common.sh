# Sourced by the shell tests that run shoji and check its exit status and
# output: they set $tmp (a scratch directory) first. Gives fail MESSAGE
# (prints it with shoji's last stdout/stderr, exits 1) and
# expect STATUS ARGS... (runs shoji ARGS, checks its exit status).

# Sanitizer builds: LeakSanitizer's table of suppressions used is not
# Shoji's output (the tests count Shoji's lines on stderr).
if [ -n "${LSAN_OPTIONS:-}" ]; then export LSAN_OPTIONS="$LSAN_OPTIONS:print_suppressions=0"; fi

fail() {
    echo "FAIL: $*" >&2
    for f in out err; do
        if [ -s "$tmp/$f" ]; then
            echo "--- shoji std$f:" >&2
            cat "$tmp/$f" >&2
        fi
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
