#!/bin/sh
# A golden-image UI test of a Wayland client under Shoji, as a CI job runs it
# (github-actions.yml and gitlab-ci.yml call this script; it also runs as is
# on any machine with shoji installed):
#
#     shoji-ui-test.sh GOLDEN.png -- CLIENT [ARGS...]
#
# runs CLIENT headless until it has drawn and stopped (`shoji --until idle`),
# writes that frame to $ARTIFACTS/screenshot.png and compares it with
# GOLDEN.png (`shoji compare`); on a difference it writes
# $ARTIFACTS/diff.png (the screenshot dimmed, differing pixels red).
# $ARTIFACTS/shoji.log has Shoji's log (-v: every protocol error it sent a
# client) with the client's own stderr; $ARTIFACTS/compare.txt what differs.
#
# Exit status: 0 the pictures match; 1 they differ; otherwise the session's
# status (124 the client never settled within $TIMEOUT s, 125 it never showed
# a window (or was not found: shoji.log says which); see shoji(1)). With UPDATE_GOLDEN=1 it writes
# GOLDEN.png from this run instead of comparing (that is how the reference
# is made: run it once, look at the picture, commit it).
#
# Settings: SHOJI (default: shoji), SIZE (800x600), TIMEOUT (60),
# TOLERANCE (0), MAX_PIXELS (0), ARTIFACTS (shoji-artifacts).
set -eu

usage() { echo "usage: $0 GOLDEN.png -- CLIENT [ARGS...]" >&2; exit 2; }
[ $# -ge 3 ] && [ "$2" = "--" ] || usage
golden=$1
shift 2

shoji=${SHOJI:-shoji}
artifacts=${ARTIFACTS:-shoji-artifacts}
mkdir -p "$artifacts"
rm -f "$artifacts/screenshot.png" "$artifacts/diff.png" "$artifacts/compare.txt"

status=0
"$shoji" -v --size "${SIZE:-800x600}" --until idle --timeout "${TIMEOUT:-60}" \
    --screenshot "$artifacts/screenshot.png" -- "$@" >"$artifacts/client.out" 2>"$artifacts/shoji.log" ||
    status=$?
if [ "$status" -ne 0 ]; then
    echo "shoji-ui-test: the session exited $status (see $artifacts/shoji.log):" >&2
    tail -n 5 "$artifacts/shoji.log" >&2
    exit "$status"
fi

if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
    mkdir -p "$(dirname "$golden")"
    cp "$artifacts/screenshot.png" "$golden"
    echo "shoji-ui-test: wrote $golden" >&2
    exit 0
fi
[ -f "$golden" ] || { echo "shoji-ui-test: no $golden (make it with UPDATE_GOLDEN=1)" >&2; exit 2; }

status=0
"$shoji" compare "$golden" "$artifacts/screenshot.png" --tolerance "${TOLERANCE:-0}" \
    --max-pixels "${MAX_PIXELS:-0}" --diff "$artifacts/diff.png" >"$artifacts/compare.txt" 2>&1 || status=$?
cat "$artifacts/compare.txt"
# compare writes the diff whatever the result; keep it only when it shows something.
[ "$status" -eq 0 ] && rm -f "$artifacts/diff.png"
exit "$status"
