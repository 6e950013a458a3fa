#include "output/output.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <optional>
#include <stdexcept>

#include "output/direct_scanout_buffer.hpp"
#include "scene/scene.hpp"
#include "surface/wl_surface.hpp"

namespace shoji {

namespace {
uint32_t now_ms() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return uint32_t(int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000);
}

int64_t now_ns() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// wlroots 0.15's headless output re-arms its frame timer every time it fires,
// with a delay of 1000000 / refresh milliseconds (refresh in mHz), and offers
// no call to stop it. A refresh above 1000000 mHz makes that delay 0, and a
// wl_event_source timer updated to 0 is disarmed: the timer fires once more
// (that frame event is not drawn, see Output::handle_frame) and never again.
// No later mode change re-arms it: only the backend's start and
// wlr_headless_add_output do. The output is then told its real refresh with
// wlr_output_update_custom_mode (what a backend calls to report its mode), so
// wl_output and Output's own pacing see the configured rate.
constexpr int32_t kHeadlessTimerOffMhz = 1000001;

// A wl_event_source timer takes whole milliseconds and 0 disarms it.
constexpr int64_t kMinTimerMs = 1;
} // namespace

float wlroots_scale(int32_t scale120) {
    const float scale = float(double(scale120) / kScaleUnit);
    return scale120 % kScaleUnit == 0 ? scale : std::nextafter(scale, 0.0f);
}

Output::Output(wlr_output* output, wlr_output_layout* layout, Scene& scene,
               const OutputConfig& config)
    : output_(output), layout_(layout), scene_(scene), config_(config) {
    // Headless and nested outputs have no modes (docs/design.md, “wlroots 0.15 quirks”): set our own.
    const bool headless = wlr_output_is_headless(output_);
    // Headless only: a nested output's host window is not shown at all
    // before its first buffer.
    blank_ = headless;
    if (wlr_output_mode* mode = wlr_output_preferred_mode(output_)) {
        wlr_output_set_mode(output_, mode);
    } else {
        wlr_output_set_custom_mode(output_, config_.width, config_.height,
                                   headless ? kHeadlessTimerOffMhz : config_.refresh_hz * 1000);
    }
    wlr_output_set_scale(output_, wlroots_scale(config_.scale120));
    wlr_output_enable(output_, true);
    if (!wlr_output_commit(output_)) throw std::runtime_error("cannot enable output " + std::string(output_->name));
    if (headless) {
        // Before the mode listeners exist: nothing is told of the detour.
        wlr_output_update_custom_mode(output_, config_.width, config_.height, config_.refresh_hz * 1000);
        pace_timer_ = wl_event_loop_add_timer(
            wl_display_get_event_loop(output_->display),
            [](void* data) {
                static_cast<Output*>(data)->handle_pace_timer();
                return 0;
            },
            this);
        needs_frame_.connect(&output_->events.needs_frame);
    }

    damage_ = wlr_output_damage_create(output_);
    // wlroots collapses damage of more than 20 rectangles into their bounding
    // box, so 64 small windows would repaint most of the screen. Region work
    // grows with the rectangle count, but far slower than pixels do; each
    // surface already caps its own damage rectangles (Surface).
    damage_->max_rects = 512;
    frame_.connect(&damage_->events.frame);
    // wlr_output_damage destroys itself with the output, maybe before us.
    damage_destroy_.connect(&damage_->events.destroy);
    commit_.connect(&output_->events.commit);
    mode_.connect(&output_->events.mode);
    destroy_.connect(&output_->events.destroy);
    bind_.connect(&output_->events.bind);

    callback_timer_ = wl_event_loop_add_timer(
        wl_display_get_event_loop(output_->display),
        [](void* data) {
            auto* self = static_cast<Output*>(data);
            self->callback_timer_armed_ = false;
            // Damage is waiting: the frame that draws it answers the callbacks.
            if (!self->has_pending_damage()) self->send_frame_done(self->scene_.views());
            return 0;
        },
        this);
    // A spec's position (the server gives headless outputs one), else the
    // layout's own: to the right of the others.
    if (config_.positioned) wlr_output_layout_add(layout_, output_, config_.x, config_.y);
    else wlr_output_layout_add_auto(layout_, output_);
    wlr_output_create_global(output_);
    damage_whole();
}

Output::~Output() {
    if (callback_timer_) wl_event_source_remove(callback_timer_);
    if (pace_timer_) wl_event_source_remove(pace_timer_);
    if (pace_idle_) wl_event_source_remove(pace_idle_);
    frame_.disconnect();
    if (direct_front_) wlr_buffer_unlock(direct_front_);
    wlr_output_layout_remove(layout_, output_);
    if (damage_) wlr_output_damage_destroy(damage_);
}

