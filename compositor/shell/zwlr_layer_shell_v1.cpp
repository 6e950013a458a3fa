#include "shell/zwlr_layer_shell_v1.hpp"

#include <algorithm>
#include <cassert>
#include <string_view>

#include "shell/zwlr_layer_surface_v1.hpp"
#include "surface/stage.hpp"
#include "surface/wl_surface.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"
// The generated header names an argument `namespace`, a C++ keyword.
#define namespace name_space
#include "wlr-layer-shell-unstable-v1-server-protocol.h"
#undef namespace
#include "wlr.hpp"

namespace shoji {

namespace {
LayerShell* shell_of(wl_resource* r) { return static_cast<LayerShell*>(wl_resource_get_user_data(r)); }

const struct zwlr_layer_shell_v1_interface layer_shell_impl = {
    /* get_layer_surface */
    [](wl_client*, wl_resource* r, uint32_t id, wl_resource* surface, wl_resource* output, uint32_t layer,
       const char* name_space) { shell_of(r)->handle_get_layer_surface(r, id, surface, output, layer, name_space); },
    // zwlr_layer_shell_v1.destroy: "Objects that have been created through
    // this instance are not affected."
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
};

void layer_shell_resource_destroy(wl_resource* r) {
    // The layer surfaces made through it post their zwlr_layer_shell_v1
    // errors elsewhere from now on.
    LayerShell* shell = shell_of(r);
    for (LayerSurface* s : shell->surfaces()) s->shell_resource_destroyed(r);
}

void layer_shell_bind(wl_client* client, void* data, uint32_t version, uint32_t id) {
    create_resource(client, &zwlr_layer_shell_v1_interface, version, id, &layer_shell_impl, data,
                    layer_shell_resource_destroy);
}

// Where one surface goes inside `bounds`, from its anchors, margins and
// size (wlr-layer-shell-unstable-v1.xml, set_anchor and set_size: between
// two opposite anchors it is centred, or stretched if its size is 0; at one
// anchor it touches that edge, less the margin; with none it is centred).
// In 64 bits, clamped: sizes are uint32 and margins any int32.
Box place_in(const Box& bounds, const LayerState& s) {
    const bool left = s.anchor & ZWLR_LAYER_SURFACE_V1_ANCHOR_LEFT, right = s.anchor & ZWLR_LAYER_SURFACE_V1_ANCHOR_RIGHT;
    const bool top = s.anchor & ZWLR_LAYER_SURFACE_V1_ANCHOR_TOP, bottom = s.anchor & ZWLR_LAYER_SURFACE_V1_ANCHOR_BOTTOM;
    auto axis = [](int64_t origin, int64_t extent, bool near, bool far, int64_t near_margin, int64_t far_margin,
                   int64_t size, int32_t& pos, int32_t& out_size) {
        if (!near) near_margin = 0;
        if (!far) far_margin = 0;
        const int64_t avail = std::max<int64_t>(extent - near_margin - far_margin, 0);
        if (size == 0) size = std::max<int64_t>(avail, 1); // only between two anchors (else invalid_size)
        size = std::min<int64_t>(size, Region::kLimit);
        int64_t p;
        if (near && far) p = origin + near_margin + (avail - size) / 2;
        else if (near) p = origin + near_margin;
        else if (far) p = origin + extent - far_margin - size;
        else p = origin + (extent - size) / 2;
        pos = int32_t(std::clamp<int64_t>(p, -Region::kLimit, Region::kLimit));
        out_size = int32_t(size);
    };
    Box b;
    axis(bounds.x, bounds.width, left, right, s.margin_left, s.margin_right, s.width, b.x, b.width);
    axis(bounds.y, bounds.height, top, bottom, s.margin_top, s.margin_bottom, s.height, b.y, b.height);
    return b;
}

// set_exclusive_zone: a positive zone counts only for a surface anchored to
// one edge, or to one edge and both edges beside it; it keeps that many
// units from the edge, margin included ("The exclusive zone includes the
// margin"), free of other surfaces.
void take_exclusive_zone(Box& usable, const LayerState& s) {
    if (s.exclusive_zone <= 0) return;
    const bool left = s.anchor & ZWLR_LAYER_SURFACE_V1_ANCHOR_LEFT, right = s.anchor & ZWLR_LAYER_SURFACE_V1_ANCHOR_RIGHT;
    const bool top = s.anchor & ZWLR_LAYER_SURFACE_V1_ANCHOR_TOP, bottom = s.anchor & ZWLR_LAYER_SURFACE_V1_ANCHOR_BOTTOM;
    auto amount = [&](int32_t margin, int32_t extent) {
        return int32_t(std::clamp<int64_t>(int64_t(s.exclusive_zone) + margin, 0, extent));
    };
    if (top == bottom && left != right) {
        if (left) {
            const int32_t a = amount(s.margin_left, usable.width);
            usable.x += a;
            usable.width -= a;
        } else {
            usable.width -= amount(s.margin_right, usable.width);
        }
    } else if (left == right && top != bottom) {
        if (top) {
            const int32_t a = amount(s.margin_top, usable.height);
            usable.y += a;
            usable.height -= a;
        } else {
            usable.height -= amount(s.margin_bottom, usable.height);
        }
    }
}
} // namespace

LayerShell::LayerShell(wl_display* display, Stage& scene, XdgShell& xdg_shell)
    : display_(display), scene_(scene), xdg_shell_(xdg_shell),
      global_(wl_global_create(display, &zwlr_layer_shell_v1_interface, kVersion, this, layer_shell_bind)) {}

LayerShell::~LayerShell() {
    wl_global_destroy(global_);
    // Clients are gone before the shell (Server::~Server), so are their
    // layer surfaces.
    assert(surfaces_.empty());
}

void LayerShell::remove_surface(LayerSurface* surface) {
    surfaces_.erase(std::remove(surfaces_.begin(), surfaces_.end(), surface), surfaces_.end());
}

void LayerShell::handle_get_layer_surface(wl_resource* shell_resource, uint32_t id, wl_resource* surface_resource,
                                          wl_resource* output_resource, uint32_t layer, const char*) {
    wl_client* client = wl_resource_get_client(shell_resource);
    Surface* surface = Surface::from(surface_resource);
    const auto mine = std::count_if(surfaces_.begin(), surfaces_.end(), [client](const LayerSurface* s) {
        return wl_resource_get_client(s->resource()) == client;
    });
    if (size_t(mine) >= kMaxPerClient) {
        post_protocol_error(wl_client_get_object(client, 1), WL_DISPLAY_ERROR_NO_MEMORY,
                            "get_layer_surface: %zu layer surfaces are alive, Shoji's limit per client",
                            kMaxPerClient);
        return;
    }
    // Validate, then apply: every rule of get_layer_surface before the
    // surface takes the role.
    if (layer > ZWLR_LAYER_SHELL_V1_LAYER_OVERLAY) {
        post_protocol_error(shell_resource, ZWLR_LAYER_SHELL_V1_ERROR_INVALID_LAYER,
                            "get_layer_surface: layer %u is not one of background (0), bottom (1), top (2), "
                            "overlay (3)", layer);
        return;
    }
    const char* role = surface->role_name();
    if ((role && std::string_view(role) != LayerSurface::kRole) || surface->role()) {
        post_protocol_error(shell_resource, ZWLR_LAYER_SHELL_V1_ERROR_ROLE,
                            "wl_surface@%u has the role %s, cannot become a layer surface",
                            wl_resource_get_id(surface_resource), role ? role : "(a live role object)");
        return;
    }
    // get_layer_surface: "Creating a layer surface from a wl_surface which
    // has a buffer attached or committed is a client error".
    if (surface->buffer() || surface->buffer_attached()) {
        post_protocol_error(shell_resource, ZWLR_LAYER_SHELL_V1_ERROR_ALREADY_CONSTRUCTED,
                            "get_layer_surface: wl_surface@%u already has a buffer %s",
                            wl_resource_get_id(surface_resource), surface->buffer() ? "committed" : "attached");
        return;
    }
    // A given output is ours to find; one whose wl_output is inert (it went
    // away) leaves the surface closed from the start.
    wlr_output* output = nullptr;
    bool output_gone = false;
    if (output_resource) {
        wlr_output* wlr = wlr_output_from_resource(output_resource);
        for (const OutputArea& o : scene_.outputs())
            if (wlr && o.wlr == wlr) output = wlr;
        output_gone = !output;
    }
    LayerSurface* layer_surface = LayerSurface::create(*this, shell_resource, id, *surface, output, layer);
    if (layer_surface && output_gone) layer_surface->close();
}

void LayerShell::arrange(wlr_output* output) {
    if (arranging_) return;
    const std::vector<OutputArea> outputs = scene_.outputs();
    if (outputs.empty()) return;
    const wlr_output* first = outputs.front().wlr;
    const wlr_output* wanted = output ? output : first;
    auto target = std::find_if(outputs.begin(), outputs.end(), [&](const OutputArea& o) { return o.wlr == wanted; });
    if (target == outputs.end()) return; // gone: its surfaces are closed
    auto on_target = [&](const LayerSurface* s) { return (s->output() ? s->output() : first) == wanted; };

    arranging_ = true;
    const Box full = target->box;
    Box usable = full;
    // The surfaces with an exclusive zone first, so that the others fit in
    // what they leave; within each, the higher layers first (a top-layer bar
    // keeps its place whatever the background does), oldest first.
    const std::vector<LayerSurface*> all = surfaces_;
    for (const bool exclusive : {true, false})
        for (int layer = ZWLR_LAYER_SHELL_V1_LAYER_OVERLAY; layer >= 0; --layer)
            for (LayerSurface* s : all) {
                const LayerState& st = s->current();
                if (!s->arranged() || !on_target(s) || st.layer != uint32_t(layer)) continue;
                if ((st.exclusive_zone > 0) != exclusive) continue;
                // set_exclusive_zone: -1 (any negative) "would not like to be
                // moved to accommodate for other surfaces".
                s->place(place_in(st.exclusive_zone < 0 ? full : usable, st));
                take_exclusive_zone(usable, st);
            }
    scene_.set_usable_area(*target, usable);
    arranging_ = false;
}

void LayerShell::output_removed(wlr_output* output) {
    const std::vector<LayerSurface*> all = surfaces_;
    for (LayerSurface* s : all)
        if (s->output() == output) s->close();
}

} // namespace shoji
