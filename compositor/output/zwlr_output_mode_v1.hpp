// zwlr_output_mode_v1: a mode of a head, sent once (size, refresh). It has
// no requests in version 2; finished when the head's mode changes or the
// head goes, then its resource is inert (no OutputMode) until the client
// disconnects.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

namespace shoji {

class OutputHead;

class OutputMode {
public:
    // Sends zwlr_output_head_v1.mode on the head with the new object, then
    // its size and refresh (mHz; none if 0).
    static OutputMode* create(OutputHead& head, int32_t width, int32_t height, int32_t refresh_mhz);
    // Null for a finished mode.
    static OutputMode* from(wl_resource* resource);

    wl_resource* resource() const { return resource_; }
    OutputHead* head() const { return head_; }
    int32_t width() const { return width_; }
    int32_t height() const { return height_; }
    // Sends finished; the resource becomes inert and this is deleted.
    void finish();
    void head_gone() { head_ = nullptr; }

private:
    OutputMode(OutputHead& head, wl_resource* resource, int32_t width, int32_t height)
        : head_(&head), resource_(resource), width_(width), height_(height) {}
    static void destroy_resource(wl_resource* resource);

    OutputHead* head_;
    wl_resource* resource_;
    int32_t width_, height_;
};

} // namespace shoji
