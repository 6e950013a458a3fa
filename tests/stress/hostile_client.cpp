#include "hostile_client.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "common.hpp"
#include "xdg-shell-client-protocol.h"

namespace stress {

namespace {
constexpr int32_t kSize = 64;
constexpr int32_t kStride = kSize * 4;
constexpr int32_t kBytes = kStride * kSize;
// Hostile windows are translucent (premultiplied ARGB8888, alpha ½): a window
// on top that is opaque hides the one below, and the compositor rightly never
// reads a hidden buffer, so a misbehaviour under it would go unnoticed.
constexpr uint32_t kFormat = WL_SHM_FORMAT_ARGB8888;
constexpr uint32_t kTranslucent = 0x80402010;
// Larger than the opaque 64-px windows of the well-behaved clients can cover
// between them (the compositor cascades new windows diagonally, 32 px apart).
constexpr int32_t kBigSize = 128;
// A compositor that is alive answers a sync or sends a frame callback within
// milliseconds; five seconds without one is a stall worth reporting.
constexpr int kReplyTimeoutMs = 5000;
// (f): a hostile size, 1 GiB of XRGB8888, in a sparse memfd.
constexpr int32_t kHugeSize = 16000;
// (g), (h): Shoji's per-client limits (ShmRequestChecks), plus one.
constexpr int kPoolsPastTheLimit = 129;
// (i): fds sent with each wl_display.sync (libwayland's recvmsg takes 28 at
// most) and how many syncs: 1008 fds, just under the 1024 libwayland 1.21
// queues for one connection (past that it disconnects the client itself).
constexpr int kFdsPerSync = 28;
constexpr int kSyncsWithFds = 36;

const char* const kSynced = "[destroy, sync, truncate] ";
const char* const kAtOnce = "[destroy, truncate at once] ";

struct Window {
    wl_surface* surface = nullptr;
    xdg_surface* xdg = nullptr;
    xdg_toplevel* toplevel = nullptr;
    uint32_t serial = 0;
    bool configured = false;
};

// One short-lived, blocking connection. Every wait has a timeout, so a
// stalled compositor shows up as an outcome instead of a hung thread.
//
// The connection owns every proxy it makes and destroys them client-side
// only (wl_proxy_destroy sends nothing): hostile runs end by being
// disconnected, and the compositor must clean up whatever they leave behind.
class Connection {
public:
    explicit Connection(const std::string& socket);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    bool ok() const {
        return display_ && !closed_ && !timed_out_ && wl_display_get_error(display_) == 0;
    }
    // Connected, with wl_compositor, wl_shm and xdg_wm_base bound.
    bool ready() const { return ok() && compositor_ && shm_ && wm_base_; }
    // "no error", "closed by the client", "wl_shm.invalid_fd on wl_buffer", ...
    std::string outcome() const;

    wl_shm* shm() const { return shm_; }

    template <class T>
    T* own(T* proxy) {
        proxies_.push_back(reinterpret_cast<wl_proxy*>(proxy));
        return proxy;
    }
    // For proxies destroyed with their protocol request (e.g. wl_buffer_destroy).
    void forget(void* proxy) {
        proxies_.erase(std::remove(proxies_.begin(), proxies_.end(), proxy), proxies_.end());
    }

    // A memfd filled with kTranslucent, living as long as the connection;
    // with `fill` false, a sparse one (no page of it is touched).
    ShmFile* new_file(size_t size, bool sealable = false, bool fill = true);
    // A pool over all of `file` and one buffer in it.
    wl_buffer* make_buffer(ShmFile& file, int32_t width, int32_t height, int32_t stride,
                           uint32_t format);

    // An xdg_toplevel that has made its initial commit and acked the
    // configure: the next buffer commit maps it.
    bool make_window(Window& w);
    wl_compositor* compositor() const { return compositor_; }
    wl_subcompositor* subcompositor() const { return subcompositor_; }
    wl_seat* seat() const { return seat_; }
    wl_data_device_manager* data_device_manager() const { return data_device_manager_; }
    // Attaches `buffer`, damages all of it, commits and waits for the frame
    // callback: afterwards the compositor has shown (so read) the buffer.
    bool show(wl_surface* surface, wl_buffer* buffer, int32_t width, int32_t height);
    bool commit_and_wait_frame(wl_surface* surface);
    bool roundtrip();

