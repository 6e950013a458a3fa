#include "util/region.hpp"

#include <algorithm>
#include <cstdint>

#include "util/scale.hpp"

namespace shoji {

Box intersect(const Box& a, const Box& b) {
    const int64_t x1 = std::max<int64_t>(a.x, b.x), y1 = std::max<int64_t>(a.y, b.y);
    const int64_t x2 = std::min<int64_t>(int64_t(a.x) + a.width, int64_t(b.x) + b.width);
    const int64_t y2 = std::min<int64_t>(int64_t(a.y) + a.height, int64_t(b.y) + b.height);
    if (x2 <= x1 || y2 <= y1) return {};
    return {int32_t(x1), int32_t(y1), int32_t(x2 - x1), int32_t(y2 - y1)};
}

Box bounding(const Box& a, const Box& b) {
    if (a.empty()) return b;
    if (b.empty()) return a;
    const int64_t x1 = std::min(a.x, b.x), y1 = std::min(a.y, b.y);
    const int64_t x2 = std::max<int64_t>(int64_t(a.x) + a.width, int64_t(b.x) + b.width);
    const int64_t y2 = std::max<int64_t>(int64_t(a.y) + a.height, int64_t(b.y) + b.height);
    return {int32_t(x1), int32_t(y1), int32_t(x2 - x1), int32_t(y2 - y1)};
}

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

Region Region::scaled_edges(int32_t scale120, int64_t (*lo)(int64_t, int32_t),
                            int64_t (*hi)(int64_t, int32_t)) const {
    if (scale120 % kScaleUnit == 0) return scaled_up(scale120 / kScaleUnit);
    Region out;
    for (const Box& b : boxes()) {
        const int64_t x1 = lo(b.x, scale120), y1 = lo(b.y, scale120);
        const int64_t x2 = hi(int64_t(b.x) + b.width, scale120), y2 = hi(int64_t(b.y) + b.height, scale120);
        out.add_clamped(x1, y1, x2 - x1, y2 - y1);
    }
    return out;
}

Region Region::scaled_outward(int32_t scale120) const { return scaled_edges(scale120, scale_floor, scale_ceil); }

Region Region::scaled_nearest(int32_t scale120) const { return scaled_edges(scale120, scale_round, scale_round); }

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
    // pixman compares extents first, and an empty region keeps the extents
    // of wherever it became empty: empty regions are all equal.
    if (empty() && o.empty()) return true;
    return pixman_region32_equal(const_cast<pixman_region32_t*>(&r_), const_cast<pixman_region32_t*>(&o.r_));
}

Box Region::largest_box() const {
    Box best;
    int64_t best_area = 0;
    for (const Box& b : boxes()) {
        const int64_t a = int64_t(b.width) * b.height;
        if (a > best_area) best = b, best_area = a;
    }
    return best;
}

namespace {
// pixman keeps a region as bands: runs of rectangles sharing y1 and y2,
// sorted top to bottom, left to right within a band.
struct Band {
    int32_t y1, y2;
    size_t rects;
};

std::vector<Band> bands_of(const Region& r) {
    int n = 0;
    const pixman_box32_t* b = pixman_region32_rectangles(const_cast<pixman_region32_t*>(r.raw()), &n);
    std::vector<Band> bands;
    for (int i = 0; i < n; ++i) {
        if (!bands.empty() && bands.back().y1 == b[i].y1 && bands.back().y2 == b[i].y2) ++bands.back().rects;
        else bands.push_back({b[i].y1, b[i].y2, 1});
    }
    return bands;
}
} // namespace

size_t result_rects_bound(const Region& a, const Region& b) {
    // pixman_op walks both regions band by band: over a stretch of y where
    // only one has a band it copies that band's rectangles; where both have
    // one it merges them, which makes at most the two counts together
    // (each rectangle of one can split at most one of the other in two).
    const std::vector<Band> ba = bands_of(a), bb = bands_of(b);
    size_t total = 0, i = 0, j = 0;
    int64_t y = INT64_MIN; // everything above y is counted
    while (i < ba.size() || j < bb.size()) {
        // The next stretch starts at the first band edge at or below y.
        const int64_t a_top = i < ba.size() ? std::max<int64_t>(ba[i].y1, y) : INT64_MAX;
        const int64_t b_top = j < bb.size() ? std::max<int64_t>(bb[j].y1, y) : INT64_MAX;
        const int64_t top = std::min(a_top, b_top);
        const bool in_a = i < ba.size() && ba[i].y1 <= top;
        const bool in_b = j < bb.size() && bb[j].y1 <= top;
        // It ends where a band it lies in ends, or where another begins.
        int64_t bottom = INT64_MAX;
        if (in_a) bottom = std::min<int64_t>(bottom, ba[i].y2);
        else if (i < ba.size()) bottom = std::min<int64_t>(bottom, ba[i].y1);
        if (in_b) bottom = std::min<int64_t>(bottom, bb[j].y2);
        else if (j < bb.size()) bottom = std::min<int64_t>(bottom, bb[j].y1);
        total += (in_a ? ba[i].rects : 0) + (in_b ? bb[j].rects : 0);
        y = bottom;
        if (i < ba.size() && ba[i].y2 <= y) ++i;
        if (j < bb.size() && bb[j].y2 <= y) ++j;
    }
    return total;
}

