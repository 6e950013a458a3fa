#include "util/checked.hpp"

#include <limits>

namespace shoji {

std::optional<Extent> buffer_extent(int32_t offset, int32_t height, int32_t stride) {
    if (offset < 0 || height <= 0 || stride <= 0) return std::nullopt;
    // int32 × int32 cannot overflow int64; offset + that cannot either.
    int64_t end = int64_t(offset) + int64_t(stride) * int64_t(height);
    if (end > std::numeric_limits<int32_t>::max()) return std::nullopt;
    return Extent{offset, end};
}

} // namespace shoji