    void flush() { wl_display_flush(display_); }
    // Closes the socket now, without reading anything the compositor sent.
    void close_now();

private:
    bool dispatch_until(const std::function<bool()>& done);
    // A flag for a wl_callback to set. It lives as long as the connection:
    // a callback we stopped waiting for (timeout) may still fire later.
    bool& new_flag() { return flags_.emplace_back(false); }

    wl_display* display_ = nullptr;
    wl_compositor* compositor_ = nullptr;
    wl_shm* shm_ = nullptr;
    xdg_wm_base* wm_base_ = nullptr;
    wl_subcompositor* subcompositor_ = nullptr;
    wl_seat* seat_ = nullptr;
    wl_data_device_manager* data_device_manager_ = nullptr;
    std::vector<wl_proxy*> proxies_;
    std::vector<std::unique_ptr<ShmFile>> files_;
    std::deque<bool> flags_; // stable addresses
    std::vector<std::pair<std::string, uint32_t>> globals_; // interface, name
    int connect_errno_ = 0;
    bool timed_out_ = false;
    bool closed_ = false;
};

void set_flag(void* data, wl_callback*, uint32_t) { *static_cast<bool*>(data) = true; }
const wl_callback_listener kFlagListener = {set_flag};

const wl_registry_listener kRegistryListener = {
    [](void* data, wl_registry* registry, uint32_t name, const char* interface, uint32_t version) {
        auto* found = static_cast<std::vector<std::pair<std::string, uint32_t>>*>(data);
        found->emplace_back(interface, name);
    },
    [](void*, wl_registry*, uint32_t) {},
};

const xdg_wm_base_listener kWmBaseListener = {
    [](void*, xdg_wm_base* base, uint32_t serial) { xdg_wm_base_pong(base, serial); },
};

const xdg_surface_listener kXdgSurfaceListener = {
    [](void* data, xdg_surface*, uint32_t serial) {
        auto* w = static_cast<Window*>(data);
        w->serial = serial;
        w->configured = true;
    },
};

Connection::Connection(const std::string& socket) {
    display_ = wl_display_connect(socket.c_str());
    if (!display_) {
        connect_errno_ = errno;
        return;
    }
    wl_registry* registry = own(wl_display_get_registry(display_));
    wl_registry_add_listener(registry, &kRegistryListener, &globals_);
    if (!roundtrip()) return;
    for (const auto& [interface, name] : globals_) {
        if (interface == wl_compositor_interface.name) {
            compositor_ = own(static_cast<wl_compositor*>(
                wl_registry_bind(registry, name, &wl_compositor_interface, 4)));
        } else if (interface == wl_shm_interface.name) {
            shm_ = own(static_cast<wl_shm*>(wl_registry_bind(registry, name, &wl_shm_interface, 1)));
        } else if (interface == xdg_wm_base_interface.name) {
            wm_base_ = own(static_cast<xdg_wm_base*>(
                wl_registry_bind(registry, name, &xdg_wm_base_interface, 1)));
            xdg_wm_base_add_listener(wm_base_, &kWmBaseListener, nullptr);
        } else if (interface == wl_seat_interface.name) {
            seat_ = own(static_cast<wl_seat*>(wl_registry_bind(registry, name, &wl_seat_interface, 1)));
        } else if (interface == wl_data_device_manager_interface.name) {
            data_device_manager_ = own(static_cast<wl_data_device_manager*>(
                wl_registry_bind(registry, name, &wl_data_device_manager_interface, 1)));
        } else if (interface == wl_subcompositor_interface.name) {
            subcompositor_ = own(static_cast<wl_subcompositor*>(
                wl_registry_bind(registry, name, &wl_subcompositor_interface, 1)));
        }
    }
}

Connection::~Connection() {
    if (!display_) return;
    for (auto it = proxies_.rbegin(); it != proxies_.rend(); ++it) wl_proxy_destroy(*it);
    if (!closed_) wl_display_disconnect(display_);
}

std::string Connection::outcome() const {
    if (!display_) return std::string("cannot connect: ") + std::strerror(connect_errno_);
    if (closed_) return "closed by the client";
    const std::string error = connection_error(display_);
    if (!error.empty()) return error;
    if (timed_out_) return "no reply within 5 s";
    if (!compositor_ || !shm_ || !wm_base_) return "globals missing";
    return "no error";
}

bool Connection::dispatch_until(const std::function<bool()>& done) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(kReplyTimeoutMs);
    while (!done()) {
        if (!ok() || wl_display_dispatch_pending(display_) < 0) return false;
        if (done()) break;
        // EPIPE: the compositor hung up, maybe right after posting a
        // protocol error that is still unread. Read on to find out.
        if (wl_display_flush(display_) < 0 && errno != EAGAIN && errno != EPIPE) return false;
        const double left = ms_between(Clock::now(), deadline);
        if (left <= 0) {
            timed_out_ = true;
            return false;
        }
        if (wl_display_prepare_read(display_) != 0) continue; // events queued meanwhile
        pollfd pfd{wl_display_get_fd(display_), POLLIN, 0};
        if (poll(&pfd, 1, int(left) + 1) <= 0) {
            wl_display_cancel_read(display_);
            continue; // the deadline check above decides
        }
        if (wl_display_read_events(display_) < 0) return false;
    }
    return true;
}

bool Connection::roundtrip() {
    bool& done = new_flag();
    wl_callback_add_listener(own(wl_display_sync(display_)), &kFlagListener, &done);
    return dispatch_until([&] { return done; });
}

ShmFile* Connection::new_file(size_t size, bool sealable, bool fill) {
    files_.push_back(std::make_unique<ShmFile>(size, sealable));
    ShmFile* file = files_.back().get();
    if (file->ok() && fill) std::fill_n(reinterpret_cast<uint32_t*>(file->data()), size / 4, kTranslucent);
    return file;
}

wl_buffer* Connection::make_buffer(ShmFile& file, int32_t width, int32_t height, int32_t stride,
                                   uint32_t format) {
    wl_shm_pool* pool = own(wl_shm_create_pool(shm_, file.fd(), int32_t(file.size())));
    return own(wl_shm_pool_create_buffer(pool, 0, width, height, stride, format));
}

bool Connection::make_window(Window& w) {
    if (!ready()) return false;
    w.surface = own(wl_compositor_create_surface(compositor_));
    w.xdg = own(xdg_wm_base_get_xdg_surface(wm_base_, w.surface));
    xdg_surface_add_listener(w.xdg, &kXdgSurfaceListener, &w);
    w.toplevel = own(xdg_surface_get_toplevel(w.xdg));
    xdg_toplevel_set_title(w.toplevel, "stress hostile");
    wl_surface_commit(w.surface);
    if (!dispatch_until([&] { return w.configured; })) return false;
    xdg_surface_ack_configure(w.xdg, w.serial);
    return true;
}

bool Connection::commit_and_wait_frame(wl_surface* surface) {
    bool& done = new_flag();
    wl_callback_add_listener(own(wl_surface_frame(surface)), &kFlagListener, &done);
    wl_surface_commit(surface);
    return dispatch_until([&] { return done; });
}

bool Connection::show(wl_surface* surface, wl_buffer* buffer, int32_t width, int32_t height) {
    wl_surface_attach(surface, buffer, 0, 0);
    wl_surface_damage_buffer(surface, 0, 0, width, height);
    return commit_and_wait_frame(surface);
}

void Connection::close_now() {
    // Destroy our proxies client-side first: they die with the display.
    for (auto it = proxies_.rbegin(); it != proxies_.rend(); ++it) wl_proxy_destroy(*it);
    proxies_.clear();
    wl_display_disconnect(display_);
    closed_ = true;
}

// (a) docs/design.md, “Hole 4: a truncated pool”. The file under a buffer the compositor shows is cut
// to zero bytes, then damage forces it to read the buffer again. libwayland's
// SIGBUS guard maps zero pages and the compositor answers wl_shm.invalid_fd,
// and disconnects us.
std::string truncate_shown(Connection& c) {
    Window w;
    ShmFile* file = c.new_file(size_t(kBigSize) * kBigSize * 4);
    wl_buffer* buffer = c.make_buffer(*file, kBigSize, kBigSize, kBigSize * 4, kFormat);
    if (!c.make_window(w) || !c.show(w.surface, buffer, kBigSize, kBigSize)) return c.outcome();
    file->truncate_to_zero();
    for (int i = 0; i < 5 && c.ok(); ++i) {
        wl_surface_damage_buffer(w.surface, 0, 0, kBigSize, kBigSize);
        c.commit_and_wait_frame(w.surface);
    }
    if (c.ok()) c.roundtrip();
    return c.outcome();
}

// (b) docs/design.md, “Hole 1: a stride in pixels”. libwayland 1.21 compares the stride with the
// width in pixels, so a 256-pixel ARGB8888 buffer with a stride of 256 bytes
// passes it; reading its last row would run 768 bytes past the pool. The
// buffer is attached and committed at once, so that a missing check would
// have the compositor read it.
std::string stride_in_pixels(Connection& c) {
    constexpr int32_t width = 256, height = 4;
    ShmFile* file = c.new_file(size_t(width) * height); // stride × height, the stride in pixels
    Window w;
    if (!c.make_window(w)) return c.outcome();
    wl_buffer* buffer = c.make_buffer(*file, width, height, /*stride=*/width, WL_SHM_FORMAT_ARGB8888);
    wl_surface_attach(w.surface, buffer, 0, 0);
    wl_surface_damage_buffer(w.surface, 0, 0, width, height);
    wl_surface_commit(w.surface);
    c.roundtrip();
    return c.outcome();
}

// (c) docs/design.md, “Hole 3: a sealed pool grown past its file”. libwayland never guards a pool whose memfd is
// sealed against shrinking, even once wl_shm_pool.resize grew the pool past
// the end of the file. A buffer in the grown part would be pure SIGBUS, so
// Shoji refuses the resize itself.
std::string sealed_pool_grown(Connection& c) {
    ShmFile* file = c.new_file(kBytes, /*sealable=*/true);
    if (!file->ok() || !file->add_seals(F_SEAL_SHRINK)) return "cannot seal a memfd";
    Window w;
    if (!c.make_window(w)) return c.outcome();
    wl_shm_pool* pool = c.own(wl_shm_create_pool(c.shm(), file->fd(), kBytes));
    wl_shm_pool_resize(pool, 4 * kBytes);
    wl_buffer* buffer = c.own(wl_shm_pool_create_buffer(pool, 2 * kBytes, kSize, kSize, kStride,
                                                        kFormat));
    wl_surface_attach(w.surface, buffer, 0, 0);
    wl_surface_damage_buffer(w.surface, 0, 0, kSize, kSize);
    wl_surface_commit(w.surface);
    c.roundtrip();
    return c.outcome();
}

// (d) A commit (attach, damage, frame callback) arrives together with the
// hang-up. Every other run leaves before the window was ever shown, the
// others while an older buffer is on screen.
std::string disconnect_mid_commit(Connection& c, int run) {
    ShmFile* first = c.new_file(kBytes);
    ShmFile* second = c.new_file(kBytes);
    wl_buffer* shown = c.make_buffer(*first, kSize, kSize, kStride, kFormat);
    wl_buffer* next = c.make_buffer(*second, kSize, kSize, kStride, kFormat);
    Window w;
    if (!c.make_window(w)) return c.outcome();
    if (run % 2 == 1 && !c.show(w.surface, shown, kSize, kSize)) return c.outcome();
    wl_surface_attach(w.surface, next, 0, 0);
    wl_surface_damage_buffer(w.surface, 0, 0, kSize, kSize);
    c.own(wl_surface_frame(w.surface));
    wl_surface_commit(w.surface);
    c.flush();
    c.close_now();
    return c.outcome();
}

// (e) docs/design.md, “Hole 2: a buffer destroyed while it is shown”, then hole 4 on the same memory. The buffer on
// screen is destroyed (libwayland frees the wl_shm_buffer with it) and its
// file truncated; damage commits then ask the compositor to redraw a surface
// whose buffer is gone. The compositor must keep showing its copy, without
// an error. Every other run truncates the file before the destroy request
// has even been sent: then the copy itself reads a truncated file, and
// wl_shm.invalid_fd (on the destroyed buffer) is a fair answer too.
std::string destroy_shown_then_truncate(Connection& c, int run) {
    const bool at_once = run % 2 == 1;
    ShmFile* file = c.new_file(kBytes);
    wl_buffer* buffer = c.make_buffer(*file, kSize, kSize, kStride, kFormat);
    Window w;
    if (!c.make_window(w) || !c.show(w.surface, buffer, kSize, kSize)) return c.outcome();
    wl_buffer_destroy(buffer);
    c.forget(buffer);
    if (!at_once) c.roundtrip(); // the compositor has handled the destroy
    file->truncate_to_zero();
    for (int i = 0; i < 10 && c.ok(); ++i) {
        wl_surface_damage_buffer(w.surface, 0, 0, kSize, kSize);
        c.commit_and_wait_frame(w.surface);
    }
    if (c.ok()) c.roundtrip();
    std::string outcome = c.outcome();
    // libwayland-client cannot name the interface of an object we destroyed;
    // the wl_buffer is the only object this run destroys, and 2 is its
    // (wl_shm's) invalid_fd.
    if (outcome == "error 2 on a destroyed object") outcome = "wl_shm.invalid_fd on the destroyed wl_buffer";
    return (at_once ? kAtOnce : kSynced) + outcome;
}

// (f) Hole 2 at the size that froze everyone: a 16000×16000
// buffer (1 GiB, sparse: only the part an output can show is written) on
// three windows, destroyed while shown, then damage commits. The compositor
// must keep the part on the output only (once, for the three windows) and
// show it, without an error; nobody else may notice.
std::string huge_buffer_destroyed(Connection& c) {
    constexpr int32_t stride = kHugeSize * 4;
    ShmFile* file = c.new_file(size_t(stride) * kHugeSize, false, /*fill=*/false);
    if (!file->ok()) return "cannot make a 1 GiB sparse memfd";
    // The output is 1280×720: whatever a window shows lies in this corner.
    for (int32_t y = 0; y < 720; ++y) fill_rect(file->data(), stride, 0, y, 1280, 1, kTranslucent);
    wl_buffer* buffer = c.make_buffer(*file, kHugeSize, kHugeSize, stride, kFormat);
    Window windows[3];
    for (Window& w : windows)
        if (!c.make_window(w) || !c.show(w.surface, buffer, 1280, 720)) return c.outcome();
    wl_buffer_destroy(buffer);
    c.forget(buffer);
    for (int i = 0; i < 5 && c.ok(); ++i)
        for (Window& w : windows) {
            wl_surface_damage(w.surface, 0, 0, 1280, 720);
            c.commit_and_wait_frame(w.surface);
        }
    if (c.ok()) c.roundtrip();
    return c.outcome();
}

// (g) One pool per mapping: more pools than one client may have (each is a
// mapping, and the kernel allows a process vm.max_map_count of them).
// (h) The same with sealed pools: Shoji keeps an fd for each (hole 3), and
// the fd budget runs out at the same count.
std::string pools_past_the_limit(Connection& c, bool sealed) {
    ShmFile* file = c.new_file(4096, sealed);
    if (!file->ok() || (sealed && !file->add_seals(F_SEAL_SHRINK))) return "cannot make a memfd";
    for (int i = 0; i < kPoolsPastTheLimit; ++i) c.own(wl_shm_create_pool(c.shm(), file->fd(), 4096));
    c.roundtrip();
    return c.outcome();
}

// (j) Hole 3's race: the F_SEAL_SHRINK file is smaller than the
// pool when create_pool is sent and grows a moment later (a few µs, varied
// from run to run), maybe between the compositor's look at its size and
// libwayland's. Then a resize past the file: it must be refused whatever
// the timing, or a buffer there would fault with no guard.
std::string sealed_file_grown_in_create(Connection& c, int run) {
    ShmFile* file = c.new_file(kBytes, /*sealable=*/true);
    if (!file->ok() || !file->add_seals(F_SEAL_SHRINK)) return "cannot seal a memfd";
    wl_shm_pool* pool = c.own(wl_shm_create_pool(c.shm(), file->fd(), 4 * kBytes));
    c.flush();
    const auto until = Clock::now() + std::chrono::microseconds(run % 50);
    while (Clock::now() < until) {}
    if (ftruncate(file->fd(), 4 * kBytes) != 0) return "cannot grow the memfd";
    c.roundtrip();
    wl_shm_pool_resize(pool, 16 * kBytes);
    c.roundtrip();
    return c.outcome();
}

// (i) Requests that take no fd but carry some: libwayland 1.21 queues every
// fd that arrives and hands them to requests with fd arguments, so these stay
// in the compositor's fd table until the connection closes. A raw
// connection (libwayland-client cannot attach fds to wl_display.sync) sends
// 36 syncs with 28 fds each, then one more and waits for its done event.
std::string fds_with_sync(const std::string& socket) {
    const char* dir = std::getenv("XDG_RUNTIME_DIR");
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s/%s", dir ? dir : "", socket.c_str());
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    auto done = [&](std::string outcome) {
        if (fd >= 0) close(fd);
        if (null_fd >= 0) close(null_fd);
        return outcome;
    };
    if (fd < 0 || null_fd < 0) return done(std::string("cannot make a socket: ") + std::strerror(errno));
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
        return done(std::string("cannot connect: ") + std::strerror(errno));
    uint32_t id = 2;
    for (int m = 0; m <= kSyncsWithFds; ++m, ++id) {
        const uint32_t sync[3] = {1, (12u << 16) | 0u, id}; // wl_display.sync(new id)
        iovec iov{const_cast<uint32_t*>(sync), sizeof sync};
        msghdr msg{};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        alignas(cmsghdr) char control[CMSG_SPACE(kFdsPerSync * sizeof(int))];
        if (m < kSyncsWithFds) { // the last sync carries none: its answer ends the run
            msg.msg_control = control;
            msg.msg_controllen = sizeof control;
            cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
            cmsg->cmsg_level = SOL_SOCKET;
            cmsg->cmsg_type = SCM_RIGHTS;
            cmsg->cmsg_len = CMSG_LEN(kFdsPerSync * sizeof(int));
            int* fds = reinterpret_cast<int*>(CMSG_DATA(cmsg));
            for (int i = 0; i < kFdsPerSync; ++i) fds[i] = null_fd;
        }
        if (sendmsg(fd, &msg, MSG_NOSIGNAL) != ssize_t(sizeof sync))
            return done(std::string("disconnected (") + std::strerror(errno) + ")");
    }
    // Events: wl_callback.done (opcode 0) on each callback, then
    // wl_display.delete_id. Wait for the last callback's done.
    const uint32_t last = id - 1;
    uint32_t buffer[1024];
    size_t have = 0;
    const auto deadline = Clock::now() + std::chrono::milliseconds(kReplyTimeoutMs);
    size_t at = 0; // the next message's first word
    for (;;) {
        while (at + 2 <= have) {
            const uint32_t object = buffer[at], size = buffer[at + 1] >> 16, opcode = buffer[at + 1] & 0xffff;
            if (size < 8 || size % 4 != 0) return done("a malformed event");
            if (at + size / 4 > have) break;
            if (object == 1 && opcode == 0) return done("wl_display.error"); // an error event
            if (object == last && opcode == 0) return done("no error");
            at += size / 4;
        }
        // Keep the incomplete message, if any, at the front.
        std::copy(buffer + at, buffer + have, buffer);
        have -= at;
        at = 0;
        const double left = ms_between(Clock::now(), deadline);
        if (left <= 0) return done("no reply within 5 s");
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, int(left) + 1) <= 0) continue;
        const ssize_t n = recv(fd, reinterpret_cast<char*>(buffer) + have * 4, (sizeof buffer / 4 - have) * 4, 0);
        if (n <= 0) return done("disconnected (EOF)");
        have += size_t(n) / 4; // events are whole words
    }
}

