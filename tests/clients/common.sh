# Sourced by every shell test in this folder (". "$SRCDIR/clients/common.sh"):
#   make_tmp             $tmp, a scratch directory removed at exit, holding a
#                        private XDG_RUNTIME_DIR (a script with more to clean
#                        up makes its own $tmp and trap instead);
#   fail MESSAGE         prints it, then the non-empty files in $tmp that
#                        $fail_logs names (globs; default "out err": shoji's
#                        last stdout and stderr), and exits 1;
#   expect STATUS ARGS   runs shoji ARGS (stdin /dev/null, output in $tmp/out
#                        and $tmp/err) and fails unless it exits STATUS.

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
