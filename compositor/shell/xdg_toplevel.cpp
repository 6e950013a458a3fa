#include "shell/xdg_toplevel.hpp"

#include <algorithm>
#include <cassert>

#include "shell/xdg_surface.hpp"
#include "shell/xdg_wm_base.hpp"
#include "surface/wl_surface.hpp"
#include "util/protocol_error.hpp"
#include "xdg-shell-server-protocol.h"

namespace shoji {

namespace {
XdgToplevel* toplevel_of(wl_resource* r) {
    return static_cast<XdgToplevel*>(wl_resource_get_user_data(r));
}

const struct xdg_toplevel_interface toplevel_impl = {
    /* destroy */ [](wl_client*, wl_resource* r) { wl_resource_destroy(r); },
    /* set_parent */ [](wl_client*, wl_resource* r, wl_resource* p) { toplevel_of(r)->handle_set_parent(p); },
    /* set_title */ [](wl_client*, wl_resource* r, const char* t) { toplevel_of(r)->handle_set_title(t); },
    /* set_app_id */ [](wl_client*, wl_resource* r, const char* a) { toplevel_of(r)->handle_set_app_id(a); },
    // Window menus, interactive move and resize need a seat and a pointer
    // grab: without them there is nothing to show or drag, so they are
    // accepted and ignored, as the protocol allows.
    /* show_window_menu */ [](wl_client*, wl_resource*, wl_resource*, uint32_t, int32_t, int32_t) {},
    /* move */ [](wl_client*, wl_resource*, wl_resource*, uint32_t) {},
    /* resize */ [](wl_client*, wl_resource* r, wl_resource*, uint32_t, uint32_t edges) {
        toplevel_of(r)->handle_resize(edges);
    },
    /* set_max_size */ [](wl_client*, wl_resource* r, int32_t w, int32_t h) { toplevel_of(r)->handle_set_max_size(w, h); },
    /* set_min_size */ [](wl_client*, wl_resource* r, int32_t w, int32_t h) { toplevel_of(r)->handle_set_min_size(w, h); },
    /* set_maximized */ [](wl_client*, wl_resource* r) { toplevel_of(r)->handle_set_maximized(true); },
    /* unset_maximized */ [](wl_client*, wl_resource* r) { toplevel_of(r)->handle_set_maximized(false); },
    /* set_fullscreen */ [](wl_client*, wl_resource* r, wl_resource*) { toplevel_of(r)->handle_set_fullscreen(true); },
    /* unset_fullscreen */ [](wl_client*, wl_resource* r) { toplevel_of(r)->handle_set_fullscreen(false); },
    // Minimizing: there is no taskbar to restore from, so the request is
    // ignored ("the compositor may choose to ignore this request").
    /* set_minimized */ [](wl_client*, wl_resource*) {},
};

void toplevel_resource_destroy(wl_resource* r) { delete toplevel_of(r); }

constexpr int32_t kCascadeStep = 32;

int32_t clamp_position(int64_t v) {
    return int32_t(std::clamp<int64_t>(v, -Region::kLimit, Region::kLimit));
}
constexpr int32_t kCascadeSteps = 8;
} // namespace

XdgToplevel::XdgToplevel(XdgSurface& xdg, uint32_t id) : XdgWindow(xdg) {
    wl_client* client = wl_resource_get_client(xdg.resource());
    resource_ = wl_resource_create(client, &xdg_toplevel_interface, int(xdg.version()), id);
    if (!resource_) {
        wl_client_post_no_memory(client);
        return;
    }
    wl_resource_set_implementation(resource_, &toplevel_impl, this, toplevel_resource_destroy);
    if (xdg.version() >= XDG_TOPLEVEL_WM_CAPABILITIES_SINCE_VERSION) {
        wl_array caps;
        wl_array_init(&caps);
        for (uint32_t cap : {XDG_TOPLEVEL_WM_CAPABILITIES_MAXIMIZE, XDG_TOPLEVEL_WM_CAPABILITIES_FULLSCREEN})
            *static_cast<uint32_t*>(wl_array_add(&caps, sizeof cap)) = cap;
        xdg_toplevel_send_wm_capabilities(resource_, &caps);
        wl_array_release(&caps);
    }
}

XdgToplevel::~XdgToplevel() {
    unmap();
    for (XdgToplevel* child : children_) child->parent_ = nullptr;
    if (parent_) {
        auto& siblings = parent_->children_;
        siblings.erase(std::remove(siblings.begin(), siblings.end(), this), siblings.end());
    }
    if (xdg_) xdg_->role_destroyed(this);
}

XdgToplevel* XdgToplevel::from(wl_resource* resource) {
    assert(wl_resource_instance_of(resource, &xdg_toplevel_interface, &toplevel_impl));
    return toplevel_of(resource);
}

void XdgToplevel::xdg_surface_destroyed() {
    unmap();
    xdg_ = nullptr;
}

void XdgToplevel::send_configure() {
    if (!xdg_ || !xdg_->initial_commit_done()) return; // sent with the initial commit
    Configure c = requested_;
    const Box area = xdg_->scene().placement_area();
    if (c.fullscreen || c.maximized) {
        c.width = area.width;
        c.height = area.height;
    }
    if (xdg_->version() >= XDG_TOPLEVEL_CONFIGURE_BOUNDS_SINCE_VERSION)
        xdg_toplevel_send_configure_bounds(resource_, area.width, area.height);
    wl_array states;
    wl_array_init(&states);
    auto add = [&](uint32_t s) { *static_cast<uint32_t*>(wl_array_add(&states, sizeof s)) = s; };
    if (c.maximized) add(XDG_TOPLEVEL_STATE_MAXIMIZED);
    if (c.fullscreen) add(XDG_TOPLEVEL_STATE_FULLSCREEN);
    if (c.activated) add(XDG_TOPLEVEL_STATE_ACTIVATED);
    xdg_toplevel_send_configure(resource_, c.width, c.height, &states);
    wl_array_release(&states);
    sent_.emplace_back(xdg_->send_configure(), c);
}

void XdgToplevel::initial_commit() {
    // xdg-shell.xml: the initial commit (no buffer) is answered with a
    // configure. Size 0×0: the client picks its own.
    send_configure();
}

void XdgToplevel::acked(uint32_t serial) {
    while (!sent_.empty()) {
        auto [s, c] = sent_.front();
        sent_.pop_front();
        if (s == serial) {
            acked_ = c;
            return;
        }
    }
}

bool XdgToplevel::validate_commit(const SurfaceState& pending) {
    // xdg-shell.xml, set_min_size/set_max_size: double-buffered; a maximum
    // smaller than the minimum is an invalid_size error (0 means "none").
    auto [min_w, min_h] = pending_min_;
    auto [max_w, max_h] = pending_max_;
    if ((max_w > 0 && min_w > max_w) || (max_h > 0 && min_h > max_h)) {
        post_protocol_error(resource_, XDG_TOPLEVEL_ERROR_INVALID_SIZE,
                            "min size %d×%d is larger than max size %d×%d", min_w, min_h, max_w, max_h);
        return false;
    }
    // A null buffer will unmap the window: let the scene see it one last time.
    Scene& scene = xdg_->scene();
    if (mapped_ && (pending.committed & SurfaceState::kBuffer) && !pending.buffer.get() && scene.before_unmap)
        scene.before_unmap();
    return true;
}

void XdgToplevel::place() {
    // Cascade from the top-left, but keep the whole window on the output
    // when it fits.
    const Box area = xdg_->scene().placement_area();
    const Box g = xdg_->geometry();
    const int32_t step = kCascadeStep * int32_t(1 + xdg_->shell().next_placement() % kCascadeSteps);
    auto fit = [](int32_t origin, int32_t extent, int32_t want, int32_t size) {
        if (want + size <= origin + extent) return want;
        return std::max(origin, origin + extent - size);
    };
    x_ = fit(area.x, area.width, area.x + step, g.width);
    y_ = fit(area.y, area.height, area.y + step, g.height);
}

void XdgToplevel::committed(const Region& damage) {
    Surface* surface = xdg_->surface();
    Scene& scene = xdg_->scene();
    if (!surface->buffer()) {
        // A null buffer unmaps; the client starts over with an initial commit.
        unmap();
        xdg_->reset_configure_state();
        sent_.clear();
        return;
    }

    const Configure was = current_;
    current_ = acked_;
    min_ = pending_min_;
    max_ = pending_max_;
    const bool was_mapped = mapped_;
    if (!mapped_) place();

    const Box area = scene.placement_area();
    if (current_.fullscreen || current_.maximized) {
        if (!(was.fullscreen || was.maximized)) restore_x_ = x_, restore_y_ = y_;
        x_ = area.x;
        y_ = area.y;
    } else {
        if (was_mapped && (was.fullscreen || was.maximized)) x_ = restore_x_, y_ = restore_y_;
        // wl_surface.offset / attach x, y: the surface moved by this much
        // (clamped: a client's offsets must not overflow our coordinates).
        x_ = clamp_position(int64_t(x_) + surface->last_dx());
        y_ = clamp_position(int64_t(y_) + surface->last_dy());
    }

    show(damage, /*focus=*/true);
}

void XdgToplevel::move_to(int32_t x, int32_t y) {
    x_ = clamp_position(x);
    y_ = clamp_position(y);
    tree_changed();
}

void XdgToplevel::set_activated(bool activated) {
    if (requested_.activated == activated) return;
    requested_.activated = activated;
    send_configure();
}

void XdgToplevel::handle_set_parent(wl_resource* parent_resource) {
    XdgToplevel* parent = parent_resource ? from(parent_resource) : nullptr;
    // xdg-shell.xml: invalid_parent if the parent is this toplevel or one of
    // its descendants (a loop).
    for (XdgToplevel* p = parent; p; p = p->parent_) {
        if (p == this) {
            post_protocol_error(resource_, XDG_TOPLEVEL_ERROR_INVALID_PARENT,
                                "xdg_toplevel@%u cannot be a parent of itself or of its ancestor",
                                wl_resource_get_id(parent_resource));
            return;
        }
    }
    if (parent_) {
        auto& siblings = parent_->children_;
        siblings.erase(std::remove(siblings.begin(), siblings.end(), this), siblings.end());
    }
    parent_ = parent;
    if (parent_) parent_->children_.push_back(this);
}

void XdgToplevel::handle_resize(uint32_t edges) {
    switch (edges) {
    case XDG_TOPLEVEL_RESIZE_EDGE_NONE: case XDG_TOPLEVEL_RESIZE_EDGE_TOP:
    case XDG_TOPLEVEL_RESIZE_EDGE_BOTTOM: case XDG_TOPLEVEL_RESIZE_EDGE_LEFT:
    case XDG_TOPLEVEL_RESIZE_EDGE_TOP_LEFT: case XDG_TOPLEVEL_RESIZE_EDGE_BOTTOM_LEFT:
    case XDG_TOPLEVEL_RESIZE_EDGE_RIGHT: case XDG_TOPLEVEL_RESIZE_EDGE_TOP_RIGHT:
    case XDG_TOPLEVEL_RESIZE_EDGE_BOTTOM_RIGHT:
        return; // valid; interactive resize needs a seat (see the table above)
    }
    post_protocol_error(resource_, XDG_TOPLEVEL_ERROR_INVALID_RESIZE_EDGE,
                        "resize edge %u is not an xdg_toplevel.resize_edge", edges);
}

void XdgToplevel::handle_set_max_size(int32_t width, int32_t height) {
    if (width < 0 || height < 0) {
        post_protocol_error(resource_, XDG_TOPLEVEL_ERROR_INVALID_SIZE,
                            "max size %d×%d is negative", width, height);
        return;
    }
    pending_max_ = {width, height};
}

void XdgToplevel::handle_set_min_size(int32_t width, int32_t height) {
    if (width < 0 || height < 0) {
        post_protocol_error(resource_, XDG_TOPLEVEL_ERROR_INVALID_SIZE,
                            "min size %d×%d is negative", width, height);
        return;
    }
    pending_min_ = {width, height};
}

void XdgToplevel::handle_set_maximized(bool maximized) {
    // Always answered with a configure, even if nothing changes: clients
    // wait for it (xdg-shell.xml: "the compositor will respond by emitting a
    // configure event").
    requested_.maximized = maximized;
    send_configure();
}

void XdgToplevel::handle_set_fullscreen(bool fullscreen) {
    requested_.fullscreen = fullscreen;
    send_configure();
}

} // namespace shoji