// (k) A chain of nested subsurfaces, one level past what the compositor
// allows (before, a chain of 30,000 overflowed its stack when the root
// committed): the get_subsurface that goes too deep is bad_surface.
std::string deep_subsurface_chain(Connection& c) {
    Window w;
    if (!c.make_window(w) || !c.subcompositor()) return c.outcome();
    wl_surface* parent = w.surface;
    for (int depth = 1; depth <= 200; ++depth) {
        wl_surface* child = c.own(wl_compositor_create_surface(c.compositor()));
        c.own(wl_subcompositor_get_subsurface(c.subcompositor(), child, parent));
        wl_surface_commit(parent);
        parent = child;
    }
    c.roundtrip();
    return c.outcome();
}

// (l) One wl_region of 40,000 disjoint one-pixel rectangles (before, a
// million of them took the compositor 27 s of CPU to build): past the
// region's rectangle limit the client gets no_memory.
std::string region_flood(Connection& c) {
    Window w;
    if (!c.make_window(w)) return c.outcome();
    wl_region* region = c.own(wl_compositor_create_region(c.compositor()));
    for (int i = 0; i < 40000; ++i) {
        wl_region_add(region, (i % 200) * 2, (i / 200) * 2, 1, 1);
        // A roundtrip now and then: requests sent faster than the
        // compositor reads them would fill our own socket buffer.
        if (i % 500 == 499 && !c.roundtrip()) return c.outcome();
    }
    wl_surface_set_input_region(w.surface, region);
    wl_surface_commit(w.surface);
    c.roundtrip();
    return c.outcome();
}

