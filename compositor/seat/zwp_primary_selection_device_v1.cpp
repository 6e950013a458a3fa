// zwp_primary_selection_device_v1: sets the primary selection, and gets an
// offer for it while its client has the keyboard focus (Selection).
#include "seat/zwp_primary_selection_device_manager_v1.hpp"

namespace shoji {

namespace {
void handle_set_selection(wl_client*, wl_resource* device, wl_resource* source, uint32_t serial) {
    if (Selection* s = Selection::from_device(device)) s->handle_set_selection(device, source, serial);
}
} // namespace

const struct zwp_primary_selection_device_v1_interface primary_selection_device_impl = {
    /* set_selection */ handle_set_selection,
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};

} // namespace shoji
