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

ShmLayout::ShmLayout(const ShmBufferInfo& info) : info_(info) {
    if (!info.format)
        problem_ = Problem::kUnknownFormat;
    else if (info.stride < row_bytes(info.width, info.format->bytes_per_pixel))
        problem_ = Problem::kStrideTooSmall;
    else if (info.stride % 4 != 0)
        problem_ = Problem::kStrideNotAligned;
    else
        problem_ = Problem::kNone;
}

std::string ShmLayout::problem() const {
    char message[200];
    switch (problem_) {
    case Problem::kNone: return {};
    case Problem::kUnknownFormat: return "format is not one Shoji advertised";
    case Problem::kStrideTooSmall:
        std::snprintf(message, sizeof message,
                      "stride %d is smaller than width %d × %d bytes (%s): is the stride in pixels?", info_.stride,
                      info_.width, info_.format->bytes_per_pixel, info_.format->name);
        break;
    case Problem::kStrideNotAligned:
        std::snprintf(message, sizeof message, "stride %d of a %d-pixel-wide %s buffer is not a multiple of 4",
                      info_.stride, info_.width, info_.format->name);
        break;
    }
    return message;
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
    // The last line: whatever was checked before, no image is made over a
    // layout pixman would read past.
    if (!ShmLayout(info).readable()) return;
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
