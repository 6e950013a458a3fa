// Trace: `shoji --trace[=FILE]`, one line in words per shm-path request and
// per output frame, for people learning what a compositor does with their
// buffers (docs/testing-clients.md, "Tracing the shm path").
//
// Like EventLog an observer above the data path: a protocol logger (the
// requests before libwayland dispatches them, with the server-side fd of
// create_pool and its seals; the release, frame-done and error events as
// they are sent), the client-destroy signal, a ToplevelListener (what a
// commit applied) and the outputs' frames (a FrameObserver: buffer age, the
// repaint region split into the frame's damage and what buffer age adds,
// each view's SRC and OVER pixels, occluded views, frame callbacks, the
// releases since the last frame). Without --trace there is no Trace and no
// FrameObserver: nothing is formatted or counted on the frame path.
#pragma once

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <unordered_map>

#include "output/frame_report.hpp"
#include "shell/xdg_wm_base.hpp"
#include "util/listener.hpp"

namespace shoji {

class Server;

class Trace : public ToplevelListener, public FrameObserver {
public:
    // Writes to `out` (not closed; flushed per line).
    Trace(Server& server, std::FILE* out);
    ~Trace() override;
    Trace(const Trace&) = delete;
    Trace& operator=(const Trace&) = delete;

    void toplevel_mapped(XdgToplevel&) override {}
    void toplevel_changed(XdgToplevel&) override {}
    void toplevel_unmapped(XdgToplevel&) override {}
    void toplevel_committed(XdgToplevel& toplevel, const Region& damage) override;
    void frame_drawn(Output& output, const FrameReport& report) override;
    void frame_done(Output& output, const FrameReport& report, int surfaces_answered) override;

private:
    struct ClientInfo;
    static void log_message(void* data, wl_protocol_logger_type type, const wl_protocol_logger_message* m);
    void request(ClientInfo& c, const wl_protocol_logger_message& m);
    void event(ClientInfo& c, const wl_protocol_logger_message& m);
    // "wl_surface@5 of client 2" (or of an unknown client).
    std::string surface_name(const Surface* surface) const;
    [[gnu::format(printf, 2, 3)]] void say(const char* fmt, ...);

    Server& server_;
    std::FILE* out_;
    std::chrono::steady_clock::time_point start_;
    wl_protocol_logger* logger_ = nullptr;
    Listener client_created_;
    uint64_t releases_ = 0; // wl_buffer.release sent since the last frame line
    uint64_t next_client_ = 1;
    std::unordered_map<wl_client*, std::unique_ptr<ClientInfo>> clients_;
};

} // namespace shoji
