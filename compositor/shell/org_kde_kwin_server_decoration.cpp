#include "shell/org_kde_kwin_server_decoration.hpp"

#include "server-decoration-server-protocol.h"
#include "util/resource.hpp"

namespace shoji {

namespace {
const struct org_kde_kwin_server_decoration_interface decoration_impl = {
    /* release */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* request_mode */
    [](wl_client*, wl_resource* r, uint32_t mode) { KdeServerDecoration::from(r)->handle_request_mode(mode); },
};

void destroy_resource(wl_resource* r) { delete KdeServerDecoration::from(r); }
} // namespace

KdeServerDecoration* KdeServerDecoration::create(wl_resource* parent, uint32_t id, uint32_t mode) {
    wl_resource* r =
        create_resource(parent, &org_kde_kwin_server_decoration_interface, uint32_t(wl_resource_get_version(parent)),
                        id, &decoration_impl, nullptr, destroy_resource);
    if (!r) return nullptr;
    auto* d = new KdeServerDecoration(r, mode);
    wl_resource_set_user_data(r, d);
    org_kde_kwin_server_decoration_send_mode(r, mode);
    return d;
}

KdeServerDecoration* KdeServerDecoration::from(wl_resource* resource) {
    return static_cast<KdeServerDecoration*>(wl_resource_get_user_data(resource));
}

void KdeServerDecoration::handle_request_mode(uint32_t) {
    // Any value, even one outside the enum, is answered with Shoji's mode
    // (KWin does the same for unknown values): the client learns what holds.
    org_kde_kwin_server_decoration_send_mode(resource_, mode_);
}

} // namespace shoji
