#include "shell/zxdg_toplevel_decoration_v1.hpp"

#include "shell/xdg_toplevel.hpp"
#include "shell/zxdg_decoration_manager_v1.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"
#include "xdg-decoration-unstable-v1-server-protocol.h"

namespace shoji {

namespace {
const struct zxdg_toplevel_decoration_v1_interface decoration_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* set_mode */ [](wl_client*, wl_resource* r, uint32_t mode) { XdgToplevelDecoration::from(r)->handle_set_mode(mode); },
    /* unset_mode */ [](wl_client*, wl_resource* r) { XdgToplevelDecoration::from(r)->handle_unset_mode(); },
};

void destroy_resource(wl_resource* r) { delete XdgToplevelDecoration::from(r); }
} // namespace

XdgToplevelDecoration* XdgToplevelDecoration::create(XdgDecorationManager& manager, wl_resource* parent, uint32_t id,
                                                     XdgToplevel& toplevel) {
    wl_resource* r =
        create_resource(parent, &zxdg_toplevel_decoration_v1_interface, uint32_t(wl_resource_get_version(parent)), id,
                        &decoration_impl, nullptr, destroy_resource);
    if (!r) return nullptr;
    auto* d = new XdgToplevelDecoration(manager, r, toplevel);
    wl_resource_set_user_data(r, d);
    // "The compositor will respond by sending a configure event" when it
    // knows the mode: Shoji always does.
    d->send_configure();
    return d;
}

XdgToplevelDecoration::XdgToplevelDecoration(XdgDecorationManager& manager, wl_resource* resource,
                                             XdgToplevel& toplevel)
    : manager_(&manager), resource_(resource), toplevel_(&toplevel) {
    toplevel_destroy_.connect_destroy(toplevel.resource());
    client_destroy_.connect_client_destroy(wl_resource_get_client(resource));
}

XdgToplevelDecoration::~XdgToplevelDecoration() {
    if (manager_) manager_->decoration_destroyed(this);
}

XdgToplevelDecoration* XdgToplevelDecoration::from(wl_resource* resource) {
    return static_cast<XdgToplevelDecoration*>(wl_resource_get_user_data(resource));
}

void XdgToplevelDecoration::handle_set_mode(uint32_t) {
    // The client's preference is heard and overruled: Shoji answers the mode
    // it was started with (the spec lets the compositor pick).
    send_configure();
}

void XdgToplevelDecoration::handle_unset_mode() { send_configure(); }

void XdgToplevelDecoration::send_configure() {
    if (!toplevel_ || !manager_) return;
    zxdg_toplevel_decoration_v1_send_configure(resource_, manager_->mode() == DecorationMode::Server
                                                              ? ZXDG_TOPLEVEL_DECORATION_V1_MODE_SERVER_SIDE
                                                              : ZXDG_TOPLEVEL_DECORATION_V1_MODE_CLIENT_SIDE);
    // "The configure event is followed by an xdg_surface.configure"; before
    // the initial commit the toplevel sends none (it comes with that commit).
    toplevel_->reconfigure();
}

void XdgToplevelDecoration::toplevel_destroyed() {
    toplevel_ = nullptr;
    toplevel_destroy_.disconnect();
    // xdg-decoration: "xdg_toplevel destroyed before the decoration object".
    // While the client disconnects its objects go in any order: no error then.
    if (!client_gone_)
        post_protocol_error(resource_, ZXDG_TOPLEVEL_DECORATION_V1_ERROR_ORPHANED,
                            "the xdg_toplevel of zxdg_toplevel_decoration_v1 %u was destroyed before it",
                            wl_resource_get_id(resource_));
}

} // namespace shoji
