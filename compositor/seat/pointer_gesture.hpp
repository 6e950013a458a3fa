// PointerGesture: a zwp_pointer_gesture_swipe_v1, _pinch_v1 or _hold_v1
// object (pointer-gestures-unstable-v1.xml). The three interfaces have the
// same one request (destroy) and differ only in their events, which
// PointerGestures sends; one class serves them, by kind. Owned by its
// resource.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

#include "seat/gesture_event.hpp"

namespace shoji {

class PointerGestures;

class PointerGesture {
public:
    static PointerGesture* create(PointerGestures& manager, wl_resource* parent, uint32_t id, GestureEvent::Kind kind);
    ~PointerGesture();
    static PointerGesture* from(wl_resource* resource);

    wl_resource* resource() const { return resource_; }
    wl_client* client() const { return wl_resource_get_client(resource_); }
    GestureEvent::Kind kind() const { return kind_; }
    void manager_gone() { manager_ = nullptr; }

private:
    PointerGesture(PointerGestures& manager, wl_resource* resource, GestureEvent::Kind kind)
        : manager_(&manager), resource_(resource), kind_(kind) {}
    PointerGestures* manager_;
    wl_resource* resource_;
    GestureEvent::Kind kind_;
};

} // namespace shoji
