// Region: a value type over pixman_region32_t.
//
// Copyable and movable; every pixman_region32_init has its fini. Rectangles
// from clients go through add_clamped(), which never overflows int32.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include <pixman.h>

namespace shoji {

struct Box {
    int32_t x = 0, y = 0, width = 0, height = 0;
    bool empty() const { return width <= 0 || height <= 0; }
    bool operator==(const Box& o) const {
        return x == o.x && y == o.y && width == o.width && height == o.height;
    }
};

// The common part of two boxes (empty if they do not meet), and the
// smallest box holding both (an empty one adds nothing); in 64 bits inside.
Box intersect(const Box& a, const Box& b);
Box bounding(const Box& a, const Box& b);

class Region {
public:
    Region() { pixman_region32_init(&r_); }
    explicit Region(const Box& b);
    Region(const Region& o) : Region() { pixman_region32_copy(&r_, &o.r_); }
    Region(Region&& o) noexcept : Region() { swap(o); }
    Region& operator=(Region o) noexcept { swap(o); return *this; }
    ~Region() { pixman_region32_fini(&r_); }

    // pixman_region32_t holds no pointer to itself, so swapping the structs
    // swaps the regions.
    void swap(Region& o) noexcept { std::swap(r_, o.r_); }

    // Client rectangles: any int32 values; clamped to ±kLimit so that every
    // later translate/scale stays in range (wl_surface.damage and
    // wl_region.add define no error for them). add(Box) clamps the same way.
    static constexpr int64_t kLimit = int64_t(1) << 26;
    void add_clamped(int64_t x, int64_t y, int64_t width, int64_t height);
    // The box add_clamped would add (empty for width or height ≤ 0).
    static Box clamped_box(int64_t x, int64_t y, int64_t width, int64_t height);
    void subtract_clamped(int64_t x, int64_t y, int64_t width, int64_t height);

    void add(const Box& b);
    void add(const Region& o) { pixman_region32_union(&r_, &r_, &o.r_); }
    void subtract(const Region& o) { pixman_region32_subtract(&r_, &r_, &o.r_); }
    void intersect(const Region& o) { pixman_region32_intersect(&r_, &r_, &o.r_); }
    void intersect(const Box& b);
    void clear() { pixman_region32_clear(&r_); }
    // Replaces the region by its bounding box once it has more than
    // `max_rects` rectangles: damage may grow, work per rectangle stays bounded.
    void simplify(int max_rects);
    void translate(int32_t dx, int32_t dy) { pixman_region32_translate(&r_, dx, dy); }

    // Integer scale up (surface → output pixels) or down (buffer → surface,
    // rounding outwards so damage is never lost).
    Region scaled_up(int32_t factor) const;
    Region scaled_down(int32_t divisor) const;
    // Surface or layout units → output pixels at an output scale in 120ths
    // (util/scale.hpp): outward (each box from floor to ceil: damage covers
    // every pixel it touches, so none stays stale), or each edge to the
    // nearest pixel (where a surface is drawn: its box and opaque region,
    // so neighbours tile without gaps).
    Region scaled_outward(int32_t scale120) const;
    Region scaled_nearest(int32_t scale120) const;

    bool empty() const { return !pixman_region32_not_empty(const_cast<pixman_region32_t*>(&r_)); }
    // Rectangles in pixman's banded form.
    size_t rect_count() const { return size_t(pixman_region32_n_rects(const_cast<pixman_region32_t*>(&r_))); }
    // The rectangle of largest area (an empty box for an empty region).
    Box largest_box() const;
    bool contains(int32_t x, int32_t y) const;
    Box extents() const;
    std::vector<Box> boxes() const;
    int64_t area() const;
    bool operator==(const Region& o) const;

    pixman_region32_t* raw() { return &r_; }
    const pixman_region32_t* raw() const { return &r_; }

private:
    // Each box's left and top edges mapped by `lo`, right and bottom by `hi`
    // (the scaled_* above; a whole-number scale is scaled_up).
    Region scaled_edges(int32_t scale120, int64_t (*lo)(int64_t, int32_t), int64_t (*hi)(int64_t, int32_t)) const;

    pixman_region32_t r_;
};

// One wl_region.add or wl_region.subtract, its rectangle already clamped
// (Region::clamped_box).
struct RegionOp {
    Box box;
    bool subtract = false;
};

// Applies `ops` to `region` in order, as Region::add and Region::subtract one
// after the other would, in time close to linear in the number of ops.
//
// One union per op costs time proportional to the region built so far:
// quadratic in all. pixman_region32_init_rects is no way out either: its
// banding of unsorted rectangles is itself quadratic for a staircase of
// overlapping ones. So runs of 64 ops are applied stretch by stretch (cheap
// while a region is that small), and the runs merged pairwise, level by level: a point
// ends up in the region if the last op covering it is an add, so for ops L
// then R, result = (result(L) - cover(R)) + result(R), and
// cover = cover(L) + cover(R). Each level costs time proportional to the
// regions it merges; there are log2(n) levels.
//
// Some sets of n rectangles make a region of about n^2 (n thin columns
// crossed by n thin rows). So every step must stay within `max_rects`: before
// each pixman operation its result is bounded (the rectangles of both
// inputs, summed over every band either has), and an operation whose bound is
// more than a few times `max_rects` is not run; after it, the result is
// checked. Past the limit, or if pixman runs out of memory, apply_ops returns
// false and leaves `region` unchanged. On success the result, and every
// region built on the way, has at most `max_rects` rectangles.
bool apply_ops(Region& region, const std::vector<RegionOp>& ops, size_t max_rects);

// An upper bound of the rectangles pixman's union, intersection or
// difference of `a` and `b` can produce (before coalescing), in time linear
// in their rectangles.
size_t result_rects_bound(const Region& a, const Region& b);

} // namespace shoji
