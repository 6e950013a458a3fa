// check_sealed_file: the size check behind hole 3, and how it fails.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "shm/shm_request_checks.hpp"

namespace shoji {
namespace {

TEST(CheckSealedFile, a_file_at_least_as_large_as_needed_passes) {
    const int fd = memfd_create("shoji-unit", MFD_CLOEXEC);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(ftruncate(fd, 4096), 0);
    char message[128];
    EXPECT_EQ(check_sealed_file(fd, 4096, message, sizeof message), nullptr);
    const char* problem = check_sealed_file(fd, 4097, message, sizeof message);
    ASSERT_NE(problem, nullptr);
    EXPECT_NE(std::string(problem).find("4096 bytes"), std::string::npos) << problem;
    close(fd);
}

// fstat can fail (on this fd: EBADF); the check must then fail closed and
// say why, not compare against an uninitialised size.
TEST(CheckSealedFile, a_failed_fstat_fails_closed_and_names_errno) {
    char message[128];
    const char* problem = check_sealed_file(-1, 0, message, sizeof message);
    ASSERT_NE(problem, nullptr);
    EXPECT_NE(std::string(problem).find(std::strerror(EBADF)), std::string::npos) << problem;
}

} // namespace
} // namespace shoji
