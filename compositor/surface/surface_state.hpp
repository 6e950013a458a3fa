// SurfaceState: every double-buffered field of a wl_surface, annotated with the
// request that sets it (wayland.xml: "wl_surface state ... is double-buffered:
// it is applied atomically on wl_surface.commit").
#pragma once

#include <cstdint>
#include <memory>

#include <wayland-server-core.h>
#include <wayland-server-protocol.h>

#include "surface/buffer_geometry.hpp"
#include "util/listener.hpp"
#include "util/region.hpp"

namespace shoji {

// Damage is a hint: a client sending thousands of disjoint rectangles would
// otherwise make every region operation on it slow. Past kMaxDamageRects
// rectangles (in one commit, in the state a synchronized subsurface caches
// over many commits, or gathered from a tree in one cascade) we repaint their
// bounding box instead.
constexpr int kMaxDamageRects = 64;

// A pending wl_buffer: forgets the resource if the client destroys it before
// the commit (which then detaches, as if `attach(NULL)`).
class PendingBuffer {
public:
    PendingBuffer() = default;
    PendingBuffer(const PendingBuffer&) = delete;
    PendingBuffer& operator=(const PendingBuffer&) = delete;

    void set(wl_resource* buffer) {
        resource_ = buffer;
        if (buffer) destroy_.connect_destroy(buffer);
        else destroy_.disconnect();
    }
    wl_resource* get() const { return resource_; }

private:
    wl_resource* resource_ = nullptr;
    Listener destroy_{[this](void*) { set(nullptr); }};
};

// wp_presentation_feedback.discarded to each feedback in `list`, which is
// then destroyed (and leaves the list).
void discard_feedbacks(wl_list* list);

struct SurfaceState {
    enum Field : uint32_t {
        kBuffer = 1 << 0,    // attach
        kOffset = 1 << 1,    // attach x/y (version < 5) or offset
        kOpaque = 1 << 2,    // set_opaque_region
        kInput = 1 << 3,     // set_input_region
        kScale = 1 << 4,     // set_buffer_scale
        kTransform = 1 << 5, // set_buffer_transform
        kSource = 1 << 6,    // wp_viewport.set_source (or the viewport's destruction)
        kDestination = 1 << 7, // wp_viewport.set_destination (likewise)
    };
    uint32_t committed = 0; // which fields were set since the last commit

    PendingBuffer buffer;                     // attach
    int32_t dx = 0, dy = 0;                   // attach x/y, or offset (v5)
    Region surface_damage;                    // damage (surface coordinates)
    Region buffer_damage;                     // damage_buffer (buffer coordinates)
    // Regions are shared with the wl_region they came from (built once,
    // never changed), so setting one costs no copy.
    std::shared_ptr<const Region> opaque;     // set_opaque_region (null = empty)
    std::shared_ptr<const Region> input;      // set_input_region (null = infinite)
    int32_t scale = 1;                        // set_buffer_scale
    wl_output_transform transform = WL_OUTPUT_TRANSFORM_NORMAL; // set_buffer_transform
    ViewportState viewport; // its source (kSource) and destination (kDestination) halves
    wl_list frame_callbacks;                  // frame (wl_callback resources)
    wl_list feedbacks; // wp_presentation.feedback (wp_presentation_feedback resources)

    SurfaceState() {
        wl_list_init(&frame_callbacks);
        wl_list_init(&feedbacks);
    }
    SurfaceState(const SurfaceState&) = delete;
    SurfaceState& operator=(const SurfaceState&) = delete;

    // Moves everything `from` set into this state, as a later commit would
    // (damage and frame callbacks accumulate), and leaves `from` empty. Used
    // for the cached state of synchronized subsurfaces.
    void take(SurfaceState& from);
    // The viewport halves `from` set (kSource, kDestination), copied into `to`.
    static void copy_viewport(ViewportState& to, const SurfaceState& from);
    // Forgets everything (frame callbacks are destroyed, feedbacks discarded).
    void reset();
};

} // namespace shoji
