// View: a surface at a place in the layout, as the scene lists what is
// shown and an output draws it (Surface::collect_views makes them).
#pragma once

#include <cstdint>

namespace shoji {

class Surface;

// A surface at a place in the layout: its (0, 0) is at (x, y).
struct View {
    Surface* surface;
    int32_t x, y;
};

} // namespace shoji
