#!/bin/sh
# Real clients whose legal orders of commit and ack_configure Shoji once
# answered with a protocol error, checked on the --screenshot PNG:
#   alacritty commits twice before acking its first configure;
#   imv acks, commits without a buffer, then attaches its image.
# Either one disconnected shows nothing and exits early (not 124).
# Usage: honest-clients.sh imv|alacritty (a client not installed: exit 77).
set -eu
client=${1:?usage: honest-clients.sh imv|alacritty}

: "${SHOJI:?set SHOJI to the shoji executable}"
fail_logs='err-*'
# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"
: "${PNG_PROBE:?set PNG_PROBE to the png-probe executable}"
: "${SRCDIR:?set SRCDIR to the tests source directory}"

make_tmp

case $client in
imv)
    command -v imv-wayland >/dev/null || { echo "SKIP: imv-wayland not installed"; exit 77; }
    echo "check: imv-wayland shows an 80x60 image 1:1 in its 1280x720 window"
    status=0
    "$SHOJI" --size 1280x720 --screenshot "$tmp/imv.png" --timeout 3 -- \
        imv-wayland -s none -b 000000 "$SRCDIR/data/two-colours.png" 2>"$tmp/err-imv" || status=$?
    [ "$status" -eq 124 ] || fail "shoji exited $status, expected 124 (imv still running at the timeout)"
    # The window fills the output; the image sits in its middle, its left
    # half e04020 and its right half 2060e0, over imv's black background.
    left=$("$PNG_PROBE" count "$tmp/imv.png" 600 330 40 60 e04020)
    right=$("$PNG_PROBE" count "$tmp/imv.png" 640 330 40 60 2060e0)
    black=$("$PNG_PROBE" count "$tmp/imv.png" 0 0 1280 720 000000)
    [ "$left" -eq 2400 ] || fail "imv: $left of 2400 pixels of the image's left half are e04020"
    [ "$right" -eq 2400 ] || fail "imv: $right of 2400 pixels of the image's right half are 2060e0"
    [ "$black" -eq $((1280 * 720 - 4800)) ] || fail "imv: $black pixels are imv's black background"
    ;;
alacritty)
    command -v alacritty >/dev/null || { echo "SKIP: alacritty not installed"; exit 77; }
    # With --decorations server (xdg-decoration), alacritty draws no title
    # bar; Shoji draws none either. Its window cascades to (32, 32); most of
    # it differs from Shoji's #202020 background, and nothing above it does.
    echo "check: alacritty maps its window (--decorations server)"
    status=0
    LIBGL_ALWAYS_SOFTWARE=1 "$SHOJI" --size 1280x720 --decorations server --screenshot "$tmp/alacritty.png" \
        --timeout 4 -- alacritty -e sh -c 'echo hello; exec sleep 60' 2>"$tmp/err-alacritty" || status=$?
    [ "$status" -eq 124 ] || fail "shoji exited $status, expected 124 (alacritty still running at the timeout)"
    drawn=$("$PNG_PROBE" differ "$tmp/alacritty.png" 32 32 400 300 202020)
    [ "$drawn" -gt 100000 ] || fail "alacritty: only $drawn of 120000 pixels of its window area differ from the background"
    above=$("$PNG_PROBE" differ "$tmp/alacritty.png" 0 0 1280 32 202020)
    [ "$above" -eq 0 ] || fail "alacritty: $above pixels above the window differ from the background"
    # Client-side (the default): alacritty draws its own title bar, above
    # its window geometry.
    echo "check: alacritty draws its own title bar by default"
    status=0
    LIBGL_ALWAYS_SOFTWARE=1 "$SHOJI" --size 1280x720 --screenshot "$tmp/alacritty-csd.png" --timeout 4 -- \
        alacritty -e sh -c 'echo hello; exec sleep 60' 2>"$tmp/err-alacritty" || status=$?
    [ "$status" -eq 124 ] || fail "shoji exited $status, expected 124 (alacritty still running at the timeout)"
    above=$("$PNG_PROBE" differ "$tmp/alacritty-csd.png" 0 0 1280 32 202020)
    [ "$above" -gt 1000 ] || fail "alacritty: only $above pixels above the window differ: no title bar of its own?"
    ;;
*)
    echo "usage: honest-clients.sh imv|alacritty" >&2
    exit 2
    ;;
esac
echo "PASS: $client"
