#include "cli/xwayland.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <wayland-server-core.h>

#include "cli/exit_status.hpp"
#include "server.hpp"

namespace shoji {

Xwayland::~Xwayland() {
    if (read_fd_ >= 0) close(read_fd_);
}

int Xwayland::on_readable(int fd, uint32_t, void* data) {
    auto* self = static_cast<Xwayland*>(data);
    char chunk[64];
    const ssize_t n = read(fd, chunk, sizeof chunk);
    if (n > 0) self->written_.append(chunk, size_t(n));
    if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) self->eof_ = true;
    return 0;
}

int Xwayland::on_timeout(void* data) {
    static_cast<Xwayland*>(data)->timed_out_ = true;
    return 0;
}

namespace {
// Why Xwayland, which exited with wait status `status`, never became ready.
std::string describe(int status) {
    if (WIFEXITED(status) && WEXITSTATUS(status) == kExitNotFound)
        return "cannot start Xwayland: it is not installed (Debian: the xwayland package)";
    if (WIFEXITED(status) && WEXITSTATUS(status) == kExitCannotRun) return "cannot start Xwayland: it cannot be run";
    if (WIFEXITED(status))
        return "Xwayland exited with status " + std::to_string(WEXITSTATUS(status)) +
               " before it was ready (-v shows its output)";
    if (WIFSIGNALED(status))
        return std::string("Xwayland was killed by ") + strsignal(WTERMSIG(status)) + " before it was ready";
    return "Xwayland stopped before it was ready";
}
} // namespace

bool Xwayland::start(Command& children, const std::string& wayland_socket, bool verbose, std::string* error) {
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) != 0) {
        *error = std::string("cannot start Xwayland: ") + std::strerror(errno);
        return false;
    }
    read_fd_ = pipe_fds[0];
    // -displayfd: Xwayland picks the first free display number and writes it,
    // with a newline, once it accepts X clients. -noreset: the X server stays
    // up when its last client goes (a test may start several in turn).
    const pid_t pid = children.start_helper({"Xwayland", "-displayfd", std::to_string(pipe_fds[1]), "-noreset"},
                                            {{"WAYLAND_DISPLAY", wayland_socket}}, pipe_fds[1], !verbose, error);
    close(pipe_fds[1]); // only Xwayland's copy is left: EOF if it exits
    if (pid < 0) {
        *error = "cannot start Xwayland: " + *error;
        return false;
    }
    wl_event_loop* loop = server_.event_loop();
    wl_event_source* readable = wl_event_loop_add_fd(loop, read_fd_, WL_EVENT_READABLE, on_readable, this);
    wl_event_source* timer = wl_event_loop_add_timer(loop, on_timeout, this);
    wl_event_source_timer_update(timer, kReadyTimeoutMs);
    // Until the display number, Xwayland's exit, or the timeout. The pipe's
    // end can come a moment before the exit can be reaped (the kernel closes
    // a dying process's files before it makes it a zombie), so after EOF the
    // loop still waits, for the SIGCHLD, to say why Xwayland went.
    while (written_.find('\n') == std::string::npos && !timed_out_) {
        server_.dispatch(-1);
        children.reap();
        if (children.helper_status(pid)) break;
        if (eof_ && readable) {
            wl_event_source_remove(readable); // EOF stays readable: it would spin
            readable = nullptr;
        }
    }
    wl_event_source_remove(timer);
    if (readable) wl_event_source_remove(readable);
    const size_t newline = written_.find('\n');
    if (newline != std::string::npos && newline > 0 &&
        written_.find_first_not_of("0123456789") == newline) {
        display_ = ":" + written_.substr(0, newline);
        return true;
    }
    children.reap();
    if (const auto status = children.helper_status(pid))
        *error = describe(*status);
    else if (eof_)
        *error = "Xwayland closed its -displayfd pipe without a display number";
    else
        *error = "Xwayland was not ready after " + std::to_string(kReadyTimeoutMs) + " ms";
    return false;
}

} // namespace shoji
