#include "cli/session.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "cli/exit_status.hpp"
#include "util/png.hpp"

namespace shoji {

namespace {
constexpr int kKillGraceMs = 2000;

// Wayland sockets live in $XDG_RUNTIME_DIR. CI jobs (and root shells) often
// have none; like xvfb-run, make a private one for this session.
class RuntimeDir {
public:
    RuntimeDir() {
        const char* dir = std::getenv("XDG_RUNTIME_DIR");
        if (dir && *dir) return;
        char tmpl[] = "/tmp/shoji-runtime-XXXXXX";
        if (mkdtemp(tmpl)) {
            created_ = tmpl;
            setenv("XDG_RUNTIME_DIR", tmpl, 1);
        }
    }
    ~RuntimeDir() {
        if (created_.empty()) return;
        std::error_code ec;
        std::filesystem::remove_all(created_, ec);
    }
    RuntimeDir(const RuntimeDir&) = delete;
    RuntimeDir& operator=(const RuntimeDir&) = delete;

private:
    std::string created_;
};

struct Session {
    Server& server;
    const Options& options;
    pid_t child = -1;
    int child_status = 0;
    bool child_done = false;
    bool timed_out = false;
    bool stop = false;
    wl_event_source* kill_timer = nullptr;
    PixmanImage last_mapped; // the scene as last shown with a window mapped
};

void signal_child_group(pid_t child, int sig) {
    // The child leads its own process group, so shells' children go too.
    if (kill(-child, sig) != 0) kill(child, sig);
}

int on_sigchld(int, void* data) {
    auto* s = static_cast<Session*>(data);
    int status = 0;
    // Reap every child that exited (the command may have forked); note ours.
    for (;;) {
        const pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid <= 0) break;
        if (pid == s->child) {
            s->child_status = status;
            s->child_done = true;
            s->stop = true;
        }
    }
    return 0;
}

int on_stop_signal(int sig, void* data) {
    auto* s = static_cast<Session*>(data);
    if (s->child > 0 && !s->child_done) {
        signal_child_group(s->child, sig); // the command decides; we exit with its status
    } else {
        s->stop = true;
    }
    return 0;
}

int on_kill_timer(void* data) {
    auto* s = static_cast<Session*>(data);
    if (!s->child_done) signal_child_group(s->child, SIGKILL);
    return 0;
}

int on_timeout(void* data) {
    auto* s = static_cast<Session*>(data);
    if (s->child_done) return 0;
    s->timed_out = true;
    signal_child_group(s->child, SIGTERM);
    s->kill_timer = wl_event_loop_add_timer(s->server.event_loop(), on_kill_timer, s);
    wl_event_source_timer_update(s->kill_timer, kKillGraceMs);
    return 0;
}

pid_t spawn(const std::vector<std::string>& command, const std::string& socket) {
    const pid_t pid = fork();
    if (pid != 0) return pid;
    // Child: signals that the event loop blocked (it uses signalfd) must be
    // deliverable again in the command.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    setpgid(0, 0);
    setenv("WAYLAND_DISPLAY", socket.c_str(), 1);
    unsetenv("WAYLAND_SOCKET");
    std::vector<char*> argv;
    for (const std::string& a : command) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    const int err = errno;
    std::fprintf(stderr, "shoji: cannot run '%s': %s\n", argv[0], std::strerror(err));
    _exit(err == ENOENT ? kExitNotFound : kExitCannotRun);
}

// After the command exited its last requests may still be unread: process
// what is already waiting (bounded), so the screenshot shows its last commit.
void drain(Server& server) {
    pollfd pfd{wl_event_loop_get_fd(server.event_loop()), POLLIN, 0};
    for (int i = 0; i < 100 && poll(&pfd, 1, 0) > 0; ++i) server.dispatch(0);
}

bool write_screenshot(Session& s) {
    PixmanImage image = s.server.scene().mapped_count() > 0 || !s.last_mapped
                            ? s.server.snapshot()
                            : std::move(s.last_mapped);
    std::string error;
    if (!image || !write_png(s.options.screenshot, image.get(), &error)) {
        std::fprintf(stderr, "shoji: cannot write screenshot: %s\n",
                     image ? error.c_str() : "no output");
        return false;
    }
    if (s.options.verbose) std::fprintf(stderr, "shoji: screenshot written to %s\n", s.options.screenshot.c_str());
    return true;
}
} // namespace

int run_session(const Options& options) {
    wlr_log_init(options.verbose ? WLR_DEBUG : WLR_ERROR, nullptr);
    RuntimeDir runtime_dir;

    std::unique_ptr<Server> server;
    std::string socket;
    try {
        server = std::make_unique<Server>(options.server);
        socket = server->add_socket(options.socket);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "shoji: %s\n", e.what());
        return kExitShojiFailed;
    }

    Session s{*server, options};
    if (!options.screenshot.empty())
        server->scene().before_unmap = [&s] { s.last_mapped = s.server.snapshot(); };

    wl_event_loop* loop = server->event_loop();
    wl_event_source* sources[] = {
        wl_event_loop_add_signal(loop, SIGINT, on_stop_signal, &s),
        wl_event_loop_add_signal(loop, SIGTERM, on_stop_signal, &s),
        wl_event_loop_add_signal(loop, SIGCHLD, on_sigchld, &s),
    };
    wl_event_source* timeout_timer = nullptr;

    if (options.command.empty()) {
        std::printf("WAYLAND_DISPLAY=%s\n", socket.c_str());
        std::fflush(stdout);
    } else {
        if (options.verbose) std::fprintf(stderr, "shoji: WAYLAND_DISPLAY=%s\n", socket.c_str());
        s.child = spawn(options.command, socket);
        if (s.child < 0) {
            std::fprintf(stderr, "shoji: cannot fork: %s\n", std::strerror(errno));
            return kExitShojiFailed;
        }
        if (options.timeout) {
            timeout_timer = wl_event_loop_add_timer(loop, on_timeout, &s);
            wl_event_source_timer_update(timeout_timer, int(std::ceil(*options.timeout * 1000)));
        }
    }

    while (!s.stop) server->dispatch(-1);
    if (s.child > 0) drain(*server);

    int status = 0;
    if (s.child > 0) {
        if (s.timed_out) status = kExitTimeout;
        else if (WIFEXITED(s.child_status)) status = WEXITSTATUS(s.child_status);
        else if (WIFSIGNALED(s.child_status)) status = kExitSignalBase + WTERMSIG(s.child_status);
    }
    // Shoji's own failure wins over the command's status.
    if (!options.screenshot.empty() && !write_screenshot(s)) status = kExitShojiFailed;

    for (wl_event_source* src : sources) if (src) wl_event_source_remove(src);
    if (timeout_timer) wl_event_source_remove(timeout_timer);
    if (s.kill_timer) wl_event_source_remove(s.kill_timer);
    server->scene().before_unmap = nullptr;
    server.reset();
    return status;
}

} // namespace shoji
