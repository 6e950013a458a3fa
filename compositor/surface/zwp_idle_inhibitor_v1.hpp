// zwp_idle_inhibitor_v1: one surface's request that the session not idle.
// Owned by its resource; inert once its surface is destroyed (the spec: it
// then "has no effect").
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

#include "util/listener.hpp"

namespace shoji {

class IdleInhibitManager;
class Surface;

class IdleInhibitor {
public:
    static IdleInhibitor* create(IdleInhibitManager& manager, wl_resource* parent, uint32_t id, Surface& surface);
    ~IdleInhibitor();
    static IdleInhibitor* from(wl_resource* resource);

    Surface* surface() const { return surface_; } // null once destroyed
    void manager_gone() { manager_ = nullptr; }

private:
    IdleInhibitor(IdleInhibitManager& manager, Surface& surface);
    IdleInhibitManager* manager_;
    Surface* surface_;
    Listener surface_destroy_{[this](void*) {
        surface_ = nullptr;
        surface_destroy_.disconnect();
    }};
};

} // namespace shoji
