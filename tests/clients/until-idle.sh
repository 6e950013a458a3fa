#!/bin/sh
# shellcheck disable=SC2016 # the $... in sh -c scripts are for the child shell
# shoji --until idle[=MS]: the session ends once a window is mapped and
# nothing has committed or been shown for MS ms, every commit shown; the screenshot is
# that frame, the command gets SIGTERM and Shoji exits 0 (SIGKILL 2 s later
# for a command that ignores SIGTERM: session.sh).
# settle-client (tests/tools) animates N frames, one per frame callback, then
# settles on a known picture.
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
: "${SRCDIR:?set SRCDIR to the tests source directory}"
: "${PNG_PROBE:?set PNG_PROBE to the png-probe executable}"
: "${SETTLE_CLIENT:?set SETTLE_CLIENT to the settle-client executable}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_RUNTIME_DIR="$tmp/runtime"
mkdir -m 700 "$XDG_RUNTIME_DIR"

# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"

# settled PNG: the client's last frame at (32, 32), background elsewhere:
# 200x150 of 3366cc but a white 40x40 square at (20, 20) in it.
settled() {
    blue=$("$PNG_PROBE" count "$1" 32 32 200 150 3366cc)
    white=$("$PNG_PROBE" count "$1" 52 52 40 40 ffffff)
    [ "$blue" -eq $((200 * 150 - 1600)) ] && [ "$white" -eq 1600 ] ||
        fail "$1 does not show the settled frame (3366cc: $blue of $((200 * 150 - 1600)), white: $white of 1600)"
    inside=$("$PNG_PROBE" differ "$1" 32 32 200 150 202020)
    total=$("$PNG_PROBE" differ "$1" 0 0 320 240 202020)
    [ "$inside" -eq "$total" ] || fail "$1: $((total - inside)) pixels outside the window are not background"
}

gone() { # PIDFILE: that process no longer exists
    ! kill -0 "$(cat "$1")" 2>/dev/null || fail "process $(cat "$1") is still running"
}

echo "== a client that animates for 30 frames, then settles, is captured settled"
expect 0 --size 320x240 --until idle --screenshot "$tmp/a.png" -- sh -c 'echo $$ >"$0"; exec "$1"' "$tmp/pid" "$SETTLE_CLIENT"
settled "$tmp/a.png"
gone "$tmp/pid"
echo "check: --until idle=MS works too, and the frames still count as commits"
expect 0 --size 320x240 --until idle=40 --screenshot "$tmp/b.png" -- "$SETTLE_CLIENT" --frames 20
settled "$tmp/b.png"

echo "== a command that exits first gives its own status (and its last frame)"
expect 7 --size 320x240 --until idle --screenshot "$tmp/c.png" -- "$SETTLE_CLIENT" --frames 3 --exit 7
settled "$tmp/c.png"
echo "== no window ever: --timeout still gives 124"
expect 124 --until idle --timeout 0.5 -- sleep 10

echo "== server mode: --until idle ends the session once a client has settled"
mkfifo "$tmp/ready"
"$SHOJI" --size 320x240 --until idle --screenshot "$tmp/e.png" --ready-fd 3 3>"$tmp/ready" \
    >"$tmp/out" 2>"$tmp/err" </dev/null &
shoji_pid=$!
display=
while read -r line; do
    case $line in WAYLAND_DISPLAY=*) display=${line#WAYLAND_DISPLAY=} ;; esac
done <"$tmp/ready"
[ -n "$display" ] || fail "no WAYLAND_DISPLAY= line on --ready-fd"
WAYLAND_DISPLAY=$display "$SETTLE_CLIENT" --frames 5 >/dev/null 2>&1 &
client_pid=$!
status=0
wait "$shoji_pid" || status=$?
[ "$status" -eq 0 ] || fail "server-mode shoji --until idle exited $status"
wait "$client_pid" || true # it lost its compositor
settled "$tmp/e.png"

echo "PASS: until-idle"
