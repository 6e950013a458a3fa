#include "util/region.hpp"

#include <algorithm>

namespace shoji {

namespace {
int32_t clamp_coord(int64_t v) {
    return int32_t(std::clamp(v, -Region::kLimit, Region::kLimit));
}
// Converts a client rectangle to a clamped box; width/height ≤ 0 give an
// empty box. All sums are done in 64 bits, so INT32_MAX + INT32_MAX is fine.
Box clamp_rect(int64_t x, int64_t y, int64_t w, int64_t h) {
    if (w <= 0 || h <= 0) return {};
    int32_t x1 = clamp_coord(x), y1 = clamp_coord(y);
    int32_t x2 = clamp_coord(x + w), y2 = clamp_coord(y + h);
    return {x1, y1, x2 - x1, y2 - y1};
}
} // namespace

Box Region::clamped_box(int64_t x, int64_t y, int64_t w, int64_t h) { return clamp_rect(x, y, w, h); }

Region::Region(const Box& b) : Region() { add(b); }

// Every box goes through clamp_rect, so x + width never overflows inside
// pixman, whatever a client's sizes and positions add up to.
void Region::add(const Box& b) { add_clamped(b.x, b.y, b.width, b.height); }

void Region::add_clamped(int64_t x, int64_t y, int64_t w, int64_t h) {
    const Box b = clamp_rect(x, y, w, h);
    if (b.empty()) return;
    pixman_region32_union_rect(&r_, &r_, b.x, b.y, uint32_t(b.width), uint32_t(b.height));
}

void Region::subtract_clamped(int64_t x, int64_t y, int64_t w, int64_t h) {
    Box b = clamp_rect(x, y, w, h);
    if (b.empty()) return;
    subtract(Region(b));
}

void Region::intersect(const Box& b) {
    const Box c = clamp_rect(b.x, b.y, b.width, b.height);
    if (c.empty()) { clear(); return; }
    pixman_region32_intersect_rect(&r_, &r_, c.x, c.y, uint32_t(c.width), uint32_t(c.height));
}

void Region::simplify(int max_rects) {
    if (pixman_region32_n_rects(&r_) > max_rects) *this = Region(extents());
}

Region Region::scaled_up(int32_t factor) const {
    if (factor == 1) return *this;
    Region out;
    for (const Box& b : boxes())
        out.add({b.x * factor, b.y * factor, b.width * factor, b.height * factor});
    return out;
}

Region Region::scaled_down(int32_t divisor) const {
    if (divisor == 1) return *this;
    // In 64 bits: the divisor is a client's buffer scale, up to INT32_MAX.
    const int64_t d = divisor;
    auto floor_div = [d](int64_t v) { return v >= 0 ? v / d : -((-v + d - 1) / d); };
    auto ceil_div = [d](int64_t v) { return v >= 0 ? (v + d - 1) / d : -(-v / d); };
    Region out;
    for (const Box& b : boxes()) {
        const int64_t x1 = floor_div(b.x), y1 = floor_div(b.y);
        const int64_t x2 = ceil_div(int64_t(b.x) + b.width), y2 = ceil_div(int64_t(b.y) + b.height);
        out.add_clamped(x1, y1, x2 - x1, y2 - y1);
    }
    return out;
}

bool Region::contains(int32_t x, int32_t y) const {
    return pixman_region32_contains_point(const_cast<pixman_region32_t*>(&r_), x, y, nullptr);
}

Box Region::extents() const {
    const pixman_box32_t* e = pixman_region32_extents(const_cast<pixman_region32_t*>(&r_));
    return {e->x1, e->y1, e->x2 - e->x1, e->y2 - e->y1};
}

std::vector<Box> Region::boxes() const {
    int n = 0;
    const pixman_box32_t* b = pixman_region32_rectangles(const_cast<pixman_region32_t*>(&r_), &n);
    std::vector<Box> out;
    out.reserve(size_t(n));
    for (int i = 0; i < n; ++i) out.push_back({b[i].x1, b[i].y1, b[i].x2 - b[i].x1, b[i].y2 - b[i].y1});
    return out;
}

int64_t Region::area() const {
    int64_t a = 0;
    for (const Box& b : boxes()) a += int64_t(b.width) * b.height;
    return a;
}

bool Region::operator==(const Region& o) const {
    return pixman_region32_equal(const_cast<pixman_region32_t*>(&r_), const_cast<pixman_region32_t*>(&o.r_));
}

} // namespace shoji
