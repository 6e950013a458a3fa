#!/bin/sh
# shellcheck disable=SC2016,SC2015 # jq programs are single-quoted; `a && b || fail` fails if either is false
# `shoji ctl` driving a real session, as a CI script would, against a client
# of our own (tests/tools/input_log_client.cpp) that logs the input it gets in
# surface-local coordinates:
#   click --window app-id=... 10 20 arrives at (10, 20) exactly; key
#   ctrl+shift+a arrives with the modifiers held; type goes through the
#   keymap; scroll gives axis events; pointer moves relative to the window;
#   focus and close; screenshot of the output and of one window; windows
#   --json is valid JSON with every field and the geometry the client set;
#   wait window / wait idle; quit ends a session as SIGTERM does; exit
#   statuses 0, 1 (one line on stderr) and 2.
# No sleeps: each step waits on a `shoji ctl wait` or on the client's pid (the
# client exits once it has logged the event a step waits for).
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
fail_logs=''
# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"
: "${INPUT_LOG_CLIENT:?set INPUT_LOG_CLIENT to the input-log-client executable}"
: "${PNG_PROBE:?set PNG_PROBE to the png-probe executable}"
command -v jq >/dev/null || { echo "SKIP: jq is not installed (scripts/install-deps)"; exit 77; }

