// ctl_fuzzer: libFuzzer target for the control socket of `shoji ctl`
// (compositor/control/). Each input is what one peer writes to the socket:
// lines of the control protocol (JSON requests, or anything), sent one line
// at a time with a dispatch, an output frame and the replies read between
// them. A client with a mapped toplevel (app id and title "fuzz", with a
// pointer and a keyboard) is there for the verbs to act on; it reads its
// events. Crashes, sanitizer reports, a connection the server does not close
// when the peer goes, and state left behind (check_reset) are findings.
//
// One server, Controller and ControlSocket serve every input, restarted
// every kRestartEvery inputs, as for server_fuzzer; SHOJI_FUZZ_FRESH=1 and
// the replay program (-DSHOJI_FUZZ_REPLAY_MAIN) start them anew per input.
//
// `screenshot` writes a file: a line whose "path" is a string is sent with
// that path replaced by one in the target's scratch directory, so that no
// input writes anywhere else.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "control/control_socket.hpp"
#include "control/controller.hpp"
#include "fuzz_input.hpp"
#include "fuzz_session.hpp"
#include "wlr.hpp"

extern "C" {
#define static
#include <wlr/interfaces/wlr_output.h>
#undef static
}

namespace shoji::fuzz {
namespace {

// Dispatches the server gets to close a connection whose peer hung up.
constexpr int kHangupDispatches = 50;
// Times a write that the socket does not take is retried, a dispatch apart
// (the server stops reading while a wait is pending): then the rest of the
// input is dropped.
constexpr int kWriteStalls = 20;

// The window the verbs act on, as a kRequest session (fuzz_input.hpp).
// Objects: 0 display, 1 registry, 2 wl_compositor, 3 wl_shm, 4 xdg_wm_base,
// 5 wl_seat, 6 pointer, 7 keyboard, 8 surface, 9 xdg_surface, 10 toplevel,
// 11 pool, 12 buffer.
std::vector<uint8_t> window_session() {
    InputWriter w;
    w.request(0, WL_DISPLAY_GET_REGISTRY, RequestArgs().new_id());
    w.dispatch(0);
    w.request(1, WL_REGISTRY_BIND, RequestArgs().bind(0, 3)); // wl_compositor v4
    w.request(1, WL_REGISTRY_BIND, RequestArgs().bind(2, 0)); // wl_shm v1
    w.request(1, WL_REGISTRY_BIND, RequestArgs().bind(3, 0)); // xdg_wm_base v1
    w.request(1, WL_REGISTRY_BIND, RequestArgs().bind(4, 4)); // wl_seat v5
    w.request(5, WL_SEAT_GET_POINTER, RequestArgs().new_id());
    w.request(5, WL_SEAT_GET_KEYBOARD, RequestArgs().new_id());
    w.request(2, WL_COMPOSITOR_CREATE_SURFACE, RequestArgs().new_id());
    w.request(4, 2 /* get_xdg_surface */, RequestArgs().new_id().obj(0));
    w.request(9, 1 /* get_toplevel */, RequestArgs().new_id());
    w.request(10, 2 /* set_title */, RequestArgs().str("fuzz"));
    w.request(10, 3 /* set_app_id */, RequestArgs().str("fuzz"));
    w.request(8, WL_SURFACE_COMMIT, RequestArgs());
    w.dispatch(0);
    w.request(9, 4 /* ack_configure */, RequestArgs().serial(0));
    w.request(3, WL_SHM_CREATE_POOL, RequestArgs().new_id().fd(64 * 64 * 4, kFdFill, 0x80).i(64 * 64 * 4));
    w.request(11, WL_SHM_POOL_CREATE_BUFFER,
              RequestArgs().new_id().small(0).u16(64).u16(64).u16(256).u(WL_SHM_FORMAT_ARGB8888));
    w.request(8, WL_SURFACE_ATTACH, RequestArgs().obj(0).small(0).small(0));
    w.request(8, WL_SURFACE_DAMAGE_BUFFER, RequestArgs().small(0).small(0).u16(64).u16(64));
    w.request(8, WL_SURFACE_COMMIT, RequestArgs());
    w.frame();
    return w.bytes();
}

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "ctl_fuzzer: %s: %s\n", what, std::strerror(errno));
    std::abort();
}

class CtlTarget {
public:
    CtlTarget() {
        char dir[] = "/tmp/shoji-ctl-fuzz-XXXXXX";
        if (!mkdtemp(dir)) die("mkdtemp");
        dir_ = dir;
        start();
    }
    ~CtlTarget() {
        stop();
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }

    void run(const uint8_t* data, size_t size) {
        if (runs_ > 0 && runs_ % PersistentServer::kRestartEvery == 0) {
            stop();
            start();
        }
        ++runs_;
        {
            Session window(*server_);
            const std::vector<uint8_t> w = window_session();
            window.feed(w.data(), w.size());
            peer(window, data, size);
            window.finish();
        }
        check_reset(*server_, "ctl_fuzzer");
    }

private:
    void start() {
        server_ = make_fuzz_server();
        controller_ = std::make_unique<Controller>(*server_);
        controller_->on_quit = [] {}; // `quit` ends nothing here
        socket_ = std::make_unique<ControlSocket>(*controller_, server_->event_loop(), dir_ + "/ctl");
    }
    void stop() {
        socket_.reset();
        controller_.reset();
        server_.reset();
    }

    // One peer's connection: the input's lines, one at a time.
    void peer(Session& window, const uint8_t* data, size_t size) {
        const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0) die("socket");
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        const std::string path = socket_->path();
        std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
        if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) die("connect");
        turn(window, fd);

        size_t at = 0;
        bool stalled = false;
        while (at < size && !stalled) {
            const uint8_t* nl = static_cast<const uint8_t*>(std::memchr(data + at, '\n', size - at));
            const size_t end = nl ? size_t(nl - data) + 1 : size;
            std::string line(reinterpret_cast<const char*>(data + at), end - at);
            at = end;
            confine_paths(line);
            const char* p = line.data();
            size_t left = line.size();
            int stalls = 0;
            while (left > 0) {
                const ssize_t n = send(fd, p, left, MSG_NOSIGNAL | MSG_DONTWAIT);
                if (n < 0 && errno == EINTR) continue;
                if (n < 0 && errno == EAGAIN && ++stalls < kWriteStalls) {
                    turn(window, fd);
                    continue;
                }
                if (n < 0) {
                    stalled = true; // not read (a wait pending), or closed: the rest stays unsaid
                    break;
                }
                p += n;
                left -= size_t(n);
            }
            turn(window, fd);
        }
        close(fd);
        for (int i = 0; i < kHangupDispatches && socket_->connections() > 0; ++i) {
            server_->dispatch(0);
            window.pump();
        }
        if (socket_->connections() > 0) {
            std::fprintf(stderr, "ctl_fuzzer: the control socket kept a connection whose peer hung up\n");
            std::abort();
        }
    }

    // A dispatch, an output frame (waits end on frames), the window's events
    // and the replies read.
    void turn(Session& window, int fd) {
        server_->dispatch(0);
        window.pump();
        for (const auto& output : server_->outputs()) wlr_output_send_frame(output->wlr());
        server_->dispatch(0);
        window.pump();
        char buf[4096];
        while (recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0) {
        }
    }

    // A "path" that is a string becomes a file in our directory.
    void confine_paths(std::string& line) const {
        using json = nlohmann::json;
        if (line.find("path") == std::string::npos && line.find("\\u") == std::string::npos) return;
        const bool newline = !line.empty() && line.back() == '\n';
        json request;
        try {
            request = json::parse(newline ? line.substr(0, line.size() - 1) : line);
        } catch (const json::exception&) {
            return; // the server cannot parse it either
        }
        if (!request.is_object() || !request.contains("path") || !request["path"].is_string()) return;
        request["path"] = dir_ + "/shot.png";
        try {
            line = request.dump() + (newline ? "\n" : "");
        } catch (const json::exception&) {
            line = newline ? "\n" : ""; // (invalid UTF-8 elsewhere): not sent
        }
    }

    std::string dir_;
    std::unique_ptr<Server> server_;
    std::unique_ptr<Controller> controller_;
    std::unique_ptr<ControlSocket> socket_;
    uint64_t runs_ = 0;
};

} // namespace
} // namespace shoji::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using shoji::fuzz::CtlTarget;
#ifdef SHOJI_FUZZ_REPLAY_MAIN
    CtlTarget().run(data, size); // a fresh server for each input
#else
    static const bool fresh = [] {
        const char* e = std::getenv("SHOJI_FUZZ_FRESH");
        return e && std::strcmp(e, "1") == 0;
    }();
    if (fresh) {
        CtlTarget().run(data, size);
    } else {
        static CtlTarget persistent; // removes its directory at exit
        persistent.run(data, size);
    }
#endif
    return 0;
}
