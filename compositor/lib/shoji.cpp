// libshoji: the public API (lib/shoji/shoji.hpp) over the compositor library.
//
// The Server lives on a thread of its own, made, run and destroyed there: the
// compositor is single-threaded, and the caller's thread must be free to be a
// Wayland client of it. Every call is a task posted to that thread (a queue
// and an eventfd in the server's event loop) whose result the caller waits
// for; waits (wait_window, wait_idle) are the Controller's asynchronous ones,
// answered from the event loop.
#include "shoji/shoji.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

#include <dirent.h>
#include <wayland-client-core.h>

#include "control/controller.hpp"
#include "control/windows.hpp"
#include "listening_socket.hpp"
#include "server.hpp"
#include "util/fd.hpp"
#include "util/png.hpp"
#include "wlr.hpp"

namespace shoji {

namespace {

// launch()ed processes get this long after SIGTERM before SIGKILL, as the
// shoji executable gives its command.
constexpr int kKillGraceMs = 2000;

Window to_public(const WindowInfo& w) {
    Window out;
    out.id = w.id;
    out.app_id = w.app_id;
    out.title = w.title;
    out.x = w.x;
    out.y = w.y;
    out.width = w.width;
    out.height = w.height;
    out.mapped = w.mapped;
    out.activated = w.activated;
    out.focused = w.focused;
    out.output = w.output;
    out.pid = w.pid;
    return out;
}

std::optional<WindowSelector> selector(const std::string& spec) {
    if (spec.empty()) return std::nullopt;
    std::string error;
    auto s = WindowSelector::parse(spec, &error);
    if (!s) throw Error(error);
    return s;
}

void check(const Controller::Status& status) {
    if (!status.ok()) throw Error(status.error);
}

Controller::Button to_internal(Button b) {
    switch (b) {
    case Button::Middle: return Controller::Button::Middle;
    case Button::Right: return Controller::Button::Right;
    case Button::Left: break;
    }
    return Controller::Button::Left;
}

int timeout_ms(double timeout_s) {
    if (!(timeout_s > 0) || timeout_s > 3600) throw Error("timeout must be more than 0 and at most 3600 s");
    return std::max(1, int(std::ceil(timeout_s * 1000)));
}

// Premultiplied x8r8g8b8 / a8r8g8b8 (what the output shows) to straight RGBA.
Image to_image(pixman_image_t* image) {
    Image out;
    out.width = pixman_image_get_width(image);
    out.height = pixman_image_get_height(image);
    out.rgba.resize(size_t(out.width) * size_t(out.height) * 4);
    const bool has_alpha = pixman_image_get_format(image) == PIXMAN_a8r8g8b8;
    const auto* base = reinterpret_cast<const uint8_t*>(pixman_image_get_data(image));
    const size_t stride = size_t(pixman_image_get_stride(image));
    uint8_t* dst = out.rgba.data();
    for (int y = 0; y < out.height; ++y) {
        const auto* row = reinterpret_cast<const uint32_t*>(base + size_t(y) * stride);
        for (int x = 0; x < out.width; ++x, dst += 4) {
            const uint32_t p = row[x];
            const uint32_t a = has_alpha ? p >> 24 : 0xff;
            const uint32_t c[3] = {(p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff};
            for (int i = 0; i < 3; ++i) dst[i] = uint8_t(a == 0 ? 0 : a == 0xff ? c[i] : (c[i] * 255 + a / 2) / a);
            dst[3] = uint8_t(a);
        }
    }
    return out;
}

// Removes what clients may have left in the runtime directory (sockets,
// lock files; not subdirectories: nothing Shoji makes has any), then it.
void remove_runtime_dir(const std::string& path) {
    if (DIR* d = opendir(path.c_str())) {
        while (dirent* e = readdir(d)) {
            const std::string name = e->d_name;
            if (name != "." && name != "..") unlinkat(dirfd(d), name.c_str(), 0);
        }
        closedir(d);
    }
    rmdir(path.c_str());
}

} // namespace

std::string version() { return SHOJI_VERSION; }

uint32_t Image::argb(int x, int y) const {
    if (x < 0 || y < 0 || x >= width || y >= height) throw Error("pixel out of the image");
    const uint8_t* p = rgba.data() + (size_t(y) * size_t(width) + size_t(x)) * 4;
    return uint32_t(p[3]) << 24 | uint32_t(p[0]) << 16 | uint32_t(p[1]) << 8 | p[2];
}

struct Compositor::Impl {
    std::string runtime_dir, socket;

