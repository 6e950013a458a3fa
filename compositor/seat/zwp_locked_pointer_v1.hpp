// zwp_locked_pointer_v1 (pointer-constraints-unstable-v1.xml): a pointer
// lock on one surface (see zwp_pointer_constraints_v1.hpp for when it is
// active). While it is, the pointer stays where it is. The client's cursor
// position hint (double-buffered, surface coordinates) is where the pointer
// goes when the client ends an active lock: "the compositor may warp the
// cursor position to the set cursor position hint", with no relative motion.
#pragma once

#include <cstdint>
#include <memory>

#include <wayland-server-core.h>

#include "seat/zwp_pointer_constraints_v1.hpp"

namespace shoji {

class LockedPointer : public PointerConstraint {
public:
    // The resource owns the object; null if it cannot be made.
    static LockedPointer* create(PointerConstraints& manager, wl_resource* constraints, uint32_t id, Surface* surface,
                                 std::shared_ptr<const Region> region, bool persistent);
    static LockedPointer* from(wl_resource* resource);

    void handle_set_cursor_position_hint(double x, double y);
    // The hint in effect (committed), if any.
    bool has_hint() const { return has_hint_; }
    double hint_x() const { return hint_x_; }
    double hint_y() const { return hint_y_; }

private:
    LockedPointer(PointerConstraints& manager, wl_resource* resource, Surface* surface,
                  std::shared_ptr<const Region> region, bool persistent);
    static void handle_resource_destroy(wl_resource* resource);
    void send_activated() override;
    void send_deactivated() override;
    void state_applied() override;

    bool has_hint_ = false, hint_pending_ = false;
    double hint_x_ = 0, hint_y_ = 0, pending_x_ = 0, pending_y_ = 0;
};

} // namespace shoji
