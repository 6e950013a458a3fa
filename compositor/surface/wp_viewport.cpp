#include "surface/wp_viewport.hpp"

#include <algorithm>

#include "surface/wl_surface.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"
#include "viewporter-server-protocol.h"

namespace shoji {

namespace {
Viewport* viewport_of(wl_resource* r) { return static_cast<Viewport*>(wl_resource_get_user_data(r)); }

const struct wp_viewport_interface viewport_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* set_source */
    [](wl_client*, wl_resource* r, wl_fixed_t x, wl_fixed_t y, wl_fixed_t w, wl_fixed_t h) {
        viewport_of(r)->handle_set_source(x, y, w, h);
    },
    /* set_destination */
    [](wl_client*, wl_resource* r, int32_t w, int32_t h) { viewport_of(r)->handle_set_destination(w, h); },
};

void destroy_resource(wl_resource* r) { delete viewport_of(r); }
} // namespace

Viewport* Viewport::create(wl_resource* viewporter, uint32_t id, Surface& surface) {
    wl_resource* r = create_resource(viewporter, &wp_viewport_interface, uint32_t(wl_resource_get_version(viewporter)),
                                     id, &viewport_impl, nullptr, destroy_resource);
    if (!r) return nullptr;
    auto* viewport = new Viewport(r, surface);
    wl_resource_set_user_data(r, viewport);
    return viewport;
}

Viewport::Viewport(wl_resource* resource, Surface& surface) : resource_(resource), surface_(&surface) {
    surface_destroy_.connect_destroy(surface.resource());
    surface.set_viewport(resource);
}

Viewport::~Viewport() {
    if (!surface_) return;
    // viewporter.xml, destroy: "The associated wl_surface's crop and scale
    // state is removed. The change is applied on the next wl_surface.commit."
    surface_->set_pending_source(false, 0, 0, 0, 0);
    surface_->set_pending_destination(false, 0, 0);
    surface_->set_viewport(nullptr);
}

bool Viewport::surface_alive(const char* request) {
    if (surface_) return true;
    // "If the wl_surface associated with the wp_viewport is destroyed, all
    // wp_viewport requests except 'destroy' raise the protocol error
    // no_surface."
    post_protocol_error(resource_, WP_VIEWPORT_ERROR_NO_SURFACE,
                        "wp_viewport@%u.%s after its wl_surface was destroyed", wl_resource_get_id(resource_),
                        request);
    return false;
}

void Viewport::handle_set_source(wl_fixed_t x, wl_fixed_t y, wl_fixed_t width, wl_fixed_t height) {
    if (!surface_alive("set_source")) return;
    const wl_fixed_t unset = wl_fixed_from_int(-1);
    // "If all of x, y, width and height are -1.0, the source rectangle is
    // unset instead. Any other set of values where width or height are zero
    // or negative, or x or y are negative, raise the bad_value protocol error."
    if (x == unset && y == unset && width == unset && height == unset) {
        surface_->set_pending_source(false, 0, 0, 0, 0);
        return;
    }
    if (x < 0 || y < 0 || width <= 0 || height <= 0) {
        post_protocol_error(resource_, WP_VIEWPORT_ERROR_BAD_VALUE,
                            "source rectangle %.3f,%.3f %.3f×%.3f: x and y must be ≥ 0, width and height > 0 "
                            "(or all -1 to unset)",
                            wl_fixed_to_double(x), wl_fixed_to_double(y), wl_fixed_to_double(width),
                            wl_fixed_to_double(height));
        return;
    }
    surface_->set_pending_source(true, x, y, width, height);
}

void Viewport::handle_set_destination(int32_t width, int32_t height) {
    if (!surface_alive("set_destination")) return;
    // "If width is -1 and height is -1, the destination size is unset
    // instead. Any other pair of values for width and height that contains
    // zero or negative values raises the bad_value protocol error."
    if (width == -1 && height == -1) {
        surface_->set_pending_destination(false, 0, 0);
        return;
    }
    if (width <= 0 || height <= 0) {
        post_protocol_error(resource_, WP_VIEWPORT_ERROR_BAD_VALUE,
                            "destination size %d×%d: both must be > 0 (or both -1 to unset)", width, height);
        return;
    }
    // Past kMaxDestinationSize the size is clamped, not refused: the spec
    // defines no error for a large size, and no output shows that much.
    surface_->set_pending_destination(true, std::min(width, kMaxDestinationSize), std::min(height, kMaxDestinationSize));
}

} // namespace shoji
