#include "surface/wl_region.hpp"

#include <cassert>

#include <wayland-server-protocol.h>

namespace shoji {

namespace {
Region& region_from(wl_resource* resource) {
    return *static_cast<Region*>(wl_resource_get_user_data(resource));
}

void handle_destroy(wl_client*, wl_resource* resource) { wl_resource_destroy(resource); }

// wayland.xml defines no error for wl_region.add/subtract: any int32
// rectangle is accepted and clamped, never overflowing.
void handle_add(wl_client*, wl_resource* resource, int32_t x, int32_t y, int32_t w, int32_t h) {
    region_from(resource).add_clamped(x, y, w, h);
}
void handle_subtract(wl_client*, wl_resource* resource, int32_t x, int32_t y, int32_t w, int32_t h) {
    region_from(resource).subtract_clamped(x, y, w, h);
}

const struct wl_region_interface region_impl = {handle_destroy, handle_add, handle_subtract};

void handle_resource_destroy(wl_resource* resource) { delete &region_from(resource); }
} // namespace

void create_wl_region(wl_client* client, uint32_t version, uint32_t id) {
    wl_resource* resource = wl_resource_create(client, &wl_region_interface, int(version), id);
    if (!resource) {
        wl_client_post_no_memory(client);
        return;
    }
    wl_resource_set_implementation(resource, &region_impl, new Region, handle_resource_destroy);
}

const Region& wl_region_get(wl_resource* resource) {
    assert(wl_resource_instance_of(resource, &wl_region_interface, &region_impl));
    return region_from(resource);
}

} // namespace shoji
