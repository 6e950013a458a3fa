#include "surface/wl_subcompositor.hpp"

#include <wayland-server-protocol.h>

#include "surface/wl_subsurface.hpp"
#include "surface/wl_surface.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
// wayland.xml, get_subsurface: bad_surface if the surface already has a role,
// or if the parent is the surface itself or one of its descendants.
// (wayland.xml 1.22 adds a separate bad_parent code for the latter; the 1.21
// we build against has only bad_surface, so that is what clients get.)
//
// The tree limits (wl_subcompositor.hpp) are answered with bad_surface too:
// the spec has no error for them, and of the codes 1.21 offers it is the one
// that is true. It names this interface and this request, and says the
// to-be sub-surface cannot be placed there; wl_display.no_memory would claim
// the compositor is out of memory and wl_display.implementation that it is
// broken, neither of which is so. The message names the limit and the values.
void handle_get_subsurface(wl_client*, wl_resource* resource, uint32_t id,
                           wl_resource* surface_resource, wl_resource* parent_resource) {
    Surface* surface = Surface::from(surface_resource);
    Surface* parent = Surface::from(parent_resource);
    if (surface->role_name() || surface->role()) {
        post_protocol_error(resource, WL_SUBCOMPOSITOR_ERROR_BAD_SURFACE,
                            "wl_surface@%u already has the role %s", wl_resource_get_id(surface_resource),
                            surface->role_name() ? surface->role_name() : "xdg_surface");
        return;
    }
    // Up from the parent to its root: a loop, at most kMaxSubsurfaceDepth
    // steps, since every tree was checked when it was joined.
    int parent_depth = 0;
    const Surface* root = parent;
    for (const Surface* p = parent; p;) {
        if (p == surface) {
            post_protocol_error(resource, WL_SUBCOMPOSITOR_ERROR_BAD_SURFACE,
                                "wl_surface@%u cannot be a subsurface of itself or of its descendant wl_surface@%u",
                                wl_resource_get_id(surface_resource), wl_resource_get_id(parent_resource));
            return;
        }
        root = p;
        const Subsurface* sub = Subsurface::of(*p);
        p = sub ? sub->parent() : nullptr;
        if (p) ++parent_depth;
    }
    // Trees only ever join here, so checking the joined tree keeps every
    // tree within the limits. The surface is a root (it has no role), and
    // brings its own subtree along.
    const TreeShape below = Subsurface::measure(*surface, kMaxSurfacesPerTree);
    const int depth = parent_depth + 1 + below.height;
    if (depth > kMaxSubsurfaceDepth) {
        post_protocol_error(resource, WL_SUBCOMPOSITOR_ERROR_BAD_SURFACE,
                            "get_subsurface would nest wl_surface@%u %d subsurfaces deep; the limit is %d",
                            wl_resource_get_id(surface_resource), depth, kMaxSubsurfaceDepth);
        return;
    }
    const TreeShape tree = Subsurface::measure(*root, kMaxSurfacesPerTree);
    const int surfaces = tree.surfaces + below.surfaces;
    if (surfaces > kMaxSurfacesPerTree) {
        post_protocol_error(resource, WL_SUBCOMPOSITOR_ERROR_BAD_SURFACE,
                            "get_subsurface would make a tree of %d surfaces; the limit is %d",
                            surfaces, kMaxSurfacesPerTree);
        return;
    }
    Subsurface::create(resource, id, *surface, *parent);
}

const struct wl_subcompositor_interface subcompositor_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* get_subsurface */ handle_get_subsurface,
};

void subcompositor_bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    create_resource(client, &wl_subcompositor_interface, version, id, &subcompositor_impl, data, nullptr);
}
} // namespace

WlSubcompositor::WlSubcompositor(wl_display* display)
    : global_(wl_global_create(display, &wl_subcompositor_interface, kVersion, this, subcompositor_bind)) {}

WlSubcompositor::~WlSubcompositor() { wl_global_destroy(global_); }

} // namespace shoji
