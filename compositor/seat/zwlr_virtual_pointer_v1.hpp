// zwlr_virtual_pointer_v1: one virtual pointer. Its requests are checked
// (the spec's invalid_axis and invalid_axis_source errors) and handed to a
// PointerInput, which collects them until frame and then feeds the Seat.
// Owned by its resource.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

#include "seat/pointer_input.hpp"
#include "wlr.hpp"

namespace shoji {

class Seat;

class VirtualPointer {
public:
    // Makes the object and its resource (made by `manager`'s
    // create_virtual_pointer*); null (no-memory posted) on failure.
    // `output`: absolute motion covers it (null: the whole layout).
    static VirtualPointer* create(Seat& seat, wl_resource* manager, uint32_t id, wlr_output* output);

    static VirtualPointer* from(wl_resource* resource);
    PointerInput& input() { return input_; }

    void handle_motion(uint32_t time, wl_fixed_t dx, wl_fixed_t dy);
    void handle_motion_absolute(uint32_t time, uint32_t x, uint32_t y, uint32_t x_extent, uint32_t y_extent);
    void handle_button(uint32_t time, uint32_t button, uint32_t state);
    void handle_axis(uint32_t time, uint32_t axis, wl_fixed_t value);
    void handle_frame();
    void handle_axis_source(uint32_t source);
    void handle_axis_stop(uint32_t time, uint32_t axis);
    void handle_axis_discrete(uint32_t time, uint32_t axis, wl_fixed_t value, int32_t discrete);

private:
    VirtualPointer(Seat& seat, wl_resource* resource) : resource_(resource), input_(seat) {}
    // The spec's invalid_axis for anything but vertical or horizontal.
    bool check_axis(uint32_t axis, const char* request);

    wl_resource* resource_;
    PointerInput input_;
};

} // namespace shoji
