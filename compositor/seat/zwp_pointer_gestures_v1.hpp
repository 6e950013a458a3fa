// zwp_pointer_gestures_v1 (pointer-gestures-unstable-v1.xml, version 3):
// touchpad swipe, pinch and hold gestures for the surface under the pointer.
// Shoji has no touchpad: gestures are injected (`shoji ctl gesture`, tests)
// through Seat::pointer_gesture, which hands them here. A gesture goes to the
// surface under the pointer at its begin, and its updates and end to that
// same surface (as libinput's gestures do), to every gesture object of that
// kind its client made. A begin while one of the same kind is under way ends
// that one as cancelled first; updates and ends without a begin are dropped.
#pragma once

#include <cstdint>
#include <vector>

#include <wayland-server-core.h>

#include "seat/gesture_event.hpp"
#include "util/listener.hpp"

namespace shoji {

class PointerGesture;
class Seat;
class Surface;

class PointerGestures {
public:
    static constexpr uint32_t kVersion = 3;

    PointerGestures(wl_display* display, Seat& seat);
    ~PointerGestures();
    PointerGestures(const PointerGestures&) = delete;
    PointerGestures& operator=(const PointerGestures&) = delete;

    // Sends one event (Seat::on_gesture); false if it reached no client.
    bool deliver(const GestureEvent& event, Surface* under_pointer);

    void handle_get_gesture(wl_resource* manager, GestureEvent::Kind kind, uint32_t id);
    void gesture_destroyed(PointerGesture* gesture);

private:
    // The gesture under way of one kind.
    struct Active {
        Surface* surface = nullptr; // null: none
        Listener surface_destroy;
    };
    bool send(const GestureEvent& event, Surface* surface);

    wl_display* display_;
    Seat& seat_;
    wl_global* global_;
    std::vector<PointerGesture*> gestures_;
    Active active_[3]; // by Kind
};

} // namespace shoji
