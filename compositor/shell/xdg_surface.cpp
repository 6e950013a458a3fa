#include "shell/xdg_surface.hpp"

#include <algorithm>
#include <cassert>

#include "shell/xdg_popup.hpp"
#include "shell/xdg_positioner.hpp"
#include "shell/xdg_toplevel.hpp"
#include "shell/xdg_wm_base.hpp"
#include "surface/wl_surface.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"
#include "xdg-shell-server-protocol.h"

namespace shoji {

namespace {
XdgSurface* xdg_of(wl_resource* r) { return static_cast<XdgSurface*>(wl_resource_get_user_data(r)); }

const struct xdg_surface_interface xdg_surface_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { xdg_of(r)->handle_destroy(); },
    /* get_toplevel */ [](wl_client*, wl_resource* r, uint32_t id) { xdg_of(r)->handle_get_toplevel(id); },
    /* get_popup */ [](wl_client*, wl_resource* r, uint32_t id, wl_resource* parent, wl_resource* positioner) {
        xdg_of(r)->handle_get_popup(id, parent, positioner);
    },
    /* set_window_geometry */ [](wl_client*, wl_resource* r, int32_t x, int32_t y, int32_t w, int32_t h) {
        xdg_of(r)->handle_set_window_geometry(x, y, w, h);
    },
    /* ack_configure */ [](wl_client*, wl_resource* r, uint32_t serial) { xdg_of(r)->handle_ack_configure(serial); },
};

void xdg_surface_resource_destroy(wl_resource* r) { delete xdg_of(r); }

// Configures a client may leave unacked before the oldest are forgotten. A
// client can make us send configures as fast as it asks (set_maximized in a
// loop) without ever acking; past this, the oldest entry is dropped, and an
// ack naming a dropped serial is accepted with no state (see
// ConfigureQueue). Honest clients ack within a frame or two.
constexpr size_t kMaxUnackedConfigures = 256;
} // namespace

const void* xdg_surface_requests() { return &xdg_surface_impl; }

XdgSurface* XdgSurface::create(XdgWmBase& base, Surface& surface, uint32_t id) {
    const XdgProtocol& protocol = base.protocol();
    wl_resource* r = create_resource(base.resource(), protocol.surface,
                                     uint32_t(wl_resource_get_version(base.resource())), id, protocol.surface_impl,
                                     nullptr, xdg_surface_resource_destroy);
    if (!r) return nullptr;
    auto* xdg = new XdgSurface(base.shell(), &base, r, surface, protocol);
    wl_resource_set_user_data(r, xdg);
    return xdg;
}

std::unique_ptr<XdgSurface> XdgSurface::create_wl_shell(XdgShell& shell, Surface& surface, wl_resource* resource) {
    return std::unique_ptr<XdgSurface>(new XdgSurface(shell, nullptr, resource, surface, wl_shell_protocol()));
}

XdgSurface::XdgSurface(XdgShell& shell, XdgWmBase* base, wl_resource* resource, Surface& surface,
                       const XdgProtocol& protocol)
    : shell_(shell), protocol_(protocol), base_(base), surface_(&surface), resource_(resource),
      sent_(kMaxUnackedConfigures) {
    surface_->set_role(protocol_.handshake() ? nullptr : kWlShellRole, this);
    if (base_) base_->add_surface(this);
}

XdgSurface::~XdgSurface() {
    if (role_) role_->xdg_surface_destroyed();
    shell_.surface_destroyed(this);
    if (surface_) surface_->clear_role(this);
    if (base_) base_->remove_surface(this);
}

XdgSurface* XdgSurface::from(wl_resource* resource) {
    assert(wl_resource_instance_of(resource, &xdg_surface_interface, &xdg_surface_impl) ||
           wl_resource_instance_of(resource, xdg_v6_protocol().surface, xdg_v6_protocol().surface_impl));
    return xdg_of(resource);
}

std::pair<wl_resource*, uint32_t> XdgSurface::error_for(wl_resource* object, uint32_t code) const {
    if (protocol_.errors_on_shell) return {error_object(), protocol_.unnamed_error_code};
    return {object, code};
}

void XdgSurface::set_wl_shell_role(XdgRole* role) {
    role_ = role;
    had_role_ = true;
    initial_commit_done_ = true;
    configured_ = true;
    role_->initial_commit();
    if (surface_ && surface_->has_buffer()) role_->committed(Region(surface_->tree_extents()));
}

Stage& XdgSurface::scene() const { return shell_.scene(); }

wl_resource* XdgSurface::error_object() const { return base_ ? base_->resource() : resource_; }

void XdgSurface::send_configure(const RoleConfigure& state) {
    if (!protocol_.handshake()) {
        // wl_shell: nothing to ack; the next commit applies it.
        configured_ = true;
        if (role_) role_->acked(state);
        return;
    }
    const uint32_t serial = wl_display_next_serial(shell_.display());
    sent_.push({serial, state, false});
    protocol_.send_surface_configure(resource_, serial);
}

