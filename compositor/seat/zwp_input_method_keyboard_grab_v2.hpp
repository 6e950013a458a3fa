// zwp_input_method_keyboard_grab_v2 (input-method-unstable-v2.xml): the
// seat's keyboard taken by the input method. While it lives, the keys and
// modifier changes of every keyboard but the input method's own virtual
// keyboards (the keys it gives back to the application) reach the input
// method here, in the keymap of the keyboard that sent them, and no client
// gets them. Owned by its resource.
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

#include "seat/wl_seat.hpp"

namespace shoji {

class InputMethod;

class InputMethodKeyboardGrab : public KeyboardGrab {
public:
    // Makes the object and its resource, and the seat's grab; null
    // (no-memory posted) on failure. With null `input_method` and `seat`
    // it is inert: it gets no keys.
    static InputMethodKeyboardGrab* create(InputMethod* input_method, Seat* seat, wl_resource* parent, uint32_t id);
    ~InputMethodKeyboardGrab() override;

    // The input method goes: the grab ends, the resource stays inert.
    void end();

    bool grabs(const KeyboardSource& source) const override;
    void key(const KeyboardSource& source, uint32_t time_ms, uint32_t evdev_key, bool pressed) override;
    void modifiers(const KeyboardSource& source) override;

private:
    InputMethodKeyboardGrab(InputMethod* input_method, Seat* seat, wl_resource* resource);
    void send_keymap(const Keymap& keymap);

    InputMethod* input_method_; // null: inert
    Seat* seat_;                // null: inert
    wl_resource* resource_;
    uint64_t keymap_sent_ = 0; // Keymap::id of the keymap sent (0: none)
};

} // namespace shoji
