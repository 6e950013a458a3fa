#include "shell/wl_shell_surface.hpp"

#include "shell/wl_shell.hpp"
#include "shell/xdg_popup.hpp"
#include "shell/xdg_positioner.hpp"
#include "shell/xdg_role.hpp"
#include "shell/xdg_toplevel.hpp"
#include "shell/xdg_wm_base.hpp"
#include "surface/wl_surface.hpp"
#include "util/protocol_error.hpp"
#include "wlr.hpp"
#include "util/resource.hpp"
#include <wayland-server-protocol.h>

#include "xdg-shell-server-protocol.h"

namespace shoji {

namespace {
WlShellSurface* shell_surface_of(wl_resource* r) {
    return static_cast<WlShellSurface*>(wl_resource_get_user_data(r));
}

const struct wl_shell_surface_interface shell_surface_impl = {
    /* pong */ [](wl_client*, wl_resource* r, uint32_t serial) { shell_surface_of(r)->handle_pong(serial); },
    /* move */ [](wl_client*, wl_resource* r, wl_resource* seat, uint32_t serial) {
        shell_surface_of(r)->handle_move(seat, serial);
    },
    /* resize */ [](wl_client*, wl_resource* r, wl_resource* seat, uint32_t serial, uint32_t edges) {
        shell_surface_of(r)->handle_resize(seat, serial, edges);
    },
    /* set_toplevel */ [](wl_client*, wl_resource* r) { shell_surface_of(r)->handle_set_toplevel(); },
    /* set_transient */ [](wl_client*, wl_resource* r, wl_resource* parent, int32_t x, int32_t y, uint32_t flags) {
        shell_surface_of(r)->handle_set_transient(parent, x, y, flags);
    },
    /* set_fullscreen */ [](wl_client*, wl_resource* r, uint32_t method, uint32_t framerate, wl_resource* output) {
        shell_surface_of(r)->handle_set_fullscreen(method, framerate, output);
    },
    /* set_popup */ [](wl_client*, wl_resource* r, wl_resource* seat, uint32_t serial, wl_resource* parent, int32_t x,
                       int32_t y, uint32_t flags) {
        shell_surface_of(r)->handle_set_popup(seat, serial, parent, x, y, flags);
    },
    /* set_maximized */ [](wl_client*, wl_resource* r, wl_resource* output) {
        shell_surface_of(r)->handle_set_maximized(output);
    },
    /* set_title */ [](wl_client*, wl_resource* r, const char* title) { shell_surface_of(r)->handle_set_title(title); },
    /* set_class */ [](wl_client*, wl_resource* r, const char* c) { shell_surface_of(r)->handle_set_class(c); },
};

void shell_surface_resource_destroy(wl_resource* r) { delete shell_surface_of(r); }

// wayland.xml, wl_shell_surface.configure: "a hint ... the client is free to
// dismiss all but the last configure event it received"; width and height
// are what the window should be. Sent when there is a size to ask for
// (maximized, fullscreen, an interactive resize); otherwise the client
// keeps its own. The resize edges have xdg_toplevel's values.
void send_toplevel_configure(wl_resource* r, int32_t width, int32_t height, const ToplevelConfigure&,
                             uint32_t resize_edges) {
    if (width > 0 && height > 0) wl_shell_surface_send_configure(r, resize_edges, width, height);
}

void send_toplevel_close(wl_resource*) {} // wl_shell has no close event
void send_popup_configure(wl_resource*, const Box&) {} // the client placed the popup itself
void send_popup_done(wl_resource* r) { wl_shell_surface_send_popup_done(r); }

// The surface-local point a wl_shell child is placed at, as a point relative
// to its parent window's geometry (what the xdg windows are placed by).
std::pair<int32_t, int32_t> parent_relative(const XdgSurface& parent, int32_t x, int32_t y) {
    const Box g = parent.geometry();
    return {x - g.x, y - g.y};
}

// The XdgSurface of a parent surface given by a wl_shell request: one of a
// shell window with its kind (a wl_shell_surface or an xdg surface), or null.
XdgSurface* shell_parent(wl_resource* surface_resource) {
    auto* xdg = dynamic_cast<XdgSurface*>(Surface::from(surface_resource)->role());
    return xdg && xdg->role() ? xdg : nullptr;
}
} // namespace

const XdgProtocol& wl_shell_protocol() {
    static const XdgProtocol protocol = {
        XdgProtocol::Kind::WlShell,
        nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
        /*send_surface_configure=*/nullptr, send_toplevel_configure, send_toplevel_close,
        send_popup_configure, send_popup_done,
        // WlShellSurface checks what xdg-shell would post errors for first
        // (wl_shell_surface names none): nothing reaches the stable paths.
        /*errors_on_shell=*/false, 0,
    };
    return protocol;
}

WlShellSurface* WlShellSurface::create(WlShell& shell, wl_resource* shell_resource, Surface& surface, uint32_t id) {
    wl_resource* r = create_resource(shell_resource, &wl_shell_surface_interface,
                                     uint32_t(wl_resource_get_version(shell_resource)), id, &shell_surface_impl,
                                     nullptr, shell_surface_resource_destroy);
    if (!r) return nullptr;
    auto* shell_surface = new WlShellSurface(shell, shell_resource, r, surface);
    wl_resource_set_user_data(r, shell_surface);
    return shell_surface;
}

WlShellSurface::WlShellSurface(WlShell& shell, wl_resource* shell_resource, wl_resource* resource, Surface& surface)
    : shell_resource_(shell_resource), resource_(resource),
      xdg_(XdgSurface::create_wl_shell(shell.shell(), surface, resource)) {
    // wayland.xml: "On the server side the object is automatically destroyed
    // when the related wl_surface is destroyed." (Before the surface is: the
    // destroy signal comes first.)
    surface_destroyed_.set_callback([this](void*) { wl_resource_destroy(resource_); });
    surface_destroyed_.connect_destroy(surface.resource());
}

WlShellSurface::~WlShellSurface() {
    drop_window();
    xdg_.reset();
}

void WlShellSurface::drop_window() {
    // The role object goes first: it tells the XdgSurface it is gone.
    toplevel_.reset();
    popup_.reset();
}

XdgToplevel* WlShellSurface::become_toplevel() {
    if (toplevel_) return toplevel_.get();
    if (!xdg_->surface()) return nullptr;
    drop_window();
    toplevel_ = XdgToplevel::create_wl_shell(*xdg_, resource_);
    toplevel_->handle_set_title(title_.c_str());
    toplevel_->handle_set_app_id(class_.c_str());
    xdg_->set_wl_shell_role(toplevel_.get());
    return toplevel_.get();
}

void WlShellSurface::ping() {
    ping_serial_ = wl_display_next_serial(xdg_->shell().display());
    wl_shell_surface_send_ping(resource_, ping_serial_);
}

void WlShellSurface::handle_pong(uint32_t serial) {
    if (serial == ping_serial_) ping_serial_ = 0;
}

void WlShellSurface::handle_move(wl_resource* seat, uint32_t serial) {
    if (toplevel_) toplevel_->handle_move(seat, serial);
}

void WlShellSurface::handle_resize(wl_resource* seat, uint32_t serial, uint32_t edges) {
    // wl_shell_surface.resize names no error: edges that are no resize edge
    // (wl_shell_surface.resize has xdg_toplevel.resize_edge's values) are
    // ignored, like a resize the compositor declines.
    switch (edges) {
    case XDG_TOPLEVEL_RESIZE_EDGE_TOP: case XDG_TOPLEVEL_RESIZE_EDGE_BOTTOM: case XDG_TOPLEVEL_RESIZE_EDGE_LEFT:
    case XDG_TOPLEVEL_RESIZE_EDGE_TOP_LEFT: case XDG_TOPLEVEL_RESIZE_EDGE_BOTTOM_LEFT:
    case XDG_TOPLEVEL_RESIZE_EDGE_RIGHT: case XDG_TOPLEVEL_RESIZE_EDGE_TOP_RIGHT:
    case XDG_TOPLEVEL_RESIZE_EDGE_BOTTOM_RIGHT:
        if (toplevel_) toplevel_->handle_resize(seat, serial, edges);
        break;
    default:
        break;
    }
}

void WlShellSurface::handle_set_toplevel() {
    XdgToplevel* toplevel = become_toplevel();
    if (!toplevel) return;
    // Back to a plain window: not maximized, fullscreen or transient.
    if (toplevel->requested().maximized) toplevel->handle_set_maximized(false);
    if (toplevel->requested().fullscreen) toplevel->handle_set_fullscreen(false);
    toplevel->set_parent(nullptr, nullptr);
}

void WlShellSurface::handle_set_transient(wl_resource* parent_resource, int32_t x, int32_t y, uint32_t) {
    XdgToplevel* toplevel = become_toplevel();
    if (!toplevel) return;
    // wayland.xml: "The x and y arguments specify the location of the upper
    // left corner of the surface relative to the upper left corner of the
    // parent surface, in surface-local coordinates."
    XdgSurface* parent_xdg = shell_parent(parent_resource);
    auto* parent = parent_xdg ? dynamic_cast<XdgToplevel*>(parent_xdg->role()) : nullptr;
    // A transient for itself, or for one of its own transients, has no
    // parent (wl_shell names no error for it).
    for (XdgToplevel* p = parent; p; p = p->parent())
        if (p == toplevel) parent = nullptr;
    toplevel->set_parent(parent, parent_resource);
    if (parent) {
        auto [dx, dy] = parent_relative(*parent_xdg, x, y);
        const Box own = xdg_->geometry();
        toplevel->move_to(parent->x() + dx + own.x, parent->y() + dy + own.y);
    }
}

void WlShellSurface::handle_set_fullscreen(uint32_t, uint32_t, wl_resource*) {
    // The method and framerate are hints; the window covers the output.
    XdgToplevel* toplevel = become_toplevel();
    if (toplevel) toplevel->handle_set_fullscreen(true);
}

void WlShellSurface::handle_set_maximized(wl_resource*) {
    XdgToplevel* toplevel = become_toplevel();
    if (toplevel) toplevel->handle_set_maximized(true);
}

void WlShellSurface::handle_set_popup(wl_resource*, uint32_t, wl_resource* parent_resource, int32_t x, int32_t y,
                                      uint32_t) {
    if (!xdg_->surface()) return;
    XdgSurface* parent = shell_parent(parent_resource);
    if (!parent) {
        // The only error wl_shell names: a popup's parent must be a shell
        // window (it has no role otherwise that could place a popup).
        post_protocol_error(shell_resource_, WL_SHELL_ERROR_ROLE,
                            "set_popup: the parent wl_surface@%u is no wl_shell_surface or xdg window",
                            wl_resource_get_id(parent_resource));
        return;
    }
    // A popup of itself, or of one of its own popups, would close the chain
    // of parents into a loop (wl_shell names no error for it): ignored. The
    // chain above `parent` has no loop, so the walk ends.
    for (const XdgSurface* p = parent; p;) {
        if (p == xdg_.get()) {
            wlr_log(WLR_INFO, "wl_shell_surface@%u: set_popup on wl_surface@%u, itself or one of its popups, ignored",
                    wl_resource_get_id(resource_), wl_resource_get_id(parent_resource));
            return;
        }
        const auto* popup = dynamic_cast<const XdgPopup*>(p->role());
        p = popup ? popup->parent() : nullptr;
    }
    drop_window();
    // wayland.xml, set_popup: placed at (x, y) in the parent's surface
    // coordinates; a 1×1 positioner there, growing right and down, places
    // the popup's top-left corner on that point.
    PositionerRules rules;
    auto [px, py] = parent_relative(*parent, x, y);
    rules.width = rules.height = 1;
    rules.anchor_rect = {px, py, 1, 1};
    rules.anchor_rect_set = true;
    rules.anchor = XDG_POSITIONER_ANCHOR_TOP_LEFT;
    rules.gravity = XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT;
    // "A popup surface is a transient surface with an added pointer grab":
    // grabbing from the start, as an xdg_popup after grab (whose seat and
    // serial are not checked either: the grab is the shell's, which ends it
    // with popup_done on a click outside the popup and its parents).
    popup_ = XdgPopup::create_wl_shell(*xdg_, resource_, parent, rules);
    xdg_->set_wl_shell_role(popup_.get());
}

void WlShellSurface::handle_set_title(const char* title) {
    title_ = title;
    if (toplevel_) toplevel_->handle_set_title(title);
}

void WlShellSurface::handle_set_class(const char* class_name) {
    class_ = class_name;
    if (toplevel_) toplevel_->handle_set_app_id(class_name);
}

} // namespace shoji
