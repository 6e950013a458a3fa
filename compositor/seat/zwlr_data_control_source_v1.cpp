// zwlr_data_control_source_v1: the MIME types a data-control client offers,
// within SelectionSource's caps, fixed once it is set as a selection; asked
// for the data with send events.
#include "seat/zwlr_data_control_manager_v1.hpp"

#include "util/protocol_error.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
void handle_offer(wl_client*, wl_resource* r, const char* mime) {
    SelectionSource* source = SelectionSource::from(r);
    // wlr-data-control-unstable-v1.xml offer: "Calling this after
    // wlr_data_control_device.set_selection is a protocol error."
    if (source->used) {
        post_protocol_error(r, ZWLR_DATA_CONTROL_SOURCE_V1_ERROR_INVALID_OFFER,
                            "offer of \"%.64s\" after the source was set as a selection: its %zu types are fixed "
                            "then; offer every type before set_selection or set_primary_selection",
                            mime ? mime : "", source->mime_types.size());
        return;
    }
    source->handle_offer(r, mime);
}
const struct zwlr_data_control_source_v1_interface source_impl = {
    /* offer */ handle_offer,
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};
} // namespace

wl_resource* create_data_control_source(wl_resource* manager_resource, uint32_t id) {
    wl_resource* r = create_resource(manager_resource, &zwlr_data_control_source_v1_interface,
                                     uint32_t(wl_resource_get_version(manager_resource)), id, &source_impl, nullptr,
                                     Selection::destroy_source);
    if (!r) return nullptr;
    // No Selection yet: it joins the one it is set as (Selection::set_from_control).
    auto* source = new SelectionSource{};
    source->selection = nullptr;
    source->send_send = zwlr_data_control_source_v1_send_send;
    source->send_cancelled = zwlr_data_control_source_v1_send_cancelled;
    wl_resource_set_user_data(r, source);
    return r;
}

} // namespace shoji
