#include "seat/zwp_keyboard_shortcuts_inhibitor_v1.hpp"

#include "keyboard-shortcuts-inhibit-unstable-v1-server-protocol.h"
#include "seat/zwp_keyboard_shortcuts_inhibit_manager_v1.hpp"
#include "surface/wl_surface.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
const struct zwp_keyboard_shortcuts_inhibitor_v1_interface inhibitor_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};

void destroy_resource(wl_resource* r) { delete ShortcutsInhibitor::from(r); }
} // namespace

ShortcutsInhibitor* ShortcutsInhibitor::create(ShortcutsInhibitManager& manager, wl_resource* parent, uint32_t id,
                                               Surface& surface) {
    wl_resource* r =
        create_resource(parent, &zwp_keyboard_shortcuts_inhibitor_v1_interface,
                        uint32_t(wl_resource_get_version(parent)), id, &inhibitor_impl, nullptr, destroy_resource);
    if (!r) return nullptr;
    auto* i = new ShortcutsInhibitor(manager, r, surface);
    wl_resource_set_user_data(r, i);
    return i;
}

ShortcutsInhibitor::ShortcutsInhibitor(ShortcutsInhibitManager& manager, wl_resource* resource, Surface& surface)
    : manager_(&manager), resource_(resource), surface_(&surface) {
    surface_destroy_.connect_destroy(surface.resource());
}

ShortcutsInhibitor::~ShortcutsInhibitor() {
    if (manager_) manager_->inhibitor_destroyed(this);
}

ShortcutsInhibitor* ShortcutsInhibitor::from(wl_resource* resource) {
    return static_cast<ShortcutsInhibitor*>(wl_resource_get_user_data(resource));
}

void ShortcutsInhibitor::set_active(bool active) {
    if (active == active_) return;
    active_ = active;
    if (active) zwp_keyboard_shortcuts_inhibitor_v1_send_active(resource_);
    else zwp_keyboard_shortcuts_inhibitor_v1_send_inactive(resource_);
}

} // namespace shoji
