#include "shell/xdg_popup.hpp"

#include <algorithm>
#include <cassert>

#include "shell/xdg_surface.hpp"
#include "shell/xdg_wm_base.hpp"
#include "surface/wl_surface.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"
#include "xdg-shell-server-protocol.h"

namespace shoji {

namespace {
XdgPopup* popup_of(wl_resource* r) { return static_cast<XdgPopup*>(wl_resource_get_user_data(r)); }

const struct xdg_popup_interface popup_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { popup_of(r)->handle_destroy(); },
    /* grab */ [](wl_client*, wl_resource* r, wl_resource* seat, uint32_t serial) { popup_of(r)->handle_grab(seat, serial); },
    /* reposition */ [](wl_client*, wl_resource* r, wl_resource* positioner, uint32_t token) {
        popup_of(r)->handle_reposition(positioner, token);
    },
};

void popup_resource_destroy(wl_resource* r) { delete popup_of(r); }
} // namespace

XdgPopup* XdgPopup::create(XdgSurface& xdg, uint32_t id, XdgSurface& parent, const PositionerRules& rules) {
    wl_resource* r =
        create_resource(xdg.resource(), &xdg_popup_interface, xdg.version(), id, &popup_impl, nullptr, popup_resource_destroy);
    if (!r) return nullptr;
    auto* popup = new XdgPopup(xdg, r, parent, rules);
    wl_resource_set_user_data(r, popup);
    return popup;
}

XdgPopup::XdgPopup(XdgSurface& xdg, wl_resource* resource, XdgSurface& parent, const PositionerRules& rules)
    : XdgWindow(xdg), parent_(&parent), resource_(resource), rules_(rules) {
    xdg.shell().add_popup(this);
}

XdgPopup::~XdgPopup() {
    unmap();
    if (xdg_) {
        xdg_->shell().remove_popup(this);
        xdg_->role_destroyed(this);
    }
}

XdgPopup* XdgPopup::from(wl_resource* resource) {
    assert(wl_resource_instance_of(resource, &xdg_popup_interface, &popup_impl));
    return popup_of(resource);
}

std::pair<int32_t, int32_t> XdgPopup::geometry_origin() const {
    // The popup's box is relative to the parent's window geometry.
    auto [px, py] = parent_ && parent_->role() ? parent_->role()->geometry_origin() : std::pair<int32_t, int32_t>{0, 0};
    return {px + current_.x, py + current_.y};
}

void XdgPopup::send_configure() {
    if (!xdg_ || !xdg_->initial_commit_done() || !parent_ || !parent_->role()) return;
    // Constrain to the output, in parent-geometry coordinates.
    auto [px, py] = parent_->role()->geometry_origin();
    Box area = xdg_->scene().placement_area();
    area.x -= px;
    area.y -= py;
    const Box box = rules_.place(area);
    xdg_popup_send_configure(resource_, box.x, box.y, box.width, box.height);
    xdg_->send_configure(box);
}

void XdgPopup::initial_commit() { send_configure(); }

void XdgPopup::acked(const RoleConfigure& state) { acked_ = std::get<PopupConfigure>(state); }

void XdgPopup::committed(const Region& damage) {
    Surface* surface = xdg_->surface();
    // xdg-shell.xml, popup_done: a dismissed popup is never shown again; its
    // commits change nothing, and configures sent before the client learnt
    // of the dismissal (e.g. after reposition) may still be acked.
    if (dismissed_) return;
    if (!surface->has_buffer()) {
        // A null buffer unmaps a mapped popup (as for toplevels); before
        // its first map a buffer-less commit is just a commit.
        if (mapped_) {
            unmap();
            xdg_->reset_configure_state();
        }
        return;
    }
    current_ = acked_;
    // xdg-shell.xml: a popup is mapped only while its parent is.
    if (!mapped_ && (!parent_ || !parent_->role() || !parent_->role()->mapped())) {
        dismiss();
        return;
    }
    show(damage, /*focus=*/false);
}

void XdgPopup::xdg_surface_destroyed() {
    unmap();
    xdg_->shell().remove_popup(this);
    xdg_ = nullptr;
}

void XdgPopup::dismiss() {
    if (dismissed_) return;
    dismissed_ = true;
    if (xdg_) xdg_->shell().remove_popup(this);
    unmap();
    xdg_popup_send_popup_done(resource_);
}

void XdgPopup::parent_destroyed() {
    dismiss();
    parent_ = nullptr;
}

void XdgPopup::handle_destroy() {
    // xdg-shell.xml, xdg_popup.destroy: "If this xdg_popup is not the
    // "topmost" popup, the xdg_wm_base.not_the_topmost_popup protocol error
    // will be sent."
    if (xdg_ && !xdg_->shell().is_topmost_popup(this)) {
        post_protocol_error(xdg_->error_object(), XDG_WM_BASE_ERROR_NOT_THE_TOPMOST_POPUP,
                            "xdg_popup@%u destroyed while a popup opened above it is alive",
                            wl_resource_get_id(resource_));
        return;
    }
    wl_resource_destroy(resource_);
}

void XdgPopup::handle_grab(wl_resource*, uint32_t) {
    // xdg-shell.xml, grab: "This request must be used in response to some
    // sort of user action ... If the popup is already mapped, invalid_grab";
    // a grabbing popup's parent popup must hold a grab too.
    if (mapped_) {
        post_protocol_error(resource_, XDG_POPUP_ERROR_INVALID_GRAB, "grab after the popup was mapped");
        return;
    }
    XdgPopup* parent_popup = parent_ ? dynamic_cast<XdgPopup*>(parent_->role()) : nullptr;
    if (parent_popup && !parent_popup->grabbed_) {
        post_protocol_error(resource_, XDG_POPUP_ERROR_INVALID_GRAB,
                            "grab on a popup whose parent popup has no grab");
        return;
    }
    grabbed_ = true;
}

void XdgPopup::handle_reposition(wl_resource* positioner, uint32_t token) {
    const PositionerRules& rules = xdg_positioner_rules(positioner);
    if (!rules.complete()) {
        post_protocol_error(xdg_ ? xdg_->error_object() : resource_,
                            XDG_WM_BASE_ERROR_INVALID_POSITIONER,
                            "reposition: the positioner needs a size and an anchor rectangle");
        return;
    }
    rules_ = rules;
    if (wl_resource_get_version(resource_) >= XDG_POPUP_REPOSITIONED_SINCE_VERSION)
        xdg_popup_send_repositioned(resource_, token);
    send_configure();
}

} // namespace shoji
