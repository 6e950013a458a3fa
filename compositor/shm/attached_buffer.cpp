#include "shm/attached_buffer.hpp"

#include <wayland-server-protocol.h>

namespace shoji {

AttachedBuffer::AttachedBuffer(wl_resource* buffer, const ShmBufferInfo& info)
    : resource_(buffer), info_(info) {
    buffer_destroy_.connect_destroy(buffer);
}

void AttachedBuffer::release() {
    if (resource_ && !released_) wl_buffer_send_release(resource_);
    released_ = true;
}

void AttachedBuffer::on_buffer_destroy() {
    // Still shown: keep the last content. The copy is made with the same
    // format so later compositing is unchanged.
    // (pixman cannot write YUV; those formats are opaque, so x8r8g8b8 keeps them.)
    const pixman_format_code_t format = pixman_format_supported_destination(info_.format->pixman)
                                            ? info_.format->pixman
                                            : PIXMAN_x8r8g8b8;
    PixmanImage copy = make_image(format, info_.width, info_.height);
    with_image([&](pixman_image_t* src) {
        if (copy)
            pixman_image_composite32(PIXMAN_OP_SRC, src, nullptr, copy.get(), 0, 0, 0, 0, 0, 0,
                                     info_.width, info_.height);
    });
    saved_ = std::move(copy);
    resource_ = nullptr;
    buffer_destroy_.disconnect();
}

} // namespace shoji
