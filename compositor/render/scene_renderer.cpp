#include "render/scene_renderer.hpp"

#include <algorithm>

#include "render/buffer_transform.hpp"
#include "surface/wl_surface.hpp"

namespace shoji {

namespace {
// A view's placement in target pixels, and what of it this frame must paint.
struct Paint {
    const View* view;
    Box box;       // the surface, in target pixels
    Region opaque; // painted with SRC
    Region blend;  // painted with OVER
};

// In 64 bits, clamped to a range pixman's int32 boxes can hold: a surface
// may be up to INT32_MAX pixels wide before the output scale multiplies it.
// On a fractional scale each edge goes to the nearest pixel (scale_round):
// a surface 200 units wide at 1.25 covers exactly 250 pixels wherever it is,
// and windows side by side share no pixel and leave none out.
Box to_target(const RenderTarget& t, int32_t x, int32_t y, int32_t w, int32_t h) {
    auto c = [](int64_t v) { return int32_t(std::clamp<int64_t>(v, -(int64_t(1) << 30), int64_t(1) << 30)); };
    // Clamped first: scale_round's 64-bit product stays far from overflow.
    auto in = [](int64_t v) { return std::clamp<int64_t>(v, -(int64_t(1) << 40), int64_t(1) << 40); };
    const int64_t lx = int64_t(x) - t.origin_x, ly = int64_t(y) - t.origin_y;
    const int32_t cx1 = c(scale_round(in(lx), t.scale120)), cy1 = c(scale_round(in(ly), t.scale120));
    return {cx1, cy1, c(scale_round(in(lx + w), t.scale120)) - cx1, c(scale_round(in(ly + h), t.scale120)) - cy1};
}

// (src_x, src_y): the buffer pixel at src's (0, 0), when Direct.
void composite_boxes(pixman_op_t op, pixman_image_t* src, int32_t src_x, int32_t src_y,
                     const Paint& p, const Region& clip, pixman_image_t* dst) {
    for (const Box& b : clip.boxes()) {
        // Direct: buffer pixel = target pixel − surface origin. Transformed:
        // the source transform maps (target pixel − origin) to src's pixels.
        pixman_image_composite32(op, src, nullptr, dst, b.x - p.box.x - src_x, b.y - p.box.y - src_y,
                                 0, 0, b.x, b.y, b.width, b.height);
    }
}

void draw(const Paint& p, const RenderTarget& target, RenderStats& stats) {
    const Surface& surface = *p.view->surface;
    const AttachedBuffer* buffer = surface.buffer();
    if (!buffer) return;
    pixman_transform_t transform;
    const Sampling sampling =
        output_to_buffer_transform(surface.geometry(), target.scale120, &transform);
    if (sampling == Sampling::Unrepresentable) return;

    buffer->with_image([&](pixman_image_t* src, int32_t x, int32_t y) {
        int32_t src_x = x, src_y = y;
        if (sampling == Sampling::Transformed) {
            // src's (0, 0) is buffer pixel (x, y): shift the buffer coordinates.
            pixman_transform_t shifted = transform;
            if (!pixman_transform_translate(&shifted, nullptr, pixman_int_to_fixed(-x), pixman_int_to_fixed(-y)))
                return;
            pixman_image_set_transform(src, &shifted);
            const pixman_filter_t filter = sampling_filter(surface.geometry(), target.scale120);
            pixman_image_set_filter(src, filter, nullptr, 0);
            if (filter == PIXMAN_FILTER_BILINEAR) pixman_image_set_repeat(src, PIXMAN_REPEAT_PAD);
            src_x = src_y = 0;
        }
        ++stats.surfaces_drawn;
        composite_boxes(PIXMAN_OP_SRC, src, src_x, src_y, p, p.opaque, target.image);
        composite_boxes(PIXMAN_OP_OVER, src, src_x, src_y, p, p.blend, target.image);
        if (sampling == Sampling::Transformed) {
            pixman_image_set_transform(src, nullptr);
            pixman_image_set_filter(src, PIXMAN_FILTER_NEAREST, nullptr, 0);
            pixman_image_set_repeat(src, PIXMAN_REPEAT_NONE);
        }
    });
    stats.pixels_drawn += p.opaque.area() + p.blend.area();
}
} // namespace

RenderStats composite_views(const RenderTarget& target, const Region& damage,
                            const std::vector<View>& views, uint32_t background_argb,
                            RenderReport* report) {
    RenderStats stats;
    Region todo = damage;
    todo.intersect(Box{0, 0, pixman_image_get_width(target.image), pixman_image_get_height(target.image)});

    // Top to bottom: each view gets what is still uncovered of the damage;
    // its opaque part then hides everything below it.
    std::vector<Paint> paints;
    paints.reserve(views.size());
    Region uncovered = todo;
    std::vector<ViewReport> reported; // with a report: top to bottom
    for (auto it = views.rbegin(); it != views.rend(); ++it) {
        // Everything is covered: nothing below is read (a report still
        // names the views hidden in the damage).
        if (uncovered.empty() && !report) break;
        const Surface& s = *it->surface;
        // A view we cannot read must not hide what is below it.
        pixman_transform_t unused;
        if (!s.buffer() || !s.buffer()->readable() ||
            output_to_buffer_transform(s.geometry(), target.scale120, &unused) == Sampling::Unrepresentable)
            continue;
        Paint p{&*it, to_target(target, it->x, it->y, s.width(), s.height()), {}, {}};
        Region visible = uncovered;
        visible.intersect(p.box);
        // Of a destroyed buffer, only the part that was kept can be drawn;
        // the rest shows what is below.
        if (const Box* kept = s.buffer()->kept_area())
            visible.intersect(to_target(target, it->x + kept->x, it->y + kept->y, kept->width, kept->height));
        if (visible.empty()) {
            if (report) {
                Region damaged = todo;
                damaged.intersect(p.box);
                if (!damaged.empty()) reported.push_back({&s, p.box, {}, {}, true});
            }
            continue;
        }
        // Its SRC and OVER areas are paints' (taken after the loop).
        if (report) reported.push_back({&s, p.box, {}, {}, false});
        if (target.scale120 % kScaleUnit == 0) {
            p.opaque = s.opaque_region().scaled_up(target.scale120 / kScaleUnit);
            p.opaque.translate(p.box.x, p.box.y);
        } else {
            // Fractional: moved to the surface's place first, then scaled,
            // so that its edges round as the box's do (to_target). A view
            // that far away (the clamp) is on no output anyway.
            auto near = [](int64_t v) { return int32_t(std::clamp<int64_t>(v, -Region::kLimit, Region::kLimit)); };
            p.opaque = s.opaque_region();
            p.opaque.translate(near(int64_t(it->x) - target.origin_x), near(int64_t(it->y) - target.origin_y));
            p.opaque = p.opaque.scaled_nearest(target.scale120);
        }
        p.opaque.intersect(visible);
        p.blend = std::move(visible);
        p.blend.subtract(p.opaque);
        uncovered.subtract(p.opaque);
        paints.push_back(std::move(p));
    }

    // The background shows through wherever no opaque surface covers.
    const std::vector<Box> bg = uncovered.boxes();
    if (!bg.empty()) {
        std::vector<pixman_box32_t> boxes;
        boxes.reserve(bg.size());
        for (const Box& b : bg) boxes.push_back({b.x, b.y, b.x + b.width, b.y + b.height});
        const pixman_color_t color = {
            uint16_t(((background_argb >> 16) & 0xff) * 0x101),
            uint16_t(((background_argb >> 8) & 0xff) * 0x101),
            uint16_t((background_argb & 0xff) * 0x101),
            uint16_t(((background_argb >> 24) & 0xff) * 0x101),
        };
        pixman_image_fill_boxes(PIXMAN_OP_SRC, target.image, &color, int(boxes.size()), boxes.data());
        stats.pixels_cleared = uncovered.area();
    }

    // Bottom to top.
    for (auto it = paints.rbegin(); it != paints.rend(); ++it) draw(*it, target, stats);
    if (report) {
        // The views read, in the same order as paints.
        size_t next = 0;
        for (ViewReport& v : reported) {
            if (v.occluded) continue;
            v.src = paints[next].opaque;
            v.over = paints[next].blend;
            ++next;
        }
        // Collected top to bottom; the report runs bottom to top.
        std::reverse(reported.begin(), reported.end());
        report->views = std::move(reported);
        report->background = std::move(uncovered);
    }
    return stats;
}

} // namespace shoji
