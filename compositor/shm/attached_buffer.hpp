// AttachedBuffer: a buffer that a surface has committed, and so shows: a
// wl_shm buffer, or a single-pixel buffer (wp_single_pixel_buffer_manager_v1,
// surface/wp_single_pixel_buffer_manager_v1.hpp), the solid kind.
//
// The solid kind holds its colour in an image of its own, made when the
// surface commits it: no client memory is ever read for it, so it needs no
// ShmAccess guard (nothing the client can truncate or unmap lies under it),
// and a client that destroys the wl_buffer while it is shown takes nothing
// away (nothing is copied: the surface keeps its colour).
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

// The 32-bit premultiplied RGBA of a single-pixel buffer
// (single-pixel-buffer-v1.xml, create_u32_rgba_buffer).
struct SolidColour {
    uint32_t r = 0, g = 0, b = 0, a = 0;
};

class AttachedBuffer {
public:
    // `buffer` must be a wl_shm buffer whose layout is ShmLayout::readable,
    // shown by `surface`.
    AttachedBuffer(wl_resource* buffer, const ShmBufferInfo& info, const Surface& surface);
    // A single-pixel buffer of `colour` (1×1; info() has no format).
    AttachedBuffer(wl_resource* buffer, const SolidColour& colour, const Surface& surface);
    ~AttachedBuffer();
    AttachedBuffer(const AttachedBuffer&) = delete;
    AttachedBuffer& operator=(const AttachedBuffer&) = delete;

    const ShmBufferInfo& info() const { return info_; }
    int32_t width() const { return info_.width; }
    int32_t height() const { return info_.height; }
    bool opaque() const { return solid_ ? solid_opaque_ : !info_.format->has_alpha(); }

    // The client's wl_buffer, or null once the client destroyed it.
    wl_resource* resource() const { return resource_; }

    // wl_buffer.release: "the compositor will not access the buffer's
    // content" any more (wayland.xml). Sent once no other surface shows the
    // same wl_buffer. Nothing is read after it.
    void release();
    // Whether with_image() can produce pixels.
    bool readable() const { return solid_ || kept_ || resource_; }
    // Once the client destroyed the buffer: the part of the surface (surface
    // coordinates) whose pixels were kept; only that part may be drawn.
    // Null while the client's buffer lives.
    const Box* kept_area() const { return kept_ ? &kept_area_ : nullptr; }

    // Calls f(pixman_image_t* image, int32_t x, int32_t y) with the buffer's
    // pixels, where image's (0, 0) is buffer pixel (x, y): the client's memory
    // inside an ShmAccess guard (x = y = 0), or what was kept of it, or a
    // solid colour's own image. f is not called if the pixels cannot be read.
    template <class F>
    void with_image(F&& f) const {
        if (solid_) {
            f(solid_.get(), 0, 0);
        } else if (kept_) {
            f(kept_->image.get(), kept_->box.x, kept_->box.y);
        } else if (resource_) {
            ShmAccess access(resource_);
            if (access.image()) f(access.image(), 0, 0);
        }
    }

private:
    friend struct ShownBuffer;
    friend class ReleaseHold;

    wl_resource* resource_;
    ShmBufferInfo info_;
    const Surface* surface_;
    // Every surface showing one wl_buffer shares one ShownBuffer, which
    // listens for its destruction; null once released or destroyed.
    struct ShownBuffer* shown_ = nullptr;
    std::shared_ptr<const KeptPixels> kept_;
    Box kept_area_;
    PixmanImage solid_; // the solid kind's colour (a pixman solid fill)
    bool solid_opaque_ = false;
};

// Holds back a wl_buffer's release while the output shows the client's
// memory itself (direct scanout, output/direct_scanout_buffer.hpp): the
// surface may move on to another buffer at its next commit, but the pixels
// are still on screen until the output commits something else, and
// wl_buffer.release means "the compositor will not access the buffer's
// content" any more (wayland.xml). A release owed while held is sent when the
// last hold goes; none is sent if a surface shows the buffer again meanwhile.
class ReleaseHold {
public:
    // `buffer`: a wl_buffer some surface shows now (an AttachedBuffer of it
    // exists).
    explicit ReleaseHold(wl_resource* buffer);
    ~ReleaseHold();
    ReleaseHold(const ReleaseHold&) = delete;
    ReleaseHold& operator=(const ReleaseHold&) = delete;

    // The held wl_buffer, or null once the client destroyed it.
    wl_resource* resource() const { return resource_; }

private:
    friend struct ShownBuffer;
    wl_resource* resource_;
    struct ShownBuffer* shown_ = nullptr;
};

} // namespace shoji
