#include "seat/input_devices.hpp"

#include <algorithm>

#include "seat/wl_seat.hpp"
#include "surface/stage.hpp"

namespace shoji {

// One device and the signals we follow on it.
struct InputDevices::Device {
    wlr_input_device* device;
    Listener key, motion_absolute, button, axis, destroy;
};

InputDevices::InputDevices(wlr_backend* backend, Seat& seat, Stage& scene)
    : seat_(seat), scene_(scene), new_input_([this](void* data) { add(static_cast<wlr_input_device*>(data)); }) {
    new_input_.connect(&backend->events.new_input);
}

InputDevices::~InputDevices() = default;

void InputDevices::add(wlr_input_device* device) {
    auto d = std::make_unique<Device>();
    d->device = device;
    Device* raw = d.get();
    switch (device->type) {
    case WLR_INPUT_DEVICE_KEYBOARD:
        // Shoji keeps one xkb state in the Seat; the device only gives keys.
        d->key.set_callback([this](void* data) {
            auto* e = static_cast<wlr_event_keyboard_key*>(data);
            seat_.keyboard_key(e->keycode, e->state == WL_KEYBOARD_KEY_STATE_PRESSED, e->time_msec);
        });
        d->key.connect(&device->keyboard->events.key);
        break;
    case WLR_INPUT_DEVICE_POINTER:
        // Nested backends report absolute positions over the output window.
        d->motion_absolute.set_callback([this](void* data) {
            auto* e = static_cast<wlr_event_pointer_motion_absolute*>(data);
            const std::vector<OutputArea> outputs = scene_.outputs();
            if (outputs.empty()) return;
            const Box box = outputs.front().box;
            seat_.pointer_warp(box.x + e->x * box.width, box.y + e->y * box.height, e->time_msec);
        });
        d->motion_absolute.connect(&device->pointer->events.motion_absolute);
        d->button.set_callback([this](void* data) {
            auto* e = static_cast<wlr_event_pointer_button*>(data);
            seat_.pointer_button(e->button, e->state == WLR_BUTTON_PRESSED, e->time_msec);
        });
        d->button.connect(&device->pointer->events.button);
        d->axis.set_callback([this](void* data) {
            auto* e = static_cast<wlr_event_pointer_axis*>(data);
            seat_.pointer_axis(e->orientation == WLR_AXIS_ORIENTATION_VERTICAL ? WL_POINTER_AXIS_VERTICAL_SCROLL
                                                                                : WL_POINTER_AXIS_HORIZONTAL_SCROLL,
                               e->delta, e->time_msec);
        });
        d->axis.connect(&device->pointer->events.axis);
        break;
    default:
        return; // touch, tablets, switches: not served
    }
    d->destroy.set_callback([this, raw](void*) {
        devices_.erase(std::remove_if(devices_.begin(), devices_.end(),
                                      [raw](const auto& p) { return p.get() == raw; }),
                       devices_.end());
    });
    d->destroy.connect(&device->events.destroy);
    devices_.push_back(std::move(d));
}

} // namespace shoji
