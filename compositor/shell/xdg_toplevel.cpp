#include "shell/xdg_toplevel.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "seat/wl_seat.hpp"
#include "shell/xdg_surface.hpp"
#include "shell/xdg_wm_base.hpp"
#include "surface/wl_surface.hpp"
#include "util/protocol_error.hpp"
#include "util/resource.hpp"
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
    // There is no window menu to show: accepted and ignored ("the compositor
    // ... may choose to ignore this request").
    /* show_window_menu */ [](wl_client*, wl_resource*, wl_resource*, uint32_t, int32_t, int32_t) {},
    /* move */ [](wl_client*, wl_resource* r, wl_resource* seat, uint32_t serial) {
        toplevel_of(r)->handle_move(seat, serial);
    },
    /* resize */ [](wl_client*, wl_resource* r, wl_resource* seat, uint32_t serial, uint32_t edges) {
        toplevel_of(r)->handle_resize(seat, serial, edges);
    },
    /* set_max_size */ [](wl_client*, wl_resource* r, int32_t w, int32_t h) { toplevel_of(r)->handle_set_max_size(w, h); },
    /* set_min_size */ [](wl_client*, wl_resource* r, int32_t w, int32_t h) { toplevel_of(r)->handle_set_min_size(w, h); },
    /* set_maximized */ [](wl_client*, wl_resource* r) { toplevel_of(r)->handle_set_maximized(true); },
    /* unset_maximized */ [](wl_client*, wl_resource* r) { toplevel_of(r)->handle_set_maximized(false); },
    /* set_fullscreen */ [](wl_client*, wl_resource* r, wl_resource*) { toplevel_of(r)->handle_set_fullscreen(true); },
    /* unset_fullscreen */ [](wl_client*, wl_resource* r) { toplevel_of(r)->handle_set_fullscreen(false); },
    // Minimized windows are hidden until another client (a taskbar, through
    // the foreign-toplevel list) or the compositor shows them again.
    /* set_minimized */ [](wl_client*, wl_resource* r) { toplevel_of(r)->set_minimized(true); },
};

void toplevel_resource_destroy(wl_resource* r) { delete toplevel_of(r); }

constexpr int32_t kCascadeStep = 32;

int32_t clamp_position(int64_t v) {
    return int32_t(std::clamp<int64_t>(v, -Region::kLimit, Region::kLimit));
}
constexpr int32_t kCascadeSteps = 8;
} // namespace

const void* xdg_toplevel_requests() { return &toplevel_impl; }

void send_xdg_toplevel_configure(wl_resource* toplevel, int32_t width, int32_t height, const ToplevelConfigure& c,
                                 uint32_t) {
    wl_array states;
    wl_array_init(&states);
    auto add = [&](uint32_t s) { *static_cast<uint32_t*>(wl_array_add(&states, sizeof s)) = s; };
    // zxdg_toplevel_v6.state has the same values.
    if (c.maximized) add(XDG_TOPLEVEL_STATE_MAXIMIZED);
    if (c.fullscreen) add(XDG_TOPLEVEL_STATE_FULLSCREEN);
    if (c.activated) add(XDG_TOPLEVEL_STATE_ACTIVATED);
    xdg_toplevel_send_configure(toplevel, width, height, &states);
    wl_array_release(&states);
}

std::unique_ptr<XdgToplevel> XdgToplevel::create_wl_shell(XdgSurface& xdg, wl_resource* resource) {
    return std::unique_ptr<XdgToplevel>(new XdgToplevel(xdg, resource));
}

XdgToplevel* XdgToplevel::create(XdgSurface& xdg, uint32_t id) {
    wl_resource* r = create_resource(xdg.resource(), xdg.protocol().toplevel, xdg.version(), id,
                                     xdg.protocol().toplevel_impl, nullptr, toplevel_resource_destroy);
    if (!r) return nullptr;
    auto* toplevel = new XdgToplevel(xdg, r);
    wl_resource_set_user_data(r, toplevel);
    return toplevel;
}

