#include "seat/zwlr_virtual_pointer_manager_v1.hpp"

#include "seat/zwlr_virtual_pointer_v1.hpp"
#include "util/resource.hpp"
#include "wlr.hpp"
#include "wlr-virtual-pointer-unstable-v1-server-protocol.h"

namespace shoji {

namespace {
VirtualPointerManager* manager_of(wl_resource* r) {
    return static_cast<VirtualPointerManager*>(wl_resource_get_user_data(r));
}

// The seat argument is a suggestion ("the optional seat is a suggestion to
// the compositor"); Shoji has one seat, which every virtual pointer feeds.
void handle_create_virtual_pointer(wl_client*, wl_resource* r, wl_resource*, uint32_t id) {
    VirtualPointer::create(manager_of(r)->seat(), r, id, nullptr);
}

void handle_create_virtual_pointer_with_output(wl_client*, wl_resource* r, wl_resource*,
                                               wl_resource* output, uint32_t id) {
    // An output that is gone (an inert wl_output) maps to nothing: the whole
    // layout, as with no output.
    wlr_output* mapped = output ? wlr_output_from_resource(output) : nullptr;
    VirtualPointer::create(manager_of(r)->seat(), r, id, mapped);
}

const struct zwlr_virtual_pointer_manager_v1_interface manager_impl = {
    /* create_virtual_pointer */ handle_create_virtual_pointer,
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* create_virtual_pointer_with_output */ handle_create_virtual_pointer_with_output,
};

void bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    create_resource(client, &zwlr_virtual_pointer_manager_v1_interface, version, id, &manager_impl, data, nullptr);
}
} // namespace

VirtualPointerManager::VirtualPointerManager(wl_display* display, Seat& seat)
    : seat_(seat),
      global_(wl_global_create(display, &zwlr_virtual_pointer_manager_v1_interface, kVersion, this, bind)) {}

VirtualPointerManager::~VirtualPointerManager() { wl_global_destroy(global_); }

} // namespace shoji
