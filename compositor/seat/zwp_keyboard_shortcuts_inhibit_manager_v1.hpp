// zwp_keyboard_shortcuts_inhibit_manager_v1 (keyboard-shortcuts-inhibit-
// unstable-v1.xml, version 1): remote desktops, VMs and games ask that every
// key reach them, compositor shortcuts included. Shoji has no compositor
// shortcuts, so every key always reaches the focused client; an inhibitor is
// simply `active` while its surface has the keyboard focus and `inactive`
// when it loses it (what the client would see on a desktop that grants it).
#pragma once

#include <cstdint>
#include <vector>

#include <wayland-server-core.h>

namespace shoji {

class Seat;
class ShortcutsInhibitor;
class Surface;

class ShortcutsInhibitManager {
public:
    static constexpr uint32_t kVersion = 1;

    ShortcutsInhibitManager(wl_display* display, Seat& seat);
    ~ShortcutsInhibitManager();
    ShortcutsInhibitManager(const ShortcutsInhibitManager&) = delete;
    ShortcutsInhibitManager& operator=(const ShortcutsInhibitManager&) = delete;

    Seat& seat() const { return seat_; }
    // The keyboard focus moved (to `focus`, maybe null): inhibitors follow.
    void keyboard_focus_changed(Surface* focus);

    void handle_inhibit_shortcuts(wl_resource* manager, uint32_t id, wl_resource* surface, wl_resource* seat);
    void inhibitor_destroyed(ShortcutsInhibitor* inhibitor);

private:
    Seat& seat_;
    wl_global* global_;
    std::vector<ShortcutsInhibitor*> inhibitors_;
};

} // namespace shoji
