#include "fuzz_session.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "fuzz_input.hpp"
#include "server.hpp"
#include "util/listener.hpp"
#include "wlr.hpp"

// wlr_output_send_frame is the backend side of wlroots' output interface:
// what a backend calls when it is time to draw. C-only, like every wlroots
// header (docs/design.md, “wlroots 0.15 quirks”).
extern "C" {
#define static
#include <wlr/interfaces/wlr_output.h>
#undef static
}

// LeakSanitizer, for every program that runs sessions: one leak that is not
// ours (tests/lsan.supp names it too). wlroots 0.15.1's wlr_global_destroy_safe
// (how an output's wl_output global goes) hides the global and destroys it
// from a 5 s timer; if the display is destroyed first, the timer's event
// source and its 16-byte data leak (later wlroots also listen for the
// display's destroy). Every Server that lives under 5 s leaks them once. Only
// that allocation site is named; the event source is reachable from it alone,
// so it goes with it. These hooks are unused without ASan.
extern "C" const char* __lsan_default_suppressions() { return "leak:wlr_global_destroy_safe\n"; }
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }

namespace shoji::fuzz {

namespace {

// Blocking dispatches (kDispatch with a timeout) per input, in milliseconds:
// enough for the 1000 Hz output to run frames, not enough to make a long
// input of kDispatch ops slow.
constexpr int kTimedDispatchBudgetMs = 2;
// Dispatches the server gets to notice that the client hung up.
constexpr int kHangupDispatches = 50;

class Reader {
public:
    Reader(const uint8_t* data, size_t size) : p_(data), left_(size) {}
    bool done() const { return left_ == 0; }
    uint8_t u8() { return uint8_t(take(1)); }
    uint16_t u16() { return uint16_t(take(2)); }
    uint32_t u32() { return uint32_t(take(4)); }
    // Up to n bytes, fewer at the end of the input.
    const uint8_t* bytes(size_t n, size_t* got) {
        *got = n < left_ ? n : left_;
        const uint8_t* at = p_;
        p_ += *got;
        left_ -= *got;
        return at;
    }

private:
    uint64_t take(size_t n) {
        uint64_t v = 0;
        for (size_t i = 0; i < n && left_; ++i, ++p_, --left_) v |= uint64_t(*p_) << (8 * i);
        return v;
    }
    const uint8_t* p_;
    size_t left_;
};

void quiet_logs() {
    static const bool once = [] {
        wlr_log_init(WLR_SILENT, nullptr);
        // Protocol errors are what the fuzzer does all day; do not print them.
        wl_log_set_handler_server([](const char*, va_list) {});
        return true;
    }();
    (void)once;
}

ServerConfig fuzz_config() {
    ServerConfig c;
    c.backend = Backend::Headless;
    c.output.width = 64;
    c.output.height = 64;
    c.output.refresh_hz = 1000;
    return c;
}

class Session {
public:
    explicit Session(SessionReport* report) : server_(fuzz_config()), report_(report) {
        int fds[2];
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) die("socketpair");
        sock_ = fds[1];
        client_ = wl_client_create(server_.display(), fds[0]); // owns fds[0] from here
        if (!client_) die("wl_client_create");
        client_gone_.set_callback([this](void*) { client_ = nullptr; });
        client_gone_.connect_client_destroy(client_);
    }

    ~Session() {
        client_gone_.disconnect();
        if (sock_ >= 0) close(sock_);
        for (int fd : memfds_) close(fd);
        for (int fd : other_fds_) close(fd);
        // server_ goes last (members in reverse order).
    }

    void run(const uint8_t* data, size_t size) {
        Reader in(data, size);
        while (!in.done() && client_) {
            switch (in.u8() % kOpCount) {
            case kRaw: {
                size_t n = 0;
                const uint8_t* p = in.bytes(in.u16(), &n);
                send_bytes(p, n);
                break;
            }
            case kMessage: {
                const uint32_t object = in.u32();
                const uint16_t opcode = in.u16();
                size_t n = 0;
                const uint8_t* args = in.bytes(in.u16(), &n);
                // The size field is 16 bits: a longer message cannot be said.
                if (n > 0xffff - 8) n = 0xffff - 8;
                std::vector<uint8_t> msg(8 + n);
                const uint32_t header[2] = {object, uint32_t(8 + n) << 16 | opcode};
                std::memcpy(msg.data(), header, 8);
                if (n) std::memcpy(msg.data() + 8, args, n);
                send_bytes(msg.data(), msg.size());
                break;
            }
            case kFd: {
                const uint8_t flags = in.u8();
                const uint32_t fd_size = in.u32() % (kMaxFdSize + 1);
                const uint8_t fill = in.u8();
                make_fd(flags, fd_size, fill);
                break;
            }
            case kTruncate: {
                const uint8_t index = in.u8();
                const uint32_t new_size = in.u32() % (kMaxFdSize + 1);
                // Fails on a sealed memfd, as it would for a real client.
                if (!memfds_.empty()) (void)!ftruncate(memfds_[index % memfds_.size()], off_t(new_size));
                break;
            }
            case kDispatch: {
                int ms = in.u8() % 3;
                if (ms > budget_ms_) ms = 0;
                budget_ms_ -= ms;
                dispatch(ms);
                break;
            }
            case kFrame:
                dispatch(0); // read what was written, so the frame sees it
                if (!client_) break;
                for (const auto& output : server_.outputs()) wlr_output_send_frame(output->wlr());
                dispatch(0);
                break;
            }
        }
        if (report_) report_->dropped = client_ == nullptr;

        // Let the server read what is still in the socket: on a hang-up
        // libwayland destroys the client without reading it.
        if (client_) dispatch(0);
        drain();
        shutdown(sock_, SHUT_RDWR);
        close(sock_);
        sock_ = -1;
        for (int i = 0; i < kHangupDispatches && client_; ++i) server_.dispatch(0);
        if (client_) {
            std::fprintf(stderr, "server_fuzzer: the server did not notice the client hang up after %d dispatches\n",
                         kHangupDispatches);
            std::abort();
        }
    }

private:
    [[noreturn]] static void die(const char* what) {
        std::fprintf(stderr, "server_fuzzer: %s: %s\n", what, std::strerror(errno));
        std::abort();
    }

