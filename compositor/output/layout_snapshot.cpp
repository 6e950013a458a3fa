#include "output/layout_snapshot.hpp"

#include <algorithm>

#include "render/scene_renderer.hpp"

namespace shoji {

PixmanImage output_image(const Output& out, const std::vector<View>& views) {
    if (!out.has_pending_damage())
        if (PixmanImage shown = out.read_pixels()) return shown;
    const int32_t width = out.wlr()->width, height = out.wlr()->height;
    const Box box = out.layout_box();
    PixmanImage image = make_image(PIXMAN_x8r8g8b8, width, height);
    RenderTarget target{image.get(), box.x, box.y, out.scale120()};
    composite_views(target, Region(Box{0, 0, width, height}), views, out.background());
    return image;
}

LayoutSnapshot snapshot_outputs(const std::vector<const Output*>& outputs, const std::vector<View>& views) {
    LayoutSnapshot shot;
    if (outputs.empty()) return shot;
    if (outputs.size() == 1) {
        shot.image = output_image(*outputs[0], views);
        shot.area = outputs[0]->layout_box();
        shot.scale120 = outputs[0]->scale120();
        return shot;
    }
    Box area = outputs[0]->layout_box();
    for (const Output* o : outputs) {
        area = bounding(area, o->layout_box());
        shot.scale120 = std::max(shot.scale120, o->scale120());
    }
    shot.area = area;
    // Positions are bounded (output_spec.hpp), sizes at most 16384 pixels
    // per side per output times kMaxOutputs: 64-bit until checked.
    const int64_t w = scale_ceil(area.width, shot.scale120), h = scale_ceil(area.height, shot.scale120);
    if (w <= 0 || h <= 0 || w > INT32_MAX / 4 || h > INT32_MAX / 4 || w * h > (int64_t(1) << 31)) return shot;
    shot.image = make_image(PIXMAN_x8r8g8b8, int(w), int(h));
    if (!shot.image) return shot;
    const uint32_t bg = outputs[0]->background();
    pixman_color_t colour{uint16_t(((bg >> 16) & 0xff) * 0x101), uint16_t(((bg >> 8) & 0xff) * 0x101),
                          uint16_t((bg & 0xff) * 0x101), 0xffff};
    pixman_image_t* fill = pixman_image_create_solid_fill(&colour);
    pixman_image_composite32(PIXMAN_OP_SRC, fill, nullptr, shot.image.get(), 0, 0, 0, 0, 0, 0, int(w), int(h));
    pixman_image_unref(fill);
    for (const Output* o : outputs) {
        PixmanImage own = output_image(*o, views);
        if (!own) continue;
        const Box box = o->layout_box();
        if (o->scale120() != shot.scale120) {
            // Destination to source: each image pixel reads the output pixel
            // under it (nearest, so a scale-1 output's pixels become blocks).
            pixman_transform_t t;
            const pixman_fixed_t f = pixman_double_to_fixed(double(o->scale120()) / double(shot.scale120));
            pixman_transform_init_scale(&t, f, f);
            pixman_image_set_transform(own.get(), &t);
            pixman_image_set_filter(own.get(), PIXMAN_FILTER_NEAREST, nullptr, 0);
        }
        const int64_t x1 = scale_round(box.x - area.x, shot.scale120), y1 = scale_round(box.y - area.y, shot.scale120);
        const int64_t x2 = scale_round(int64_t(box.x) + box.width - area.x, shot.scale120);
        const int64_t y2 = scale_round(int64_t(box.y) + box.height - area.y, shot.scale120);
        pixman_image_composite32(PIXMAN_OP_SRC, own.get(), nullptr, shot.image.get(), 0, 0, 0, 0, int32_t(x1),
                                 int32_t(y1), int32_t(x2 - x1), int32_t(y2 - y1));
    }
    return shot;
}

} // namespace shoji