// (m) A client with no window sets, with serial 0, a selection offering
// 20,000 MIME types of 100 bytes (before, every type was forwarded to the
// focused client until its socket overflowed and it was disconnected). The
// request is ignored: no error, the well-behaved clients are not flooded.
std::string selection_flood(Connection& c) {
    if (!c.ready() || !c.seat() || !c.data_device_manager()) return c.outcome();
    wl_data_source* source = c.own(wl_data_device_manager_create_data_source(c.data_device_manager()));
    const std::string padding(90, 'x');
    for (int i = 0; i < 20000; ++i) {
        wl_data_source_offer(source, ("text/x-" + std::to_string(i) + padding).c_str());
        if (i % 500 == 499 && !c.roundtrip()) return c.outcome();
    }
    wl_data_device* device = c.own(wl_data_device_manager_get_data_device(c.data_device_manager(), c.seat()));
    wl_data_device_set_selection(device, source, 0);
    c.roundtrip();
    return c.outcome();
}

std::string misbehave(Misbehaviour kind, Connection& c, int run) {
    switch (kind) {
    case Misbehaviour::TruncateShown: return truncate_shown(c);
    case Misbehaviour::StrideInPixels: return stride_in_pixels(c);
    case Misbehaviour::SealedPoolGrown: return sealed_pool_grown(c);
    case Misbehaviour::DisconnectMidCommit: return disconnect_mid_commit(c, run);
    case Misbehaviour::DestroyShownThenTruncate: return destroy_shown_then_truncate(c, run);
    case Misbehaviour::HugeBufferDestroyed: return huge_buffer_destroyed(c);
    case Misbehaviour::PoolsPastTheLimit: return pools_past_the_limit(c, false);
    case Misbehaviour::SealedPoolsPastTheBudget: return pools_past_the_limit(c, true);
    case Misbehaviour::SealedFileGrownInCreate: return sealed_file_grown_in_create(c, run);
    case Misbehaviour::FdsWithSync: break; // a raw connection: see HostileClient::run
    case Misbehaviour::DeepSubsurfaceChain: return deep_subsurface_chain(c);
    case Misbehaviour::RegionFlood: return region_flood(c);
    case Misbehaviour::SelectionFlood: return selection_flood(c);
    }
    return "unknown misbehaviour";
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }
} // namespace

