// Outputs as the control verbs see them: what `shoji ctl output list`
// reports about each one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace shoji {

class Server;

struct OutputInfo {
    std::string name;
    // Its area in layout (logical) coordinates.
    int32_t x = 0, y = 0, width = 0, height = 0;
    // Its mode, in pixels, and refresh rate; its scale in 120ths
    // (util/scale.hpp: 150 is 1.25; the reply's "scale" is 1.25).
    int32_t pixel_width = 0, pixel_height = 0, refresh_hz = 0, scale120 = 120;
};

// First to last, as the server lists them (the first is where new windows go).
std::vector<OutputInfo> describe_outputs(const Server& server);

} // namespace shoji
