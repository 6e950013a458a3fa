#include "surface/wp_viewporter.hpp"

#include "surface/wl_surface.hpp"
#include "surface/wp_viewport.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"
#include "viewporter-server-protocol.h"

namespace shoji {

namespace {
Viewporter* viewporter_of(wl_resource* r) { return static_cast<Viewporter*>(wl_resource_get_user_data(r)); }

const struct wp_viewporter_interface viewporter_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* get_viewport */
    [](wl_client*, wl_resource* r, uint32_t id, wl_resource* surface) {
        viewporter_of(r)->handle_get_viewport(r, id, surface);
    },
};

void bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    create_resource(client, &wp_viewporter_interface, version, id, &viewporter_impl, data, nullptr);
}
} // namespace

Viewporter::Viewporter(wl_display* display)
    : global_(wl_global_create(display, &wp_viewporter_interface, kVersion, this, bind)) {}

Viewporter::~Viewporter() { wl_global_destroy(global_); }

void Viewporter::handle_get_viewport(wl_resource* viewporter, uint32_t id, wl_resource* surface_resource) {
    Surface* surface = Surface::from(surface_resource);
    // viewporter.xml: "If the given wl_surface already has a wp_viewport
    // object associated, the viewport_exists protocol error is raised."
    if (surface->viewport()) {
        post_protocol_error(viewporter, WP_VIEWPORTER_ERROR_VIEWPORT_EXISTS,
                            "wl_surface@%u already has a wp_viewport (wp_viewport@%u)",
                            wl_resource_get_id(surface_resource), wl_resource_get_id(surface->viewport()));
        return;
    }
    // No limit of our own: one viewport per surface, a few dozen bytes.
    Viewport::create(viewporter, id, *surface);
}

} // namespace shoji