const char* describe(Misbehaviour kind) {
    switch (kind) {
    case Misbehaviour::TruncateShown: return "(a) truncate the file of a shown buffer, commit damage";
    case Misbehaviour::StrideInPixels: return "(b) 256-px ARGB8888 buffer with stride 256, commit it";
    case Misbehaviour::SealedPoolGrown: return "(c) F_SEAL_SHRINK pool resized to 4x its file, buffer past the file";
    case Misbehaviour::DisconnectMidCommit: return "(d) attach+damage+frame+commit, then close the socket";
    case Misbehaviour::DestroyShownThenTruncate: return "(e) destroy the shown buffer, truncate its file, commit damage";
    case Misbehaviour::HugeBufferDestroyed: return "(f) 16000x16000 buffer (sparse) on 3 windows, destroyed while shown";
    case Misbehaviour::PoolsPastTheLimit: return "(g) 129 pools, one more than a client may map";
    case Misbehaviour::SealedPoolsPastTheBudget: return "(h) 129 F_SEAL_SHRINK pools, one past the fd budget";
    case Misbehaviour::FdsWithSync: return "(i) 1008 fds sent with wl_display.sync (raw socket)";
    case Misbehaviour::SealedFileGrownInCreate: return "(j) sealed file grown during create_pool, then resized past";
    case Misbehaviour::DeepSubsurfaceChain: return "(k) a chain of 200 nested subsurfaces (the limit is 64)";
    case Misbehaviour::RegionFlood: return "(l) a wl_region of 40,000 disjoint rectangles (the limit is 16,384)";
    case Misbehaviour::SelectionFlood: return "(m) set_selection of 20,000 MIME types, no focus, serial 0";
    }
    return "?";
}

