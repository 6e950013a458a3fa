#include "output/zwlr_output_head_v1.hpp"

#include <cmath>

#include "output/zwlr_output_manager_v1.hpp"
#include "output/zwlr_output_mode_v1.hpp"
#include "server.hpp"
#include "util/resource.hpp"
#include "wlr-output-management-unstable-v1-server-protocol.h"

namespace shoji {

OutputHead* OutputHead::create(OutputManager& owner, wl_resource* manager, wlr_output* output) {
    // wlr-output-management: the head is an object the compositor makes
    // (manager.head's new_id), at the manager's version.
    wl_resource* r = create_resource(manager, &zwlr_output_head_v1_interface, wl_resource_get_version(manager), 0,
                                     nullptr, nullptr, destroy_resource);
    if (!r) return nullptr;
    auto* head = new OutputHead(owner, r, output);
    wl_resource_set_user_data(r, head);
    zwlr_output_manager_v1_send_head(manager, r);
    return head;
}

OutputHead::OutputHead(OutputManager& owner, wl_resource* resource, wlr_output* output)
    : owner_(&owner), resource_(resource), output_(output) {}

OutputHead::~OutputHead() {
    if (mode_) mode_->head_gone();
}

OutputHead* OutputHead::from(wl_resource* resource) {
    // A head object's user data is its OutputHead until it is finished.
    return static_cast<OutputHead*>(wl_resource_get_user_data(resource));
}

void OutputHead::destroy_resource(wl_resource* resource) {
    OutputHead* head = from(resource);
    if (!head) return;
    if (head->owner_) head->owner_->head_destroyed(head);
    delete head;
}

void OutputHead::mode_destroyed(OutputMode* mode) {
    if (mode_ == mode) mode_ = nullptr;
}

void OutputHead::send_state() {
    if (!output_ || !owner_) return;
    const uint32_t version = wl_resource_get_version(resource_);
    if (!sent_once_) {
        zwlr_output_head_v1_send_name(resource_, output_->name);
        zwlr_output_head_v1_send_description(resource_, output_->description ? output_->description : output_->name);
        if (output_->phys_width > 0 && output_->phys_height > 0)
            zwlr_output_head_v1_send_physical_size(resource_, output_->phys_width, output_->phys_height);
        if (version >= ZWLR_OUTPUT_HEAD_V1_MAKE_SINCE_VERSION) {
            zwlr_output_head_v1_send_make(resource_, output_->make);
            zwlr_output_head_v1_send_model(resource_, output_->model);
            zwlr_output_head_v1_send_serial_number(resource_, output_->serial);
        }
        zwlr_output_head_v1_send_enabled(resource_, 1);
        zwlr_output_head_v1_send_transform(resource_, output_->transform);
    }
    // The mode: one object per mode the head has had, the current one.
    if (!mode_ || width_ != output_->width || height_ != output_->height || refresh_ != output_->refresh) {
        if (mode_) mode_->finish();
        width_ = output_->width;
        height_ = output_->height;
        refresh_ = output_->refresh;
        mode_ = OutputMode::create(*this, width_, height_, refresh_);
        if (mode_) zwlr_output_head_v1_send_current_mode(resource_, mode_->resource());
    }
    const Output* out = nullptr;
    for (const auto& o : owner_->server().outputs())
        if (o->wlr() == output_) out = o.get();
    const Box box = out ? out->layout_box() : Box{};
    if (!sent_once_ || box.x != x_ || box.y != y_) {
        x_ = box.x;
        y_ = box.y;
        zwlr_output_head_v1_send_position(resource_, x_, y_);
    }
    const int32_t scale = out ? out->scale120() : kScaleUnit;
    if (!sent_once_ || scale != scale_) {
        scale_ = scale;
        // wl_fixed_t has 1/256 steps: 1.25 is exact, 1.2 the nearest step.
        zwlr_output_head_v1_send_scale(resource_, wl_fixed_from_double(double(scale_) / kScaleUnit));
    }
    sent_once_ = true;
}

void OutputHead::finish() {
    // wlr-output-management: finished when the head is gone. Version 2 has
    // no release request (see OutputMode::finish): the resource stays,
    // inert, until the client goes; a configuration naming it is cancelled.
    if (mode_) mode_->finish();
    output_ = nullptr;
    zwlr_output_head_v1_send_finished(resource_);
    wl_resource_set_user_data(resource_, nullptr);
    if (owner_) owner_->head_destroyed(this);
    delete this;
}

} // namespace shoji
