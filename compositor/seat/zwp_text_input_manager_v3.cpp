#include "seat/zwp_text_input_manager_v3.hpp"

#include <algorithm>

#include "seat/wl_seat.hpp"
#include "seat/zwp_input_method_manager_v2.hpp"
#include "seat/zwp_input_method_v2.hpp"
#include "seat/zwp_text_input_v3.hpp"
#include "surface/wl_surface.hpp"
#include "text-input-unstable-v3-server-protocol.h"
#include "util/resource.hpp"

namespace shoji {

namespace {
TextInputManager* manager_of(wl_resource* r) { return static_cast<TextInputManager*>(wl_resource_get_user_data(r)); }

const struct zwp_text_input_manager_v3_interface manager_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    // The seat argument names the seat; Shoji has one.
    /* get_text_input */ [](wl_client*, wl_resource* r, uint32_t id, wl_resource*) {
        if (TextInputManager* m = manager_of(r)) m->handle_get_text_input(r, id);
    },
};

void bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    create_resource(client, &zwp_text_input_manager_v3_interface, version, id, &manager_impl, data, nullptr);
}
} // namespace

TextInputManager::TextInputManager(wl_display* display, Seat& seat, InputMethodManager& input_methods)
    : seat_(seat), input_methods_(input_methods),
      global_(wl_global_create(display, &zwp_text_input_manager_v3_interface, kVersion, this, bind)) {
    input_methods_.set_text_inputs(this);
    keyboard_focus_.set_callback([this](void* data) { focus_changed(static_cast<Surface*>(data)); });
    keyboard_focus_.connect(seat.keyboard_focus_changed());
}

TextInputManager::~TextInputManager() {
    wl_global_destroy(global_);
    input_methods_.set_text_inputs(nullptr);
    for (TextInput* t : text_inputs_) t->manager_gone();
}

void TextInputManager::handle_get_text_input(wl_resource* manager, uint32_t id) {
    TextInput* t = TextInput::create(*this, manager, id);
    if (!t) return;
    text_inputs_.push_back(t);
    // A text input made while its client has the focus enters it at once.
    Surface* focus = seat_.keyboard_focus();
    if (focus && focus->resource() && wl_resource_get_client(focus->resource()) == t->client()) t->enter(focus);
}

void TextInputManager::focus_changed(Surface* surface) {
    wl_client* client = surface && surface->resource() ? wl_resource_get_client(surface->resource()) : nullptr;
    // text-input-unstable-v3.xml, leave: "It is sent before the enter
    // notification for the new focus."
    const std::vector<TextInput*> all = text_inputs_;
    for (TextInput* t : all)
        if (t->focus() && t->focus() != surface) t->leave();
    if (!client) return;
    for (TextInput* t : all)
        if (t->client() == client) t->enter(surface);
}

void TextInputManager::committed(TextInput& t, bool enabling) {
    if (!t.current().enabled) {
        if (active_ == &t) deactivate();
        return;
    }
    // enable: "Requests to enable the another text input when some text
    // input is active must be ignored by compositor."
    if (active_ && active_ != &t) return;
    if (active_ != &t || enabling) {
        // A new activation (enable resets the state; the spec has a client
        // enable again whenever its active field changes).
        active_ = &t;
        if (InputMethod* im = input_methods_.input_method()) {
            im->send_activate(t);
            im->send_done();
        }
        return;
    }
    if (InputMethod* im = input_methods_.input_method()) {
        im->send_state(t);
        im->send_done();
    }
}

void TextInputManager::deactivate() {
    active_ = nullptr;
    if (InputMethod* im = input_methods_.input_method()) {
        im->send_deactivate();
        im->send_done();
    }
}

void TextInputManager::left(TextInput& t) {
    if (active_ == &t) deactivate();
}

void TextInputManager::text_input_destroyed(TextInput* t) {
    text_inputs_.erase(std::remove(text_inputs_.begin(), text_inputs_.end(), t), text_inputs_.end());
    // text-input-unstable-v3.xml, destroy: "Also disables all surfaces
    // enabled through this wp_text_input object."
    if (active_ == t) deactivate();
}

void TextInputManager::input_method_arrived() {
    InputMethod* im = input_methods_.input_method();
    if (!im || !active_) return;
    im->send_activate(*active_);
    im->send_done();
}

} // namespace shoji
