// wl_keyboard: the resource Seat::get_keyboard makes. Its one request
// (release) is in wl_keyboard.cpp; its events are sent by Seat.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

namespace shoji {

class Seat;

// Creates the wl_keyboard made by `seat_resource`'s get_keyboard and adds it
// to `seat`; does nothing more after posting no_memory.
void create_wl_keyboard(Seat& seat, wl_resource* seat_resource, uint32_t id);

} // namespace shoji
