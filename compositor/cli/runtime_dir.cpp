#include "cli/runtime_dir.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace shoji {

std::string runtime_dir_problem(const char* value, const struct stat* st, int stat_errno, uid_t uid) {
    if (!value || !*value) return "XDG_RUNTIME_DIR is not set";
    const std::string what = std::string("XDG_RUNTIME_DIR=") + value;
    if (value[0] != '/') return what + " is not an absolute path";
    if (!st) {
        if (stat_errno == ENOENT) return what + " does not exist";
        return what + ": " + std::strerror(stat_errno);
    }
    if (!S_ISDIR(st->st_mode)) return what + " is not a directory";
    if (st->st_uid != uid)
        return what + " belongs to uid " + std::to_string(st->st_uid) + ", not to us (uid " + std::to_string(uid) + ")";
    // The XDG Base Directory spec: "its Unix access mode MUST be 0700".
    if ((st->st_mode & 07777) != 0700) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", unsigned(st->st_mode & 07777));
        return what + " has mode " + mode + ", not 0700";
    }
    return "";
}

std::string runtime_dir_problem() {
    const char* value = std::getenv("XDG_RUNTIME_DIR");
    struct stat st;
    const bool ok = value && *value && stat(value, &st) == 0;
    return runtime_dir_problem(value, ok ? &st : nullptr, errno, geteuid());
}

bool RuntimeDir::init(bool verbose, std::string* error) {
    const std::string problem = runtime_dir_problem();
    if (problem.empty()) {
        path_ = std::getenv("XDG_RUNTIME_DIR");
        return true;
    }
    // $TMPDIR if it names a directory, as mkdtemp(1) does; else /tmp.
    const char* tmpdir = std::getenv("TMPDIR");
    struct stat st;
    std::string base = tmpdir && tmpdir[0] == '/' && stat(tmpdir, &st) == 0 && S_ISDIR(st.st_mode) ? tmpdir : "/tmp";
    std::string tmpl = base + "/shoji-runtime-XXXXXX";
    if (!mkdtemp(tmpl.data())) { // mode 0700, ours
        *error = problem + ", and cannot make a private runtime directory in " + base + ": " + std::strerror(errno);
        return false;
    }
    path_ = tmpl;
    created_ = true;
    setenv("XDG_RUNTIME_DIR", path_.c_str(), 1);
    if (verbose)
        std::fprintf(stderr, "shoji: %s; using a private runtime directory, %s (removed at exit)\n", problem.c_str(),
                     path_.c_str());
    return true;
}

RuntimeDir::~RuntimeDir() {
    if (!created_) return;
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::string ctl_socket_path(const std::string& runtime_dir, const std::string& name) {
    return runtime_dir + "/" + name + ".ctl";
}

} // namespace shoji
