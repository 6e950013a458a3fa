// AttachedBuffer: a wl_shm buffer that a surface has committed, and so shows.
//
// It reads the client's pixels only through ShmAccess, every time they are
// composited. If the client destroys the wl_buffer while it is still shown
// (libwayland frees the wl_shm_buffer with its resource: DESIGN.md §6 hole 2),
// the destroy listener, which runs before libwayland frees it, copies the
// pixels once more inside a guard into an image we own, and the surface keeps
// showing that copy until it commits a new buffer.
#pragma once

#include <wayland-server-core.h>

#include "shm/shm_access.hpp"
#include "util/pixman_image.hpp"

namespace shoji {

class AttachedBuffer {
public:
    // `buffer` must be a wl_shm buffer whose layout passed check_shm_layout.
    AttachedBuffer(wl_resource* buffer, const ShmBufferInfo& info);
    AttachedBuffer(const AttachedBuffer&) = delete;
    AttachedBuffer& operator=(const AttachedBuffer&) = delete;

    const ShmBufferInfo& info() const { return info_; }
    int32_t width() const { return info_.width; }
    int32_t height() const { return info_.height; }
    bool opaque() const { return !info_.format->has_alpha(); }

    // The client's wl_buffer, or null once the client destroyed it.
    wl_resource* resource() const { return resource_; }

    // wl_buffer.release: "the compositor will not access the buffer's
    // content" any more (wayland.xml). Sent once no other surface shows the
    // same wl_buffer.
    void release();
    // Whether with_image() can produce pixels.
    bool readable() const { return saved_ || resource_; }

    // Calls f(pixman_image_t*) with the buffer's pixels: the client's memory
    // inside an ShmAccess guard, or our copy if the client destroyed the
    // buffer. f is not called if the pixels cannot be read.
    template <class F>
    void with_image(F&& f) const {
        if (saved_) {
            f(saved_.get());
        } else if (resource_) {
            ShmAccess access(resource_);
            if (access.image()) f(access.image());
        }
    }

    ~AttachedBuffer();

private:
    void on_buffer_destroy();
    static void notify_buffer_destroy(wl_listener* listener, void* data);

    wl_resource* resource_;
    ShmBufferInfo info_;
    PixmanImage saved_;
    bool released_ = false;
    // A raw wl_listener with a notify function of its own (not Listener's
    // shared one): wl_resource_get_destroy_listener(buffer, notify) then
    // tells whether another AttachedBuffer still shows this wl_buffer.
    struct DestroyListener : wl_listener {
        AttachedBuffer* owner;
    } buffer_destroy_;
};

} // namespace shoji