const char* expected_outcomes(Misbehaviour kind) {
    switch (kind) {
    case Misbehaviour::TruncateShown: return "wl_shm.invalid_fd on wl_buffer";
    case Misbehaviour::StrideInPixels: return "wl_shm.invalid_stride on wl_shm_pool";
    case Misbehaviour::SealedPoolGrown: return "wl_shm.invalid_fd on wl_shm_pool";
    case Misbehaviour::DisconnectMidCommit: return "closed by the client";
    case Misbehaviour::DestroyShownThenTruncate:
        return "no error; when truncated at once, also wl_shm.invalid_fd";
    case Misbehaviour::HugeBufferDestroyed: return "no error";
    case Misbehaviour::PoolsPastTheLimit: return "wl_shm.invalid_fd on wl_shm";
    case Misbehaviour::SealedPoolsPastTheBudget: return "wl_shm.invalid_fd on wl_shm";
    case Misbehaviour::FdsWithSync: return "no error";
    case Misbehaviour::SealedFileGrownInCreate: return "wl_shm.invalid_fd on wl_shm_pool";
    case Misbehaviour::DeepSubsurfaceChain: return "wl_subcompositor.bad_surface on wl_subcompositor";
    case Misbehaviour::RegionFlood: return "disconnected (Cannot allocate memory): wl_display.no_memory";
    case Misbehaviour::SelectionFlood: return "no error";
    }
    return "?";
}

