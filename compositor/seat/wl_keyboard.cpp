// wl_keyboard requests: release. Events are sent by Seat.
#include <wayland-server-protocol.h>

#include "seat/wl_seat.hpp"

namespace shoji {

namespace {
Seat* seat_of(wl_resource* r) { return static_cast<Seat*>(wl_resource_get_user_data(r)); }
const struct wl_keyboard_interface keyboard_impl = {
    [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};
void keyboard_resource_destroy(wl_resource* r) {
    if (Seat* seat = seat_of(r)) seat->remove_resource(r);
}
} // namespace

void create_wl_keyboard(Seat& seat, wl_client* client, uint32_t version, uint32_t id) {
    wl_resource* r = wl_resource_create(client, &wl_keyboard_interface, int(version), id);
    if (!r) {
        wl_client_post_no_memory(client);
        return;
    }
    wl_resource_set_implementation(r, &keyboard_impl, &seat, keyboard_resource_destroy);
    seat.add_keyboard(r);
}

} // namespace shoji
