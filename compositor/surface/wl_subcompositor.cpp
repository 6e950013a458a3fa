#include "surface/wl_subcompositor.hpp"

#include <wayland-server-protocol.h>

#include "surface/wl_subsurface.hpp"
#include "surface/wl_surface.hpp"
#include "util/protocol_error.hpp"

namespace shoji {

namespace {
// wayland.xml, get_subsurface: bad_surface if the surface already has a role,
// or if the parent is the surface itself or one of its descendants.
// (wayland.xml 1.22 adds a separate bad_parent code for the latter; the 1.21
// we build against has only bad_surface, so that is what clients get.)
void handle_get_subsurface(wl_client* client, wl_resource* resource, uint32_t id,
                           wl_resource* surface_resource, wl_resource* parent_resource) {
    Surface* surface = Surface::from(surface_resource);
    Surface* parent = Surface::from(parent_resource);
    if (surface->role_name() || surface->role()) {
        post_protocol_error(resource, WL_SUBCOMPOSITOR_ERROR_BAD_SURFACE,
                            "wl_surface@%u already has the role %s", wl_resource_get_id(surface_resource),
                            surface->role_name() ? surface->role_name() : "xdg_surface");
        return;
    }
    for (Surface* p = parent; p;) {
        if (p == surface) {
            post_protocol_error(resource, WL_SUBCOMPOSITOR_ERROR_BAD_SURFACE,
                                "wl_surface@%u cannot be a subsurface of itself or of its descendant wl_surface@%u",
                                wl_resource_get_id(surface_resource), wl_resource_get_id(parent_resource));
            return;
        }
        Subsurface* sub = Subsurface::of(*p);
        p = sub ? sub->parent() : nullptr;
    }
    auto* sub = new Subsurface(client, uint32_t(wl_resource_get_version(resource)), id, *surface, *parent);
    if (!sub->resource()) delete sub;
}

const struct wl_subcompositor_interface subcompositor_impl = {
    [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    handle_get_subsurface,
};

void subcompositor_bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    wl_resource* r = wl_resource_create(client, &wl_subcompositor_interface, int(version), id);
    if (!r) {
        wl_client_post_no_memory(client);
        return;
    }
    wl_resource_set_implementation(r, &subcompositor_impl, data, nullptr);
}
} // namespace

WlSubcompositor::WlSubcompositor(wl_display* display)
    : global_(wl_global_create(display, &wl_subcompositor_interface, kVersion, this, subcompositor_bind)) {}

WlSubcompositor::~WlSubcompositor() { wl_global_destroy(global_); }

} // namespace shoji
