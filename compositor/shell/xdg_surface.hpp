// xdg_surface: the desktop-window base that xdg_toplevel (and xdg_popup) build
// on (xdg-shell.xml). Owns the configure/ack handshake and the window
// geometry; it is the wl_surface's SurfaceRole and passes commits on to its
// role object. Owned by its resource.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <utility>

#include <wayland-server-core.h>

#include "shell/configure_queue.hpp"
#include "shell/xdg_protocol.hpp"
#include "shell/xdg_role.hpp"
#include "surface/surface_role.hpp"
#include "util/region.hpp"

namespace shoji {

class Stage;
class Surface;
class XdgShell;
class XdgRole;
class XdgWmBase;

class XdgSurface : public SurfaceRole {
public:
    static constexpr const char* kToplevelRole = "xdg_toplevel";
    static constexpr const char* kPopupRole = "xdg_popup";
    static constexpr const char* kWlShellRole = "wl_shell_surface";

    // Creates the xdg_surface resource (made by `base`'s get_xdg_surface)
    // that owns the XdgSurface, and gives `surface` to it; null after posting
    // no_memory.
    static XdgSurface* create(XdgWmBase& base, Surface& surface, uint32_t id);
    // The xdg_surface part of a wl_shell_surface (WlShellSurface owns it):
    // `resource` is the wl_shell_surface; the surface's role is
    // "wl_shell_surface".
    static std::unique_ptr<XdgSurface> create_wl_shell(XdgShell& shell, Surface& surface, wl_resource* resource);
    ~XdgSurface() override;

    // An xdg_surface or a zxdg_surface_v6.
    static XdgSurface* from(wl_resource* resource);
    wl_resource* resource() const { return resource_; }
    const XdgProtocol& protocol() const { return protocol_; }
    Surface* surface() const { return surface_; } // null once the wl_surface is gone
    XdgShell& shell() const { return shell_; }
    Stage& scene() const;
    uint32_t version() const { return uint32_t(wl_resource_get_version(resource_)); }

    // The configure handshake. The role sends its own configure event first,
    // then calls this, which sends xdg_surface.configure and keeps `state`
    // until the client acks that serial (then the role gets it back).
    void send_configure(const RoleConfigure& state);
    bool initial_commit_done() const { return initial_commit_done_; }
    bool configured() const { return configured_; } // an ack_configure arrived
    // A configure sent since the last (re)map is still unacked.
    bool awaiting_ack() const;
    // The surface was unmapped: the client must start over with an initial
    // commit and a new configure (xdg-shell.xml, "Unmapping an xdg_surface").
    // Configures already on the wire may still be acked; they no longer count.
    void reset_configure_state();

    // Window geometry in surface coordinates: set_window_geometry as
    // committed, else the surface's bounds.
    Box geometry() const;
    // set_window_geometry was committed (else the geometry is the tree's
    // bounds, which subsurfaces change).
    bool explicit_geometry() const { return geometry_.has_value(); }

    void wm_base_destroyed() { base_ = nullptr; }
    // Where xdg_wm_base errors about this surface go: its xdg_wm_base, or
    // this object if the client already destroyed that.
    wl_resource* error_object() const;
    // Where an error goes that xdg-shell names (`code`, on `object`) and v6
    // does not (see XdgProtocol::errors_on_shell).
    std::pair<wl_resource*, uint32_t> error_for(wl_resource* object, uint32_t code) const;
    void role_destroyed(XdgRole* role);
    // wl_shell_surface.set_toplevel and the like: `role` (made on this
    // surface, owned by the caller) is the role object from now on,
    // configured at once (wl_shell has no handshake); a buffer the surface
    // already has maps it.
    void set_wl_shell_role(XdgRole* role);
    // The role object: an XdgToplevel or an XdgPopup (null before
    // get_toplevel/get_popup and after the role object is destroyed).
    XdgRole* role() const { return role_; }

    // Requests.
    void handle_destroy();
    void handle_get_toplevel(uint32_t id);
    void handle_get_popup(uint32_t id, wl_resource* parent, wl_resource* positioner);
    void handle_set_window_geometry(int32_t x, int32_t y, int32_t width, int32_t height);
    void handle_ack_configure(uint32_t serial);

    // SurfaceRole.
    bool validate_commit(Surface& surface, const SurfaceState& pending) override;
    bool validate_attach(Surface& surface) override;
    void committed(Surface& surface, const Region& damage) override;
    // A null buffer unmaps the window: its last pixels stay readable while
    // it leaves the scene.
    bool shows_old_buffer_while_told() const override { return true; }
    void surface_destroyed(Surface& surface) override;
    void tree_changed(Surface& root, const TreeChange& change) override;

private:
    XdgSurface(XdgShell& shell, XdgWmBase* base, wl_resource* resource, Surface& surface,
               const XdgProtocol& protocol);

    // Checks that a role object exists; posts not_constructed if not.
    bool require_role(const char* request);

    XdgShell& shell_;
    const XdgProtocol& protocol_;
    XdgWmBase* base_;
    Surface* surface_;
    wl_resource* resource_;
    XdgRole* role_ = nullptr;
    bool had_role_ = false; // a role object was made (and maybe destroyed)

    struct SentConfigure {
        uint32_t serial;
        RoleConfigure state;
        bool stale; // sent before an unmap or to a role object now gone
    };
    ConfigureQueue<SentConfigure> sent_; // configures not yet acked
    bool initial_commit_done_ = false;
    bool configured_ = false;
    std::optional<Box> pending_geometry_; // set_window_geometry
    std::optional<Box> geometry_;
};

// The request tables of xdg_surface (xdg_surface.cpp) and zxdg_surface_v6
// (zxdg_surface_v6.cpp), for the XdgProtocol descriptors.
const void* xdg_surface_requests();
const void* zxdg_surface_v6_requests();

} // namespace shoji
