// wl_shell_surface (wayland.xml): a window of the deprecated wl_shell. One
// object is both the xdg_surface and the role object of the stable shell:
// it owns an XdgSurface and, once the client says what the surface is, an
// XdgToplevel (set_toplevel, set_transient, set_maximized, set_fullscreen)
// or an XdgPopup (set_popup), all speaking the wl_shell protocol
// (XdgProtocol: no configure/ack handshake, configure only as a size hint,
// popup_done). Owned by its resource, which goes with its wl_surface.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <wayland-server-core.h>

#include "shell/xdg_surface.hpp"
#include "util/listener.hpp"

namespace shoji {

class Surface;
class WlShell;
class XdgPopup;
class XdgToplevel;
class XdgWindow;

class WlShellSurface {
public:
    static constexpr const char* kRole = XdgSurface::kWlShellRole;

    // Creates the wl_shell_surface resource (made by the bound wl_shell
    // `shell_resource`) that owns the WlShellSurface; null after posting
    // no_memory.
    static WlShellSurface* create(WlShell& shell, wl_resource* shell_resource, Surface& surface, uint32_t id);
    ~WlShellSurface();

    wl_resource* resource() const { return resource_; }
    XdgSurface& xdg_surface() const { return *xdg_; }
    // The window, once the surface has a kind (null before).
    XdgToplevel* toplevel() const { return toplevel_.get(); }
    XdgPopup* popup() const { return popup_.get(); }

    // wl_shell_surface.ping; answered by pong.
    void ping();
    bool ping_outstanding() const { return ping_serial_ != 0; }

    // Requests.
    void handle_pong(uint32_t serial);
    void handle_move(wl_resource* seat, uint32_t serial);
    void handle_resize(wl_resource* seat, uint32_t serial, uint32_t edges);
    void handle_set_toplevel();
    void handle_set_transient(wl_resource* parent, int32_t x, int32_t y, uint32_t flags);
    void handle_set_fullscreen(uint32_t method, uint32_t framerate, wl_resource* output);
    void handle_set_popup(wl_resource* seat, uint32_t serial, wl_resource* parent, int32_t x, int32_t y,
                          uint32_t flags);
    void handle_set_maximized(wl_resource* output);
    void handle_set_title(const char* title);
    void handle_set_class(const char* class_);

private:
    WlShellSurface(WlShell& shell, wl_resource* shell_resource, wl_resource* resource, Surface& surface);

    // The surface becomes a toplevel (kept if it is one) or a popup; the
    // window it was before goes (unmapped).
    XdgToplevel* become_toplevel();
    void drop_window();

    wl_resource* shell_resource_;
    wl_resource* resource_;
    std::unique_ptr<XdgSurface> xdg_;
    std::unique_ptr<XdgToplevel> toplevel_;
    std::unique_ptr<XdgPopup> popup_;
    Listener surface_destroyed_;
    uint32_t ping_serial_ = 0;
    // set_title and set_class, kept for a toplevel made later.
    std::string title_, class_;
};

} // namespace shoji