    // The server thread's own: made, used and destroyed there only.
    std::unique_ptr<Server> server;
    std::unique_ptr<Controller> controller;
    std::vector<std::unique_ptr<Controller::Pending>> waits;
    bool stop = false;

    std::thread thread;
    Fd wake;  // eventfd: tasks are queued
    wl_event_source* wake_source = nullptr;
    std::mutex mutex;  // guards tasks
    std::deque<std::function<void()>> tasks;
    std::mutex call_mutex; // one call at a time
    std::mutex launched_mutex; // guards launched
    std::vector<pid_t> launched;

    // Runs `task` on the server thread; returns once it has run.
    void run(std::function<void()> task) {
        std::lock_guard<std::mutex> call(call_mutex);
        std::promise<void> done;
        auto future = done.get_future();
        post([&] {
            try {
                task();
                done.set_value();
            } catch (...) {
                done.set_exception(std::current_exception());
            }
        });
        future.get();
    }

    void post(std::function<void()> task) {
        {
            std::lock_guard<std::mutex> lock(mutex);
            tasks.push_back(std::move(task));
        }
        const uint64_t one = 1;
        while (write(wake.get(), &one, sizeof one) < 0 && errno == EINTR) {}
    }

    static int handle_wake(int fd, uint32_t, void* data) {
        auto* self = static_cast<Impl*>(data);
        uint64_t count;
        while (read(fd, &count, sizeof count) < 0 && errno == EINTR) {}
        std::deque<std::function<void()>> now;
        {
            std::lock_guard<std::mutex> lock(self->mutex);
            now.swap(self->tasks);
        }
        for (auto& t : now) t();
        return 0;
    }

    // The thread: make the server, answer `started`, serve until stopped.
    void serve(const CompositorOptions& options, std::promise<void>* started) {
        try {
            ServerConfig config;
            config.backend = Backend::Headless;
            config.output.width = options.width;
            config.output.height = options.height;
            config.output.scale120 = options.scale * kScaleUnit; // the library API keeps whole scales
            config.output.refresh_hz = options.refresh_hz;
            server = std::make_unique<Server>(config);
            // An absolute name: the socket goes there, $XDG_RUNTIME_DIR is not read.
            server->add_socket(runtime_dir + "/wayland-0");
            socket = server->sockets().back()->path();
            controller = std::make_unique<Controller>(*server);
            wake_source = wl_event_loop_add_fd(server->event_loop(), wake.get(), WL_EVENT_READABLE, handle_wake, this);
            if (!wake_source) throw Error("cannot watch the eventfd of the compositor thread");
        } catch (const std::exception& e) {
            teardown();
            started->set_exception(std::make_exception_ptr(Error(std::string("cannot start the compositor: ") + e.what())));
            return;
        }
        started->set_value();
        while (!stop) server->dispatch(-1);
        teardown();
    }

    void teardown() {
        waits.clear();
        controller.reset();
        if (wake_source) wl_event_source_remove(wake_source);
        wake_source = nullptr;
        server.reset();
    }

    // Runs a Controller wait on the server thread and blocks until it answers.
    template <typename Start>
    void wait(Start start) {
        std::lock_guard<std::mutex> call(call_mutex);
        std::promise<void> done;
        auto future = done.get_future();
        post([&] {
            try {
                waits.push_back(start([&done](const Controller::Status& s) {
                    if (s.ok()) done.set_value();
                    else done.set_exception(std::make_exception_ptr(Error(s.error)));
                }));
            } catch (...) {
                done.set_exception(std::current_exception());
            }
        });
        future.wait();
        // The wait has answered: drop it (not from inside its own callback).
        std::promise<void> cleared;
        post([&] {
            waits.clear();
            cleared.set_value();
        });
        cleared.get_future().get();
        future.get();
    }
};

Compositor::Compositor(const CompositorOptions& options) : impl_(std::make_unique<Impl>()) {
    wlr_log_init(options.verbose ? WLR_DEBUG : WLR_ERROR, nullptr);
    // Shoji's listening socket raises the fd limit; the server also needs a
    // path under 108 bytes, which a mkdtemp under a sane $TMPDIR gives.
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp == '/' ? tmp : "/tmp") + "/shoji-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (!mkdtemp(buf.data()))
        throw Error("cannot make a runtime directory from " + pattern + ": " + std::strerror(errno));
    impl_->runtime_dir = buf.data(); // mkdtemp makes it 0700

