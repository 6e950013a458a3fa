// zxdg_toplevel_v6 (xdg-shell-unstable-v6.xml): xdg_toplevel's requests of
// version 1, with the same arguments, states and resize edges; the object is
// an XdgToplevel speaking v6 (XdgProtocol).
#include "shell/xdg_toplevel.hpp"
#include "xdg-shell-unstable-v6-server-protocol.h"

namespace shoji {

namespace {
XdgToplevel* toplevel_of(wl_resource* r) { return static_cast<XdgToplevel*>(wl_resource_get_user_data(r)); }

const struct zxdg_toplevel_v6_interface toplevel_v6_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* set_parent */ [](wl_client*, wl_resource* r, wl_resource* p) { toplevel_of(r)->handle_set_parent(p); },
    /* set_title */ [](wl_client*, wl_resource* r, const char* t) { toplevel_of(r)->handle_set_title(t); },
    /* set_app_id */ [](wl_client*, wl_resource* r, const char* a) { toplevel_of(r)->handle_set_app_id(a); },
    // No window menu, as for xdg_toplevel ("the compositor ... may choose to
    // ignore this request").
    /* show_window_menu */ [](wl_client*, wl_resource*, wl_resource*, uint32_t, int32_t, int32_t) {},
    /* move */ [](wl_client*, wl_resource* r, wl_resource* seat, uint32_t serial) {
        toplevel_of(r)->handle_move(seat, serial);
    },
    /* resize */ [](wl_client*, wl_resource* r, wl_resource* seat, uint32_t serial, uint32_t edges) {
        toplevel_of(r)->handle_resize(seat, serial, edges);
    },
    /* set_max_size */ [](wl_client*, wl_resource* r, int32_t w, int32_t h) { toplevel_of(r)->handle_set_max_size(w, h); },
    /* set_min_size */ [](wl_client*, wl_resource* r, int32_t w, int32_t h) { toplevel_of(r)->handle_set_min_size(w, h); },
    /* set_maximized */ [](wl_client*, wl_resource* r) { toplevel_of(r)->handle_set_maximized(true); },
    /* unset_maximized */ [](wl_client*, wl_resource* r) { toplevel_of(r)->handle_set_maximized(false); },
    /* set_fullscreen */ [](wl_client*, wl_resource* r, wl_resource*) { toplevel_of(r)->handle_set_fullscreen(true); },
    /* unset_fullscreen */ [](wl_client*, wl_resource* r) { toplevel_of(r)->handle_set_fullscreen(false); },
    /* set_minimized */ [](wl_client*, wl_resource* r) { toplevel_of(r)->set_minimized(true); },
};
} // namespace

const void* zxdg_toplevel_v6_requests() { return &toplevel_v6_impl; }

} // namespace shoji
