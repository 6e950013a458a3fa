#include "surface/buffer_geometry.hpp"

#include <algorithm>
#include <cmath>

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

SurfaceToBuffer surface_to_buffer_mapping(const BufferGeometry& g) {
    const BufferAffine a = surface_to_buffer_affine(g);
    const ViewportState& vp = g.viewport;
    // (u, v) = scale·(origin + ratio·p): the surface point before the viewport,
    // in buffer pixels; then buffer = M·(u, v) + t.
    const double ox = vp.has_source ? wl_fixed_to_double(vp.src_x) : 0.0;
    const double oy = vp.has_source ? wl_fixed_to_double(vp.src_y) : 0.0;
    const double sw = vp.has_source ? wl_fixed_to_double(vp.src_width) : double(g.unviewported_width());
    const double sh = vp.has_source ? wl_fixed_to_double(vp.src_height) : double(g.unviewported_height());
    const int32_t dw = g.surface_width(), dh = g.surface_height();
    const double rx = dw > 0 ? sw / dw : 1.0, ry = dh > 0 ? sh / dh : 1.0;
    const double s = double(g.scale);
    SurfaceToBuffer out;
    for (int i = 0; i < 2; ++i) {
        out.m[i][0] = a.m[i][0] * s * rx;
        out.m[i][1] = a.m[i][1] * s * ry;
    }
    out.tx = a.m[0][0] * s * ox + a.m[0][1] * s * oy + double(a.tx);
    out.ty = a.m[1][0] * s * ox + a.m[1][1] * s * oy + double(a.ty);
    return out;
}

namespace {
// The source size along the surface's axes, in wl_fixed_t units.
int64_t source_width_fixed(const BufferGeometry& g) {
    return g.viewport.has_source ? g.viewport.src_width : int64_t(g.unviewported_width()) * 256;
}
int64_t source_height_fixed(const BufferGeometry& g) {
    return g.viewport.has_source ? g.viewport.src_height : int64_t(g.unviewported_height()) * 256;
}
// The crop's corner is on a buffer pixel boundary: scale·src_x is whole.
bool corner_on_pixel(const BufferGeometry& g) {
    if (!g.viewport.has_source) return true;
    return (int64_t(g.scale) * g.viewport.src_x) % 256 == 0 && (int64_t(g.scale) * g.viewport.src_y) % 256 == 0;
}
// Output pixels per buffer pixel along one axis = out / in (both positive):
// a whole number, or its inverse one.
bool whole_ratio(int64_t out, int64_t in, bool magnify_only) {
    if (out <= 0 || in <= 0) return false;
    return out % in == 0 || (!magnify_only && in % out == 0);
}
} // namespace

bool whole_pixel_sampling(const BufferGeometry& g, int32_t output_scale120) {
    // Without a viewport on a whole output scale: whole numbers both ways.
    if (!g.viewport.active() && output_scale120 % 120 == 0) return true;
    // Output pixels per buffer pixel: output_scale · destination / (scale · source),
    // the output scale in 120ths.
    const int64_t s = output_scale120;
    return corner_on_pixel(g) &&
           whole_ratio(s * g.surface_width() * 256, int64_t(g.scale) * source_width_fixed(g) * 120, false) &&
           whole_ratio(s * g.surface_height() * 256, int64_t(g.scale) * source_height_fixed(g) * 120, false);
}

bool may_filter(const BufferGeometry& g) {
    if (!g.viewport.active()) return false;
    return !(corner_on_pixel(g) &&
             whole_ratio(int64_t(g.surface_width()) * 256, int64_t(g.scale) * source_width_fixed(g), true) &&
             whole_ratio(int64_t(g.surface_height()) * 256, int64_t(g.scale) * source_height_fixed(g), true));
}

