#include "shell/xdg_activation_token_v1.hpp"

#include "seat/wl_seat.hpp"
#include "shell/xdg_activation_v1.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"
#include "xdg-activation-v1-server-protocol.h"

namespace shoji {

namespace {
const struct xdg_activation_token_v1_interface token_impl = {
    /* set_serial */
    [](wl_client*, wl_resource* r, uint32_t serial, wl_resource* seat) {
        XdgActivationToken::from(r)->handle_set_serial(serial, seat);
    },
    /* set_app_id */
    [](wl_client*, wl_resource* r, const char* app_id) { XdgActivationToken::from(r)->handle_set_app_id(app_id); },
    /* set_surface */
    [](wl_client*, wl_resource* r, wl_resource* surface) { XdgActivationToken::from(r)->handle_set_surface(surface); },
    /* commit */ [](wl_client*, wl_resource* r) { XdgActivationToken::from(r)->handle_commit(); },
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};

void destroy_resource(wl_resource* r) { delete XdgActivationToken::from(r); }
} // namespace

XdgActivationToken* XdgActivationToken::create(XdgActivation& activation, wl_resource* parent, uint32_t id) {
    wl_resource* r =
        create_resource(parent, &xdg_activation_token_v1_interface, uint32_t(wl_resource_get_version(parent)), id,
                        &token_impl, nullptr, destroy_resource);
    if (!r) return nullptr;
    auto* t = new XdgActivationToken(activation, r);
    wl_resource_set_user_data(r, t);
    return t;
}

XdgActivationToken* XdgActivationToken::from(wl_resource* resource) {
    return static_cast<XdgActivationToken*>(wl_resource_get_user_data(resource));
}

bool XdgActivationToken::used(const char* request) {
    if (!committed_) return false;
    post_protocol_error(resource_, XDG_ACTIVATION_TOKEN_V1_ERROR_ALREADY_USED,
                        "%s on xdg_activation_token_v1 %u after its commit: the token was already made",
                        request, wl_resource_get_id(resource_));
    return true;
}

void XdgActivationToken::handle_set_serial(uint32_t serial, wl_resource*) {
    if (used("set_serial")) return;
    serial_ = serial; // the seat is Shoji's one wl_seat
}

void XdgActivationToken::handle_set_app_id(const char*) {
    // Informative only: the policy looks at who asks and with which serial.
    used("set_app_id");
}

void XdgActivationToken::handle_set_surface(wl_resource*) {
    // Informative only, as set_app_id (the serial already names the focus).
    used("set_surface");
}

void XdgActivationToken::handle_commit() {
    if (used("commit")) return;
    committed_ = true;
    const bool granted =
        serial_ && activation_.seat().is_focused_input_serial(wl_resource_get_client(resource_), *serial_);
    // "The compositor must always send done, even if it will not grant
    // the activation": a token that activates nothing when refused.
    xdg_activation_token_v1_send_done(resource_, activation_.issue_token(granted).c_str());
}

} // namespace shoji
