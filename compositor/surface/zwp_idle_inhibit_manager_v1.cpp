#include "surface/zwp_idle_inhibit_manager_v1.hpp"

#include <algorithm>

#include "idle-inhibit-unstable-v1-server-protocol.h"
#include "surface/wl_surface.hpp"
#include "surface/zwp_idle_inhibitor_v1.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
IdleInhibitManager* manager_of(wl_resource* r) { return static_cast<IdleInhibitManager*>(wl_resource_get_user_data(r)); }

const struct zwp_idle_inhibit_manager_v1_interface manager_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* create_inhibitor */
    [](wl_client*, wl_resource* r, uint32_t id, wl_resource* surface) {
        manager_of(r)->handle_create_inhibitor(r, id, surface);
    },
};

void bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    create_resource(client, &zwp_idle_inhibit_manager_v1_interface, version, id, &manager_impl, data, nullptr);
}
} // namespace

IdleInhibitManager::IdleInhibitManager(wl_display* display)
    : global_(wl_global_create(display, &zwp_idle_inhibit_manager_v1_interface, kVersion, this, bind)) {}

IdleInhibitManager::~IdleInhibitManager() {
    wl_global_destroy(global_);
    for (IdleInhibitor* i : inhibitors_) i->manager_gone();
}

size_t IdleInhibitManager::inhibitors_on(const Surface* surface) const {
    if (!surface) return 0;
    return size_t(std::count_if(inhibitors_.begin(), inhibitors_.end(),
                                [surface](IdleInhibitor* i) { return i->surface() == surface; }));
}

bool IdleInhibitManager::inhibited() const {
    return std::any_of(inhibitors_.begin(), inhibitors_.end(), [](IdleInhibitor* i) { return i->surface(); });
}

void IdleInhibitManager::handle_create_inhibitor(wl_resource* manager, uint32_t id, wl_resource* surface) {
    // No limit of our own: each inhibitor is a resource (and counts against
    // the client's objects like any other), and costs a few dozen bytes.
    if (IdleInhibitor* i = IdleInhibitor::create(*this, manager, id, *Surface::from(surface))) inhibitors_.push_back(i);
}

void IdleInhibitManager::inhibitor_destroyed(IdleInhibitor* inhibitor) {
    inhibitors_.erase(std::remove(inhibitors_.begin(), inhibitors_.end(), inhibitor), inhibitors_.end());
}

} // namespace shoji
