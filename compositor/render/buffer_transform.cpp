#include "render/buffer_transform.hpp"

#include <algorithm>

namespace shoji {

namespace {
// buffer = M·(u, v) + t, where (u, v) is a surface point in buffer pixels and
// W×H the surface size in buffer pixels. Derived from "flip around the
// vertical axis, then rotate counter-clockwise" (the spec's wording):
// rotating a W×H image 90° CCW sends (x, y) to (y, W − x).
struct Affine {
    int m[2][2];
    int64_t tx, ty;
};
Affine surface_to_buffer(wl_output_transform t, int64_t W, int64_t H) {
    switch (t) {
    case WL_OUTPUT_TRANSFORM_NORMAL: return {{{1, 0}, {0, 1}}, 0, 0};
    case WL_OUTPUT_TRANSFORM_90: return {{{0, 1}, {-1, 0}}, 0, W};
    case WL_OUTPUT_TRANSFORM_180: return {{{-1, 0}, {0, -1}}, W, H};
    case WL_OUTPUT_TRANSFORM_270: return {{{0, -1}, {1, 0}}, H, 0};
    case WL_OUTPUT_TRANSFORM_FLIPPED: return {{{-1, 0}, {0, 1}}, W, 0};
    case WL_OUTPUT_TRANSFORM_FLIPPED_90: return {{{0, 1}, {1, 0}}, 0, 0};
    case WL_OUTPUT_TRANSFORM_FLIPPED_180: return {{{1, 0}, {0, -1}}, 0, H};
    case WL_OUTPUT_TRANSFORM_FLIPPED_270: return {{{0, -1}, {-1, 0}}, H, W};
    }
    return {{{1, 0}, {0, 1}}, 0, 0};
}
} // namespace

Region buffer_to_surface(const Region& buffer_damage, const BufferGeometry& g) {
    const int64_t W = g.swaps_axes() ? g.buffer_height : g.buffer_width;
    const int64_t H = g.swaps_axes() ? g.buffer_width : g.buffer_height;
    const Affine a = surface_to_buffer(g.transform, W, H);
    Region surface_units; // surface points, in buffer pixels
    for (const Box& b : buffer_damage.boxes()) {
        // M is orthogonal, so its inverse is its transpose: s = Mᵀ·(b − t).
        int64_t xs[2] = {b.x, int64_t(b.x) + b.width}, ys[2] = {b.y, int64_t(b.y) + b.height};
        int64_t x1 = INT64_MAX, y1 = INT64_MAX, x2 = INT64_MIN, y2 = INT64_MIN;
        for (int64_t bx : xs)
            for (int64_t by : ys) {
                const int64_t dx = bx - a.tx, dy = by - a.ty;
                const int64_t u = a.m[0][0] * dx + a.m[1][0] * dy;
                const int64_t v = a.m[0][1] * dx + a.m[1][1] * dy;
                x1 = std::min(x1, u), x2 = std::max(x2, u);
                y1 = std::min(y1, v), y2 = std::max(y2, v);
            }
        surface_units.add_clamped(x1, y1, x2 - x1, y2 - y1);
    }
    return surface_units.scaled_down(g.scale);
}

Box surface_to_buffer(const Box& b, const BufferGeometry& g) {
    const int64_t W = g.swaps_axes() ? g.buffer_height : g.buffer_width;
    const int64_t H = g.swaps_axes() ? g.buffer_width : g.buffer_height;
    const Affine a = surface_to_buffer(g.transform, W, H);
    // Surface units to buffer pixels, then buffer = M·(u, v) + t at the corners.
    const int64_t us[2] = {int64_t(b.x) * g.scale, (int64_t(b.x) + b.width) * g.scale};
    const int64_t vs[2] = {int64_t(b.y) * g.scale, (int64_t(b.y) + b.height) * g.scale};
    int64_t x1 = INT64_MAX, y1 = INT64_MAX, x2 = INT64_MIN, y2 = INT64_MIN;
    for (int64_t u : us)
        for (int64_t v : vs) {
            const int64_t x = a.m[0][0] * u + a.m[0][1] * v + a.tx;
            const int64_t y = a.m[1][0] * u + a.m[1][1] * v + a.ty;
            x1 = std::min(x1, x), x2 = std::max(x2, x);
            y1 = std::min(y1, y), y2 = std::max(y2, y);
        }
    x1 = std::clamp<int64_t>(x1, 0, g.buffer_width), x2 = std::clamp<int64_t>(x2, 0, g.buffer_width);
    y1 = std::clamp<int64_t>(y1, 0, g.buffer_height), y2 = std::clamp<int64_t>(y2, 0, g.buffer_height);
    return {int32_t(x1), int32_t(y1), int32_t(x2 - x1), int32_t(y2 - y1)};
}

Sampling output_to_buffer_transform(const BufferGeometry& g, int32_t output_scale,
                                    pixman_transform_t* out) {
    if (g.transform == WL_OUTPUT_TRANSFORM_NORMAL && g.scale == output_scale)
        return Sampling::Direct;
    const int64_t W = g.swaps_axes() ? g.buffer_height : g.buffer_width;
    const int64_t H = g.swaps_axes() ? g.buffer_width : g.buffer_height;
    const Affine a = surface_to_buffer(g.transform, W, H);
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
