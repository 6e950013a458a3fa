#include "shell/zxdg_decoration_manager_v1.hpp"

#include <algorithm>

#include "shell/xdg_surface.hpp"
#include "shell/xdg_toplevel.hpp"
#include "shell/zxdg_toplevel_decoration_v1.hpp"
#include "surface/wl_surface.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"
#include "xdg-decoration-unstable-v1-server-protocol.h"

namespace shoji {

namespace {
XdgDecorationManager* manager_of(wl_resource* r) { return static_cast<XdgDecorationManager*>(wl_resource_get_user_data(r)); }

const struct zxdg_decoration_manager_v1_interface manager_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* get_toplevel_decoration */
    [](wl_client*, wl_resource* r, uint32_t id, wl_resource* toplevel) {
        manager_of(r)->handle_get_toplevel_decoration(r, id, toplevel);
    },
};

void bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    create_resource(client, &zxdg_decoration_manager_v1_interface, version, id, &manager_impl, data, nullptr);
}
} // namespace

XdgDecorationManager::XdgDecorationManager(wl_display* display, DecorationMode mode)
    : mode_(mode), global_(wl_global_create(display, &zxdg_decoration_manager_v1_interface, kVersion, this, bind)) {}

XdgDecorationManager::~XdgDecorationManager() {
    wl_global_destroy(global_);
    for (XdgToplevelDecoration* d : decorations_) d->manager_gone();
}

XdgToplevelDecoration* XdgDecorationManager::decoration_of(const XdgToplevel* toplevel) const {
    for (XdgToplevelDecoration* d : decorations_)
        if (d->toplevel() == toplevel) return d;
    return nullptr;
}

void XdgDecorationManager::handle_get_toplevel_decoration(wl_resource* manager, uint32_t id, wl_resource* resource) {
    XdgToplevel* toplevel = XdgToplevel::from(resource);
    if (!toplevel) return; // an inert xdg_toplevel (its xdg_surface is gone): nothing to decorate
    if (decoration_of(toplevel)) {
        post_protocol_error(manager, ZXDG_TOPLEVEL_DECORATION_V1_ERROR_ALREADY_CONSTRUCTED,
                            "xdg_toplevel %u already has a zxdg_toplevel_decoration_v1",
                            wl_resource_get_id(resource));
        return;
    }
    // xdg-decoration: "xdg_toplevel has a buffer attached before configure".
    XdgSurface* xdg = toplevel->xdg_surface();
    Surface* surface = xdg ? xdg->surface() : nullptr;
    if (surface && !xdg->configured() && (surface->buffer_attached() || surface->buffer())) {
        post_protocol_error(manager, ZXDG_TOPLEVEL_DECORATION_V1_ERROR_UNCONFIGURED_BUFFER,
                            "xdg_toplevel %u has a buffer attached before its first configure was acked: "
                            "get the decoration object before attaching a buffer",
                            wl_resource_get_id(resource));
        return;
    }
    if (XdgToplevelDecoration* d = XdgToplevelDecoration::create(*this, manager, id, *toplevel))
        decorations_.push_back(d);
}

void XdgDecorationManager::decoration_destroyed(XdgToplevelDecoration* decoration) {
    decorations_.erase(std::remove(decorations_.begin(), decorations_.end(), decoration), decorations_.end());
}

} // namespace shoji
