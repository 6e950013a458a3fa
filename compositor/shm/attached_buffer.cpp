#include "shm/attached_buffer.hpp"

#include <wayland-server-protocol.h>

namespace shoji {

AttachedBuffer::AttachedBuffer(wl_resource* buffer, const ShmBufferInfo& info)
    : resource_(buffer), info_(info) {
    buffer_destroy_.notify = &AttachedBuffer::notify_buffer_destroy;
    buffer_destroy_.owner = this;
    wl_resource_add_destroy_listener(buffer, &buffer_destroy_);
}

AttachedBuffer::~AttachedBuffer() {
    if (resource_) wl_list_remove(&buffer_destroy_.link);
}

void AttachedBuffer::notify_buffer_destroy(wl_listener* listener, void*) {
    static_cast<DestroyListener*>(listener)->owner->on_buffer_destroy();
}

void AttachedBuffer::release() {
    if (!resource_ || released_) return;
    released_ = true;
    // Our listener leaves first; any AttachedBuffer still listening is
    // another surface showing the same wl_buffer, which keeps it in use.
    wl_list_remove(&buffer_destroy_.link);
    wl_list_init(&buffer_destroy_.link);
    if (!wl_resource_get_destroy_listener(resource_, &AttachedBuffer::notify_buffer_destroy))
        wl_buffer_send_release(resource_);
    wl_resource_add_destroy_listener(resource_, &buffer_destroy_);
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
    wl_list_remove(&buffer_destroy_.link);
    wl_list_init(&buffer_destroy_.link);
}

} // namespace shoji
