#include "shell/xdg_activation_v1.hpp"

#include <sys/random.h>

#include <algorithm>
#include <cstdio>

#include "shell/xdg_activation_token_v1.hpp"
#include "shell/xdg_surface.hpp"
#include "shell/xdg_toplevel.hpp"
#include "shell/xdg_wm_base.hpp"
#include "surface/wl_surface.hpp"
#include "util/resource.hpp"
#include "xdg-activation-v1-server-protocol.h"

namespace shoji {

namespace {
XdgActivation* activation_of(wl_resource* r) { return static_cast<XdgActivation*>(wl_resource_get_user_data(r)); }

const struct xdg_activation_v1_interface activation_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* get_activation_token */
    [](wl_client*, wl_resource* r, uint32_t id) { XdgActivationToken::create(*activation_of(r), r, id); },
    /* activate */
    [](wl_client*, wl_resource* r, const char* token, wl_resource* surface) {
        activation_of(r)->handle_activate(token, surface);
    },
};

void bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    create_resource(client, &xdg_activation_v1_interface, version, id, &activation_impl, data, nullptr);
}

// 64 random bits as hex, or the empty string if the kernel has none to give
// (tokens are then unique by their counter alone, which is all the protocol
// needs: they are not secrets, any client may read another's environment).
std::string random_hex() {
    uint64_t bits = 0;
    if (getrandom(&bits, sizeof bits, GRND_NONBLOCK) != ssize_t(sizeof bits)) return "";
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(bits));
    return text;
}
} // namespace

XdgActivation::XdgActivation(wl_display* display, Seat& seat, XdgShell& shell)
    : seat_(seat), shell_(shell),
      global_(wl_global_create(display, &xdg_activation_v1_interface, kVersion, this, bind)),
      nonce_(random_hex()) {}

XdgActivation::~XdgActivation() { wl_global_destroy(global_); }

std::string XdgActivation::issue_token(bool granted) {
    if (tokens_.size() >= kMaxTokens) tokens_.pop_front();
    std::string text = "shoji-" + nonce_ + "-" + std::to_string(++counter_);
    tokens_.push_back({text, granted});
    return text;
}

void XdgActivation::handle_activate(const char* token, wl_resource* surface_resource) {
    const auto it = std::find_if(tokens_.begin(), tokens_.end(), [token](const Token& t) { return t.text == token; });
    if (it == tokens_.end()) return; // unknown or forgotten: ignored
    const bool granted = it->granted;
    tokens_.erase(it); // one use
    if (!granted) return;
    Surface* surface = Surface::from(surface_resource);
    for (XdgToplevel* t : shell_.toplevels()) {
        XdgSurface* xdg = t->xdg_surface();
        if (xdg && xdg->surface() == surface && t->mapped()) {
            t->activate();
            return;
        }
    }
    // Not a mapped toplevel (a popup, a subsurface, nothing yet): ignored.
}

} // namespace shoji