Box Output::layout_box() const {
    const wlr_box* box = wlr_output_layout_get_box(layout_, output_);
    if (!box) return {};
    return {box->x, box->y, box->width, box->height};
}

void Output::add_layout_damage(const Region& layout_damage) {
    // The output is being destroyed (wlr_output_damage goes first): what its
    // going takes away, e.g. layer surfaces closed, has nothing to repaint.
    if (!damage_) return;
    const Box box = layout_box();
    Region local = layout_damage;
    if (config_.scale120 % kScaleUnit != 0) {
        // Bilinear filtering (render/buffer_transform.hpp) reaches half a
        // buffer pixel past a changed area: an output pixel just outside it
        // (or just inside this output, of a change just outside it) still
        // blends a changed pixel in. One unit more on each side covers that
        // for any buffer scale (a viewport's own filtering widens surface
        // damage itself, Surface).
        Region grown;
        for (const Box& b : local.boxes())
            grown.add_clamped(int64_t(b.x) - 1, int64_t(b.y) - 1, int64_t(b.width) + 2, int64_t(b.height) + 2);
        local = std::move(grown);
    }
    local.intersect(box);
    if (local.empty()) return;
    local.translate(-box.x, -box.y);
    Region pixels = local.scaled_outward(config_.scale120);
    wlr_output_damage_add(damage_, pixels.raw());
    blank_ = false; // something of the scene is to be drawn (or drawn over)
    request_frame();
}

void Output::damage_whole() {
    wlr_output_damage_add_whole(damage_);
    request_frame();
}

int64_t Output::refresh_period_ns() const {
    // output_->refresh follows mode changes; 0 means unknown (then the
    // configured rate).
    const int64_t mhz = output_->refresh > 0 ? output_->refresh : int64_t(config_.refresh_hz) * 1000;
    return int64_t(1000000000000) / std::max<int64_t>(1, mhz);
}

void Output::request_frame(bool now_allowed) {
    if (!pace_timer_ || pace_armed_) return;
    // The next tick one period after the last paced frame. When that is
    // past (a quiet spell, or a client slower than the refresh), the frame
    // is drawn at once: from an idle source, which runs when the requests
    // of this dispatch are handled, so the commits of every client read in
    // it share the frame and it costs no wake-up (a context switch costs
    // more than a small frame in this VM: docs/performance.md). Frames stay
    // at most one per refresh period.
    const int64_t now = now_ns();
    pace_target_ns_ = std::max(last_tick_ns_ + refresh_period_ns(), now);
    pace_armed_ = true;
    if (pace_target_ns_ <= now && now_allowed) {
        pace_idle_ = wl_event_loop_add_idle(
            wl_display_get_event_loop(output_->display),
            [](void* data) {
                auto* self = static_cast<Output*>(data);
                self->pace_idle_ = nullptr; // libwayland frees it after this call
                self->handle_pace_timer();
            },
            this);
        if (pace_idle_) return;
    }
    const int64_t wait_ms = std::max(kMinTimerMs, (pace_target_ns_ - now + 999999) / 1000000);
    wl_event_source_timer_update(pace_timer_, int(wait_ms));
}

void Output::disarm_pace() {
    if (!pace_armed_) return;
    if (pace_idle_) wl_event_source_remove(pace_idle_);
    pace_idle_ = nullptr;
    wl_event_source_timer_update(pace_timer_, 0);
    pace_armed_ = false;
}

void Output::handle_pace_timer() {
    pace_armed_ = false;
    // The tick aimed at, not the (later, whole-millisecond) wake-up: the rate
    // stays the refresh rate on average.
    last_tick_ns_ = pace_target_ns_;
    in_paced_frame_ = true;
    wlr_output_send_frame(output_); // -> wlr_output_damage -> handle_frame
    in_paced_frame_ = false;
    // A failed commit leaves needs_frame raised (no new needs_frame signal
    // comes): try again on the next tick. By the timer, never at once: an
    // idle source added from an idle callback runs in the same dispatch, so
    // a frame that keeps failing would never let the loop read its fds. A
    // frame put off (blank) leaves it raised too, but waits for the scene's
    // damage (add_layout_damage asks for the frame) or a screencopy
    // (wlroots' idle frame): no tick until then.
    if (!blank_ && (output_->needs_frame || has_pending_damage())) request_frame(false);
}

