// wl_keyboard requests: release. Events are sent by Seat.
#include "seat/wl_keyboard.hpp"

#include <wayland-server-protocol.h>

#include "seat/wl_seat.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
Seat* seat_of(wl_resource* r) { return static_cast<Seat*>(wl_resource_get_user_data(r)); }
const struct wl_keyboard_interface keyboard_impl = {
    /* release */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};
void keyboard_resource_destroy(wl_resource* r) {
    if (Seat* seat = seat_of(r)) seat->remove_resource(r);
}
} // namespace

void create_wl_keyboard(Seat& seat, wl_resource* seat_resource, uint32_t id) {
    wl_resource* r = create_resource(seat_resource, &wl_keyboard_interface, uint32_t(wl_resource_get_version(seat_resource)),
                                     id, &keyboard_impl, &seat, keyboard_resource_destroy);
    if (r) seat.add_keyboard(r);
}

} // namespace shoji
