#include "compositor_process.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <thread>

#include <wayland-client.h>

#include "common.hpp"

namespace stress {

std::optional<Usage> read_usage(pid_t pid) {
    Usage usage;
    const std::string proc = "/proc/" + std::to_string(pid);
    std::ifstream status(proc + "/status");
    std::string line;
    bool have_rss = false;
    while (std::getline(status, line)) {
        // "VmRSS:	    5120 kB"
        if (line.rfind("VmRSS:", 0) == 0) {
            usage.rss_kib = std::stol(line.substr(6));
            have_rss = true;
        }
    }
    DIR* dir = opendir((proc + "/fd").c_str());
    if (!have_rss || !dir) {
        if (dir) closedir(dir);
        return std::nullopt;
    }
    while (dirent* entry = readdir(dir))
        if (entry->d_name[0] != '.') ++usage.fds;
    closedir(dir);
    return usage;
}

CompositorProcess::CompositorProcess(const std::vector<std::string>& argv,
                                     const std::string& log_path) {
    pid_ = fork();
    if (pid_ != 0) return; // parent (or fork failed: pid_ is -1)

    // Child. We may have ignored SIGPIPE or blocked signals; an exec keeps
    // both, and the compositor must start as it would from a shell.
    signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    const int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    const int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (null_fd >= 0) dup2(null_fd, STDOUT_FILENO); // "WAYLAND_DISPLAY=name": we know it
    if (log_fd >= 0) dup2(log_fd, STDERR_FILENO);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    std::fprintf(stderr, "shoji-stress: cannot run %s: %s\n", args[0], std::strerror(errno));
    _exit(127);
}

CompositorProcess::~CompositorProcess() {
    if (pid_ > 0 && !exited_) {
        kill(pid_, SIGKILL);
        reap(0);
    }
}

bool CompositorProcess::reap(int options) {
    if (exited_) return true;
    if (pid_ <= 0) {
        exited_ = true;
        status_ = 127 << 8; // could not fork: report as "could not run"
        return true;
    }
    int status = 0;
    pid_t r;
    do r = waitpid(pid_, &status, options);
    while (r < 0 && errno == EINTR);
    if (r == pid_) {
        exited_ = true;
        status_ = status;
    }
    return exited_;
}

bool CompositorProcess::running() { return !reap(WNOHANG); }

bool CompositorProcess::wait_until_accepting(const std::string& socket, int timeout_ms) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    while (Clock::now() < deadline) {
        if (!running()) return false;
        if (wl_display* probe = wl_display_connect(socket.c_str())) {
            wl_display_disconnect(probe);
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

bool CompositorProcess::terminate(int timeout_ms) {
    if (!running()) return true;
    kill(pid_, SIGTERM);
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    while (Clock::now() < deadline) {
        if (!running()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill(pid_, SIGKILL);
    reap(0);
    return false;
}

std::string CompositorProcess::describe_exit() const {
    if (!exited_) return "still running";
    char text[128];
    if (WIFEXITED(status_)) {
        std::snprintf(text, sizeof text, "exited with status %d", WEXITSTATUS(status_));
    } else if (WIFSIGNALED(status_)) {
        std::snprintf(text, sizeof text, "killed by signal %d (%s)%s", WTERMSIG(status_),
                      strsignal(WTERMSIG(status_)), WCOREDUMP(status_) ? ", core dumped" : "");
    } else {
        std::snprintf(text, sizeof text, "ended with wait status %#x", status_);
    }
    return text;
}

} // namespace stress
