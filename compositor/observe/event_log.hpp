// EventLog: `shoji --events FILE`, one JSON object per line for CI
// artifacts (schema: docs/testing-clients.md, "Reading the event log of a
// failed CI run").
//
// An observer above the data path: it listens and changes nothing. What it
// sees comes from a protocol logger (requests before libwayland dispatches
// them, events as they are sent: configure/ack, keyboard enter/leave,
// wl_display.error whoever posts it, Shoji or libwayland), the display's
// client-created and client-destroy signals, XdgShell's ToplevelListener
// (map, unmap, each commit's damage), the outputs' frames (FrameWatch) and
// the session lock's lock and unlock (SessionLockManager::locked_changed).
// No layer below includes this file. When --events is not given there is no
// EventLog and none of these hooks is installed.
//
// It also explains client mistakes the protocol allows ("warning" events,
// once per client and kind): damage of INT32_MAX-sized boxes, a buffer
// attached again before its release, commits faster than frames are shown,
// a stride with padding, no set_window_geometry on a mapped toplevel, an
// ack_configure of an older serial.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "shell/xdg_wm_base.hpp"
#include "util/listener.hpp"

namespace shoji {

class FrameWatch;
class Server;

class EventLog : public ToplevelListener {
public:
    // Consecutive commits of a new buffer with no frame callback, each before
    // the previous one was shown, after which the busy-loop warning is given
    // (a client drawing as fast as it can, not one that skipped a frame).
    static constexpr int kBusyCommitsWarn = 5;

    // Writes to `out` (not closed; flushed after each line, so a log
    // survives a crash). `server` must outlive the EventLog.
    EventLog(Server& server, std::FILE* out);
    ~EventLog() override;
    EventLog(const EventLog&) = delete;
    EventLog& operator=(const EventLog&) = delete;

    // cli/: a screenshot was written.
    void screenshot(const std::string& path, int32_t width, int32_t height);

    // ToplevelListener.
    void toplevel_mapped(XdgToplevel& toplevel) override;
    void toplevel_changed(XdgToplevel&) override {}
    void toplevel_unmapped(XdgToplevel& toplevel) override;
    void toplevel_committed(XdgToplevel& toplevel, const Region& damage) override;

    // Lines written so far (tests).
    uint64_t lines() const { return lines_; }

private:
    struct ClientInfo;
    static void log_message(void* data, wl_protocol_logger_type type, const wl_protocol_logger_message* m);
    void request(ClientInfo& c, const wl_protocol_logger_message& m);
    void event(ClientInfo& c, const wl_protocol_logger_message& m);
    void client_created(wl_client* client);
    void client_destroyed(wl_client* client, bool session_end = false);
    ClientInfo* info(wl_client* client);
    void toplevel_unmapped(XdgToplevel* toplevel, ClientInfo& c);
    void warn(ClientInfo& c, const char* kind, const std::string& message);
    nlohmann::ordered_json line(const char* event);
    nlohmann::ordered_json client_line(const char* event, const ClientInfo& c);
    void write(const nlohmann::ordered_json& j);
    void lock_changed(bool locked, wl_client* client);

    Server& server_;
    std::FILE* out_;
    std::chrono::steady_clock::time_point start_;
    wl_protocol_logger* logger_ = nullptr;
    Listener client_created_;
    Listener lock_changed_;
    std::unique_ptr<FrameWatch> frames_;
    uint64_t frame_count_ = 0; // output frames shown so far
    uint64_t next_client_ = 1;
    std::unordered_map<wl_client*, std::unique_ptr<ClientInfo>> clients_;
    uint64_t lines_ = 0;
};

} // namespace shoji
