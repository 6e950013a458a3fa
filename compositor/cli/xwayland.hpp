// --xwayland: an X server for the command's X11 clients, as one more client
// of Shoji's.
//
// Debian 12's Xwayland (22.1) runs rootful: the whole X screen is one
// xdg_toplevel, which Shoji maps like any window, so screenshots, --until
// idle and `shoji ctl` see X11 clients through it. A rootless Xwayland (one
// Wayland surface per X window) would need an X window manager inside the
// compositor, which wlroots builds only on its own wlr_compositor
// (docs/testing-clients.md, "X11 clients").
#pragma once

#include <sys/types.h>

#include <string>

#include "cli/command.hpp"

struct wl_event_loop;
struct wl_event_source;

namespace shoji {

class Server;

class Xwayland {
public:
    // How long Xwayland may take to say it is ready (it usually takes
    // 50-200 ms); past it the session fails with status 125.
    static constexpr int kReadyTimeoutMs = 10000;

    explicit Xwayland(Server& server) : server_(server) {}
    ~Xwayland();
    Xwayland(const Xwayland&) = delete;
    Xwayland& operator=(const Xwayland&) = delete;

    // Starts `Xwayland -displayfd N` as a client of `wayland_socket`, one of
    // the session's helpers in `children`, and runs Shoji's event loop until
    // it has written its display number (it needs Shoji to answer its
    // requests meanwhile). False, with `error` one line saying why, if it
    // cannot be run, exits first, or takes longer than kReadyTimeoutMs.
    // Xwayland's own output goes to /dev/null unless `verbose`.
    bool start(Command& children, const std::string& wayland_socket, bool verbose, std::string* error);

    // ":N", for DISPLAY.
    const std::string& display() const { return display_; }

private:
    static int on_readable(int fd, uint32_t mask, void* data);
    static int on_timeout(void* data);

    Server& server_;
    int read_fd_ = -1;
    std::string written_; // what Xwayland wrote on the pipe so far
    bool eof_ = false, timed_out_ = false;
    std::string display_;
};

} // namespace shoji
