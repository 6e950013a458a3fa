// Compositing with pixman: the scene's views, clipped to damage, into an image.
//
// The same function paints the output buffer every frame and the offscreen
// image of a screenshot, so both hold the same pixels.
#pragma once

#include <cstdint>
#include <vector>

#include <pixman.h>

#include "scene/scene.hpp"
#include "util/region.hpp"
#include "util/scale.hpp"

namespace shoji {

struct RenderTarget {
    pixman_image_t* image;
    int32_t origin_x = 0, origin_y = 0; // layout position of the image's (0, 0)
    // Output pixels per layout unit, in 120ths (util/scale.hpp): 150 is 1.25.
    int32_t scale120 = kScaleUnit;
};

struct RenderStats {
    int surfaces_drawn = 0;   // surfaces whose pixels were read
    int64_t pixels_drawn = 0; // output pixels written from surfaces
    int64_t pixels_cleared = 0; // output pixels filled with the background
};

// What one frame did to one view, for observers (--trace, --damage-frames);
// made only when composite_views is given a RenderReport.
struct ViewReport {
    const Surface* surface = nullptr;
    Box box;               // the surface, in target pixels
    Region src;            // read with PIXMAN_OP_SRC (its opaque part)
    Region over;           // read with PIXMAN_OP_OVER (the rest)
    bool occluded = false; // meets the damage, but opaque views above hide it there: not read
};
struct RenderReport {
    std::vector<ViewReport> views; // bottom to top: the views read and the occluded ones
    Region background;             // filled with the background colour
};

// Repaints `damage` (in target pixels) of `target`: the background, then each
// view bottom to top. Content under an opaque area of a higher view is never
// read; opaque areas are copied (PIXMAN_OP_SRC), the rest blended (OVER).
// With a `report`, also says where each view was read and which were hidden
// (only then: the frame path makes no report when no one listens).
RenderStats composite_views(const RenderTarget& target, const Region& damage,
                            const std::vector<View>& views, uint32_t background_argb,
                            RenderReport* report = nullptr);

} // namespace shoji
