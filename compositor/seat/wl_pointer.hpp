// wl_pointer: the resource Seat::get_pointer makes. Its requests (set_cursor,
// release) are in wl_pointer.cpp; its events are sent by Seat.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

namespace shoji {

class Seat;

// Creates the wl_pointer made by `seat_resource`'s get_pointer and adds it to
// `seat`; does nothing more after posting no_memory.
void create_wl_pointer(Seat& seat, wl_resource* seat_resource, uint32_t id);

} // namespace shoji
