#include "seat/zwp_confined_pointer_v1.hpp"

#include <cassert>

#include "pointer-constraints-unstable-v1-server-protocol.h"
#include "util/resource.hpp"

namespace shoji {

namespace {
ConfinedPointer* confined_of(wl_resource* r) { return static_cast<ConfinedPointer*>(wl_resource_get_user_data(r)); }

const struct zwp_confined_pointer_v1_interface confined_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* set_region */ [](wl_client*, wl_resource* r, wl_resource* region) { confined_of(r)->handle_set_region(region); },
};
} // namespace

ConfinedPointer::ConfinedPointer(PointerConstraints& manager, wl_resource* resource, Surface* surface,
                                 std::shared_ptr<const Region> region, bool persistent)
    : PointerConstraint(manager, Kind::Confine, resource, surface, std::move(region), persistent) {}

ConfinedPointer* ConfinedPointer::create(PointerConstraints& manager, wl_resource* constraints, uint32_t id,
                                         Surface* surface, std::shared_ptr<const Region> region, bool persistent) {
    wl_resource* r =
        create_resource(constraints, &zwp_confined_pointer_v1_interface, uint32_t(wl_resource_get_version(constraints)),
                        id, &confined_impl, nullptr, &ConfinedPointer::handle_resource_destroy);
    if (!r) return nullptr;
    auto* confined = new ConfinedPointer(manager, r, surface, std::move(region), persistent);
    wl_resource_set_user_data(r, confined);
    return confined;
}

ConfinedPointer* ConfinedPointer::from(wl_resource* resource) {
    assert(wl_resource_instance_of(resource, &zwp_confined_pointer_v1_interface, &confined_impl));
    return confined_of(resource);
}

void ConfinedPointer::handle_resource_destroy(wl_resource* resource) {
    ConfinedPointer* self = confined_of(resource);
    self->resource_destroyed();
    delete self;
}

void ConfinedPointer::send_activated() { zwp_confined_pointer_v1_send_confined(resource_); }
void ConfinedPointer::send_deactivated() { zwp_confined_pointer_v1_send_unconfined(resource_); }

} // namespace shoji
