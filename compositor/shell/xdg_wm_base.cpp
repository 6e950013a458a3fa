#include "shell/xdg_wm_base.hpp"

#include <algorithm>
#include <cassert>
#include <string_view>

#include "shell/xdg_popup.hpp"
#include "shell/xdg_positioner.hpp"
#include "shell/xdg_surface.hpp"
#include "shell/xdg_toplevel.hpp"
#include "surface/wl_surface.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"
#include "xdg-shell-server-protocol.h"

namespace shoji {

namespace {
XdgWmBase* base_of(wl_resource* r) { return static_cast<XdgWmBase*>(wl_resource_get_user_data(r)); }

const struct xdg_wm_base_interface wm_base_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { base_of(r)->handle_destroy(); },
    /* create_positioner */ [](wl_client*, wl_resource* r, uint32_t id) { base_of(r)->handle_create_positioner(id); },
    /* get_xdg_surface */ [](wl_client*, wl_resource* r, uint32_t id, wl_resource* surface) {
        base_of(r)->handle_get_xdg_surface(id, surface);
    },
    /* pong */ [](wl_client*, wl_resource* r, uint32_t serial) { base_of(r)->handle_pong(serial); },
};

void wm_base_resource_destroy(wl_resource* r) {
    XdgWmBase* base = base_of(r);
    base->handle_resource_destroy();
    delete base;
}

void wm_base_bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    XdgWmBase::create(*static_cast<XdgShell*>(data), client, version, id);
}
} // namespace

const XdgProtocol& xdg_stable_protocol() {
    static const XdgProtocol protocol = {
        XdgProtocol::Kind::Stable,
        &xdg_wm_base_interface, &wm_base_impl, create_xdg_positioner,
        &xdg_surface_interface, xdg_surface_requests(),
        &xdg_toplevel_interface, xdg_toplevel_requests(),
        &xdg_popup_interface, xdg_popup_requests(),
        xdg_surface_send_configure, send_xdg_toplevel_configure, xdg_toplevel_send_close,
        send_xdg_popup_configure, xdg_popup_send_popup_done,
        /*errors_on_shell=*/false, 0,
    };
    return protocol;
}

XdgWmBase* XdgWmBase::create(XdgShell& shell, wl_client* client, uint32_t version, uint32_t id,
                             const XdgProtocol& protocol) {
    wl_resource* r = create_resource(client, protocol.wm_base, version, id, protocol.wm_base_impl, nullptr,
                                     wm_base_resource_destroy);
    if (!r) return nullptr;
    auto* base = new XdgWmBase(shell, r, protocol);
    wl_resource_set_user_data(r, base);
    return base;
}

XdgShell::XdgShell(wl_display* display, Stage& scene)
    : display_(display), scene_(scene),
      global_(wl_global_create(display, &xdg_wm_base_interface, kVersion, this, wm_base_bind)) {}

XdgShell::~XdgShell() { wl_global_destroy(global_); }

void XdgShell::add_toplevel_listener(ToplevelListener* listener) { toplevel_listeners_.push_back(listener); }

void XdgShell::remove_toplevel_listener(ToplevelListener* listener) {
    toplevel_listeners_.erase(std::remove(toplevel_listeners_.begin(), toplevel_listeners_.end(), listener),
                              toplevel_listeners_.end());
}

void XdgShell::toplevel_mapped(XdgToplevel& toplevel) {
    for (ToplevelListener* l : std::vector<ToplevelListener*>(toplevel_listeners_)) l->toplevel_mapped(toplevel);
}

void XdgShell::toplevel_changed(XdgToplevel& toplevel) {
    for (ToplevelListener* l : std::vector<ToplevelListener*>(toplevel_listeners_)) l->toplevel_changed(toplevel);
}

void XdgShell::toplevel_committed(XdgToplevel& toplevel, const Region& damage) {
    for (ToplevelListener* l : std::vector<ToplevelListener*>(toplevel_listeners_))
        l->toplevel_committed(toplevel, damage);
}

void XdgShell::toplevel_unmapped(XdgToplevel& toplevel) {
    for (ToplevelListener* l : std::vector<ToplevelListener*>(toplevel_listeners_)) l->toplevel_unmapped(toplevel);
}

uint64_t XdgShell::add_toplevel(XdgToplevel* toplevel) {
    toplevels_.push_back(toplevel);
    return ++last_toplevel_id_;
}

void XdgShell::remove_toplevel(XdgToplevel* toplevel) {
    toplevels_.erase(std::remove(toplevels_.begin(), toplevels_.end(), toplevel), toplevels_.end());
}

void XdgShell::remove_popup(XdgPopup* popup) {
    popups_.erase(std::remove(popups_.begin(), popups_.end(), popup), popups_.end());
}

bool XdgShell::is_topmost_popup(const XdgPopup* popup) const {
    for (const XdgPopup* p : popups_)
        if (p != popup && p->parent() && p->parent()->role() == popup) return false;
    return true;
}

void XdgShell::surface_destroyed(XdgSurface* surface) {
    const std::vector<XdgPopup*> all = popups_;
    for (XdgPopup* p : all)
        if (p->parent() == surface) p->parent_destroyed();
}

