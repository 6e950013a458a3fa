// Output: one wlroots output, its damage, and its frames.
//
// On each frame event (wlr_output_damage's, which folds in the damage of
// older buffers per buffer age), an output with no damage does nothing but
// answer frame callbacks. Otherwise it composites exactly the damaged region
// into the output buffer with pixman and commits with that damage.
//
// Frames come on demand. Nested backends send a frame event only when asked
// (wlr_output_schedule_frame). The headless backend of wlroots 0.15 would send
// one every refresh from its own timer; Output stops that timer (see
// stop_headless_timer) and paces a headless output itself: one timer, armed
// only when something wants a frame (damage, wlr_output_schedule_frame's
// needs_frame, e.g. from screencopy), firing at the next refresh tick.
//
// On headless, the output buffer stays hot: Output keeps no lock on what it
// committed, so wlroots' swapchain hands the same buffer back every frame
// (buffer age 1: only this frame's damage is repainted) instead of rotating
// over buffers that went cold in between. And a frame whose only content is
// one opaque client buffer covering the output exactly is not composited at
// all: that buffer is committed as the output's content (direct scanout,
// output/direct_scanout_buffer.hpp), until anything else is to be seen.
//
// And a headless output allocates no buffer until it has something to show:
// while nothing has ever been drawn on it and no view is on it, its frames
// are put off (it shows its background, which a snapshot paints by itself).
// A session that maps no window (`shoji -- true`) never allocates, faults
// or fills an output buffer.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "output/frame_report.hpp"
#include "render/scene_renderer.hpp"
#include "util/listener.hpp"
#include "util/pixman_image.hpp"
#include "util/scale.hpp"
#include "wlr.hpp"

namespace shoji {

class Scene;

// The float wlroots is given for a scale in 120ths. wlroots computes the
// logical size as int(pixels / float scale); 1.2 is not exact in a float
// and 1200 / 1.2f truncates to 999. One float step below the scale (a
// fractional one only) gives exactly pixels × 120 / scale120, rounded down,
// for every scale from 1 to 8 and every size up to 16384 (checked over all
// of them), and wlroots' ceil for wl_output.scale is unchanged.
float wlroots_scale(int32_t scale120);

struct OutputConfig {
    int32_t width = 1280, height = 720; // mode, in pixels (headless, nested)
    // In 120ths (util/scale.hpp): 150 is 1.25. The logical size is the mode
    // divided by it, exactly (output_spec.cpp refuses sizes that do not
    // divide); wl_output.scale is it rounded up.
    int32_t scale120 = kScaleUnit;
    int32_t refresh_hz = 60;
    uint32_t background = 0xff202020;
    // name=NAME of an output spec: its wl_output/xdg-output name (empty:
    // wlroots' HEADLESS-N, WL-N, X11-N).
    std::string name;
    // at=X:Y: its layout position; without it, the server puts it to the
    // right of the previous output.
    bool positioned = false;
    int32_t x = 0, y = 0;
};

class Output {
public:
    Output(wlr_output* output, wlr_output_layout* layout, Scene& scene, const OutputConfig& config);
    ~Output();
    Output(const Output&) = delete;
    Output& operator=(const Output&) = delete;

    wlr_output* wlr() const { return output_; }
    // The output's area in layout (logical) coordinates.
    Box layout_box() const;
    // Its scale in 120ths (fractional: 150 is 1.25); wl_output.scale says
    // integer_scale(scale120()).
    int32_t scale120() const { return config_.scale120; }
    // What it was made with, as changed since by reconfigure (the layout
    // position is the layout's: layout_box()).
    const OutputConfig& config() const { return config_; }
    uint32_t background() const { return config_.background; }

