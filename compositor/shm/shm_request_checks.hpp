// ShmRequestChecks: closes the libwayland 1.21 wl_shm holes that need a look at
// requests libwayland dispatches itself (DESIGN.md §6, holes 1 and 3).
//
// libwayland implements wl_shm, wl_shm_pool and wl_buffer; we never see their
// requests through our own handlers. A protocol logger, though, sees every
// request with its arguments *before* it is dispatched, so we check there:
//
//  1. wl_shm_pool.create_buffer with a stride smaller than width × bytes per
//     pixel (libwayland compares stride with width in pixels) or not a
//     multiple of 4 → wl_shm.invalid_stride on the pool, naming the values.
//  3. wl_shm.create_pool from a memfd sealed with F_SEAL_SHRINK: libwayland
//     then skips its SIGBUS guard for the pool's whole life, even after the
//     pool is resized past the end of the file. We keep a duplicate of such
//     fds and, before any buffer of that pool is used, check that the buffer
//     lies inside the file (a sealed file can grow but never shrink, so one
//     check per buffer holds forever). The duplicate is closed when the pool
//     and its buffers are destroyed; if it cannot be made (out of fds), the
//     pool is refused rather than left unguarded.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>

#include <wayland-server-core.h>

#include "util/checked.hpp"
#include "util/fd.hpp"
#include "util/listener.hpp"

namespace shoji {

class ShmRequestChecks {
public:
    explicit ShmRequestChecks(wl_display* display);
    ~ShmRequestChecks();
    ShmRequestChecks(const ShmRequestChecks&) = delete;
    ShmRequestChecks& operator=(const ShmRequestChecks&) = delete;

    // Checks that every byte of `buffer` (a wl_shm wl_buffer) can be read
    // without SIGBUS; posts wl_shm.invalid_fd on it and returns false if not.
    bool check_buffer_backed(wl_resource* buffer);

private:
    struct SealedPool {
        Fd fd; // a duplicate of the client's sealed memfd
    };
    struct SealedBuffer {
        std::shared_ptr<SealedPool> pool;
        Extent extent;
    };
    // Only clients that used a sealed pool get an entry.
    struct ClientState {
        std::unordered_map<uint32_t, std::shared_ptr<SealedPool>> pools; // by wl_shm_pool id
        std::unordered_map<uint32_t, SealedBuffer> buffers;              // by wl_buffer id
        Listener destroy;
    };

    static void log_message(void* data, wl_protocol_logger_type type,
                            const wl_protocol_logger_message* message);
    void on_create_pool(wl_resource* shm, uint32_t pool_id, int fd);
    void on_create_buffer(wl_resource* pool, const wl_argument* args);
    ClientState* state_for(wl_client* client, bool create);

    wl_protocol_logger* logger_ = nullptr;
    std::unordered_map<wl_client*, std::unique_ptr<ClientState>> clients_;
};

} // namespace shoji