namespace {
// A double rounded to a coordinate Region::add_clamped takes (clamped far
// outside any surface, so no conversion overflows).
int64_t to_coordinate(double v) {
    constexpr double kFar = double(int64_t(1) << 40);
    return int64_t(std::clamp(v, -kFar, kFar));
}
// Rounding outwards, but a value a rounding error away from a whole number
// is that number (a ratio such as 1/3 is not exact in a double).
constexpr double kSnap = 1e-6;
int64_t floor_to(double v) { return to_coordinate(std::floor(v + kSnap)); }
int64_t ceil_to(double v) { return to_coordinate(std::ceil(v - kSnap)); }

// buffer_to_surface through a viewport: the inverse of the mapping, at the
// box corners, rounded outwards. If the view may be filtered bilinearly
// (may_filter), each box first grows by one buffer pixel: an output pixel
// then reads the buffer pixels around the point it samples, so a changed
// pixel also changes what its neighbours' footprints show.
Region buffer_to_viewported_surface(const Region& buffer_damage, const BufferGeometry& g) {
    const SurfaceToBuffer f = surface_to_buffer_mapping(g);
    // m is a signed permutation times a positive diagonal: its inverse exists
    // whenever the sizes are positive (a surface without them shows nothing).
    const double det = f.m[0][0] * f.m[1][1] - f.m[0][1] * f.m[1][0];
    Region out;
    if (det == 0) return out;
    const double i00 = f.m[1][1] / det, i01 = -f.m[0][1] / det;
    const double i10 = -f.m[1][0] / det, i11 = f.m[0][0] / det;
    const bool filtered = may_filter(g);
    for (const Box& b : buffer_damage.boxes()) {
        const double margin = filtered ? 1.0 : 0.0;
        const double xs[2] = {double(b.x) - margin, double(b.x) + b.width + margin};
        const double ys[2] = {double(b.y) - margin, double(b.y) + b.height + margin};
        double x1 = INFINITY, y1 = INFINITY, x2 = -INFINITY, y2 = -INFINITY;
        for (double bx : xs)
            for (double by : ys) {
                const double dx = bx - f.tx, dy = by - f.ty;
                const double u = i00 * dx + i01 * dy, v = i10 * dx + i11 * dy;
                x1 = std::min(x1, u), x2 = std::max(x2, u);
                y1 = std::min(y1, v), y2 = std::max(y2, v);
            }
        const int64_t l = floor_to(x1), t = floor_to(y1);
        out.add_clamped(l, t, ceil_to(x2) - l, ceil_to(y2) - t);
    }
    return out;
}
} // namespace

Region buffer_to_surface(const Region& buffer_damage, const BufferGeometry& g) {
    if (g.viewport.active()) return buffer_to_viewported_surface(buffer_damage, g);
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
    if (g.viewport.active()) {
        const SurfaceToBuffer f = surface_to_buffer_mapping(g);
        const double us[2] = {double(b.x), double(b.x) + b.width};
        const double vs[2] = {double(b.y), double(b.y) + b.height};
        double x1 = INFINITY, y1 = INFINITY, x2 = -INFINITY, y2 = -INFINITY;
        for (double u : us)
            for (double v : vs) {
                const double x = f.m[0][0] * u + f.m[0][1] * v + f.tx;
                const double y = f.m[1][0] * u + f.m[1][1] * v + f.ty;
                x1 = std::min(x1, x), x2 = std::max(x2, x);
                y1 = std::min(y1, y), y2 = std::max(y2, y);
            }
        // Rounded outwards, plus one pixel if filtered: bilinear filtering
        // reads the neighbours of the pixel a point falls in.
        const int64_t m = may_filter(g) ? 1 : 0;
        const int64_t l = std::clamp<int64_t>(floor_to(x1) - m, 0, g.buffer_width);
        const int64_t t = std::clamp<int64_t>(floor_to(y1) - m, 0, g.buffer_height);
        const int64_t r = std::clamp<int64_t>(ceil_to(x2) + m, 0, g.buffer_width);
        const int64_t bo = std::clamp<int64_t>(ceil_to(y2) + m, 0, g.buffer_height);
        return {int32_t(l), int32_t(t), int32_t(r - l), int32_t(bo - t)};
    }
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
