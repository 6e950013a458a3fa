#include "seat/pointer_input.hpp"

#include <algorithm>
#include <cmath>

#include "seat/wl_seat.hpp"
#include "surface/stage.hpp"

namespace shoji {

PointerInput::PointerInput(Seat& seat) : seat_(seat) {}

PointerInput::~PointerInput() {
    // What was not framed is dropped; held buttons are released.
    pending_.clear();
    pending_held_ = held_;
    axes_[0] = axes_[1] = Axis{};
    has_source_ = false;
    const std::vector<uint32_t> held = held_;
    for (auto b = held.rbegin(); b != held.rend(); ++b) button(*b, false, 0);
    frame();
}

void PointerInput::map_to_output(wlr_output* output) {
    output_destroy_.disconnect();
    output_ = output;
    if (output_) output_destroy_.connect(&output_->events.destroy);
}

Box PointerInput::layout_area() const {
    const std::vector<OutputArea> outputs = seat_.scene().outputs();
    if (outputs.empty()) return seat_.scene().placement_area();
    Region area;
    for (const OutputArea& o : outputs) area.add(o.box);
    return area.extents();
}

Box PointerInput::absolute_area() const {
    if (output_)
        for (const OutputArea& o : seat_.scene().outputs())
            if (o.wlr == output_) return o.box;
    return layout_area();
}

void PointerInput::queue(const Event& e) {
    if (pending_.size() >= kMaxPendingEvents) frame();
    // Consecutive motions fold into one: a distance adds to the one before,
    // a position replaces whatever motion came before.
    if (!pending_.empty() && e.kind != Event::Button && pending_.back().kind != Event::Button) {
        Event& last = pending_.back();
        if (e.kind == Event::Motion) last.x += e.x, last.y += e.y;
        else last.kind = Event::Warp, last.x = e.x, last.y = e.y;
        last.time_ms = e.time_ms;
        return;
    }
    pending_.push_back(e);
}

void PointerInput::motion(double dx, double dy, uint32_t time_ms) {
    if (!std::isfinite(dx) || !std::isfinite(dy)) return;
    queue({Event::Motion, dx, dy, 0, false, time_ms});
}

void PointerInput::motion_absolute(uint32_t x, uint32_t y, uint32_t x_extent, uint32_t y_extent, uint32_t time_ms) {
    if (x_extent == 0 || y_extent == 0) return;
    const Box area = absolute_area();
    // In double: exact for every uint32 and for the products that matter
    // (a position equal to the extent lands on the far edge).
    const double fx = double(std::min(x, x_extent)) / double(x_extent);
    const double fy = double(std::min(y, y_extent)) / double(y_extent);
    warp(area.x + fx * area.width, area.y + fy * area.height, time_ms);
}

void PointerInput::warp(double x, double y, uint32_t time_ms) {
    if (!std::isfinite(x) || !std::isfinite(y)) return;
    // Layout coordinates are bounded (Region::kLimit): keep the pointer
    // where later integer arithmetic (cursor placement) cannot overflow.
    const double limit = Region::kLimit;
    queue({Event::Warp, std::clamp(x, -limit, limit), std::clamp(y, -limit, limit), 0, false, time_ms});
}

void PointerInput::button(uint32_t button, bool pressed, uint32_t time_ms) {
    auto it = std::find(pending_held_.begin(), pending_held_.end(), button);
    if (pressed == (it != pending_held_.end())) return; // no change
    if (pressed) {
        if (pending_held_.size() >= kMaxHeldButtons) return;
        pending_held_.push_back(button);
    } else {
        pending_held_.erase(it);
    }
    queue({Event::Button, 0, 0, button, pressed, time_ms});
}

void PointerInput::axis(wl_pointer_axis axis, double value, uint32_t time_ms, int32_t discrete) {
    if (axis != WL_POINTER_AXIS_VERTICAL_SCROLL && axis != WL_POINTER_AXIS_HORIZONTAL_SCROLL) return;
    if (!std::isfinite(value)) return;
    Axis& a = axes_[axis];
    a.moved = true;
    a.value += value;
    // Summed in 64 bits, clamped when sent: no overflow however many come.
    a.discrete = std::clamp<int64_t>(a.discrete + discrete, INT32_MIN, INT32_MAX);
    a.time_ms = time_ms;
}

void PointerInput::axis_source(wl_pointer_axis_source source) {
    has_source_ = true;
    source_ = source;
}

void PointerInput::axis_stop(wl_pointer_axis axis, uint32_t time_ms) {
    if (axis != WL_POINTER_AXIS_VERTICAL_SCROLL && axis != WL_POINTER_AXIS_HORIZONTAL_SCROLL) return;
    axes_[axis].stopped = true;
    axes_[axis].stop_time_ms = time_ms;
}

void PointerInput::frame() {
    const std::vector<Event> events = std::move(pending_);
    pending_.clear();
    Axis axes[2] = {axes_[0], axes_[1]};
    axes_[0] = axes_[1] = Axis{};
    const bool scrolled = axes[0].moved || axes[0].stopped || axes[1].moved || axes[1].stopped;
    const bool has_source = has_source_;
    has_source_ = false;
    if (events.empty() && !scrolled) return;

    seat_.begin_pointer_frame();
    for (const Event& e : events) {
        switch (e.kind) {
        case Event::Motion: {
            // A mouse stops at the edges of the outputs.
            const Box area = layout_area();
            const double x = std::clamp(seat_.pointer_x() + e.x, double(area.x), double(area.x) + area.width - 1);
            const double y = std::clamp(seat_.pointer_y() + e.y, double(area.y), double(area.y) + area.height - 1);
            // Relative pointers get the distance, not what the edges left of it.
            seat_.pointer_motion(e.x, e.y, x, y, e.time_ms);
            break;
        }
        case Event::Warp:
            seat_.pointer_warp(e.x, e.y, e.time_ms);
            break;
        case Event::Button: {
            auto it = std::find(held_.begin(), held_.end(), e.button);
            if (e.pressed) held_.push_back(e.button);
            else if (it != held_.end()) held_.erase(it);
            seat_.pointer_button(e.button, e.pressed, e.time_ms);
            break;
        }
        }
    }
    // wayland.xml, wl_pointer.axis_source: sent before the axis events of
    // the frame it describes.
    if (scrolled && has_source) seat_.pointer_axis_source(source_);
    for (uint32_t i = 0; i < 2; ++i) {
        const auto axis = wl_pointer_axis(i);
        if (axes[i].moved) seat_.pointer_axis(axis, axes[i].value, axes[i].time_ms, int32_t(axes[i].discrete));
        if (axes[i].stopped) seat_.pointer_axis_stop(axis, axes[i].stop_time_ms);
    }
    seat_.end_pointer_frame();
}

} // namespace shoji
