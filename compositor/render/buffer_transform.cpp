#include "render/buffer_transform.hpp"

namespace shoji {

Sampling output_to_buffer_transform(const BufferGeometry& g, int32_t output_scale,
                                    pixman_transform_t* out) {
    if (g.transform == WL_OUTPUT_TRANSFORM_NORMAL && g.scale == output_scale)
        return Sampling::Direct;
    const BufferAffine a = surface_to_buffer_affine(g);
    // (u, v) = k·p with k = buffer scale / output scale, p measured from the
    // surface origin in output pixels; then buffer = M·(u, v) + t.
    const double k = double(g.scale) / double(output_scale);
    pixman_f_transform f;
    pixman_f_transform_init_identity(&f);
    f.m[0][0] = k * a.m[0][0];
    f.m[0][1] = k * a.m[0][1];
    f.m[1][0] = k * a.m[1][0];
    f.m[1][1] = k * a.m[1][1];
    f.m[0][2] = double(a.tx);
    f.m[1][2] = double(a.ty);
    return pixman_transform_from_pixman_f_transform(out, &f) ? Sampling::Transformed
                                                             : Sampling::Unrepresentable;
}

} // namespace shoji
