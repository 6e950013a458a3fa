// Where a surface's buffer pixels land in the surface:
// wl_surface.set_buffer_transform and set_buffer_scale.
//
// wayland.xml, wl_surface.set_buffer_transform: the transform is one "that the
// client has already applied to the content of the buffer"; "the compositor
// applies the inverse of this transformation whenever it uses the buffer
// contents". wl_output.transform: 90 is "90 degrees counter-clockwise", and
// the flipped values are "an initial flip around a vertical axis followed by
// rotation". So buffer = T(surface): a point (u, v) of the surface, measured in
// buffer pixels, is found in the buffer at M_T·(u, v) + t_T (see the .cpp).
// The output side (how output pixels sample the buffer) is in
// render/buffer_transform.hpp.
#pragma once

#include <cstdint>

#include <wayland-server-protocol.h>

#include "util/region.hpp"

namespace shoji {

struct BufferGeometry {
    int32_t buffer_width = 0, buffer_height = 0; // in buffer pixels
    int32_t scale = 1;                           // wl_surface.set_buffer_scale
    wl_output_transform transform = WL_OUTPUT_TRANSFORM_NORMAL;

    bool swaps_axes() const { return transform & 1; } // 90, 270 and their flips
    // The surface size in surface-local (logical) coordinates.
    int32_t surface_width() const { return (swaps_axes() ? buffer_height : buffer_width) / scale; }
    int32_t surface_height() const { return (swaps_axes() ? buffer_width : buffer_height) / scale; }
};

// buffer = m·(u, v) + (tx, ty), where (u, v) is a surface point measured in
// buffer pixels: the transform of `g`, for the surface size in buffer pixels.
struct BufferAffine {
    int m[2][2];
    int64_t tx, ty;
};
BufferAffine surface_to_buffer_affine(const BufferGeometry& g);

// Buffer-coordinate damage (wl_surface.damage_buffer) in surface-local
// coordinates, rounded outwards.
Region buffer_to_surface(const Region& buffer_damage, const BufferGeometry& g);

// The buffer pixels a surface-local box shows (the inverse of the above;
// exact, since scale and transform map whole surface units to whole buffer
// pixels), clipped to the buffer.
Box surface_to_buffer(const Box& surface_box, const BufferGeometry& g);

} // namespace shoji
