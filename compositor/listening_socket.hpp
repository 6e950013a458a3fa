// ListeningSocket: the Unix socket clients connect to, with Shoji's own accept.
//
// libwayland's wl_display_add_socket* accepts inside libwayland: when the fd
// table is full, accept fails with EMFILE, the connection stays in the
// backlog, the socket stays readable, and the event loop calls the handler
// again at once — a busy loop that logs every turn, and no new client ever
// gets in. So Shoji makes the socket itself, with the same name and lock-file
// semantics ($XDG_RUNTIME_DIR/wayland-N and wayland-N.lock, flock'ed; an
// absolute name is used as is), accepts, and hands each connection to
// wl_client_create.
//
// Out of fds, it uses a reserve fd (kept open on /dev/null for this): it closes
// the reserve, accepts the connection with the slot it freed, and then either
// disconnects the client for which Shoji keeps the most fds, if that is at
// least kEvictHeldFds, and admits the newcomer, or closes the newcomer (it
// sees the connection closed, not a hang), with one log line a second at
// most; then it reopens the reserve. If it cannot, it stops listening for
// kPauseMs rather than spin. Past kMaxClients connected clients, a newcomer
// is closed the same way.
//
// Shoji cannot see every fd a client makes it hold: libwayland 1.21 queues
// the fds a client sends with a request and hands them to the requests that
// take fds, and a client that sends fds with requests that take none (e.g.
// wl_display.sync) pins up to 1024 of them in that queue, out of Shoji's
// sight, until it disconnects. Those are never attributed to a client here;
// see docs/security.md.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>

#include <wayland-server-core.h>

#include "util/fd.hpp"

namespace shoji {

class ShmRequestChecks;

// Raises this process's soft RLIMIT_NOFILE to its hard limit (the fd table is
// what a hostile client exhausts first). Idempotent; Server calls it.
void raise_fd_limit();
// In a child about to exec another program: puts back the soft limit the
// process started with (programs using select() break past 1024 fds).
void restore_fd_limit();

class ListeningSocket {
public:
    // Connected clients Shoji serves at most (the X server's default). With
    // ShmRequestChecks' per-client limits it bounds the mappings (half of
    // vm.max_map_count) and the fds Shoji keeps. Past it: the newcomer's
    // connection is closed.
    static constexpr int kMaxClients = 256;
    // Out of fds, a client for which Shoji keeps at least this many (half its
    // fd budget) is disconnected to let a newcomer in; an honest client
    // rarely holds so many sealed pools. Below it, the newcomer is refused.
    static constexpr int kEvictHeldFds = 64;
    // How long accepting stops when no fd can be found even with the
    // reserve (e.g. the system-wide table is full): long enough not to spin,
    // short enough that a new client waits no more than a blink.
    static constexpr int kPauseMs = 100;

    // Listens on `name` ("" picks the first free wayland-0 … wayland-32).
    // Throws std::runtime_error saying why it cannot.
    ListeningSocket(wl_display* display, const std::string& name, const ShmRequestChecks& checks);
    ~ListeningSocket();
    ListeningSocket(const ListeningSocket&) = delete;
    ListeningSocket& operator=(const ListeningSocket&) = delete;

    const std::string& name() const { return name_; }
    const std::string& path() const { return path_; }

    // Counters, for tests and logs.
    uint64_t refused() const { return refused_; } // newcomers closed at once
    uint64_t evicted() const { return evicted_; } // clients disconnected for a newcomer

private:
    enum class Bind { Done, NameTaken, Failed };
    Bind try_bind(const std::string& name, std::string* why);
    static int handle_readable(int fd, uint32_t mask, void* data);
    static int handle_pause_end(void* data);
    void accept_one();
    void out_of_fds();
    void admit(Fd fd);
    void pause();
    // At most one log line a second per kind; the rest are counted.
    struct RateLimit {
        timespec last{};
        uint64_t suppressed = 0;
        bool allow();
    };

    wl_display* display_;
    const ShmRequestChecks& checks_;
    std::string name_, path_, lock_path_;
    Fd fd_, lock_fd_, reserve_;
    wl_event_source* source_ = nullptr;
    wl_event_source* pause_timer_ = nullptr; // made up front: it needs an fd
    bool paused_ = false;
    uint64_t refused_ = 0, evicted_ = 0;
    RateLimit fd_log_, limit_log_, error_log_;
};

} // namespace shoji
