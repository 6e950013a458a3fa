// Screenshots of several outputs: what each one shows, placed as the layout
// places them, in one image.
#pragma once

#include <cstdint>
#include <vector>

#include "output/output.hpp"
#include "surface/view.hpp"
#include "util/pixman_image.hpp"
#include "util/region.hpp"

namespace shoji {

struct LayoutSnapshot {
    PixmanImage image;  // null if there is no output
    Box area;           // the layout area the image covers
    // Image pixels per layout unit, in 120ths (util/scale.hpp); a layout
    // position x is image pixel scale_round(x − area.x, scale120).
    int32_t scale120 = kScaleUnit;
};

// What `output` shows now: its last frame if nothing changed since, else the
// scene as it will be shown (commits not drawn yet), in its own pixels.
PixmanImage output_image(const Output& output, const std::vector<View>& views);

// The bounding box of `outputs` at the largest of their scales: each output's
// own pixels (output_image) at its place, scaled up (nearest) if its scale is
// smaller; what no output covers is the first output's background colour.
// One output gives exactly its own image (a fractional one: its pixel size).
LayoutSnapshot snapshot_outputs(const std::vector<const Output*>& outputs, const std::vector<View>& views);

} // namespace shoji
