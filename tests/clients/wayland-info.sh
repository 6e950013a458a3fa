#!/bin/sh
# wayland-info (a client nobody here wrote) lists shoji's globals: the
# versions we implement and the shm formats clients rely on.
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"
command -v wayland-info >/dev/null || { echo "SKIP: wayland-info not installed"; exit 77; }

make_tmp

echo "check: shoji -- wayland-info exits 0"
status=0
"$SHOJI" -- wayland-info >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -eq 0 ] || fail "shoji -- wayland-info exited $status"

# Lines look like: interface: 'wl_compositor',     version:  5, name:  2
global() {
    echo "check: global $1 version $2"
    grep -Eq "^interface: '$1', +version: +$2, name: +[0-9]+$" "$tmp/out" ||
        fail "no global $1 at version $2"
}
global wl_compositor 5
global wl_shm 1
global xdg_wm_base 5
global wl_output 4
global zwlr_virtual_pointer_manager_v1 2
global zwp_virtual_keyboard_manager_v1 1
global zwlr_foreign_toplevel_manager_v1 3
global zxdg_decoration_manager_v1 1
global org_kde_kwin_server_decoration_manager 1
global xdg_activation_v1 1
global zwp_idle_inhibit_manager_v1 1
global zwp_keyboard_shortcuts_inhibit_manager_v1 1
global zwp_pointer_gestures_v1 3
global wp_viewporter 1
global wp_single_pixel_buffer_manager_v1 1
global wp_presentation 1
global zwlr_output_manager_v1 2
global wp_fractional_scale_manager_v1 1

# The wl_shm block lists formats as: <tab>0x36314752 = 'RG16' (ARGB8888 and
# XRGB8888 are printed as their wl_shm enum values, 0 and 1).
awk -v name="'wl_shm'" '/^interface:/ { in_shm = index($0, name) > 0 } in_shm' \
    "$tmp/out" >"$tmp/shm"
format() {
    echo "check: wl_shm format $1 ($3)"
    grep -Eq "^[[:space:]]+$2 = '$3'$" "$tmp/shm" || fail "wl_shm does not list $1"
}
format ARGB8888 0 AR24
format XRGB8888 1 XR24
format RGB565 0x36314752 RG16

echo "PASS: wayland-info"
