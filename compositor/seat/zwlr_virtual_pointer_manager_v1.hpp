// zwlr_virtual_pointer_manager_v1 (wlr-virtual-pointer-unstable-v1.xml,
// version 2): the global through which clients (wlrctl, ydotool-like tools,
// test drivers) make virtual pointers, whose events go to Shoji's one seat
// exactly as a backend pointer's do.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

namespace shoji {

class Seat;

class VirtualPointerManager {
public:
    static constexpr uint32_t kVersion = 2;

    VirtualPointerManager(wl_display* display, Seat& seat);
    ~VirtualPointerManager();
    VirtualPointerManager(const VirtualPointerManager&) = delete;
    VirtualPointerManager& operator=(const VirtualPointerManager&) = delete;

    Seat& seat() const { return seat_; }

private:
    Seat& seat_;
    wl_global* global_;
};

} // namespace shoji
