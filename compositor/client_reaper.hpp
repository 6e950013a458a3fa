// ClientReaper: disconnects a client promptly once it has been sent a protocol
// error.
//
// libwayland destroys a client whose request handler posted an error as soon
// as that dispatch ends. An error posted at any other time (e.g. by
// wl_shm_buffer_end_access while we composite a frame, after the client
// truncated its pool) only marks the client: libwayland ignores its further
// requests but keeps the connection, and every object the client made, until
// the client next writes (docs/design.md, “libwayland 1.21's wl_shm”). A hostile client that
// then goes quiet would hold its pools and surfaces forever. We watch the
// outgoing wl_display.error events with a protocol logger and destroy the
// client from an idle callback, i.e. after the dispatch or frame that posted
// the error has finished touching its objects. wl_client_destroy flushes the
// error to the client first.
#pragma once

#include <memory>
#include <unordered_map>

#include <wayland-server-core.h>

#include "util/listener.hpp"

namespace shoji {

class ClientReaper {
public:
    explicit ClientReaper(wl_display* display);
    ~ClientReaper();
    ClientReaper(const ClientReaper&) = delete;
    ClientReaper& operator=(const ClientReaper&) = delete;

    // Number of clients disconnected for protocol errors so far.
    uint64_t reaped() const { return reaped_; }

private:
    static void log_message(void* data, wl_protocol_logger_type type,
                            const wl_protocol_logger_message* message);
    void schedule(wl_client* client);
    static void reap(void* data);

    wl_event_loop* loop_;
    wl_protocol_logger* logger_ = nullptr;
    wl_event_source* idle_ = nullptr;
    // Clients waiting for the idle callback; each entry unlinks itself if the
    // client goes away first.
    std::unordered_map<wl_client*, std::unique_ptr<Listener>> doomed_;
    uint64_t reaped_ = 0;
};

} // namespace shoji
