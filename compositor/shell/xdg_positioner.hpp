// xdg_positioner: the placement rules of a popup (xdg-shell.xml), and the
// placement they give.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

#include "util/region.hpp"

namespace shoji {

struct PositionerRules {
    int32_t width = 0, height = 0; // set_size
    Box anchor_rect;               // set_anchor_rect
    bool anchor_rect_set = false;
    uint32_t anchor = 0, gravity = 0, constraint_adjustment = 0;
    int32_t offset_x = 0, offset_y = 0;
    bool reactive = false;
    int32_t parent_width = 0, parent_height = 0;
    uint32_t parent_configure = 0;

    // xdg_wm_base.invalid_positioner: "the client provided an invalid
    // positioner" — size and anchor rectangle are required.
    bool complete() const { return width > 0 && height > 0 && anchor_rect_set; }

    // The popup's box relative to the parent's window geometry, kept inside
    // `area` (same coordinates; the output) as far as constraint_adjustment
    // allows: flip first, then slide, then resize (xdg-shell.xml).
    Box place(const Box& area) const;
};

// Creates the xdg_positioner resource made by `wm_base`'s create_positioner;
// it owns its PositionerRules. Null after posting no_memory.
wl_resource* create_xdg_positioner(wl_resource* wm_base, uint32_t id);
// The rules of an xdg_positioner or a zxdg_positioner_v6 (whose user data
// is a PositionerRules too).
const PositionerRules& xdg_positioner_rules(wl_resource* resource);

} // namespace shoji
