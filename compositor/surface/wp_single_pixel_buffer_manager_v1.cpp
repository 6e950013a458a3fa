#include "surface/wp_single_pixel_buffer_manager_v1.hpp"

#include "single-pixel-buffer-v1-server-protocol.h"
#include "util/resource.hpp"

namespace shoji {

namespace {
// wayland.xml, wl_buffer: destroy is its only request.
const struct wl_buffer_interface buffer_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};

void destroy_buffer(wl_resource* r) { delete static_cast<SolidColour*>(wl_resource_get_user_data(r)); }

void handle_create_u32_rgba_buffer(wl_client*, wl_resource* manager, uint32_t id, uint32_t r, uint32_t g, uint32_t b,
                                   uint32_t a) {
    // No limit of our own: a buffer is a resource (counted against the
    // client's objects like any other) and 16 bytes. Any four values are
    // valid: the spec names no error (a colour brighter than its alpha
    // saturates when composited).
    wl_resource* res = create_resource(manager, &wl_buffer_interface, 1, id, &buffer_impl, nullptr, destroy_buffer);
    if (!res) return;
    wl_resource_set_user_data(res, new SolidColour{r, g, b, a});
}

const struct wp_single_pixel_buffer_manager_v1_interface manager_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* create_u32_rgba_buffer */ handle_create_u32_rgba_buffer,
};

void bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    create_resource(client, &wp_single_pixel_buffer_manager_v1_interface, version, id, &manager_impl, data, nullptr);
}
} // namespace

const SolidColour* single_pixel_colour(wl_resource* buffer) {
    if (!wl_resource_instance_of(buffer, &wl_buffer_interface, &buffer_impl)) return nullptr;
    return static_cast<const SolidColour*>(wl_resource_get_user_data(buffer));
}

SinglePixelBufferManager::SinglePixelBufferManager(wl_display* display)
    : global_(wl_global_create(display, &wp_single_pixel_buffer_manager_v1_interface, kVersion, this, bind)) {}

SinglePixelBufferManager::~SinglePixelBufferManager() { wl_global_destroy(global_); }

} // namespace shoji
