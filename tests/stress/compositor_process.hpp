// CompositorProcess: the real shoji executable, run as our child, watched
// from outside through /proc as any other process would be.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace stress {

// What /proc says about a process at one moment.
struct Usage {
    long rss_kib = 0; // VmRSS
    int fds = 0;      // entries of /proc/PID/fd
};
std::optional<Usage> read_usage(pid_t pid);

class CompositorProcess {
public:
    // Forks and execs `argv` (argv[0] is the executable's path) with stdout
    // on /dev/null and stderr appended to `log_path`.
    CompositorProcess(const std::vector<std::string>& argv, const std::string& log_path);
    // Kills the child if it is still running (a failed run must not leave it behind).
    ~CompositorProcess();
    CompositorProcess(const CompositorProcess&) = delete;
    CompositorProcess& operator=(const CompositorProcess&) = delete;

    pid_t pid() const { return pid_; }

    // Waits until `socket` (in $XDG_RUNTIME_DIR) accepts a Wayland
    // connection. False if the child died first or `timeout_ms` passed.
    bool wait_until_accepting(const std::string& socket, int timeout_ms);

    // False once the child has exited (it is reaped here; see exit_status).
    bool running();

    // SIGTERM, then waits up to `timeout_ms` (SIGKILL after that). Returns
    // false if it had to be killed.
    bool terminate(int timeout_ms);

    // The waitpid status once the child is gone.
    bool exited() const { return exited_; }
    int exit_status() const { return status_; }
    // "exited with status 0", "killed by signal 11 (Segmentation fault)".
    std::string describe_exit() const;

private:
    bool reap(int options);

    pid_t pid_ = -1;
    bool exited_ = false;
    int status_ = 0;
};

} // namespace stress
