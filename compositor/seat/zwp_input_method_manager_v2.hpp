// zwp_input_method_manager_v2 (input-method-unstable-v2.xml, version 1):
// the global through which a client becomes the seat's input method. Shoji
// has one seat, so one input method at a time: a get_input_method while one
// exists gives an object whose only event is unavailable (as the spec asks).
#pragma once

#include <cstdint>

#include <wayland-server-core.h>

namespace shoji {

class InputMethod;
class Seat;
class TextInputManager;

class InputMethodManager {
public:
    static constexpr uint32_t kVersion = 1;
    InputMethodManager(wl_display* display, Seat& seat);
    ~InputMethodManager();
    InputMethodManager(const InputMethodManager&) = delete;
    InputMethodManager& operator=(const InputMethodManager&) = delete;

    Seat& seat() const { return seat_; }
    // The seat's input method (null: none).
    InputMethod* input_method() const { return input_method_; }
    // The text inputs it composes for (set by TextInputManager while it lives).
    TextInputManager* text_inputs() const { return text_inputs_; }
    void set_text_inputs(TextInputManager* text_inputs) { text_inputs_ = text_inputs; }

    void handle_get_input_method(wl_resource* manager, uint32_t id);
    void input_method_destroyed(InputMethod* input_method);

private:
    Seat& seat_;
    wl_global* global_;
    InputMethod* input_method_ = nullptr;
    TextInputManager* text_inputs_ = nullptr;
};

} // namespace shoji