void Output::handle_mode() {
    // A nested backend's host window was resized (or a mode was set): all of
    // it must be painted again, and maximized/fullscreen windows resized.
    damage_whole();
    scene_.output_resized();
}

bool Output::has_pending_damage() const {
    return damage_ && !blank_ && pixman_region32_not_empty(&damage_->current);
}

bool Output::stays_blank(const std::vector<View>& views) const {
    // Someone waiting for this frame gets it drawn: a screencopy client (it
    // holds the attach-render lock from its copy request on) and frame
    // observers (--damage-frames, --trace), which are told of every frame.
    if (!blank_ || output_->attach_render_locks > 0 || !frame_observers_.empty()) return false;
    // A view without damage of its own (there should be none): drawn.
    const Box box = layout_box();
    for (const View& v : views)
        if (!intersect(Box{v.x, v.y, v.surface->width(), v.surface->height()}, box).empty()) return false;
    return true;
}

void Output::schedule_frame_callbacks() {
    if (callback_timer_armed_) return;
    callback_timer_armed_ = true;
    wl_event_source_timer_update(callback_timer_, std::max(1, 1000 / config_.refresh_hz));
}

void Output::handle_frame() {
    if (pace_timer_ && !in_paced_frame_) {
        // On headless, a frame event wlroots sent itself: its own timer's
        // last tick, wlr_output_schedule_frame's idle callback when no frame
        // is pending (how nested backends get every frame; here only after a
        // tick that committed nothing), or a benchmark or fuzzer calling
        // wlr_output_send_frame. Drawn at once; it takes the place of the
        // tick that was armed and the pacing restarts from it.
        disarm_pace();
        last_tick_ns_ = now_ns();
    }
    ++frame_events_;
    // The scene's views, pulled once: drawn, then told of the frame.
    const std::vector<View> views = scene_.views();
    // Nothing changed: no attach, no compositing, no commit.
    if (!pixman_region32_not_empty(&damage_->current) && !output_->needs_frame) {
        send_frame_done(views);
        return;
    }
    // Only the background to show, on an output never drawn: put off (its
    // damage stays, for the first frame that shows something).
    if (stays_blank(views)) {
        send_frame_done(views);
        return;
    }
    blank_ = false;
    // Headless only: nested outputs copy into the host's buffers anyway. Not
    // while something forces rendering (attach_render_locks): screencopy
    // takes that lock from a frame's copy request until it is done, since it
    // reads the rendered buffer (see DirectScanoutBuffer).
    if (pace_timer_ && direct_scanout_ && output_->transform == WL_OUTPUT_TRANSFORM_NORMAL &&
        output_->attach_render_locks == 0)
        if (wl_resource* buffer = scanout_candidate(views, layout_box(), config_.scale120, output_->width,
                                                    output_->height))
            if (present_direct(buffer, views)) return;
    bool needs_frame = false;
    Region buffer_damage; // this frame's damage plus that of older buffers
    if (!wlr_output_damage_attach_render(damage_, &needs_frame, buffer_damage.raw())) return;
    if (!needs_frame) {
        wlr_output_rollback(output_);
        send_frame_done(views);
        return;
    }
    // What direct frames showed since this buffer was drawn.
    buffer_damage.add(direct_damage_);
    direct_damage_ = Region();

    // Only when someone listens: the frame's decisions, kept for them.
    std::optional<FrameReport> report;
    if (!frame_observers_.empty()) {
        report.emplace();
        report->buffer_age = back_buffer_age();
    }

    wlr_renderer* renderer = output_->renderer;
    wlr_renderer_begin(renderer, uint32_t(output_->width), uint32_t(output_->height));
    const Box box = layout_box();
    RenderTarget target{wlr_pixman_renderer_get_current_image(renderer), box.x, box.y, config_.scale120};
    last_render_ = composite_views(target, buffer_damage, views, config_.background,
                                   report ? &report->render : nullptr);
    wlr_renderer_end(renderer);

    // Backends want this frame's own damage (not the buffer-age union).
    Region frame_damage;
    pixman_region32_copy(frame_damage.raw(), &damage_->current);
    wlr_output_set_damage(output_, frame_damage.raw());
    const bool committed = wlr_output_commit(output_);
    if (committed) ++frames_rendered_;
    if (!report) {
        send_frame_done(views);
        return;
    }
    report->frame = frames_rendered_;
    report->committed = committed;
    report->stats = last_render_;
    report->age_damage = std::move(buffer_damage);
    report->age_damage.subtract(frame_damage);
    report->damage = std::move(frame_damage);
    // A copy: an observer may remove itself (or another) while told.
    const std::vector<FrameObserver*> observers = frame_observers_;
    for (FrameObserver* o : observers) o->frame_drawn(*this, *report);
    const int answered = send_frame_done(views);
    for (FrameObserver* o : observers) o->frame_done(*this, *report, answered);
}