    // A new mode (in pixels, refresh in Hz) and scale (120ths), committed:
    // the refresh paces the frames from the next one on; wlroots tells
    // wl_output and xdg-output; the whole output is repainted. False if the
    // backend refused it (nothing changed then). In output_config.cpp.
    bool reconfigure(int32_t width, int32_t height, int32_t scale120, int32_t refresh_hz);
    // wl_surface.leave for every surface that entered it: the output is
    // about to go (its wl_output resources are still alive).
    void leave_all();

    void add_layout_damage(const Region& layout_damage);
    // Answers frame callbacks one refresh period from now even if nothing is
    // drawn: nested backends send no frame events while idle, and drawing an
    // undamaged frame would be wasted work.
    void schedule_frame_callbacks();
    void damage_whole();

    // Whether damage is waiting for the next frame (something changed that
    // is not on screen yet). Not while the output is blank (below): what
    // it would draw is its background.
    bool has_pending_damage() const;
    // Headless: nothing has been drawn on the output yet and the scene has
    // not damaged it (no view was ever on it), so it shows its background
    // and has no buffer: its frames are put off. Ends (for good) with the
    // scene's first damage on it, or a frame that a screencopy client or a
    // frame observer waits for. Never true again once ended, so pending
    // damage goes away only by a commit (what IdleWatch waits for).
    bool blank() const { return blank_; }

    // A copy of the last committed output buffer (what is on screen), or null
    // if nothing has been committed yet; a blank output's background.
    PixmanImage read_pixels() const;

    // Counters for tests and benchmarks.
    // Committed frames, composited or direct.
    uint64_t frames_rendered() const { return frames_rendered_; }
    // CLOCK_MONOTONIC ns when the output last put a frame on screen (0: never).
    int64_t shown_ns() const { return shown_ns_; }
    // Of those, the frames that showed a client's buffer as it is, with no
    // composite (direct scanout).
    uint64_t frames_direct() const { return frames_direct_; }
    // Frame events, drawn or not: each one a wake-up of the output.
    uint64_t frame_events() const { return frame_events_; }
    const RenderStats& last_render() const { return last_render_; }
    // The period headless frames are paced at (the mode's refresh).
    int64_t refresh_period_ns() const;

    // Observers of each drawn frame (see FrameReport); not owned. An
    // observer removes itself before it goes.
    void add_frame_observer(FrameObserver* observer) { frame_observers_.push_back(observer); }
    void remove_frame_observer(FrameObserver* observer);

    // Direct scanout on (the default) or off: off, every frame is
    // composited (benchmarks compare the two).
    void set_direct_scanout(bool on) { direct_scanout_ = on; }

    // Called when wlroots destroys the output (e.g. the nested window closed).
    std::function<void(Output*)> on_destroy;
    // Called after a surface entered or left it, and after its scale
    // changed: what wp_fractional_scale_v1 follows.
    std::function<void()> on_surfaces_changed;
    // Whether `surface` (a wl_surface resource) was told it entered this output.
    bool shows(const wl_resource* surface) const;

private:
    void handle_frame();
    // Whether this frame can be put off (see blank()).
    bool stays_blank(const std::vector<View>& views) const;
    // Headless only: arm the pacing timer for the next refresh tick (no-op
    // if armed; with `now_allowed`, a tick already due is drawn at the end of
    // this dispatch instead), and what it does when it fires.
    void request_frame(bool now_allowed = true);
    void handle_pace_timer();
    void disarm_pace();
    void handle_commit(wlr_output_event_commit* event);
    // Direct scanout of `buffer` (scanout_candidate) as this frame; false
    // if it could not be committed (the frame is then composited).
    bool present_direct(wl_resource* buffer, const std::vector<View>& views);
    void handle_mode();
    // wl_callback.done for the views on this output that asked for one;
    // returns how many surfaces were answered.
    int send_frame_done(const std::vector<View>& views);
    // The age of the buffer just attached (see FrameReport::buffer_age).
    int back_buffer_age() const;
    // wl_surface.enter/leave for the surfaces that came onto or left this
    // output since the last frame; and enter for a wl_output bound later.
    void update_entered_surfaces(const std::vector<View>& views);
    void handle_bind(wlr_output_event_bind* event);

