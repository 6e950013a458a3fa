#include "output/idle_watch.hpp"

#include <algorithm>
#include <ctime>
#include <cstring>

#include <wayland-server-protocol.h>

#include "output/output.hpp"

namespace shoji {

int64_t IdleWatch::now_ms() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

IdleWatch::IdleWatch(wl_display* display, const std::vector<std::unique_ptr<Output>>& outputs)
    : display_(display), outputs_(outputs), last_commit_ms_(now_ms()) {
    logger_ = wl_display_add_protocol_logger(display, &IdleWatch::log_message, this);
}

IdleWatch::~IdleWatch() { wl_protocol_logger_destroy(logger_); }

void IdleWatch::log_message(void* data, wl_protocol_logger_type type, const wl_protocol_logger_message* m) {
    // A request is logged just before libwayland dispatches it; its damage
    // reaches the outputs during that dispatch, long before any quiet period
    // ends.
    if (type != WL_PROTOCOL_LOGGER_REQUEST || m->message_opcode != WL_SURFACE_COMMIT ||
        std::strcmp(wl_resource_get_class(m->resource), wl_surface_interface.name) != 0)
        return;
    auto* self = static_cast<IdleWatch*>(data);
    self->last_commit_ms_ = now_ms();
    ++self->commits_;
}

bool IdleWatch::commits_unshown() const {
    for (const auto& output : outputs_)
        if (output->has_pending_damage()) return true;
    return false;
}

int64_t IdleWatch::quiet_since_ms() const {
    // A frame shown restarts the period too: it answers frame callbacks, and
    // a client must get its MS to commit the next one. Counted from the
    // commit alone, a frame the compositor took longer than MS to draw (its
    // first output buffer under a sanitizer: 170 ms) would end the period
    // before the client could answer it.
    int64_t since = last_commit_ms_;
    for (const auto& output : outputs_) since = std::max(since, output->shown_ns() / 1000000);
    return since;
}

bool IdleWatch::is_idle(int quiet_ms) const {
    return now_ms() - quiet_since_ms() >= quiet_ms && !commits_unshown();
}

std::unique_ptr<IdleWatch::Wait> IdleWatch::when_idle(int quiet_ms, std::function<void()> done) {
    return std::unique_ptr<Wait>(new Wait(*this, quiet_ms, std::move(done)));
}

IdleWatch::Wait::Wait(IdleWatch& watch, int quiet_ms, std::function<void()> done)
    : watch_(watch), quiet_ms_(quiet_ms), done_(std::move(done)) {
    timer_ = wl_event_loop_add_timer(
        wl_display_get_event_loop(watch_.display_), [](void* data) { static_cast<Wait*>(data)->check(); return 0; },
        this);
    // The first check runs from the loop, never inside when_idle(): callers
    // may not expect `done` before they hold the Wait.
    check_soon();
}

IdleWatch::Wait::~Wait() {
    if (timer_) wl_event_source_remove(timer_);
    if (check_soon_) wl_event_source_remove(check_soon_);
}

void IdleWatch::Wait::check_soon() {
    if (check_soon_) return;
    check_soon_ = wl_event_loop_add_idle(
        wl_display_get_event_loop(watch_.display_),
        [](void* data) {
            auto* w = static_cast<Wait*>(data);
            w->check_soon_ = nullptr; // an idle source is removed once it has run
            w->check();
        },
        this);
}

void IdleWatch::Wait::check() {
    frames_.reset();
    const int64_t remaining = watch_.quiet_since_ms() + quiet_ms_ - now_ms();
    if (remaining > 0) {
        // A commit or a frame since the period began: wait out the rest of it
        // (one during that time moves the end again, seen at the next check).
        wl_event_source_timer_update(timer_, int(remaining));
        return;
    }
    if (watch_.commits_unshown()) {
        // Check again after the frame that draws it.
        frames_ = std::make_unique<FrameWatch>(watch_.outputs_, [this](const Box&) { check_soon(); });
        return;
    }
    std::function<void()> done = std::move(done_);
    done_ = nullptr;
    if (done) done(); // may destroy this Wait: nothing after it
}

} // namespace shoji
