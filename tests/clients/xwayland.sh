#!/bin/sh
# shellcheck disable=SC2016 # the $... in sh -c scripts are for the child shell
# shoji --xwayland: Xwayland (rootful) starts before the command, which gets
# DISPLAY; X11 clients get the same --screenshot, --until idle and exit
# statuses as Wayland ones; Xwayland is stopped at the end; without Xwayland
# the session fails with 125 and one line saying why.
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
: "${SRCDIR:?set SRCDIR to the tests source directory}"
: "${PNG_PROBE:?set PNG_PROBE to the png-probe executable}"
for tool in Xwayland xeyes xdotool; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_RUNTIME_DIR="$tmp/runtime"
mkdir -m 700 "$XDG_RUNTIME_DIR"

# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"

echo "== xeyes under --xwayland --until idle is in the screenshot, where X put it"
expect 0 --size 640x480 --xwayland --until idle --screenshot "$tmp/x.png" -- xeyes -geometry 200x150+0+0
white_in=$("$PNG_PROBE" count "$tmp/x.png" 0 0 200 150 ffffff)
white_all=$("$PNG_PROBE" count "$tmp/x.png" 0 0 640 480 ffffff)
# Two eyes of about 90x140 in a 200x150 window: most of it white.
[ "$white_in" -gt 10000 ] || fail "xeyes shows $white_in white pixels in its 200x150 window, expected over 10000"
[ "$white_in" -eq "$white_all" ] || fail "$((white_all - white_in)) white pixels outside xeyes's window"

echo "== the command gets DISPLAY; xdotool finds the window; the X screen is the output's size"
expect 0 --size 640x480 --xwayland -- sh -c 'case $DISPLAY in :[0-9]*) ;; *) exit 3;; esac
    xeyes & xdotool search --sync --class xeyes >/dev/null && xdotool getdisplaygeometry'
[ "$(cat "$tmp/out")" = "640 480" ] || fail "xdotool getdisplaygeometry said '$(cat "$tmp/out")', expected '640 480'"

echo "== the command's exit status is Shoji's"
expect 7 --xwayland -- sh -c 'xdotool getdisplaygeometry >/dev/null && exit 7'

echo "== without a command: the DISPLAY= line comes after WAYLAND_DISPLAY= and SHOJI_CTL=; SIGTERM stops Xwayland"
mkfifo "$tmp/lines"
"$SHOJI" --xwayland >"$tmp/lines" 2>"$tmp/err" &
shoji=$!
{ read -r wayland; read -r ctl; read -r display; } <"$tmp/lines"
case $wayland in WAYLAND_DISPLAY=*) ;; *) fail "first line '$wayland'";; esac
case $ctl in SHOJI_CTL=*) ;; *) fail "second line '$ctl'";; esac
case $display in DISPLAY=:[0-9]*) ;; *) fail "third line '$display', expected DISPLAY=:N";; esac
DISPLAY=${display#DISPLAY=} xdotool getdisplaygeometry >/dev/null || fail "no X server at ${display#DISPLAY=}"
kill -TERM "$shoji"
status=0
wait "$shoji" || status=$?
[ "$status" -eq 0 ] || fail "shoji exited $status after SIGTERM, expected 0"
if DISPLAY=${display#DISPLAY=} xdotool getdisplaygeometry >/dev/null 2>&1; then
    fail "the X server at ${display#DISPLAY=} outlived the session"
fi

echo "== no Xwayland on PATH: 125, one line on stderr"
mkdir "$tmp/bin"
ln -s "$(command -v true)" "$tmp/bin/true"
status=0
PATH="$tmp/bin" "$SHOJI" --xwayland -- true >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -eq 125 ] || fail "exit $status without Xwayland, expected 125"
[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "cannot start Xwayland: it is not installed" "$tmp/err" ||
    fail "stderr without Xwayland: $(cat "$tmp/err")"
echo "PASS"
