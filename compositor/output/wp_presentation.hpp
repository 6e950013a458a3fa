// wp_presentation (presentation-time.xml, stable, version 1): when a
// surface's content update reached the screen.
//
// wp_presentation.feedback asks about the surface's next commit; the feedback
// is double-buffered surface state (SurfaceState::feedbacks, through the
// cache of synchronized subsurfaces like frame callbacks). Once the commit
// applies, the feedback waits in the Surface until one of:
// - an output commits a frame while the surface is shown on it: sync_output
//   (the client's wl_outputs for that output), then presented with the
//   frame's time (CLOCK_MONOTONIC, announced by clock_id), the output's
//   refresh in ns, a sequence counting this output's frames (one per frame
//   shown, from 1), and flags;
// - another commit of the surface applies first (superseded): discarded;
// - the surface is on no output once its commit has applied (unmapped,
//   minimized, off every output), or is destroyed: discarded.
// A waiting feedback on a shown surface damages the surface, so a frame
// comes even if the commit changed no pixel (Shoji renders on demand).
//
// Flags on headless outputs: vsync, hw_clock and hw_completion. The output
// has no scanout: a frame is shown when it is committed, whole (no tearing:
// vsync), and the time is taken at that commit, which is the presentation
// itself (the clock and the completion are exact, as hardware ones would
// be). Nested outputs (wayland, x11 backends) get no flags and the time of
// Shoji's commit: the host presents later, by an amount Shoji does not see.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <wayland-server-core.h>

#include "util/listener.hpp"

struct wlr_output;

namespace shoji {

class Scene;
class Surface;

class Presentation {
public:
    static constexpr uint32_t kVersion = 1;

    // Follows the outputs the scene lists now; follow() adds later ones.
    Presentation(wl_display* display, Scene& scene);
    ~Presentation();
    Presentation(const Presentation&) = delete;
    Presentation& operator=(const Presentation&) = delete;

    void follow(wlr_output* output);
    // Frames this output has shown since it was followed (its sequence).
    uint64_t sequence(const wlr_output* output) const;

    void handle_feedback(wl_resource* presentation, wl_resource* surface, uint32_t id);

private:
    struct Followed {
        wlr_output* output;
        uint64_t msc = 0;
        Listener commit, destroy;
    };
    // A surface that was asked about: checked once its commit has applied.
    struct Watched {
        Surface* surface;
        Listener applied, destroy;
    };
    void output_committed(Followed& f, void* event);
    void watch(Surface& surface);
    void schedule_check();
    static void check_waiting(void* data);

    wl_display* display_;
    Scene& scene_;
    wl_global* global_;
    std::vector<std::unique_ptr<Followed>> followed_;
    std::vector<std::unique_ptr<Watched>> watched_;
    wl_event_source* check_ = nullptr;
};

} // namespace shoji
