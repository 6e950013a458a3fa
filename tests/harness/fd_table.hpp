// Running a test out of file descriptors, as a client that fills the
// compositor's fd table would leave it (the server runs in the test's
// process): a lower soft limit for a scope, and every free slot taken.
#pragma once

#include <sys/resource.h>

#include <vector>

#include "util/fd.hpp"

namespace shoji::test {

// Lowers the soft fd limit for the scope of a test (restored after).
class FdLimit {
public:
    explicit FdLimit(rlim_t soft);
    ~FdLimit();
    FdLimit(const FdLimit&) = delete;
    FdLimit& operator=(const FdLimit&) = delete;

private:
    rlimit saved_{};
};

// The highest fd open in the process.
int highest_open_fd();

// Takes every free fd slot (the process's table is then full).
std::vector<Fd> fill_fd_table();

} // namespace shoji::test
