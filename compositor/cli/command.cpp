#include "cli/command.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "cli/exit_status.hpp"
#include "listening_socket.hpp"

namespace shoji {

namespace {
// Shoji's children: the command, and the descendants reparented to Shoji
// (the subreaper). Linux lists a thread's children in
// /proc/self/task/TID/children.
std::vector<pid_t> children() {
    std::vector<pid_t> out;
    std::error_code ec;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", ec)) {
        std::ifstream in(task.path() / "children");
        for (pid_t pid; in >> pid;) out.push_back(pid);
    }
    return out;
}
} // namespace

bool Command::start(const std::vector<std::string>& argv, const Env& env, std::string* error) {
    const pid_t pid = spawn(argv, env, -1, false, error);
    if (pid < 0) return false;
    pid_ = pid;
    return true;
}

pid_t Command::start_helper(const std::vector<std::string>& argv, const Env& env, int keep_fd, bool quiet,
                            std::string* error) {
    const pid_t pid = spawn(argv, env, keep_fd, quiet, error);
    if (pid > 0) helpers_[pid] = std::nullopt;
    return pid;
}

std::optional<int> Command::helper_status(pid_t pid) const {
    const auto it = helpers_.find(pid);
    return it == helpers_.end() ? std::nullopt : it->second;
}

pid_t Command::spawn(const std::vector<std::string>& argv, const Env& env, int keep_fd, bool quiet,
                     std::string* error) {
    // Orphans of the command come to Shoji (not to init), so Shoji can end
    // them and see them go.
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) {
        *error = std::string("cannot become a child subreaper: ") + std::strerror(errno);
        return -1;
    }
    const pid_t pid = fork();
    if (pid < 0) {
        *error = std::string("cannot fork: ") + std::strerror(errno);
        return -1;
    }
    if (pid > 0) {
        descendants_left_ = true;
        return pid;
    }
    if (keep_fd >= 0) fcntl(keep_fd, F_SETFD, 0); // survives the exec
    if (quiet) {
        const int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
    }
    // Child: signals that the event loop blocked (it uses signalfd) must be
    // deliverable again in the command.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    setpgid(0, 0);
    restore_fd_limit(); // Shoji raised its own soft limit; the command gets the usual one
    for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
    unsetenv("WAYLAND_SOCKET");
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    const int err = errno;
    std::fprintf(stderr, "shoji: cannot run '%s': %s\n", args[0], std::strerror(err));
    _exit(err == ENOENT ? kExitNotFound : kExitCannotRun);
}

void Command::reap() {
    for (;;) {
        int status = 0;
        const pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid > 0) {
            if (pid == pid_) {
                status_ = status;
                exited_ = true;
            }
            if (const auto helper = helpers_.find(pid); helper != helpers_.end()) helper->second = status;
            continue;
        }
        if (pid < 0 && errno == EINTR) continue;
        // 0: children are left, none has exited; ECHILD: none is left (every
        // descendant would be a child of Shoji's once its parent is gone).
        descendants_left_ = pid == 0;
        return;
    }
}

void Command::signal_group(int sig) {
    // The command leads its own process group; if it is gone (and with it
    // the group's id), its group members are still reachable by that id
    // until the last one exits.
    if (pid_ > 0 && kill(-pid_, sig) != 0 && !exited_) kill(pid_, sig);
}

void Command::signal_all(int sig) {
    if (sig != last_signal_) {
        last_signal_ = sig;
        signalled_.clear();
        signal_group(sig);
    }
    for (pid_t pid : children())
        if (signalled_.insert(pid).second) kill(pid, sig);
}

} // namespace shoji