bool is_expected(Misbehaviour kind, const std::string& outcome) {
    switch (kind) {
    case Misbehaviour::TruncateShown: return outcome == "wl_shm.invalid_fd on wl_buffer";
    case Misbehaviour::SealedPoolGrown: return outcome == "wl_shm.invalid_fd on wl_shm_pool";
    case Misbehaviour::StrideInPixels: return outcome == "wl_shm.invalid_stride on wl_shm_pool";
    case Misbehaviour::DisconnectMidCommit: return outcome == "closed by the client";
    case Misbehaviour::DestroyShownThenTruncate:
        if (outcome == std::string(kSynced) + "no error") return true;
        return outcome == std::string(kAtOnce) + "no error" ||
               starts_with(outcome, (std::string(kAtOnce) + "wl_shm.invalid_fd on ").c_str());
    case Misbehaviour::HugeBufferDestroyed:
    case Misbehaviour::FdsWithSync:
    case Misbehaviour::SelectionFlood:
        return outcome == "no error";
    case Misbehaviour::PoolsPastTheLimit:
    case Misbehaviour::SealedPoolsPastTheBudget:
        return outcome == "wl_shm.invalid_fd on wl_shm";
    case Misbehaviour::SealedFileGrownInCreate: return outcome == "wl_shm.invalid_fd on wl_shm_pool";
    case Misbehaviour::DeepSubsurfaceChain: return outcome == "wl_subcompositor.bad_surface on wl_subcompositor";
    // libwayland-client reports wl_display.no_memory as ENOMEM, not EPROTO.
    case Misbehaviour::RegionFlood: return outcome == "disconnected (Cannot allocate memory)";
    }
    return false;
}

