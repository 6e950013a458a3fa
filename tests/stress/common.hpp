// Small pieces shared by the stress program's clients: clocks, memfd-backed
// shm files, and naming how a connection ended.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include <wayland-client.h>

namespace stress {

using Clock = std::chrono::steady_clock;

inline double ms_between(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

// A memfd of `size` bytes, mapped shared. The mapping stays until
// destruction, but once truncate_to_zero() ran it must not be touched: a read
// or write past the new end of the file raises SIGBUS in *this* process.
class ShmFile {
public:
    // sealable: create with MFD_ALLOW_SEALING (seal it with add_seals).
    explicit ShmFile(size_t size, bool sealable = false);
    ~ShmFile();
    ShmFile(const ShmFile&) = delete;
    ShmFile& operator=(const ShmFile&) = delete;

    bool ok() const { return data_ != nullptr; }
    int fd() const { return fd_; }
    size_t size() const { return size_; }
    uint8_t* data() { return truncated_ ? nullptr : data_; }

    bool add_seals(int seals);
    void truncate_to_zero();

private:
    int fd_ = -1;
    uint8_t* data_ = nullptr;
    size_t size_ = 0;
    bool truncated_ = false;
};

// Fills a w×h rectangle of 32-bit pixels at (x, y) in a buffer of `stride` bytes.
void fill_rect(uint8_t* data, int32_t stride, int32_t x, int32_t y, int32_t w, int32_t h,
               uint32_t pixel);

// How a connection ended, as its client saw it: "wl_shm.invalid_fd on
// wl_buffer" for a protocol error (wl_shm's error enum is posted on wl_shm,
// wl_shm_pool or wl_buffer objects), "disconnected (EPIPE)" for a bare disconnection, or "" if
// the connection is still healthy.
std::string connection_error(wl_display* display);

// Whether connection_error() names a protocol error (not a bare disconnection).
bool is_protocol_error(const std::string& error);

// libwayland-client prints every protocol error it receives to stderr; with
// thousands of hostile runs that would bury the report. This handler keeps
// only the latest message of each thread instead (errors are dispatched on
// the thread that reads the connection).
void capture_client_log();
std::string take_client_log(); // this thread's latest message, then cleared

} // namespace stress
