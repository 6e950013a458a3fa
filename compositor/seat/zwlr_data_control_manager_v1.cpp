// zwlr_data_control_manager_v1: the global; makes sources and devices, and
// tells every device when either selection changes.
#include "seat/zwlr_data_control_manager_v1.hpp"

#include <algorithm>

#include "util/resource.hpp"
#include "wlr.hpp"

namespace shoji {

namespace {
DataControlManager* manager_of(wl_resource* r) {
    return static_cast<DataControlManager*>(wl_resource_get_user_data(r));
}

void handle_create_data_source(wl_client*, wl_resource* r, uint32_t id) {
    if (DataControlManager* m = manager_of(r)) m->handle_create_data_source(r, id);
}
// The seat argument names the seat whose selections the device follows;
// Shoji has one.
void handle_get_data_device(wl_client*, wl_resource* r, uint32_t id, wl_resource*) {
    if (DataControlManager* m = manager_of(r)) m->handle_get_data_device(r, id);
}
const struct zwlr_data_control_manager_v1_interface manager_impl = {
    /* create_data_source */ handle_create_data_source,
    /* get_data_device */ handle_get_data_device,
    // wlr-data-control-unstable-v1.xml destroy: what it made stays valid.
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};

void bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    create_resource(client, &zwlr_data_control_manager_v1_interface, version, id, &manager_impl, data, nullptr);
}
} // namespace

DataControlManager::DataControlManager(wl_display* display, Selection& clipboard, Selection& primary)
    : clipboard_(clipboard), primary_(primary),
      global_(wl_global_create(display, &zwlr_data_control_manager_v1_interface, kVersion, this, bind)) {
    clipboard_changed_.set_callback([this](void*) {
        for (DataControlDevice* d : devices_) d->send_selection(false);
    });
    clipboard_changed_.connect(clipboard.changed());
    primary_changed_.set_callback([this](void*) {
        for (DataControlDevice* d : devices_)
            if (wl_resource_get_version(d->resource()) >= ZWLR_DATA_CONTROL_DEVICE_V1_PRIMARY_SELECTION_SINCE_VERSION)
                d->send_selection(true);
    });
    primary_changed_.connect(primary.changed());
}

DataControlManager::~DataControlManager() {
    for (DataControlDevice* d : devices_) d->manager_gone();
    wl_global_destroy(global_);
}

void DataControlManager::handle_create_data_source(wl_resource* manager, uint32_t id) {
    create_data_control_source(manager, id);
}

void DataControlManager::handle_get_data_device(wl_resource* manager, uint32_t id) {
    wl_client* client = wl_resource_get_client(manager);
    const size_t mine = size_t(std::count_if(devices_.begin(), devices_.end(), [client](DataControlDevice* d) {
        return wl_resource_get_client(d->resource()) == client;
    }));
    if (mine >= kMaxDevicesPerClient) {
        wlr_log(WLR_INFO,
                "zwlr_data_control_manager_v1@%u: the client has %zu data-control devices, Shoji's limit per client; "
                "the new one is finished at once",
                wl_resource_get_id(manager), mine);
        if (DataControlDevice* d = DataControlDevice::create(nullptr, manager, id))
            zwlr_data_control_device_v1_send_finished(d->resource());
        return;
    }
    DataControlDevice* device = DataControlDevice::create(this, manager, id);
    if (!device) return;
    devices_.push_back(device);
    // wlr-data-control-unstable-v1.xml selection, primary_selection: the
    // first ones are sent when the device is made.
    device->send_selection(false);
    if (wl_resource_get_version(device->resource()) >= ZWLR_DATA_CONTROL_DEVICE_V1_PRIMARY_SELECTION_SINCE_VERSION)
        device->send_selection(true);
}

void DataControlManager::device_destroyed(DataControlDevice* device) {
    devices_.erase(std::remove(devices_.begin(), devices_.end(), device), devices_.end());
}

} // namespace shoji
