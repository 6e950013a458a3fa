#!/bin/sh
# The man pages say what --help says: every option of `shoji --help`,
# `shoji ctl --help` and `shoji compare --help` is in the page of that
# command (as *--option*), every ctl command is in shoji-ctl(1), every exit
# status of --help is in shoji(1); every option of shoji --help is in the
# README's table; and the built page renders with man.
#   man-pages.sh SOURCE_ROOT [BUILT_SHOJI_1]
set -eu
root=${1:?usage: man-pages.sh SOURCE_ROOT [BUILT_SHOJI_1]}
: "${SHOJI:?set SHOJI to the shoji executable}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() { echo "FAIL: $*" >&2; failed=1; }

options() { # the options a help text names: --word and -x
    grep -oE '(^|[][ ,(|])--?[a-z][a-z-]*' "$1" | sed -E 's/^[][ ,(|]//' | grep -vx -- '--' | sort -u
}

check_options() { # PAGE HELP_ARGS...
    page=$root/docs/man/$1
    shift
    "$SHOJI" "$@" >"$tmp/help"
    n=0
    for opt in $(options "$tmp/help"); do
        n=$((n + 1))
        grep -qF -- "*$opt*" "$page" || fail "$opt (shoji $*) is not in $(basename "$page")"
    done
    echo "check: the $n options of shoji $* are in $(basename "$page")"
    [ "$n" -gt 0 ] || fail "no options found in shoji $*"
}
check_options shoji.1.scd --help
check_options shoji-ctl.1.scd ctl --help
check_options shoji-compare.1.scd compare --help

echo "check: every command of shoji ctl --help is in shoji-ctl.1"
"$SHOJI" ctl --help | sed -n '/^Commands:/,/^$/p' | grep -E '^  [a-z]' | awk '{print $1 ($1 == "wait" || $1 == "touch" || $1 == "output" ? " " $2 : "")}' >"$tmp/commands"
[ -s "$tmp/commands" ] || fail "no commands found in shoji ctl --help"
while read -r cmd; do
    grep -qF -- "*$cmd*" "$root/docs/man/shoji-ctl.1.scd" || fail "ctl command '$cmd' is not in shoji-ctl.1"
done <"$tmp/commands"

echo "check: every exit status of shoji --help is in shoji.1"
"$SHOJI" --help | sed -n '/^Exit status:/,/^When/p' | grep -oE '^  [0-9]+ ' | tr -d ' ' >"$tmp/statuses"
[ "$(wc -l <"$tmp/statuses")" -ge 6 ] || fail "too few exit statuses found in --help"
while read -r s; do
    grep -qF -- "*$s*" "$root/docs/man/shoji.1.scd" || fail "exit status $s is not in shoji.1"
done <"$tmp/statuses"
grep -qF -- '*128+*' "$root/docs/man/shoji.1.scd" || fail "exit status 128+N is not in shoji.1"

echo "check: every option of shoji --help is in the README's option table"
"$SHOJI" --help >"$tmp/help"
for opt in $(options "$tmp/help"); do
    case $opt in --tolerance | --max-pixels | --diff) continue ;; esac # shoji compare's, in its paragraph
    grep -qE -- "^\\| .*\`$opt( |\`|\\\\)" "$root/README.md" || fail "$opt is not in the README's option table"
done

if [ -n "${2:-}" ]; then
    echo "check: the built shoji.1 renders with man"
    if command -v man >/dev/null; then
        MANWIDTH=80 man -l "$2" >"$tmp/rendered" 2>"$tmp/man.err" || fail "man -l $2 failed: $(cat "$tmp/man.err")"
        grep -q -- '--until' "$tmp/rendered" || fail "the rendered shoji.1 has no --until"
    fi
fi
[ "$failed" -eq 0 ] || exit 1
echo "PASS: man-pages"
