#include "render/buffer_transform.hpp"

namespace shoji {

Sampling output_to_buffer_transform(const BufferGeometry& g, int32_t output_scale120,
                                    pixman_transform_t* out) {
    if (g.transform == WL_OUTPUT_TRANSFORM_NORMAL && int64_t(g.scale) * kScaleUnit == output_scale120 &&
        !g.viewport.active())
        return Sampling::Direct;
    // p = q / output scale: the surface point of output pixel q (measured
    // from the surface origin); then buffer = m·p + t, viewport included.
    // A fractional scale's 1:1 case (a viewport destination × scale = the
    // crop's size) gives m·k = 1 exactly in pixman's 16.16 fixed point: the
    // rounding error of the double is far below 2^-16.
    const SurfaceToBuffer m = surface_to_buffer_mapping(g);
    const double k = double(kScaleUnit) / double(output_scale120);
    pixman_f_transform f;
    pixman_f_transform_init_identity(&f);
    f.m[0][0] = k * m.m[0][0];
    f.m[0][1] = k * m.m[0][1];
    f.m[1][0] = k * m.m[1][0];
    f.m[1][1] = k * m.m[1][1];
    f.m[0][2] = m.tx;
    f.m[1][2] = m.ty;
    return pixman_transform_from_pixman_f_transform(out, &f) ? Sampling::Transformed
                                                             : Sampling::Unrepresentable;
}

} // namespace shoji

namespace shoji {

pixman_filter_t sampling_filter(const BufferGeometry& g, int32_t output_scale120) {
    return whole_pixel_sampling(g, output_scale120) ? PIXMAN_FILTER_NEAREST : PIXMAN_FILTER_BILINEAR;
}

} // namespace shoji
