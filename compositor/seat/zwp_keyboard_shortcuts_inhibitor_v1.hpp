// zwp_keyboard_shortcuts_inhibitor_v1: one surface's inhibitor on the seat.
// Owned by its resource; sends active / inactive as the keyboard focus comes
// and goes (only on changes). Inert once its surface is destroyed.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

#include "util/listener.hpp"

namespace shoji {

class ShortcutsInhibitManager;
class Surface;

class ShortcutsInhibitor {
public:
    static ShortcutsInhibitor* create(ShortcutsInhibitManager& manager, wl_resource* parent, uint32_t id,
                                      Surface& surface);
    ~ShortcutsInhibitor();
    static ShortcutsInhibitor* from(wl_resource* resource);

    Surface* surface() const { return surface_; } // null once destroyed
    bool active() const { return active_; }
    // Sends active or inactive if that changes.
    void set_active(bool active);
    void manager_gone() { manager_ = nullptr; }

private:
    ShortcutsInhibitor(ShortcutsInhibitManager& manager, wl_resource* resource, Surface& surface);
    ShortcutsInhibitManager* manager_;
    wl_resource* resource_;
    Surface* surface_;
    bool active_ = false;
    Listener surface_destroy_{[this](void*) {
        surface_ = nullptr;
        surface_destroy_.disconnect();
    }};
};

} // namespace shoji
