// GestureEvent: one touchpad gesture event, as injected input carries it to
// the Seat (Seat::pointer_gesture) and zwp_pointer_gestures_v1 sends it.
#pragma once

#include <cstdint>

namespace shoji {

struct GestureEvent {
    enum class Kind { Swipe, Pinch, Hold };
    enum class Phase { Begin, Update, End };
    Kind kind = Kind::Swipe;
    Phase phase = Phase::Begin;
    uint32_t time_ms = 0;
    uint32_t fingers = 0;  // begin
    double dx = 0, dy = 0; // update (swipe, pinch): motion since the last event, surface pixels
    double scale = 1;      // update (pinch): distance between fingers relative to begin
    double rotation = 0;   // update (pinch): degrees clockwise since the last event
    bool cancelled = false; // end
};

} // namespace shoji
