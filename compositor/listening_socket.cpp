#include "listening_socket.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "shm/shm_request_checks.hpp"
#include "wlr.hpp"

namespace shoji {

namespace {
// The last wayland-N an unnamed socket tries. libwayland's
// wl_display_add_socket_auto stops at wayland-32, which a CI machine running
// more than 33 sessions at once in one XDG_RUNTIME_DIR runs out of (the
// 34th could not start); the names are tried in order, each one an open
// and a flock, so a wider range costs nothing until the lower names are
// taken. Past it: "cannot create a Wayland socket" and the last name's
// reason.
constexpr int kMaxDisplayNumber = 1023;
// listen(2)'s backlog, libwayland's value.
constexpr int kBacklog = 128;

// The soft limit the process started with (restore_fd_limit), 0 until raised.
rlim_t g_original_soft = 0;

pid_t peer_pid(int fd) {
    ucred cred{};
    socklen_t len = sizeof cred;
    return getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 ? cred.pid : 0;
}

int open_fd_count() {
    DIR* dir = opendir("/proc/self/fd");
    if (!dir) return -1;
    int n = 0;
    while (const dirent* entry = readdir(dir))
        if (entry->d_name[0] != '.') ++n;
    closedir(dir);
    return n - 1; // the directory's own fd
}

long fd_limit() {
    rlimit r{};
    return getrlimit(RLIMIT_NOFILE, &r) == 0 ? long(r.rlim_cur) : -1;
}
} // namespace

void raise_fd_limit() {
    rlimit r{};
    if (getrlimit(RLIMIT_NOFILE, &r) != 0 || r.rlim_cur >= r.rlim_max) return;
    if (g_original_soft == 0) g_original_soft = r.rlim_cur;
    const rlim_t soft = r.rlim_cur;
    r.rlim_cur = r.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &r) == 0)
        wlr_log(WLR_DEBUG, "raised the soft fd limit from %llu to %llu", (unsigned long long)soft,
                (unsigned long long)r.rlim_max);
}

void restore_fd_limit() {
    rlimit r{};
    if (g_original_soft == 0 || getrlimit(RLIMIT_NOFILE, &r) != 0) return;
    r.rlim_cur = g_original_soft;
    setrlimit(RLIMIT_NOFILE, &r);
}

bool ListeningSocket::RateLimit::allow() {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (last.tv_sec != 0 && now.tv_sec - last.tv_sec < 1) {
        ++suppressed;
        return false;
    }
    last = now;
    return true;
}

ListeningSocket::ListeningSocket(wl_display* display, const std::string& name, const ShmRequestChecks& checks)
    : display_(display), checks_(checks) {
    std::string why;
    if (!name.empty()) {
        if (try_bind(name, &why) != Bind::Done)
            throw std::runtime_error("cannot listen on socket " + name + ": " + why);
    } else {
        Bind result = Bind::NameTaken;
        for (int n = 0; n <= kMaxDisplayNumber && result == Bind::NameTaken; ++n)
            result = try_bind("wayland-" + std::to_string(n), &why);
        if (result != Bind::Done) throw std::runtime_error("cannot create a Wayland socket: " + why);
    }
    reserve_.reset(open("/dev/null", O_RDONLY | O_CLOEXEC));
    wl_event_loop* loop = wl_display_get_event_loop(display_);
    source_ = wl_event_loop_add_fd(loop, fd_.get(), WL_EVENT_READABLE, &ListeningSocket::handle_readable, this);
    pause_timer_ = wl_event_loop_add_timer(loop, &ListeningSocket::handle_pause_end, this);
    if (!source_ || !pause_timer_ || !reserve_) {
        if (pause_timer_) wl_event_source_remove(pause_timer_);
        if (source_) wl_event_source_remove(source_);
        unlink(path_.c_str());
        unlink(lock_path_.c_str());
        throw std::runtime_error("cannot watch the Wayland socket " + path_ + ": " + std::strerror(errno));
    }
}

ListeningSocket::~ListeningSocket() {
    wl_event_source_remove(pause_timer_);
    wl_event_source_remove(source_);
    // What this object created (as libwayland does).
    unlink(path_.c_str());
    unlink(lock_path_.c_str());
}

ListeningSocket::Bind ListeningSocket::try_bind(const std::string& name, std::string* why) {
    std::string path = name;
    if (name[0] != '/') {
        const char* dir = std::getenv("XDG_RUNTIME_DIR");
        if (!dir || dir[0] != '/') {
            *why = "XDG_RUNTIME_DIR is not set (or not an absolute path)";
            return Bind::Failed;
        }
        path = std::string(dir) + "/" + name;
    }
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() + 1 > sizeof addr.sun_path) {
        *why = "the path " + path + " is longer than a socket address allows (108 bytes)";
        return Bind::Failed;
    }
    // The lock file says which compositor owns the name; a socket left by
    // one that died is replaced (libwayland's rule: if it is writable).
    const std::string lock_path = path + ".lock";
    Fd lock(open(lock_path.c_str(), O_CREAT | O_CLOEXEC | O_RDWR, S_IRUSR | S_IWUSR | S_IRGRP | S_IWGRP));
    if (!lock) {
        *why = "cannot open " + lock_path + ": " + std::strerror(errno);
        return Bind::NameTaken;
    }
    if (flock(lock.get(), LOCK_EX | LOCK_NB) != 0) {
        *why = "in use (" + lock_path + " is locked by another compositor)";
        return Bind::NameTaken;
    }
    struct stat st;
    if (lstat(path.c_str(), &st) == 0) {
        if (st.st_mode & (S_IWUSR | S_IWGRP)) unlink(path.c_str());
    } else if (errno != ENOENT) {
        *why = "cannot stat " + path + ": " + std::strerror(errno);
        return Bind::Failed;
    }
    Fd fd(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd) {
        *why = std::string("socket: ") + std::strerror(errno);
        return Bind::Failed;
    }
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    if (bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd.get(), kBacklog) != 0) {
        *why = "cannot bind " + path + ": " + std::strerror(errno);
        return Bind::Failed;
    }
    name_ = name;
    path_ = path;
    lock_path_ = lock_path;
    fd_ = std::move(fd);
    lock_fd_ = std::move(lock);
    return Bind::Done;
}

