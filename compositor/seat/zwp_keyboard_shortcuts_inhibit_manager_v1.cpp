#include "seat/zwp_keyboard_shortcuts_inhibit_manager_v1.hpp"

#include <algorithm>

#include "keyboard-shortcuts-inhibit-unstable-v1-server-protocol.h"
#include "seat/wl_seat.hpp"
#include "seat/zwp_keyboard_shortcuts_inhibitor_v1.hpp"
#include "surface/wl_surface.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
ShortcutsInhibitManager* manager_of(wl_resource* r) {
    return static_cast<ShortcutsInhibitManager*>(wl_resource_get_user_data(r));
}

const struct zwp_keyboard_shortcuts_inhibit_manager_v1_interface manager_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* inhibit_shortcuts */
    [](wl_client*, wl_resource* r, uint32_t id, wl_resource* surface, wl_resource* seat) {
        manager_of(r)->handle_inhibit_shortcuts(r, id, surface, seat);
    },
};

void bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    create_resource(client, &zwp_keyboard_shortcuts_inhibit_manager_v1_interface, version, id, &manager_impl, data,
                    nullptr);
}
} // namespace

ShortcutsInhibitManager::ShortcutsInhibitManager(wl_display* display, Seat& seat)
    : seat_(seat),
      global_(wl_global_create(display, &zwp_keyboard_shortcuts_inhibit_manager_v1_interface, kVersion, this, bind)) {}

ShortcutsInhibitManager::~ShortcutsInhibitManager() {
    wl_global_destroy(global_);
    for (ShortcutsInhibitor* i : inhibitors_) i->manager_gone();
}

void ShortcutsInhibitManager::keyboard_focus_changed(Surface* focus) {
    for (ShortcutsInhibitor* i : inhibitors_)
        if (i->surface()) i->set_active(i->surface() == focus);
}

void ShortcutsInhibitManager::handle_inhibit_shortcuts(wl_resource* manager, uint32_t id, wl_resource* surface_resource,
                                                       wl_resource*) {
    // The seat argument is Shoji's one wl_seat: "the surface already has an
    // inhibitor on this seat" is one per surface.
    Surface* surface = Surface::from(surface_resource);
    const bool taken = std::any_of(inhibitors_.begin(), inhibitors_.end(),
                                   [surface](ShortcutsInhibitor* i) { return i->surface() == surface; });
    if (taken) {
        post_protocol_error(manager, ZWP_KEYBOARD_SHORTCUTS_INHIBIT_MANAGER_V1_ERROR_ALREADY_INHIBITED,
                            "wl_surface %u already has a zwp_keyboard_shortcuts_inhibitor_v1 on this seat",
                            wl_resource_get_id(surface_resource));
        return;
    }
    ShortcutsInhibitor* i = ShortcutsInhibitor::create(*this, manager, id, *surface);
    if (!i) return;
    inhibitors_.push_back(i);
    // Granted at once if the surface already has the focus.
    i->set_active(seat_.keyboard_focus() == surface);
}

void ShortcutsInhibitManager::inhibitor_destroyed(ShortcutsInhibitor* inhibitor) {
    inhibitors_.erase(std::remove(inhibitors_.begin(), inhibitors_.end(), inhibitor), inhibitors_.end());
}

} // namespace shoji
