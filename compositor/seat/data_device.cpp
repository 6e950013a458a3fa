#include "seat/data_device.hpp"

#include <wayland-server-protocol.h>

#include "util/resource.hpp"

namespace shoji {

namespace {
// --- wl_data_source ---
const struct wl_data_source_interface source_impl = {
    /* offer */ [](wl_client*, wl_resource* r, const char* mime) { SelectionSource::from(r)->handle_offer(r, mime); },
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* set_actions */ [](wl_client*, wl_resource*, uint32_t) {}, // drag and drop only
};

// --- wl_data_offer ---
const struct wl_data_offer_interface offer_impl = {
    /* accept */ [](wl_client*, wl_resource*, uint32_t, const char*) {},
    /* receive */ [](wl_client*, wl_resource* r, const char* mime, int32_t fd) { Selection::handle_receive(r, mime, fd); },
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* finish */ [](wl_client*, wl_resource*) {},
    /* set_actions */ [](wl_client*, wl_resource*, uint32_t, uint32_t) {},
};

// --- wl_data_device ---
void device_start_drag(wl_client*, wl_resource*, wl_resource* source, wl_resource*, wl_resource*, uint32_t) {
    if (source) wl_data_source_send_cancelled(source); // no drag and drop yet
}
void device_set_selection(wl_client*, wl_resource* device, wl_resource* source, uint32_t serial) {
    if (Selection* s = Selection::from_device(device)) s->handle_set_selection(device, source, serial);
}
const struct wl_data_device_interface device_impl = {
    /* start_drag */ device_start_drag,
    /* set_selection */ device_set_selection,
    /* release */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};

const Selection::Protocol kProtocol = {
    &wl_data_source_interface, &source_impl, &wl_data_device_interface, &device_impl,
    &wl_data_offer_interface, &offer_impl,
    wl_data_source_send_cancelled, wl_data_source_send_send, wl_data_device_send_data_offer,
    wl_data_offer_send_offer, wl_data_device_send_selection,
    /* serial_checked */ true,
};

// --- wl_data_device_manager ---
DataDeviceManager* manager_of(wl_resource* r) { return static_cast<DataDeviceManager*>(wl_resource_get_user_data(r)); }
const struct wl_data_device_manager_interface manager_impl = {
    /* create_data_source */
    [](wl_client*, wl_resource* r, uint32_t id) { manager_of(r)->selection().create_source(r, id); },
    /* get_data_device */
    [](wl_client*, wl_resource* r, uint32_t id, wl_resource*) { manager_of(r)->selection().create_device(r, id); },
};

void manager_bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    create_resource(client, &wl_data_device_manager_interface, version, id, &manager_impl, data, nullptr);
}
} // namespace

DataDeviceManager::DataDeviceManager(wl_display* display, Seat& seat)
    : selection_(seat, kProtocol),
      global_(wl_global_create(display, &wl_data_device_manager_interface, kVersion, this, manager_bind)) {}

DataDeviceManager::~DataDeviceManager() { wl_global_destroy(global_); }

} // namespace shoji