int ListeningSocket::handle_readable(int, uint32_t, void* data) {
    static_cast<ListeningSocket*>(data)->accept_one();
    return 0;
}

void ListeningSocket::accept_one() {
    Fd client(accept4(fd_.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (client) {
        admit(std::move(client));
        return;
    }
    switch (errno) {
    case EAGAIN:
    case EINTR:
    case ECONNABORTED:
        return;
    case EMFILE:
    case ENFILE:
        out_of_fds();
        return;
    default:
        // ENOBUFS, ENOMEM...: nothing this turn can fix; do not spin.
        if (error_log_.allow())
            wlr_log(WLR_ERROR, "accept on %s failed: %s; not accepting for %d ms", path_.c_str(),
                    std::strerror(errno), kPauseMs);
        pause();
    }
}

void ListeningSocket::out_of_fds() {
    reserve_.reset(); // one free slot, for the connection
    const bool log = fd_log_.allow();
    const int open_fds = log ? open_fd_count() : -1; // counted with the freed slot
    Fd newcomer(accept4(fd_.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (!newcomer) {
        const int err = errno;
        reserve_.reset(open("/dev/null", O_RDONLY | O_CLOEXEC));
        if (err == EAGAIN || err == ECONNABORTED) return;
        if (log)
            wlr_log(WLR_ERROR, "out of file descriptors (%s), even with the reserve: not accepting "
                    "for %d ms", std::strerror(err), kPauseMs);
        pause();
        return;
    }
    const pid_t pid = peer_pid(newcomer.get());
    int held = 0;
    wl_client* victim = checks_.largest_fd_holder(&held);
    if (victim && held >= kEvictHeldFds) {
        pid_t victim_pid = 0;
        wl_client_get_credentials(victim, &victim_pid, nullptr, nullptr);
        if (log)
            wlr_log(WLR_ERROR, "out of file descriptors (%d open, limit %ld): disconnecting client "
                    "pid %d, for which Shoji keeps %d of them (F_SEAL_SHRINK pools), to let client "
                    "pid %d in", open_fds, fd_limit(), int(victim_pid), held, int(pid));
        wl_client_post_no_memory(victim); // wl_display.no_memory: the server is out of resources
        wl_client_destroy(victim);
        ++evicted_;
        reserve_.reset(open("/dev/null", O_RDONLY | O_CLOEXEC));
        admit(std::move(newcomer));
    } else {
        if (log)
            wlr_log(WLR_ERROR, "out of file descriptors (%d open, limit %ld): refusing client pid %d "
                    "(%llu refused before it in the last second). No client makes Shoji keep "
                    "more than %d fds; libwayland holds the fds clients sent with requests "
                    "that take none (up to 1024 a connection), which Shoji cannot see",
                    open_fds, fd_limit(), int(pid), (unsigned long long)fd_log_.suppressed, held);
        if (log) fd_log_.suppressed = 0;
        newcomer.reset();
        ++refused_;
        reserve_.reset(open("/dev/null", O_RDONLY | O_CLOEXEC));
    }
    if (!reserve_) pause();
}

void ListeningSocket::admit(Fd fd) {
    const int clients = wl_list_length(wl_display_get_client_list(display_));
    if (clients >= kMaxClients) {
        if (limit_log_.allow()) {
            wlr_log(WLR_ERROR, "refusing client pid %d: %d clients are connected, Shoji's limit "
                    "(%llu refused before it in the last second)", int(peer_pid(fd.get())), clients,
                    (unsigned long long)limit_log_.suppressed);
            limit_log_.suppressed = 0;
        }
        ++refused_;
        return;
    }
    if (wl_client_create(display_, fd.get())) {
        fd.release(); // the client owns it now
        return;
    }
    if (error_log_.allow())
        wlr_log(WLR_ERROR, "cannot create a client for a new connection: %s", std::strerror(errno));
    ++refused_;
}

void ListeningSocket::pause() {
    if (paused_) return;
    paused_ = true;
    wl_event_source_fd_update(source_, 0);
    wl_event_source_timer_update(pause_timer_, kPauseMs);
}

int ListeningSocket::handle_pause_end(void* data) {
    auto* self = static_cast<ListeningSocket*>(data);
    self->paused_ = false;
    if (!self->reserve_) self->reserve_.reset(open("/dev/null", O_RDONLY | O_CLOEXEC));
    wl_event_source_fd_update(self->source_, WL_EVENT_READABLE);
    return 0;
}

} // namespace shoji