void HostileStats::record(Misbehaviour kind, const std::string& outcome, const std::string& message) {
    PerKind& k = kinds[size_t(kind)];
    ++k.runs;
    OutcomeCount& o = k.outcomes[outcome];
    if (o.count++ == 0) o.example = message;
}

void HostileStats::merge(const HostileStats& other) {
    for (size_t i = 0; i < kinds.size(); ++i) {
        kinds[i].runs += other.kinds[i].runs;
        for (const auto& [outcome, count] : other.kinds[i].outcomes) {
            OutcomeCount& o = kinds[i].outcomes[outcome];
            if (o.count == 0) o.example = count.example;
            o.count += count.count;
        }
    }
}

HostileClient::HostileClient(const std::string& socket, int index, std::vector<Misbehaviour> kinds,
                             bool once)
    : socket_(socket), index_(index), kinds_(std::move(kinds)), once_(once), thread_([this] { run(); }) {}

HostileClient::~HostileClient() { stop(); }

HostileStats HostileClient::stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
    return stats_;
}

void HostileClient::run() {
    int runs[kMisbehaviours] = {};
    const size_t n = kinds_.size();
    for (size_t i = 0; n > 0 && !stopping_ && !(once_ && i == n); ++i) {
        // Clients start at different misbehaviours, so that all of them
        // happen at the same time.
        const Misbehaviour kind = kinds_[(size_t(index_) + i) % n];
        std::string outcome;
        if (kind == Misbehaviour::FdsWithSync) {
            outcome = fds_with_sync(socket_);
        } else {
            Connection c(socket_);
            outcome = c.ready() ? misbehave(kind, c, runs[int(kind)]) : c.outcome();
        }
        ++runs[int(kind)];
        stats_.record(kind, outcome, take_client_log());
    }
    finished_ = true;
}

} // namespace stress