void Output::remove_frame_observer(FrameObserver* observer) {
    frame_observers_.erase(std::remove(frame_observers_.begin(), frame_observers_.end(), observer),
                           frame_observers_.end());
}

bool Output::present_direct(wl_resource* buffer, const std::vector<View>& views) {
    // The same wl_buffer again (a client that re-attached it, or damage
    // alone): the same wlr_buffer, so its release stays held once.
    const DirectScanoutBuffer* shown = DirectScanoutBuffer::from(direct_front_);
    const bool again = shown && shown->resource() == buffer;
    wlr_buffer* direct = again ? wlr_buffer_lock(direct_front_)
                               : DirectScanoutBuffer::create(buffer, shm_buffer_info(wl_shm_buffer_get(buffer)));
    wlr_output_attach_buffer(output_, direct);
    Region frame_damage;
    pixman_region32_copy(frame_damage.raw(), &damage_->current);
    wlr_output_set_damage(output_, frame_damage.raw());
    committing_ = direct;
    const bool committed = wlr_output_commit(output_);
    committing_ = nullptr;
    // A refused commit leaves its state pending: drop it (and its lock).
    if (!committed) wlr_output_rollback(output_);
    // Now only the output's lock (handle_commit's) keeps it, if committed.
    if (again) wlr_buffer_unlock(direct);
    else wlr_buffer_drop(direct);
    if (!committed) return false;
    ++frames_rendered_;
    ++frames_direct_;
    direct_damage_.add(frame_damage);
    last_render_ = RenderStats{};
    if (frame_observers_.empty()) {
        send_frame_done(views);
        return true;
    }
    FrameReport report;
    report.frame = frames_rendered_;
    report.committed = true;
    report.direct = true;
    report.stats = last_render_;
    // Shown as if copied: the client's pixels, opaque, where damaged.
    for (const View& v : views)
        if (v.surface->buffer() && v.surface->buffer()->resource() == buffer) {
            report.render.views.push_back({v.surface, Box{0, 0, output_->width, output_->height}, frame_damage,
                                           Region(), false});
            break;
        }
    report.damage = std::move(frame_damage);
    const std::vector<FrameObserver*> observers = frame_observers_;
    for (FrameObserver* o : observers) o->frame_drawn(*this, report);
    const int answered = send_frame_done(views);
    for (FrameObserver* o : observers) o->frame_done(*this, report, answered);
    return true;
}

int Output::back_buffer_age() const {
    for (const Shown& s : shown_)
        if (s.buffer == output_->back_buffer) return int(buffer_commits_ - s.commit + 1);
    return 0;
}

void Output::handle_commit(wlr_output_event_commit* event) {
    wlr_buffer* buffer = event->buffer ? event->buffer : committing_;
    if (!buffer || !(event->committed & WLR_OUTPUT_STATE_BUFFER)) return;
    blank_ = false;
    shown_ns_ = now_ns();
    front_ = buffer;
    front_destroyed_.connect(&buffer->events.destroy);
    // A client's buffer stays locked while on screen; the one it replaces is
    // let go (and its wl_buffer released, if its surface moved on).
    wlr_buffer* was_direct = direct_front_;
    direct_front_ = DirectScanoutBuffer::from(buffer) ? wlr_buffer_lock(buffer) : nullptr;
    if (was_direct) wlr_buffer_unlock(was_direct);

    // The swapchain's count: the shown buffer gets age 1, the others one
    // more (a buffer is forgotten when destroyed, e.g. on a mode change).
    // Direct frames count too: the swapchain's buffer misses them.
    ++buffer_commits_;
    for (Shown& s : shown_) {
        if (s.buffer != buffer) continue;
        s.commit = buffer_commits_;
        return;
    }
    auto gone = std::make_unique<Listener>([this, buffer](void*) {
        shown_.erase(std::remove_if(shown_.begin(), shown_.end(), [&](const Shown& s) { return s.buffer == buffer; }),
                     shown_.end());
    });
    gone->connect(&buffer->events.destroy);
    shown_.push_back({buffer, buffer_commits_, std::move(gone)});
}

