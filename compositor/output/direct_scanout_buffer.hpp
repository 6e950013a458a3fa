// DirectScanoutBuffer: a client's wl_shm buffer presented as the output's
// content, with no composite (direct scanout).
//
// When one opaque surface covers a headless output exactly and nothing else
// is on it (scanout_candidate), compositing would copy every damaged pixel of
// the client's buffer into the output buffer unchanged. Instead, the output
// commits this wlr_buffer, which stands for the client's memory
// (wlr_output_attach_buffer): the frame copies nothing.
//
// Client memory is still read only inside an ShmAccess guard: the buffer's
// begin_data_ptr_access makes one (and refuses to nest, and refuses write
// access: nobody draws into a client's buffer), end_data_ptr_access ends it.
// The only reader is Output::read_pixels (screenshots, Server::snapshot,
// --damage-frames). Screencopy never reads it: wlroots 0.15 gives screencopy
// no buffer for an attached (not rendered) commit, and its shm copy arms
// libwayland's guard for the destination pool, under which a second pool's
// guard would abort. wlroots' screencopy takes the output's attach-render
// lock from a frame's copy request until it is done, so Output composites
// while a screencopy frame waits (Output::handle_frame checks the lock;
// wlr_output_commit would refuse an attached buffer anyway).
//
// While it exists, the wl_buffer's release is held back (ReleaseHold): the
// surface may have moved on to a newer buffer, but this one is on screen
// until the output commits something else, which drops Output's lock on it,
// destroys it and lets the release go.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "shm/attached_buffer.hpp"
#include "shm/shm_access.hpp"
#include "surface/view.hpp"
#include "util/region.hpp"
#include "wlr.hpp"

namespace shoji {

class DirectScanoutBuffer {
public:
    // A new wlr_buffer showing `buffer`, a wl_shm buffer of `info` that a
    // surface shows (ARGB8888 or XRGB8888, see scanout_candidate). The caller
    // attaches it and then drops it (wlr_buffer_drop): from then on the locks
    // on it keep it.
    static wlr_buffer* create(wl_resource* buffer, const ShmBufferInfo& info);
    // The DirectScanoutBuffer behind a wlr_buffer, or null if it is another kind.
    static DirectScanoutBuffer* from(wlr_buffer* buffer);

    // The client's wl_buffer, or null once the client destroyed it.
    wl_resource* resource() const { return hold_.resource(); }

private:
    DirectScanoutBuffer(wl_resource* buffer, const ShmBufferInfo& info);
    static void destroy(wlr_buffer* buffer);
    static bool begin_access(wlr_buffer* buffer, uint32_t flags, void** data, uint32_t* format, size_t* stride);
    static void end_access(wlr_buffer* buffer);
    static const wlr_buffer_impl kImpl;

    // The wlr_buffer first: wlroots' pointer to it is a pointer to Base.
    struct Base {
        wlr_buffer buffer;
        DirectScanoutBuffer* owner;
    } base_;
    ReleaseHold hold_;
    std::optional<ShmAccess> access_; // during a data pointer access
};

// The wl_buffer that can be presented as an output's content as it is, or
// null: exactly one view on the output (no other window, subsurface, popup or
// cursor image), at the output's origin, whose current buffer is a client's
// wl_shm buffer (not a single-pixel buffer, not pixels kept of a destroyed
// one) in ARGB8888 or XRGB8888 (the output buffer's layout), sampled directly
// (buffer scale = output scale, no buffer transform, no viewport), exactly
// the output's size in pixels, and opaque over all of it as the compositor
// sees opacity (Surface::opaque_region: an XRGB format, or an opaque region
// covering it). Anything else is composited.
// `output_scale120` in 120ths (util/scale.hpp).
wl_resource* scanout_candidate(const std::vector<View>& views, const Box& output_box, int32_t output_scale120,
                               int32_t width, int32_t height);

} // namespace shoji
