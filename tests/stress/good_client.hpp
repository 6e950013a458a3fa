// Well-behaved clients: each maps a 64×64 xdg_toplevel and redraws a small
// square for ever, the way a careful animation does it: one commit per frame
// callback, two buffers, a buffer reused only after wl_buffer.release.
//
// They are the canaries: whatever hostile clients do, every one of them must
// keep getting frame callbacks and never see a protocol error.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common.hpp"

namespace stress {

struct GoodStats {
    uint64_t frames = 0;         // frame callbacks received
    double longest_gap_ms = 0;   // longest wait for a frame callback (from mapping on)
    std::string error;           // connection_error(), or why it never connected
    std::string message;         // libwayland's log line for the error, if any
};

class GoodClient;

// `count` clients, each with its own connection, served by one thread that
// polls all of them. Starts in the constructor; stop() ends it.
class GoodClientGroup {
public:
    GoodClientGroup(const std::string& socket, int count);
    ~GoodClientGroup();
    GoodClientGroup(const GoodClientGroup&) = delete;
    GoodClientGroup& operator=(const GoodClientGroup&) = delete;

    // Stops the thread, disconnects every client and returns their results.
    std::vector<GoodStats> stop();

private:
    void run();

    std::string socket_;
    int count_;
    std::vector<std::unique_ptr<GoodClient>> clients_; // touched by the thread only
    std::vector<GoodStats> results_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

} // namespace stress
