// FrameAreas: a frame's repaint region split the way `--damage-frames`
// colours it and `--trace` counts it, so the pictures and the trace lines
// agree pixel for pixel.
#pragma once

#include <vector>

#include "output/frame_report.hpp"
#include "util/region.hpp"

namespace shoji {

struct FrameAreas {
    Region damage;     // this frame's own damage
    Region age;        // what buffer age adds
    // Each repainted pixel by what was drawn on it last (views bottom to top):
    Region src;        // a view read with SRC
    Region over;       // a view blended with OVER
    Region background; // the background colour, no view over it
    std::vector<Box> occluded; // boxes of the views hidden in the damage
};

FrameAreas frame_areas(const FrameReport& report);

} // namespace shoji
