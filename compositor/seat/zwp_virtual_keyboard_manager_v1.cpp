#include "seat/zwp_virtual_keyboard_manager_v1.hpp"

#include <algorithm>

#include "seat/zwp_virtual_keyboard_v1.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"
#include "virtual-keyboard-unstable-v1-server-protocol.h"

namespace shoji {

namespace {
VirtualKeyboardManager* manager_of(wl_resource* r) {
    return static_cast<VirtualKeyboardManager*>(wl_resource_get_user_data(r));
}

const struct zwp_virtual_keyboard_manager_v1_interface manager_impl = {
    // The seat argument names the seat to type on; Shoji has one.
    /* create_virtual_keyboard */ [](wl_client*, wl_resource* r, wl_resource*, uint32_t id) {
        manager_of(r)->handle_create_virtual_keyboard(r, id);
    },
};

void bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    create_resource(client, &zwp_virtual_keyboard_manager_v1_interface, version, id, &manager_impl, data, nullptr);
}
} // namespace

VirtualKeyboardManager::VirtualKeyboardManager(wl_display* display, Seat& seat)
    : seat_(seat),
      global_(wl_global_create(display, &zwp_virtual_keyboard_manager_v1_interface, kVersion, this, bind)) {}

VirtualKeyboardManager::~VirtualKeyboardManager() {
    wl_global_destroy(global_);
    // Keyboards that outlive us (display teardown) must not call back.
    for (VirtualKeyboard* k : keyboards_) k->manager_gone();
}

void VirtualKeyboardManager::handle_create_virtual_keyboard(wl_resource* manager, uint32_t id) {
    wl_client* client = wl_resource_get_client(manager);
    const auto mine = std::count_if(keyboards_.begin(), keyboards_.end(),
                                    [client](VirtualKeyboard* k) { return k->client() == client; });
    if (size_t(mine) >= kMaxPerClient) {
        post_protocol_error(manager, ZWP_VIRTUAL_KEYBOARD_MANAGER_V1_ERROR_UNAUTHORIZED,
                            "this client already has %zu virtual keyboards, the most one client may have",
                            size_t(mine));
        return;
    }
    if (VirtualKeyboard* k = VirtualKeyboard::create(*this, manager, id))
        keyboards_.push_back(k);
}

void VirtualKeyboardManager::keyboard_destroyed(VirtualKeyboard* keyboard) {
    keyboards_.erase(std::remove(keyboards_.begin(), keyboards_.end(), keyboard), keyboards_.end());
}

} // namespace shoji
