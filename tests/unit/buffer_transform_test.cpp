// Buffer transform and scale (wl_surface.set_buffer_transform/_scale): the
// surface size, buffer damage in surface coordinates, and the pixman transform
// that samples the buffer for an output.
//
// The expectations are written out by hand from the spec, not computed by the
// code under test. wayland.xml: the buffer transform is one "that the client
// has already applied to the content of the buffer", so buffer = T(surface);
// wl_output.transform 90 is "90 degrees counter-clockwise", and the flipped
// values are "an initial flip around a vertical axis followed by rotation".
// Hence surface = T⁻¹(buffer): rotate the buffer image back clockwise by the
// angle, then (for flipped) mirror it left–right.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <ostream>

#include <pixman.h>

#include "render/buffer_transform.hpp"

namespace shoji {

static void PrintTo(const Box& b, std::ostream* os) {
    *os << "Box{" << b.x << ", " << b.y << ", " << b.width << "x" << b.height << "}";
}
static void PrintTo(const Region& r, std::ostream* os) {
    *os << "Region{";
    for (const Box& b : r.boxes()) PrintTo(b, os);
    *os << "}";
}

namespace {

constexpr wl_output_transform kAllTransforms[] = {
    WL_OUTPUT_TRANSFORM_NORMAL,     WL_OUTPUT_TRANSFORM_90,         WL_OUTPUT_TRANSFORM_180,
    WL_OUTPUT_TRANSFORM_270,        WL_OUTPUT_TRANSFORM_FLIPPED,    WL_OUTPUT_TRANSFORM_FLIPPED_90,
    WL_OUTPUT_TRANSFORM_FLIPPED_180, WL_OUTPUT_TRANSFORM_FLIPPED_270,
};

const char* name(wl_output_transform t) {
    switch (t) {
    case WL_OUTPUT_TRANSFORM_NORMAL: return "normal";
    case WL_OUTPUT_TRANSFORM_90: return "90";
    case WL_OUTPUT_TRANSFORM_180: return "180";
    case WL_OUTPUT_TRANSFORM_270: return "270";
    case WL_OUTPUT_TRANSFORM_FLIPPED: return "flipped";
    case WL_OUTPUT_TRANSFORM_FLIPPED_90: return "flipped-90";
    case WL_OUTPUT_TRANSFORM_FLIPPED_180: return "flipped-180";
    case WL_OUTPUT_TRANSFORM_FLIPPED_270: return "flipped-270";
    }
    return "?";
}

BufferGeometry geometry(int32_t w, int32_t h, int32_t scale, wl_output_transform t) {
    BufferGeometry g;
    g.buffer_width = w;
    g.buffer_height = h;
    g.scale = scale;
    g.transform = t;
    return g;
}

struct Point {
    int32_t x, y;
};

// ---------------------------------------------------------------- the table
//
// A 4×2 buffer (buffer scale 1) with its four corner pixels
//
//     TL . . TR        TL = (0,0)  TR = (3,0)
//     BL . . BR        BL = (0,1)  BR = (3,1)
//
// and the surface pixel each corner lands on. The surface is 4×2 for normal,
// 180 and their flips, 2×4 for the others.
struct CornerCase {
    wl_output_transform transform;
    int32_t surface_width, surface_height;
    Point tl, tr, bl, br; // surface pixel of each buffer corner
};

constexpr CornerCase kCorners[] = {
    // The buffer is the surface.
    {WL_OUTPUT_TRANSFORM_NORMAL, 4, 2, {0, 0}, {3, 0}, {0, 1}, {3, 1}},
    // The client rotated the surface 90° CCW; rotating the 4×2 buffer back
    // clockwise gives a 2×4 surface: the top edge becomes the right edge
    // (TL → top-right, TR → bottom-right) and the bottom edge the left edge
    // (BL → top-left, BR → bottom-left).
    {WL_OUTPUT_TRANSFORM_90, 2, 4, {1, 0}, {1, 3}, {0, 0}, {0, 3}},
    // Rotating back by 180°: every corner goes to the opposite corner.
    {WL_OUTPUT_TRANSFORM_180, 4, 2, {3, 1}, {0, 1}, {3, 0}, {0, 0}},
    // 270° CCW = 90° CW; undone by rotating the buffer 90° CCW: the top edge
    // becomes the left edge, read bottom-up (TL → bottom-left, TR → top-left)
    // and the bottom edge the right edge (BL → bottom-right, BR → top-right).
    {WL_OUTPUT_TRANSFORM_270, 2, 4, {0, 3}, {0, 0}, {1, 3}, {1, 0}},
    // Only a mirror around the vertical axis: left and right swap.
    {WL_OUTPUT_TRANSFORM_FLIPPED, 4, 2, {3, 0}, {0, 0}, {3, 1}, {0, 1}},
    // Undo the rotation (the 90 row: TL → (1,0), TR → (1,3), BL → (0,0),
    // BR → (0,3)), then mirror the 2-wide surface (x → 1 − x). The result is
    // the transpose: buffer (x, y) → surface (y, x).
    {WL_OUTPUT_TRANSFORM_FLIPPED_90, 2, 4, {0, 0}, {0, 3}, {1, 0}, {1, 3}},
    // Undo the 180° rotation (the 180 row), then mirror (x → 3 − x): only
    // the top and bottom swap.
    {WL_OUTPUT_TRANSFORM_FLIPPED_180, 4, 2, {0, 1}, {3, 1}, {0, 0}, {3, 0}},
    // Undo the rotation (the 270 row: TL → (0,3), TR → (0,0), BL → (1,3),
    // BR → (1,0)), then mirror (x → 1 − x): the anti-transpose,
    // buffer (x, y) → surface (1 − y, 3 − x).
    {WL_OUTPUT_TRANSFORM_FLIPPED_270, 2, 4, {1, 3}, {1, 0}, {0, 3}, {0, 0}},
};

// ---------------------------------------------------------------- surface size

TEST(BufferGeometry, surface_size_keeps_axes_for_normal_180_and_their_flips) {
    for (auto t : {WL_OUTPUT_TRANSFORM_NORMAL, WL_OUTPUT_TRANSFORM_180,
                   WL_OUTPUT_TRANSFORM_FLIPPED, WL_OUTPUT_TRANSFORM_FLIPPED_180}) {
        const BufferGeometry g = geometry(640, 480, 1, t);
        EXPECT_FALSE(g.swaps_axes()) << name(t);
        EXPECT_EQ(g.surface_width(), 640) << name(t);
        EXPECT_EQ(g.surface_height(), 480) << name(t);
    }
}

TEST(BufferGeometry, surface_size_swaps_axes_for_90_270_and_their_flips) {
    for (auto t : {WL_OUTPUT_TRANSFORM_90, WL_OUTPUT_TRANSFORM_270,
                   WL_OUTPUT_TRANSFORM_FLIPPED_90, WL_OUTPUT_TRANSFORM_FLIPPED_270}) {
        const BufferGeometry g = geometry(640, 480, 1, t);
        EXPECT_TRUE(g.swaps_axes()) << name(t);
        EXPECT_EQ(g.surface_width(), 480) << name(t);
        EXPECT_EQ(g.surface_height(), 640) << name(t);
    }
}

TEST(BufferGeometry, surface_size_is_divided_by_the_buffer_scale) {
    // wayland.xml set_buffer_scale: a scale-2 buffer of 640×480 makes a
    // 320×240 surface.
    for (const CornerCase& c : kCorners)
        for (int32_t scale : {1, 2, 3, 5}) {
            const BufferGeometry g = geometry(4 * scale, 2 * scale, scale, c.transform);
            EXPECT_EQ(g.surface_width(), c.surface_width) << name(c.transform) << " ×" << scale;
            EXPECT_EQ(g.surface_height(), c.surface_height) << name(c.transform) << " ×" << scale;
        }
    EXPECT_EQ(geometry(1920, 1080, 4, WL_OUTPUT_TRANSFORM_90).surface_width(), 270);
    EXPECT_EQ(geometry(1920, 1080, 4, WL_OUTPUT_TRANSFORM_90).surface_height(), 480);
}

TEST(BufferGeometry, default_is_an_empty_untransformed_scale_1_surface) {
    const BufferGeometry g;
    EXPECT_EQ(g.scale, 1);
    EXPECT_EQ(g.transform, WL_OUTPUT_TRANSFORM_NORMAL);
    EXPECT_EQ(g.surface_width(), 0);
    EXPECT_EQ(g.surface_height(), 0);
}

// ---------------------------------------------------------------- buffer_to_surface

void expect_pixel_maps_to(const BufferGeometry& g, Point buffer, Point surface, int32_t unit,
                          const char* corner) {
    const Region damage(Box{buffer.x, buffer.y, unit, unit});
    EXPECT_EQ(buffer_to_surface(damage, g), Region(Box{surface.x, surface.y, 1, 1}))
        << name(g.transform) << ", scale " << g.scale << ", buffer corner " << corner;
}

TEST(BufferToSurface, corner_pixel_of_a_4x2_buffer_under_each_transform) {
    for (const CornerCase& c : kCorners) {
        const BufferGeometry g = geometry(4, 2, 1, c.transform);
        expect_pixel_maps_to(g, {0, 0}, c.tl, 1, "TL");
        expect_pixel_maps_to(g, {3, 0}, c.tr, 1, "TR");
        expect_pixel_maps_to(g, {0, 1}, c.bl, 1, "BL");
        expect_pixel_maps_to(g, {3, 1}, c.br, 1, "BR");
    }
}

TEST(BufferToSurface, corner_block_of_a_scaled_buffer_under_each_transform) {
    // An 8×4 buffer at scale 2 is the same 4×2 picture in 2×2 blocks; each
    // corner block lands on the same surface pixel as in the table.
    for (const CornerCase& c : kCorners)
        for (int32_t s : {2, 3}) {
            const BufferGeometry g = geometry(4 * s, 2 * s, s, c.transform);
            expect_pixel_maps_to(g, {0, 0}, c.tl, s, "TL");
            expect_pixel_maps_to(g, {3 * s, 0}, c.tr, s, "TR");
            expect_pixel_maps_to(g, {0, s}, c.bl, s, "BL");
            expect_pixel_maps_to(g, {3 * s, s}, c.br, s, "BR");
        }
}

TEST(BufferToSurface, a_single_buffer_pixel_at_scale_2_damages_its_whole_surface_pixel) {
    // Rounded outwards: the very corner buffer pixel (not the whole block).
    for (const CornerCase& c : kCorners) {
        const BufferGeometry g = geometry(8, 4, 2, c.transform);
        expect_pixel_maps_to(g, {0, 0}, c.tl, 1, "TL");
        expect_pixel_maps_to(g, {7, 0}, c.tr, 1, "TR");
        expect_pixel_maps_to(g, {0, 3}, c.bl, 1, "BL");
        expect_pixel_maps_to(g, {7, 3}, c.br, 1, "BR");
    }
}

TEST(BufferToSurface, damage_straddling_scaled_pixels_rounds_outwards) {
    // Buffer pixels [1, 3) × [0, 1) at scale 2 touch surface pixels 0 and 1.
    const BufferGeometry g = geometry(8, 4, 2, WL_OUTPUT_TRANSFORM_NORMAL);
    EXPECT_EQ(buffer_to_surface(Region(Box{1, 0, 2, 1}), g), Region(Box{0, 0, 2, 1}));
    // Under 180 the 8×4 buffer's [1, 3) × [0, 1) is the surface's
    // [8 − 3, 8 − 1) × [4 − 1, 4) in buffer pixels = [5, 7) × [3, 4),
    // i.e. surface pixels x 2..3, y 1.
    const BufferGeometry r = geometry(8, 4, 2, WL_OUTPUT_TRANSFORM_180);
    EXPECT_EQ(buffer_to_surface(Region(Box{1, 0, 2, 1}), r), Region(Box{2, 1, 2, 1}));
}

TEST(BufferToSurface, whole_buffer_damage_is_the_whole_surface) {
    for (const CornerCase& c : kCorners)
        for (int32_t s : {1, 2}) {
            const BufferGeometry g = geometry(4 * s, 2 * s, s, c.transform);
            EXPECT_EQ(buffer_to_surface(Region(Box{0, 0, 4 * s, 2 * s}), g),
                      Region(Box{0, 0, c.surface_width, c.surface_height}))
                << name(c.transform) << " ×" << s;
        }
}

TEST(BufferToSurface, empty_damage_stays_empty) {
    for (const CornerCase& c : kCorners)
        EXPECT_TRUE(buffer_to_surface(Region(), geometry(4, 2, 1, c.transform)).empty());
}

TEST(BufferToSurface, several_boxes_are_each_mapped) {
    // Under 90 (see the table): TL → (1,0) and BR → (0,3).
    Region damage;
    damage.add(Box{0, 0, 1, 1});
    damage.add(Box{3, 1, 1, 1});
    Region expected;
    expected.add(Box{1, 0, 1, 1});
    expected.add(Box{0, 3, 1, 1});
    EXPECT_EQ(buffer_to_surface(damage, geometry(4, 2, 1, WL_OUTPUT_TRANSFORM_90)), expected);
}

TEST(BufferToSurface, damage_at_int32_extremes_is_clamped_not_overflowed) {
    // wl_surface.damage_buffer accepts any int32 rectangle; the result is
    // bounded by ±Region::kLimit whatever the transform.
    for (const CornerCase& c : kCorners) {
        Region damage;
        damage.add_clamped(INT32_MIN, INT32_MIN, INT32_MAX, INT32_MAX);
        damage.add_clamped(-1, -1, INT32_MAX, INT32_MAX);
        const Region out = buffer_to_surface(damage, geometry(4, 2, 1, c.transform));
        EXPECT_FALSE(out.empty()) << name(c.transform);
        // It still covers the whole surface.
        EXPECT_TRUE(out.contains(0, 0)) << name(c.transform);
        EXPECT_TRUE(out.contains(c.surface_width - 1, c.surface_height - 1)) << name(c.transform);
        const Box e = out.extents();
        EXPECT_GE(e.x, -Region::kLimit) << name(c.transform);
        EXPECT_GE(e.y, -Region::kLimit) << name(c.transform);
        EXPECT_LE(int64_t(e.x) + e.width, Region::kLimit) << name(c.transform);
        EXPECT_LE(int64_t(e.y) + e.height, Region::kLimit) << name(c.transform);
    }
}

// ---------------------------------------------------------------- output_to_buffer_transform

TEST(OutputToBufferTransform, is_direct_only_for_normal_with_matching_scales) {
    pixman_transform_t t;
    for (int32_t s : {1, 2, 3})
        EXPECT_EQ(output_to_buffer_transform(geometry(12, 6, s, WL_OUTPUT_TRANSFORM_NORMAL), s * kScaleUnit, &t),
                  Sampling::Direct)
            << "scale " << s;
    EXPECT_EQ(output_to_buffer_transform(geometry(12, 6, 1, WL_OUTPUT_TRANSFORM_NORMAL), 2 * kScaleUnit, &t),
              Sampling::Transformed);
    EXPECT_EQ(output_to_buffer_transform(geometry(12, 6, 2, WL_OUTPUT_TRANSFORM_NORMAL), kScaleUnit, &t),
              Sampling::Transformed);
    EXPECT_EQ(output_to_buffer_transform(geometry(12, 6, 3, WL_OUTPUT_TRANSFORM_NORMAL), 2 * kScaleUnit, &t),
              Sampling::Transformed);
    for (wl_output_transform tr : kAllTransforms) {
        if (tr == WL_OUTPUT_TRANSFORM_NORMAL) continue;
        for (int32_t s : {1, 2})
            EXPECT_EQ(output_to_buffer_transform(geometry(12, 6, s, tr), s * kScaleUnit, &t),
                      Sampling::Transformed)
                << name(tr) << " scale " << s;
    }
}

// Where pixman samples for the centre of output pixel (ox, oy), measured from
// the surface origin, in buffer coordinates.
bool sample_point(const pixman_transform_t& t, int32_t ox, int32_t oy, double* bx, double* by) {
    pixman_vector_t v;
    v.vector[0] = pixman_int_to_fixed(ox) + pixman_fixed_1 / 2;
    v.vector[1] = pixman_int_to_fixed(oy) + pixman_fixed_1 / 2;
    v.vector[2] = pixman_fixed_1;
    if (!pixman_transform_point_3d(&t, &v)) return false;
    *bx = pixman_fixed_to_double(v.vector[0]);
    *by = pixman_fixed_to_double(v.vector[1]);
    return true;
}

// Every output pixel covering surface pixel `s` samples inside the buffer
// block (of `bscale`×`bscale` pixels) of buffer corner `b`.
void expect_samples(const BufferGeometry& g, int32_t output_scale, Point b, Point s,
                    const char* corner) {
    pixman_transform_t t;
    const Sampling sampling = output_to_buffer_transform(g, output_scale * kScaleUnit, &t);
    ASSERT_EQ(sampling, Sampling::Transformed) << name(g.transform);
    const int32_t bs = g.scale;
    for (int32_t j = 0; j < output_scale; ++j)
        for (int32_t i = 0; i < output_scale; ++i) {
            const int32_t ox = s.x * output_scale + i, oy = s.y * output_scale + j;
            double bx = 0, by = 0;
            ASSERT_TRUE(sample_point(t, ox, oy, &bx, &by));
            const auto where = [&] {
                return ::testing::Message()
                       << name(g.transform) << ", buffer scale " << bs << ", output scale "
                       << output_scale << ": output pixel (" << ox << "," << oy
                       << ") samples buffer (" << bx << "," << by << "), expected inside the "
                       << corner << " block at (" << b.x * bs << "," << b.y * bs << ")";
            };
            EXPECT_GT(bx, b.x * bs) << where();
            EXPECT_LT(bx, (b.x + 1) * bs) << where();
            EXPECT_GT(by, b.y * bs) << where();
            EXPECT_LT(by, (b.y + 1) * bs) << where();
        }
}

void expect_corners_sampled(const CornerCase& c, int32_t buffer_scale, int32_t output_scale) {
    const BufferGeometry g = geometry(4 * buffer_scale, 2 * buffer_scale, buffer_scale, c.transform);
    expect_samples(g, output_scale, {0, 0}, c.tl, "TL");
    expect_samples(g, output_scale, {3, 0}, c.tr, "TR");
    expect_samples(g, output_scale, {0, 1}, c.bl, "BL");
    expect_samples(g, output_scale, {3, 1}, c.br, "BR");
}

TEST(OutputToBufferTransform, samples_the_buffer_pixel_of_the_table_at_scale_1) {
    for (const CornerCase& c : kCorners) {
        if (c.transform == WL_OUTPUT_TRANSFORM_NORMAL) continue; // Direct
        expect_corners_sampled(c, 1, 1);
    }
}

TEST(OutputToBufferTransform, samples_the_buffer_pixel_of_the_table_at_matching_scale_2) {
    for (const CornerCase& c : kCorners) {
        if (c.transform == WL_OUTPUT_TRANSFORM_NORMAL) continue; // Direct
        expect_corners_sampled(c, 2, 2);
    }
}

TEST(OutputToBufferTransform, samples_the_buffer_pixel_of_the_table_on_a_scale_2_output) {
    // Buffer scale 1: each surface pixel covers 2×2 output pixels, all of
    // which sample the same buffer pixel.
    for (const CornerCase& c : kCorners) expect_corners_sampled(c, 1, 2);
}

TEST(OutputToBufferTransform, samples_the_buffer_block_of_the_table_for_a_scale_2_buffer) {
    // Buffer scale 2 on a scale-1 output: each output pixel samples inside
    // the 2×2 buffer block of its surface pixel.
    for (const CornerCase& c : kCorners) expect_corners_sampled(c, 2, 1);
}

TEST(OutputToBufferTransform, samples_the_buffer_block_for_a_scale_3_buffer_on_a_scale_2_output) {
    for (const CornerCase& c : kCorners) expect_corners_sampled(c, 3, 2);
}

TEST(OutputToBufferTransform, buffer_too_large_for_16_16_fixed_point_is_unrepresentable) {
    // 180 translates by the buffer width: 40000 > 32767, pixman's largest
    // 16.16 value.
    pixman_transform_t t;
    EXPECT_EQ(output_to_buffer_transform(geometry(40000, 2, 1, WL_OUTPUT_TRANSFORM_180), kScaleUnit, &t),
              Sampling::Unrepresentable);
    EXPECT_EQ(output_to_buffer_transform(geometry(2, 40000, 1, WL_OUTPUT_TRANSFORM_180), kScaleUnit, &t),
              Sampling::Unrepresentable);
    EXPECT_EQ(output_to_buffer_transform(geometry(32000, 2, 1, WL_OUTPUT_TRANSFORM_180), kScaleUnit, &t),
              Sampling::Transformed);
    // Direct sampling needs no fixed point, whatever the size.
    EXPECT_EQ(output_to_buffer_transform(geometry(40000, 2, 1, WL_OUTPUT_TRANSFORM_NORMAL), kScaleUnit, &t),
              Sampling::Direct);
}

} // namespace
} // namespace shoji
