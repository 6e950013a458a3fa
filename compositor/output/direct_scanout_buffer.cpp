#include "output/direct_scanout_buffer.hpp"

#include <drm_fourcc.h>

#include "render/buffer_transform.hpp"
#include "surface/wl_surface.hpp"

namespace shoji {

const wlr_buffer_impl DirectScanoutBuffer::kImpl = {
    &DirectScanoutBuffer::destroy, nullptr, nullptr, &DirectScanoutBuffer::begin_access,
    &DirectScanoutBuffer::end_access,
};

DirectScanoutBuffer::DirectScanoutBuffer(wl_resource* buffer, const ShmBufferInfo& info) : base_{}, hold_(buffer) {
    base_.owner = this;
    wlr_buffer_init(&base_.buffer, &kImpl, info.width, info.height);
}

wlr_buffer* DirectScanoutBuffer::create(wl_resource* buffer, const ShmBufferInfo& info) {
    return &(new DirectScanoutBuffer(buffer, info))->base_.buffer;
}

DirectScanoutBuffer* DirectScanoutBuffer::from(wlr_buffer* buffer) {
    if (!buffer || buffer->impl != &kImpl) return nullptr;
    return reinterpret_cast<Base*>(buffer)->owner;
}

void DirectScanoutBuffer::destroy(wlr_buffer* buffer) {
    // The last lock is gone: the output shows something else. ~ReleaseHold
    // sends the release the surface owes, if it owes one.
    delete from(buffer);
}

bool DirectScanoutBuffer::begin_access(wlr_buffer* buffer, uint32_t flags, void** data, uint32_t* format,
                                       size_t* stride) {
    DirectScanoutBuffer* self = from(buffer);
    // Nobody writes into a client's buffer; one guard at a time.
    if ((flags & WLR_BUFFER_DATA_PTR_ACCESS_WRITE) || self->access_ || !self->resource()) return false;
    self->access_.emplace(self->resource());
    pixman_image_t* image = self->access_->image();
    if (!image) {
        self->access_.reset();
        return false;
    }
    // ARGB8888 and XRGB8888 are the same 32-bit layout; the surface is
    // opaque, so its alpha byte means nothing, as in a SRC composite of it
    // into the x8r8g8b8 output buffer.
    *data = pixman_image_get_data(image);
    *format = DRM_FORMAT_XRGB8888;
    *stride = size_t(pixman_image_get_stride(image));
    return true;
}

void DirectScanoutBuffer::end_access(wlr_buffer* buffer) {
    from(buffer)->access_.reset();
}

wl_resource* scanout_candidate(const std::vector<View>& views, const Box& output_box, int32_t output_scale120,
                               int32_t width, int32_t height) {
    const View* only = nullptr;
    for (const View& v : views) {
        Region on_output(Box{v.x, v.y, v.surface->width(), v.surface->height()});
        on_output.intersect(output_box);
        if (on_output.empty()) continue;
        if (only) return nullptr; // something else is visible
        only = &v;
    }
    if (!only || only->x != output_box.x || only->y != output_box.y) return nullptr;
    const Surface& s = *only->surface;
    const AttachedBuffer* buffer = s.buffer();
    if (!buffer || !buffer->resource() || buffer->kept_area() || !buffer->info().format) return nullptr;
    const pixman_format_code_t format = buffer->info().format->pixman;
    if (format != PIXMAN_x8r8g8b8 && format != PIXMAN_a8r8g8b8) return nullptr;
    if (buffer->width() != width || buffer->height() != height) return nullptr;
    pixman_transform_t unused;
    // Direct sampling only: 1:1 with the output's pixels. On a fractional
    // scale never (a buffer scale is whole): such a buffer is resampled.
    if (output_to_buffer_transform(s.geometry(), output_scale120, &unused) != Sampling::Direct) return nullptr;
    // The surface in output pixels is the buffer (direct sampling): it must
    // be opaque all over, or the background would show through.
    const Region& opaque = s.opaque_region();
    if (!(opaque.extents() == Box{0, 0, s.width(), s.height()}) || opaque.rect_count() != 1) return nullptr;
    if (scale_floor(s.width(), output_scale120) != width || scale_floor(s.height(), output_scale120) != height)
        return nullptr;
    return buffer->resource();
}

} // namespace shoji
