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
//
// wp_viewport (viewporter.xml) comes last: "the crop and scale is applied
// after the buffer transform and scale": its source rectangle is in the
// surface coordinates those give, and the destination size (or, without
// one, the source size) is the surface size.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

#include <wayland-server-protocol.h>

#include "util/region.hpp"

namespace shoji {

// wp_viewport.set_source / set_destination as committed.
struct ViewportState {
    bool has_source = false; // set_source with a rectangle (all -1: unset)
    // The crop, in wl_fixed_t (1/256) units of the surface coordinates the
    // buffer transform and scale give.
    wl_fixed_t src_x = 0, src_y = 0, src_width = 0, src_height = 0;
    bool has_destination = false; // set_destination with a size (-1, -1: unset)
    int32_t dst_width = 0, dst_height = 0;

    bool active() const { return has_source || has_destination; }
    bool operator==(const ViewportState& o) const {
        return has_source == o.has_source && has_destination == o.has_destination &&
               (!has_source || (src_x == o.src_x && src_y == o.src_y && src_width == o.src_width &&
                                src_height == o.src_height)) &&
               (!has_destination || (dst_width == o.dst_width && dst_height == o.dst_height));
    }
    bool operator!=(const ViewportState& o) const { return !(*this == o); }
};

struct BufferGeometry {
    int32_t buffer_width = 0, buffer_height = 0; // in buffer pixels
    int32_t scale = 1;                           // wl_surface.set_buffer_scale
    wl_output_transform transform = WL_OUTPUT_TRANSFORM_NORMAL;
    ViewportState viewport;                      // wp_viewport

    bool swaps_axes() const { return transform & 1; } // 90, 270 and their flips
    // The surface size the buffer transform and scale give, before the
    // viewport (what set_source's rectangle must lie in).
    int32_t unviewported_width() const { return (swaps_axes() ? buffer_height : buffer_width) / scale; }
    int32_t unviewported_height() const { return (swaps_axes() ? buffer_width : buffer_height) / scale; }
    // The surface size in surface-local (logical) coordinates. viewporter.xml:
    // the destination size if set, else the source size (then whole numbers:
    // Surface::validate posts bad_size otherwise), else the above.
    int32_t surface_width() const {
        if (viewport.has_destination) return viewport.dst_width;
        if (viewport.has_source) return wl_fixed_to_int(viewport.src_width);
        return unviewported_width();
    }
    int32_t surface_height() const {
        if (viewport.has_destination) return viewport.dst_height;
        if (viewport.has_source) return wl_fixed_to_int(viewport.src_height);
        return unviewported_height();
    }
};

// buffer = m·(u, v) + (tx, ty), where (u, v) is a surface point measured in
// buffer pixels: the transform of `g`, for the surface size in buffer pixels.
struct BufferAffine {
    int m[2][2];
    int64_t tx, ty;
};
BufferAffine surface_to_buffer_affine(const BufferGeometry& g);

// The whole mapping, viewport included: buffer pixel = m·p + (tx, ty) for a
// surface-local point p. p = (0, 0) is the source rectangle's corner
// (scaled by the buffer scale, then through the transform); the columns of m
// carry scale × source size / destination size.
struct SurfaceToBuffer {
    double m[2][2];
    double tx, ty;
};
SurfaceToBuffer surface_to_buffer_mapping(const BufferGeometry& g);

// Whether, on an output of this scale (in 120ths), every output pixel lies
// inside one buffer pixel or every buffer pixel covers whole output pixels:
// the scale between them is a whole number either way on both axes, and the
// crop's corner is on a buffer pixel boundary. Always true without a
// viewport (buffer and output scales are whole numbers; Shoji has always
// sampled those with NEAREST). When false, render/ filters bilinearly.
// On a fractional output scale, true only where output and buffer pixels are
// whole multiples (e.g. 1:1, wp_fractional_scale_v1's way).
bool whole_pixel_sampling(const BufferGeometry& g, int32_t output_scale120);
// Whether some output scale may sample this surface bilinearly: true unless
// there is no viewport, or it magnifies by a whole number on both axes with
// the crop's corner on a pixel boundary (then every integer output scale
// magnifies by a whole number too). buffer_to_surface widens damage by one
// buffer pixel when it is.
bool may_filter(const BufferGeometry& g);

// Buffer-coordinate damage (wl_surface.damage_buffer) in surface-local
// coordinates, rounded outwards (through the viewport too: a damaged buffer
// pixel damages every surface point that samples it).
Region buffer_to_surface(const Region& buffer_damage, const BufferGeometry& g);

// The buffer pixels a surface-local box shows (the inverse of the above;
// exact, since scale and transform map whole surface units to whole buffer
// pixels; with a viewport, rounded outwards), clipped to the buffer.
Box surface_to_buffer(const Box& surface_box, const BufferGeometry& g);

} // namespace shoji
