#include "seat/pointer_gesture.hpp"

#include "pointer-gestures-unstable-v1-server-protocol.h"
#include "seat/zwp_pointer_gestures_v1.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
void handle_destroy(wl_client*, wl_resource* r) { wl_resource_destroy(r); }
const struct zwp_pointer_gesture_swipe_v1_interface swipe_impl = {handle_destroy};
const struct zwp_pointer_gesture_pinch_v1_interface pinch_impl = {handle_destroy};
const struct zwp_pointer_gesture_hold_v1_interface hold_impl = {handle_destroy};

void destroy_resource(wl_resource* r) { delete PointerGesture::from(r); }
} // namespace

PointerGesture* PointerGesture::create(PointerGestures& manager, wl_resource* parent, uint32_t id,
                                       GestureEvent::Kind kind) {
    const wl_interface* iface = kind == GestureEvent::Kind::Swipe   ? &zwp_pointer_gesture_swipe_v1_interface
                                : kind == GestureEvent::Kind::Pinch ? &zwp_pointer_gesture_pinch_v1_interface
                                                                    : &zwp_pointer_gesture_hold_v1_interface;
    const void* impl = kind == GestureEvent::Kind::Swipe   ? static_cast<const void*>(&swipe_impl)
                       : kind == GestureEvent::Kind::Pinch ? static_cast<const void*>(&pinch_impl)
                                                           : static_cast<const void*>(&hold_impl);
    wl_resource* r =
        create_resource(parent, iface, uint32_t(wl_resource_get_version(parent)), id, impl, nullptr, destroy_resource);
    if (!r) return nullptr;
    auto* g = new PointerGesture(manager, r, kind);
    wl_resource_set_user_data(r, g);
    return g;
}

PointerGesture::~PointerGesture() {
    if (manager_) manager_->gesture_destroyed(this);
}

PointerGesture* PointerGesture::from(wl_resource* resource) {
    return static_cast<PointerGesture*>(wl_resource_get_user_data(resource));
}

} // namespace shoji