XdgToplevel::XdgToplevel(XdgSurface& xdg, wl_resource* resource)
    : XdgWindow(xdg), resource_(resource), shell_(xdg.shell()) {
    if (xdg.protocol().kind == XdgProtocol::Kind::Stable && xdg.version() >= XDG_TOPLEVEL_WM_CAPABILITIES_SINCE_VERSION) {
        wl_array caps;
        wl_array_init(&caps);
        for (uint32_t cap : {XDG_TOPLEVEL_WM_CAPABILITIES_MAXIMIZE, XDG_TOPLEVEL_WM_CAPABILITIES_FULLSCREEN,
                             XDG_TOPLEVEL_WM_CAPABILITIES_MINIMIZE})
            *static_cast<uint32_t*>(wl_array_add(&caps, sizeof cap)) = cap;
        xdg_toplevel_send_wm_capabilities(resource_, &caps);
        wl_array_release(&caps);
    }
    id_ = shell_.add_toplevel(this);
}

XdgToplevel::~XdgToplevel() {
    unmap();
    shell_.remove_toplevel(this);
    for (XdgToplevel* child : children_) child->parent_ = nullptr;
    if (parent_) {
        auto& siblings = parent_->children_;
        siblings.erase(std::remove(siblings.begin(), siblings.end(), this), siblings.end());
    }
    if (xdg_) xdg_->role_destroyed(this);
}

XdgToplevel* XdgToplevel::from(wl_resource* resource) {
    assert(wl_resource_instance_of(resource, &xdg_toplevel_interface, &toplevel_impl) ||
           wl_resource_instance_of(resource, xdg_v6_protocol().toplevel, xdg_v6_protocol().toplevel_impl));
    return toplevel_of(resource);
}

void XdgToplevel::xdg_surface_destroyed() {
    unmap();
    xdg_ = nullptr;
}

void XdgToplevel::unmap() {
    end_grab();
    if (mapped_ && xdg_) xdg_->shell().toplevel_unmapped(*this);
    XdgWindow::unmap();
    minimized_ = false; // a window mapped again starts shown
}

void XdgToplevel::notify_changed() {
    if (!mapped_ || !xdg_) return;
    xdg_->shell().toplevel_changed(*this);
}

void XdgToplevel::set_minimized(bool minimized) {
    if (minimized == minimized_) return;
    minimized_ = minimized;
    if (minimized) end_grab();
    set_hidden(minimized); // shown again: raised and focused
    notify_changed();
}

void XdgToplevel::activate() {
    if (!xdg_) return;
    set_minimized(false);
    if (mapped_) xdg_->scene().activate(this);
}

void XdgToplevel::close() { protocol_.send_toplevel_close(resource_); }

void XdgToplevel::handle_set_title(const char* title) {
    title_ = title;
    notify_changed();
}

void XdgToplevel::handle_set_app_id(const char* app_id) {
    app_id_ = app_id;
    notify_changed();
}

void XdgToplevel::send_configure() {
    notify_changed(); // the requested states may have changed
    if (!xdg_ || !xdg_->initial_commit_done()) return; // sent with the initial commit
    Configure c = requested_;
    const Box area = xdg_->scene().placement_area();
    if (c.fullscreen || c.maximized) {
        c.width = area.width;
        c.height = area.height;
    }
    if (xdg_->protocol().kind == XdgProtocol::Kind::Stable &&
        xdg_->version() >= XDG_TOPLEVEL_CONFIGURE_BOUNDS_SINCE_VERSION)
        xdg_toplevel_send_configure_bounds(resource_, area.width, area.height);
    xdg_->protocol().send_toplevel_configure(resource_, c.width, c.height, c, resize_edges_);
    xdg_->send_configure(c);
}

void XdgToplevel::initial_commit() {
    // xdg-shell.xml: the initial commit (no buffer) is answered with a
    // configure. Size 0×0: the client picks its own.
    send_configure();
}

void XdgToplevel::acked(const RoleConfigure& state) { acked_ = std::get<Configure>(state); }

