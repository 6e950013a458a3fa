#include "control/control_socket.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <stdexcept>

#include "control/protocol.hpp"
#include "wlr.hpp"

namespace shoji {

namespace {
// Bytes read per wakeup before other sources get their turn (the loop is
// level-triggered: the rest is read on the next turn).
constexpr size_t kReadPerWakeup = 256 * 1024;
constexpr int kListenBacklog = 16;

// Best effort, for a peer about to be dropped: never blocks.
void send_now(int fd, const std::string& line) {
    [[maybe_unused]] ssize_t n = send(fd, line.data(), line.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
}
} // namespace

// One peer: its unread request bytes, its unsent reply bytes, and the wait
// it is in, if any.
class ControlSocket::Connection {
public:
    Connection(ControlSocket& owner, Fd fd) : owner_(owner), fd_(std::move(fd)) {
        source_ = wl_event_loop_add_fd(owner_.loop_, fd_.get(), WL_EVENT_READABLE, &Connection::handle_event, this);
    }
    ~Connection() {
        pending_.reset(); // cancelled: its reply must not come
        if (source_) wl_event_source_remove(source_);
    }
    bool dead() const { return dead_; }

private:
    static int handle_event(int, uint32_t mask, void* data) {
        auto* self = static_cast<Connection*>(data);
        if (mask & WL_EVENT_READABLE) self->read_some();
        if (mask & (WL_EVENT_HANGUP | WL_EVENT_ERROR)) {
            // The peer is gone: what it sent is still done (above, and
            // below), but there is no one to wait for.
            self->eof_ = self->peer_gone_ = true;
            if (mask & WL_EVENT_READABLE) self->read_some();
        }
        if ((mask & WL_EVENT_WRITABLE) && !self->dead_) self->write_some();
        self->process();
        return 0;
    }

    void read_some() {
        char chunk[16384];
        for (size_t total = 0; total < kReadPerWakeup && !eof_;) {
            const ssize_t n = recv(fd_.get(), chunk, sizeof chunk, MSG_DONTWAIT);
            if (n == 0) {
                eof_ = true; // the peer shut its side: answer what it sent
                break;
            }
            if (n < 0) {
                if (errno == EINTR) continue;
                if (errno != EAGAIN && errno != EWOULDBLOCK) eof_ = peer_gone_ = true;
                break;
            }
            total += size_t(n);
            take(chunk, size_t(n));
        }
    }

    // Splits bytes into request lines; a line that grows past the limit is
    // answered once (in its turn) and dropped up to its newline.
    void take(const char* data, size_t n) {
        const char* end = data + n;
        while (data < end) {
            const char* newline = static_cast<const char*>(std::memchr(data, '\n', size_t(end - data)));
            const char* stop = newline ? newline : end;
            if (!discarding_) partial_.append(data, size_t(stop - data));
            if (!discarding_ && partial_.size() > control_protocol::kMaxRequestBytes) {
                partial_.clear();
                lines_.push_back({std::string(), true});
                discarding_ = true;
            }
            if (newline) {
                if (!discarding_) lines_.push_back({std::move(partial_), false});
                partial_.clear();
                discarding_ = false;
                data = newline + 1;
            } else {
                data = end;
            }
        }
    }

    // Answers complete lines in order while no wait is pending, then
    // updates what the loop watches, or closes.
    void process() {
        // At the end of input, an unfinished last line is a request too.
        if (eof_ && !partial_.empty() && !discarding_) lines_.push_back({std::move(partial_), false});
        if (eof_) partial_.clear();
        while (!pending_ && !dead_ && !lines_.empty()) {
            Line line = std::move(lines_.front());
            lines_.pop_front();
            if (line.too_long) {
                send(control_protocol::error_line("request longer than " +
                                                  std::to_string(control_protocol::kMaxRequestBytes) +
                                                  " bytes; the line was discarded"));
                continue;
            }
            if (!line.text.empty() && line.text.back() == '\r') line.text.pop_back();
            if (line.text.find_first_not_of(" \t") == std::string::npos) continue; // blank lines are ignored
            pending_ = control_protocol::handle_request(owner_.controller_, line.text,
                                                        [this](const std::string& reply) { on_reply(reply); });
        }
        if (pending_ && peer_gone_) pending_.reset(); // nobody to answer
        if (dead_ || (eof_ && !pending_ && out_.empty() && lines_.empty())) {
            close();
            return;
        }
        uint32_t mask = 0;
        if (!pending_ && !eof_) mask |= WL_EVENT_READABLE;
        if (!out_.empty()) mask |= WL_EVENT_WRITABLE;
        wl_event_source_fd_update(source_, mask);
    }

    void on_reply(const std::string& line) {
        const bool was_async = pending_ != nullptr;
        send(line);
        if (!was_async) return; // a synchronous reply: process() goes on
        // A wait ended (from the loop, outside process()): its object may be
        // destroyed now (its callback has nothing left to do), then the
        // lines that arrived meanwhile are answered.
        pending_.reset();
        process();
    }

    void send(const std::string& line) {
        if (dead_ || peer_gone_) return;
        out_ += line;
        write_some();
        if (out_.size() > kMaxUnreadReplyBytes) close(); // the peer does not read its replies
    }

