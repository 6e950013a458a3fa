#include "shell/zxdg_positioner_v6.hpp"

#include "shell/xdg_positioner.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"
#include "xdg-shell-server-protocol.h"
#include "xdg-shell-unstable-v6-server-protocol.h"

namespace shoji {

namespace {
PositionerRules& rules_of(wl_resource* r) { return *static_cast<PositionerRules*>(wl_resource_get_user_data(r)); }

// xdg-shell-unstable-v6.xml, set_anchor / set_gravity: a combination of
// edges, at most one per axis ("If two orthogonal edges are specified (e.g.
// 'top' and 'bottom'), then the invalid_input error is raised"). The value
// as xdg_positioner.anchor (the gravity enum has the same values), or
// nothing for a bad combination.
bool stable_point(uint32_t edges, uint32_t& point) {
    constexpr uint32_t top = ZXDG_POSITIONER_V6_ANCHOR_TOP, bottom = ZXDG_POSITIONER_V6_ANCHOR_BOTTOM,
                       left = ZXDG_POSITIONER_V6_ANCHOR_LEFT, right = ZXDG_POSITIONER_V6_ANCHOR_RIGHT;
    if (edges & ~(top | bottom | left | right)) return false;
    if ((edges & (top | bottom)) == (top | bottom) || (edges & (left | right)) == (left | right)) return false;
    const int h = (edges & left) ? -1 : (edges & right) ? 1 : 0;
    const int v = (edges & top) ? -1 : (edges & bottom) ? 1 : 0;
    static constexpr uint32_t points[3][3] = {
        // v = -1 (top), 0, +1 (bottom); each for h = -1, 0, +1.
        {XDG_POSITIONER_ANCHOR_TOP_LEFT, XDG_POSITIONER_ANCHOR_TOP, XDG_POSITIONER_ANCHOR_TOP_RIGHT},
        {XDG_POSITIONER_ANCHOR_LEFT, XDG_POSITIONER_ANCHOR_NONE, XDG_POSITIONER_ANCHOR_RIGHT},
        {XDG_POSITIONER_ANCHOR_BOTTOM_LEFT, XDG_POSITIONER_ANCHOR_BOTTOM, XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT},
    };
    point = points[v + 1][h + 1];
    return true;
}

void handle_set_size(wl_client*, wl_resource* r, int32_t w, int32_t h) {
    if (w <= 0 || h <= 0) {
        post_protocol_error(r, ZXDG_POSITIONER_V6_ERROR_INVALID_INPUT,
                            "set_size %d×%d: width and height must be positive", w, h);
        return;
    }
    rules_of(r).width = w;
    rules_of(r).height = h;
}

void handle_set_anchor_rect(wl_client*, wl_resource* r, int32_t x, int32_t y, int32_t w, int32_t h) {
    // v6, unlike the stable version, wants a positive size here too.
    if (w <= 0 || h <= 0) {
        post_protocol_error(r, ZXDG_POSITIONER_V6_ERROR_INVALID_INPUT,
                            "set_anchor_rect %d×%d at (%d, %d): width and height must be positive", w, h, x, y);
        return;
    }
    rules_of(r).anchor_rect = {x, y, w, h};
    rules_of(r).anchor_rect_set = true;
}

void handle_set_anchor(wl_client*, wl_resource* r, uint32_t anchor) {
    uint32_t point = 0;
    if (!stable_point(anchor, point)) {
        post_protocol_error(r, ZXDG_POSITIONER_V6_ERROR_INVALID_INPUT,
                            "anchor 0x%x: not a combination of at most one of top/bottom and one of left/right",
                            anchor);
        return;
    }
    rules_of(r).anchor = point;
}

void handle_set_gravity(wl_client*, wl_resource* r, uint32_t gravity) {
    uint32_t point = 0;
    if (!stable_point(gravity, point)) {
        post_protocol_error(r, ZXDG_POSITIONER_V6_ERROR_INVALID_INPUT,
                            "gravity 0x%x: not a combination of at most one of top/bottom and one of left/right",
                            gravity);
        return;
    }
    rules_of(r).gravity = point;
}

void handle_set_constraint_adjustment(wl_client*, wl_resource* r, uint32_t adjustment) {
    // The same bits as xdg_positioner's; unknown ones are ignored.
    rules_of(r).constraint_adjustment = adjustment;
}

void handle_set_offset(wl_client*, wl_resource* r, int32_t x, int32_t y) {
    rules_of(r).offset_x = x;
    rules_of(r).offset_y = y;
}

const struct zxdg_positioner_v6_interface positioner_v6_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* set_size */ handle_set_size,
    /* set_anchor_rect */ handle_set_anchor_rect,
    /* set_anchor */ handle_set_anchor,
    /* set_gravity */ handle_set_gravity,
    /* set_constraint_adjustment */ handle_set_constraint_adjustment,
    /* set_offset */ handle_set_offset,
};

void positioner_resource_destroy(wl_resource* r) { delete &rules_of(r); }
} // namespace

wl_resource* create_zxdg_positioner_v6(wl_resource* shell, uint32_t id) {
    wl_resource* r = create_resource(shell, &zxdg_positioner_v6_interface, uint32_t(wl_resource_get_version(shell)),
                                     id, &positioner_v6_impl, nullptr, positioner_resource_destroy);
    if (r) wl_resource_set_user_data(r, new PositionerRules);
    return r;
}

bool is_zxdg_positioner_v6(wl_resource* resource) {
    return wl_resource_instance_of(resource, &zxdg_positioner_v6_interface, &positioner_v6_impl);
}

} // namespace shoji
