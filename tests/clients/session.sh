#!/bin/sh
# shellcheck disable=SC2016 # the $... in sh -c scripts are for the child shell
# Session hygiene: nothing the command starts outlives the session; an
# unusable XDG_RUNTIME_DIR is replaced by a private one, said once with -v and
# removed at exit; server mode prints WAYLAND_DISPLAY=<absolute path> and
# SHOJI_CTL=<path>, also on --ready-fd N, and the path works for a client
# whatever its XDG_RUNTIME_DIR.
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
: "${SRCDIR:?set SRCDIR to the tests source directory}"
: "${SETTLE_CLIENT:?set SETTLE_CLIENT to the settle-client executable}"
tmp=$(mktemp -d)
shoji_pid=
cleanup() {
    if [ -n "$shoji_pid" ]; then kill "$shoji_pid" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
export XDG_RUNTIME_DIR="$tmp/runtime"
mkdir -m 700 "$XDG_RUNTIME_DIR"

# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"

gone() { # PIDFILE WHAT
    pid=$(cat "$1")
    ! kill -0 "$pid" 2>/dev/null || fail "$2 (pid $pid) outlived the session"
}

echo "== the command's background children end with the session"
expect 0 -- sh -c 'sleep 300 & echo $! >"$0"' "$tmp/bg"
gone "$tmp/bg" "a 'sleep 300 &' child"
expect 5 -- sh -c 'sleep 300 & echo $! >"$0"; exit 5' "$tmp/bg"
gone "$tmp/bg" "a 'sleep 300 &' child of a command that exited 5"
echo "check: one that ignores SIGTERM gets SIGKILL 2 s later"
start=$(date +%s)
expect 0 -- sh -c '(trap "" TERM; exec sleep 300) & echo $! >"$0"' "$tmp/bg"
elapsed=$(($(date +%s) - start))
gone "$tmp/bg" "a child that ignores SIGTERM"
[ "$elapsed" -lt 6 ] || fail "ending it took ${elapsed}s"
echo "check: one that left the process group (setsid) once orphaned"
expect 0 -- sh -c 'setsid sleep 300 & echo $! >"$0"' "$tmp/bg"
gone "$tmp/bg" "a setsid child"
echo "check: with --timeout, the command and its children"
expect 124 --timeout 0.5 -- sh -c 'sleep 300 & echo $! >"$0"; exec sleep 301' "$tmp/bg"
gone "$tmp/bg" "a background child after --timeout"
echo "check: with --until idle, the client and its children"
expect 0 --until idle -- sh -c 'sleep 300 & echo $! >"$0"; exec "$1" --frames 2' "$tmp/bg" "$SETTLE_CLIENT"
gone "$tmp/bg" "a background child after --until idle"

echo "== an unusable XDG_RUNTIME_DIR: a private one, said once with -v, removed at exit"
# private VALUE WHY: with XDG_RUNTIME_DIR=VALUE (or unset if VALUE is
# "unset"), the command runs in a private 0700 directory of ours, -v says so
# in one line with WHY, and the directory is gone after.
private() {
    value=$1
    why=$2
    echo "check: XDG_RUNTIME_DIR $value -> private ($why)"
    status=0
    if [ "$value" = unset ]; then
        env -u XDG_RUNTIME_DIR "$SHOJI" -v -- sh -c 'echo "$XDG_RUNTIME_DIR" >"$0"; stat -c "%a %u" "$XDG_RUNTIME_DIR" >>"$0"' \
            "$tmp/seen" >"$tmp/out" 2>"$tmp/err" || status=$?
    else
        XDG_RUNTIME_DIR=$value "$SHOJI" -v -- sh -c 'echo "$XDG_RUNTIME_DIR" >"$0"; stat -c "%a %u" "$XDG_RUNTIME_DIR" >>"$0"' \
            "$tmp/seen" >"$tmp/out" 2>"$tmp/err" || status=$?
    fi
    [ "$status" -eq 0 ] || fail "XDG_RUNTIME_DIR $value: exited $status"
    dir=$(sed -n 1p "$tmp/seen")
    [ "$dir" != "$value" ] || fail "the command got the unusable XDG_RUNTIME_DIR $value"
    [ "$(sed -n 2p "$tmp/seen")" = "700 $(id -u)" ] || fail "the private directory is $(sed -n 2p "$tmp/seen"), not '700 $(id -u)'"
    [ ! -e "$dir" ] || fail "the private directory $dir was not removed"
    said=$(grep -c "private runtime directory" "$tmp/err" || true)
    [ "$said" -eq 1 ] || fail "-v said $said times that it uses a private runtime directory"
    grep "private runtime directory" "$tmp/err" | grep -qF -- "$why" || fail "-v does not say '$why'"
}
private unset "not set"
private /nonexistent "does not exist"
: >"$tmp/file"
private "$tmp/file" "not a directory"
mkdir -m 755 "$tmp/open"
private "$tmp/open" "0755, not 0700"
if [ "$(id -u)" -eq 0 ]; then
    mkdir -m 700 "$tmp/theirs"
    chown 65534 "$tmp/theirs"
    private "$tmp/theirs" "uid 65534"
else
    echo "note: not root, so no directory of another user to try"
fi
echo "check: XDG_RUNTIME_DIR=/nonexistent shoji -- true exits 0, silently without -v"
XDG_RUNTIME_DIR=/nonexistent "$SHOJI" -- true >"$tmp/out" 2>"$tmp/err" || fail "exited $?"
[ ! -s "$tmp/err" ] || fail "something on stderr without -v"
echo "check: a usable XDG_RUNTIME_DIR is kept"
expect 0 -v -- sh -c 'test "$XDG_RUNTIME_DIR" = "$0"' "$XDG_RUNTIME_DIR"
! grep -q "private runtime directory" "$tmp/err" || fail "a private directory for a usable XDG_RUNTIME_DIR"

echo "== server mode: WAYLAND_DISPLAY=<absolute path> and SHOJI_CTL=<path>, on stdout and --ready-fd"
mkfifo "$tmp/ready" "$tmp/stdout"
env -u XDG_RUNTIME_DIR "$SHOJI" --ready-fd 3 3>"$tmp/ready" >"$tmp/stdout" 2>"$tmp/err" </dev/null &
shoji_pid=$!
# Both pipes are read to the end: --ready-fd is closed once written; stdout
# when shoji exits (below), so it is read in the background.
cat "$tmp/stdout" >"$tmp/out" &
cat_pid=$!
cat "$tmp/ready" >"$tmp/ready.txt"
[ "$(wc -l <"$tmp/ready.txt")" -eq 2 ] || fail "--ready-fd got $(wc -l <"$tmp/ready.txt") lines, expected 2"
display=$(sed -n 's/^WAYLAND_DISPLAY=//p' "$tmp/ready.txt")
ctl=$(sed -n 's/^SHOJI_CTL=//p' "$tmp/ready.txt")
case $display in /*) ;; *) fail "WAYLAND_DISPLAY=$display is not an absolute path" ;; esac
[ -S "$display" ] || fail "WAYLAND_DISPLAY=$display is not a socket"
[ "$ctl" = "$display.ctl" ] || fail "SHOJI_CTL=$ctl, expected $display.ctl"
if command -v wayland-info >/dev/null; then
    echo "check: wayland-info connects to it with XDG_RUNTIME_DIR unset"
    env -u XDG_RUNTIME_DIR WAYLAND_DISPLAY="$display" wayland-info >"$tmp/info" 2>&1 ||
        fail "wayland-info failed: $(cat "$tmp/info")"
    grep -q "wl_compositor" "$tmp/info" || fail "wayland-info listed no wl_compositor"
else
    echo "note: wayland-info not installed; settle-client connects instead"
    env -u XDG_RUNTIME_DIR WAYLAND_DISPLAY="$display" "$SETTLE_CLIENT" --frames 1 --exit 0 || fail "settle-client could not connect"
fi
kill -TERM "$shoji_pid"
status=0
wait "$shoji_pid" || status=$?
shoji_pid=
[ "$status" -eq 0 ] || fail "server-mode shoji exited $status on SIGTERM"
wait "$cat_pid"
cmp -s "$tmp/out" "$tmp/ready.txt" || fail "stdout and --ready-fd differ: $(cat "$tmp/out")"
[ ! -e "$(dirname "$display")" ] || fail "the private runtime directory $(dirname "$display") was not removed"

echo "check: --ready-fd of a closed descriptor -> 2, one line"
expect 2 --ready-fd 9 -- true
[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q -- "--ready-fd 9" "$tmp/err" || fail "no one-line error naming --ready-fd 9"
echo "check: with a command, --ready-fd gets the lines too, before the command runs, and is closed for it"
"$SHOJI" --ready-fd 3 -- sh -c 'if { true >&3; } 2>/dev/null; then echo open; else echo closed; fi' 3>"$tmp/ready2" >"$tmp/out" 2>/dev/null ||
    fail "exited $?"
grep -q "^WAYLAND_DISPLAY=$XDG_RUNTIME_DIR/wayland-" "$tmp/ready2" || fail "--ready-fd with a command: $(cat "$tmp/ready2")"
[ "$(cat "$tmp/out")" = closed ] || fail "the command inherited --ready-fd"

echo "PASS: session"
