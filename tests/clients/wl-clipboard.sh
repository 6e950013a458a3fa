#!/bin/sh
# wl-copy and wl-paste (wl-clipboard, clients nobody here wrote) copy and
# paste through shoji, on the clipboard and (--primary) in the primary
# selection, which are independent. With --no-data-control (no
# zwlr_data_control_manager_v1) each maps a window to get the keyboard focus
# and uses the serial of that keyboard enter, which
# wl_data_device.set_selection must honour (docs/security.md). The same tools
# through data control, with no window: data-control.sh.
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"
for p in wl-copy wl-paste; do
    command -v "$p" >/dev/null || { echo "SKIP: $p not installed (wl-clipboard)"; exit 77; }
done

make_tmp

# One shoji session; the script inside prints what it pasted. wl-copy
# serves the selection from the background until shoji exits.
cat >"$tmp/session" <<'SESSION'
set -eu
WAYLAND_DEBUG=1 wl-copy "copied by wl-copy" 2>"$WL_CLIPBOARD_TMP/copy.debug"
echo "text=$(wl-paste --no-newline)"
printf '<b>html</b>' | wl-copy --type text/html
wl-paste --list-types | sed 's/^/type=/'
echo "html=$(wl-paste --no-newline --type text/html)"
head -c 300000 /dev/zero | tr '\0' 'z' | wl-copy
echo "big=$(wl-paste --no-newline | wc -c)"
wl-copy --clear
if wl-paste --no-newline >/dev/null 2>&1; then echo "cleared=no"; else echo "cleared=yes"; fi
wl-copy "on the clipboard"
wl-copy --primary "in the primary selection"
echo "primary=$(wl-paste --primary --no-newline)"
echo "clipboard=$(wl-paste --no-newline)"
SESSION

echo "check: wl-copy then wl-paste under shoji --no-data-control"
status=0
WL_CLIPBOARD_TMP=$tmp "$SHOJI" --no-data-control --timeout 30 -- sh "$tmp/session" >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -eq 0 ] || fail "the session exited $status"

expect() {
    echo "check: $1"
    grep -qx "$1" "$tmp/out" || fail "expected the line '$1'"
}
expect "text=copied by wl-copy"
expect "type=text/html"
expect "html=<b>html</b>"
expect "big=300000"
expect "cleared=yes"
expect "primary=in the primary selection"
expect "clipboard=on the clipboard"
echo "check: without data control, wl-copy copied from a window of its own"
grep -q '\.create_surface(' "$tmp/copy.debug" || { fail_logs=copy.debug; fail "wl-copy made no surface"; }
if grep -q 'zwlr_data_control_manager_v1' "$tmp/copy.debug"; then fail "zwlr_data_control_manager_v1 was offered"; fi
echo "PASS: wl-clipboard"
