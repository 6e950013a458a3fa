// ControlSocket: the session's control socket, a Unix stream socket beside
// the Wayland socket ($XDG_RUNTIME_DIR/NAME.ctl, mode 0600) that speaks the
// control protocol (control/protocol.hpp) to `shoji ctl` and to scripts in
// any language.
//
// Only processes of our own user may drive the session: a peer whose
// SO_PEERCRED uid differs is sent one error line and dropped (the file mode
// already keeps others out; this also holds if the file or directory
// permissions are loosened). Each connection answers its requests one at a
// time, in order; while a wait is pending, its later requests stay unread.
// Everything runs on the compositor's event loop.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <wayland-server-core.h>

#include "control/controller.hpp"
#include "util/fd.hpp"

namespace shoji {

class ControlSocket {
public:
    // Connections served at once; one more is sent an error line and
    // closed. A test script uses one or two at a time.
    static constexpr size_t kMaxConnections = 32;
    // Reply bytes a peer may leave unread before it is dropped (a `windows`
    // list of a thousand windows with 4 KiB titles fits).
    static constexpr size_t kMaxUnreadReplyBytes = 16 * 1024 * 1024;

    // Listens on `path` (replacing a stale socket there; refusing any other
    // kind of file). Throws std::runtime_error naming the path and the cause.
    ControlSocket(Controller& controller, wl_event_loop* loop, std::string path);
    ~ControlSocket(); // closes every connection and removes the socket file
    ControlSocket(const ControlSocket&) = delete;
    ControlSocket& operator=(const ControlSocket&) = delete;

    const std::string& path() const { return path_; }
    size_t connections() const { return connections_.size(); }
    // Peers refused because of their uid, so far.
    size_t refused_peers() const { return refused_peers_; }

    // The socket path for a Wayland socket: `$XDG_RUNTIME_DIR/NAME.ctl`, or
    // NAME.ctl beside it if NAME is absolute. "" if XDG_RUNTIME_DIR is unset.
    static std::string path_for(const std::string& wayland_socket);

private:
    class Connection;
    static int handle_accept(int fd, uint32_t mask, void* data);
    void accept_one();
    void remove(Connection* connection);

    Controller& controller_;
    wl_event_loop* loop_;
    std::string path_;
    Fd listen_fd_;
    // Kept open so that when the process is out of file descriptors, an
    // incoming connection can still be accepted and closed instead of
    // waking the loop forever.
    Fd spare_fd_;
    wl_event_source* listen_source_ = nullptr;
    wl_event_source* reap_ = nullptr; // deletes closed connections
    std::vector<std::unique_ptr<Connection>> connections_;
    size_t refused_peers_ = 0;
};

} // namespace shoji
