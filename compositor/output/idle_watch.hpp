// IdleWatch: when has a session settled? One definition for everything that
// waits for it (`shoji ctl wait idle`, the CLI's capture at a settled moment):
//
//   idle for MS  =  no wl_surface has committed and no output has shown a
//                   frame for MS milliseconds, and every commit has been
//                   shown (no output has damage that it has not drawn yet).
//                   (A frame counts: it answers frame callbacks, and a client
//                   gets MS to answer it, however long the frame took.)
//
// Scripted input counts as a commit (note_input): `shoji ctl click` then
// `wait idle` must not end before the client had MS to answer the click,
// even if nothing had committed for long before it.
//
// Commits are seen by a protocol logger (every client, every wl_surface,
// including commits a synchronized subsurface caches), so nothing in the
// surface code has to report them. Waiting is event-driven: a timer set to
// the end of the quiet period, then the output's next commit if it still has
// damage to draw; no polling.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include <wayland-server-core.h>

#include "output/frame_watch.hpp"
#include "util/listener.hpp"

namespace shoji {

class Output;

class IdleWatch {
public:
    // `outputs` is the server's list (read at every check: outputs come and go).
    IdleWatch(wl_display* display, const std::vector<std::unique_ptr<Output>>& outputs);
    ~IdleWatch();
    IdleWatch(const IdleWatch&) = delete;
    IdleWatch& operator=(const IdleWatch&) = delete;

    // CLOCK_MONOTONIC milliseconds of the latest wl_surface.commit or
    // note_input (the watch's creation if there was none yet), and how many
    // commits there were.
    int64_t last_commit_ms() const { return last_commit_ms_; }
    uint64_t commits() const { return commits_; }
    // Input was just sent to clients (by a script): what it causes is to come.
    void note_input() { last_commit_ms_ = now_ms(); }
    // Some output has damage it has not drawn yet.
    bool commits_unshown() const;
    bool is_idle(int quiet_ms) const;
    // When the quiet period began: the later of the last commit (or
    // note_input) and the last frame any output showed.
    int64_t quiet_since_ms() const;

    // A pending when_idle(); destroying it cancels the callback.
    class Wait {
    public:
        ~Wait();
        Wait(const Wait&) = delete;
        Wait& operator=(const Wait&) = delete;

    private:
        friend class IdleWatch;
        Wait(IdleWatch& watch, int quiet_ms, std::function<void()> done);
        void check();
        void check_soon();

        IdleWatch& watch_;
        int quiet_ms_;
        std::function<void()> done_;
        wl_event_source* timer_ = nullptr;
        wl_event_source* check_soon_ = nullptr; // first check, and after a frame
        std::unique_ptr<FrameWatch> frames_; // while damage is undrawn
    };
    // Calls `done` once, from the event loop, as soon as is_idle(quiet_ms)
    // holds (on the next dispatch if it holds already).
    std::unique_ptr<Wait> when_idle(int quiet_ms, std::function<void()> done);

    static int64_t now_ms();

private:
    static void log_message(void* data, wl_protocol_logger_type type, const wl_protocol_logger_message* message);

    wl_display* display_;
    const std::vector<std::unique_ptr<Output>>& outputs_;
    wl_protocol_logger* logger_ = nullptr;
    int64_t last_commit_ms_ = 0;
    uint64_t commits_ = 0;
};

} // namespace shoji
