#include "shell/xdg_positioner.hpp"

#include <cassert>

#include "util/protocol_error.hpp"
#include "xdg-shell-server-protocol.h"

namespace shoji {

namespace {
PositionerRules& rules_of(wl_resource* r) {
    return *static_cast<PositionerRules*>(wl_resource_get_user_data(r));
}

void set_size(wl_client*, wl_resource* r, int32_t w, int32_t h) {
    if (w <= 0 || h <= 0) {
        post_protocol_error(r, XDG_POSITIONER_ERROR_INVALID_INPUT,
                            "set_size %d×%d: width and height must be positive", w, h);
        return;
    }
    rules_of(r).width = w;
    rules_of(r).height = h;
}

void set_anchor_rect(wl_client*, wl_resource* r, int32_t x, int32_t y, int32_t w, int32_t h) {
    if (w < 0 || h < 0) {
        post_protocol_error(r, XDG_POSITIONER_ERROR_INVALID_INPUT,
                            "set_anchor_rect %d×%d: width and height must not be negative", w, h);
        return;
    }
    rules_of(r).anchor_rect = {x, y, w, h};
    rules_of(r).anchor_rect_set = true;
}

void set_anchor(wl_client*, wl_resource* r, uint32_t anchor) {
    if (anchor > XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT) {
        post_protocol_error(r, XDG_POSITIONER_ERROR_INVALID_INPUT,
                            "anchor %u is not an xdg_positioner.anchor", anchor);
        return;
    }
    rules_of(r).anchor = anchor;
}

void set_gravity(wl_client*, wl_resource* r, uint32_t gravity) {
    if (gravity > XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT) {
        post_protocol_error(r, XDG_POSITIONER_ERROR_INVALID_INPUT,
                            "gravity %u is not an xdg_positioner.gravity", gravity);
        return;
    }
    rules_of(r).gravity = gravity;
}

void set_constraint_adjustment(wl_client*, wl_resource* r, uint32_t adjustment) {
    rules_of(r).constraint_adjustment = adjustment; // a bitfield: unknown bits are ignored
}

void set_offset(wl_client*, wl_resource* r, int32_t x, int32_t y) {
    rules_of(r).offset_x = x;
    rules_of(r).offset_y = y;
}

void set_reactive(wl_client*, wl_resource* r) { rules_of(r).reactive = true; }

void set_parent_size(wl_client*, wl_resource* r, int32_t w, int32_t h) {
    rules_of(r).parent_width = w;
    rules_of(r).parent_height = h;
}

void set_parent_configure(wl_client*, wl_resource* r, uint32_t serial) {
    rules_of(r).parent_configure = serial;
}

const struct xdg_positioner_interface positioner_impl = {
    [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    set_size, set_anchor_rect, set_anchor, set_gravity, set_constraint_adjustment, set_offset,
    set_reactive, set_parent_size, set_parent_configure,
};

void positioner_resource_destroy(wl_resource* r) { delete &rules_of(r); }
} // namespace

void create_xdg_positioner(wl_client* client, uint32_t version, uint32_t id) {
    wl_resource* r = wl_resource_create(client, &xdg_positioner_interface, int(version), id);
    if (!r) {
        wl_client_post_no_memory(client);
        return;
    }
    wl_resource_set_implementation(r, &positioner_impl, new PositionerRules, positioner_resource_destroy);
}

const PositionerRules& xdg_positioner_rules(wl_resource* resource) {
    assert(wl_resource_instance_of(resource, &xdg_positioner_interface, &positioner_impl));
    return rules_of(resource);
}

} // namespace shoji
