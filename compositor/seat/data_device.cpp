#include "seat/data_device.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstring>

#include <wayland-server-protocol.h>

#include "seat/wl_seat.hpp"
#include "util/resource.hpp"
#include "wlr.hpp"

namespace shoji {

namespace {
DataDeviceManager* manager_of(wl_resource* r) {
    return static_cast<DataDeviceManager*>(wl_resource_get_user_data(r));
}
DataSource* source_of(wl_resource* r) { return static_cast<DataSource*>(wl_resource_get_user_data(r)); }

// --- wl_data_source ---
void source_offer(wl_client*, wl_resource* r, const char* mime) {
    DataSource* source = source_of(r);
    if (!mime) return;
    const size_t length = std::strlen(mime);
    // Count first: past the caps each further offer costs no more than this.
    if (source->mime_types.size() >= DataSource::kMaxMimeTypes || length > DataSource::kMaxMimeTypeLength ||
        source->mime_bytes + length > DataSource::kMaxMimeTypeBytes) {
        if (!std::exchange(source->refused, true))
            wlr_log(WLR_INFO,
                    "wl_data_source@%u: MIME type of %zu bytes not added: the source has %zu types of %zu bytes "
                    "(caps: %zu types, %zu bytes each, %zu bytes in all); further ones are dropped silently",
                    wl_resource_get_id(r), length, source->mime_types.size(), source->mime_bytes,
                    DataSource::kMaxMimeTypes, DataSource::kMaxMimeTypeLength, DataSource::kMaxMimeTypeBytes);
        return;
    }
    // wayland.xml: offer "adds a mime type to the set of mime types".
    if (std::find(source->mime_types.begin(), source->mime_types.end(), mime) != source->mime_types.end()) return;
    source->mime_types.emplace_back(mime, length);
    source->mime_bytes += length;
}
const struct wl_data_source_interface source_impl = {
    /* offer */ source_offer,
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* set_actions */ [](wl_client*, wl_resource*, uint32_t) {}, // drag and drop only
};
void source_resource_destroy(wl_resource* r) {
    DataSource* source = source_of(r);
    if (source->manager) source->manager->source_destroyed(r);
    delete source;
}

// --- wl_data_offer ---
using Offer = DataDeviceManager::Offer;
Offer* offer_of(wl_resource* r) { return static_cast<Offer*>(wl_resource_get_user_data(r)); }
void offer_receive(wl_client*, wl_resource* offer, const char* mime, int32_t fd) {
    // Pass the pipe to the source's client, which writes the data into it.
    if (wl_resource* source = offer_of(offer)->source) wl_data_source_send_send(source, mime, fd);
    close(fd);
}
void offer_resource_destroy(wl_resource* r) {
    Offer* offer = offer_of(r);
    if (offer->manager) offer->manager->offer_destroyed(offer);
    delete offer;
}
const struct wl_data_offer_interface offer_impl = {
    /* accept */ [](wl_client*, wl_resource*, uint32_t, const char*) {},
    /* receive */ offer_receive,
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* finish */ [](wl_client*, wl_resource*) {},
    /* set_actions */ [](wl_client*, wl_resource*, uint32_t, uint32_t) {},
};

// --- wl_data_device ---
void device_start_drag(wl_client*, wl_resource*, wl_resource* source, wl_resource*, wl_resource*, uint32_t) {
    if (source) wl_data_source_send_cancelled(source); // no drag and drop yet
}
void device_set_selection(wl_client*, wl_resource* device, wl_resource* source, uint32_t serial) {
    if (DataDeviceManager* m = manager_of(device)) m->set_selection(device, source, serial);
}
const struct wl_data_device_interface device_impl = {
    /* start_drag */ device_start_drag,
    /* set_selection */ device_set_selection,
    /* release */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};
void device_resource_destroy(wl_resource* r) {
    if (DataDeviceManager* m = manager_of(r)) m->remove_device(r);
}

// --- wl_data_device_manager ---
void manager_create_data_source(wl_client*, wl_resource* r, uint32_t id) {
    wl_resource* source = create_resource(r, &wl_data_source_interface, uint32_t(wl_resource_get_version(r)), id,
                                          &source_impl, nullptr, source_resource_destroy);
    if (source) wl_resource_set_user_data(source, new DataSource{manager_of(r), {}, 0, false});
}
void manager_get_data_device(wl_client*, wl_resource* r, uint32_t id, wl_resource*) {
    wl_resource* device = create_resource(r, &wl_data_device_interface, uint32_t(wl_resource_get_version(r)), id,
                                          &device_impl, manager_of(r), device_resource_destroy);
    if (device) manager_of(r)->add_device(device);
}
const struct wl_data_device_manager_interface manager_impl = {
    /* create_data_source */ manager_create_data_source,
    /* get_data_device */ manager_get_data_device,
};

void manager_bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    create_resource(client, &wl_data_device_manager_interface, version, id, &manager_impl, data, nullptr);
}
} // namespace

