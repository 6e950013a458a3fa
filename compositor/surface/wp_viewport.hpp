// wp_viewport (viewporter.xml): crop (set_source) and scale (set_destination)
// for one wl_surface, double-buffered surface state like the buffer scale
// (SurfaceState::kSource / kDestination). The Surface applies and checks it
// at commit (bad_size, out_of_buffer: Surface::validate_viewport) and samples
// through it (surface/buffer_geometry.hpp); this object only validates the
// requests' values and fills the surface's pending state.
//
// Owned by its resource. Once its wl_surface is destroyed it is inert, and
// every request but destroy is no_surface.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

#include "util/listener.hpp"
#include "util/region.hpp"

namespace shoji {

// The largest destination size kept: a larger width or height is clamped to
// it. Regions (damage, opaque and input areas) clamp every coordinate to
// Region::kLimit already, and sizes past it would overflow int32 sums of a
// position and a size elsewhere (a window's geometry, the output scale).
constexpr int32_t kMaxDestinationSize = int32_t(Region::kLimit);

class Surface;

class Viewport {
public:
    // Null after posting no_memory on `viewporter`.
    static Viewport* create(wl_resource* viewporter, uint32_t id, Surface& surface);
    ~Viewport();
    Viewport(const Viewport&) = delete;
    Viewport& operator=(const Viewport&) = delete;

    Surface* surface() const { return surface_; } // null once destroyed

    void handle_set_source(wl_fixed_t x, wl_fixed_t y, wl_fixed_t width, wl_fixed_t height);
    void handle_set_destination(int32_t width, int32_t height);

private:
    Viewport(wl_resource* resource, Surface& surface);
    // Posts no_surface (naming `request`) if the surface is gone.
    bool surface_alive(const char* request);

    wl_resource* resource_;
    Surface* surface_;
    Listener surface_destroy_{[this](void*) {
        surface_ = nullptr;
        surface_destroy_.disconnect();
    }};
};

} // namespace shoji
