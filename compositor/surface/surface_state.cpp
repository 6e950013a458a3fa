#include "surface/surface_state.hpp"

#include "presentation-time-server-protocol.h"

namespace shoji {

void SurfaceState::take(SurfaceState& from) {
    const uint32_t f = from.committed;
    if (f & kBuffer) buffer.set(from.buffer.get());
    if (f & kOffset) dx = from.dx, dy = from.dy;
    if (f & kOpaque) opaque = std::move(from.opaque);
    if (f & kInput) input = std::move(from.input);
    if (f & kScale) scale = from.scale;
    if (f & kTransform) transform = from.transform;
    copy_viewport(viewport, from);
    // Cached commits accumulate: keep the union as small as one commit's.
    surface_damage.add(from.surface_damage);
    surface_damage.simplify(kMaxDamageRects);
    buffer_damage.add(from.buffer_damage);
    buffer_damage.simplify(kMaxDamageRects);
    wl_list_insert_list(frame_callbacks.prev, &from.frame_callbacks);
    wl_list_init(&from.frame_callbacks);
    // presentation-time.xml: a feedback is for the content update of its
    // commit; a later commit cached over it supersedes that update.
    if (!wl_list_empty(&from.feedbacks)) {
        discard_feedbacks(&feedbacks);
        wl_list_insert_list(feedbacks.prev, &from.feedbacks);
        wl_list_init(&from.feedbacks);
    }
    committed |= f;

    from.buffer.set(nullptr);
    from.surface_damage.clear();
    from.buffer_damage.clear();
    from.committed = 0;
}

void SurfaceState::copy_viewport(ViewportState& to, const SurfaceState& from) {
    if (from.committed & kSource) {
        to.has_source = from.viewport.has_source;
        to.src_x = from.viewport.src_x, to.src_y = from.viewport.src_y;
        to.src_width = from.viewport.src_width, to.src_height = from.viewport.src_height;
    }
    if (from.committed & kDestination) {
        to.has_destination = from.viewport.has_destination;
        to.dst_width = from.viewport.dst_width, to.dst_height = from.viewport.dst_height;
    }
}

void discard_feedbacks(wl_list* list) {
    wl_resource *fb, *tmp;
    wl_resource_for_each_safe(fb, tmp, list) {
        wp_presentation_feedback_send_discarded(fb);
        wl_resource_destroy(fb);
    }
}

void SurfaceState::reset() {
    wl_resource *cb, *tmp;
    wl_resource_for_each_safe(cb, tmp, &frame_callbacks) wl_resource_destroy(cb);
    discard_feedbacks(&feedbacks);
    buffer.set(nullptr);
    surface_damage.clear();
    buffer_damage.clear();
    committed = 0;
}

} // namespace shoji
