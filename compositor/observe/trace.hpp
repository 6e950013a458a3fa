// Trace: `shoji --trace[=FILE]`, one line in words per shm-path request and
// per output frame, for people learning what a compositor does with their
// buffers (docs/testing-clients.md, "Tracing the shm path").
//
// Like EventLog an observer above the data path: a protocol logger (the
// requests before libwayland dispatches them, with the server-side fd of
// create_pool and its seals; the release, frame-done and error events as
// they are sent), the client-destroy signal, a ToplevelListener (what a
// commit applied) and the outputs' frames (FrameWatch, with
// Output::last_render). Without --trace there is no Trace: nothing is
// formatted on the frame path.
#pragma once

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <unordered_map>

#include "shell/xdg_wm_base.hpp"
#include "util/listener.hpp"

namespace shoji {

class FrameWatch;
class Server;

class Trace : public ToplevelListener {
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

private:
    struct ClientInfo;
    static void log_message(void* data, wl_protocol_logger_type type, const wl_protocol_logger_message* m);
    void request(ClientInfo& c, const wl_protocol_logger_message& m);
    void event(ClientInfo& c, const wl_protocol_logger_message& m);
    void frame();
    [[gnu::format(printf, 2, 3)]] void say(const char* fmt, ...);

    Server& server_;
    std::FILE* out_;
    std::chrono::steady_clock::time_point start_;
    wl_protocol_logger* logger_ = nullptr;
    Listener client_created_;
    std::unique_ptr<FrameWatch> frames_;
    uint64_t frame_ = 0;
    uint64_t next_client_ = 1;
    std::unordered_map<wl_client*, std::unique_ptr<ClientInfo>> clients_;
};

} // namespace shoji
