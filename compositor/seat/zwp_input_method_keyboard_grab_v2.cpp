#include "seat/zwp_input_method_keyboard_grab_v2.hpp"

#include "input-method-unstable-v2-server-protocol.h"
#include "seat/zwp_input_method_v2.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
InputMethodKeyboardGrab* grab_of(wl_resource* r) {
    return static_cast<InputMethodKeyboardGrab*>(wl_resource_get_user_data(r));
}
const struct zwp_input_method_keyboard_grab_v2_interface grab_impl = {
    /* release */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};
void grab_resource_destroy(wl_resource* r) { delete grab_of(r); }
} // namespace

InputMethodKeyboardGrab* InputMethodKeyboardGrab::create(InputMethod* input_method, Seat* seat, wl_resource* parent,
                                                         uint32_t id) {
    wl_resource* r =
        create_resource(parent, &zwp_input_method_keyboard_grab_v2_interface, uint32_t(wl_resource_get_version(parent)),
                        id, &grab_impl, nullptr, grab_resource_destroy);
    if (!r) return nullptr;
    auto* grab = new InputMethodKeyboardGrab(input_method, seat, r);
    wl_resource_set_user_data(r, grab);
    if (seat) {
        // As wl_keyboard: the keymap in use and the repeat rate before any key.
        grab->send_keymap(seat->current_keymap());
        zwp_input_method_keyboard_grab_v2_send_repeat_info(r, Seat::kRepeatRate, Seat::kRepeatDelay);
        seat->set_keyboard_grab(grab);
    }
    return grab;
}

InputMethodKeyboardGrab::InputMethodKeyboardGrab(InputMethod* input_method, Seat* seat, wl_resource* resource)
    : input_method_(input_method), seat_(seat), resource_(resource) {}

InputMethodKeyboardGrab::~InputMethodKeyboardGrab() {
    InputMethod* im = input_method_;
    end();
    if (im) im->grab_destroyed(this);
}

void InputMethodKeyboardGrab::end() {
    if (seat_ && seat_->keyboard_grab() == this) seat_->set_keyboard_grab(nullptr);
    seat_ = nullptr;
    input_method_ = nullptr;
}

bool InputMethodKeyboardGrab::grabs(const KeyboardSource& source) const {
    // The input method's own virtual keyboards pass keys it did not turn
    // into text on to the application: grabbing them would loop.
    return seat_ && source.client != wl_resource_get_client(resource_);
}

void InputMethodKeyboardGrab::send_keymap(const Keymap& keymap) {
    if (keymap_sent_ == keymap.id()) return;
    const Fd fd = keymap.open_for_client();
    if (!fd) {
        wl_client_post_no_memory(wl_resource_get_client(resource_)); // out of fds
        return;
    }
    keymap_sent_ = keymap.id();
    zwp_input_method_keyboard_grab_v2_send_keymap(resource_, WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1, fd.get(), keymap.size());
}

void InputMethodKeyboardGrab::key(const KeyboardSource& source, uint32_t time_ms, uint32_t evdev_key, bool pressed) {
    if (!seat_) return;
    // Its codes mean what the keyboard that sent them means.
    send_keymap(*source.keymap);
    const uint32_t state = pressed ? WL_KEYBOARD_KEY_STATE_PRESSED : WL_KEYBOARD_KEY_STATE_RELEASED;
    zwp_input_method_keyboard_grab_v2_send_key(resource_, wl_display_next_serial(wl_client_get_display(wl_resource_get_client(resource_))),
                                               time_ms, evdev_key, state);
}

void InputMethodKeyboardGrab::modifiers(const KeyboardSource& source) {
    if (!seat_) return;
    send_keymap(*source.keymap);
    const Keymap::Modifiers m = source.keymap->modifiers();
    zwp_input_method_keyboard_grab_v2_send_modifiers(
        resource_, wl_display_next_serial(wl_client_get_display(wl_resource_get_client(resource_))), m.depressed,
        m.latched, m.locked, m.group);
}

} // namespace shoji
