// FrameWatch: tells its owner when an output commits a frame (puts new pixels
// on screen), for waits that end once something "has been shown": IdleWatch,
// `shoji ctl wait window`.
//
// The callback runs inside the output's commit signal, so it sees the scene
// exactly as that frame drew it; it must not destroy the FrameWatch (defer
// such work to an idle source: wlr_output_damage and Output handle the same
// signal, and the pending damage is cleared by then). A destroyed output is
// let go and reported with an empty box.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "util/listener.hpp"
#include "util/region.hpp"

namespace shoji {

class Output;

class FrameWatch {
public:
    // The layout box of the output that committed.
    using Callback = std::function<void(const Box& shown)>;

    // Follows the outputs in `outputs` now.
    FrameWatch(const std::vector<std::unique_ptr<Output>>& outputs, Callback callback);
    ~FrameWatch();
    FrameWatch(const FrameWatch&) = delete;
    FrameWatch& operator=(const FrameWatch&) = delete;

private:
    struct Followed {
        Output* output;
        Listener commit, destroy;
    };
    Callback callback_;
    std::vector<std::unique_ptr<Followed>> followed_;
};

} // namespace shoji
