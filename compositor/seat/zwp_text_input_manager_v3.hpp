// zwp_text_input_manager_v3 (text-input-unstable-v3.xml, version 1): the
// text fields (TextInput) of every client, and the relay between the one
// that is active and the seat's input method (InputMethodManager).
//
// The text-input focus follows the keyboard focus (Seat::
// keyboard_focus_changed): the focused client's text inputs get enter, the
// others leave. A focused text input that commits enable becomes the active
// one (the spec: while one is active, enabling another "must be ignored");
// the input method is sent activate, the field's state and done. It stays
// active until it commits disable, loses the focus or is destroyed; the
// input method is then sent deactivate and done. The input method's commits
// go to the active text input only.
#pragma once

#include <cstdint>
#include <vector>

#include <wayland-server-core.h>

#include "util/listener.hpp"

namespace shoji {

class InputMethodManager;
class Seat;
class Surface;
class TextInput;

class TextInputManager {
public:
    static constexpr uint32_t kVersion = 1;
    // `seat` and `input_methods` outlive it.
    TextInputManager(wl_display* display, Seat& seat, InputMethodManager& input_methods);
    ~TextInputManager();
    TextInputManager(const TextInputManager&) = delete;
    TextInputManager& operator=(const TextInputManager&) = delete;

    TextInput* active() const { return active_; }
    Seat& seat() const { return seat_; }

    // From TextInput: a commit applied while focused (`enabling`: it
    // committed an enable request), the focus lost, the object gone.
    void committed(TextInput& text_input, bool enabling);
    void left(TextInput& text_input);
    void text_input_destroyed(TextInput* text_input);
    // From InputMethodManager: a new input method, to be told of the active text input.
    void input_method_arrived();

    void handle_get_text_input(wl_resource* manager, uint32_t id);

private:
    void activate(TextInput& text_input);
    void deactivate();
    void focus_changed(Surface* surface);

    Seat& seat_;
    InputMethodManager& input_methods_;
    wl_global* global_;
    std::vector<TextInput*> text_inputs_;
    TextInput* active_ = nullptr;
    Listener keyboard_focus_;
};

} // namespace shoji
