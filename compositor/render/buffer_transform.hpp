// How output pixels sample a surface's buffer: the buffer transform and
// scale (surface/buffer_geometry.hpp) combined with the output scale.
#pragma once

#include <cstdint>

#include <pixman.h>

#include "surface/buffer_geometry.hpp"

namespace shoji {

// How output pixels sample a surface's buffer, relative to the surface's
// origin on the output (the caller passes dest − origin as pixman's source
// offset). Direct: buffer pixel = output pixel − origin, no transform (pixman's
// fast paths). Transformed: `out` maps (output pixel − origin) to the buffer.
// Unrepresentable: the buffer is too large for pixman's 16.16 fixed point.
enum class Sampling { Direct, Transformed, Unrepresentable };
Sampling output_to_buffer_transform(const BufferGeometry& g, int32_t output_scale,
                                    pixman_transform_t* out);

} // namespace shoji