bool XdgToplevel::validate_commit(const SurfaceState&) {
    // xdg-shell.xml, set_min_size/set_max_size: double-buffered; a maximum
    // smaller than the minimum is an invalid_size error (0 means "none").
    auto [min_w, min_h] = pending_min_;
    auto [max_w, max_h] = pending_max_;
    if ((max_w > 0 && min_w > max_w) || (max_h > 0 && min_h > max_h)) {
        auto [object, code] = xdg_->error_for(resource_, XDG_TOPLEVEL_ERROR_INVALID_SIZE);
        post_protocol_error(object, code,
                            "min size %d×%d is larger than max size %d×%d", min_w, min_h, max_w, max_h);
        return false;
    }
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
    placed_ = true;
    follow_implicit_geometry(/*shift=*/false);
}

void XdgToplevel::committed(const Region& damage) {
    Surface* surface = xdg_->surface();
    Stage& scene = xdg_->scene();
    min_ = pending_min_;
    max_ = pending_max_;
    if (!surface->has_buffer()) {
        // xdg-shell.xml: a null buffer unmaps a mapped window, and the client
        // starts over with an initial commit. A window never mapped has
        // nothing to unmap: a buffer-less commit is then just a commit
        // (alacritty commits twice before its first configure; imv acks,
        // commits without a buffer, then attaches one).
        if (mapped_) {
            unmap();
            xdg_->reset_configure_state();
        }
        return;
    }

    const Configure was = current_;
    current_ = acked_;
    const bool was_mapped = mapped_;
    // A window is placed once: shown again after an unmap (a null buffer,
    // then a new initial commit) it is the same xdg_toplevel and comes back
    // where it was, as does one moved before it was first shown.
    if (!placed_) place();

    const Box area = scene.placement_area();
    if (current_.fullscreen || current_.maximized) {
        if (!(was.fullscreen || was.maximized)) restore_x_ = x_, restore_y_ = y_;
        x_ = area.x;
        y_ = area.y;
    } else {
        if (was_mapped && (was.fullscreen || was.maximized)) x_ = restore_x_, y_ = restore_y_;
        follow_implicit_geometry(/*shift=*/was_mapped);
        // wl_surface.offset / attach x, y: the surface moved by this much
        // (clamped: a client's offsets must not overflow our coordinates).
        x_ = clamp_position(int64_t(x_) + surface->last_dx());
        y_ = clamp_position(int64_t(y_) + surface->last_dy());
        // An interactive resize by the left or top edge: the right or bottom
        // edge stays where it was, whatever size the client chose.
        const Box g = xdg_->geometry();
        if (resize_edges_ & XDG_TOPLEVEL_RESIZE_EDGE_LEFT) x_ = clamp_position(int64_t(resize_right_) - g.width);
        if (resize_edges_ & XDG_TOPLEVEL_RESIZE_EDGE_TOP) y_ = clamp_position(int64_t(resize_bottom_) - g.height);
    }
    // The resize is over once its grab ended and its last size was acked.
    if (!grab_seat_ && !xdg_->awaiting_ack()) resize_edges_ = 0;

    show(damage, /*focus=*/true);
    if (!was_mapped) {
        xdg_->shell().toplevel_mapped(*this);
    } else {
        notify_changed(); // it may have moved or resized
    }
    xdg_->shell().toplevel_committed(*this, damage);
}

void XdgToplevel::follow_implicit_geometry(bool shift) {
    if (!xdg_) return;
    const Box g = xdg_->geometry();
    const std::pair<int32_t, int32_t> offset{g.x, g.y};
    // An explicit geometry is the client's to move (its shadows changed):
    // its origin stays put, as xdg-shell places windows by it. A window not
    // shown yet is placed by the geometry it maps with.
    if (shift && !xdg_->explicit_geometry()) {
        x_ = clamp_position(int64_t(x_) + offset.first - geometry_offset_.first);
        y_ = clamp_position(int64_t(y_) + offset.second - geometry_offset_.second);
    }
    geometry_offset_ = offset;
}

