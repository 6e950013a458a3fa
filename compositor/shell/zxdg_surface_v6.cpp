// zxdg_surface_v6 (xdg-shell-unstable-v6.xml): xdg_surface's requests, with
// the same arguments; the object is an XdgSurface speaking v6 (XdgProtocol).
#include "shell/xdg_surface.hpp"
#include "xdg-shell-unstable-v6-server-protocol.h"

namespace shoji {

namespace {
XdgSurface* xdg_of(wl_resource* r) { return static_cast<XdgSurface*>(wl_resource_get_user_data(r)); }

const struct zxdg_surface_v6_interface surface_v6_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { xdg_of(r)->handle_destroy(); },
    /* get_toplevel */ [](wl_client*, wl_resource* r, uint32_t id) { xdg_of(r)->handle_get_toplevel(id); },
    // v6 requires a parent (the stable version lets another protocol name it).
    /* get_popup */ [](wl_client*, wl_resource* r, uint32_t id, wl_resource* parent, wl_resource* positioner) {
        xdg_of(r)->handle_get_popup(id, parent, positioner);
    },
    /* set_window_geometry */ [](wl_client*, wl_resource* r, int32_t x, int32_t y, int32_t w, int32_t h) {
        xdg_of(r)->handle_set_window_geometry(x, y, w, h);
    },
    /* ack_configure */ [](wl_client*, wl_resource* r, uint32_t serial) { xdg_of(r)->handle_ack_configure(serial); },
};
} // namespace

const void* zxdg_surface_v6_requests() { return &surface_v6_impl; }

} // namespace shoji
