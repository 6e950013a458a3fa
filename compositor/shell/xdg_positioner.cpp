#include "shell/xdg_positioner.hpp"

#include <cassert>

#include "shell/zxdg_positioner_v6.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"
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
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* set_size */ set_size,
    /* set_anchor_rect */ set_anchor_rect,
    /* set_anchor */ set_anchor,
    /* set_gravity */ set_gravity,
    /* set_constraint_adjustment */ set_constraint_adjustment,
    /* set_offset */ set_offset,
    /* set_reactive */ set_reactive,
    /* set_parent_size */ set_parent_size,
    /* set_parent_configure */ set_parent_configure,
};

void positioner_resource_destroy(wl_resource* r) { delete &rules_of(r); }
} // namespace

namespace {
// Which way an anchor or gravity points on each axis: -1 left/top, 0 centre,
// +1 right/bottom. The anchor and gravity enums share their values.
int horizontal(uint32_t e) {
    switch (e) {
    case XDG_POSITIONER_ANCHOR_LEFT: case XDG_POSITIONER_ANCHOR_TOP_LEFT: case XDG_POSITIONER_ANCHOR_BOTTOM_LEFT: return -1;
    case XDG_POSITIONER_ANCHOR_RIGHT: case XDG_POSITIONER_ANCHOR_TOP_RIGHT: case XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT: return 1;
    default: return 0;
    }
}
int vertical(uint32_t e) {
    switch (e) {
    case XDG_POSITIONER_ANCHOR_TOP: case XDG_POSITIONER_ANCHOR_TOP_LEFT: case XDG_POSITIONER_ANCHOR_TOP_RIGHT: return -1;
    case XDG_POSITIONER_ANCHOR_BOTTOM: case XDG_POSITIONER_ANCHOR_BOTTOM_LEFT: case XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT: return 1;
    default: return 0;
    }
}
// The unconstrained box for given anchor/gravity directions.
Box unconstrained(const PositionerRules& r, int ah, int av, int gh, int gv) {
    const Box& a = r.anchor_rect;
    const int64_t ax = ah < 0 ? a.x : ah > 0 ? int64_t(a.x) + a.width : a.x + a.width / 2;
    const int64_t ay = av < 0 ? a.y : av > 0 ? int64_t(a.y) + a.height : a.y + a.height / 2;
    const int64_t x = gh < 0 ? ax - r.width : gh > 0 ? ax : ax - r.width / 2;
    const int64_t y = gv < 0 ? ay - r.height : gv > 0 ? ay : ay - r.height / 2;
    Region box;
    box.add_clamped(x + r.offset_x, y + r.offset_y, r.width, r.height);
    return box.extents();
}

bool fits_x(const Box& b, const Box& area) { return b.x >= area.x && b.x + b.width <= area.x + area.width; }
bool fits_y(const Box& b, const Box& area) { return b.y >= area.y && b.y + b.height <= area.y + area.height; }
} // namespace

Box PositionerRules::place(const Box& area) const {
    int ah = horizontal(anchor), av = vertical(anchor), gh = horizontal(gravity), gv = vertical(gravity);
    Box box = unconstrained(*this, ah, av, gh, gv);
    // Flip: mirror anchor and gravity on an axis; keep it only if it fits.
    if (!fits_x(box, area) && (constraint_adjustment & XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_FLIP_X)) {
        const Box flipped = unconstrained(*this, -ah, av, -gh, gv);
        if (fits_x(flipped, area)) box = flipped, ah = -ah, gh = -gh;
    }
    if (!fits_y(box, area) && (constraint_adjustment & XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_FLIP_Y)) {
        const Box flipped = unconstrained(*this, ah, -av, gh, -gv);
        if (fits_y(flipped, area)) box.y = flipped.y;
    }
    // Slide: move along the axis until the popup is inside (its top-left
    // edge wins when it is larger than the area).
    if (!fits_x(box, area) && (constraint_adjustment & XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_SLIDE_X)) {
        if (box.x + box.width > area.x + area.width) box.x = area.x + area.width - box.width;
        if (box.x < area.x) box.x = area.x;
    }
    if (!fits_y(box, area) && (constraint_adjustment & XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_SLIDE_Y)) {
        if (box.y + box.height > area.y + area.height) box.y = area.y + area.height - box.height;
        if (box.y < area.y) box.y = area.y;
    }
    // Resize: cut off what is still outside.
    if (!fits_x(box, area) && (constraint_adjustment & XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_RESIZE_X)) {
        Region r(box);
        r.intersect(Box{area.x, box.y, area.width, box.height});
        if (!r.empty()) box = r.extents();
    }
    if (!fits_y(box, area) && (constraint_adjustment & XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_RESIZE_Y)) {
        Region r(box);
        r.intersect(Box{box.x, area.y, box.width, area.height});
        if (!r.empty()) box = r.extents();
    }
    return box;
}

wl_resource* create_xdg_positioner(wl_resource* wm_base, uint32_t id) {
    wl_resource* r = create_resource(wm_base, &xdg_positioner_interface, uint32_t(wl_resource_get_version(wm_base)), id,
                                     &positioner_impl, nullptr, positioner_resource_destroy);
    if (r) wl_resource_set_user_data(r, new PositionerRules);
    return r;
}

const PositionerRules& xdg_positioner_rules(wl_resource* resource) {
    assert(wl_resource_instance_of(resource, &xdg_positioner_interface, &positioner_impl) ||
           is_zxdg_positioner_v6(resource));
    return rules_of(resource);
}

} // namespace shoji
