// xdg_popup: a menu or tooltip placed by an xdg_positioner relative to its
// parent xdg_surface (xdg-shell.xml). On top of the stack while mapped; never
// takes keyboard focus. Owned by its resource.
#pragma once

#include <cstdint>
#include <utility>

#include <wayland-server-core.h>

#include "shell/xdg_positioner.hpp"
#include "shell/xdg_window.hpp"

namespace shoji {

class XdgSurface;

class XdgPopup : public XdgWindow {
public:
    // Creates the xdg_popup resource (made by `xdg`'s get_popup) that owns
    // the XdgPopup; null after posting no_memory.
    static XdgPopup* create(XdgSurface& xdg, uint32_t id, XdgSurface& parent, const PositionerRules& rules);
    ~XdgPopup() override;

    static XdgPopup* from(wl_resource* resource);
    XdgSurface* parent() const { return parent_; }
    bool grabbed() const { return grabbed_; }
    // SceneNode: a grabbing popup has the keyboard while it is shown.
    bool grabs_keyboard() const override { return grabbed_ && mapped_; }
    // Placement relative to the parent's window geometry, as configured.
    const Box& geometry() const { return current_; }

    // xdg_popup.popup_done: the popup is dismissed (grab broken, parent gone).
    void dismiss();
    void parent_destroyed();

    // Requests.
    void handle_destroy();
    void handle_grab(wl_resource* seat, uint32_t serial);
    void handle_reposition(wl_resource* positioner, uint32_t token);

    // XdgRole.
    wl_resource* resource() const override { return resource_; }
    void initial_commit() override;
    bool validate_commit(const SurfaceState& pending) override { return true; }
    void committed(const Region& damage) override;
    void acked(const RoleConfigure& state) override;
    void xdg_surface_destroyed() override;
    std::pair<int32_t, int32_t> geometry_origin() const override;

    // SceneNode.
    void set_activated(bool) override {} // popups follow their toplevel
    bool takes_focus() const override { return false; }

private:
    XdgPopup(XdgSurface& xdg, wl_resource* resource, XdgSurface& parent, const PositionerRules& rules);

    void send_configure();

    XdgSurface* parent_;
    wl_resource* resource_ = nullptr;
    PositionerRules rules_;
    Box acked_, current_; // the newest acked placement; the one shown
    bool grabbed_ = false;
    bool dismissed_ = false;
};

} // namespace shoji
