#include "shm/shm_request_checks.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

#include <wayland-server-protocol.h>

#include "shm/shm_access.hpp"
#include "util/checked.hpp"
#include "util/protocol_error.hpp"

namespace shoji {

namespace {
// Opcodes from wayland.xml (request order within each interface).
constexpr int kShmCreatePool = 0;        // wl_shm.create_pool(id, fd, size)
constexpr int kShmPoolCreateBuffer = 0;  // wl_shm_pool.create_buffer(id, offset, w, h, stride, format)
constexpr int kShmPoolResize = 2;        // wl_shm_pool.resize(size)

// A wl_listener on a resource's destroy signal whose notify function tells
// what it belongs to: wl_resource_get_destroy_listener(resource, notify) then
// finds our record of a libwayland resource without a table.
struct Hook : wl_listener {
    void* owner = nullptr;
    Hook() : wl_listener{} { wl_list_init(&link); }
    ~Hook() { wl_list_remove(&link); }
    Hook(const Hook&) = delete;
    Hook& operator=(const Hook&) = delete;
};
} // namespace

// One libwayland wl_shm_pool mapping. It lives as long as the wl_shm_pool
// resource or any wl_buffer made from it (libwayland's refcount), and so does
// this record.
struct ShmRequestChecks::Pool {
    ClientState* owner = nullptr;
    int64_t size = 0;
    Fd sealed;    // a duplicate of its F_SEAL_SHRINK memfd, or none
    int refs = 1; // the pool resource + live buffers
    Hook hook;    // on the wl_shm_pool resource
};

struct ShmRequestChecks::BufferRecord {
    Pool* pool = nullptr;
    int64_t end = 0; // offset + stride × height: the last byte read, plus one
    Hook hook;       // on the wl_buffer resource
    bool last_in_line = false; // see buffer_destroyed
};

struct ShmRequestChecks::ClientState {
    wl_client* client = nullptr;
    std::unordered_map<Pool*, std::unique_ptr<Pool>> pools;
    std::unordered_map<BufferRecord*, std::unique_ptr<BufferRecord>> buffers;
    int64_t bytes = 0;
    int held_fds = 0;
    // What the request being dispatched will create (id 0: nothing).
    struct {
        uint32_t id = 0;
        int64_t size = 0;
        Fd sealed;
    } pending_pool;
    struct {
        uint32_t id = 0;
        Pool* pool = nullptr;
        int64_t end = 0;
    } pending_buffer;
    Listener destroy;
    Listener created;

