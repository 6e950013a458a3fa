// zwp_confined_pointer_v1 (pointer-constraints-unstable-v1.xml): a pointer
// confinement to a region of one surface (see zwp_pointer_constraints_v1.hpp
// for when it is active). While it is, the pointer moves only within the
// region: a position outside goes to the region's nearest point.
#pragma once

#include <cstdint>
#include <memory>

#include <wayland-server-core.h>

#include "seat/zwp_pointer_constraints_v1.hpp"

namespace shoji {

class ConfinedPointer : public PointerConstraint {
public:
    // The resource owns the object; null if it cannot be made.
    static ConfinedPointer* create(PointerConstraints& manager, wl_resource* constraints, uint32_t id, Surface* surface,
                                   std::shared_ptr<const Region> region, bool persistent);
    static ConfinedPointer* from(wl_resource* resource);

private:
    ConfinedPointer(PointerConstraints& manager, wl_resource* resource, Surface* surface,
                    std::shared_ptr<const Region> region, bool persistent);
    static void handle_resource_destroy(wl_resource* resource);
    void send_activated() override;
    void send_deactivated() override;
};

} // namespace shoji
