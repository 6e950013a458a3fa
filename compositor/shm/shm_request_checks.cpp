#include "shm/shm_request_checks.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstring>

#include <wayland-server-protocol.h>

#include "shm/shm_access.hpp"
#include "util/protocol_error.hpp"

namespace shoji {

namespace {
// Opcodes from wayland.xml (request order within each interface).
constexpr int kShmCreatePool = 0;        // wl_shm.create_pool(id, fd, size)
constexpr int kShmPoolCreateBuffer = 0;  // wl_shm_pool.create_buffer(id, offset, w, h, stride, format)
constexpr int kShmPoolDestroy = 1;       // wl_shm_pool.destroy
constexpr int kShmPoolResize = 2;        // wl_shm_pool.resize(size)
} // namespace

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
    } else if (std::strcmp(cls, wl_shm_pool_interface.name) == 0 && m->message_opcode == kShmPoolDestroy) {
        // Only the pool resource can be resized: its buffers need no entry.
        if (ClientState* state = self->state_for(wl_resource_get_client(m->resource), false))
            state->sealed_pools.erase(wl_resource_get_id(m->resource));
    }
}

ShmRequestChecks::ClientState* ShmRequestChecks::state_for(wl_client* client, bool create) {
    auto it = clients_.find(client);
    if (it != clients_.end()) return it->second.get();
    if (!create) return nullptr;
    auto state = std::make_unique<ClientState>();
    state->destroy.set_callback([this, client](void*) { clients_.erase(client); });
    state->destroy.connect_client_destroy(client);
    return clients_.emplace(client, std::move(state)).first->second.get();
}

void ShmRequestChecks::on_create_pool(wl_resource* shm, uint32_t pool_id, int fd, int32_t size) {
    wl_client* client = wl_resource_get_client(shm);
    // A new pool may reuse the id of a destroyed one: forget the old entry.
    if (ClientState* state = state_for(client, false)) state->sealed_pools.erase(pool_id);

    // The same test libwayland makes: sealed against shrinking and covering
    // the pool means "SIGBUS is impossible", so it will never guard it.
    const int seals = fcntl(fd, F_GET_SEALS);
    struct stat st;
    if (seals == -1 || !(seals & F_SEAL_SHRINK) || fstat(fd, &st) != 0 || st.st_size < size) return;
    Fd dup(fcntl(fd, F_DUPFD_CLOEXEC, 0));
    if (!dup) {
        // Fail closed: without the fd we could not check later resizes.
        post_protocol_error(shm, WL_SHM_ERROR_INVALID_FD,
                            "create_pool: cannot keep track of a sealed pool (out of file descriptors)");
        return;
    }
    state_for(client, true)->sealed_pools[pool_id] = std::move(dup);
}

void ShmRequestChecks::on_resize(wl_resource* pool, int32_t size) {
    ClientState* state = state_for(wl_resource_get_client(pool), false);
    if (!state) return;
    auto it = state->sealed_pools.find(wl_resource_get_id(pool));
    if (it == state->sealed_pools.end()) return;
    struct stat st;
    if (fstat(it->second.get(), &st) == 0 && st.st_size >= size) return; // still inside the file
    post_protocol_error(pool, WL_SHM_ERROR_INVALID_FD,
                        "resize to %d bytes, past the end of its F_SEAL_SHRINK file (%lld bytes): "
                        "grow the file first", size, (long long)st.st_size);
}

void ShmRequestChecks::on_create_buffer(wl_resource* pool, const wl_argument* args) {
    const int32_t width = args[2].i, height = args[3].i, stride = args[4].i;
    const uint32_t format = args[5].u;

    // Hole 1: libwayland checks `stride < width` (bytes against pixels).
    // Formats we do not serve, and non-positive sizes, are left to libwayland,
    // which answers them with invalid_format / invalid_stride.
    ShmBufferInfo info{find_shm_format(format), width, height, stride};
    char message[200];
    if (info.format && width > 0 && height > 0) {
        if (const char* problem = check_shm_layout(info, message, sizeof message))
            post_protocol_error(pool, WL_SHM_ERROR_INVALID_STRIDE, "create_buffer: %s", problem);
    }
}

} // namespace shoji
