#include "render/buffer_transform.hpp"

namespace shoji {

Sampling output_to_buffer_transform(const BufferGeometry& g, int32_t output_scale,
                                    pixman_transform_t* out) {
    if (g.transform == WL_OUTPUT_TRANSFORM_NORMAL && g.scale == output_scale && !g.viewport.active())
        return Sampling::Direct;
    // p = q / output scale: the surface point of output pixel q (measured
    // from the surface origin); then buffer = m·p + t, viewport included.
    const SurfaceToBuffer m = surface_to_buffer_mapping(g);
    const double k = 1.0 / double(output_scale);
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

pixman_filter_t sampling_filter(const BufferGeometry& g, int32_t output_scale) {
    return whole_pixel_sampling(g, output_scale) ? PIXMAN_FILTER_NEAREST : PIXMAN_FILTER_BILINEAR;
}

} // namespace shoji