# --- inside the session: the command shoji runs -------------------------------------
if [ "${1:-}" = inner ]; then
    T=$CTL_TEST_TMP
    ctl() { "$SHOJI" ctl "$@"; }
    expect_line() { # FILE LINE
        grep -qxF "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "no line '$2' in $1"; }
    }

    echo "check: the command gets SHOJI_CTL, the absolute path of a 0600 socket"
    case $SHOJI_CTL in /*) ;; *) fail "SHOJI_CTL=$SHOJI_CTL is not absolute" ;; esac
    [ -S "$SHOJI_CTL" ] || fail "no socket at $SHOJI_CTL"
    [ "$(stat -c %a "$SHOJI_CTL")" = 600 ] || fail "$SHOJI_CTL has mode $(stat -c %a "$SHOJI_CTL")"
    [ "$SHOJI_CTL" = "$XDG_RUNTIME_DIR/$WAYLAND_DISPLAY.ctl" ] || fail "SHOJI_CTL=$SHOJI_CTL"

    echo "check: wait window prints the id of a window that is mapped and shown"
    "$INPUT_LOG_CLIENT" --app-id shoji.test.click --size 200x150 --colour 3366cc \
        --until "pointer button left released" >"$T/click.log" &
    click_pid=$!
    id=$(ctl wait window --app-id shoji.test.click --timeout 20)
    [ "$id" -ge 1 ] || fail "wait window printed '$id'"

    echo "check: windows --json is valid JSON with every field"
    ctl windows --json >"$T/windows.json"
    jq -e 'length == 1' "$T/windows.json" >/dev/null || fail "not one window: $(cat "$T/windows.json")"
    jq -e --argjson id "$id" --argjson pid "$click_pid" '.[0] |
        (keys == (["activated","app_id","focused","height","id","mapped","output","pid","title","width","x","y"])) and
        .id == $id and .app_id == "shoji.test.click" and .title == "input log" and
        .width == 200 and .height == 150 and (.x|type) == "number" and (.y|type) == "number" and
        .mapped and .activated and .focused and .output == "HEADLESS-1" and .pid == $pid' \
        "$T/windows.json" >/dev/null || fail "unexpected windows --json: $(cat "$T/windows.json")"
    ctl windows | grep -q "shoji.test.click.*200x150.*mapped,activated,focused" || fail "windows table: $(ctl windows)"

    echo "check: the geometry is where the window's pixels are (a screenshot of the output)"
    x=$(jq '.[0].x' "$T/windows.json")
    y=$(jq '.[0].y' "$T/windows.json")
    ctl screenshot "$T/full.png"
    [ "$("$PNG_PROBE" size "$T/full.png")" = 640x480 ] || fail "output screenshot is $("$PNG_PROBE" size "$T/full.png")"
    n=$("$PNG_PROBE" count "$T/full.png" "$x" "$y" 200 150 3366cc)
    [ "$n" -eq 30000 ] || fail "only $n of 200x150 pixels at $x,$y are the client's colour"

    echo "check: click --window app-id=... 10 20 arrives at (10, 20) exactly"
    ctl click --window app-id=shoji.test.click 10 20
    wait "$click_pid" || fail "the client failed"
    expect_line "$T/click.log" "pointer enter 10.00 20.00"
    expect_line "$T/click.log" "pointer button left pressed 10.00 20.00"
    expect_line "$T/click.log" "pointer button left released 10.00 20.00"

    echo "check: key ctrl+shift+a arrives with the modifiers; type and key Return follow"
    "$INPUT_LOG_CLIENT" --app-id shoji.test.keys --until "key Return released" >"$T/keys.log" &
    keys_pid=$!
    ctl wait window --app-id shoji.test.keys --timeout 20 >/dev/null
    ctl key ctrl+shift+a
    ctl type 'Hi!'
    ctl key Return
    wait "$keys_pid" || fail "the client failed"
    expect_line "$T/keys.log" "key A pressed ctrl+shift"
    expect_line "$T/keys.log" "key H pressed shift"
    expect_line "$T/keys.log" "key i pressed"
    expect_line "$T/keys.log" "key exclam pressed shift"
    expect_line "$T/keys.log" "key Return pressed"
    [ "$(grep -c ' pressed' "$T/keys.log")" -eq 9 ] || fail "not 9 key presses: $(cat "$T/keys.log")"

    echo "check: scroll gives axis events (one frame); pointer moves relative to the window"
    "$INPUT_LOG_CLIENT" --app-id shoji.test.scroll --until "pointer axis frame" >"$T/scroll.log" &
    scroll_pid=$!
    ctl wait window --app-id shoji.test.scroll --timeout 20 >/dev/null
    ctl pointer --window app-id=shoji.test.scroll 5 6
    ctl pointer --window app-id=shoji.test.scroll 7 8
    ctl scroll --window app-id=shoji.test.scroll -- -3 15
    wait "$scroll_pid" || fail "the client failed"
    expect_line "$T/scroll.log" "pointer enter 5.00 6.00"
    expect_line "$T/scroll.log" "pointer motion 7.00 8.00"
    expect_line "$T/scroll.log" "pointer axis horizontal -3.00"
    expect_line "$T/scroll.log" "pointer axis vertical 15.00"
    [ "$(grep -c "pointer axis frame" "$T/scroll.log")" -eq 1 ] || fail "the two axes came in two frames"

    echo "check: focus gives a window the keyboard back; close sends xdg_toplevel.close"
    "$INPUT_LOG_CLIENT" --app-id shoji.test.first --until "keyboard enter" --until-count 2 >"$T/first.log" &
    first_pid=$!
    ctl wait window --app-id shoji.test.first --timeout 20 >/dev/null
    "$INPUT_LOG_CLIENT" --app-id shoji.test.second >"$T/second.log" &
    second_pid=$!
    ctl wait window --app-id shoji.test.second --timeout 20 >/dev/null
    ctl focus app-id=shoji.test.first
    wait "$first_pid" || fail "the first client did not get the keyboard back: $(cat "$T/first.log")"
    ctl close app-id=shoji.test.second
    wait "$second_pid" || fail "the second client failed"
    expect_line "$T/second.log" "close"

    echo "check: screenshot --window is the window geometry only"
    "$INPUT_LOG_CLIENT" --app-id shoji.test.shot --size 120x90 --colour 00ff00 >/dev/null &
    shot_pid=$!
    ctl wait window --app-id shoji.test.shot --timeout 20 >/dev/null
    ctl wait idle --timeout 20
    ctl screenshot "$T/shot.png" --window app-id=shoji.test.shot
    [ "$("$PNG_PROBE" size "$T/shot.png")" = 120x90 ] || fail "window screenshot is $("$PNG_PROBE" size "$T/shot.png")"
    [ "$("$PNG_PROBE" count "$T/shot.png" 0 0 120 90 00ff00)" -eq 10800 ] || fail "the window screenshot is not all green"

    echo "check: an ambiguous selector is an error listing the candidates (exit 1)"
    "$INPUT_LOG_CLIENT" --app-id shoji.test.shot --title twin >/dev/null &
    twin_pid=$!
    ctl wait window --app-id shoji.test.shot --title twin --timeout 20 >/dev/null
    ctl windows --json >"$T/windows.json"
    ids=$(jq '.[] | select(.app_id == "shoji.test.shot") | .id' "$T/windows.json")
    [ "$(echo "$ids" | wc -l)" -eq 2 ] || fail "not two windows: $(cat "$T/windows.json")"
    status=0
    ctl focus app-id=shoji.test.shot 2>"$T/err" || status=$?
    [ "$status" -eq 1 ] || fail "an ambiguous window gave exit $status"
    [ "$(wc -l <"$T/err")" -eq 1 ] || fail "not one line on stderr: $(cat "$T/err")"
    for i in $ids; do
        grep -q " $i (app-id=shoji.test.shot" "$T/err" || fail "window $i not listed in: $(cat "$T/err")"
        ctl close "$i"
    done
    wait "$shot_pid" "$twin_pid"

    echo "check: failures exit 1 with one line on stderr; usage errors exit 2"
    status=0
    ctl click --window app-id=nope 1 1 2>"$T/err" || status=$?
    [ "$status" -eq 1 ] && [ "$(cat "$T/err")" = "shoji ctl: click: no window app-id=nope" ] ||
        fail "exit $status, stderr '$(cat "$T/err")'"
    status=0
    ctl wait window --app-id never --timeout 0.1 2>"$T/err" || status=$?
    [ "$status" -eq 1 ] && grep -q "timed out after 0.1 s" "$T/err" || fail "wait timeout: exit $status, $(cat "$T/err")"
    status=0
    ctl type abc 2>"$T/err" || status=$?
    [ "$status" -eq 1 ] && [ "$(cat "$T/err")" = "shoji ctl: type: no window has the keyboard focus" ] ||
        fail "type with no window: exit $status, stderr '$(cat "$T/err")'"
    for usage in "frobnicate" "click 1" "focus firefox" "pointer a b" "wait idle --quiet 0"; do
        status=0
        # shellcheck disable=SC2086 # split on purpose
        ctl $usage 2>"$T/err" || status=$?
        [ "$status" -eq 2 ] || fail "'ctl $usage' gave exit $status"
        [ "$(wc -l <"$T/err")" -eq 1 ] || fail "'ctl $usage': not one line on stderr"
    done
    ctl --help | grep -q "screenshot PATH" || fail "ctl --help lists no screenshot"
    echo "inner: all checks passed"
    exit 0
fi

# --- outside: the session and server mode ----------------------------------------------
make_tmp
mkdir "$tmp/inner"
export CTL_TEST_TMP="$tmp/inner"

status=0
"$SHOJI" --size 640x480 -- sh "$0" inner 2>"$tmp/err" || status=$?
if [ "$status" -ne 0 ]; then
    cat "$tmp/err" >&2
    fail "the session's checks failed (shoji exited $status)"
fi

echo "check: without a session, shoji ctl exits 1 and says why"
status=0
env -u SHOJI_CTL -u WAYLAND_DISPLAY "$SHOJI" ctl windows 2>"$tmp/err" || status=$?
[ "$status" -eq 1 ] && grep -q "no session to talk to" "$tmp/err" || fail "exit $status: $(cat "$tmp/err")"
status=0
"$SHOJI" ctl --socket nosuch windows 2>"$tmp/err" || status=$?
[ "$status" -eq 1 ] && grep -q "no control socket at $XDG_RUNTIME_DIR/nosuch.ctl" "$tmp/err" ||
    fail "exit $status: $(cat "$tmp/err")"

echo "check: a server-mode session prints SHOJI_CTL, is found by it and by --socket, and ends on quit with 0"
mkfifo "$tmp/ready"
"$SHOJI" --socket ctl-test >"$tmp/ready" 2>"$tmp/err" &
server=$!
exec 3<"$tmp/ready"
read -r _ <&3 # WAYLAND_DISPLAY=...: the sockets accept clients now
read -r ctl_line <&3
[ "$ctl_line" = "SHOJI_CTL=$XDG_RUNTIME_DIR/ctl-test.ctl" ] || fail "server mode printed '$ctl_line'"
SHOJI_CTL=${ctl_line#SHOJI_CTL=} "$SHOJI" ctl windows --json | jq -e 'length == 0' >/dev/null ||
    fail "windows in an empty session"
"$SHOJI" ctl --socket ctl-test quit
status=0
wait "$server" || status=$?
exec 3<&-
[ "$status" -eq 0 ] || fail "quit: the server exited $status"
[ ! -e "$XDG_RUNTIME_DIR/ctl-test.ctl" ] || fail "the control socket outlived its session"

echo "PASS: ctl-input"
