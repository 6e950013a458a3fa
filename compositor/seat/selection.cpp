#include "seat/selection.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "seat/wl_seat.hpp"
#include "surface/wl_surface.hpp"
#include "util/resource.hpp"
#include "wlr.hpp"

namespace shoji {

void SelectionSource::handle_offer(wl_resource* source, const char* mime) {
    if (!mime) return;
    const size_t length = std::strlen(mime);
    // Count first: past the caps each further offer costs no more than this.
    if (mime_types.size() >= kMaxMimeTypes || length > kMaxMimeTypeLength || mime_bytes + length > kMaxMimeTypeBytes) {
        if (!std::exchange(refused, true))
            wlr_log(WLR_INFO,
                    "%s@%u: MIME type of %zu bytes not added: the source has %zu types of %zu bytes "
                    "(caps: %zu types, %zu bytes each, %zu bytes in all); further ones are dropped silently",
                    wl_resource_get_class(source), wl_resource_get_id(source), length, mime_types.size(), mime_bytes,
                    kMaxMimeTypes, kMaxMimeTypeLength, kMaxMimeTypeBytes);
        return;
    }
    // Both specs: offer adds a type to the set the source offers.
    if (std::find(mime_types.begin(), mime_types.end(), mime) != mime_types.end()) return;
    mime_types.emplace_back(mime, length);
    mime_bytes += length;
}

Selection::Selection(Seat& seat, const Protocol& protocol) : seat_(seat), protocol_(protocol) {
    wl_signal_init(&changed_);
    keyboard_focus_.set_callback([this](void* data) {
        auto* surface = static_cast<Surface*>(data);
        set_focus_client(surface && surface->resource() ? wl_resource_get_client(surface->resource()) : nullptr);
    });
    keyboard_focus_.connect(seat.keyboard_focus_changed());
}

Selection::~Selection() {
    // Resources that outlive us (display teardown) must not call back.
    for (wl_resource* d : devices_) wl_resource_set_user_data(d, nullptr);
    for (wl_resource* r : sources_) SelectionSource::from(r)->selection = nullptr;
    for (Offer* o : offers_) o->selection = nullptr;
}

void Selection::create_source(wl_resource* manager, uint32_t id) {
    wl_resource* source =
        create_resource(manager, protocol_.source_interface, uint32_t(wl_resource_get_version(manager)), id,
                        protocol_.source_implementation, nullptr, source_resource_destroy);
    if (!source) return;
    auto* s = new SelectionSource{};
    s->selection = this;
    s->send_send = protocol_.send_send;
    s->send_cancelled = protocol_.send_cancelled;
    wl_resource_set_user_data(source, s);
    sources_.push_back(source);
}

void Selection::create_device(wl_resource* manager, uint32_t id) {
    wl_resource* device =
        create_resource(manager, protocol_.device_interface, uint32_t(wl_resource_get_version(manager)), id,
                        protocol_.device_implementation, this, device_resource_destroy);
    if (!device) return;
    devices_.push_back(device);
    if (focus_ == wl_resource_get_client(manager)) send_selection(focus_);
}

void Selection::source_resource_destroy(wl_resource* r) {
    SelectionSource* source = SelectionSource::from(r);
    if (source->selection) source->selection->source_destroyed(r);
    delete source;
}

void Selection::device_resource_destroy(wl_resource* r) {
    Selection* s = from_device(r);
    if (!s) return;
    s->devices_.erase(std::remove(s->devices_.begin(), s->devices_.end(), r), s->devices_.end());
}

void Selection::offer_resource_destroy(wl_resource* r) {
    auto* offer = static_cast<Offer*>(wl_resource_get_user_data(r));
    if (Selection* s = offer->selection) s->offers_.erase(std::remove(s->offers_.begin(), s->offers_.end(), offer), s->offers_.end());
    delete offer;
}

void Selection::handle_receive(wl_resource* r, const char* mime, int32_t fd) {
    // Pass the pipe to the source's client, which writes the data into it.
    auto* offer = static_cast<Offer*>(wl_resource_get_user_data(r));
    if (offer->selection && offer->source) SelectionSource::from(offer->source)->send_send(offer->source, mime, fd);
    close(fd);
}

void Selection::set_focus_client(wl_client* client) {
    if (client == focus_) return;
    focus_destroy_.disconnect();
    focus_ = client;
    if (!client) return;
    focus_destroy_.connect_client_destroy(client);
    send_selection(client);
}

void Selection::handle_set_selection(wl_resource* device, wl_resource* source, uint32_t serial) {
    // wayland.xml and primary-selection-unstable-v1.xml, set_selection:
    // serial is the "serial of the event that triggered this request".
    // The clipboard's is honoured only with an input serial of this client's
    // current keyboard focus, and not one older than the serial of the
    // selection set last (a late request must not undo a newer copy); the
    // primary selection's only from the client with keyboard focus.
    // Anything else is ignored, as neither spec defines an error for it. The
    // clipboard's source is cancelled ("this data source is no longer
    // valid") so that its client can let it go; the primary selection's is
    // not (seat/selection.hpp says why).
    wl_client* client = wl_resource_get_client(device);
    bool honoured;
    if (protocol_.serial_checked) {
        const bool superseded = has_selection_serial_ && int32_t(serial - selection_serial_) < 0;
        honoured = !superseded && seat_.is_focused_input_serial(client, serial);
    } else {
        honoured = client == focus_;
    }
    if (!honoured) {
        if (source && source != selection_ && protocol_.serial_checked)
            SelectionSource::from(source)->send_cancelled(source);
        return;
    }
    has_selection_serial_ = true;
    selection_serial_ = serial;
    replace(source);
}

void Selection::set_from_control(wl_resource* device, wl_resource* source) {
    // wlr-data-control-unstable-v1.xml set_selection: the compositor sets
    // the selection "on behalf of the client"; no focus, no serial. It
    // counts as the newest selection for rule 3.
    has_selection_serial_ = true;
    selection_serial_ = wl_display_next_serial(wl_client_get_display(wl_resource_get_client(device)));
    if (source) {
        SelectionSource* s = SelectionSource::from(source);
        s->used = true;
        if (!s->selection) {
            s->selection = this;
            sources_.push_back(source);
        }
    }
    replace(source);
}

void Selection::replace(wl_resource* source) {
    if (source == selection_) return;
    // The previous owner learns it lost the selection.
    if (selection_) SelectionSource::from(selection_)->send_cancelled(selection_);
    selection_ = source;
    if (focus_) send_selection(focus_);
    wl_signal_emit(&changed_, nullptr);
}

void Selection::source_destroyed(wl_resource* source) {
    sources_.erase(std::remove(sources_.begin(), sources_.end(), source), sources_.end());
    for (Offer* o : offers_)
        if (o->source == source) o->source = nullptr;
    if (source != selection_) return;
    selection_ = nullptr;
    if (focus_) send_selection(focus_);
    wl_signal_emit(&changed_, nullptr);
}

wl_resource* Selection::make_offer(wl_resource* device, const wl_interface* offer_interface,
                                   const void* offer_implementation) {
    if (!selection_) return nullptr;
    // The offer is made by an event of the device (its new_id is the server's).
    wl_resource* offer = create_resource(device, offer_interface, uint32_t(wl_resource_get_version(device)), 0,
                                         offer_implementation, nullptr, offer_resource_destroy);
    if (!offer) return nullptr;
    auto* o = new Offer{this, selection_};
    offers_.push_back(o);
    wl_resource_set_user_data(offer, o);
    return offer;
}

void Selection::send_selection(wl_client* client) {
    for (wl_resource* device : devices_) {
        if (wl_resource_get_client(device) != client) continue;
        if (!selection_) {
            protocol_.send_selection(device, nullptr);
            continue;
        }
        wl_resource* offer = make_offer(device, protocol_.offer_interface, protocol_.offer_implementation);
        if (!offer) return;
        protocol_.send_data_offer(device, offer);
        for (const std::string& mime : SelectionSource::from(selection_)->mime_types)
            protocol_.send_offer(offer, mime.c_str());
        protocol_.send_selection(device, offer);
    }
}

} // namespace shoji
