// The session's command: a child process in its own process group, and
// everything it starts.
//
// Nothing the command starts may outlive the session (a shell's `sleep 30 &`,
// wl-copy's background server): at exit Shoji ends the command's process
// group, and, because Shoji is a child subreaper (prctl
// PR_SET_CHILD_SUBREAPER), also any descendant that left the group (setsid)
// once its parent is gone and it is reparented to Shoji. Being the subreaper
// is also how Shoji knows when all of them are gone: waitpid() reports
// ECHILD, with no polling.
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace shoji {

class Command {
public:
    // Makes Shoji a child subreaper, then forks and execs `argv` in a new
    // process group with `env` added to the environment (and WAYLAND_SOCKET
    // removed). The child exits 127 if the command is not found, 126 if it
    // cannot be run (one line on stderr). False, with `error` set, if Shoji
    // cannot fork.
    using Env = std::vector<std::pair<std::string, std::string>>;
    bool start(const std::vector<std::string>& argv, const Env& env, std::string* error);
    // Starts a helper the session needs before the command (Xwayland): as
    // start(), in a process group of its own, with `keep_fd` left open in it
    // (-1: none), and its stdout and stderr on /dev/null if `quiet`. Helpers
    // are Shoji's children too, so the end of the session ends them with
    // everything else. The pid, or -1 with `error` set.
    pid_t start_helper(const std::vector<std::string>& argv, const Env& env, int keep_fd, bool quiet,
                       std::string* error);
    // A helper's wait status once it has exited (as of the last reap()).
    std::optional<int> helper_status(pid_t pid) const;

    pid_t pid() const { return pid_; }
    bool started() const { return pid_ > 0; }
    // The command itself exited (or was killed); status() is its wait status.
    bool exited() const { return exited_; }
    int status() const { return status_; }

    // Reaps every child that has exited (call on SIGCHLD).
    void reap();
    // Whether any process the command started (or adopted by Shoji) is left,
    // as of the last reap().
    bool descendants_left() const { return descendants_left_; }

    // Sends `sig` to the command's process group.
    void signal_group(int sig);
    // Sends `sig` to the process group and to every child of Shoji (each
    // orphaned descendant) not yet sent `sig` since the last call with
    // another signal.
    void signal_all(int sig);

private:
    // Forks and execs `argv` in a new process group; -1 if it cannot fork.
    pid_t spawn(const std::vector<std::string>& argv, const Env& env, int keep_fd, bool quiet, std::string* error);

    std::map<pid_t, std::optional<int>> helpers_; // pid -> wait status once exited
    pid_t pid_ = -1;
    bool exited_ = false;
    int status_ = 0;
    bool descendants_left_ = false;
    int last_signal_ = 0;
    std::set<pid_t> signalled_; // with last_signal_
};

} // namespace shoji
