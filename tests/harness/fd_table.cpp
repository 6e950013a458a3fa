#include "harness/fd_table.hpp"

#include <fcntl.h>

#include <algorithm>
#include <filesystem>
#include <string>

namespace shoji::test {

FdLimit::FdLimit(rlim_t soft) {
    getrlimit(RLIMIT_NOFILE, &saved_);
    rlimit r = saved_;
    r.rlim_cur = soft;
    setrlimit(RLIMIT_NOFILE, &r);
}

FdLimit::~FdLimit() { setrlimit(RLIMIT_NOFILE, &saved_); }

int highest_open_fd() {
    int highest = -1;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd"))
        highest = std::max(highest, std::stoi(entry.path().filename().string()));
    return highest;
}

std::vector<Fd> fill_fd_table() {
    std::vector<Fd> taken;
    for (;;) {
        Fd fd(open("/dev/null", O_RDONLY | O_CLOEXEC));
        if (!fd) break;
        taken.push_back(std::move(fd));
    }
    return taken;
}

} // namespace shoji::test
