#include "seat/zwp_locked_pointer_v1.hpp"

#include <cassert>
#include <cmath>

#include "pointer-constraints-unstable-v1-server-protocol.h"
#include "seat/wl_seat.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
LockedPointer* locked_of(wl_resource* r) { return static_cast<LockedPointer*>(wl_resource_get_user_data(r)); }

const struct zwp_locked_pointer_v1_interface locked_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* set_cursor_position_hint */
    [](wl_client*, wl_resource* r, wl_fixed_t x, wl_fixed_t y) {
        locked_of(r)->handle_set_cursor_position_hint(wl_fixed_to_double(x), wl_fixed_to_double(y));
    },
    /* set_region */ [](wl_client*, wl_resource* r, wl_resource* region) { locked_of(r)->handle_set_region(region); },
};
} // namespace

LockedPointer::LockedPointer(PointerConstraints& manager, wl_resource* resource, Surface* surface,
                             std::shared_ptr<const Region> region, bool persistent)
    : PointerConstraint(manager, Kind::Lock, resource, surface, std::move(region), persistent) {}

LockedPointer* LockedPointer::create(PointerConstraints& manager, wl_resource* constraints, uint32_t id,
                                     Surface* surface, std::shared_ptr<const Region> region, bool persistent) {
    wl_resource* r =
        create_resource(constraints, &zwp_locked_pointer_v1_interface, uint32_t(wl_resource_get_version(constraints)),
                        id, &locked_impl, nullptr, &LockedPointer::handle_resource_destroy);
    if (!r) return nullptr;
    auto* locked = new LockedPointer(manager, r, surface, std::move(region), persistent);
    wl_resource_set_user_data(r, locked);
    return locked;
}

LockedPointer* LockedPointer::from(wl_resource* resource) {
    assert(wl_resource_instance_of(resource, &zwp_locked_pointer_v1_interface, &locked_impl));
    return locked_of(resource);
}

void LockedPointer::handle_resource_destroy(wl_resource* resource) {
    LockedPointer* self = locked_of(resource);
    // An active lock the client ends: the pointer goes to the hint, if the
    // client gave one and the surface is shown (the spec: no relative
    // motion for it; Seat::pointer_warp sends none).
    double x = 0, y = 0;
    const bool warp = self->active() && self->has_hint_ && self->manager_.surface_origin(self->surface(), x, y);
    self->resource_destroyed(); // the lock ends: the pointer may move again
    if (warp) {
        Seat& seat = self->manager_.seat();
        seat.pointer_warp(x + self->hint_x_, y + self->hint_y_, seat.last_input_time_ms());
    }
    delete self;
}

void LockedPointer::handle_set_cursor_position_hint(double x, double y) {
    // Double-buffered: pointer-constraints-unstable-v1.xml, "The new hint
    // will only take effect when the associated surface gets it pending
    // state applied."
    pending_x_ = x, pending_y_ = y;
    hint_pending_ = true;
}

void LockedPointer::state_applied() {
    if (!hint_pending_) return;
    hint_x_ = pending_x_, hint_y_ = pending_y_;
    has_hint_ = true;
    hint_pending_ = false;
}

void LockedPointer::send_activated() { zwp_locked_pointer_v1_send_locked(resource_); }
void LockedPointer::send_deactivated() { zwp_locked_pointer_v1_send_unlocked(resource_); }

} // namespace shoji
