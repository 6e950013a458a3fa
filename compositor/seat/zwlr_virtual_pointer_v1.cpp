#include "seat/zwlr_virtual_pointer_v1.hpp"

#include <cassert>

#include "util/protocol_error.hpp"
#include "util/resource.hpp"
#include "wlr-virtual-pointer-unstable-v1-server-protocol.h"

namespace shoji {

namespace {
VirtualPointer* pointer_of(wl_resource* r) { return static_cast<VirtualPointer*>(wl_resource_get_user_data(r)); }

const struct zwlr_virtual_pointer_v1_interface pointer_impl = {
    /* motion */ [](wl_client*, wl_resource* r, uint32_t time, wl_fixed_t dx, wl_fixed_t dy) {
        pointer_of(r)->handle_motion(time, dx, dy);
    },
    /* motion_absolute */ /* motion_absolute */
    [](wl_client*, wl_resource* r, uint32_t time, uint32_t x, uint32_t y, uint32_t x_extent, uint32_t y_extent) {
        pointer_of(r)->handle_motion_absolute(time, x, y, x_extent, y_extent);
    },
    /* button */ [](wl_client*, wl_resource* r, uint32_t time, uint32_t button, uint32_t state) {
        pointer_of(r)->handle_button(time, button, state);
    },
    /* axis */ [](wl_client*, wl_resource* r, uint32_t time, uint32_t axis, wl_fixed_t value) {
        pointer_of(r)->handle_axis(time, axis, value);
    },
    /* frame */ [](wl_client*, wl_resource* r) { pointer_of(r)->handle_frame(); },
    /* axis_source */ [](wl_client*, wl_resource* r, uint32_t source) { pointer_of(r)->handle_axis_source(source); },
    /* axis_stop */ [](wl_client*, wl_resource* r, uint32_t time, uint32_t axis) {
        pointer_of(r)->handle_axis_stop(time, axis);
    },
    /* axis_discrete */ [](wl_client*, wl_resource* r, uint32_t time, uint32_t axis, wl_fixed_t value, int32_t discrete) {
        pointer_of(r)->handle_axis_discrete(time, axis, value, discrete);
    },
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};

void pointer_resource_destroy(wl_resource* r) { delete pointer_of(r); }
} // namespace

VirtualPointer* VirtualPointer::create(Seat& seat, wl_resource* manager, uint32_t id, wlr_output* output) {
    wl_resource* r = create_resource(manager, &zwlr_virtual_pointer_v1_interface,
                                     uint32_t(wl_resource_get_version(manager)), id, &pointer_impl, nullptr,
                                     pointer_resource_destroy);
    if (!r) return nullptr;
    auto* pointer = new VirtualPointer(seat, r);
    pointer->input_.map_to_output(output);
    wl_resource_set_user_data(r, pointer);
    return pointer;
}

VirtualPointer* VirtualPointer::from(wl_resource* resource) {
    assert(wl_resource_instance_of(resource, &zwlr_virtual_pointer_v1_interface, &pointer_impl));
    return pointer_of(resource);
}

bool VirtualPointer::check_axis(uint32_t axis, const char* request) {
    // The enum is wl_pointer.axis: 0 vertical, 1 horizontal.
    if (axis == WL_POINTER_AXIS_VERTICAL_SCROLL || axis == WL_POINTER_AXIS_HORIZONTAL_SCROLL) return true;
    post_protocol_error(resource_, ZWLR_VIRTUAL_POINTER_V1_ERROR_INVALID_AXIS,
                        "%s: axis %u is not a wl_pointer.axis (0 vertical, 1 horizontal)", request, axis);
    return false;
}

void VirtualPointer::handle_motion(uint32_t time, wl_fixed_t dx, wl_fixed_t dy) {
    input_.motion(wl_fixed_to_double(dx), wl_fixed_to_double(dy), time);
}

void VirtualPointer::handle_motion_absolute(uint32_t time, uint32_t x, uint32_t y, uint32_t x_extent,
                                            uint32_t y_extent) {
    // The spec defines no error for a zero extent; such a position means
    // nothing and PointerInput drops it.
    input_.motion_absolute(x, y, x_extent, y_extent, time);
}

void VirtualPointer::handle_button(uint32_t time, uint32_t button, uint32_t state) {
    // wl_pointer.button_state has two values and the spec defines no error
    // for others: they are ignored.
    if (state != WL_POINTER_BUTTON_STATE_PRESSED && state != WL_POINTER_BUTTON_STATE_RELEASED) return;
    input_.button(button, state == WL_POINTER_BUTTON_STATE_PRESSED, time);
}

void VirtualPointer::handle_axis(uint32_t time, uint32_t axis, wl_fixed_t value) {
    if (!check_axis(axis, "axis")) return;
    input_.axis(wl_pointer_axis(axis), wl_fixed_to_double(value), time);
}

void VirtualPointer::handle_frame() { input_.frame(); }

void VirtualPointer::handle_axis_source(uint32_t source) {
    switch (source) {
    case WL_POINTER_AXIS_SOURCE_WHEEL: case WL_POINTER_AXIS_SOURCE_FINGER:
    case WL_POINTER_AXIS_SOURCE_CONTINUOUS: case WL_POINTER_AXIS_SOURCE_WHEEL_TILT:
        input_.axis_source(wl_pointer_axis_source(source));
        return;
    default:
        post_protocol_error(resource_, ZWLR_VIRTUAL_POINTER_V1_ERROR_INVALID_AXIS_SOURCE,
                            "axis_source: %u is not a wl_pointer.axis_source (0 wheel, 1 finger, 2 continuous, "
                            "3 wheel tilt)", source);
    }
}

void VirtualPointer::handle_axis_stop(uint32_t time, uint32_t axis) {
    if (!check_axis(axis, "axis_stop")) return;
    input_.axis_stop(wl_pointer_axis(axis), time);
}

void VirtualPointer::handle_axis_discrete(uint32_t time, uint32_t axis, wl_fixed_t value, int32_t discrete) {
    if (!check_axis(axis, "axis_discrete")) return;
    input_.axis(wl_pointer_axis(axis), wl_fixed_to_double(value), time, discrete);
}

} // namespace shoji
