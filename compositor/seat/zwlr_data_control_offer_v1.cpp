// zwlr_data_control_offer_v1: a selection as offered to a data-control
// client; receive passes its fd to the source's client.
#include "seat/zwlr_data_control_manager_v1.hpp"

namespace shoji {

namespace {
void handle_receive(wl_client*, wl_resource* r, const char* mime, int32_t fd) { Selection::handle_receive(r, mime, fd); }
} // namespace

const struct zwlr_data_control_offer_v1_interface data_control_offer_impl = {
    /* receive */ handle_receive,
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};

} // namespace shoji
