// zwp_primary_selection_source_v1: the MIME types a client offers, within
// SelectionSource's caps; it is asked for the data with send events.
#include "seat/zwp_primary_selection_device_manager_v1.hpp"

namespace shoji {

namespace {
void handle_offer(wl_client*, wl_resource* r, const char* mime) { SelectionSource::from(r)->handle_offer(r, mime); }
} // namespace

const struct zwp_primary_selection_source_v1_interface primary_selection_source_impl = {
    /* offer */ handle_offer,
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};

} // namespace shoji
