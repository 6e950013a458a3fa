#include "cli/session.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

#include "cli/command.hpp"
#include "cli/exit_status.hpp"
#include "cli/runtime_dir.hpp"
#include "cli/xwayland.hpp"
#include "control/control_socket.hpp"
#include "control/controller.hpp"
#include "observe/damage_frames.hpp"
#include "observe/event_log.hpp"
#include "observe/trace.hpp"
#include "util/png.hpp"

namespace shoji {

namespace {
// After SIGTERM, what is left of the command gets this long before SIGKILL
// (as timeout(1) -k); after SIGKILL, this long to be reaped before Shoji
// exits anyway (a process stuck in the kernel cannot be waited for).
constexpr int kKillGraceMs = 2000;
constexpr int kReapGraceMs = 1000;

enum class Ending { None, Term, Kill, GaveUp };

struct Session {
    Server& server;
    const Options& options;
    Command command;
    bool stop = false;
    bool timed_out = false;
    bool idle = false;          // --until idle was reached
    bool ever_mapped = false;   // some window was mapped at some point
    Ending ending = Ending::None;
    wl_event_source* end_timer = nullptr;
    PixmanImage last_mapped;    // the scene as last shown with a window mapped
    EventLog* events = nullptr; // --events
    std::unique_ptr<IdleWatch::Wait> idle_wait;
    bool idle_fired = false;
};

int on_sigchld(int, void* data) {
    auto* s = static_cast<Session*>(data);
    s->command.reap();
    if (s->command.exited()) s->stop = true;
    // While ending: descendants orphaned since get the same signal.
    if (s->ending == Ending::Term) s->command.signal_all(SIGTERM);
    if (s->ending == Ending::Kill) s->command.signal_all(SIGKILL);
    return 0;
}

int on_stop_signal(int sig, void* data) {
    auto* s = static_cast<Session*>(data);
    if (s->ending == Ending::Term) {
        // Asked again while ending: SIGKILL now, not after the grace time.
        s->ending = Ending::Kill;
        s->command.signal_all(SIGKILL);
        wl_event_source_timer_update(s->end_timer, kReapGraceMs);
    } else if (s->ending != Ending::None) {
        // Already killed: waiting for the kernel.
    } else if (s->command.started() && !s->command.exited()) {
        s->command.signal_group(sig); // the command decides; we exit with its status
    } else {
        s->stop = true;
    }
    return 0;
}

int on_timeout(void* data) {
    auto* s = static_cast<Session*>(data);
    s->timed_out = true;
    s->stop = true;
    return 0;
}

// After the command exited its last requests may still be unread: process
// what is already waiting (bounded), so the screenshot shows its last commit.
void drain(Server& server) {
    pollfd pfd{wl_event_loop_get_fd(server.event_loop()), POLLIN, 0};
    for (int i = 0; i < 100 && poll(&pfd, 1, 0) > 0; ++i) server.dispatch(0);
}

// --screenshot's image now: the whole layout, or --screenshot-output's
// output (null and `error` if there is no such output).
PixmanImage screenshot_now(Session& s, std::string* error) {
    const Output* only = nullptr;
    if (!s.options.screenshot_output.empty()) {
        only = s.server.find_output(s.options.screenshot_output);
        if (!only) {
            std::string names;
            for (const auto& o : s.server.outputs()) names += std::string(names.empty() ? "" : ", ") + o->wlr()->name;
            *error = "there is no output '" + s.options.screenshot_output + "' (outputs: " + names + ")";
            return nullptr;
        }
    }
    PixmanImage image = s.server.capture(only).image;
    if (!image) *error = "no output";
    return image;
}

bool write_screenshot(Session& s) {
    if (!s.ever_mapped && !s.options.allow_empty) {
        std::fprintf(stderr, "shoji: no window was mapped, so there is nothing to capture in %s"
                             " (--allow-empty writes the background)\n", s.options.screenshot.c_str());
        return false;
    }
    std::string error;
    PixmanImage image = s.server.scene().mapped_count() > 0 || !s.last_mapped ? screenshot_now(s, &error)
                                                                              : std::move(s.last_mapped);
    const int32_t width = image ? pixman_image_get_width(image.get()) : 0;
    const int32_t height = image ? pixman_image_get_height(image.get()) : 0;
    if (!image || !write_png(s.options.screenshot, std::move(image), &error)) {
        std::fprintf(stderr, "shoji: cannot write the screenshot: %s\n", error.c_str());
        return false;
    }
    if (s.events) s.events->screenshot(s.options.screenshot, width, height);
    if (s.options.verbose) std::fprintf(stderr, "shoji: screenshot written to %s\n", s.options.screenshot.c_str());
    return true;
}

// --until idle: wait for idle while a window is mapped (re-armed if it comes
// while none is).
void watch_idle(Session& s) {
    if (s.idle_fired) {
        s.idle_fired = false;
        s.idle_wait.reset();
        if (s.server.scene().mapped_count() > 0) {
            s.idle = true;
            s.stop = true;
            return;
        }
    }
    if (!s.idle_wait && s.server.scene().mapped_count() > 0)
        s.idle_wait = s.server.idle().when_idle(int(*s.options.until_idle_ms), [&s] { s.idle_fired = true; });
}

int on_end_timer(void* data) {
    auto* s = static_cast<Session*>(data);
    if (s->ending == Ending::Term) {
        s->ending = Ending::Kill;
        s->command.signal_all(SIGKILL);
        wl_event_source_timer_update(s->end_timer, kReapGraceMs);
    } else {
        s->ending = Ending::GaveUp;
    }
    return 0;
}

// Ends whatever is left of the command: SIGTERM, SIGKILL after
// kKillGraceMs, and returns once all of it is reaped (or kReapGraceMs later).
void end_command(Session& s) {
    s.command.reap();
    if (!s.command.descendants_left()) return;
    s.end_timer = wl_event_loop_add_timer(s.server.event_loop(), on_end_timer, &s);
    s.ending = Ending::Term;
    s.command.signal_all(SIGTERM);
    wl_event_source_timer_update(s.end_timer, kKillGraceMs);
    while (s.command.descendants_left() && s.ending != Ending::GaveUp) s.server.dispatch(-1);
    wl_event_source_remove(s.end_timer);
    s.end_timer = nullptr;
    if (s.command.descendants_left())
        std::fprintf(stderr, "shoji: a process of the command is still there %d ms after SIGKILL\n", kReapGraceMs);
}

// WAYLAND_DISPLAY=... and SHOJI_CTL=... (and DISPLAY=... with --xwayland),
// one per line.
std::string address_lines(const RuntimeDir& dir, const std::string& socket, const ControlSocket& control,
                          const std::string& x_display) {
    std::string lines = "WAYLAND_DISPLAY=" + dir.path() + "/" + socket + "\nSHOJI_CTL=" + control.path() + "\n";
    if (!x_display.empty()) lines += "DISPLAY=" + x_display + "\n";
    return lines;
}

bool write_all(int fd, const std::string& text) {
    for (size_t done = 0; done < text.size();) {
        const ssize_t n = write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += size_t(n);
    }
    return true;
}

// --damage-frames DIR: made if missing (its parent must exist), and a
// directory we can write to; else one line on stderr naming it and why.
bool prepare_frames_dir(const std::string& dir) {
    struct stat st;
    if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
        std::fprintf(stderr, "shoji: cannot create the --damage-frames directory %s: %s\n", dir.c_str(),
                     std::strerror(errno));
        return false;
    }
    if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        std::fprintf(stderr, "shoji: cannot write the damage frames to %s: not a directory\n", dir.c_str());
        return false;
    }
    if (access(dir.c_str(), W_OK | X_OK) != 0) {
        std::fprintf(stderr, "shoji: cannot write the damage frames to %s: %s\n", dir.c_str(), std::strerror(errno));
        return false;
    }
    return true;
}

