// compare_images and diff_image (shoji compare): which pixels differ beyond
// the tolerance, the largest difference, their bounding box, and a diff that
// marks exactly those pixels.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "cli/compare.hpp"

namespace shoji {
namespace {

RgbaImage solid(int w, int h, uint8_t r, uint8_t g, uint8_t b, uint8_t a = 255) {
    RgbaImage img{w, h, std::vector<uint8_t>(size_t(w) * size_t(h) * 4)};
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            uint8_t* p = img.at(x, y);
            p[0] = r, p[1] = g, p[2] = b, p[3] = a;
        }
    return img;
}

bool is_mark(const uint8_t* p) {
    return p[0] == kDiffColour[0] && p[1] == kDiffColour[1] && p[2] == kDiffColour[2] && p[3] == kDiffColour[3];
}

TEST(Compare, identical_images_have_no_difference) {
    const RgbaImage a = solid(8, 6, 10, 20, 30);
    const Difference d = compare_images(a, a, 0);
    EXPECT_EQ(d.pixels, 0u);
    EXPECT_EQ(d.largest, 0);
    EXPECT_EQ(d.width, 0);
}

TEST(Compare, one_channel_off_by_3_is_within_tolerance_3_not_2) {
    const RgbaImage a = solid(8, 6, 10, 20, 30);
    RgbaImage b = a;
    b.at(5, 2)[2] = 33;
    for (int tolerance : {0, 2}) {
        const Difference d = compare_images(a, b, tolerance);
        EXPECT_EQ(d.pixels, 1u) << tolerance;
        EXPECT_EQ(d.largest, 3);
        EXPECT_EQ(d.x, 5);
        EXPECT_EQ(d.y, 2);
        EXPECT_EQ(d.width, 1);
        EXPECT_EQ(d.height, 1);
    }
    const Difference d = compare_images(a, b, 3);
    EXPECT_EQ(d.pixels, 0u);
    EXPECT_EQ(d.largest, 3); // still reported
}

TEST(Compare, alpha_is_a_channel_too) {
    const RgbaImage a = solid(2, 2, 0, 0, 0, 255);
    RgbaImage b = a;
    b.at(1, 1)[3] = 250;
    EXPECT_EQ(compare_images(a, b, 0).pixels, 1u);
    EXPECT_EQ(compare_images(a, b, 0).largest, 5);
}

TEST(Compare, the_box_bounds_every_differing_pixel) {
    const RgbaImage a = solid(100, 50, 0, 0, 0);
    RgbaImage b = a;
    b.at(10, 40)[0] = 200;
    b.at(70, 5)[1] = 100;
    b.at(30, 20)[2] = 1; // within tolerance 1
    const Difference d = compare_images(a, b, 1);
    EXPECT_EQ(d.pixels, 2u);
    EXPECT_EQ(d.largest, 200);
    EXPECT_EQ(d.x, 10);
    EXPECT_EQ(d.y, 5);
    EXPECT_EQ(d.width, 61);
    EXPECT_EQ(d.height, 36);
}

TEST(Compare, the_diff_marks_exactly_the_differing_pixels_over_dimmed_grey) {
    const RgbaImage a = solid(8, 6, 255, 255, 255);
    RgbaImage b = a;
    b.at(3, 4)[1] = 0;
    b.at(6, 1)[0] = 254; // within tolerance 1
    const RgbaImage diff = diff_image(a, b, 1);
    ASSERT_EQ(diff.width, 8);
    ASSERT_EQ(diff.height, 6);
    for (int y = 0; y < 6; ++y)
        for (int x = 0; x < 8; ++x) {
            const uint8_t* p = diff.at(x, y);
            if (x == 3 && y == 4) {
                EXPECT_TRUE(is_mark(p));
                continue;
            }
            EXPECT_FALSE(is_mark(p)) << x << "," << y;
            // Grey, dimmed: white becomes a mid grey.
            EXPECT_EQ(p[0], p[1]);
            EXPECT_EQ(p[1], p[2]);
            EXPECT_LE(p[0], 128) << x << "," << y;
            EXPECT_EQ(p[3], 255);
        }
}

TEST(Compare, the_dimmed_copy_keeps_light_and_dark_apart) {
    const RgbaImage black = solid(1, 1, 0, 0, 0), white = solid(1, 1, 255, 255, 255);
    EXPECT_LT(diff_image(black, black, 0).at(0, 0)[0], diff_image(white, white, 0).at(0, 0)[0]);
}

} // namespace
} // namespace shoji
