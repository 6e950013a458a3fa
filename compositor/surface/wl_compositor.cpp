#include "surface/wl_compositor.hpp"

#include <wayland-server-protocol.h>

#include "surface/wl_region.hpp"
#include "surface/wl_surface.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
WlCompositor* compositor_of(wl_resource* r) {
    return static_cast<WlCompositor*>(wl_resource_get_user_data(r));
}
void compositor_create_surface(wl_client*, wl_resource* r, uint32_t id) {
    compositor_of(r)->handle_create_surface(r, id);
}
void compositor_create_region(wl_client*, wl_resource* r, uint32_t id) {
    create_wl_region(r, id);
}
const struct wl_compositor_interface compositor_impl = {
    /* create_surface */ compositor_create_surface,
    /* create_region */ compositor_create_region,
};

void compositor_bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    create_resource(client, &wl_compositor_interface, version, id, &compositor_impl, data, nullptr);
}
} // namespace

WlCompositor::WlCompositor(wl_display* display)
    : global_(wl_global_create(display, &wl_compositor_interface, kVersion, this, compositor_bind)) {}

WlCompositor::~WlCompositor() { wl_global_destroy(global_); }

void WlCompositor::handle_create_surface(wl_resource* resource, uint32_t id) {
    // The resource owns the Surface: it deletes itself in its destroy callback.
    Surface::create(resource, id);
}

} // namespace shoji
