#include "shell/xdg_popup.hpp"

#include <algorithm>
#include <cassert>

#include "shell/xdg_surface.hpp"
#include "shell/xdg_wm_base.hpp"
#include "surface/wl_surface.hpp"
#include "util/protocol_error.hpp"
#include "xdg-shell-server-protocol.h"

namespace shoji {

namespace {
XdgPopup* popup_of(wl_resource* r) { return static_cast<XdgPopup*>(wl_resource_get_user_data(r)); }

const struct xdg_popup_interface popup_impl = {
    [](wl_client*, wl_resource* r) { popup_of(r)->handle_destroy(); },
    [](wl_client*, wl_resource* r, wl_resource* seat, uint32_t serial) { popup_of(r)->handle_grab(seat, serial); },
    [](wl_client*, wl_resource* r, wl_resource* positioner, uint32_t token) {
        popup_of(r)->handle_reposition(positioner, token);
    },
};

void popup_resource_destroy(wl_resource* r) { delete popup_of(r); }
} // namespace

XdgPopup::XdgPopup(XdgSurface& xdg, uint32_t id, XdgSurface& parent, const PositionerRules& rules)
    : xdg_(&xdg), parent_(&parent), rules_(rules) {
    wl_client* client = wl_resource_get_client(xdg.resource());
    resource_ = wl_resource_create(client, &xdg_popup_interface, int(xdg.version()), id);
    if (!resource_) {
        wl_client_post_no_memory(client);
        return;
    }
    wl_resource_set_implementation(resource_, &popup_impl, this, popup_resource_destroy);
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

Surface* XdgPopup::main_surface() const { return xdg_ ? xdg_->surface() : nullptr; }

std::pair<int32_t, int32_t> XdgPopup::geometry_origin() const {
    // The popup's box is relative to the parent's window geometry.
    auto [px, py] = parent_ && parent_->role() ? parent_->role()->geometry_origin() : std::pair<int32_t, int32_t>{0, 0};
    return {px + current_.x, py + current_.y};
}

Box XdgPopup::layout_box() const {
    const Surface* s = main_surface();
    if (!s) return {};
    auto [gx, gy] = geometry_origin();
    const Box g = xdg_->geometry();
    Box b = s->tree_extents();
    b.x += gx - g.x;
    b.y += gy - g.y;
    return b;
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
    sent_.emplace_back(xdg_->send_configure(), box);
}

void XdgPopup::initial_commit() { send_configure(); }

void XdgPopup::acked(uint32_t serial) {
    while (!sent_.empty()) {
        auto [s, box] = sent_.front();
        sent_.pop_front();
        if (s == serial) {
            acked_ = box;
            return;
        }
    }
}

void XdgPopup::committed(const Region& damage) {
    Surface* surface = xdg_->surface();
    Scene& scene = xdg_->scene();
    if (!surface->buffer() || dismissed_) {
        unmap();
        xdg_->reset_configure_state();
        sent_.clear();
        return;
    }
    current_ = acked_;
    if (!mapped_) {
        // xdg-shell.xml: a popup is mapped only while its parent is.
        if (!parent_ || !parent_->role() || !parent_->role()->mapped()) {
            dismiss();
            return;
        }
        mapped_ = true;
        scene.map(this, /*focus=*/false);
    }
    const Box box = layout_box();
    if (!(box == shown_box_)) {
        scene.add_damage(shown_box_);
        scene.add_damage(box);
        shown_box_ = box;
    } else {
        tree_damage(damage);
    }
    scene.layout_changed();
}

void XdgPopup::unmap() {
    if (!mapped_) return;
    xdg_->shell().parent_unmapped(xdg_); // popups opened from this one close too
    Scene& scene = xdg_->scene();
    scene.unmap(this);
    scene.add_damage(shown_box_);
    shown_box_ = {};
    mapped_ = false;
}

void XdgPopup::xdg_surface_destroyed() {
    unmap();
    xdg_->shell().remove_popup(this);
    xdg_ = nullptr;
}

void XdgPopup::tree_damage(const Region& damage) {
    if (!mapped_) return;
    auto [gx, gy] = geometry_origin();
    const Box g = xdg_->geometry();
    Region d = damage;
    d.translate(gx - g.x, gy - g.y);
    if (d.empty()) xdg_->scene().schedule_frame();
    else xdg_->scene().add_damage(d);
}

void XdgPopup::tree_changed() {
    if (!mapped_) return;
    Scene& scene = xdg_->scene();
    scene.add_damage(shown_box_);
    shown_box_ = layout_box();
    scene.add_damage(shown_box_);
    scene.layout_changed();
}

void XdgPopup::collect_views(std::vector<View>& out) const {
    auto [gx, gy] = geometry_origin();
    const Box g = xdg_->geometry();
    xdg_->surface()->collect_views(gx - g.x, gy - g.y, out);
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
