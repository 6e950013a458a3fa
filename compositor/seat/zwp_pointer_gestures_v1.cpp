#include "seat/zwp_pointer_gestures_v1.hpp"

#include <algorithm>

#include "pointer-gestures-unstable-v1-server-protocol.h"
#include "seat/pointer_gesture.hpp"
#include "seat/wl_seat.hpp"
#include "surface/wl_surface.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
PointerGestures* manager_of(wl_resource* r) { return static_cast<PointerGestures*>(wl_resource_get_user_data(r)); }

// The wl_pointer argument names the seat's pointer; Shoji has one.
const struct zwp_pointer_gestures_v1_interface manager_impl = {
    /* get_swipe_gesture */
    [](wl_client*, wl_resource* r, uint32_t id, wl_resource*) {
        manager_of(r)->handle_get_gesture(r, GestureEvent::Kind::Swipe, id);
    },
    /* get_pinch_gesture */
    [](wl_client*, wl_resource* r, uint32_t id, wl_resource*) {
        manager_of(r)->handle_get_gesture(r, GestureEvent::Kind::Pinch, id);
    },
    /* release (v2) */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* get_hold_gesture (v3) */
    [](wl_client*, wl_resource* r, uint32_t id, wl_resource*) {
        manager_of(r)->handle_get_gesture(r, GestureEvent::Kind::Hold, id);
    },
};

void bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    create_resource(client, &zwp_pointer_gestures_v1_interface, version, id, &manager_impl, data, nullptr);
}

size_t index(GestureEvent::Kind kind) { return size_t(kind); }
} // namespace

PointerGestures::PointerGestures(wl_display* display, Seat& seat)
    : display_(display), seat_(seat),
      global_(wl_global_create(display, &zwp_pointer_gestures_v1_interface, kVersion, this, bind)) {
    for (Active& a : active_)
        a.surface_destroy.set_callback([&a](void*) {
            a.surface = nullptr; // the rest of that gesture is dropped
            a.surface_destroy.disconnect();
        });
    seat_.on_gesture = [this](const GestureEvent& e, Surface* s) { return deliver(e, s); };
}

PointerGestures::~PointerGestures() {
    seat_.on_gesture = nullptr;
    wl_global_destroy(global_);
    for (PointerGesture* g : gestures_) g->manager_gone();
}

void PointerGestures::handle_get_gesture(wl_resource* manager, GestureEvent::Kind kind, uint32_t id) {
    if (PointerGesture* g = PointerGesture::create(*this, manager, id, kind)) gestures_.push_back(g);
}

void PointerGestures::gesture_destroyed(PointerGesture* gesture) {
    gestures_.erase(std::remove(gestures_.begin(), gestures_.end(), gesture), gestures_.end());
}

bool PointerGestures::deliver(const GestureEvent& event, Surface* under_pointer) {
    Active& active = active_[index(event.kind)];
    if (event.phase == GestureEvent::Phase::Begin) {
        if (active.surface) {
            GestureEvent cancel = event;
            cancel.phase = GestureEvent::Phase::End;
            cancel.cancelled = true;
            send(cancel, active.surface);
        }
        active.surface_destroy.disconnect();
        active.surface = under_pointer && under_pointer->resource() ? under_pointer : nullptr;
        if (!active.surface) return false;
        active.surface_destroy.connect_destroy(active.surface->resource());
        return send(event, active.surface);
    }
    if (!active.surface) return false;
    Surface* target = active.surface;
    if (event.phase == GestureEvent::Phase::End) {
        active.surface = nullptr;
        active.surface_destroy.disconnect();
    }
    return send(event, target);
}

bool PointerGestures::send(const GestureEvent& e, Surface* surface) {
    wl_client* client = wl_resource_get_client(surface->resource());
    // Begin and end carry a serial; one per event, shared by its objects.
    const bool needs_serial = e.phase != GestureEvent::Phase::Update;
    const uint32_t serial = needs_serial ? wl_display_next_serial(display_) : 0;
    const wl_fixed_t dx = wl_fixed_from_double(e.dx), dy = wl_fixed_from_double(e.dy);
    bool sent = false;
    for (PointerGesture* g : gestures_) {
        if (g->kind() != e.kind || g->client() != client) continue;
        wl_resource* r = g->resource();
        sent = true;
        switch (e.kind) {
        case GestureEvent::Kind::Swipe:
            if (e.phase == GestureEvent::Phase::Begin)
                zwp_pointer_gesture_swipe_v1_send_begin(r, serial, e.time_ms, surface->resource(), e.fingers);
            else if (e.phase == GestureEvent::Phase::Update)
                zwp_pointer_gesture_swipe_v1_send_update(r, e.time_ms, dx, dy);
            else
                zwp_pointer_gesture_swipe_v1_send_end(r, serial, e.time_ms, e.cancelled ? 1 : 0);
            break;
        case GestureEvent::Kind::Pinch:
            if (e.phase == GestureEvent::Phase::Begin)
                zwp_pointer_gesture_pinch_v1_send_begin(r, serial, e.time_ms, surface->resource(), e.fingers);
            else if (e.phase == GestureEvent::Phase::Update)
                zwp_pointer_gesture_pinch_v1_send_update(r, e.time_ms, dx, dy, wl_fixed_from_double(e.scale),
                                                         wl_fixed_from_double(e.rotation));
            else
                zwp_pointer_gesture_pinch_v1_send_end(r, serial, e.time_ms, e.cancelled ? 1 : 0);
            break;
        case GestureEvent::Kind::Hold:
            // Hold has no update event (the spec: a hold does not move).
            if (e.phase == GestureEvent::Phase::Begin)
                zwp_pointer_gesture_hold_v1_send_begin(r, serial, e.time_ms, surface->resource(), e.fingers);
            else if (e.phase == GestureEvent::Phase::End)
                zwp_pointer_gesture_hold_v1_send_end(r, serial, e.time_ms, e.cancelled ? 1 : 0);
            break;
        }
    }
    return sent;
}

} // namespace shoji