    void unref(Pool* pool) {
        if (--pool->refs > 0) return;
        bytes -= pool->size;
        if (pool->sealed) --held_fds;
        if (pending_buffer.pool == pool) pending_buffer = {};
        pools.erase(pool); // closes the duplicate
    }
    void resource_created(wl_resource* resource);
    static void pool_destroyed(wl_listener* listener, void* data);
    static void buffer_destroyed(wl_listener* listener, void* data);
};

void ShmRequestChecks::ClientState::pool_destroyed(wl_listener* listener, void*) {
    auto* pool = static_cast<Pool*>(static_cast<Hook*>(listener)->owner);
    pool->owner->unref(pool);
}

void ShmRequestChecks::ClientState::buffer_destroyed(wl_listener* listener, void* resource) {
    auto* record = static_cast<BufferRecord*>(static_cast<Hook*>(listener)->owner);
    // Later destroy listeners still read the buffer (the copy of a shown
    // buffer, ShmAccess and its check_access with it): go to the back of the
    // line once. libwayland takes destroy listeners from the front until none
    // is left, so the record goes after all of them.
    if (!record->last_in_line) {
        record->last_in_line = true;
        wl_resource_add_destroy_listener(static_cast<wl_resource*>(resource), listener);
        return;
    }
    Pool* pool = record->pool;
    ClientState* state = pool->owner;
    state->buffers.erase(record);
    state->unref(pool);
}

void ShmRequestChecks::ClientState::resource_created(wl_resource* resource) {
    const uint32_t id = wl_resource_get_id(resource);
    if (pending_pool.id != 0 && id == pending_pool.id &&
        std::strcmp(wl_resource_get_class(resource), wl_shm_pool_interface.name) == 0) {
        auto pool = std::make_unique<Pool>();
        pool->owner = this;
        pool->size = pending_pool.size;
        pool->sealed = std::move(pending_pool.sealed);
        pool->hook.owner = pool.get();
        pool->hook.notify = &ClientState::pool_destroyed;
        wl_resource_add_destroy_listener(resource, &pool->hook);
        bytes += pool->size;
        if (pool->sealed) ++held_fds;
        pools.emplace(pool.get(), std::move(pool));
        pending_pool.id = 0;
    } else if (pending_buffer.id != 0 && id == pending_buffer.id &&
               std::strcmp(wl_resource_get_class(resource), wl_buffer_interface.name) == 0) {
        auto record = std::make_unique<BufferRecord>();
        record->pool = pending_buffer.pool;
        record->end = pending_buffer.end;
        record->hook.owner = record.get();
        record->hook.notify = &ClientState::buffer_destroyed;
        wl_resource_add_destroy_listener(resource, &record->hook);
        ++record->pool->refs;
        buffers.emplace(record.get(), std::move(record));
        pending_buffer.id = 0;
    }
}

const char* check_sealed_file(int fd, int64_t needed, char* message, size_t size) {
    struct stat st;
    if (fstat(fd, &st) != 0) {
        std::snprintf(message, size, "cannot fstat its F_SEAL_SHRINK file: %s", std::strerror(errno));
        return message;
    }
    if (st.st_size < needed) {
        std::snprintf(message, size, "past the end of its F_SEAL_SHRINK file (%lld bytes)",
                      (long long)st.st_size);
        return message;
    }
    return nullptr;
}

ShmRequestChecks::ShmRequestChecks(wl_display* display) {
    logger_ = wl_display_add_protocol_logger(display, &ShmRequestChecks::log_message, this);
}

ShmRequestChecks::~ShmRequestChecks() {
    wl_protocol_logger_destroy(logger_);
}

void ShmRequestChecks::log_message(void* data, wl_protocol_logger_type type,
                                   const wl_protocol_logger_message* m) {
    if (type != WL_PROTOCOL_LOGGER_REQUEST) return;
    auto* self = static_cast<ShmRequestChecks*>(data);
    // libwayland implements these interfaces, so compare interfaces by name
    // (wl_resource_instance_of also compares the implementation).
    const char* cls = wl_resource_get_class(m->resource);
    if (std::strcmp(cls, wl_shm_interface.name) == 0 && m->message_opcode == kShmCreatePool) {
        self->on_create_pool(m->resource, m->arguments[0].n, m->arguments[1].h, m->arguments[2].i);
    } else if (std::strcmp(cls, wl_shm_pool_interface.name) == 0 &&
               m->message_opcode == kShmPoolCreateBuffer) {
        self->on_create_buffer(m->resource, m->arguments);
    } else if (std::strcmp(cls, wl_shm_pool_interface.name) == 0 && m->message_opcode == kShmPoolResize) {
        self->on_resize(m->resource, m->arguments[0].i);
    }
}

ShmRequestChecks::ClientState& ShmRequestChecks::state_for(wl_client* client) {
    auto it = clients_.find(client);
    if (it != clients_.end()) return *it->second;
    auto state = std::make_unique<ClientState>();
    state->client = client;
    // Emitted before libwayland destroys the client's resources: our hooks
    // leave them while they still exist.
    state->destroy.set_callback([this, client](void*) { clients_.erase(client); });
    state->destroy.connect_client_destroy(client);
    ClientState* raw = state.get();
    state->created.set_callback([raw](void* resource) { raw->resource_created(static_cast<wl_resource*>(resource)); });
    state->created.connect_resource_created(client);
    return *clients_.emplace(client, std::move(state)).first->second;
}

ShmRequestChecks::Usage ShmRequestChecks::usage(wl_client* client) const {
    Usage u;
    auto it = clients_.find(client);
    if (it == clients_.end()) return u;
    u.pools = int(it->second->pools.size());
    u.pool_bytes = it->second->bytes;
    u.held_fds = it->second->held_fds;
    return u;
}

wl_client* ShmRequestChecks::largest_fd_holder(int* held_fds) const {
    wl_client* most = nullptr;
    int count = 0;
    for (const auto& [client, state] : clients_) {
        if (state->held_fds > count) {
            most = client;
            count = state->held_fds;
        }
    }
    if (held_fds) *held_fds = count;
    return most;
}

void ShmRequestChecks::on_create_pool(wl_resource* shm, uint32_t pool_id, int fd, int32_t size) {
    ClientState& state = state_for(wl_resource_get_client(shm));
    state.pending_pool.id = 0;
    state.pending_pool.sealed.reset();
    state.pending_buffer = {};
    if (size <= 0) return; // libwayland: invalid_stride

    // The same test libwayland makes for "sealed", but not its size test:
    // the file may grow between this look and libwayland's (another client
    // thread), and libwayland would then stop guarding a pool we did not
    // track. Every F_SEAL_SHRINK pool is tracked, whatever its size now.
    const int seals = fcntl(fd, F_GET_SEALS);
    const bool sealed = seals != -1 && (seals & F_SEAL_SHRINK);
    if (sealed && state.held_fds >= kMaxHeldFdsPerClient) {
        post_protocol_error(shm, WL_SHM_ERROR_INVALID_FD,
                            "create_pool: Shoji already keeps %d fds for this client's "
                            "F_SEAL_SHRINK pools, its limit", state.held_fds);
        return;
    }
    if (int(state.pools.size()) >= kMaxPoolsPerClient) {
        post_protocol_error(shm, WL_SHM_ERROR_INVALID_FD,
                            "create_pool: this client already has %zu pools, the most Shoji "
                            "maps for one client", state.pools.size());
        return;
    }
    if (state.bytes + size > kMaxPoolBytesPerClient) {
        post_protocol_error(shm, WL_SHM_ERROR_INVALID_FD,
                            "create_pool: %d more bytes would map %lld for this client, over "
                            "Shoji's limit of %lld", size, (long long)(state.bytes + size),
                            (long long)kMaxPoolBytesPerClient);
        return;
    }
    Fd dup;
    if (sealed) {
        dup.reset(fcntl(fd, F_DUPFD_CLOEXEC, 0));
        if (!dup) {
            // Fail closed: without the fd we could not check later resizes.
            post_protocol_error(shm, WL_SHM_ERROR_INVALID_FD,
                                "create_pool: cannot keep a copy of its F_SEAL_SHRINK fd: %s",
                                std::strerror(errno));
            return;
        }
    }
    state.pending_pool.id = pool_id;
    state.pending_pool.size = size;
    state.pending_pool.sealed = std::move(dup);
}

void ShmRequestChecks::on_resize(wl_resource* pool_resource, int32_t size) {
    wl_listener* l = wl_resource_get_destroy_listener(pool_resource, &ClientState::pool_destroyed);
    if (!l) return; // a pool refused at create_pool: its client is already gone
    auto* pool = static_cast<Pool*>(static_cast<Hook*>(l)->owner);
    if (size < pool->size) return; // libwayland: invalid_fd ("shrinking pool invalid")
    ClientState& state = *pool->owner;
    const int64_t total = state.bytes - pool->size + size;
    if (total > kMaxPoolBytesPerClient) {
        post_protocol_error(pool_resource, WL_SHM_ERROR_INVALID_FD,
                            "resize to %d bytes would map %lld for this client, over Shoji's "
                            "limit of %lld", size, (long long)total, (long long)kMaxPoolBytesPerClient);
        return;
    }
    if (pool->sealed) {
        char why[96];
        if (check_sealed_file(pool->sealed.get(), size, why, sizeof why)) {
            post_protocol_error(pool_resource, WL_SHM_ERROR_INVALID_FD,
                                "resize to %d bytes, %s: grow the file first", size, why);
            return;
        }
    }
    state.bytes = total;
    pool->size = size;
}

void ShmRequestChecks::on_create_buffer(wl_resource* pool_resource, const wl_argument* args) {
    const uint32_t id = args[0].n;
    const int32_t offset = args[1].i, width = args[2].i, height = args[3].i, stride = args[4].i;
    const uint32_t format = args[5].u;

    // Hole 1: libwayland checks `stride < width` (bytes against pixels).
    // Formats we do not serve, and non-positive sizes, are left to libwayland,
    // which answers them with invalid_format / invalid_stride.
    const ShmBufferInfo info{find_shm_format(format), width, height, stride};
    if (info.format && width > 0 && height > 0) {
        const ShmLayout layout(info);
        if (!layout.readable()) {
            post_protocol_error(pool_resource, WL_SHM_ERROR_INVALID_STRIDE, "create_buffer: %s",
                                layout.problem().c_str());
            return;
        }
    }
    wl_listener* l = wl_resource_get_destroy_listener(pool_resource, &ClientState::pool_destroyed);
    if (!l) return;
    auto* pool = static_cast<Pool*>(static_cast<Hook*>(l)->owner);
    ClientState& state = *pool->owner;
    // The byte range, for hole 3's check at use. A request whose range is not
    // one (negative offset, no rows, stride ≤ 0, an end past INT32_MAX) never
    // makes a wl_buffer: libwayland answers it with invalid_stride.
    const std::optional<Extent> extent = buffer_extent(offset, height, stride);
    if (!extent) {
        state.pending_buffer = {};
        return;
    }
    state.pending_buffer.id = id;
    state.pending_buffer.pool = pool;
    state.pending_buffer.end = extent->end;
}

const char* ShmRequestChecks::check_access(wl_resource* buffer, char* message, size_t size) {
    wl_listener* l = wl_resource_get_destroy_listener(buffer, &ClientState::buffer_destroyed);
    if (!l) return nullptr;
    const auto* record = static_cast<BufferRecord*>(static_cast<Hook*>(l)->owner);
    if (!record->pool->sealed) return nullptr;
    char why[96];
    if (!check_sealed_file(record->pool->sealed.get(), record->end, why, sizeof why)) return nullptr;
    std::snprintf(message, size, "buffer ends at byte %lld, %s", (long long)record->end, why);
    return message;
}

} // namespace shoji
