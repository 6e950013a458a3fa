#include "shm/shm_access.hpp"

#include <cstdio>

#include <wayland-server-protocol.h>

#include "shm/shm_request_checks.hpp"
#include "util/checked.hpp"
#include "util/protocol_error.hpp"

namespace shoji {

ShmBufferInfo shm_buffer_info(wl_shm_buffer* buffer) {
    ShmBufferInfo info;
    info.format = find_shm_format(wl_shm_buffer_get_format(buffer));
    info.width = wl_shm_buffer_get_width(buffer);
    info.height = wl_shm_buffer_get_height(buffer);
    info.stride = wl_shm_buffer_get_stride(buffer);
    return info;
}

const char* check_shm_layout(const ShmBufferInfo& info, char* message, size_t size) {
    if (!info.format) {
        std::snprintf(message, size, "format is not one Shoji advertised");
        return message;
    }
    const int64_t min_stride = row_bytes(info.width, info.format->bytes_per_pixel);
    if (info.stride < min_stride) {
        std::snprintf(message, size,
                      "stride %d is smaller than width %d × %d bytes (%s): is the stride in pixels?",
                      info.stride, info.width, info.format->bytes_per_pixel, info.format->name);
        return message;
    }
    if (info.stride % 4 != 0) {
        std::snprintf(message, size, "stride %d of a %d-pixel-wide %s buffer is not a multiple of 4",
                      info.stride, info.width, info.format->name);
        return message;
    }
    return nullptr;
}

ShmAccess::ShmAccess(wl_resource* resource) {
    // Hole 3 at use: a buffer past the end of its F_SEAL_SHRINK file would
    // fault with no guard armed. Fail closed, with the error a fault gets.
    char why[160];
    if (const char* problem = ShmRequestChecks::check_access(resource, why, sizeof why)) {
        post_protocol_error(resource, WL_SHM_ERROR_INVALID_FD, "%s", problem);
        return;
    }
    buffer_ = wl_shm_buffer_get(resource);
    if (!buffer_) return;
    wl_shm_buffer_begin_access(buffer_);
    const ShmBufferInfo info = shm_buffer_info(buffer_);
    char unused[160];
    if (check_shm_layout(info, unused, sizeof unused) != nullptr) return;
    // The pointer is fetched here, inside the guard, and dies with it.
    auto* data = static_cast<uint32_t*>(wl_shm_buffer_get_data(buffer_));
    image_.reset(pixman_image_create_bits_no_clear(info.format->pixman, info.width, info.height,
                                                   data, info.stride));
}

ShmAccess::~ShmAccess() {
    image_.reset();
    if (buffer_) wl_shm_buffer_end_access(buffer_);
}

} // namespace shoji
