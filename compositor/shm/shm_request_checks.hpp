// ShmRequestChecks: closes the libwayland 1.21 wl_shm holes that need a look at
// requests libwayland dispatches itself (holes 1 and 3 of docs/design.md, “The
// shm holes”), and holds each client to its share of pools, mappings and fds.
//
// libwayland implements wl_shm, wl_shm_pool and wl_buffer; we never see their
// requests through our own handlers. A protocol logger, though, sees every
// request with its arguments *before* it is dispatched, so we check there:
//
//  1. wl_shm_pool.create_buffer with a stride smaller than width × bytes per
//     pixel (libwayland compares stride with width in pixels) or not a
//     multiple of 4 → wl_shm.invalid_stride on the pool, naming the values.
//  3. A pool made from a memfd sealed with F_SEAL_SHRINK: libwayland skips its
//     SIGBUS guard for the pool's whole life if, when *it* looks, the file is
//     at least as large as the pool — even after wl_shm_pool.resize past the
//     end of the file. A sealed file can grow but never shrink, so such a pool
//     is safe exactly as long as it never outgrows its file. We keep a
//     duplicate of *every* F_SEAL_SHRINK fd, whatever its size at create_pool
//     (another client thread may grow the file between our look and
//     libwayland's), and check the file at use: a resize past its end is
//     wl_shm.invalid_fd before libwayland applies it, and ShmAccess refuses a
//     buffer that ends past it (check_access). A failed fstat fails closed.
//  Limits: pools and mapped bytes per client (each pool is one mapping of the
//     process's vm.max_map_count), and the fds Shoji keeps for a client (one
//     per F_SEAL_SHRINK pool) → wl_shm.invalid_fd, naming the limit.
//
// Records follow libwayland's own lifetimes: a pool's mapping lives until its
// wl_shm_pool and every wl_buffer made from it are gone, and so do our record
// and the duplicated fd. The logger stashes what a create request asks for;
// the client's resource-created signal, which fires inside that same request,
// attaches it to the new resource.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>

#include <wayland-server-core.h>

#include "util/fd.hpp"
#include "util/listener.hpp"

namespace shoji {

// Whether the F_SEAL_SHRINK file behind `fd` holds at least `needed` bytes:
// null if it does, else a message (its size, or the fstat error: an fd we
// cannot stat is treated as too short, never as fine).
const char* check_sealed_file(int fd, int64_t needed, char* message, size_t size);

class ShmRequestChecks {
public:
    // Pools (wl_shm_pool mappings, counted until their last wl_buffer is gone)
    // per client. Each pool is one mapping, and the kernel allows a process
    // vm.max_map_count of them (65530 by default): 128 pools for each of
    // ListeningSocket::kMaxClients (256) clients is half of that, so no client
    // can make mmap fail for another (libwayland would answer that honest
    // client's create_pool with invalid_fd). Past it: wl_shm.invalid_fd on
    // wl_shm — the answer libwayland gives when it cannot map a pool.
    static constexpr int kMaxPoolsPerClient = 128;
    // Bytes of pool mappings per client: four pools of the largest size the
    // protocol allows (INT32_MAX). Mappings cost address space, not memory,
    // until touched; the limit keeps 256 clients within 2 TiB of it. Past it:
    // wl_shm.invalid_fd on wl_shm (create_pool) or on the pool (resize).
    static constexpr int64_t kMaxPoolBytesPerClient = int64_t(8) << 30;
    // The fd budget: descriptors Shoji itself keeps open for a client, one
    // per live F_SEAL_SHRINK pool (hole 3). Equal to the pool limit, so a
    // client sealing every pool (as weston's and Qt's clients do) can use all
    // of them. Past it: wl_shm.invalid_fd on wl_shm. (libwayland 1.21 also
    // holds, out of our sight, up to 1024 fds a client sent with requests
    // that take none; see docs/security.md.)
    static constexpr int kMaxHeldFdsPerClient = 128;

    explicit ShmRequestChecks(wl_display* display);
    ~ShmRequestChecks();
    ShmRequestChecks(const ShmRequestChecks&) = delete;
    ShmRequestChecks& operator=(const ShmRequestChecks&) = delete;

    // What a client holds now (for tests, logs and the fd budget).
    struct Usage {
        int pools = 0;
        int64_t pool_bytes = 0;
        int held_fds = 0; // duplicates of F_SEAL_SHRINK fds
    };
    Usage usage(wl_client* client) const;
    // The client for which Shoji keeps the most fds (null if none keeps any).
    wl_client* largest_fd_holder(int* held_fds) const;

    // Hole 3 at use: null if `buffer` (a wl_buffer resource) may be read and
    // written, else why not (its F_SEAL_SHRINK file is shorter than the
    // buffer's end, or cannot be fstat'ed). Buffers of unsealed pools are
    // libwayland's SIGBUS guard's business and always pass.
    static const char* check_access(wl_resource* buffer, char* message, size_t size);

private:
    struct ClientState;
    struct Pool;
    struct BufferRecord;

    static void log_message(void* data, wl_protocol_logger_type type,
                            const wl_protocol_logger_message* message);
    void on_create_pool(wl_resource* shm, uint32_t pool_id, int fd, int32_t size);
    void on_create_buffer(wl_resource* pool, const wl_argument* args);
    void on_resize(wl_resource* pool, int32_t size);
    ClientState& state_for(wl_client* client);

    wl_protocol_logger* logger_ = nullptr;
    std::unordered_map<wl_client*, std::unique_ptr<ClientState>> clients_;
};

} // namespace shoji