int exit_status(const Session& s) {
    if (!s.command.started() || s.idle) return 0;
    if (s.timed_out) return kExitTimeout;
    const int status = s.command.status();
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return kExitSignalBase + WTERMSIG(status);
    return 0;
}
} // namespace

int run_session(const Options& options) {
    // Before anything opens a file: fd N must be the caller's, not ours.
    if (options.ready_fd && fcntl(*options.ready_fd, F_GETFD) < 0) {
        std::fprintf(stderr, "shoji: --ready-fd %d is not an open file descriptor\n", *options.ready_fd);
        return kExitUsage;
    }
    // No child may hold it open (Xwayland starts before it is closed): the
    // reader's EOF comes when Shoji closes it.
    if (options.ready_fd) fcntl(*options.ready_fd, F_SETFD, FD_CLOEXEC);
    wlr_log_init(options.verbose ? WLR_DEBUG : WLR_ERROR, nullptr);
    RuntimeDir runtime_dir;
    std::string error;
    if (!runtime_dir.init(options.verbose, &error)) {
        std::fprintf(stderr, "shoji: %s\n", error.c_str());
        return kExitShojiFailed;
    }

    std::unique_ptr<Server> server;
    std::unique_ptr<Controller> controller;
    std::unique_ptr<ControlSocket> control;
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> events_file(nullptr, std::fclose);
    std::unique_ptr<EventLog> events;
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> trace_file(nullptr, std::fclose);
    std::unique_ptr<Trace> trace;
    std::unique_ptr<DamageFrames> damage_frames;
    std::string socket;
    try {
        server = std::make_unique<Server>(options.server);
        if (!options.events.empty()) {
            events_file.reset(std::fopen(options.events.c_str(), "we"));
            if (!events_file) {
                std::fprintf(stderr, "shoji: cannot write the event log %s: %s\n", options.events.c_str(),
                             std::strerror(errno));
                return kExitShojiFailed;
            }
            // Before the socket: every client is seen from its connection on.
            events = std::make_unique<EventLog>(*server, events_file.get());
        }
        if (options.trace) {
            if (!options.trace->empty()) {
                trace_file.reset(std::fopen(options.trace->c_str(), "we"));
                if (!trace_file) {
                    std::fprintf(stderr, "shoji: cannot write the trace %s: %s\n", options.trace->c_str(),
                                 std::strerror(errno));
                    return kExitShojiFailed;
                }
            }
            trace = std::make_unique<Trace>(*server, trace_file ? trace_file.get() : stderr);
        }
        if (!options.damage_frames.empty()) {
            if (!prepare_frames_dir(options.damage_frames)) return kExitShojiFailed;
            damage_frames = std::make_unique<DamageFrames>(*server, options.damage_frames);
        }
        socket = server->add_socket(options.socket);
        // Beside the Wayland socket, whose lock we now hold.
        controller = std::make_unique<Controller>(*server);
        control = std::make_unique<ControlSocket>(*controller, server->event_loop(),
                                                  ctl_socket_path(runtime_dir.path(), socket));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "shoji: %s\n", e.what());
        return kExitShojiFailed;
    }

    Session s{*server, options};
    s.events = events.get();
    controller->on_quit = [&s] { on_stop_signal(SIGTERM, &s); }; // `shoji ctl quit`
    server->scene().before_unmap = [&s] {
        s.ever_mapped = true;
        std::string error;
        if (!s.options.screenshot.empty()) s.last_mapped = screenshot_now(s, &error);
    };

    wl_event_loop* loop = server->event_loop();
    wl_event_source* sources[] = {
        wl_event_loop_add_signal(loop, SIGINT, on_stop_signal, &s),
        wl_event_loop_add_signal(loop, SIGTERM, on_stop_signal, &s),
        wl_event_loop_add_signal(loop, SIGCHLD, on_sigchld, &s),
    };
    wl_event_source* timeout_timer = options.timeout ? wl_event_loop_add_timer(loop, on_timeout, &s) : nullptr;

    int status = 0;
    Command::Env env = {{"WAYLAND_DISPLAY", socket}, {"SHOJI_CTL", control->path()}};
    std::unique_ptr<Xwayland> xwayland;
    if (options.xwayland) {
        xwayland = std::make_unique<Xwayland>(*server);
        if (xwayland->start(s.command, socket, options.verbose, &error)) {
            env.emplace_back("DISPLAY", xwayland->display());
        } else {
            std::fprintf(stderr, "shoji: %s\n", error.c_str());
            s.stop = true;
            status = kExitShojiFailed;
        }
    }

    // The socket listens (and Xwayland is ready): say where they are.
    const std::string lines = address_lines(runtime_dir, socket, *control, xwayland ? xwayland->display() : "");
    if (s.stop) {
        // Xwayland failed: nothing to announce.
    } else if (options.command.empty()) {
        std::fputs(lines.c_str(), stdout);
        std::fflush(stdout);
    } else if (options.verbose) {
        std::fprintf(stderr, "shoji: WAYLAND_DISPLAY=%s\n", socket.c_str());
    }
    if (options.ready_fd) {
        const bool written = s.stop || write_all(*options.ready_fd, lines);
        const int write_errno = errno;
        close(*options.ready_fd); // EOF for the reader
        if (!written) {
            std::fprintf(stderr, "shoji: cannot write to --ready-fd %d: %s\n", *options.ready_fd,
                         std::strerror(write_errno));
            s.stop = true;
            status = kExitShojiFailed;
        }
    }
    if (!s.stop && !options.command.empty() && !s.command.start(options.command, env, &error)) {
        std::fprintf(stderr, "shoji: %s\n", error.c_str());
        s.stop = true;
        status = kExitShojiFailed;
    }
    if (timeout_timer) wl_event_source_timer_update(timeout_timer, int(std::ceil(*options.timeout * 1000)));

    while (!s.stop) {
        server->dispatch(-1);
        if (server->scene().mapped_count() > 0) s.ever_mapped = true;
        if (options.until_idle_ms && !s.stop) watch_idle(s);
    }
    s.idle_wait.reset();
    if (timeout_timer) wl_event_source_timer_update(timeout_timer, 0); // the session has ended
    if (s.command.exited()) drain(*server);

    if (status == 0) {
        status = exit_status(s);
        // Shoji's own failure wins over the command's status.
        if (!options.screenshot.empty() && !write_screenshot(s)) status = kExitShojiFailed;
        // A picture that could not be written (said on stderr when it happened).
        if (damage_frames && !damage_frames->error().empty()) status = kExitShojiFailed;
    }
    end_command(s);

    for (wl_event_source* src : sources) if (src) wl_event_source_remove(src);
    if (timeout_timer) wl_event_source_remove(timeout_timer);
    server->scene().before_unmap = nullptr;
    control.reset();
    controller.reset();
    events.reset(); // its last lines: the clients still connected
    trace.reset();
    damage_frames.reset();
    server.reset();
    return status;
}

} // namespace shoji
