// FrameReport: what one output frame decided, for observers above the data
// path (--trace, --damage-frames in compositor/observe/).
//
// Output fills one only while a FrameObserver is registered: with none, the
// frame path checks one empty vector and formats, copies and counts nothing.
#pragma once

#include <cstdint>

#include "render/scene_renderer.hpp"
#include "util/region.hpp"

namespace shoji {

class Output;

struct FrameReport {
    uint64_t frame = 0;  // Output::frames_rendered() counting this one
    // How many frames ago the buffer drawn into was last shown (wlroots'
    // swapchain age): 1 = the previous frame's; 0 = never shown, or too old
    // for wlr_output_damage's history (then everything is repainted).
    int buffer_age = 0;
    Region damage;       // this frame's own damage, output pixels
    Region age_damage;   // what buffer age adds: repainted, not damaged this frame
    RenderStats stats;
    RenderReport render; // per view: SRC and OVER areas, occluded views
    bool committed = false; // wlr_output_commit succeeded
    // Direct scanout: the output shows the one client buffer in `render`'s
    // view as it is; nothing was composited (buffer_age is 0, age_damage
    // empty, and that view's src is the frame's damage).
    bool direct = false;
};

class FrameObserver {
public:
    virtual ~FrameObserver() = default;
    // After the frame's commit (Output::read_pixels shows it), before its
    // frame callbacks are answered.
    virtual void frame_drawn(Output& output, const FrameReport& report) = 0;
    // Then: for how many surfaces that frame sent wl_callback.done.
    virtual void frame_done(Output&, const FrameReport&, int /*surfaces_answered*/) {}
};

} // namespace shoji
