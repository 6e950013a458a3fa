// xdg_wm_base: the xdg-shell global (xdg-shell.xml, version 5), and the
// per-client object each bind creates.
#pragma once

#include <cstdint>
#include <vector>

#include <wayland-server-core.h>

#include "shell/xdg_protocol.hpp"

namespace shoji {

class Region;
class Stage;
class SceneNode;
class XdgPopup;
class XdgSurface;
class XdgToplevel;

// Follows toplevel windows from outside xdg-shell (the foreign-toplevel
// list): one came into the scene (mapped), may have changed (title,
// app_id, configured states, minimized, parent, position), or left it.
class ToplevelListener {
public:
    virtual ~ToplevelListener() = default;
    virtual void toplevel_mapped(XdgToplevel& toplevel) = 0;
    virtual void toplevel_changed(XdgToplevel& toplevel) = 0;
    virtual void toplevel_unmapped(XdgToplevel& toplevel) = 0;
    // Each commit of a mapped toplevel, with that commit's damage (surface
    // coordinates, clipped to the surface). For observers (the event log).
    virtual void toplevel_committed(XdgToplevel& /*toplevel*/, const Region& /*damage*/) {}
};

class XdgShell {
public:
    static constexpr uint32_t kVersion = 5;

    XdgShell(wl_display* display, Stage& scene);
    ~XdgShell();
    XdgShell(const XdgShell&) = delete;
    XdgShell& operator=(const XdgShell&) = delete;

    Stage& scene() const { return scene_; }
    wl_display* display() const { return display_; }
    // See ServerConfig::strict_unconfigured_buffer.
    void set_strict_unconfigured_buffer(bool strict) { strict_unconfigured_buffer_ = strict; }
    bool strict_unconfigured_buffer() const { return strict_unconfigured_buffer_; }

    // Who follows toplevels: each listener is told, in the order added.
    void add_toplevel_listener(ToplevelListener* listener);
    void remove_toplevel_listener(ToplevelListener* listener);
    // Tells every listener (XdgToplevel calls these).
    void toplevel_mapped(XdgToplevel& toplevel);
    void toplevel_changed(XdgToplevel& toplevel);
    void toplevel_unmapped(XdgToplevel& toplevel);
    void toplevel_committed(XdgToplevel& toplevel, const Region& damage);

    // Every live xdg_toplevel, mapped or not, oldest first (window lists:
    // the control socket). XdgToplevel registers itself; add_toplevel
    // returns its id (1, 2, ...: never reused by this shell).
    const std::vector<XdgToplevel*>& toplevels() const { return toplevels_; }
    uint64_t add_toplevel(XdgToplevel* toplevel);
    void remove_toplevel(XdgToplevel* toplevel);

    // Counts windows placed so far, for cascading new ones.
    uint32_t next_placement() { return placements_++; }

    // Popups: their parents may go first, and grabs end on a click elsewhere.
    void add_popup(XdgPopup* popup) { popups_.push_back(popup); }
    void remove_popup(XdgPopup* popup);
    // No live popup has this one as its parent (xdg_popup.destroy rule).
    bool is_topmost_popup(const XdgPopup* popup) const;
    void surface_destroyed(XdgSurface* surface); // its popups lose their parent
    void parent_unmapped(XdgSurface* surface);   // its popups are dismissed
    // A button press on `node` (null: on nothing): grabbing popups that do
    // not contain it are dismissed, topmost first (xdg_popup.grab). True if
    // any was: that press only ends the grab.
    bool pointer_pressed(SceneNode* node);
    // A toplevel got the keyboard focus: grabs of popups opened from other
    // windows end.
    void toplevel_activated(XdgSurface* toplevel);
    // Every grabbing popup is dismissed, topmost first (the session was
    // locked: a hidden menu must not keep the keyboard or take the lock
    // screen's first click).
    void dismiss_popup_grabs();

private:
    wl_display* display_;
    uint32_t placements_ = 0;
    bool strict_unconfigured_buffer_ = true;
    std::vector<XdgPopup*> popups_; // live, not dismissed; oldest first
    std::vector<ToplevelListener*> toplevel_listeners_;
    std::vector<XdgToplevel*> toplevels_;
    uint64_t last_toplevel_id_ = 0;
    Stage& scene_;
    wl_global* global_;
};

// One bound xdg_wm_base (or zxdg_shell_v6: `protocol`). Owned by its resource.
class XdgWmBase {
public:
    // Creates the xdg_wm_base resource of a bind that owns the XdgWmBase;
    // null after posting no_memory.
    static XdgWmBase* create(XdgShell& shell, wl_client* client, uint32_t version, uint32_t id,
                             const XdgProtocol& protocol = xdg_stable_protocol());

    static XdgWmBase* from(wl_resource* resource);
    XdgShell& shell() const { return shell_; }
    const XdgProtocol& protocol() const { return protocol_; }
    wl_resource* resource() const { return resource_; }

    // xdg_wm_base.ping; the client must answer with pong.
    void ping();
    bool ping_outstanding() const { return ping_serial_ != 0; }

    // xdg_surfaces made through this object (for defunct_surfaces).
    void add_surface(XdgSurface* s) { surfaces_.push_back(s); }
    void remove_surface(XdgSurface* s);

    void handle_destroy();
    void handle_create_positioner(uint32_t id);
    void handle_get_xdg_surface(uint32_t id, wl_resource* surface);
    void handle_pong(uint32_t serial);
    void handle_resource_destroy();

private:
    XdgWmBase(XdgShell& shell, wl_resource* resource, const XdgProtocol& protocol)
        : shell_(shell), protocol_(protocol), resource_(resource) {}

    XdgShell& shell_;
    const XdgProtocol& protocol_;
    wl_resource* resource_;
    std::vector<XdgSurface*> surfaces_;
    uint32_t ping_serial_ = 0;
};

} // namespace shoji
