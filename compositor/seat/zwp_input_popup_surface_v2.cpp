#include "seat/zwp_input_popup_surface_v2.hpp"

#include <string_view>

#include "input-method-unstable-v2-server-protocol.h"
#include "surface/wl_surface.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
constexpr const char* kRole = "input_popup";

const struct zwp_input_popup_surface_v2_interface popup_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};
void popup_resource_destroy(wl_resource* r) { delete static_cast<InputPopupSurface*>(wl_resource_get_user_data(r)); }
} // namespace

InputPopupSurface* InputPopupSurface::create(wl_resource* input_method, uint32_t id, wl_resource* surface_resource) {
    Surface* surface = Surface::from(surface_resource);
    // Validate, then apply: the role is checked before anything is made.
    if (surface->role_name() && std::string_view(surface->role_name()) != kRole) {
        post_protocol_error(input_method, 0, "get_input_popup_surface: wl_surface@%u already has the role %s",
                            wl_resource_get_id(surface_resource), surface->role_name());
        return nullptr;
    }
    wl_resource* r = create_resource(input_method, &zwp_input_popup_surface_v2_interface,
                                     uint32_t(wl_resource_get_version(input_method)), id, &popup_impl, nullptr,
                                     popup_resource_destroy);
    if (!r) return nullptr;
    auto* popup = new InputPopupSurface(surface);
    if (!surface->set_role(kRole, popup)) {
        // An earlier popup object of this surface still holds the role.
        post_protocol_error(input_method, 0, "get_input_popup_surface: wl_surface@%u already has a popup object",
                            wl_resource_get_id(surface_resource));
        popup->surface_ = nullptr;
    }
    wl_resource_set_user_data(r, popup);
    return popup;
}

InputPopupSurface::~InputPopupSurface() {
    if (surface_) surface_->clear_role(this);
}

void InputPopupSurface::surface_destroyed(Surface& surface) {
    surface.clear_role(this);
    surface_ = nullptr;
}

} // namespace shoji
