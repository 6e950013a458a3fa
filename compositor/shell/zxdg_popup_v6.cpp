// zxdg_popup_v6 (xdg-shell-unstable-v6.xml): xdg_popup's requests of version
// 1 (no reposition); the object is an XdgPopup speaking v6 (XdgProtocol).
#include "shell/xdg_popup.hpp"
#include "xdg-shell-unstable-v6-server-protocol.h"

namespace shoji {

namespace {
XdgPopup* popup_of(wl_resource* r) { return static_cast<XdgPopup*>(wl_resource_get_user_data(r)); }

const struct zxdg_popup_v6_interface popup_v6_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { popup_of(r)->handle_destroy(); },
    /* grab */ [](wl_client*, wl_resource* r, wl_resource* seat, uint32_t serial) { popup_of(r)->handle_grab(seat, serial); },
};
} // namespace

const void* zxdg_popup_v6_requests() { return &popup_v6_impl; }

} // namespace shoji