void XdgToplevel::tree_changed() {
    // A desynchronized subsurface's own commit: the tree's bounds may have
    // changed without a commit of ours.
    if (mapped_ && xdg_ && !hidden_ && !current_.maximized && !current_.fullscreen) {
        const int32_t x = x_, y = y_;
        follow_implicit_geometry(/*shift=*/true);
        if (x != x_ || y != y_) notify_changed();
    }
    XdgWindow::tree_changed();
}

void XdgToplevel::move_to(int32_t x, int32_t y) {
    x_ = clamp_position(x);
    y_ = clamp_position(y);
    placed_ = true;
    follow_implicit_geometry(/*shift=*/false);
    tree_changed();
    notify_changed();
}

void XdgToplevel::output_resized() {
    // Outputs came, went, moved or changed size. A mapped window no output
    // shows any more (its output was removed) moves to the first output, as
    // a new window would be placed, so that it stays visible.
    if (mapped_ && xdg_) {
        const Box g = xdg_->geometry();
        const Box box{x_, y_, std::max(1, g.width), std::max(1, g.height)};
        const std::vector<OutputArea> outputs = xdg_->scene().outputs();
        const bool shown = std::any_of(outputs.begin(), outputs.end(),
                                       [&](const OutputArea& o) { return !intersect(o.box, box).empty(); });
        if (!shown && !outputs.empty()) {
            placed_ = false;
            place();
            move_to(x_, y_);
        }
    }
    // Maximized and fullscreen windows follow the output's size.
    if (requested_.maximized || requested_.fullscreen) send_configure();
}

void XdgToplevel::set_activated(bool activated) {
    if (activated && xdg_) xdg_->shell().toplevel_activated(xdg_);
    if (requested_.activated == activated) return;
    requested_.activated = activated;
    send_configure();
}

std::pair<wl_resource*, uint32_t> XdgToplevel::error_for(uint32_t code) const {
    return xdg_ ? xdg_->error_for(resource_, code) : std::pair<wl_resource*, uint32_t>{resource_, code};
}

void XdgToplevel::handle_set_parent(wl_resource* parent_resource) {
    set_parent(parent_resource ? from(parent_resource) : nullptr, parent_resource);
}

bool XdgToplevel::set_parent(XdgToplevel* parent, wl_resource* parent_resource) {
    // xdg-shell.xml: invalid_parent if the parent is this toplevel or one of
    // its descendants (a loop).
    for (XdgToplevel* p = parent; p; p = p->parent_) {
        if (p == this) {
            auto [object, code] = error_for(XDG_TOPLEVEL_ERROR_INVALID_PARENT);
            post_protocol_error(object, code, "%s@%u cannot be a parent of itself or of its ancestor",
                                wl_resource_get_class(parent_resource), wl_resource_get_id(parent_resource));
            return false;
        }
    }
    if (parent_) {
        auto& siblings = parent_->children_;
        siblings.erase(std::remove(siblings.begin(), siblings.end(), this), siblings.end());
    }
    parent_ = parent;
    if (parent_) parent_->children_.push_back(this);
    notify_changed();
    return true;
}

void XdgToplevel::start_grab(wl_resource* seat_resource, uint32_t serial,
                             std::function<void(double, double)> on_motion) {
    // xdg-shell.xml, move and resize: "The server may ignore move requests
    // depending on the state of the surface (e.g. fullscreen or maximized),
    // or if the passed serial is no longer valid" (Seat::start_grab checks it).
    if (!mapped_ || grab_seat_ || current_.maximized || current_.fullscreen) return;
    Seat* seat = Seat::from(seat_resource);
    if (seat->start_grab(this, wl_resource_get_client(resource_), serial, std::move(on_motion),
                         [this] { grab_seat_ = nullptr; }))
        grab_seat_ = seat;
}

void XdgToplevel::end_grab() {
    if (grab_seat_) std::exchange(grab_seat_, nullptr)->cancel_grab(this);
}

void XdgToplevel::handle_move(wl_resource* seat, uint32_t serial) {
    // The window follows the pointer until the button is released.
    const int32_t x0 = x_, y0 = y_;
    start_grab(seat, serial, [this, x0, y0](double dx, double dy) {
        move_to(clamp_position(int64_t(x0) + std::lround(dx)), clamp_position(int64_t(y0) + std::lround(dy)));
    });
}

