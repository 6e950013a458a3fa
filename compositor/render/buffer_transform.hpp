// How output pixels sample a surface's buffer: the buffer transform and
// scale and the viewport's crop and destination size
// (surface/buffer_geometry.hpp), combined with the output scale.
#pragma once

#include <cstdint>

#include <pixman.h>

#include "surface/buffer_geometry.hpp"
#include "util/scale.hpp"

namespace shoji {

// How output pixels sample a surface's buffer, relative to the surface's
// origin on the output (the caller passes dest − origin as pixman's source
// offset). Direct: buffer pixel = output pixel − origin, no transform (pixman's
// fast paths). Transformed: `out` maps (output pixel − origin) to the buffer.
// Unrepresentable: the buffer is too large for pixman's 16.16 fixed point.
enum class Sampling { Direct, Transformed, Unrepresentable };
// `output_scale120`: output pixels per surface unit, in 120ths (util/scale.hpp).
Sampling output_to_buffer_transform(const BufferGeometry& g, int32_t output_scale120,
                                    pixman_transform_t* out);

// The pixman filter for a Transformed sampling.
//
// NEAREST when the scale between output and buffer pixels is a whole number
// either way and the crop's corner is on a pixel boundary
// (whole_pixel_sampling): magnified, every output pixel then lies inside one
// buffer pixel, so NEAREST gives exactly the colour any filter would
// (pixel-exact, crisp, and pixman's fast paths); reduced by a whole number, it
// reads one pixel of each block, as buffer scales always have here.
// BILINEAR otherwise (a viewport scaling by 1.5, or a crop at half a pixel):
// NEAREST would then repeat some columns and rows and drop others (uneven
// stripes, text that wobbles as it scrolls), which the spec's "scaled"
// content should not show; BILINEAR blends the two nearest pixels on each
// axis. The renderer pads the image's edges for it (PIXMAN_REPEAT_PAD), so
// the edges blend with themselves, not with transparent black, and an
// opaque buffer stays opaque to the surface's edge.
//
// On a fractional output scale (1.25), a buffer of scale 1 or 2 without a
// viewport is not whole-pixel: BILINEAR, for the reason above (NEAREST would
// draw every fourth column twice at 1.25). pixman's better filters
// (PIXMAN_FILTER_SEPARABLE_CONVOLUTION, e.g. Lanczos) cost several times as
// much per pixel on every frame and a kernel per scale; bilinear is what
// pixman's fast paths cover and what other pixman compositors use. A client
// that draws at the fractional scale with a viewport (wp_fractional_scale_v1)
// is sampled 1:1: NEAREST, every pixel exactly the client's.
pixman_filter_t sampling_filter(const BufferGeometry& g, int32_t output_scale120);

} // namespace shoji
