// runtime_dir_problem: when $XDG_RUNTIME_DIR cannot be the session's runtime
// directory (and Shoji makes a private one), each reason named in one line.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cerrno>
#include <string>

#include "cli/runtime_dir.hpp"

namespace shoji {
namespace {

constexpr uid_t kUs = 1001;

struct stat dir(mode_t mode, uid_t owner = kUs) {
    struct stat st = {};
    st.st_mode = S_IFDIR | mode;
    st.st_uid = owner;
    return st;
}

void expect_problem(const std::string& problem, const std::string& needle) {
    EXPECT_NE(problem.find(needle), std::string::npos) << "\"" << problem << "\" does not say \"" << needle << "\"";
    EXPECT_EQ(problem.find('\n'), std::string::npos) << problem;
}

TEST(RuntimeDir, a_0700_directory_of_ours_is_used) {
    const struct stat st = dir(0700);
    EXPECT_EQ(runtime_dir_problem("/run/user/1001", &st, 0, kUs), "");
}

TEST(RuntimeDir, unset_or_empty) {
    expect_problem(runtime_dir_problem(nullptr, nullptr, 0, kUs), "not set");
    expect_problem(runtime_dir_problem("", nullptr, 0, kUs), "not set");
}

TEST(RuntimeDir, missing_as_in_github_actions_containers) {
    const std::string p = runtime_dir_problem("/run/user/1001", nullptr, ENOENT, kUs);
    expect_problem(p, "/run/user/1001");
    expect_problem(p, "does not exist");
}

TEST(RuntimeDir, unreadable) {
    expect_problem(runtime_dir_problem("/secret/run", nullptr, EACCES, kUs), "Permission denied");
}

TEST(RuntimeDir, not_a_directory) {
    struct stat st = dir(0700);
    st.st_mode = S_IFREG | 0700;
    expect_problem(runtime_dir_problem("/tmp/file", &st, 0, kUs), "not a directory");
}

TEST(RuntimeDir, not_ours) {
    const struct stat st = dir(0700, 0);
    const std::string p = runtime_dir_problem("/run/user/0", &st, 0, kUs);
    expect_problem(p, "uid 0");
    expect_problem(p, "uid 1001");
}

TEST(RuntimeDir, not_0700) {
    for (mode_t mode : {0755, 0750, 0701, 0500, 01700, 0777}) {
        const struct stat st = dir(mode);
        const std::string p = runtime_dir_problem("/run/user/1001", &st, 0, kUs);
        expect_problem(p, "not 0700");
    }
    const struct stat st = dir(0755);
    expect_problem(runtime_dir_problem("/run/user/1001", &st, 0, kUs), "0755");
}

TEST(RuntimeDir, a_relative_path) {
    const struct stat st = dir(0700);
    expect_problem(runtime_dir_problem("run/user", &st, 0, kUs), "not an absolute path");
}

TEST(RuntimeDir, the_control_socket_sits_next_to_the_wayland_socket) {
    EXPECT_EQ(ctl_socket_path("/run/user/1001", "wayland-1"), "/run/user/1001/wayland-1.ctl");
}

} // namespace
} // namespace shoji
