#!/bin/sh
# shoji --trace[=FILE]: the shm path in words for docs/examples/shm-client at
# 400x300: the server-side fd and seals at create_pool, the checked layout at
# create_buffer, pending vs applied at commit, frames with what they read,
# the release at the commit that replaces a buffer, and libwayland's fault
# for a truncated pool with the disconnection that follows.
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
: "${SRCDIR:?set SRCDIR to the tests source directory}"
: "${SHM_CLIENT:?set SHM_CLIENT to the shm-client executable}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_RUNTIME_DIR="$tmp/runtime"
mkdir -m 700 "$XDG_RUNTIME_DIR"

# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"

has() { # FILE EXTENDED-REGEX WHAT
    grep -Eq "$2" "$1" || { cat "$1" >&2; fail "$1 lacks $3"; }
}

# golden TRACE NAME: the lines a newcomer follows (create_pool, the frames,
# releases, errors, disconnections), with what varies between runs (times,
# pids, fd numbers) replaced, up to the client's disconnection (the frame
# that repaints its window's area after may or may not come before the
# session ends), must be tests/data/trace/NAME.txt. After a
# deliberate change of wording: UPDATE_GOLDEN=1 rewrites them.
golden() {
    grep -E 'create_pool|\] frame [0-9]+|\.release:|wl_display\.error|connected' "$1" |
        sed -E 's/^\[ *[0-9]+\.[0-9]{3}\] //; s/\(pid [0-9]+\)/(pid PID)/; s/fd [0-9]+ server-side/fd FD server-side/' |
        awk '{ print } / disconnected: / { exit }' >"$tmp/$2.txt"
    if [ -n "${UPDATE_GOLDEN:-}" ]; then cp "$tmp/$2.txt" "$SRCDIR/data/trace/$2.txt"; fi
    diff -u "$SRCDIR/data/trace/$2.txt" "$tmp/$2.txt" >&2 || fail "the $2 trace differs from tests/data/trace/$2.txt"
}

echo "== a sealed pool, three frames"
expect 0 --size 400x300 --until idle --trace="$tmp/t.txt" -- "$SHM_CLIENT" --seal --frames 3
t=$tmp/t.txt
has "$t" 'wl_shm.create_pool\(new wl_shm_pool@[0-9]+, fd [0-9]+ server-side, size 98304\): seals: SHRINK' 'the create_pool fd and seal line'
has "$t" 'create_buffer\(new wl_buffer@[0-9]+, offset 0, 128x96, stride 512, format 0x1\): a row of pixels is 512 bytes; the buffer spans bytes 0\.\.49152 of a pool of 98304' 'the first buffer layout'
has "$t" 'create_buffer\(new wl_buffer@[0-9]+, offset 49152, .*spans bytes 49152\.\.98304 of a pool of 98304' 'the second buffer layout'
has "$t" 'commit: pending wl_buffer@[0-9]+, 1 damage request\(s\), 1 frame request\(s\)' 'a pending commit line'
has "$t" 'commit applied to window 1: damage 12288 px in 1 rect\(s\), extents 128x96 at \(0, 0\)' 'an applied commit line'
has "$t" '^\[ *[0-9]+\.[0-9]{3}\] frame [0-9]+ on [A-Z0-9-]+: buffer age [0-9]+ .*; repaint [0-9]+ px = 12288 px of this frame.s damage' 'a frame line'
has "$t" 'frame [0-9]+:   wl_surface@[0-9]+ of client 1, 128x96 at \(32, 32\): read 12288 px with SRC' 'a view line'
has "$t" 'frame [0-9]+: done: frame callbacks answered for 1 surface\(s\); 1 buffer\(s\) released since the last frame' 'a done line'
golden "$t" seal
has "$t" 'wl_callback@[0-9]+\.done: frame callback sent' 'a frame callback line'
# The first buffer is released by the commit that replaces it: right after
# that commit's line, before the next frame.
first=$(grep -Eo 'create_buffer\(new wl_buffer@[0-9]+, offset 0,' "$t" | grep -Eo '@[0-9]+' | head -1)
second=$(grep -Eo 'create_buffer\(new wl_buffer@[0-9]+, offset 49152,' "$t" | grep -Eo '@[0-9]+' | head -1)
commit_line=$(grep -n "commit: pending wl_buffer$second" "$t" | head -1 | cut -d: -f1)
release_line=$(grep -n "wl_buffer$first.release" "$t" | head -1 | cut -d: -f1)
next_frame=$(awk -v from="$commit_line" 'NR > from && / frame [0-9]+ on / { print NR; exit }' "$t")
[ -n "$commit_line" ] && [ -n "$release_line" ] && [ "$release_line" -gt "$commit_line" ] &&
    { [ -z "$next_frame" ] || [ "$release_line" -lt "$next_frame" ]; } ||
    { cat "$t" >&2; fail "wl_buffer$first is not released at the commit of wl_buffer$second (commit $commit_line, release $release_line, next frame $next_frame)"; }

echo "== a truncated pool: libwayland's fault and the disconnection, in words (on stderr)"
expect 3 --size 400x300 --timeout 20 --trace -- "$SHM_CLIENT" --truncate
has "$tmp/err" 'wl_display.error\(wl_buffer@[0-9]+, code 2, "error accessing SHM buffer"\): the client is disconnected' 'the fault line'
has "$tmp/err" 'client 1 \(pid [0-9]+\): disconnected: Shoji closed the connection after the protocol error above' 'the disconnection'
golden "$tmp/err" truncate

echo "== off: nothing is written"
expect 0 --size 400x300 --until idle -- "$SHM_CLIENT" --frames 2
! grep -q 'create_pool' "$tmp/err" || fail "a trace line without --trace"
echo "PASS"
