// The session's $XDG_RUNTIME_DIR: where its Wayland (and control) sockets go.
//
// libwayland puts sockets in $XDG_RUNTIME_DIR and clients look for them
// there. CI jobs often have none, or a value that does not work (GitHub
// Actions containers set /run/user/1001, which does not exist); a directory
// that is not ours or that others can enter would let them reach our
// sockets. In all those cases Shoji makes a private directory for the session
// (mode 0700, under $TMPDIR or /tmp), points XDG_RUNTIME_DIR at it for itself
// and the command, and removes it at exit.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <string>

namespace shoji {

// Why the directory `value` (of $XDG_RUNTIME_DIR; null if unset) cannot be
// the session's runtime directory for user `uid`, or "" if it can. `st` is
// the result of stat(value), or null if stat failed with `stat_errno`.
std::string runtime_dir_problem(const char* value, const struct stat* st, int stat_errno, uid_t uid);
// The same for the current $XDG_RUNTIME_DIR and effective user.
std::string runtime_dir_problem();

class RuntimeDir {
public:
    RuntimeDir() = default;
    ~RuntimeDir(); // removes the private directory, if one was made
    RuntimeDir(const RuntimeDir&) = delete;
    RuntimeDir& operator=(const RuntimeDir&) = delete;

    // Keeps a usable $XDG_RUNTIME_DIR, or makes a private one and sets the
    // variable to it (saying why on stderr if `verbose`). False, with
    // `error` set, if no private directory can be made.
    bool init(bool verbose, std::string* error);
    // The directory in use (absolute).
    const std::string& path() const { return path_; }

private:
    std::string path_;
    bool created_ = false;
};

// The control socket (`shoji ctl`) that goes with Wayland socket `name`.
std::string ctl_socket_path(const std::string& runtime_dir, const std::string& name);

} // namespace shoji
