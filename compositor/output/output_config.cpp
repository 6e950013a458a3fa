// Output: what changes at run time (`shoji ctl output set`, wlr-randr) and
// what happens as it goes. The frame path is in output.cpp.
#include "output/output.hpp"

#include "surface/wl_surface.hpp"

namespace shoji {

bool Output::reconfigure(int32_t width, int32_t height, int32_t scale120, int32_t refresh_hz) {
    // The headless timer wlroots arms is already stopped (see output.cpp):
    // a new mode only changes the delay it would use, never re-arms it. The
    // mode's refresh (output_->refresh after the commit) is what
    // refresh_period_ns paces the next frames with.
    if (width != output_->width || height != output_->height || refresh_hz != config_.refresh_hz)
        wlr_output_set_custom_mode(output_, width, height, refresh_hz * 1000);
    wlr_output_set_scale(output_, wlroots_scale(scale120));
    if (!wlr_output_commit(output_)) return false;
    config_.width = width;
    config_.height = height;
    config_.refresh_hz = refresh_hz;
    const bool rescaled = config_.scale120 != scale120;
    config_.scale120 = scale120;
    damage_whole();
    if (rescaled && on_surfaces_changed) on_surfaces_changed();
    return true;
}

void Output::leave_all() {
    // wayland.xml, wl_surface.leave: "no longer having any part of it within
    // the scanout region of an output". Only while the wl_output objects
    // work: wlroots makes them inert as the output is destroyed.
    for (const Entered& e : entered_) {
        if (!e.surface) continue;
        wl_client* client = wl_resource_get_client(e.surface);
        wl_resource* r;
        wl_resource_for_each(r, &output_->resources) {
            if (wl_resource_get_client(r) == client) wl_surface_send_leave(e.surface, r);
        }
    }
    entered_.clear();
    if (on_surfaces_changed) on_surfaces_changed();
}

} // namespace shoji
