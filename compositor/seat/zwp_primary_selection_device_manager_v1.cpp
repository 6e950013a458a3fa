#include "seat/zwp_primary_selection_device_manager_v1.hpp"

#include "util/resource.hpp"

namespace shoji {

namespace {
PrimarySelectionManager* manager_of(wl_resource* r) {
    return static_cast<PrimarySelectionManager*>(wl_resource_get_user_data(r));
}

void handle_create_source(wl_client*, wl_resource* r, uint32_t id) {
    if (PrimarySelectionManager* m = manager_of(r)) m->selection().create_source(r, id);
}
// The seat argument names the seat whose selection it is; Shoji has one.
void handle_get_device(wl_client*, wl_resource* r, uint32_t id, wl_resource*) {
    if (PrimarySelectionManager* m = manager_of(r)) m->selection().create_device(r, id);
}
const struct zwp_primary_selection_device_manager_v1_interface manager_impl = {
    /* create_source */ handle_create_source,
    /* get_device */ handle_get_device,
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};

const Selection::Protocol kProtocol = {
    &zwp_primary_selection_source_v1_interface, &primary_selection_source_impl,
    &zwp_primary_selection_device_v1_interface, &primary_selection_device_impl,
    &zwp_primary_selection_offer_v1_interface, &primary_selection_offer_impl,
    zwp_primary_selection_source_v1_send_cancelled, zwp_primary_selection_source_v1_send_send,
    zwp_primary_selection_device_v1_send_data_offer, zwp_primary_selection_offer_v1_send_offer,
    zwp_primary_selection_device_v1_send_selection,
    // The keyboard focus only (seat/selection.hpp says why).
    /* serial_checked */ false,
};

void bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    create_resource(client, &zwp_primary_selection_device_manager_v1_interface, version, id, &manager_impl, data,
                    nullptr);
}
} // namespace

PrimarySelectionManager::PrimarySelectionManager(wl_display* display, Seat& seat)
    : selection_(seat, kProtocol),
      global_(wl_global_create(display, &zwp_primary_selection_device_manager_v1_interface, kVersion, this, bind)) {}

PrimarySelectionManager::~PrimarySelectionManager() { wl_global_destroy(global_); }

} // namespace shoji
