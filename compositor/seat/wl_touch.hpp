// SeatTouch: the seat's touch screen (wl_touch, wayland.xml): the touch
// points that are down now and the wl_touch resources their events go to.
//
// A point comes down on the topmost surface accepting input there (the
// pointer's hit test: subsurfaces, input regions, buffer scale and
// transform as the pointer sees them) and stays on it until it goes up,
// wherever it moves: wayland.xml, wl_touch.down: "this touch point ... will
// be associated with" that surface, and motion is "relative to the surface"
// even outside it. Each event is followed by its own wl_touch.frame. A
// point whose surface is destroyed goes up (its client is told), so no
// client keeps a touch it can never end.
//
// Input arrives through Seat::touch_down/touch_motion/touch_up/touch_cancel
// (the control verbs, the WLCS module, tests), in layout coordinates.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <wayland-server-core.h>

#include "util/listener.hpp"

namespace shoji {

class Seat;
class Surface;

class SeatTouch {
public:
    // Touch points down at once; a down past it is refused (and its later
    // motion and up are unknown ids, ignored). Touch screens track 10 fingers,
    // a few 20; it bounds the seat's bookkeeping whatever a caller sends.
    static constexpr size_t kMaxTouchPoints = 32;

    SeatTouch(Seat& seat, wl_display* display);
    ~SeatTouch();
    SeatTouch(const SeatTouch&) = delete;
    SeatTouch& operator=(const SeatTouch&) = delete;

    // wl_seat.get_touch.
    void add_resource(wl_resource* seat_resource, uint32_t id);
    void remove_resource(wl_resource* touch);

    // False (nothing sent) if `id` is already down or kMaxTouchPoints are.
    bool down(int32_t id, double x, double y, uint32_t time_ms);
    // False if `id` is not down.
    bool motion(int32_t id, double x, double y, uint32_t time_ms);
    bool up(int32_t id, uint32_t time_ms);
    // wl_touch.cancel to every client with a point down; every point goes.
    void cancel();
    bool is_down(int32_t id) const;

private:
    struct Point {
        int32_t id;
        Surface* surface; // null: came down on nothing (or only closed a popup)
        wl_client* client;
        int32_t origin_x, origin_y; // the surface's (0, 0) in the layout, last seen
        Listener surface_gone, client_gone;
    };
    Point* find(int32_t id) const;
    void erase(Point* p);
    // The surface's current (0, 0) in the layout, if it is shown.
    bool surface_origin(const Surface* surface, int32_t& x, int32_t& y) const;
    void send_up(Point& p, uint32_t time_ms);
    void send_frame(wl_client* client);
    template <class F>
    void for_each(wl_client* client, F&& f);

    Seat& seat_;
    wl_display* display_;
    std::vector<wl_resource*> touches_;
    std::vector<std::unique_ptr<Point>> points_;
    uint32_t last_time_ms_ = 0;
};

} // namespace shoji
