// Checked arithmetic for buffer extents, in 64 bits.
//
// Every size that comes from a client (offset, width, height, stride) is an
// int32; their products fit in int64 without overflow, so we compute there and
// only then compare against the limits that matter (pool size, INT32_MAX).
#pragma once

#include <cstdint>
#include <optional>

namespace shoji {

// The byte range a client buffer occupies in its pool: [begin, end).
struct Extent {
    int64_t begin = 0;
    int64_t end = 0;
};

// Returns the extent of a buffer of `height` rows of `stride` bytes starting at
// `offset`, or nullopt if any value is negative/zero where it must not be or
// the end does not fit in int32 (pools are at most INT32_MAX bytes).
std::optional<Extent> buffer_extent(int32_t offset, int32_t height, int32_t stride);

// width × bytes_per_pixel, in 64 bits.
inline int64_t row_bytes(int32_t width, int32_t bytes_per_pixel) {
    return int64_t(width) * int64_t(bytes_per_pixel);
}

} // namespace shoji