    impl_->wake = Fd(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!impl_->wake) {
        const int e = errno;
        remove_runtime_dir(impl_->runtime_dir);
        throw Error(std::string("cannot make an eventfd: ") + std::strerror(e));
    }
    std::promise<void> started;
    auto future = started.get_future();
    impl_->thread = std::thread([this, options, &started] { impl_->serve(options, &started); });
    try {
        future.get();
    } catch (...) {
        impl_->thread.join();
        remove_runtime_dir(impl_->runtime_dir);
        throw;
    }
}

Compositor::~Compositor() {
    // The launched processes first, while the server still answers them
    // (a client blocked on a roundtrip would not see SIGTERM otherwise).
    for (pid_t pid : impl_->launched) kill(-pid, SIGTERM);
    for (pid_t pid : impl_->launched) {
        const int pidfd = int(syscall(SYS_pidfd_open, pid, 0));
        if (pidfd >= 0) {
            pollfd p{pidfd, POLLIN, 0};
            if (poll(&p, 1, kKillGraceMs) <= 0) kill(-pid, SIGKILL);
            ::close(pidfd);
        } else {
            kill(-pid, SIGKILL);
        }
        while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {}
    }
    impl_->post([this] { impl_->stop = true; });
    impl_->thread.join();
    remove_runtime_dir(impl_->runtime_dir);
}

const std::string& Compositor::runtime_dir() const { return impl_->runtime_dir; }
const std::string& Compositor::wayland_display() const { return impl_->socket; }

std::vector<std::string> Compositor::environment() const {
    return {"XDG_RUNTIME_DIR=" + impl_->runtime_dir, "WAYLAND_DISPLAY=" + impl_->socket};
}

wl_display* Compositor::connect() {
    wl_display* d = wl_display_connect(impl_->socket.c_str());
    if (!d) throw Error("cannot connect to " + impl_->socket + ": " + std::strerror(errno));
    return d;
}

int Compositor::launch(const std::vector<std::string>& argv) {
    if (argv.empty()) throw Error("launch: no command");
    // Everything the child needs, made before fork (no allocation after it).
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) {
        const std::string kv = *e;
        const std::string key = kv.substr(0, kv.find('='));
        if (key != "XDG_RUNTIME_DIR" && key != "WAYLAND_DISPLAY" && key != "WAYLAND_SOCKET") env_strings.push_back(kv);
    }
    for (const std::string& kv : environment()) env_strings.push_back(kv);
    std::vector<char*> envp, args;
    for (auto& s : env_strings) envp.push_back(const_cast<char*>(s.c_str()));
    envp.push_back(nullptr);
    for (auto& s : argv) args.push_back(const_cast<char*>(s.c_str()));
    args.push_back(nullptr);

    const pid_t pid = fork();
    if (pid < 0) throw Error(std::string("launch: cannot fork: ") + std::strerror(errno));
    if (pid == 0) {
        setpgid(0, 0);
        restore_fd_limit();
        execvpe(args[0], args.data(), envp.data());
        const int code = errno == ENOENT ? 127 : 126;
        const char* why = std::strerror(errno);
        (void)!write(2, "shoji: cannot run ", 18);
        (void)!write(2, args[0], std::strlen(args[0]));
        (void)!write(2, ": ", 2);
        (void)!write(2, why, std::strlen(why));
        (void)!write(2, "\n", 1);
        _exit(code);
    }
    setpgid(pid, pid); // also here: no race with a kill(-pid) before the child ran
    std::lock_guard<std::mutex> lock(impl_->launched_mutex);
    impl_->launched.push_back(pid);
    return pid;
}