    wlr_output* output_;
    wlr_output_layout* layout_;
    Scene& scene_;
    OutputConfig config_;
    wlr_output_damage* damage_ = nullptr;
    // The last committed buffer. Not locked when it is the swapchain's (a
    // lock would make the swapchain hand out another, cold buffer for the
    // next frame); forgotten when it is destroyed.
    wlr_buffer* front_ = nullptr;
    Listener front_destroyed_{[this](void*) {
        front_ = nullptr;
        front_destroyed_.disconnect();
    }};
    // Direct scanout: the DirectScanoutBuffer on screen, locked while it is
    // (its release waits for that), and the one being committed (wlroots
    // 0.15's commit event names only rendered buffers, not attached ones).
    wlr_buffer* direct_front_ = nullptr;
    wlr_buffer* committing_ = nullptr;
    // What direct frames showed since the swapchain's buffer was last drawn:
    // the next composited frame repaints it too.
    Region direct_damage_;
    uint64_t frames_direct_ = 0;
    bool direct_scanout_ = true;
    wl_event_source* callback_timer_ = nullptr;
    bool callback_timer_armed_ = false;
    uint64_t frames_rendered_ = 0;
    int64_t shown_ns_ = 0;
    uint64_t frame_events_ = 0;
    // Headless pacing (null on nested backends): armed while a frame is
    // wanted; the target is the tick it fires for, the last tick the one the
    // previous paced frame was drawn at.
    wl_event_source* pace_timer_ = nullptr;
    // When the tick is already due (a commit after a quiet spell, or a
    // client slower than the refresh): an idle source instead, so the frame
    // is drawn once this dispatch's requests are handled, with no wake-up
    // of its own. Null unless armed; libwayland frees it when it runs.
    wl_event_source* pace_idle_ = nullptr;
    bool pace_armed_ = false;
    bool in_paced_frame_ = false;
    int64_t pace_target_ns_ = 0;
    int64_t last_tick_ns_ = 0;
    RenderStats last_render_;
    // See blank().
    bool blank_ = false;
    std::vector<FrameObserver*> frame_observers_;
    // Buffer age as the swapchain counts it, which wlr_output_damage uses but
    // does not tell: the commit count at which each recent buffer was shown.
    struct Shown {
        wlr_buffer* buffer;
        uint64_t commit;
        std::unique_ptr<Listener> destroyed;
    };
    std::vector<Shown> shown_;
    uint64_t buffer_commits_ = 0;

    Listener frame_{[this](void*) { handle_frame(); }};
    Listener commit_{[this](void* d) { handle_commit(static_cast<wlr_output_event_commit*>(d)); }};
    Listener mode_{[this](void*) { handle_mode(); }};
    // wlr_output_schedule_frame (damage, screencopy, cursors) raises
    // needs_frame: on headless, that is a frame to pace.
    Listener needs_frame_{[this](void*) { request_frame(); }};
    // wlr_output_damage frees itself right after its destroy signal: leave
    // its signals now, or ~Output would unlink from freed memory.
    Listener damage_destroy_{[this](void*) {
        damage_ = nullptr;
        frame_.disconnect();
        damage_destroy_.disconnect(); // wlr_signal_emit_safe allows it
    }};
    Listener destroy_{[this](void*) { if (on_destroy) on_destroy(this); }};
    Listener bind_{[this](void* d) { handle_bind(static_cast<wlr_output_event_bind*>(d)); }};

    // The surfaces (wl_surface resources) whose clients were told they
    // entered this output; each forgotten when its resource goes.
    struct Entered {
        wl_resource* surface;
        std::unique_ptr<Listener> destroyed;
    };
    std::vector<Entered> entered_;
};

} // namespace shoji
