#include "seat/zwp_relative_pointer_manager_v1.hpp"

#include <algorithm>

#include "relative-pointer-unstable-v1-server-protocol.h"
#include "seat/wl_seat.hpp"
#include "seat/zwp_relative_pointer_v1.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
RelativePointerManager* manager_of(wl_resource* r) {
    return static_cast<RelativePointerManager*>(wl_resource_get_user_data(r));
}

// The wl_pointer names the seat; Shoji has one, whose motion every relative
// pointer reports.
void handle_get_relative_pointer(wl_client*, wl_resource* r, uint32_t id, wl_resource*) {
    create_relative_pointer(*manager_of(r), r, id);
}

const struct zwp_relative_pointer_manager_v1_interface manager_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* get_relative_pointer */ handle_get_relative_pointer,
};

void bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    create_resource(client, &zwp_relative_pointer_manager_v1_interface, version, id, &manager_impl, data, nullptr);
}
} // namespace

RelativePointerManager::RelativePointerManager(wl_display* display, Seat& seat)
    : seat_(seat),
      global_(wl_global_create(display, &zwp_relative_pointer_manager_v1_interface, kVersion, this, bind)) {
    seat_.on_relative_motion = [this](wl_client* client, double dx, double dy, uint32_t time_ms) {
        relative_motion(client, dx, dy, time_ms);
    };
}

RelativePointerManager::~RelativePointerManager() {
    seat_.on_relative_motion = nullptr;
    wl_global_destroy(global_);
    // Resources that outlive us (display teardown) must not call back.
    for (wl_resource* r : pointers_) wl_resource_set_user_data(r, nullptr);
}

void RelativePointerManager::remove(wl_resource* relative_pointer) {
    pointers_.erase(std::remove(pointers_.begin(), pointers_.end(), relative_pointer), pointers_.end());
}

void RelativePointerManager::relative_motion(wl_client* client, double dx, double dy, uint32_t time_ms) {
    // relative-pointer-unstable-v1.xml: a 64-bit timestamp in microseconds;
    // Shoji's input times are in milliseconds.
    const uint64_t us = uint64_t(time_ms) * 1000;
    const std::vector<wl_resource*> copy = pointers_;
    for (wl_resource* r : copy) {
        if (wl_resource_get_client(r) != client) continue;
        const wl_fixed_t fx = wl_fixed_from_double(dx), fy = wl_fixed_from_double(dy);
        zwp_relative_pointer_v1_send_relative_motion(r, uint32_t(us >> 32), uint32_t(us), fx, fy, fx, fy);
    }
}

} // namespace shoji