    void dispatch(int timeout_ms) {
        server_.dispatch(timeout_ms);
        drain();
    }

    // Reads (and keeps, for the report) what the server sent, so its writes
    // never fail for a full socket; closes any fds that came with it.
    void drain() {
        for (;;) {
            uint8_t buf[4096];
            alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 253)];
            iovec iov{buf, sizeof buf};
            msghdr msg{};
            msg.msg_iov = &iov;
            msg.msg_iovlen = 1;
            msg.msg_control = control;
            msg.msg_controllen = sizeof control;
            const ssize_t n = recvmsg(sock_, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return;
            for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
                if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
                const size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                for (size_t i = 0; i < count; ++i) {
                    int fd;
                    std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
                    close(fd);
                }
            }
            if (report_) report_->events.insert(report_->events.end(), buf, buf + n);
        }
    }

    // Writes bytes to the server, the pending fds with the first of them.
    void send_bytes(const uint8_t* p, size_t n) {
        int stalls = 0;
        while (n > 0 && client_) {
            iovec iov{const_cast<uint8_t*>(p), n};
            msghdr msg{};
            msg.msg_iov = &iov;
            msg.msg_iovlen = 1;
            alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxFds)];
            if (!pending_.empty()) {
                const size_t len = sizeof(int) * pending_.size();
                msg.msg_control = control;
                msg.msg_controllen = CMSG_SPACE(len);
                cmsghdr* c = CMSG_FIRSTHDR(&msg);
                c->cmsg_level = SOL_SOCKET;
                c->cmsg_type = SCM_RIGHTS;
                c->cmsg_len = CMSG_LEN(len);
                std::memcpy(CMSG_DATA(c), pending_.data(), len);
            }
            const ssize_t sent = sendmsg(sock_, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
            if (sent < 0) {
                if (errno == EINTR) continue;
                // The server reads only when dispatched: let it, then retry.
                if (errno == EAGAIN && ++stalls < 100) {
                    dispatch(0);
                    continue;
                }
                return; // EPIPE etc.: the server has let go of us
            }
            pending_.clear(); // the kernel passed copies; ours stay for kTruncate
            p += sent;
            n -= size_t(sent);
        }
    }

    void make_fd(uint8_t flags, uint32_t size, uint8_t fill) {
        if (memfds_.size() + other_fds_.size() >= kMaxFds) return;
        if (flags & kFdPipe) {
            int p[2];
            if (pipe2(p, O_CLOEXEC) != 0) die("pipe2");
            other_fds_.push_back(p[0]);
            other_fds_.push_back(p[1]);
            pending_.push_back(p[0]);
            return;
        }
        const int fd = memfd_create("shoji-fuzz", MFD_CLOEXEC | MFD_ALLOW_SEALING);
        if (fd < 0) die("memfd_create");
        memfds_.push_back(fd);
        if (ftruncate(fd, off_t(size)) != 0) die("ftruncate");
        if ((flags & kFdFill) && size > 0) {
            const size_t n = size < kMaxFill ? size : kMaxFill;
            void* map = mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
            if (map == MAP_FAILED) die("mmap");
            std::memset(map, fill, n);
            munmap(map, n);
        }
        int seals = 0;
        if (flags & kFdSealShrink) seals |= F_SEAL_SHRINK;
        if (flags & kFdSealGrow) seals |= F_SEAL_GROW;
        if (flags & kFdSealWrite) seals |= F_SEAL_WRITE;
        if (seals && fcntl(fd, F_ADD_SEALS, seals) != 0) die("F_ADD_SEALS");
        pending_.push_back(fd);
    }

    Server server_;
    SessionReport* report_;
    int sock_ = -1;             // the client's end of the socketpair
    wl_client* client_ = nullptr;
    Listener client_gone_;
    std::vector<int> memfds_;   // every memfd made, in order (kTruncate's index)
    std::vector<int> other_fds_; // pipe ends
    std::vector<int> pending_;  // fds to send with the next write (owned above)
    int budget_ms_ = kTimedDispatchBudgetMs;
};

} // namespace

void run_session(const uint8_t* data, size_t size, SessionReport* report) {
    quiet_logs();
    Session session(report);
    session.run(data, size);
}

} // namespace shoji::fuzz