namespace {
// A run of ops, merged: what it leaves in the region, and everything it
// touches. For a run of adds only the two are the same region, kept once.
struct Merged {
    Region result;
    Region cover_; // unused when adds_only
    bool adds_only = true;
    const Region& cover() const { return adds_only ? result : cover_; }
};

enum class Op { Union, Subtract };

// out = a op b, if that has at most max_rects rectangles. The bound is
// checked first, so that pixman never builds a region far larger than that;
// it counts rectangles before they coalesce, so it may be a few times the
// result (two halves of a staircase each count every band the other also
// has): a bound up to kBoundSlack times max_rects is computed, then the
// result itself is checked.
constexpr size_t kBoundSlack = 4;
bool checked(Op op, const Region& a, const Region& b, size_t max_rects, Region& out) {
    if (result_rects_bound(a, b) > kBoundSlack * max_rects) return false;
    pixman_region32_t* o = out.raw();
    pixman_region32_t* x = const_cast<pixman_region32_t*>(a.raw());
    pixman_region32_t* y = const_cast<pixman_region32_t*>(b.raw());
    const bool ok = op == Op::Union ? pixman_region32_union(o, x, y) : pixman_region32_subtract(o, x, y);
    return ok && out.rect_count() <= max_rects;
}

// later := earlier then later. The cover is needed only of a part that will
// come after another (not of the final region): computing it anyway could
// only fail a bound for nothing.
bool merge(const Merged& earlier, Merged& later, size_t max_rects, bool need_cover) {
    Merged m;
    m.adds_only = earlier.adds_only && later.adds_only;
    if (later.adds_only) {
        // (E - cover(L)) + L = E + L when L only adds.
        if (!checked(Op::Union, earlier.result, later.result, max_rects, m.result)) return false;
    } else {
        Region kept;
        if (!checked(Op::Subtract, earlier.result, later.cover(), max_rects, kept)) return false;
        if (!checked(Op::Union, kept, later.result, max_rects, m.result)) return false;
    }
    if (!m.adds_only && need_cover &&
        !checked(Op::Union, earlier.cover(), later.cover(), max_rects, m.cover_))
        return false;
    later = std::move(m);
    return true;
}
} // namespace

bool apply_ops(Region& region, const std::vector<RegionOp>& ops, size_t max_rects) {
    if (ops.empty()) return true;
    // Level 0: runs of kRun ops. Within a run, each stretch of adds (or of
    // subtracts) becomes one region at once (pixman_region32_init_rects: its
    // quadratic worst case is nothing for kRun boxes) and is applied to the
    // run's result in turn. Then each level merges neighbouring runs in place,
    // halving them, until one is left. (Few pixman calls per op, so few
    // allocations.)
    constexpr size_t kRun = 64;
    std::vector<pixman_box32_t> boxes;
    boxes.reserve(kRun);
    auto region_of = [&](size_t from, size_t to) {
        boxes.clear();
        for (size_t i = from; i < to; ++i) {
            const Box& b = ops[i].box;
            boxes.push_back({b.x, b.y, b.x + b.width, b.y + b.height});
        }
        Region r;
        pixman_region32_fini(r.raw());
        pixman_region32_init_rects(r.raw(), boxes.data(), int(boxes.size()));
        return r;
    };
    std::vector<Merged> parts;
    parts.reserve((ops.size() + kRun - 1) / kRun);
    for (size_t start = 0; start < ops.size(); start += kRun) {
        Merged m;
        const size_t end = std::min(ops.size(), start + kRun);
        for (size_t i = start; i < end;) {
            size_t j = i + 1;
            while (j < end && ops[j].subtract == ops[i].subtract) ++j;
            if (ops[i].subtract) {
                m.adds_only = false;
                if (!m.result.empty()) m.result.subtract(region_of(i, j));
            } else if (m.result.empty()) {
                m.result = region_of(i, j);
            } else {
                m.result.add(region_of(i, j));
            }
            i = j;
        }
        if (!m.adds_only) m.cover_ = region_of(start, end); // every box of the run
        parts.push_back(std::move(m));
    }
    while (parts.size() > 1) {
        size_t kept = 0;
        for (size_t i = 0; i < parts.size(); i += 2) {
            if (i + 1 < parts.size() && !merge(parts[i], parts[i + 1], max_rects, true)) return false;
            parts[kept++] = std::move(parts[i + 1 < parts.size() ? i + 1 : i]);
        }
        parts.resize(kept);
    }
    // Then what was there before the ops.
    if (!region.empty()) {
        Merged before;
        before.result = std::move(region);
        const bool ok = merge(before, parts.front(), max_rects, false);
        if (!ok) {
            region = std::move(before.result);
            return false;
        }
    }
    if (parts.front().result.rect_count() > max_rects) return false; // one run: nothing was checked
    region = std::move(parts.front().result);
    return true;
}

} // namespace shoji