bool XdgSurface::awaiting_ack() const {
    const auto& sent = sent_.entries();
    return std::any_of(sent.begin(), sent.end(), [](const SentConfigure& c) { return !c.stale; });
}

void XdgSurface::reset_configure_state() {
    // wl_shell: a surface with a role maps whenever it has a buffer.
    if (!protocol_.handshake()) return;
    initial_commit_done_ = false;
    configured_ = false;
    // Not cleared: a configure may have crossed the client's unmapping
    // commit on the wire, and the client will ack it. That ack is legal
    // (the serial was sent) but applies nothing.
    sent_.mark_stale();
}

Box XdgSurface::geometry() const {
    // wl_shell has no window geometry: a window is placed by its main
    // surface's (0, 0) (set_transient and set_popup positions are relative
    // to it), and subsurfaces sticking out do not move it.
    if (!protocol_.handshake()) return surface_ ? Box{0, 0, surface_->width(), surface_->height()} : Box{};
    // xdg-shell.xml: unset, the geometry is "the full bounds of the surface,
    // including any subsurfaces"; set, it "is intersected with" those bounds.
    const Box bounds = surface_ ? surface_->tree_extents() : Box{};
    if (!geometry_) return bounds;
    Region r(*geometry_);
    r.intersect(bounds);
    return r.empty() ? bounds : r.extents();
}

void XdgSurface::role_destroyed(XdgRole* role) {
    if (role_ != role) return;
    role_ = nullptr;
    // A new role object starts from an initial commit again.
    reset_configure_state();
}

bool XdgSurface::require_role(const char* request) {
    if (role_) return true;
    if (had_role_) return false; // the role object is gone: the request is moot
    post_protocol_error(resource_, XDG_SURFACE_ERROR_NOT_CONSTRUCTED,
                        "%s before get_toplevel or get_popup", request);
    return false;
}

void XdgSurface::handle_destroy() {
    // xdg-shell.xml: "An xdg_surface must only be destroyed after its role
    // object has been destroyed, otherwise a defunct_role_object error is
    // raised."
    if (role_) {
        auto [object, code] = error_for(resource_, XDG_SURFACE_ERROR_DEFUNCT_ROLE_OBJECT);
        post_protocol_error(object, code, "%s destroyed before its %s@%u", wl_resource_get_class(resource_),
                            wl_resource_get_class(role_->resource()), wl_resource_get_id(role_->resource()));
        return;
    }
    wl_resource_destroy(resource_);
}

void XdgSurface::handle_get_toplevel(uint32_t id) {
    if (role_) {
        post_protocol_error(resource_, XDG_SURFACE_ERROR_ALREADY_CONSTRUCTED,
                            "%s already has a role object, %s@%u", wl_resource_get_class(resource_),
                            wl_resource_get_class(role_->resource()), wl_resource_get_id(role_->resource()));
        return;
    }
    if (!surface_) return; // the wl_surface is gone: nothing to give a role
    if (!surface_->set_role(kToplevelRole, this)) {
        // The surface's role lives on after its xdg_surface is destroyed.
        post_protocol_error(base_ ? base_->resource() : resource_, XDG_WM_BASE_ERROR_ROLE,
                            "wl_surface@%u has the role %s, cannot become an xdg_toplevel",
                            wl_resource_get_id(surface_->resource()), surface_->role_name());
        return;
    }
    role_ = XdgToplevel::create(*this, id);
    had_role_ = true;
}

void XdgSurface::handle_get_popup(uint32_t id, wl_resource* parent, wl_resource* positioner) {
    if (role_) {
        post_protocol_error(resource_, XDG_SURFACE_ERROR_ALREADY_CONSTRUCTED,
                            "%s already has a role object, %s@%u", wl_resource_get_class(resource_),
                            wl_resource_get_class(role_->resource()), wl_resource_get_id(role_->resource()));
        return;
    }
    if (!surface_) return;
    wl_resource* error_object = this->error_object();
    // xdg-shell.xml: the positioner must have a size and an anchor rectangle
    // (invalid_positioner).
    const PositionerRules& rules = xdg_positioner_rules(positioner);
    if (!rules.complete()) {
        post_protocol_error(error_object, XDG_WM_BASE_ERROR_INVALID_POSITIONER,
                            "get_popup: the positioner needs a size (%d×%d) and an anchor rectangle (%s)",
                            rules.width, rules.height, rules.anchor_rect_set ? "set" : "unset");
        return;
    }
    // A null parent is for another protocol to supply before the initial
    // commit (zwlr_layer_surface_v1.get_popup; XdgPopup::validate_commit).
    XdgSurface* parent_xdg = parent ? XdgSurface::from(parent) : nullptr;
    if (parent_xdg && !parent_xdg->role()) {
        post_protocol_error(error_object, XDG_WM_BASE_ERROR_INVALID_POPUP_PARENT,
                            "get_popup: the parent %s@%u has no role object", wl_resource_get_class(parent),
                            wl_resource_get_id(parent));
        return;
    }
    if (!surface_->set_role(kPopupRole, this)) {
        post_protocol_error(error_object, XDG_WM_BASE_ERROR_ROLE,
                            "wl_surface@%u has the role %s, cannot become an xdg_popup",
                            wl_resource_get_id(surface_->resource()), surface_->role_name());
        return;
    }
    role_ = XdgPopup::create(*this, id, parent_xdg, rules);
    had_role_ = true;
}