    void write_some() {
        while (!out_.empty()) {
            const ssize_t n = ::send(fd_.get(), out_.data(), out_.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
            if (n <= 0) {
                out_.clear();
                eof_ = peer_gone_ = true;
                return;
            }
            out_.erase(0, size_t(n));
        }
    }

    // Marks the connection for removal; it is deleted from the loop, never
    // from inside its own callbacks.
    void close() {
        if (dead_) return;
        dead_ = true;
        if (source_) wl_event_source_fd_update(source_, 0);
        owner_.remove(this);
    }

    ControlSocket& owner_;
    Fd fd_;
    wl_event_source* source_ = nullptr;
    struct Line {
        std::string text;
        bool too_long; // cut out: answered with an error
    };
    // Complete lines not answered yet (at most one read's worth: nothing is
    // read while a wait is pending), and the unfinished one.
    std::deque<Line> lines_;
    std::string partial_, out_;
    bool discarding_ = false;
    bool eof_ = false, peer_gone_ = false, dead_ = false;
    std::unique_ptr<Controller::Pending> pending_;
};

ControlSocket::ControlSocket(Controller& controller, wl_event_loop* loop, std::string path)
    : controller_(controller), loop_(loop), path_(std::move(path)) {
    auto fail = [&](const std::string& what) {
        throw std::runtime_error("control socket " + path_ + ": " + what);
    };
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path_.empty() || path_.size() >= sizeof addr.sun_path) fail("path too long for a Unix socket");
    std::memcpy(addr.sun_path, path_.c_str(), path_.size() + 1);

    // A socket left by a session that died: its Wayland socket's lock is ours
    // now (the caller listens there first), so this name is ours too. Any
    // other kind of file is someone else's.
    struct stat st;
    if (lstat(path_.c_str(), &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) fail("exists and is not a socket");
        if (unlink(path_.c_str()) != 0) fail(std::string("cannot remove the stale socket: ") + std::strerror(errno));
    }

    listen_fd_.reset(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!listen_fd_) fail(std::string("socket: ") + std::strerror(errno));
    // Created 0600 (no window in which it is more open), and set so again.
    const mode_t old_mask = umask(0177);
    const int bound = bind(listen_fd_.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
    const int bind_errno = errno;
    umask(old_mask);
    if (bound != 0) fail(std::string("bind: ") + std::strerror(bind_errno));
    if (chmod(path_.c_str(), 0600) != 0 || listen(listen_fd_.get(), kListenBacklog) != 0) {
        const int err = errno;
        unlink(path_.c_str());
        fail(std::strerror(err));
    }
    spare_fd_.reset(open("/dev/null", O_RDONLY | O_CLOEXEC));
    listen_source_ = wl_event_loop_add_fd(loop_, listen_fd_.get(), WL_EVENT_READABLE, &ControlSocket::handle_accept, this);
}

ControlSocket::~ControlSocket() {
    connections_.clear();
    if (listen_source_) wl_event_source_remove(listen_source_);
    if (reap_) wl_event_source_remove(reap_);
    unlink(path_.c_str());
}

std::string ControlSocket::path_for(const std::string& wayland_socket) {
    if (!wayland_socket.empty() && wayland_socket[0] == '/') return wayland_socket + ".ctl";
    const char* dir = std::getenv("XDG_RUNTIME_DIR");
    if (!dir || !*dir) return "";
    return std::string(dir) + "/" + wayland_socket + ".ctl";
}

int ControlSocket::handle_accept(int, uint32_t, void* data) {
    static_cast<ControlSocket*>(data)->accept_one();
    return 0;
}

void ControlSocket::accept_one() {
    Fd fd(accept4(listen_fd_.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
    if (!fd) {
        if ((errno == EMFILE || errno == ENFILE) && spare_fd_) {
            // Out of descriptors: take this peer with the spare one and drop
            // it, or the loop would wake for it forever.
            spare_fd_.reset();
            Fd dropped(accept4(listen_fd_.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
            if (dropped) send_now(dropped.get(), control_protocol::error_line("the compositor is out of file descriptors"));
            dropped.reset();
            spare_fd_.reset(open("/dev/null", O_RDONLY | O_CLOEXEC));
        }
        return;
    }
    ucred cred{};
    socklen_t len = sizeof cred;
    if (getsockopt(fd.get(), SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || cred.uid != geteuid()) {
        ++refused_peers_;
        const std::string why = "refused: peer uid " + std::to_string(cred.uid) + " is not the compositor's uid " +
                                std::to_string(geteuid());
        wlr_log(WLR_INFO, "control socket: %s (pid %d)", why.c_str(), int(cred.pid));
        send_now(fd.get(), control_protocol::error_line(why));
        return;
    }
    if (connections_.size() >= kMaxConnections) {
        send_now(fd.get(), control_protocol::error_line("too many control connections (at most " +
                                                       std::to_string(kMaxConnections) + ")"));
        return;
    }
    connections_.push_back(std::make_unique<Connection>(*this, std::move(fd)));
}

void ControlSocket::remove(Connection*) {
    // Deleted from an idle callback: the connection may be deep in its own
    // handler (or in a wait's callback) now.
    if (!reap_)
        reap_ = wl_event_loop_add_idle(
            loop_,
            [](void* data) {
                auto* self = static_cast<ControlSocket*>(data);
                self->reap_ = nullptr;
                auto& list = self->connections_;
                list.erase(std::remove_if(list.begin(), list.end(), [](const auto& c) { return c->dead(); }),
                           list.end());
            },
            this);
}

} // namespace shoji
