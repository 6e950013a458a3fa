// zwp_primary_selection_offer_v1: the primary selection as offered to one
// client; receive passes its fd to the source's client.
#include "seat/zwp_primary_selection_device_manager_v1.hpp"

namespace shoji {

namespace {
void handle_receive(wl_client*, wl_resource* r, const char* mime, int32_t fd) { Selection::handle_receive(r, mime, fd); }
} // namespace

const struct zwp_primary_selection_offer_v1_interface primary_selection_offer_impl = {
    /* receive */ handle_receive,
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};

} // namespace shoji
