// zwp_virtual_keyboard_manager_v1 (virtual-keyboard-unstable-v1.xml,
// version 1): the global through which clients (wtype, on-screen
// keyboards, test drivers) make virtual keyboards. Their keys go to Shoji's
// one seat, interpreted in the keymap each sends (see KeyboardSource).
#pragma once

#include <cstdint>
#include <vector>

#include <wayland-server-core.h>

namespace shoji {

class Seat;
class VirtualKeyboard;

class VirtualKeyboardManager {
public:
    static constexpr uint32_t kVersion = 1;
    // Virtual keyboards one client may have at once; the next
    // create_virtual_keyboard is an unauthorized error. Each holds a
    // compiled keymap (up to VirtualKeyboard::kMaxKeymapBytes of text, a few
    // times that once compiled); wtype and on-screen keyboards use one.
    static constexpr size_t kMaxPerClient = 16;

    VirtualKeyboardManager(wl_display* display, Seat& seat);
    ~VirtualKeyboardManager();
    VirtualKeyboardManager(const VirtualKeyboardManager&) = delete;
    VirtualKeyboardManager& operator=(const VirtualKeyboardManager&) = delete;

    Seat& seat() const { return seat_; }

    void handle_create_virtual_keyboard(wl_resource* manager, uint32_t id);
    void keyboard_destroyed(VirtualKeyboard* keyboard);

private:
    Seat& seat_;
    wl_global* global_;
    std::vector<VirtualKeyboard*> keyboards_;
};

} // namespace shoji
