// Hostile clients: each one loops over the shm misbehaviours of docs/design.md, “The shm holes”
// (and an abrupt disconnection), on a fresh connection every time, because
// the compositor rightly disconnects it after most of them.
#pragma once

#include <array>
#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace stress {

enum class Misbehaviour {
    TruncateShown,       // (a) hole 4
    StrideInPixels,      // (b) hole 1
    SealedPoolGrown,     // (c) hole 3
    DisconnectMidCommit, // (d)
    DestroyShownThenTruncate, // (e) hole 2, then hole 4 on the same memory
    HugeBufferDestroyed,      // (f) hole 2 at 16000×16000 on three windows
    PoolsPastTheLimit,        // (g) more pools (mappings) than one client may have
    SealedPoolsPastTheBudget, // (h) more sealed pools (fds Shoji keeps) than its fd budget
    FdsWithSync,              // (i) ~1000 fds sent with wl_display.sync, which takes none
    SealedFileGrownInCreate,  // (j) hole 3's race: the file grows while create_pool is handled
    DeepSubsurfaceChain,      // (k) a chain of subsurfaces past the depth limit
    RegionFlood,              // (l) a wl_region of more rectangles than the limit
    SelectionFlood,           // (m) a selection of 20,000 MIME types without focus or serial
};
constexpr int kMisbehaviours = 13;

// "(a) truncate a shown buffer's file, commit damage" — for the report.
const char* describe(Misbehaviour kind);

// Whether `outcome` (as recorded by HostileClient) is what the compositor
// should answer `kind` with (docs/design.md, “Protocol errors for bad input”).
bool is_expected(Misbehaviour kind, const std::string& outcome);
// The expected outcomes, for the report.
const char* expected_outcomes(Misbehaviour kind);

struct OutcomeCount {
    int count = 0;
    std::string example; // libwayland's log line for the first one, if any
};

struct HostileStats {
    struct PerKind {
        int runs = 0;
        std::map<std::string, OutcomeCount> outcomes; // by outcome
    };
    std::array<PerKind, kMisbehaviours> kinds;

    void record(Misbehaviour kind, const std::string& outcome, const std::string& message);
    void merge(const HostileStats& other);
};

// One hostile client on its own thread, cycling through `kinds`. With
// `once`, it runs each of them once and stops (the warm-up); otherwise it
// loops until stop().
class HostileClient {
public:
    HostileClient(const std::string& socket, int index, std::vector<Misbehaviour> kinds, bool once);
    ~HostileClient();
    HostileClient(const HostileClient&) = delete;
    HostileClient& operator=(const HostileClient&) = delete;

    bool finished() const { return finished_; }
    // Asks the loop to end after the current misbehaviour, waits for it.
    HostileStats stop();

private:
    void run();

    std::string socket_;
    int index_;
    std::vector<Misbehaviour> kinds_;
    bool once_;
    HostileStats stats_;
    std::atomic<bool> stopping_{false};
    std::atomic<bool> finished_{false};
    std::thread thread_;
};

} // namespace stress
