#include "output/frame_watch.hpp"

#include "output/output.hpp"
#include "wlr.hpp"

namespace shoji {

FrameWatch::FrameWatch(const std::vector<std::unique_ptr<Output>>& outputs, Callback callback)
    : callback_(std::move(callback)) {
    for (const auto& output : outputs) {
        auto f = std::make_unique<Followed>();
        Followed* raw = f.get();
        raw->output = output.get();
        raw->commit.set_callback([this, raw](void* data) {
            // Only a commit with a buffer puts pixels on screen (not, say, a
            // mode change alone).
            const auto* event = static_cast<wlr_output_event_commit*>(data);
            if (event->committed & WLR_OUTPUT_STATE_BUFFER) callback_(raw->output->layout_box());
        });
        raw->destroy.set_callback([this, raw](void*) {
            // The output's signals die with it: unlink now.
            raw->commit.disconnect();
            raw->destroy.disconnect();
            raw->output = nullptr;
            callback_(Box{});
        });
        raw->commit.connect(&output->wlr()->events.commit);
        raw->destroy.connect(&output->wlr()->events.destroy);
        followed_.push_back(std::move(f));
    }
}

FrameWatch::~FrameWatch() = default;

} // namespace shoji