DataDeviceManager::DataDeviceManager(wl_display* display, const Seat& seat)
    : display_(display), seat_(seat),
      global_(wl_global_create(display, &wl_data_device_manager_interface, kVersion, this, manager_bind)) {}

DataDeviceManager::~DataDeviceManager() {
    wl_global_destroy(global_);
    for (wl_resource* d : devices_) wl_resource_set_user_data(d, nullptr);
    if (selection_) source_of(selection_)->manager = nullptr;
    for (Offer* o : offers_) o->manager = nullptr;
}

void DataDeviceManager::offer_destroyed(Offer* offer) {
    offers_.erase(std::remove(offers_.begin(), offers_.end(), offer), offers_.end());
}

void DataDeviceManager::add_device(wl_resource* device) {
    devices_.push_back(device);
    if (focus_ == wl_resource_get_client(device)) send_selection(focus_);
}

void DataDeviceManager::remove_device(wl_resource* device) {
    devices_.erase(std::remove(devices_.begin(), devices_.end(), device), devices_.end());
}

void DataDeviceManager::set_focus_client(wl_client* client) {
    if (client == focus_) return;
    focus_destroy_.disconnect();
    focus_ = client;
    if (!client) return;
    focus_destroy_.connect_client_destroy(client);
    send_selection(client);
}

void DataDeviceManager::set_selection(wl_resource* device, wl_resource* source, uint32_t serial) {
    // wayland.xml, set_selection: serial is "the serial of the event that
    // triggered this request". Honoured only with an input serial of this
    // client's current keyboard focus, and not one older than the serial of
    // the selection set last (a late request must not undo a newer copy).
    // Anything else is ignored, as the spec defines no error for it; the
    // source is cancelled ("this data source is no longer valid") so that
    // its client can let it go.
    const bool superseded = has_selection_serial_ && int32_t(serial - selection_serial_) < 0;
    if (superseded || !seat_.is_focused_input_serial(wl_resource_get_client(device), serial)) {
        if (source && source != selection_) wl_data_source_send_cancelled(source);
        return;
    }
    has_selection_serial_ = true;
    selection_serial_ = serial;
    if (source == selection_) return;
    // The previous owner learns it lost the selection.
    if (selection_) wl_data_source_send_cancelled(selection_);
    selection_ = source;
    if (focus_) send_selection(focus_);
}

void DataDeviceManager::source_destroyed(wl_resource* source) {
    for (Offer* o : offers_)
        if (o->source == source) o->source = nullptr;
    if (source != selection_) return;
    selection_ = nullptr;
    if (focus_) send_selection(focus_);
}

void DataDeviceManager::send_selection(wl_client* client) {
    for (wl_resource* device : devices_) {
        if (wl_resource_get_client(device) != client) continue;
        if (!selection_) {
            wl_data_device_send_selection(device, nullptr);
            continue;
        }
        wl_resource* offer = create_resource(device, &wl_data_offer_interface, uint32_t(wl_resource_get_version(device)),
                                             0, &offer_impl, nullptr, offer_resource_destroy);
        if (!offer) return;
        auto* o = new Offer{this, selection_};
        offers_.push_back(o);
        wl_resource_set_user_data(offer, o);
        wl_data_device_send_data_offer(device, offer);
        for (const std::string& mime : source_of(selection_)->mime_types) wl_data_offer_send_offer(offer, mime.c_str());
        wl_data_device_send_selection(device, offer);
    }
}

} // namespace shoji
