#include "shell/org_kde_kwin_server_decoration_manager.hpp"

#include "server-decoration-server-protocol.h"
#include "shell/org_kde_kwin_server_decoration.hpp"
#include "util/resource.hpp"

namespace shoji {

namespace {
KdeServerDecorationManager* manager_of(wl_resource* r) {
    return static_cast<KdeServerDecorationManager*>(wl_resource_get_user_data(r));
}

const struct org_kde_kwin_server_decoration_manager_interface manager_impl = {
    /* create */ [](wl_client*, wl_resource* r, uint32_t id, wl_resource* surface) {
        manager_of(r)->handle_create(r, id, surface);
    },
};

void bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    wl_resource* r = create_resource(client, &org_kde_kwin_server_decoration_manager_interface, version, id,
                                     &manager_impl, data, nullptr);
    if (!r) return;
    org_kde_kwin_server_decoration_manager_send_default_mode(r, static_cast<KdeServerDecorationManager*>(data)->mode());
}
} // namespace

KdeServerDecorationManager::KdeServerDecorationManager(wl_display* display, DecorationMode mode)
    : mode_(mode),
      global_(wl_global_create(display, &org_kde_kwin_server_decoration_manager_interface, kVersion, this, bind)) {}

KdeServerDecorationManager::~KdeServerDecorationManager() { wl_global_destroy(global_); }

uint32_t KdeServerDecorationManager::mode() const {
    return mode_ == DecorationMode::Server ? ORG_KDE_KWIN_SERVER_DECORATION_MANAGER_MODE_SERVER
                                           : ORG_KDE_KWIN_SERVER_DECORATION_MANAGER_MODE_CLIENT;
}

void KdeServerDecorationManager::handle_create(wl_resource* manager, uint32_t id, wl_resource*) {
    // The surface needs no bookkeeping: every surface gets the same mode.
    KdeServerDecoration::create(manager, id, mode());
}

} // namespace shoji
