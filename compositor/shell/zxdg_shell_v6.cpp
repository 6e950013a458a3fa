#include "shell/zxdg_shell_v6.hpp"

#include "shell/xdg_popup.hpp"
#include "shell/xdg_protocol.hpp"
#include "shell/xdg_surface.hpp"
#include "shell/xdg_toplevel.hpp"
#include "shell/xdg_wm_base.hpp"
#include "shell/zxdg_positioner_v6.hpp"
#include "xdg-shell-unstable-v6-server-protocol.h"

namespace shoji {

namespace {
XdgWmBase* base_of(wl_resource* r) { return static_cast<XdgWmBase*>(wl_resource_get_user_data(r)); }

// The requests are xdg_wm_base's, with the same arguments and errors.
const struct zxdg_shell_v6_interface shell_v6_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { base_of(r)->handle_destroy(); },
    /* create_positioner */ [](wl_client*, wl_resource* r, uint32_t id) { base_of(r)->handle_create_positioner(id); },
    /* get_xdg_surface */ [](wl_client*, wl_resource* r, uint32_t id, wl_resource* surface) {
        base_of(r)->handle_get_xdg_surface(id, surface);
    },
    /* pong */ [](wl_client*, wl_resource* r, uint32_t serial) { base_of(r)->handle_pong(serial); },
};

void shell_v6_bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    XdgWmBase::create(*static_cast<XdgShell*>(data), client, version, id, xdg_v6_protocol());
}
} // namespace

const XdgProtocol& xdg_v6_protocol() {
    // Every v6 event has the opcode and arguments of its stable namesake,
    // so the stable senders serve (the version-gated stable events are
    // never sent: v6 objects are version 1). The errors xdg-shell added on
    // xdg_surface and xdg_toplevel are, in v6, "protocol errors" with no
    // name: they go on the shell object as invalid_surface_state.
    static const XdgProtocol protocol = {
        XdgProtocol::Kind::V6,
        &zxdg_shell_v6_interface, &shell_v6_impl, create_zxdg_positioner_v6,
        &zxdg_surface_v6_interface, zxdg_surface_v6_requests(),
        &zxdg_toplevel_v6_interface, zxdg_toplevel_v6_requests(),
        &zxdg_popup_v6_interface, zxdg_popup_v6_requests(),
        zxdg_surface_v6_send_configure, send_xdg_toplevel_configure, zxdg_toplevel_v6_send_close,
        send_xdg_popup_configure, zxdg_popup_v6_send_popup_done,
        /*errors_on_shell=*/true, ZXDG_SHELL_V6_ERROR_INVALID_SURFACE_STATE,
    };
    return protocol;
}

XdgShellV6::XdgShellV6(wl_display* display, XdgShell& shell)
    : shell_(shell), global_(wl_global_create(display, &zxdg_shell_v6_interface, kVersion, &shell_, shell_v6_bind)) {}

XdgShellV6::~XdgShellV6() { wl_global_destroy(global_); }

} // namespace shoji
