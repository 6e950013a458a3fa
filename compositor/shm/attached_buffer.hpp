// AttachedBuffer: a wl_shm buffer that a surface has committed, and so shows.
//
// It reads the client's pixels only through ShmAccess, every time they are
// composited. If the client destroys the wl_buffer while it is still shown
// (libwayland frees the wl_shm_buffer with its resource: docs/design.md,
// “Hole 2: a buffer destroyed while it is shown”),
// the destroy listener, which runs before libwayland frees it, has
// BufferCopies copy the part of it that is on an output, once for all the
// surfaces that show it, inside a guard, into an image we own; the surface
// keeps showing that until it commits a new buffer (and nothing where it was
// off the outputs, or past the client's copy budget).
#pragma once

#include <memory>

#include <wayland-server-core.h>

#include "shm/buffer_copies.hpp"
#include "shm/shm_access.hpp"
#include "util/region.hpp"

namespace shoji {

class Surface;

class AttachedBuffer {
public:
    // `buffer` must be a wl_shm buffer whose layout is ShmLayout::readable,
    // shown by `surface`.
    AttachedBuffer(wl_resource* buffer, const ShmBufferInfo& info, const Surface& surface);
    ~AttachedBuffer();
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
    // same wl_buffer. Nothing is read after it.
    void release();
    // Whether with_image() can produce pixels.
    bool readable() const { return kept_ || resource_; }
    // Once the client destroyed the buffer: the part of the surface (surface
    // coordinates) whose pixels were kept; only that part may be drawn.
    // Null while the client's buffer lives.
    const Box* kept_area() const { return kept_ ? &kept_area_ : nullptr; }

    // Calls f(pixman_image_t* image, int32_t x, int32_t y) with the buffer's
    // pixels, where image's (0, 0) is buffer pixel (x, y): the client's memory
    // inside an ShmAccess guard (x = y = 0), or what was kept of it. f is not
    // called if the pixels cannot be read.
    template <class F>
    void with_image(F&& f) const {
        if (kept_) {
            f(kept_->image.get(), kept_->box.x, kept_->box.y);
        } else if (resource_) {
            ShmAccess access(resource_);
            if (access.image()) f(access.image(), 0, 0);
        }
    }

private:
    friend struct ShownBuffer;

    wl_resource* resource_;
    ShmBufferInfo info_;
    const Surface* surface_;
    // Every surface showing one wl_buffer shares one ShownBuffer, which
    // listens for its destruction; null once released or destroyed.
    struct ShownBuffer* shown_ = nullptr;
    std::shared_ptr<const KeptPixels> kept_;
    Box kept_area_;
};

} // namespace shoji
