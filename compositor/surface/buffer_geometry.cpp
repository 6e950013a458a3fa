#include "surface/buffer_geometry.hpp"

#include <algorithm>

namespace shoji {

BufferAffine surface_to_buffer_affine(const BufferGeometry& g) {
    // W×H: the surface size in buffer pixels. Derived from "flip around the
    // vertical axis, then rotate counter-clockwise" (the spec's wording):
    // rotating a W×H image 90° CCW sends (x, y) to (y, W − x).
    const int64_t W = g.swaps_axes() ? g.buffer_height : g.buffer_width;
    const int64_t H = g.swaps_axes() ? g.buffer_width : g.buffer_height;
    switch (g.transform) {
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

Region buffer_to_surface(const Region& buffer_damage, const BufferGeometry& g) {
    const BufferAffine a = surface_to_buffer_affine(g);
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
    const BufferAffine a = surface_to_buffer_affine(g);
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

} // namespace shoji
