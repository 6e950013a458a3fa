#include "surface/zwp_idle_inhibitor_v1.hpp"

#include "idle-inhibit-unstable-v1-server-protocol.h"
#include "surface/wl_surface.hpp"
#include "surface/zwp_idle_inhibit_manager_v1.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
const struct zwp_idle_inhibitor_v1_interface inhibitor_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};

void destroy_resource(wl_resource* r) { delete IdleInhibitor::from(r); }
} // namespace

IdleInhibitor* IdleInhibitor::create(IdleInhibitManager& manager, wl_resource* parent, uint32_t id, Surface& surface) {
    wl_resource* r =
        create_resource(parent, &zwp_idle_inhibitor_v1_interface, uint32_t(wl_resource_get_version(parent)), id,
                        &inhibitor_impl, nullptr, destroy_resource);
    if (!r) return nullptr;
    auto* i = new IdleInhibitor(manager, surface);
    wl_resource_set_user_data(r, i);
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