int Output::send_frame_done(const std::vector<View>& views) {
    update_entered_surfaces(views);
    const Box box = layout_box();
    const uint32_t ms = now_ms();
    int answered = 0;
    for (const View& v : views) {
        const Surface& s = *v.surface;
        if (!s.has_frame_callbacks()) continue;
        const Box sb{v.x, v.y, s.width(), s.height()};
        Region on_output(sb);
        on_output.intersect(box);
        if (on_output.empty()) continue;
        v.surface->send_frame_done(ms);
        ++answered;
    }
    return answered;
}

namespace {
// wl_surface.enter or leave, to each of the client's wl_output objects for
// this output.
void send_surface_output_event(wl_resource* surface, wlr_output* output, bool enter) {
    wl_client* client = wl_resource_get_client(surface);
    wl_resource* r;
    wl_resource_for_each(r, &output->resources) {
        if (wl_resource_get_client(r) != client) continue;
        if (enter) wl_surface_send_enter(surface, r);
        else wl_surface_send_leave(surface, r);
    }
}
} // namespace

void Output::update_entered_surfaces(const std::vector<View>& views) {
    // wayland.xml, wl_surface.enter: "emitted whenever a surface's creation,
    // movement, or resizing results in some part of it being within the
    // scanout region of an output"; leave when no part of it is any more.
    const Box box = layout_box();
    std::vector<wl_resource*> shown;
    bool changed = false;
    for (const View& v : views) {
        Region on_output(Box{v.x, v.y, v.surface->width(), v.surface->height()});
        on_output.intersect(box);
        if (!on_output.empty() && v.surface->resource()) shown.push_back(v.surface->resource());
    }
    for (auto it = entered_.begin(); it != entered_.end();) {
        if (it->surface && std::find(shown.begin(), shown.end(), it->surface) != shown.end()) {
            ++it;
            continue;
        }
        if (it->surface) send_surface_output_event(it->surface, output_, false);
        it = entered_.erase(it);
        changed = true;
    }
    for (wl_resource* surface : shown) {
        if (std::any_of(entered_.begin(), entered_.end(), [&](const Entered& e) { return e.surface == surface; }))
            continue;
        send_surface_output_event(surface, output_, true);
        // A destroyed surface is only marked here (its Listener is running);
        // the next update drops the entry.
        auto gone = std::make_unique<Listener>([this, surface](void*) {
            for (Entered& e : entered_)
                if (e.surface == surface) e.surface = nullptr;
        });
        gone->connect_destroy(surface);
        entered_.push_back({surface, std::move(gone)});
        changed = true;
    }
    if (changed && on_surfaces_changed) on_surfaces_changed();
}

bool Output::shows(const wl_resource* surface) const {
    return std::any_of(entered_.begin(), entered_.end(), [&](const Entered& e) { return e.surface == surface; });
}

void Output::handle_bind(wlr_output_event_bind* event) {
    // A wl_output bound after its client's surfaces entered this output.
    wl_client* client = wl_resource_get_client(event->resource);
    for (const Entered& e : entered_)
        if (e.surface && wl_resource_get_client(e.surface) == client) wl_surface_send_enter(e.surface, event->resource);
}

PixmanImage Output::read_pixels() const {
    if (blank_) {
        // Nothing drawn yet (no buffer): what it shows is its background.
        PixmanImage image = make_image(PIXMAN_x8r8g8b8, output_->width, output_->height);
        RenderTarget target{image.get(), 0, 0, config_.scale120};
        composite_views(target, Region(Box{0, 0, output_->width, output_->height}), {}, config_.background);
        return image;
    }
    if (!front_) return nullptr;
    void* data = nullptr;
    uint32_t format = 0;
    size_t stride = 0;
    if (!wlr_buffer_begin_data_ptr_access(front_, WLR_BUFFER_DATA_PTR_ACCESS_READ, &data, &format,
                                          &stride))
        return nullptr;
    PixmanImage wrapped(pixman_image_create_bits_no_clear(PIXMAN_x8r8g8b8, front_->width, front_->height,
                                                          static_cast<uint32_t*>(data), int(stride)));
    PixmanImage copy = make_image(PIXMAN_x8r8g8b8, front_->width, front_->height);
    pixman_image_composite32(PIXMAN_OP_SRC, wrapped.get(), nullptr, copy.get(), 0, 0, 0, 0, 0, 0,
                             front_->width, front_->height);
    wrapped.reset();
    wlr_buffer_end_data_ptr_access(front_);
    return copy;
}

} // namespace shoji
