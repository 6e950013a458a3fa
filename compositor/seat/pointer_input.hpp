// PointerInput: injected pointer input, delivered one frame at a time.
//
// The one API for pointer input in frames (the Seat itself takes only
// single events: pointer_warp, pointer_button, pointer_axis). The one
// implementation of pointer input that does not come from a backend device: zwlr_virtual_pointer_v1 (each virtual pointer owns one),
// the WLCS integration's pointer, and callers of the library (the control
// socket, tests). Events are collected, as zwlr_virtual_pointer_v1 asks,
// until frame(), which hands them to the Seat as one group ending in one
// wl_pointer.frame; nothing reaches a client before that. Buttons it still
// holds when it goes are released, so a client that disconnects mid-click
// leaves no implicit grab behind.
//
// Positions: relative motion moves the seat's pointer by a distance and
// stops at the edges of the output layout, as a mouse does; absolute motion
// is a fraction of an area, the output the input is mapped to or else the
// whole layout; warp() puts it at a layout position.
#pragma once

#include <cstdint>
#include <vector>

#include <wayland-server-protocol.h>

#include "util/listener.hpp"
#include "util/region.hpp"
#include "wlr.hpp"

namespace shoji {

class Seat;

class PointerInput {
public:
    // Events waiting for a frame; past this many the ones collected are
    // delivered as a frame of their own first. A frame of a real device has
    // a motion, a few buttons and axes; this bounds what a client that never
    // sends frame can make us hold.
    static constexpr size_t kMaxPendingEvents = 64;
    // Buttons one input may hold down at once; a press past it is dropped
    // (and so, later, its release). Mice have fewer than 16 buttons; it keeps
    // the seat's list of held buttons short whatever a client sends.
    static constexpr size_t kMaxHeldButtons = 16;

    explicit PointerInput(Seat& seat);
    ~PointerInput();
    PointerInput(const PointerInput&) = delete;
    PointerInput& operator=(const PointerInput&) = delete;

    // Absolute motion covers this output from now on (null: the whole
    // layout again); forgotten if the output goes away.
    void map_to_output(wlr_output* output);

    // Moves by (dx, dy) from where the seat's pointer is when the frame is
    // delivered.
    void motion(double dx, double dy, uint32_t time_ms);
    // Moves to x/x_extent across and y/y_extent down the mapped area
    // (positions past the extent are taken as the extent). An extent of 0
    // names no position: the event is dropped.
    void motion_absolute(uint32_t x, uint32_t y, uint32_t x_extent, uint32_t y_extent, uint32_t time_ms);
    // Moves to a layout position.
    void warp(double x, double y, uint32_t time_ms);
    void button(uint32_t button, bool pressed, uint32_t time_ms);
    // A scroll distance along an axis; discrete counts whole steps (0: none).
    // Several in one frame add up.
    void axis(wl_pointer_axis axis, double value, uint32_t time_ms, int32_t discrete = 0);
    void axis_source(wl_pointer_axis_source source);
    void axis_stop(wl_pointer_axis axis, uint32_t time_ms);
    // Delivers what was collected as one frame.
    void frame();

    // The area absolute motion covers now, in layout coordinates.
    Box absolute_area() const;

private:
    struct Event {
        enum Kind { Motion, Warp, Button } kind;
        double x, y; // Motion: distance; Warp: layout position
        uint32_t button;
        bool pressed;
        uint32_t time_ms;
    };
    struct Axis {
        bool moved = false, stopped = false;
        double value = 0;
        int64_t discrete = 0;
        uint32_t time_ms = 0, stop_time_ms = 0;
    };
    void queue(const Event& e);
    // The bounding box of the outputs (where the pointer may go).
    Box layout_area() const;

    Seat& seat_;
    std::vector<Event> pending_;
    Axis axes_[2]; // by wl_pointer_axis
    bool has_source_ = false;
    wl_pointer_axis_source source_ = WL_POINTER_AXIS_SOURCE_WHEEL;
    // Presses delivered and not yet released, as the seat saw them (a press
    // or release that did not change this is not passed on).
    std::vector<uint32_t> held_;
    std::vector<uint32_t> pending_held_; // the same, as of the queued events

    wlr_output* output_ = nullptr;
    Listener output_destroy_{[this](void*) { map_to_output(nullptr); }};
};

} // namespace shoji
