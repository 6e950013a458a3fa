// shoji::buffer_extent and row_bytes at the int32 edges: the values of
// wl_shm_pool.create_buffer (offset, width, height, stride) are client int32s,
// and a pool is at most INT32_MAX bytes (wl_shm.create_pool's size is int32).
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "util/checked.hpp"

namespace shoji {
namespace {

constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
constexpr int32_t kMax = std::numeric_limits<int32_t>::max();

// ---------------------------------------------------------------- buffer_extent

TEST(BufferExtent, is_offset_to_offset_plus_height_rows_of_stride) {
    const auto e = buffer_extent(100, 3, 16);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->begin, 100);
    EXPECT_EQ(e->end, 100 + 3 * 16);
}

TEST(BufferExtent, offset_zero_is_allowed) {
    const auto e = buffer_extent(0, 1, 4);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->begin, 0);
    EXPECT_EQ(e->end, 4);
}

TEST(BufferExtent, negative_offset_is_rejected) {
    EXPECT_FALSE(buffer_extent(-1, 1, 4));
    EXPECT_FALSE(buffer_extent(kMin, 1, 4));
    // Even when offset + size would land inside the pool.
    EXPECT_FALSE(buffer_extent(-4, 2, 4));
}

TEST(BufferExtent, zero_or_negative_height_is_rejected) {
    EXPECT_FALSE(buffer_extent(0, 0, 4));
    EXPECT_FALSE(buffer_extent(0, -1, 4));
    EXPECT_FALSE(buffer_extent(0, kMin, 4));
    // A negative height times a negative stride is positive: still rejected.
    EXPECT_FALSE(buffer_extent(0, -1, -4));
    EXPECT_FALSE(buffer_extent(0, kMin, kMin));
}

TEST(BufferExtent, zero_or_negative_stride_is_rejected) {
    EXPECT_FALSE(buffer_extent(0, 1, 0));
    EXPECT_FALSE(buffer_extent(0, 1, -4));
    EXPECT_FALSE(buffer_extent(0, 1, kMin));
    EXPECT_FALSE(buffer_extent(kMax, 1, 0)); // would be an empty range at the very end
}

TEST(BufferExtent, one_row_of_one_byte_is_the_smallest_buffer) {
    const auto e = buffer_extent(0, 1, 1);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->end - e->begin, 1);
}

TEST(BufferExtent, end_exactly_int32_max_is_accepted) {
    // One row filling the largest pool.
    auto e = buffer_extent(0, 1, kMax);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->begin, 0);
    EXPECT_EQ(e->end, kMax);

    // INT32_MAX rows of one byte.
    e = buffer_extent(0, kMax, 1);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->end, kMax);

    // The last byte of the largest pool.
    e = buffer_extent(kMax - 1, 1, 1);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->begin, kMax - 1);
    EXPECT_EQ(e->end, kMax);

    // Offset and size splitting INT32_MAX = 2^31 − 1 = 1 + 2 · (2^30 − 1).
    e = buffer_extent(1, 2, (1 << 30) - 1);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->begin, 1);
    EXPECT_EQ(e->end, kMax);
}

TEST(BufferExtent, end_int32_max_plus_one_is_rejected) {
    EXPECT_FALSE(buffer_extent(1, 1, kMax));    // 1 + (2^31 − 1)
    EXPECT_FALSE(buffer_extent(kMax, 1, 1));    // starts at the last valid end
    EXPECT_FALSE(buffer_extent(0, 2, 1 << 30)); // 2 · 2^30 = 2^31
    EXPECT_FALSE(buffer_extent(0, 1 << 30, 2));
    EXPECT_FALSE(buffer_extent(2, 2, (1 << 30) - 1)); // 2 + 2^31 − 2
}

TEST(BufferExtent, products_that_overflow_int32_are_rejected_not_wrapped) {
    // 2^16 · 2^16 = 2^32 wraps to 0 in 32 bits.
    EXPECT_FALSE(buffer_extent(0, 1 << 16, 1 << 16));
    // 2^16 · (2^16 + 1) = 2^32 + 2^16 wraps to a small positive 2^16.
    EXPECT_FALSE(buffer_extent(0, 1 << 16, (1 << 16) + 1));
    // INT32_MAX · INT32_MAX ≈ 2^62.
    EXPECT_FALSE(buffer_extent(0, kMax, kMax));
    EXPECT_FALSE(buffer_extent(kMax, kMax, kMax));
    // INT32_MAX · 2 wraps to −2 in 32 bits.
    EXPECT_FALSE(buffer_extent(0, 2, kMax));
    EXPECT_FALSE(buffer_extent(0, kMax, 2));
}

TEST(BufferExtent, offset_at_int32_max_with_a_large_size_is_rejected) {
    // INT32_MAX + 4 · 2^30 would wrap to a small value in 32 bits.
    EXPECT_FALSE(buffer_extent(kMax, 4, 1 << 30));
    EXPECT_FALSE(buffer_extent(kMax - 3, 1, 4));
    const auto e = buffer_extent(kMax - 4, 1, 4);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->end, kMax);
}

TEST(BufferExtent, a_realistic_buffer) {
    // 1920×1080 XRGB8888 at offset 4096 in a pool.
    const auto e = buffer_extent(4096, 1080, 1920 * 4);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->begin, 4096);
    EXPECT_EQ(e->end, 4096 + 1080 * 1920 * 4);
}

// ---------------------------------------------------------------- row_bytes

TEST(RowBytes, is_width_times_bytes_per_pixel) {
    EXPECT_EQ(row_bytes(0, 4), 0);
    EXPECT_EQ(row_bytes(1, 4), 4);
    EXPECT_EQ(row_bytes(1920, 4), 7680);
    EXPECT_EQ(row_bytes(3, 3), 9);
    EXPECT_EQ(row_bytes(7, 1), 7);
}

TEST(RowBytes, does_not_overflow_at_int32_max) {
    // In 32 bits INT32_MAX · 4 would wrap to −4.
    EXPECT_EQ(row_bytes(kMax, 4), int64_t(8589934588));
    EXPECT_EQ(row_bytes(kMax, 8), int64_t(17179869176));
    EXPECT_EQ(row_bytes(kMax, kMax), int64_t(4611686014132420609));
    // 2^30 · 4 = 2^32 would wrap to 0.
    EXPECT_EQ(row_bytes(1 << 30, 4), int64_t(1) << 32);
    // So a too-wide row compares as too wide against an int32 stride.
    EXPECT_GT(row_bytes(kMax / 2, 4), int64_t(kMax));
}

TEST(RowBytes, keeps_the_sign_of_a_negative_width) {
    EXPECT_EQ(row_bytes(-1, 4), -4);
    EXPECT_EQ(row_bytes(kMin, 4), -(int64_t(1) << 33));
    EXPECT_EQ(row_bytes(kMin, kMin), int64_t(1) << 62);
    EXPECT_EQ(row_bytes(kMin, kMax), -(int64_t(1) << 62) + (int64_t(1) << 31));
}

} // namespace
} // namespace shoji
