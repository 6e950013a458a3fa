#include "surface/zwp_idle_inhibitor_v1.hpp"

#include "idle-inhibit-unstable-v1-server-protocol.h"
#include "surface/wl_surface.hpp"
#include "surface/zwp_idle_inhibit_manager_v1.hpp"

namespace shoji {

namespace {
const struct zwp_idle_inhibitor_v1_interface inhibitor_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};

void destroy_resource(wl_resource* r) { delete IdleInhibitor::from(r); }
} // namespace

IdleInhibitor* IdleInhibitor::create(IdleInhibitManager& manager, wl_client* client, uint32_t version, uint32_t id,
                                     Surface& surface) {
    wl_resource* r = wl_resource_create(client, &zwp_idle_inhibitor_v1_interface, int(version), id);
    if (!r) {
        wl_client_post_no_memory(client);
        return nullptr;
    }
    auto* i = new IdleInhibitor(manager, surface);
    wl_resource_set_implementation(r, &inhibitor_impl, i, destroy_resource);
    return i;
}

IdleInhibitor::IdleInhibitor(IdleInhibitManager& manager, Surface& surface) : manager_(&manager), surface_(&surface) {
    surface_destroy_.connect_destroy(surface.resource());
}

IdleInhibitor::~IdleInhibitor() {
    if (manager_) manager_->inhibitor_destroyed(this);
}

IdleInhibitor* IdleInhibitor::from(wl_resource* resource) {
    return static_cast<IdleInhibitor*>(wl_resource_get_user_data(resource));
}

} // namespace shoji
