// XdgProtocol: which wire protocol an xdg-shell object speaks. The window
// logic (XdgWmBase, XdgSurface, XdgToplevel, XdgPopup, the positioner rules)
// is written once, for xdg_wm_base; two deprecated shells are served through
// it for conformance and for old clients:
//   - zxdg_shell_v6 (xdg-shell-unstable-v6.xml): the same objects and
//     semantics as xdg_wm_base version 1, under other interface names. Its
//     events have the same opcodes and arguments as the stable ones, so the
//     stable senders serve it; its requests come in through the zxdg_*_v6
//     files' own tables, which call the same handlers.
//   - wl_shell (wayland.xml): one wl_shell_surface object plays xdg_surface
//     and its role object at once, without the configure/ack handshake and
//     with other events (WlShellSurface supplies them).
// Each object keeps a reference to its descriptor, found through the object
// that made it.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

#include "util/region.hpp"

namespace shoji {

struct ToplevelConfigure;

struct XdgProtocol {
    enum class Kind { Stable, V6, WlShell };
    Kind kind;

    // The interfaces (and request tables) of the objects a shell global's
    // bind makes; null for wl_shell, whose objects are made elsewhere.
    const wl_interface* wm_base;
    const void* wm_base_impl;
    wl_resource* (*create_positioner)(wl_resource* wm_base, uint32_t id);
    const wl_interface* surface;
    const void* surface_impl;
    const wl_interface* toplevel;
    const void* toplevel_impl;
    const wl_interface* popup;
    const void* popup_impl;

    // The events that differ between the protocols.
    // xdg_surface.configure; null: no configure/ack handshake (wl_shell):
    // every configure counts as acked when sent.
    void (*send_surface_configure)(wl_resource* surface, uint32_t serial);
    // The toplevel configure: `width`×`height` (0: the client picks) with
    // `c`'s states; `resize_edges`: an interactive resize by these
    // xdg_toplevel.resize_edge bits is under way.
    void (*send_toplevel_configure)(wl_resource* toplevel, int32_t width, int32_t height, const ToplevelConfigure& c,
                                    uint32_t resize_edges);
    void (*send_toplevel_close)(wl_resource* toplevel);
    void (*send_popup_configure)(wl_resource* popup, const Box& box);
    void (*send_popup_done)(wl_resource* popup);

    // Errors xdg_wm_base names on xdg_surface and xdg_toplevel that the v6
    // protocol does not (invalid_serial, invalid_size, defunct_role_object,
    // invalid_resize_edge, invalid_parent): posted with this code on the
    // object error_object gives (v6: zxdg_shell_v6.invalid_surface_state on
    // the shell object). Unset (stable): the named error on the object.
    bool errors_on_shell;
    uint32_t unnamed_error_code;

    bool handshake() const { return send_surface_configure != nullptr; }
};

// The descriptors (each defined in the file of its global).
const XdgProtocol& xdg_stable_protocol(); // xdg_wm_base.cpp
const XdgProtocol& xdg_v6_protocol();     // zxdg_shell_v6.cpp
const XdgProtocol& wl_shell_protocol();   // wl_shell_surface.cpp

} // namespace shoji
