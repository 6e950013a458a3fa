// zwp_relative_pointer_manager_v1 (relative-pointer-unstable-v1.xml,
// version 1): the global through which clients get relative pointers
// (zwp_relative_pointer_v1), which report how far the pointing device moved,
// unclipped by the outputs' edges and whether or not the pointer is locked
// (zwp_pointer_constraints_v1): what games and 3D viewers turn into camera
// motion.
//
// Every relative motion the seat gets (Seat::pointer_motion: virtual
// pointers, the WLCS pointer, `shoji ctl pointer --relative`, tests) reaches
// the relative pointers of the client with the pointer focus. Absolute
// positions (warps) are no device motion and send none (the spec: "there may
// also be scenarios where wl_pointer.motion is sent, but there is no relative
// motion"). Shoji applies no acceleration: the unaccelerated delta is the
// delta.
#pragma once

#include <cstdint>
#include <vector>

#include <wayland-server-core.h>

namespace shoji {

class Seat;

class RelativePointerManager {
public:
    static constexpr uint32_t kVersion = 1;

    RelativePointerManager(wl_display* display, Seat& seat);
    ~RelativePointerManager();
    RelativePointerManager(const RelativePointerManager&) = delete;
    RelativePointerManager& operator=(const RelativePointerManager&) = delete;

    // zwp_relative_pointer_v1 resources (their file).
    void add(wl_resource* relative_pointer) { pointers_.push_back(relative_pointer); }
    void remove(wl_resource* relative_pointer);

private:
    // The Seat's hook: relative motion to `client`'s relative pointers.
    void relative_motion(wl_client* client, double dx, double dy, uint32_t time_ms);

    Seat& seat_;
    wl_global* global_;
    std::vector<wl_resource*> pointers_;
};

} // namespace shoji
