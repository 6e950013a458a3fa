// zwlr_output_head_v1: one output as one bound output manager sees it. The
// head has no requests (version 2); it sends the output's name, description,
// physical size, make and model once, and its mode (one zwlr_output_mode_v1,
// the current one: Shoji's outputs have custom modes only), position,
// transform and scale whenever they change. When the output goes the head
// is finished and its resource stays inert (no OutputHead) until the client
// disconnects: version 2 has no release request.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

#include "util/listener.hpp"
#include "wlr.hpp"

namespace shoji {

class OutputManager;
class OutputMode;

class OutputHead {
public:
    // Sends zwlr_output_manager_v1.head on `manager` with the new object.
    static OutputHead* create(OutputManager& owner, wl_resource* manager, wlr_output* output);
    ~OutputHead();
    OutputHead(const OutputHead&) = delete;
    OutputHead& operator=(const OutputHead&) = delete;

    // Null for a finished head.
    static OutputHead* from(wl_resource* resource);
    wl_resource* resource() const { return resource_; }
    wlr_output* output() const { return output_; }
    OutputMode* mode() const { return mode_; }

    // What changed since last sent (everything, the first time).
    void send_state();
    // The output is gone: finished (its mode too); deletes this.
    void finish();
    // The manager is gone (display teardown): no more calls to it.
    void owner_gone() { owner_ = nullptr; }

    void mode_destroyed(OutputMode* mode);

private:
    OutputHead(OutputManager& owner, wl_resource* resource, wlr_output* output);
    static void destroy_resource(wl_resource* resource);

    OutputManager* owner_;
    wl_resource* resource_;
    wlr_output* output_;
    OutputMode* mode_ = nullptr;
    bool sent_once_ = false;
    int32_t x_ = 0, y_ = 0;
    int32_t scale_ = 0; // in 120ths
    int32_t width_ = 0, height_ = 0, refresh_ = 0;
};

} // namespace shoji
