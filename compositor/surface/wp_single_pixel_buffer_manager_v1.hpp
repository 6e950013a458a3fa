// wp_single_pixel_buffer_manager_v1 (single-pixel-buffer-v1.xml, staging,
// version 1): wl_buffers of one pixel, one colour, made without shared
// memory; clients scale them with a viewport (backgrounds, video letterbox
// bars, toolkit placeholders).
//
// The wl_buffer resource owns its SolidColour and nothing else. A surface that commits it gets an AttachedBuffer of the solid kind
// (shm/attached_buffer.hpp), which keeps the colour for as long as it shows
// it, whether or not the client destroys the wl_buffer.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

#include "shm/attached_buffer.hpp"

namespace shoji {

// The colour of a single-pixel wl_buffer; null for any other wl_buffer (a
// wl_shm one, or one of another kind).
const SolidColour* single_pixel_colour(wl_resource* buffer);

class SinglePixelBufferManager {
public:
    static constexpr uint32_t kVersion = 1;

    explicit SinglePixelBufferManager(wl_display* display);
    ~SinglePixelBufferManager();
    SinglePixelBufferManager(const SinglePixelBufferManager&) = delete;
    SinglePixelBufferManager& operator=(const SinglePixelBufferManager&) = delete;

private:
    wl_global* global_;
};

} // namespace shoji
