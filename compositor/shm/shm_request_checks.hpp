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
//  3. A pool made from a memfd sealed with F_SEAL_SHRINK and at least as
//     large as the pool: libwayland then skips its SIGBUS guard for the
//     pool's whole life, even after wl_shm_pool.resize past the end of the
//     file — and every reader of the pool (our compositing, wlroots'
//     screencopy) would fault unguarded. A sealed file can grow but never
//     shrink, so the pool is safe exactly as long as every resize stays
//     within the file: we keep a duplicate of such fds and answer a resize
//     past the file's end with wl_shm.invalid_fd, before libwayland applies
//     it (the client is disconnected at the end of that dispatch). The
//     duplicate is closed with the pool; if it cannot be made (out of fds),
//     the pool is refused rather than left unguarded.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>

#include <wayland-server-core.h>

#include "util/fd.hpp"
#include "util/listener.hpp"

namespace shoji {

class ShmRequestChecks {
public:
    explicit ShmRequestChecks(wl_display* display);
    ~ShmRequestChecks();
    ShmRequestChecks(const ShmRequestChecks&) = delete;
    ShmRequestChecks& operator=(const ShmRequestChecks&) = delete;

private:
    // Pools libwayland does not guard, by wl_shm_pool id; only clients
    // that made one get an entry.
    struct ClientState {
        std::unordered_map<uint32_t, Fd> sealed_pools; // a duplicate of the memfd
        Listener destroy;
    };

    static void log_message(void* data, wl_protocol_logger_type type,
                            const wl_protocol_logger_message* message);
    void on_create_pool(wl_resource* shm, uint32_t pool_id, int fd, int32_t size);
    void on_create_buffer(wl_resource* pool, const wl_argument* args);
    void on_resize(wl_resource* pool, int32_t size);
    ClientState* state_for(wl_client* client, bool create);

    wl_protocol_logger* logger_ = nullptr;
    std::unordered_map<wl_client*, std::unique_ptr<ClientState>> clients_;
};

} // namespace shoji
