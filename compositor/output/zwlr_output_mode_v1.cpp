#include "output/zwlr_output_mode_v1.hpp"

#include "output/zwlr_output_head_v1.hpp"
#include "util/resource.hpp"
#include "wlr-output-management-unstable-v1-server-protocol.h"

namespace shoji {

OutputMode* OutputMode::create(OutputHead& head, int32_t width, int32_t height, int32_t refresh_mhz) {
    wl_resource* r = create_resource(head.resource(), &zwlr_output_mode_v1_interface,
                                     wl_resource_get_version(head.resource()), 0, nullptr, nullptr, destroy_resource);
    if (!r) return nullptr;
    auto* mode = new OutputMode(head, r, width, height);
    wl_resource_set_user_data(r, mode);
    zwlr_output_head_v1_send_mode(head.resource(), r);
    zwlr_output_mode_v1_send_size(r, width, height);
    if (refresh_mhz > 0) zwlr_output_mode_v1_send_refresh(r, refresh_mhz);
    return mode;
}

OutputMode* OutputMode::from(wl_resource* resource) { return static_cast<OutputMode*>(wl_resource_get_user_data(resource)); }

void OutputMode::destroy_resource(wl_resource* resource) {
    OutputMode* mode = from(resource);
    if (!mode) return;
    if (mode->head_) mode->head_->mode_destroyed(mode);
    delete mode;
}

void OutputMode::finish() {
    // Version 2 has no release request, and a server-made object's id is
    // only free again once the client destroys its proxy (which it may never
    // say): the resource stays, inert, until the client goes.
    zwlr_output_mode_v1_send_finished(resource_);
    wl_resource_set_user_data(resource_, nullptr);
    if (head_) head_->mode_destroyed(this);
    delete this;
}

} // namespace shoji
