#include "shell/zwlr_layer_surface_v1.hpp"

#include <algorithm>
#include <cassert>

#include "shell/xdg_popup.hpp"
#include "shell/xdg_surface.hpp"
#include "shell/xdg_wm_base.hpp"
#include "shell/zwlr_layer_shell_v1.hpp"
#include "surface/wl_surface.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"
// The generated header names an argument `namespace`, a C++ keyword.
#define namespace name_space
#include "wlr-layer-shell-unstable-v1-server-protocol.h"
#undef namespace
#include "xdg-shell-server-protocol.h"

namespace shoji {

namespace {
LayerSurface* layer_of(wl_resource* r) { return static_cast<LayerSurface*>(wl_resource_get_user_data(r)); }

const struct zwlr_layer_surface_v1_interface layer_surface_impl = {
    /* set_size */ [](wl_client*, wl_resource* r, uint32_t w, uint32_t h) { layer_of(r)->handle_set_size(w, h); },
    /* set_anchor */ [](wl_client*, wl_resource* r, uint32_t anchor) { layer_of(r)->handle_set_anchor(anchor); },
    /* set_exclusive_zone */
    [](wl_client*, wl_resource* r, int32_t zone) { layer_of(r)->handle_set_exclusive_zone(zone); },
    /* set_margin */
    [](wl_client*, wl_resource* r, int32_t top, int32_t right, int32_t bottom, int32_t left) {
        layer_of(r)->handle_set_margin(top, right, bottom, left);
    },
    /* set_keyboard_interactivity */
    [](wl_client*, wl_resource* r, uint32_t k) { layer_of(r)->handle_set_keyboard_interactivity(k); },
    /* get_popup */ [](wl_client*, wl_resource* r, wl_resource* popup) { layer_of(r)->handle_get_popup(popup); },
    /* ack_configure */ [](wl_client*, wl_resource* r, uint32_t serial) { layer_of(r)->handle_ack_configure(serial); },
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* set_layer */ [](wl_client*, wl_resource* r, uint32_t layer) { layer_of(r)->handle_set_layer(layer); },
};

void layer_surface_resource_destroy(wl_resource* r) { delete layer_of(r); }

constexpr uint32_t kAllAnchors = ZWLR_LAYER_SURFACE_V1_ANCHOR_TOP | ZWLR_LAYER_SURFACE_V1_ANCHOR_BOTTOM |
                                 ZWLR_LAYER_SURFACE_V1_ANCHOR_LEFT | ZWLR_LAYER_SURFACE_V1_ANCHOR_RIGHT;

// Configures a client may leave unacked before the oldest are forgotten.
// Other clients can make us send configures (their exclusive zones change
// this surface's size) as fast as they commit; past this the oldest entry is
// dropped and an ack naming it is accepted with no state, as for xdg_surface.
constexpr size_t kMaxUnackedConfigures = 256;
} // namespace

LayerSurface* LayerSurface::create(LayerShell& shell, wl_resource* shell_resource, uint32_t id, Surface& surface,
                                   wlr_output* output, uint32_t layer) {
    wl_resource* resource = create_resource(shell_resource, &zwlr_layer_surface_v1_interface,
                                            uint32_t(wl_resource_get_version(shell_resource)), id, &layer_surface_impl,
                                            nullptr, layer_surface_resource_destroy);
    if (!resource) return nullptr;
    auto* self = new LayerSurface(shell, shell_resource, surface, output, layer);
    self->resource_ = resource;
    wl_resource_set_user_data(resource, self);
    return self;
}

LayerSurface::LayerSurface(LayerShell& shell, wl_resource* shell_resource, Surface& surface, wlr_output* output,
                           uint32_t layer)
    : shell_(shell), shell_resource_(shell_resource), surface_(&surface), output_(output),
      sent_(kMaxUnackedConfigures) {
    pending_.layer = current_.layer = layer;
    const bool ok = surface_->set_role(kRole, this);
    assert(ok); // LayerShell checked the role first
    (void)ok;
    shell_.add_surface(this);
}

LayerSurface::~LayerSurface() {
    unmap();
    for (XdgPopup* popup : std::vector<XdgPopup*>(popups_)) popup->layer_parent_destroyed();
    shell_.remove_surface(this);
    if (surface_) surface_->clear_role(this);
    // Its exclusive zone is no more.
    if (initial_commit_done_ && !closed_) shell_.arrange(output_);
}

LayerSurface* LayerSurface::from(wl_resource* resource) {
    assert(wl_resource_instance_of(resource, &zwlr_layer_surface_v1_interface, &layer_surface_impl));
    return layer_of(resource);
}

void LayerSurface::remove_popup(XdgPopup* popup) {
    popups_.erase(std::remove(popups_.begin(), popups_.end(), popup), popups_.end());
}

void LayerSurface::shell_resource_destroyed(wl_resource* shell_resource) {
    if (shell_resource_ == shell_resource) shell_resource_ = nullptr;
}

bool LayerSurface::check_layer(uint32_t layer, const char* request) {
    if (layer <= ZWLR_LAYER_SHELL_V1_LAYER_OVERLAY) return true;
    // The error belongs to zwlr_layer_shell_v1; once the client destroyed
    // that object, the layer surface's own "invalid surface state" says it.
    if (shell_resource_)
        post_protocol_error(shell_resource_, ZWLR_LAYER_SHELL_V1_ERROR_INVALID_LAYER,
                            "%s: layer %u is not one of background (0), bottom (1), top (2), overlay (3)", request,
                            layer);
    else
        post_protocol_error(resource_, ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_SURFACE_STATE,
                            "%s: layer %u is not one of background (0), bottom (1), top (2), overlay (3)", request,
                            layer);
    return false;
}

void LayerSurface::handle_set_size(uint32_t width, uint32_t height) {
    pending_.width = width;
    pending_.height = height;
}

void LayerSurface::handle_set_anchor(uint32_t anchor) {
    if (anchor & ~kAllAnchors) {
        post_protocol_error(resource_, ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_ANCHOR,
                            "set_anchor: 0x%x has bits outside top (1) | bottom (2) | left (4) | right (8)", anchor);
        return;
    }
    pending_.anchor = anchor;
}

void LayerSurface::handle_set_exclusive_zone(int32_t zone) { pending_.exclusive_zone = zone; }

void LayerSurface::handle_set_margin(int32_t top, int32_t right, int32_t bottom, int32_t left) {
    pending_.margin_top = top;
    pending_.margin_right = right;
    pending_.margin_bottom = bottom;
    pending_.margin_left = left;
}

void LayerSurface::handle_set_keyboard_interactivity(uint32_t interactivity) {
    // on_demand is "since 4": on an older object it is as unknown as 3.
    const uint32_t max = wl_resource_get_version(resource_) >= ZWLR_LAYER_SURFACE_V1_KEYBOARD_INTERACTIVITY_ON_DEMAND_SINCE_VERSION
                             ? ZWLR_LAYER_SURFACE_V1_KEYBOARD_INTERACTIVITY_ON_DEMAND
                             : ZWLR_LAYER_SURFACE_V1_KEYBOARD_INTERACTIVITY_EXCLUSIVE;
    if (interactivity > max) {
        post_protocol_error(resource_, ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_KEYBOARD_INTERACTIVITY,
                            "set_keyboard_interactivity: %u is not none (0), exclusive (1)%s on version %d",
                            interactivity, max >= 2 ? " or on_demand (2)" : "", wl_resource_get_version(resource_));
        return;
    }
    pending_.keyboard_interactivity = interactivity;
}

void LayerSurface::handle_set_layer(uint32_t layer) {
    if (!check_layer(layer, "set_layer")) return;
    pending_.layer = layer;
}

void LayerSurface::handle_get_popup(wl_resource* popup_resource) {
    // get_popup: the popup "should have been created via
    // xdg_surface::get_popup with the parent set to NULL, and this request
    // must be invoked before committing the popup's initial state".
    XdgPopup* popup = XdgPopup::from(popup_resource);
    XdgSurface* xdg = popup->xdg_surface();
    if (!xdg) return; // its xdg_surface is gone: nothing to parent
    if (popup->has_parent() || xdg->initial_commit_done()) {
        post_protocol_error(xdg->error_object(), XDG_WM_BASE_ERROR_INVALID_POPUP_PARENT,
                            "zwlr_layer_surface_v1.get_popup: xdg_popup@%u %s",
                            wl_resource_get_id(popup_resource),
                            popup->has_parent() ? "already has a parent" : "already did its initial commit");
        return;
    }
    popup->set_layer_parent(this);
}

void LayerSurface::handle_ack_configure(uint32_t serial) {
    // The protocol names no error for a wrong serial; the surface state it
    // claims to answer is invalid.
    const std::optional<SentConfigure> acked =
        sent_.ack(serial, resource_, ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_SURFACE_STATE);
    if (acked && !acked->stale) configured_ = true;
}

bool LayerSurface::validate_commit(Surface&, const SurfaceState& pending) {
    if (closed_) return true; // closed: "Further changes to the surface will be ignored"
    // set_size: "If you pass 0 for either value ... You must set your anchor
    // to opposite edges in the dimensions you omit; not doing so is a
    // protocol error."
    const LayerState& p = pending_;
    const bool h_span = (p.anchor & ZWLR_LAYER_SURFACE_V1_ANCHOR_LEFT) && (p.anchor & ZWLR_LAYER_SURFACE_V1_ANCHOR_RIGHT);
    const bool v_span = (p.anchor & ZWLR_LAYER_SURFACE_V1_ANCHOR_TOP) && (p.anchor & ZWLR_LAYER_SURFACE_V1_ANCHOR_BOTTOM);
    if ((p.width == 0 && !h_span) || (p.height == 0 && !v_span)) {
        post_protocol_error(resource_, ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_SIZE,
                            "size %u×%u with anchor 0x%x: a width of 0 needs the left and right anchors, a "
                            "height of 0 the top and bottom ones",
                            p.width, p.height, p.anchor);
        return false;
    }
    // get_layer_surface: "any attempts by a client to attach or manipulate a
    // buffer prior to the first layer_surface.configure call must also be
    // treated as errors". The tolerant mode (the WLCS integration only) lets
    // it through, as for xdg_surface: wlcs 1.5.0 maps layer surfaces that way.
    const bool attaches_buffer = (pending.committed & SurfaceState::kBuffer) && pending.buffer.get();
    if (attaches_buffer && !configured_ && shell_.xdg_shell().strict_unconfigured_buffer()) {
        post_protocol_error(resource_, ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_SURFACE_STATE,
                            "buffer committed before the first ack_configure%s",
                            initial_commit_done_ ? "" : " (the initial commit must have no buffer)");
        return false;
    }
    return true;
}

bool LayerSurface::validate_attach(Surface&) {
    if (closed_ || initial_commit_done_ || !shell_.xdg_shell().strict_unconfigured_buffer()) return true;
    post_protocol_error(resource_, ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_SURFACE_STATE,
                        "buffer attached before the first configure (the initial commit must have no buffer)");
    return false;
}

void LayerSurface::committed(Surface& surface, const Region& damage) {
    if (closed_) return;
    const LayerState was = current_;
    current_ = pending_;
    Stage& scene = shell_.scene();
    if (mapped_ && current_.layer != was.layer) scene.raise(this); // to the top of its new layer
    if (mapped_ && current_.keyboard_interactivity != was.keyboard_interactivity) {
        if (!takes_focus()) scene.unfocus(this);
        scene.keyboard_changed();
    }

    if (!initial_commit_done_) {
        // The initial commit is answered with a configure (place() sends it).
        initial_commit_done_ = true;
        shell_.arrange(output_);
        // Only the tolerant mode lets a buffer in here (see validate_commit).
        if (!surface.has_buffer()) return;
    }
    if (!surface.has_buffer()) {
        // "Attaching a null buffer to a layer surface unmaps it": it starts
        // over as right after get_layer_surface; its zone goes with it.
        if (mapped_) {
            unmap();
            initial_commit_done_ = false;
            configured_ = false;
            last_sent_.reset();
            // Configures on the wire may still be acked; they count no more.
            sent_.mark_stale();
        }
        // Not mapped: its state may still have changed its size (a
        // configure) or its zone.
        shell_.arrange(output_);
        return;
    }
    const bool was_mapped = mapped_;
    shell_.arrange(output_); // its size, anchors or zone may have changed
    if (!mapped_) {
        mapped_ = true;
        // on_demand surfaces are focused when they appear, as windows are;
        // exclusive ones take the keyboard through grabs_keyboard().
        scene.map(this, current_.keyboard_interactivity == ZWLR_LAYER_SURFACE_V1_KEYBOARD_INTERACTIVITY_ON_DEMAND);
    }
    repaint(was_mapped ? &damage : nullptr);
}

void LayerSurface::place(const Box& box) {
    const std::pair<uint32_t, uint32_t> size{uint32_t(box.width), uint32_t(box.height)};
    // configure: the size the surface gets; a dimension the client set is
    // sent back as set ("the compositor will ... inform you of the
    // assignment").
    if (!last_sent_ || *last_sent_ != size) {
        const uint32_t serial = wl_display_next_serial(shell_.display());
        sent_.push({serial, size.first, size.second, false});
        last_sent_ = size;
        zwlr_layer_surface_v1_send_configure(resource_, serial, size.first, size.second);
    }
    if (box == box_) return;
    box_ = box;
    if (mapped_) repaint(nullptr);
}

void LayerSurface::move_to(int32_t x, int32_t y) {
    moved_ = {int32_t(std::clamp<int64_t>(x, -Region::kLimit, Region::kLimit)),
              int32_t(std::clamp<int64_t>(y, -Region::kLimit, Region::kLimit))};
    if (mapped_) repaint(nullptr);
}

std::pair<int32_t, int32_t> LayerSurface::origin() const {
    if (moved_) return *moved_;
    return {box_.x, box_.y};
}

Box LayerSurface::layout_box() const {
    if (!surface_) return {};
    auto [ox, oy] = origin();
    Box b = surface_->tree_extents();
    b.x += ox;
    b.y += oy;
    return b;
}

void LayerSurface::repaint(const Region* damage) {
    Stage& scene = shell_.scene();
    const Box box = layout_box();
    if (!damage || !(box == shown_box_)) {
        scene.add_damage(shown_box_);
        scene.add_damage(box);
        shown_box_ = box;
    } else {
        auto [ox, oy] = origin();
        Region d = *damage;
        d.translate(ox, oy);
        if (d.empty()) scene.schedule_frame(); // e.g. only a frame callback
        else scene.add_damage(d);
    }
    scene.layout_changed(); // what is under the pointer may have changed
}

void LayerSurface::unmap() {
    if (!mapped_) return;
    // xdg-shell.xml: a popup is shown only while its parent is.
    for (XdgPopup* popup : std::vector<XdgPopup*>(popups_)) popup->dismiss();
    mapped_ = false;
    moved_.reset();
    Stage& scene = shell_.scene();
    scene.unmap(this);
    scene.add_damage(shown_box_);
    shown_box_ = {};
}

void LayerSurface::close() {
    if (closed_) return;
    const bool counted = arranged();
    unmap();
    closed_ = true;
    zwlr_layer_surface_v1_send_closed(resource_);
    if (counted) shell_.arrange(output_);
}

void LayerSurface::surface_destroyed(Surface&) {
    const bool counted = arranged();
    unmap();
    surface_ = nullptr;
    if (counted) shell_.arrange(output_);
}

void LayerSurface::tree_changed(Surface&, const TreeChange& change) {
    // Its subsurfaces: new pixels, or a new shape (and so bounds).
    if (!mapped_) return;
    if (change.reshaped) repaint(nullptr);
    else if (change.damaged) repaint(&change.damage);
}

SceneLayer LayerSurface::layer() const {
    switch (current_.layer) {
    case ZWLR_LAYER_SHELL_V1_LAYER_BACKGROUND: return SceneLayer::Background;
    case ZWLR_LAYER_SHELL_V1_LAYER_BOTTOM: return SceneLayer::Bottom;
    case ZWLR_LAYER_SHELL_V1_LAYER_TOP: return SceneLayer::Top;
    default: return SceneLayer::Overlay;
    }
}

void LayerSurface::collect_views(std::vector<View>& out) const {
    if (!surface_) return;
    auto [ox, oy] = origin();
    surface_->collect_views(ox, oy, out);
}

bool LayerSurface::takes_focus() const {
    return current_.keyboard_interactivity != ZWLR_LAYER_SURFACE_V1_KEYBOARD_INTERACTIVITY_NONE;
}

bool LayerSurface::grabs_keyboard() const {
    // keyboard_interactivity.exclusive: "For the top and overlay layers, the
    // seat will always give exclusive keyboard focus to the top-most layer
    // which has keyboard interactivity set to exclusive" (Scene picks the
    // topmost); "For the bottom and background layers, the compositor is
    // allowed to use normal focus semantics."
    return mapped_ && current_.keyboard_interactivity == ZWLR_LAYER_SURFACE_V1_KEYBOARD_INTERACTIVITY_EXCLUSIVE &&
           current_.layer >= ZWLR_LAYER_SHELL_V1_LAYER_TOP;
}

void LayerSurface::output_resized() {
    if (arranged()) shell_.arrange(output_);
}

} // namespace shoji
