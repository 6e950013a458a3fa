#include "seat/zwp_input_method_manager_v2.hpp"

#include "input-method-unstable-v2-server-protocol.h"
#include "seat/zwp_input_method_v2.hpp"
#include "seat/zwp_text_input_manager_v3.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
InputMethodManager* manager_of(wl_resource* r) { return static_cast<InputMethodManager*>(wl_resource_get_user_data(r)); }

const struct zwp_input_method_manager_v2_interface manager_impl = {
    // The seat argument names the seat; Shoji has one.
    /* get_input_method */ [](wl_client*, wl_resource* r, wl_resource*, uint32_t id) {
        if (InputMethodManager* m = manager_of(r)) m->handle_get_input_method(r, id);
    },
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};

void bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    create_resource(client, &zwp_input_method_manager_v2_interface, version, id, &manager_impl, data, nullptr);
}
} // namespace

InputMethodManager::InputMethodManager(wl_display* display, Seat& seat)
    : seat_(seat), global_(wl_global_create(display, &zwp_input_method_manager_v2_interface, kVersion, this, bind)) {}

InputMethodManager::~InputMethodManager() {
    wl_global_destroy(global_);
    if (input_method_) input_method_->manager_gone();
}

void InputMethodManager::handle_get_input_method(wl_resource* manager, uint32_t id) {
    // input-method-unstable-v2.xml, unavailable: "The compositor must issue
    // this event as the only event on the object if there was another
    // input_method object associated with the same seat at the time of its
    // creation."
    const bool taken = input_method_ != nullptr;
    InputMethod* im = InputMethod::create(*this, manager, id, taken);
    if (!im || taken) return;
    input_method_ = im;
    if (text_inputs_) text_inputs_->input_method_arrived();
}

void InputMethodManager::input_method_destroyed(InputMethod* im) {
    if (input_method_ == im) input_method_ = nullptr;
}

} // namespace shoji
