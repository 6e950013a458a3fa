#include "shell/xdg_popup.hpp"

#include <algorithm>
#include <cassert>

#include "shell/xdg_surface.hpp"
#include "shell/xdg_wm_base.hpp"
#include "shell/zwlr_layer_surface_v1.hpp"
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

const void* xdg_popup_requests() { return &popup_impl; }

void send_xdg_popup_configure(wl_resource* popup, const Box& box) {
    xdg_popup_send_configure(popup, box.x, box.y, box.width, box.height);
}

std::unique_ptr<XdgPopup> XdgPopup::create_wl_shell(XdgSurface& xdg, wl_resource* resource, XdgSurface* parent,
                                                    const PositionerRules& rules) {
    std::unique_ptr<XdgPopup> popup(new XdgPopup(xdg, resource, parent, rules));
    popup->grabbed_ = true;
    return popup;
}

XdgPopup* XdgPopup::create(XdgSurface& xdg, uint32_t id, XdgSurface* parent, const PositionerRules& rules) {
    wl_resource* r = create_resource(xdg.resource(), xdg.protocol().popup, xdg.version(), id, xdg.protocol().popup_impl,
                                     nullptr, popup_resource_destroy);
    if (!r) return nullptr;
    auto* popup = new XdgPopup(xdg, r, parent, rules);
    wl_resource_set_user_data(r, popup);
    return popup;
}

XdgPopup::XdgPopup(XdgSurface& xdg, wl_resource* resource, XdgSurface* parent, const PositionerRules& rules)
    : XdgWindow(xdg), parent_(parent), resource_(resource), rules_(rules) {
    xdg.shell().add_popup(this);
}

XdgPopup::~XdgPopup() {
    unmap();
    if (layer_parent_) layer_parent_->remove_popup(this);
    if (xdg_) {
        xdg_->shell().remove_popup(this);
        xdg_->role_destroyed(this);
    }
}

XdgPopup* XdgPopup::from(wl_resource* resource) {
    assert(wl_resource_instance_of(resource, &xdg_popup_interface, &popup_impl) ||
           wl_resource_instance_of(resource, xdg_v6_protocol().popup, xdg_v6_protocol().popup_impl));
    return popup_of(resource);
}

std::pair<int32_t, int32_t> XdgPopup::parent_origin() const {
    // Up the chain of parent popups, iteratively: a client nests popups as
    // deep as it likes. Each popup's box is relative to its parent's window
    // geometry; the chain ends at a window or a layer surface (which has no
    // window geometry: its surface's (0, 0)).
    int64_t x = 0, y = 0;
    for (const XdgPopup* p = this; p;) {
        if (p->layer_parent_) {
            auto [lx, ly] = p->layer_parent_->origin();
            x += lx, y += ly;
            break;
        }
        if (!p->parent_ || !p->parent_->role()) break;
        const auto* up = dynamic_cast<const XdgPopup*>(p->parent_->role());
        if (!up) {
            auto [gx, gy] = p->parent_->role()->geometry_origin();
            x += gx, y += gy;
            break;
        }
        x += up->current_.x, y += up->current_.y;
        p = up;
    }
    return {int32_t(std::clamp<int64_t>(x, -Region::kLimit, Region::kLimit)),
            int32_t(std::clamp<int64_t>(y, -Region::kLimit, Region::kLimit))};
}

bool XdgPopup::parent_mapped() const {
    if (layer_parent_) return layer_parent_->mapped();
    return parent_ && parent_->role() && parent_->role()->mapped();
}

SceneLayer XdgPopup::layer() const {
    // The layer of the chain's root (iteratively, as parent_origin).
    const XdgPopup* p = this;
    while (!p->layer_parent_) {
        const auto* up = p->parent_ ? dynamic_cast<const XdgPopup*>(p->parent_->role()) : nullptr;
        if (!up) return SceneLayer::Windows;
        p = up;
    }
    return std::max(p->layer_parent_->layer(), SceneLayer::Top);
}

std::pair<int32_t, int32_t> XdgPopup::geometry_origin() const {
    // The popup's box is relative to the parent's window geometry.
    auto [px, py] = parent_origin();
    return {px + current_.x, py + current_.y};
}

bool XdgPopup::validate_commit(const SurfaceState&) {
    // xdg_surface.get_popup: "If the parent is null, a parent must be
    // specified using some other protocol, before committing the initial
    // state."
    if (xdg_ && !xdg_->initial_commit_done() && !has_parent() && !dismissed_) {
        post_protocol_error(xdg_->error_object(), XDG_WM_BASE_ERROR_INVALID_POPUP_PARENT,
                            "xdg_popup@%u: initial commit with no parent (get_popup had none, and no "
                            "zwlr_layer_surface_v1.get_popup gave one)",
                            wl_resource_get_id(resource_));
        return false;
    }
    return true;
}

void XdgPopup::send_configure() {
    if (!xdg_ || !xdg_->initial_commit_done()) return;
    if (!(layer_parent_ || (parent_ && parent_->role()))) return;
    // Constrain to the output, in parent-geometry coordinates: a layer
    // surface's popup to its whole output (windows keep off the exclusive
    // zones, a panel's menus need not).
    auto [px, py] = parent_origin();
    Box area = xdg_->scene().placement_area();
    if (layer_parent_) {
        const Stage& scene = xdg_->scene();
        const std::vector<OutputArea> outputs = scene.outputs();
        for (const OutputArea& o : outputs)
            if (o.wlr == layer_parent_->output()) area = o.box;
        if (!layer_parent_->output() && !outputs.empty()) area = outputs.front().box;
    }
    area.x -= px;
    area.y -= py;
    const Box box = rules_.place(area);
    sent_ = box;
    xdg_->protocol().send_popup_configure(resource_, box);
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
    // The tolerant mode (ServerConfig::strict_unconfigured_buffer off) maps
    // a buffer committed before any ack as if the configure were acked.
    current_ = xdg_->configured() ? acked_ : sent_;
    // xdg-shell.xml: a popup is mapped only while its parent is.
    if (!mapped_ && !parent_mapped()) {
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
    protocol_.send_popup_done(resource_);
}

void XdgPopup::parent_destroyed() {
    dismiss();
    parent_ = nullptr;
}

void XdgPopup::set_layer_parent(LayerSurface* parent) {
    // The layer surface keeps a list of its popups, to dismiss them when it
    // unmaps and to clear this pointer when it goes.
    layer_parent_ = parent;
    parent->add_popup(this);
}

void XdgPopup::layer_parent_destroyed() {
    dismiss();
    layer_parent_ = nullptr; // (the layer surface forgets this popup itself)
}

void XdgPopup::handle_destroy() {
    // xdg-shell.xml, xdg_popup.destroy: "If this xdg_popup is not the
    // "topmost" popup, the xdg_wm_base.not_the_topmost_popup protocol error
    // will be sent."
    if (xdg_ && !xdg_->shell().is_topmost_popup(this)) {
        post_protocol_error(xdg_->error_object(), XDG_WM_BASE_ERROR_NOT_THE_TOPMOST_POPUP,
                            "%s@%u destroyed while a popup opened above it is alive",
                            wl_resource_get_class(resource_), wl_resource_get_id(resource_));
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