int Compositor::wait_exit(int pid, double timeout_s) {
    const int ms = timeout_ms(timeout_s);
    {
        std::lock_guard<std::mutex> lock(impl_->launched_mutex);
        if (std::find(impl_->launched.begin(), impl_->launched.end(), pid) == impl_->launched.end())
            throw Error("wait_exit: " + std::to_string(pid) + " is not a launched process");
    }
    const int pidfd = int(syscall(SYS_pidfd_open, pid, 0));
    if (pidfd < 0) throw Error(std::string("wait_exit: pidfd_open: ") + std::strerror(errno));
    pollfd p{pidfd, POLLIN, 0};
    int ready;
    while ((ready = poll(&p, 1, ms)) < 0 && errno == EINTR) {}
    ::close(pidfd);
    if (ready <= 0) throw Error("process " + std::to_string(pid) + " did not exit within " + std::to_string(ms) + " ms");
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    {
        std::lock_guard<std::mutex> lock(impl_->launched_mutex);
        auto& l = impl_->launched;
        l.erase(std::remove(l.begin(), l.end(), pid), l.end());
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::vector<Window> Compositor::windows() {
    std::vector<Window> out;
    impl_->run([&] {
        for (const WindowInfo& w : impl_->controller->windows()) out.push_back(to_public(w));
    });
    return out;
}

Window Compositor::wait_window(const WindowMatch& match, double timeout_s) {
    const int ms = timeout_ms(timeout_s);
    Window found;
    impl_->wait([&](std::function<void(const Controller::Status&)> done) {
        return impl_->controller->wait_window({match.app_id, match.title}, ms,
                                              [&found, done](Controller::Status s, const WindowInfo& w) {
                                                  if (s.ok()) found = to_public(w);
                                                  done(s);
                                              });
    });
    return found;
}

void Compositor::wait_idle(int quiet_ms, double timeout_s) {
    const int ms = timeout_ms(timeout_s);
    if (quiet_ms < 1 || quiet_ms > 600000) throw Error("quiet_ms must be 1 to 600000");
    impl_->wait([&](std::function<void(const Controller::Status&)> done) {
        return impl_->controller->wait_idle(quiet_ms, ms, [done](Controller::Status s) { done(s); });
    });
}

void Compositor::pointer(double x, double y, const std::string& window) {
    const auto w = selector(window);
    impl_->run([&] { check(impl_->controller->pointer({x, y}, w)); });
}

void Compositor::click(double x, double y, const std::string& window, Button button, int count) {
    const auto w = selector(window);
    impl_->run([&] { check(impl_->controller->click(Controller::Point{x, y}, w, to_internal(button), count)); });
}

void Compositor::click(const std::string& window, Button button, int count) {
    const auto w = selector(window);
    impl_->run([&] { check(impl_->controller->click(std::nullopt, w, to_internal(button), count)); });
}

void Compositor::scroll(double dx, double dy, const std::string& window) {
    const auto w = selector(window);
    impl_->run([&] { check(impl_->controller->scroll(dx, dy, w)); });
}

void Compositor::pointer_by(double dx, double dy) {
    impl_->run([&] { check(impl_->controller->pointer_by(dx, dy)); });
}

void Compositor::touch_down(int id, double x, double y, const std::string& window) {
    if (id < 0) throw Error("touch point id " + std::to_string(id) + " is negative");
    const auto w = selector(window);
    impl_->run([&] { check(impl_->controller->touch(Controller::TouchPhase::Down, id, {x, y}, w)); });
}

void Compositor::touch_move(int id, double x, double y, const std::string& window) {
    if (id < 0) throw Error("touch point id " + std::to_string(id) + " is negative");
    const auto w = selector(window);
    impl_->run([&] { check(impl_->controller->touch(Controller::TouchPhase::Move, id, {x, y}, w)); });
}

void Compositor::touch_up(int id) {
    impl_->run([&] { check(impl_->controller->touch(Controller::TouchPhase::Up, id, {}, std::nullopt)); });
}

void Compositor::key(const std::vector<std::string>& combos) {
    impl_->run([&] { check(impl_->controller->key(combos)); });
}

void Compositor::type(const std::string& text) {
    impl_->run([&] { check(impl_->controller->type(text)); });
}

void Compositor::focus(const std::string& window) {
    const auto w = selector(window);
    if (!w) throw Error("focus: no window");
    impl_->run([&] { check(impl_->controller->focus(*w)); });
}

void Compositor::close(const std::string& window) {
    const auto w = selector(window);
    if (!w) throw Error("close: no window");
    impl_->run([&] { check(impl_->controller->close(*w)); });
}

Image Compositor::snapshot() {
    Image out;
    impl_->run([&] {
        PixmanImage shown = impl_->server->snapshot();
        if (!shown) throw Error("snapshot: no output");
        out = to_image(shown.get());
    });
    return out;
}

void Compositor::screenshot(const std::string& path, const std::string& window) {
    const auto w = selector(window);
    impl_->run([&] { check(impl_->controller->screenshot(path, w)); });
}

} // namespace shoji