void XdgShell::parent_unmapped(XdgSurface* surface) {
    const std::vector<XdgPopup*> all = popups_;
    for (XdgPopup* p : all)
        if (p->parent() == surface) p->dismiss();
}

bool XdgShell::pointer_pressed(SceneNode* node) {
    // Topmost first, so children are done before their parents.
    bool dismissed = false;
    const std::vector<XdgPopup*> all = popups_;
    for (auto it = all.rbegin(); it != all.rend(); ++it)
        if ((*it)->grabbed() && (*it)->mapped() && *it != node) {
            // A press inside a popup opened from this one keeps it open.
            bool inside_child = false;
            for (XdgPopup* p = dynamic_cast<XdgPopup*>(node); p && p->parent();
                 p = dynamic_cast<XdgPopup*>(p->parent()->role()))
                if (p->parent()->role() == *it) inside_child = true;
            if (!inside_child) {
                (*it)->dismiss();
                dismissed = true;
            }
        }
    return dismissed;
}

void XdgShell::toplevel_activated(XdgSurface* toplevel) {
    // xdg-shell.xml, xdg_popup.grab: "the top most grabbing popup will always
    // have keyboard focus": another window taking the focus ends the grab.
    const std::vector<XdgPopup*> all = popups_;
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
        if (!(*it)->grabbed()) continue;
        XdgSurface* root = (*it)->parent();
        while (root && root->role())
            if (auto* p = dynamic_cast<XdgPopup*>(root->role())) root = p->parent();
            else break;
        if (root != toplevel) (*it)->dismiss();
    }
}

void XdgShell::dismiss_popup_grabs() {
    // xdg-shell.xml, xdg_popup.grab: an explicit grab is dismissed when the
    // user dismisses the popup, "even locking the screen"; topmost first,
    // the order the client must destroy them in.
    const std::vector<XdgPopup*> all = popups_;
    for (auto it = all.rbegin(); it != all.rend(); ++it)
        if ((*it)->grabbed()) (*it)->dismiss();
}

XdgWmBase* XdgWmBase::from(wl_resource* resource) {
    assert(wl_resource_instance_of(resource, &xdg_wm_base_interface, &wm_base_impl) ||
           wl_resource_instance_of(resource, xdg_v6_protocol().wm_base, xdg_v6_protocol().wm_base_impl));
    return base_of(resource);
}

void XdgWmBase::remove_surface(XdgSurface* s) {
    surfaces_.erase(std::remove(surfaces_.begin(), surfaces_.end(), s), surfaces_.end());
}

void XdgWmBase::handle_destroy() {
    // xdg-shell.xml, xdg_wm_base.destroy: "Destroying a bound xdg_wm_base
    // object while there are surfaces still alive created by this xdg_wm_base
    // object instance is illegal and will result in a defunct_surfaces error."
    if (!surfaces_.empty()) {
        post_protocol_error(resource_, XDG_WM_BASE_ERROR_DEFUNCT_SURFACES,
                            "%s destroyed while %zu of its surface(s) are alive",
                            wl_resource_get_class(resource_), surfaces_.size());
        return;
    }
    wl_resource_destroy(resource_);
}

void XdgWmBase::handle_resource_destroy() {
    // On disconnection objects die in id order; surfaces made through us must
    // stop pointing here.
    for (XdgSurface* s : surfaces_) s->wm_base_destroyed();
    surfaces_.clear();
}

void XdgWmBase::handle_create_positioner(uint32_t id) {
    protocol_.create_positioner(resource_, id);
}

void XdgWmBase::handle_get_xdg_surface(uint32_t id, wl_resource* surface_resource) {
    Surface* surface = Surface::from(surface_resource);
    // xdg-shell.xml: "It is illegal to create an xdg_surface for a wl_surface
    // which already has an assigned role" (other than an xdg one, which a
    // surface keeps after its xdg_surface was destroyed).
    const char* role = surface->role_name();
    const bool xdg_role = role && (std::string_view(role) == XdgSurface::kToplevelRole ||
                                   std::string_view(role) == XdgSurface::kPopupRole);
    if (surface->role() || (role && !xdg_role)) {
        post_protocol_error(resource_, XDG_WM_BASE_ERROR_ROLE,
                            "wl_surface@%u already has the role %s", wl_resource_get_id(surface_resource),
                            role ? role : "xdg_surface");
        return;
    }
    // xdg_surface: "Creating an xdg_surface from a wl_surface which has a
    // buffer attached or committed is a client error": the surface given to
    // get_xdg_surface is in an invalid state (xdg_wm_base.invalid_surface_state).
    if (surface->buffer() || surface->buffer_attached()) {
        post_protocol_error(resource_, XDG_WM_BASE_ERROR_INVALID_SURFACE_STATE,
                            "wl_surface@%u already has a buffer %s; an xdg_surface must start without one",
                            wl_resource_get_id(surface_resource), surface->buffer() ? "committed" : "attached");
        return;
    }
    XdgSurface::create(*this, *surface, id);
}

void XdgWmBase::ping() {
    ping_serial_ = wl_display_next_serial(shell_.display());
    xdg_wm_base_send_ping(resource_, ping_serial_);
}

void XdgWmBase::handle_pong(uint32_t serial) {
    // A pong for an older ping is harmless; only the latest one counts.
    if (serial == ping_serial_) ping_serial_ = 0;
}

} // namespace shoji
