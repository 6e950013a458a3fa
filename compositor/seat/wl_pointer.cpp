// wl_pointer requests: set_cursor and release. Events are sent by Seat.
#include "seat/wl_pointer.hpp"

#include <wayland-server-protocol.h>

#include "seat/wl_seat.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
Seat* seat_of(wl_resource* r) { return static_cast<Seat*>(wl_resource_get_user_data(r)); }

void pointer_set_cursor(wl_client*, wl_resource* r, uint32_t serial, wl_resource* surface, int32_t hx, int32_t hy) {
    if (Seat* seat = seat_of(r)) seat->set_cursor(r, serial, surface, hx, hy);
}
const struct wl_pointer_interface pointer_impl = {
    /* set_cursor */ pointer_set_cursor,
    /* release */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};
void pointer_resource_destroy(wl_resource* r) {
    if (Seat* seat = seat_of(r)) seat->remove_resource(r);
}
} // namespace

void create_wl_pointer(Seat& seat, wl_resource* seat_resource, uint32_t id) {
    wl_resource* r = create_resource(seat_resource, &wl_pointer_interface, uint32_t(wl_resource_get_version(seat_resource)),
                                     id, &pointer_impl, &seat, pointer_resource_destroy);
    if (r) seat.add_pointer(r);
}

} // namespace shoji
