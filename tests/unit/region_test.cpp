// shoji::Region and shoji::Box: set operations, integer scaling, value
// semantics, and the clamping of client rectangles (wl_surface.damage,
// wl_region.add/subtract take any int32 and define no error for them).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <ostream>
#include <utility>
#include <vector>

#include "surface/surface_state.hpp"
#include "util/region.hpp"

namespace shoji {

// Boxes compare by value; print them so failures say which box. (In shoji,
// not the anonymous namespace, so that gtest finds it by ADL; static so that
// other test files may have their own.)
static void PrintTo(const Box& b, std::ostream* os) {
    *os << "Box{" << b.x << ", " << b.y << ", " << b.width << "x" << b.height << "}";
}
static void PrintTo(const Region& r, std::ostream* os) {
    *os << "Region{";
    for (const Box& b : r.boxes()) PrintTo(b, os);
    *os << "}";
}

namespace {

constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
constexpr int32_t kMax = std::numeric_limits<int32_t>::max();
constexpr int32_t kLimit = int32_t(Region::kLimit);

// Every point of the region lies inside ±kLimit: [−kLimit, kLimit].
void expect_within_limit(const Region& r) {
    for (const Box& b : r.boxes()) {
        EXPECT_GE(b.x, -kLimit);
        EXPECT_GE(b.y, -kLimit);
        EXPECT_LE(int64_t(b.x) + b.width, Region::kLimit);
        EXPECT_LE(int64_t(b.y) + b.height, Region::kLimit);
    }
}

// ---------------------------------------------------------------- Box

TEST(Box, is_empty_when_width_or_height_is_zero_or_negative) {
    EXPECT_FALSE((Box{0, 0, 1, 1}.empty()));
    EXPECT_TRUE((Box{0, 0, 0, 1}.empty()));
    EXPECT_TRUE((Box{0, 0, 1, 0}.empty()));
    EXPECT_TRUE((Box{0, 0, -1, 5}.empty()));
    EXPECT_TRUE((Box{0, 0, 5, -1}.empty()));
    EXPECT_TRUE((Box{0, 0, kMin, kMin}.empty()));
}

TEST(Box, equality_compares_every_field) {
    const Box b{1, 2, 3, 4};
    EXPECT_EQ(b, (Box{1, 2, 3, 4}));
    EXPECT_FALSE(b == (Box{0, 2, 3, 4}));
    EXPECT_FALSE(b == (Box{1, 0, 3, 4}));
    EXPECT_FALSE(b == (Box{1, 2, 0, 4}));
    EXPECT_FALSE(b == (Box{1, 2, 3, 0}));
}

// ---------------------------------------------------------------- basics

TEST(Region, default_constructed_is_empty) {
    const Region r;
    EXPECT_TRUE(r.empty());
    EXPECT_EQ(r.area(), 0);
    EXPECT_TRUE(r.boxes().empty());
    EXPECT_FALSE(r.contains(0, 0));
}

TEST(Region, from_box_covers_exactly_that_box_half_open) {
    const Region r(Box{10, 20, 30, 40});
    EXPECT_FALSE(r.empty());
    EXPECT_EQ(r.extents(), (Box{10, 20, 30, 40}));
    EXPECT_EQ(r.area(), 30 * 40);
    ASSERT_EQ(r.boxes().size(), 1u);
    EXPECT_EQ(r.boxes()[0], (Box{10, 20, 30, 40}));
    // [x, x + width) × [y, y + height)
    EXPECT_TRUE(r.contains(10, 20));
    EXPECT_TRUE(r.contains(39, 59));
    EXPECT_FALSE(r.contains(40, 20));
    EXPECT_FALSE(r.contains(10, 60));
    EXPECT_FALSE(r.contains(9, 20));
    EXPECT_FALSE(r.contains(10, 19));
}

TEST(Region, adding_an_empty_box_changes_nothing) {
    Region r(Box{0, 0, 4, 4});
    r.add(Box{100, 100, 0, 5});
    r.add(Box{100, 100, 5, 0});
    r.add(Box{100, 100, -5, 5});
    r.add(Box{100, 100, 5, -5});
    EXPECT_EQ(r, Region(Box{0, 0, 4, 4}));
    EXPECT_TRUE(Region(Box{3, 3, 0, 0}).empty());
}

TEST(Region, add_is_a_union_and_counts_overlap_once) {
    Region r;
    r.add(Box{0, 0, 10, 10});
    r.add(Box{5, 5, 10, 10});
    EXPECT_EQ(r.area(), 100 + 100 - 25);
    EXPECT_EQ(r.extents(), (Box{0, 0, 15, 15}));
    EXPECT_TRUE(r.contains(14, 14));
    EXPECT_FALSE(r.contains(14, 0)); // outside both boxes, inside the extents
    EXPECT_FALSE(r.contains(0, 14));
}

TEST(Region, add_region_is_a_union) {
    Region a(Box{0, 0, 2, 2});
    const Region b(Box{10, 10, 3, 3});
    a.add(b);
    EXPECT_EQ(a.area(), 4 + 9);
    EXPECT_TRUE(a.contains(1, 1));
    EXPECT_TRUE(a.contains(12, 12));
    EXPECT_FALSE(a.contains(5, 5));
}

TEST(Region, subtract_cuts_a_hole) {
    Region r(Box{0, 0, 10, 10});
    r.subtract(Region(Box{3, 3, 4, 4}));
    EXPECT_EQ(r.area(), 100 - 16);
    EXPECT_EQ(r.extents(), (Box{0, 0, 10, 10}));
    EXPECT_FALSE(r.contains(3, 3));
    EXPECT_FALSE(r.contains(6, 6));
    EXPECT_TRUE(r.contains(7, 7));
    EXPECT_TRUE(r.contains(2, 2));
}

TEST(Region, subtracting_everything_leaves_an_empty_region) {
    Region r(Box{0, 0, 10, 10});
    r.subtract(Region(Box{-5, -5, 20, 20}));
    EXPECT_TRUE(r.empty());
    EXPECT_EQ(r, Region());
}

TEST(Region, intersect_with_region_keeps_the_common_part) {
    Region r(Box{0, 0, 10, 10});
    r.intersect(Region(Box{5, -5, 10, 10}));
    EXPECT_EQ(r, Region(Box{5, 0, 5, 5}));
}

TEST(Region, intersect_with_box_keeps_the_common_part) {
    Region r;
    r.add(Box{0, 0, 4, 4});
    r.add(Box{10, 0, 4, 4});
    r.intersect(Box{2, 1, 10, 2});
    Region expected;
    expected.add(Box{2, 1, 2, 2});
    expected.add(Box{10, 1, 2, 2});
    EXPECT_EQ(r, expected);
}

TEST(Region, intersect_with_an_empty_box_clears) {
    Region r(Box{0, 0, 10, 10});
    r.intersect(Box{0, 0, 0, 10});
    EXPECT_TRUE(r.empty());
    Region s(Box{0, 0, 10, 10});
    s.intersect(Box{0, 0, 10, -1});
    EXPECT_TRUE(s.empty());
}

TEST(Region, intersect_with_a_disjoint_region_is_empty) {
    Region r(Box{0, 0, 10, 10});
    r.intersect(Region(Box{10, 0, 10, 10})); // touching edges share no pixel
    EXPECT_TRUE(r.empty());
}

TEST(Region, clear_empties) {
    Region r(Box{0, 0, 10, 10});
    r.clear();
    EXPECT_TRUE(r.empty());
    EXPECT_EQ(r.area(), 0);
}

TEST(Region, translate_moves_every_box) {
    Region r;
    r.add(Box{0, 0, 2, 2});
    r.add(Box{10, 10, 1, 1});
    r.translate(-5, 7);
    Region expected;
    expected.add(Box{-5, 7, 2, 2});
    expected.add(Box{5, 17, 1, 1});
    EXPECT_EQ(r, expected);
}

TEST(Region, equality_ignores_how_the_region_was_built) {
    Region a;
    a.add(Box{0, 0, 10, 5});
    a.add(Box{0, 5, 10, 5});
    Region b;
    b.add(Box{5, 0, 5, 10});
    b.add(Box{0, 0, 5, 10});
    EXPECT_EQ(a, b);
    EXPECT_EQ(a, Region(Box{0, 0, 10, 10}));
    EXPECT_FALSE(a == Region(Box{0, 0, 10, 9}));
}

TEST(Region, boxes_cover_the_region_without_overlap) {
    Region r;
    r.add(Box{0, 0, 10, 10});
    r.add(Box{5, 5, 10, 10});
    r.subtract(Region(Box{2, 2, 2, 2}));
    int64_t sum = 0;
    Region rebuilt;
    for (const Box& b : r.boxes()) {
        EXPECT_FALSE(b.empty());
        sum += int64_t(b.width) * b.height;
        rebuilt.add(b);
    }
    EXPECT_EQ(sum, r.area());
    EXPECT_EQ(rebuilt, r);
}

// ---------------------------------------------------------------- value semantics

TEST(Region, copy_is_independent_of_the_original) {
    Region a(Box{0, 0, 10, 10});
    Region b(a);
    EXPECT_EQ(a, b);
    b.add(Box{20, 20, 5, 5});
    a.subtract(Region(Box{0, 0, 5, 5}));
    EXPECT_EQ(b.area(), 100 + 25);
    EXPECT_EQ(a.area(), 100 - 25);
    EXPECT_FALSE(a.contains(20, 20));
    EXPECT_TRUE(b.contains(0, 0));
}

TEST(Region, copy_assignment_replaces_and_is_independent) {
    Region a(Box{0, 0, 10, 10});
    Region b(Box{100, 100, 1, 1});
    b = a;
    EXPECT_EQ(b, a);
    EXPECT_FALSE(b.contains(100, 100));
    b.clear();
    EXPECT_EQ(a.area(), 100);
}

TEST(Region, self_assignment_keeps_the_region) {
    Region a;
    a.add(Box{0, 0, 10, 10});
    a.add(Box{20, 0, 10, 10});
    Region& alias = a;
    a = alias;
    EXPECT_EQ(a.area(), 200);
    EXPECT_TRUE(a.contains(25, 5));
}

TEST(Region, move_construction_takes_the_region_and_leaves_the_source_empty) {
    Region a;
    a.add(Box{0, 0, 10, 10});
    a.add(Box{20, 0, 10, 10});
    Region b(std::move(a));
    EXPECT_EQ(b.area(), 200);
    EXPECT_TRUE(b.contains(25, 5));
    EXPECT_TRUE(a.empty()); // NOLINT(bugprone-use-after-move): documented state
    a.add(Box{1, 1, 1, 1}); // the moved-from region is still usable
    EXPECT_EQ(a, Region(Box{1, 1, 1, 1}));
    EXPECT_EQ(b.area(), 200);
}

TEST(Region, move_assignment_takes_the_region) {
    Region a(Box{0, 0, 10, 10});
    Region b(Box{50, 50, 3, 3});
    b = std::move(a);
    EXPECT_EQ(b, Region(Box{0, 0, 10, 10}));
    EXPECT_FALSE(b.contains(50, 50));
}

TEST(Region, swap_exchanges_contents) {
    Region a(Box{0, 0, 1, 1});
    Region b;
    b.add(Box{5, 5, 2, 2});
    b.add(Box{9, 9, 2, 2});
    a.swap(b);
    EXPECT_EQ(a.area(), 8);
    EXPECT_EQ(b, Region(Box{0, 0, 1, 1}));
    // A multi-box region survives the swap and further operations.
    a.add(Box{20, 20, 1, 1});
    EXPECT_EQ(a.area(), 9);
}

TEST(Region, copies_in_a_vector_survive_reallocation) {
    std::vector<Region> v;
    for (int i = 0; i < 50; ++i) {
        Region r;
        r.add(Box{i, 0, 1, 1});
        r.add(Box{i, 10, 1, 1}); // two boxes: pixman allocates data
        v.push_back(r);
    }
    for (int i = 0; i < 50; ++i) {
        EXPECT_EQ(v[size_t(i)].area(), 2);
        EXPECT_TRUE(v[size_t(i)].contains(i, 10));
    }
}

// ---------------------------------------------------------------- scaling

TEST(Region, scaled_up_multiplies_every_coordinate) {
    Region r;
    r.add(Box{1, 2, 3, 4});
    r.add(Box{-5, -6, 2, 1});
    Region expected;
    expected.add(Box{2, 4, 6, 8});
    expected.add(Box{-10, -12, 4, 2});
    EXPECT_EQ(r.scaled_up(2), expected);
    EXPECT_EQ(r.scaled_up(2).area(), 4 * r.area());
}

TEST(Region, scaled_up_by_one_is_the_same_region) {
    Region r;
    r.add(Box{1, 2, 3, 4});
    r.add(Box{-7, 9, 1, 1});
    EXPECT_EQ(r.scaled_up(1), r);
}

TEST(Region, scaled_down_of_exact_multiples_is_exact) {
    Region r;
    r.add(Box{4, 8, 12, 4});
    r.add(Box{-8, -4, 4, 4});
    Region expected;
    expected.add(Box{1, 2, 3, 1});
    expected.add(Box{-2, -1, 1, 1});
    EXPECT_EQ(r.scaled_down(4), expected);
}

TEST(Region, scaled_down_undoes_scaled_up) {
    Region r;
    r.add(Box{-3, 1, 5, 2});
    r.add(Box{7, -9, 1, 4});
    for (int32_t f : {1, 2, 3, 7})
        EXPECT_EQ(r.scaled_up(f).scaled_down(f), r) << "factor " << f;
}

TEST(Region, scaled_down_rounds_outwards_at_positive_coordinates) {
    // Buffer pixels [1, 2) at scale 2 are inside surface pixel [0, 1).
    EXPECT_EQ(Region(Box{1, 1, 1, 1}).scaled_down(2), Region(Box{0, 0, 1, 1}));
    // [3, 5) / 2 = [1.5, 2.5) → [1, 3): both touched surface pixels.
    EXPECT_EQ(Region(Box{3, 3, 2, 2}).scaled_down(2), Region(Box{1, 1, 2, 2}));
    // [5, 6) / 3 = [1.67, 2) → [1, 2).
    EXPECT_EQ(Region(Box{5, 0, 1, 1}).scaled_down(3), Region(Box{1, 0, 1, 1}));
}

TEST(Region, scaled_down_rounds_outwards_at_negative_coordinates) {
    // [−3, −2) / 2 = [−1.5, −1) → [−2, −1): floor, not truncation towards 0.
    EXPECT_EQ(Region(Box{-3, -3, 1, 1}).scaled_down(2), Region(Box{-2, -2, 1, 1}));
    // [−1, 1) / 2 = [−0.5, 0.5) → [−1, 1).
    EXPECT_EQ(Region(Box{-1, -1, 2, 2}).scaled_down(2), Region(Box{-1, -1, 2, 2}));
    // [−5, −4) / 4 = [−1.25, −1) → [−2, −1).
    EXPECT_EQ(Region(Box{-5, 0, 1, 1}).scaled_down(4), Region(Box{-2, 0, 1, 1}));
    // [−4, −3) / 4 = [−1, −0.75) → [−1, 0).
    EXPECT_EQ(Region(Box{-4, 0, 1, 1}).scaled_down(4), Region(Box{-1, 0, 1, 1}));
    // [−8, −4) / 4 = [−2, −1): exact.
    EXPECT_EQ(Region(Box{-8, -8, 4, 4}).scaled_down(4), Region(Box{-2, -2, 1, 1}));
}

TEST(Region, scaled_down_never_loses_damage) {
    // Scaling back up covers every original pixel, for awkward coordinates.
    Region r;
    r.add(Box{-7, -3, 5, 1});
    r.add(Box{11, 13, 3, 7});
    r.add(Box{-1, 0, 1, 1});
    for (int32_t d : {2, 3, 4, 5}) {
        Region lost = r;
        lost.subtract(r.scaled_down(d).scaled_up(d));
        EXPECT_TRUE(lost.empty()) << "divisor " << d;
    }
}

TEST(Region, scaled_down_by_one_is_the_same_region) {
    Region r;
    r.add(Box{-3, 1, 5, 2});
    EXPECT_EQ(r.scaled_down(1), r);
}

TEST(Region, scaling_the_largest_clamped_region_stays_in_range) {
    // add_clamped's promise: "every later translate/scale stays in range".
    // Output scales go up to 8 (--scale).
    Region r;
    r.add_clamped(kMin, kMin, int64_t(kMax) * 2, int64_t(kMax) * 2);
    ASSERT_EQ(r, Region(Box{-kLimit, -kLimit, 2 * kLimit, 2 * kLimit}));
    EXPECT_EQ(r.scaled_up(8), Region(Box{-8 * kLimit, -8 * kLimit, 16 * kLimit, 16 * kLimit}));
    // 2^26 / 3 = 22369621.33…: rounded outwards on both sides.
    EXPECT_EQ(r.scaled_down(3), Region(Box{-22369622, -22369622, 2 * 22369622, 2 * 22369622}));
    EXPECT_EQ(r.scaled_down(1 << 26), Region(Box{-1, -1, 2, 2}));
}

TEST(Region, scaled_down_by_a_huge_divisor_keeps_damage) {
    // Buffer scale is any positive int32 (wl_surface.set_buffer_scale). A
    // region inside ±kLimit divided by INT32_MAX touches exactly one surface
    // pixel on each side of 0; rounding outwards must not lose it.
    EXPECT_EQ(Region(Box{0, 0, kLimit, kLimit}).scaled_down(kMax), Region(Box{0, 0, 1, 1}));
    EXPECT_EQ(Region(Box{-kLimit, -kLimit, kLimit, kLimit}).scaled_down(kMax),
              Region(Box{-1, -1, 1, 1}));
}

// ---------------------------------------------------------------- add_clamped

TEST(Region, add_clamped_in_range_is_exact) {
    Region r;
    r.add_clamped(-10, 20, 30, 40);
    EXPECT_EQ(r, Region(Box{-10, 20, 30, 40}));
    r.add_clamped(-kLimit, -kLimit, 1, 1); // the extreme corners themselves are in range
    r.add_clamped(kLimit - 1, kLimit - 1, 1, 1);
    EXPECT_TRUE(r.contains(-kLimit, -kLimit));
    EXPECT_TRUE(r.contains(kLimit - 1, kLimit - 1));
    EXPECT_EQ(r.area(), 30 * 40 + 2);
}

TEST(Region, add_clamped_ignores_zero_and_negative_sizes) {
    Region r;
    r.add_clamped(0, 0, 0, 10);
    r.add_clamped(0, 0, 10, 0);
    r.add_clamped(0, 0, -1, 10);
    r.add_clamped(0, 0, 10, -1);
    r.add_clamped(0, 0, kMin, kMin);
    r.add_clamped(kMax, kMax, kMin, kMin);
    r.add_clamped(kMin, kMin, kMin, kMin);
    r.add_clamped(kMax, 0, -1, 1);
    r.add_clamped(0, 0, kMax, 0);
    EXPECT_TRUE(r.empty());
}

TEST(Region, add_clamped_rect_entirely_beyond_the_limit_adds_nothing) {
    Region r;
    r.add_clamped(kMax, kMax, kMax, kMax);  // [2^31−1, 2^32−2): would overflow in int32
    r.add_clamped(kMax, 0, 1, 1);
    r.add_clamped(kLimit, 0, 100, 100);     // starts exactly at the (exclusive) limit
    r.add_clamped(0, kLimit, 100, 100);
    r.add_clamped(kMin, kMin, 1, 1);        // entirely below −kLimit
    r.add_clamped(-kLimit - 100, 0, 100, 1); // ends exactly at −kLimit
    EXPECT_TRUE(r.empty());
}

TEST(Region, add_clamped_clips_a_rect_that_crosses_the_limit) {
    Region r;
    r.add_clamped(kLimit - 1, 0, 5, 1);
    EXPECT_EQ(r, Region(Box{kLimit - 1, 0, 1, 1}));
    Region s;
    s.add_clamped(-kLimit - 1, 0, 2, 1);
    EXPECT_EQ(s, Region(Box{-kLimit, 0, 1, 1}));
}

TEST(Region, add_clamped_from_int32_min_with_width_int32_max) {
    // [INT32_MIN, −1) clamps to [−kLimit, −1).
    Region r;
    r.add_clamped(kMin, kMin, kMax, kMax);
    EXPECT_EQ(r, Region(Box{-kLimit, -kLimit, kLimit - 1, kLimit - 1}));
    EXPECT_TRUE(r.contains(-2, -2));
    EXPECT_FALSE(r.contains(-1, -1));
    expect_within_limit(r);
}

TEST(Region, add_clamped_from_zero_with_width_int32_max) {
    Region r;
    r.add_clamped(0, 0, kMax, kMax);
    EXPECT_EQ(r, Region(Box{0, 0, kLimit, kLimit}));
    EXPECT_EQ(r.area(), int64_t(kLimit) * kLimit);
}

TEST(Region, add_clamped_from_int32_max_minus_one) {
    Region r;
    r.add_clamped(-1, -1, kMax, kMax); // ends at INT32_MAX − 1
    EXPECT_EQ(r, Region(Box{-1, -1, kLimit + 1, kLimit + 1}));
}

TEST(Region, add_clamped_never_overflows_at_int32_extremes) {
    // Every combination of extreme client values: the region is exactly the
    // rectangle clipped to [−kLimit, kLimit), computed here in 64 bits.
    const int64_t xs[] = {kMin, int64_t(kMin) + 1, -Region::kLimit - 1, -Region::kLimit, -1, 0, 1,
                          Region::kLimit - 1, Region::kLimit, int64_t(kMax) - 1, kMax};
    const int64_t ws[] = {kMin, -1, 0, 1, 2, Region::kLimit, int64_t(kMax) - 1, kMax};
    auto clip = [](int64_t v) { return std::clamp(v, -Region::kLimit, Region::kLimit); };
    for (int64_t x : xs)
        for (int64_t w : ws) {
            Region r;
            r.add_clamped(x, x, w, w);
            expect_within_limit(r);
            const int64_t lo = clip(x), hi = clip(x + w);
            if (w <= 0 || hi <= lo) {
                EXPECT_TRUE(r.empty()) << "x=" << x << " w=" << w;
                continue;
            }
            const int32_t side = int32_t(hi - lo);
            EXPECT_EQ(r, Region(Box{int32_t(lo), int32_t(lo), side, side}))
                << "x=" << x << " w=" << w;
            EXPECT_EQ(r.area(), int64_t(side) * side) << "x=" << x << " w=" << w;
        }
}

TEST(Region, add_clamped_covers_the_whole_limited_plane) {
    // Two client rectangles that together span all of int32.
    Region r;
    r.add_clamped(kMin, kMin, kMax, kMax);
    r.add_clamped(-1, kMin, kMax, kMax);
    r.add_clamped(kMin, -1, kMax, kMax);
    r.add_clamped(-1, -1, kMax, kMax);
    EXPECT_EQ(r, Region(Box{-kLimit, -kLimit, 2 * kLimit, 2 * kLimit}));
    EXPECT_EQ(r.area(), 4 * Region::kLimit * Region::kLimit);
    // and translating by a further client-sized offset (an output position)
    // still fits: 2^26 + 2^30 < 2^31.
    r.translate(1 << 30, -(1 << 30));
    EXPECT_EQ(r.extents(), (Box{(1 << 30) - kLimit, -(1 << 30) - kLimit, 2 * kLimit, 2 * kLimit}));
}

TEST(Region, add_clamped_keeps_what_was_there) {
    Region r(Box{0, 0, 10, 10});
    r.add_clamped(kMax, kMax, kMax, kMax); // nothing to add
    r.add_clamped(5, 5, 0, 0);
    EXPECT_EQ(r, Region(Box{0, 0, 10, 10}));
    r.add_clamped(5, 0, kMax, 10);
    EXPECT_EQ(r, Region(Box{0, 0, kLimit, 10}));
}

// ---------------------------------------------------------------- subtract_clamped

TEST(Region, subtract_clamped_in_range_is_exact) {
    Region r(Box{0, 0, 10, 10});
    r.subtract_clamped(2, 3, 4, 5);
    Region expected(Box{0, 0, 10, 10});
    expected.subtract(Region(Box{2, 3, 4, 5}));
    EXPECT_EQ(r, expected);
    EXPECT_EQ(r.area(), 100 - 20);
}

TEST(Region, subtract_clamped_ignores_zero_and_negative_sizes) {
    Region r(Box{-10, -10, 20, 20});
    r.subtract_clamped(-10, -10, 0, 20);
    r.subtract_clamped(-10, -10, 20, 0);
    r.subtract_clamped(-10, -10, -1, 20);
    r.subtract_clamped(-10, -10, 20, -1);
    r.subtract_clamped(kMax, kMax, kMin, kMin);
    r.subtract_clamped(kMin, kMin, kMin, kMin);
    EXPECT_EQ(r, Region(Box{-10, -10, 20, 20}));
}

TEST(Region, subtract_clamped_rect_beyond_the_limit_removes_nothing) {
    Region r;
    r.add_clamped(kMin, kMin, int64_t(kMax) * 2, int64_t(kMax) * 2); // the whole limited plane
    const Region all = r;
    r.subtract_clamped(kMax, kMax, kMax, kMax);
    r.subtract_clamped(kLimit, 0, kMax, kMax);
    r.subtract_clamped(kMin, kMin, 1, 1);
    EXPECT_EQ(r, all);
}

TEST(Region, subtract_clamped_from_int32_min_with_width_int32_max) {
    // Removes [−kLimit, −1)², so of [−10, 10)² the pixels left of or above −1 go.
    Region r(Box{-10, -10, 20, 20});
    r.subtract_clamped(kMin, kMin, kMax, kMax);
    EXPECT_EQ(r.area(), 400 - 9 * 9);
    EXPECT_FALSE(r.contains(-10, -10));
    EXPECT_FALSE(r.contains(-2, -2));
    EXPECT_TRUE(r.contains(-1, -1));
    EXPECT_TRUE(r.contains(-10, -1));
    EXPECT_TRUE(r.contains(9, 9));
}

TEST(Region, subtract_clamped_at_the_far_corner) {
    Region r;
    r.add_clamped(kMin, kMin, int64_t(kMax) * 2, int64_t(kMax) * 2);
    r.subtract_clamped(0, 0, kMax, kMax);
    EXPECT_EQ(r.area(), 3 * Region::kLimit * Region::kLimit);
    EXPECT_FALSE(r.contains(0, 0));
    EXPECT_FALSE(r.contains(kLimit - 1, kLimit - 1));
    EXPECT_TRUE(r.contains(-1, kLimit - 1));
    EXPECT_TRUE(r.contains(kLimit - 1, -1));
    r.subtract_clamped(kMin, kMin, kMax, kMax);
    r.subtract_clamped(-1, kMin, kMax, kMax);
    r.subtract_clamped(kMin, -1, kMax, kMax);
    // Still left: the row y = −1 and the column x = −1 next to the removed
    // quadrant ([0, kLimit)² does not reach −1).
    EXPECT_TRUE(r.contains(-1, -1));
    EXPECT_TRUE(r.contains(-1, kLimit - 1));
    EXPECT_TRUE(r.contains(kLimit - 1, -1));
    r.subtract_clamped(-1, -1, kMax, kMax);
    EXPECT_TRUE(r.empty());
}

TEST(Region, subtract_clamped_never_overflows_at_int32_extremes) {
    // Subtracting the clipped rectangle from the whole limited plane leaves
    // exactly (4·kLimit² − clipped area).
    const int64_t xs[] = {kMin, -Region::kLimit - 1, -1, 0, Region::kLimit - 1, Region::kLimit,
                          kMax};
    const int64_t ws[] = {kMin, -1, 0, 1, int64_t(kMax) - 1, kMax};
    auto clip = [](int64_t v) { return std::clamp(v, -Region::kLimit, Region::kLimit); };
    for (int64_t x : xs)
        for (int64_t w : ws) {
            Region r;
            r.add_clamped(kMin, kMin, int64_t(kMax) * 2, int64_t(kMax) * 2);
            r.subtract_clamped(x, x, w, w);
            const int64_t side = w <= 0 ? 0 : clip(x + w) - clip(x);
            EXPECT_EQ(r.area(), 4 * Region::kLimit * Region::kLimit - side * side)
                << "x=" << x << " w=" << w;
            expect_within_limit(r);
        }
}

// ---------------------------------------------------------------- apply_ops

// What apply_ops must match: one add or subtract after the other.
Region naive(Region r, const std::vector<RegionOp>& ops) {
    for (const RegionOp& op : ops) {
        if (op.subtract) r.subtract(Region(op.box));
        else r.add(op.box);
    }
    return r;
}

std::vector<RegionOp> random_ops(std::mt19937& rng, size_t n, int span, int max_size, int subtract_percent) {
    std::vector<RegionOp> ops;
    for (size_t i = 0; i < n; ++i) {
        const int x = int(rng() % unsigned(span)), y = int(rng() % unsigned(span));
        const int w = 1 + int(rng() % unsigned(max_size)), h = 1 + int(rng() % unsigned(max_size));
        ops.push_back({{x, y, w, h}, int(rng() % 100) < subtract_percent});
    }
    return ops;
}

TEST(ApplyOps, no_ops_leave_the_region_as_it_is) {
    Region r(Box{1, 2, 3, 4});
    ASSERT_TRUE(apply_ops(r, {}, 100));
    EXPECT_EQ(r, Region(Box{1, 2, 3, 4}));
}

TEST(ApplyOps, one_add_and_one_subtract_are_a_union_and_a_difference) {
    Region r;
    ASSERT_TRUE(apply_ops(r, {{{0, 0, 10, 10}, false}, {{5, 5, 10, 10}, true}}, 100));
    Region expected(Box{0, 0, 10, 10});
    expected.subtract(Region(Box{5, 5, 10, 10}));
    EXPECT_EQ(r, expected);
}

TEST(ApplyOps, a_later_op_wins_where_ops_overlap) {
    Region r;
    // add, then subtract the middle, then add back a part of the middle.
    ASSERT_TRUE(apply_ops(r, {{{0, 0, 30, 10}, false}, {{10, 0, 10, 10}, true}, {{12, 2, 2, 2}, false}}, 100));
    EXPECT_TRUE(r.contains(5, 5));
    EXPECT_FALSE(r.contains(11, 5));
    EXPECT_TRUE(r.contains(12, 2));
    EXPECT_FALSE(r.contains(14, 2));
    EXPECT_TRUE(r.contains(25, 5));
}

TEST(ApplyOps, ops_apply_after_what_the_region_already_holds) {
    Region r(Box{0, 0, 100, 100});
    ASSERT_TRUE(apply_ops(r, {{{10, 10, 10, 10}, true}, {{200, 0, 5, 5}, false}}, 100));
    Region expected(Box{0, 0, 100, 100});
    expected.subtract(Region(Box{10, 10, 10, 10}));
    expected.add({200, 0, 5, 5});
    EXPECT_EQ(r, expected);
}

// The semantics, checked against the naive way on random interleavings:
// adds only, subtracts only, mixes, alternations, small and large spans, and
// counts within one run of ops (64), and up to a few levels of the merge
// (odd counts of runs leave a part unpaired at some level).
TEST(ApplyOps, random_interleavings_give_the_same_region_as_one_op_after_the_other) {
    std::mt19937 rng(9);
    for (int subtract_percent : {0, 10, 50, 90, 100}) {
        for (size_t n : {1u, 2u, 3u, 5u, 8u, 9u, 17u, 33u, 63u, 64u, 65u, 100u, 129u, 193u, 257u, 1000u}) {
            for (int span : {20, 300}) {
                std::vector<RegionOp> ops = random_ops(rng, n, span, span / 4 + 1, subtract_percent);
                Region start;
                if (rng() % 2) start.add({span / 4, span / 4, span / 2, span / 2});
                Region got = start;
                ASSERT_TRUE(apply_ops(got, ops, 1u << 20));
                EXPECT_EQ(got, naive(start, ops))
                    << "n=" << n << " span=" << span << " subtract%=" << subtract_percent;
            }
        }
    }
}

TEST(ApplyOps, strict_alternation_of_add_and_subtract_matches_the_naive_way) {
    std::vector<RegionOp> ops;
    for (int i = 0; i < 3000; ++i) {
        if (i % 2) ops.push_back({{(i * 7) % 200, (i * 13) % 200, 9, 9}, true});
        else ops.push_back({{(i * 11) % 200, (i * 5) % 200, 17, 17}, false});
    }
    Region got;
    ASSERT_TRUE(apply_ops(got, ops, 1u << 20));
    EXPECT_EQ(got, naive(Region(), ops));
}

// pixman_region32_init_rects bands unsorted rectangles in quadratic time
// for a staircase of overlapping ones (10,000 took 5 s); the union of each
// op into the region so far is quadratic for any disjoint set. The merge
// is neither: these complete at once.
TEST(ApplyOps, a_staircase_of_20000_overlapping_rectangles_is_built) {
    const int n = 20000;
    std::vector<RegionOp> ops;
    for (int i = 0; i < n; ++i) ops.push_back({{-i, i, 1, n}, false});
    Region r;
    ASSERT_TRUE(apply_ops(r, ops, 1u << 20));
    EXPECT_EQ(r.rect_count(), size_t(2 * n - 1));
    EXPECT_EQ(r.area(), int64_t(n) * n);
    EXPECT_TRUE(r.contains(-(n - 1), n - 1));
    EXPECT_FALSE(r.contains(-(n - 1), n - 2));
}

// Each half of a staircase has a band wherever the other has one: the
// bound before a merge counts both, twice the merged result. A staircase
// just within max_rects is still built.
TEST(ApplyOps, a_staircase_just_within_max_rects_is_built) {
    const int n = 8000;
    std::vector<RegionOp> ops;
    for (int i = 0; i < n; ++i) ops.push_back({{-i, i, 1, n}, false});
    Region r;
    ASSERT_TRUE(apply_ops(r, ops, size_t(2 * n)));
    EXPECT_EQ(r.rect_count(), size_t(2 * n - 1));
    EXPECT_FALSE(apply_ops(r, ops, size_t(2 * n - 2))) << "one rectangle too many";
}

TEST(ApplyOps, a_million_pixels_that_fill_a_square_make_one_rectangle) {
    std::vector<RegionOp> ops;
    for (int y = 0; y < 1000; ++y)
        for (int x = 0; x < 1000; ++x) ops.push_back({{x, y, 1, 1}, false});
    Region r;
    ASSERT_TRUE(apply_ops(r, ops, 64));
    EXPECT_EQ(r, Region(Box{0, 0, 1000, 1000}));
}

TEST(ApplyOps, fifty_thousand_alternating_ops_are_built) {
    // Each row is added, then one pixel of it taken away again: a diagonal
    // of one-pixel holes, every op alternating with the next.
    std::vector<RegionOp> ops;
    for (int i = 0; i < 25000; ++i) {
        ops.push_back({{0, i, 1000, 1}, false});
        ops.push_back({{i % 1000, i, 1, 1}, true});
    }
    Region r;
    ASSERT_TRUE(apply_ops(r, ops, 1u << 20));
    EXPECT_EQ(r.area(), int64_t(25000) * 999);
    EXPECT_FALSE(r.contains(7, 7));
    EXPECT_TRUE(r.contains(8, 7));
    EXPECT_FALSE(r.contains(7, 1007));
}

// n columns crossed by n rows: 2n rectangles, about n^2 in the region.
TEST(ApplyOps, a_region_past_max_rects_is_refused_and_the_region_kept) {
    std::vector<RegionOp> ops;
    for (int i = 0; i < 100; ++i) {
        ops.push_back({{i * 4, 0, 1, 400}, false});
        ops.push_back({{0, i * 4 + 2, 400, 1}, false});
    }
    Region r(Box{-10, -10, 5, 5});
    EXPECT_FALSE(apply_ops(r, ops, 5000));
    EXPECT_EQ(r, Region(Box{-10, -10, 5, 5}));
    // With room enough, it is built, and is what the naive way gives.
    Region big = r;
    ASSERT_TRUE(apply_ops(big, ops, 1u << 20));
    EXPECT_EQ(big, naive(r, ops));
    EXPECT_GT(big.rect_count(), size_t(5000));
}

TEST(ApplyOps, a_few_ops_past_max_rects_are_refused_too) {
    // Fewer ops than one run: nothing is merged, the result is still checked.
    std::vector<RegionOp> ops;
    for (int i = 0; i < 4; ++i) {
        ops.push_back({{i * 4, 0, 1, 20}, false});
        ops.push_back({{0, i * 4 + 2, 20, 1}, false});
    }
    Region r;
    EXPECT_FALSE(apply_ops(r, ops, 10));
    EXPECT_TRUE(r.empty());
    EXPECT_TRUE(apply_ops(r, ops, 100));
    EXPECT_EQ(r, naive(Region(), ops));
}

TEST(ApplyOps, the_result_never_has_more_than_max_rects) {
    std::mt19937 rng(4);
    for (int round = 0; round < 50; ++round) {
        std::vector<RegionOp> ops = random_ops(rng, 300, 400, 40, 30);
        Region r;
        const size_t max_rects = 50 + rng() % 400;
        if (apply_ops(r, ops, max_rects)) {
            EXPECT_LE(r.rect_count(), max_rects);
        } else {
            EXPECT_TRUE(r.empty()) << "a refused region is left as it was";
        }
    }
}

TEST(ResultRectsBound, bounds_union_difference_and_intersection) {
    std::mt19937 rng(11);
    for (int round = 0; round < 200; ++round) {
        Region a, b;
        for (const RegionOp& op : random_ops(rng, 1 + rng() % 40, 100, 30, 0)) a.add(op.box);
        for (const RegionOp& op : random_ops(rng, 1 + rng() % 40, 100, 30, 0)) b.add(op.box);
        const size_t bound = result_rects_bound(a, b);
        Region u = a, d = a, i = a;
        u.add(b);
        d.subtract(b);
        i.intersect(b);
        EXPECT_LE(u.rect_count(), bound);
        EXPECT_LE(d.rect_count(), bound);
        EXPECT_LE(i.rect_count(), bound);
    }
    EXPECT_EQ(result_rects_bound(Region(), Region()), 0u);
    EXPECT_EQ(result_rects_bound(Region(Box{0, 0, 1, 1}), Region()), 1u);
}

TEST(Region, empty_regions_are_equal_wherever_they_became_empty) {
    Region a(Box{0, 0, 5, 5}), b(Box{100, 100, 5, 5});
    a.subtract(Region(Box{0, 0, 5, 5}));
    b.intersect(Box{0, 0, 1, 1});
    EXPECT_EQ(a, b);
    EXPECT_EQ(a, Region());
    EXPECT_FALSE(a == Region(Box{0, 0, 1, 1}));
}

TEST(Region, largest_box_is_the_rectangle_of_largest_area) {
    Region r;
    EXPECT_TRUE(r.largest_box().empty());
    r.add({0, 0, 10, 1});
    r.add({0, 5, 3, 3});
    r.add({20, 5, 2, 2});
    EXPECT_EQ(r.largest_box(), (Box{0, 0, 10, 1}));
}

// ---------------------------------------------------------------- SurfaceState

// A synchronized subsurface's commits pile up in its cached state until the
// parent commits. Each commit's damage is capped at kMaxDamageRects; the pile
// must be too, or every further commit costs a union over all earlier ones.
TEST(SurfaceState, damage_cached_over_many_commits_stays_within_the_cap) {
    SurfaceState cached, pending;
    for (int commit = 0; commit < 200; ++commit) {
        for (int i = 0; i < kMaxDamageRects; ++i) {
            pending.surface_damage.add({commit * 1000 + i * 4, 0, 1, 1});
            pending.buffer_damage.add({0, commit * 1000 + i * 4, 1, 1});
        }
        cached.take(pending);
        ASSERT_LE(cached.surface_damage.boxes().size(), size_t(kMaxDamageRects)) << "commit " << commit;
        ASSERT_LE(cached.buffer_damage.boxes().size(), size_t(kMaxDamageRects)) << "commit " << commit;
    }
    // Never less than what was damaged: the first and the last rectangle.
    EXPECT_TRUE(cached.surface_damage.contains(0, 0));
    EXPECT_TRUE(cached.surface_damage.contains(199 * 1000 + (kMaxDamageRects - 1) * 4, 0));
    EXPECT_TRUE(cached.buffer_damage.contains(0, 199 * 1000 + (kMaxDamageRects - 1) * 4));
}

// ---------------------------------------------------------------- fractional output scales

TEST(Region, scaled_outward_covers_every_pixel_a_box_touches_at_a_fractional_scale) {
    // 1.25: [1, 3) → [1.25, 3.75) → pixels 1..3; negative edges round down.
    EXPECT_EQ(Region(Box{1, 1, 2, 2}).scaled_outward(150), Region(Box{1, 1, 3, 3}));
    EXPECT_EQ(Region(Box{-1, 0, 1, 4}).scaled_outward(150), Region(Box{-2, 0, 2, 5}));
    // Whole scales are scaled_up.
    EXPECT_EQ(Region(Box{1, 2, 3, 4}).scaled_outward(240), Region(Box{2, 4, 6, 8}));
    // Every unit point of the box lands inside what it covers.
    std::mt19937 rng(7);
    for (int i = 0; i < 200; ++i) {
        const int32_t scale120 = 121 + int32_t(rng() % 840);
        const Box b{int32_t(rng() % 200) - 100, int32_t(rng() % 200) - 100, 1 + int32_t(rng() % 50),
                    1 + int32_t(rng() % 50)};
        const Region out = Region(b).scaled_outward(scale120);
        const double s = scale120 / 120.0;
        for (const double fx : {0.0, 0.999})
            EXPECT_TRUE(out.contains(int32_t(std::floor((b.x + fx * b.width) * s)), int32_t(std::floor(b.y * s))))
                << scale120;
    }
}

TEST(Region, scaled_nearest_tiles_neighbours_without_gap_or_overlap) {
    // 1.25: [0, 1) → [0, 1.25) → 0..1; [1, 2) → [1.25, 2.5) → 1..2 (half up).
    EXPECT_EQ(Region(Box{0, 0, 1, 1}).scaled_nearest(150), Region(Box{0, 0, 1, 1}));
    EXPECT_EQ(Region(Box{1, 0, 1, 1}).scaled_nearest(150), Region(Box{1, 0, 2, 1}));
    for (int32_t scale120 : {130, 144, 150, 160, 180, 210}) {
        Region left = Region(Box{0, 0, 7, 3}).scaled_nearest(scale120);
        const Region right = Region(Box{7, 0, 5, 3}).scaled_nearest(scale120);
        Region both = left;
        left.intersect(right);
        EXPECT_TRUE(left.empty()) << scale120;
        both.add(right);
        EXPECT_EQ(both, Region(Box{0, 0, 12, 3}).scaled_nearest(scale120)) << scale120;
    }
}

} // namespace
} // namespace shoji