void XdgSurface::handle_set_window_geometry(int32_t x, int32_t y, int32_t width, int32_t height) {
    if (!require_role("set_window_geometry")) return;
    if (width <= 0 || height <= 0) {
        auto [object, code] = error_for(resource_, XDG_SURFACE_ERROR_INVALID_SIZE);
        post_protocol_error(object, code,
                            "window geometry %d×%d at (%d, %d): width and height must be positive",
                            width, height, x, y);
        return;
    }
    Region r;
    r.add_clamped(x, y, width, height);
    pending_geometry_ = r.extents();
}

void XdgSurface::handle_ack_configure(uint32_t serial) {
    if (!require_role("ack_configure")) return;
    // xdg-shell.xml: "A client is not required to commit immediately after
    // sending an ack_configure request - it may even ack_configure several
    // times before its next surface commit"; acking a configure also acks
    // every older one. A serial we never sent, or one already superseded by
    // a later ack, is invalid_serial.
    auto [error_object, error_code] = error_for(resource_, XDG_SURFACE_ERROR_INVALID_SERIAL);
    const std::optional<SentConfigure> acked = sent_.ack(serial, error_object, error_code);
    if (!acked) return;       // a dropped configure (nothing of it is kept) or an error
    if (acked->stale) return; // for a mapping that is over
    configured_ = true;
    role_->acked(acked->state);
}

bool XdgSurface::validate_commit(Surface& surface, const SurfaceState& pending) {
    // wl_shell: a surface without a role yet just commits (it is not shown).
    if (!protocol_.handshake()) return role_ ? role_->validate_commit(pending) : true;
    if (!require_role("wl_surface.commit")) return had_role_; // a commit after the role is gone just applies
    const bool attaches_buffer = (pending.committed & SurfaceState::kBuffer) && pending.buffer.get();
    // xdg-shell.xml: "any attempts by a client to attach or manipulate a
    // buffer prior to the first xdg_surface.configure call must also be
    // treated as errors" — a buffer before the first ack_configure.
    // The tolerant mode (the WLCS integration only) lets it through, even in
    // the initial commit: wlcs 1.5.0's xdg surface helpers commit their first
    // buffer without an initial commit or an ack (see docs/conformance.md).
    if (attaches_buffer && !configured_ && shell_.strict_unconfigured_buffer()) {
        post_protocol_error(resource_, XDG_SURFACE_ERROR_UNCONFIGURED_BUFFER,
                            "buffer committed before the first ack_configure%s",
                            initial_commit_done_ ? "" : " (the initial commit must have no buffer)");
        return false;
    }
    return role_->validate_commit(pending);
}

bool XdgSurface::validate_attach(Surface&) {
    // xdg-shell.xml: "any attempts by a client to attach or manipulate a
    // buffer prior to the first xdg_surface.configure call must also be
    // treated as errors": before the initial commit no configure was sent.
    // The tolerant mode lets a surface with a role through (see
    // validate_commit); one with no role object yet never. (Once the role
    // object is gone, the surface's buffers are no business of ours.)
    if (!protocol_.handshake()) return true; // wl_shell: no configure to wait for
    if (initial_commit_done_ || configured_ || (!role_ && had_role_)) return true;
    if (role_ && !shell_.strict_unconfigured_buffer()) return true;
    post_protocol_error(resource_, XDG_SURFACE_ERROR_UNCONFIGURED_BUFFER,
                        "buffer attached before the first configure (%s)",
                        role_ ? "the initial commit must have no buffer" : "no get_toplevel or get_popup yet");
    return false;
}

void XdgSurface::committed(Surface& surface, const Region& damage) {
    if (!role_) return;
    if (pending_geometry_) geometry_ = std::exchange(pending_geometry_, std::nullopt);
    if (!initial_commit_done_) {
        initial_commit_done_ = true;
        role_->initial_commit();
        // Only the tolerant mode lets a buffer into the initial commit (see
        // validate_commit): it maps at once, as if the configure were acked.
        if (shell_.strict_unconfigured_buffer() || !surface.has_buffer()) return;
    }
    role_->committed(damage);
}

void XdgSurface::tree_changed(Surface&, const TreeChange& change) {
    if (!role_) return;
    if (change.damaged) role_->tree_damage(change.damage);
    if (change.reshaped) role_->tree_changed();
}

void XdgSurface::surface_destroyed(Surface& surface) {
    if (role_) role_->unmap();
    surface_ = nullptr;
}

} // namespace shoji
