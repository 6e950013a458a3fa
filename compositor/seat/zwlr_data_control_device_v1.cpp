// zwlr_data_control_device_v1: one client's view of the seat's selections;
// sets either with a data-control source, each source once.
#include "seat/zwlr_data_control_manager_v1.hpp"

#include <string>

#include "util/protocol_error.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
void handle_set_selection(wl_client*, wl_resource* r, wl_resource* source) {
    DataControlDevice::from(r)->handle_set(source, false);
}
void handle_set_primary_selection(wl_client*, wl_resource* r, wl_resource* source) {
    DataControlDevice::from(r)->handle_set(source, true);
}
const struct zwlr_data_control_device_v1_interface device_impl = {
    /* set_selection */ handle_set_selection,
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* set_primary_selection */ handle_set_primary_selection,
};
} // namespace

DataControlDevice* DataControlDevice::create(DataControlManager* manager, wl_resource* manager_resource, uint32_t id) {
    wl_resource* r = create_resource(manager_resource, &zwlr_data_control_device_v1_interface,
                                     uint32_t(wl_resource_get_version(manager_resource)), id, &device_impl, nullptr,
                                     resource_destroy);
    if (!r) return nullptr;
    auto* device = new DataControlDevice(r, manager);
    wl_resource_set_user_data(r, device);
    return device;
}

DataControlDevice* DataControlDevice::from(wl_resource* r) {
    return static_cast<DataControlDevice*>(wl_resource_get_user_data(r));
}

void DataControlDevice::resource_destroy(wl_resource* r) {
    DataControlDevice* device = from(r);
    if (device->manager_) device->manager_->device_destroyed(device);
    delete device;
}

void DataControlDevice::handle_set(wl_resource* source, bool primary) {
    const char* request = primary ? "set_primary_selection" : "set_selection";
    // wlr-data-control-unstable-v1.xml set_selection, set_primary_selection:
    // "The given source may not be used in any further set_selection or
    // set_primary_selection requests. Attempting to use a previously used
    // source is a protocol error."
    if (source && SelectionSource::from(source)->used) {
        post_protocol_error(resource_, ZWLR_DATA_CONTROL_DEVICE_V1_ERROR_USED_SOURCE,
                            "%s with zwlr_data_control_source_v1@%u, which was given to set_selection or "
                            "set_primary_selection before: a source is set once; make a new one",
                            request, wl_resource_get_id(source));
        return;
    }
    if (!manager_) return; // inert
    (primary ? manager_->primary() : manager_->clipboard()).set_from_control(resource_, source);
}

void DataControlDevice::send_selection(bool primary) {
    Selection& selection = primary ? manager_->primary() : manager_->clipboard();
    wl_resource* offer = nullptr;
    if (selection.current()) {
        offer = selection.make_offer(resource_, &zwlr_data_control_offer_v1_interface, &data_control_offer_impl);
        if (!offer) return; // out of memory, posted
        zwlr_data_control_device_v1_send_data_offer(resource_, offer);
        for (const std::string& mime : SelectionSource::from(selection.current())->mime_types)
            zwlr_data_control_offer_v1_send_offer(offer, mime.c_str());
    }
    if (primary) zwlr_data_control_device_v1_send_primary_selection(resource_, offer);
    else zwlr_data_control_device_v1_send_selection(resource_, offer);
}

} // namespace shoji