void XdgToplevel::handle_resize(wl_resource* seat, uint32_t serial, uint32_t edges) {
    switch (edges) {
    case XDG_TOPLEVEL_RESIZE_EDGE_NONE: case XDG_TOPLEVEL_RESIZE_EDGE_TOP:
    case XDG_TOPLEVEL_RESIZE_EDGE_BOTTOM: case XDG_TOPLEVEL_RESIZE_EDGE_LEFT:
    case XDG_TOPLEVEL_RESIZE_EDGE_TOP_LEFT: case XDG_TOPLEVEL_RESIZE_EDGE_BOTTOM_LEFT:
    case XDG_TOPLEVEL_RESIZE_EDGE_RIGHT: case XDG_TOPLEVEL_RESIZE_EDGE_TOP_RIGHT:
    case XDG_TOPLEVEL_RESIZE_EDGE_BOTTOM_RIGHT:
        break;
    default: {
        auto [object, code] = error_for(XDG_TOPLEVEL_ERROR_INVALID_RESIZE_EDGE);
        post_protocol_error(object, code, "resize edge %u is not a %s.resize_edge", edges,
                            wl_resource_get_class(resource_));
        return;
    }
    }
    if (edges == XDG_TOPLEVEL_RESIZE_EDGE_NONE || !xdg_) return;
    // The pointer drags the given edges; each motion asks the client for the
    // new size (at least 1×1, and within its min/max size).
    const Box g = xdg_->geometry();
    auto limit = [](int64_t v, int32_t min, int32_t max) {
        v = std::max<int64_t>(v, std::max(min, 1));
        if (max > 0) v = std::min<int64_t>(v, max);
        return int32_t(std::min<int64_t>(v, Region::kLimit));
    };
    start_grab(seat, serial, [this, g, edges, limit](double dx, double dy) {
        int64_t w = g.width, h = g.height;
        if (edges & XDG_TOPLEVEL_RESIZE_EDGE_LEFT) w -= std::lround(dx);
        if (edges & XDG_TOPLEVEL_RESIZE_EDGE_RIGHT) w += std::lround(dx);
        if (edges & XDG_TOPLEVEL_RESIZE_EDGE_TOP) h -= std::lround(dy);
        if (edges & XDG_TOPLEVEL_RESIZE_EDGE_BOTTOM) h += std::lround(dy);
        const int32_t width = limit(w, min_.first, max_.first), height = limit(h, min_.second, max_.second);
        if (width == requested_.width && height == requested_.height) return;
        requested_.width = width;
        requested_.height = height;
        send_configure();
    });
    if (grab_seat_) {
        resize_edges_ = edges;
        resize_right_ = x_ + g.width;
        resize_bottom_ = y_ + g.height;
    }
}

void XdgToplevel::handle_set_max_size(int32_t width, int32_t height) {
    if (width < 0 || height < 0) {
        auto [object, code] = error_for(XDG_TOPLEVEL_ERROR_INVALID_SIZE);
        post_protocol_error(object, code,
                            "max size %d×%d is negative", width, height);
        return;
    }
    pending_max_ = {width, height};
}

void XdgToplevel::handle_set_min_size(int32_t width, int32_t height) {
    if (width < 0 || height < 0) {
        auto [object, code] = error_for(XDG_TOPLEVEL_ERROR_INVALID_SIZE);
        post_protocol_error(object, code,
                            "min size %d×%d is negative", width, height);
        return;
    }
    pending_min_ = {width, height};
}

void XdgToplevel::handle_set_maximized(bool maximized) {
    // Always answered with a configure, even if nothing changes: clients
    // wait for it (xdg-shell.xml: "the compositor will respond by emitting a
    // configure event"). A minimized window asked to grow is shown again.
    if (maximized) set_minimized(false);
    requested_.maximized = maximized;
    send_configure();
}

void XdgToplevel::handle_set_fullscreen(bool fullscreen) {
    if (fullscreen) set_minimized(false);
    requested_.fullscreen = fullscreen;
    send_configure();
}

} // namespace shoji
