// xdg_popup: a menu or tooltip placed by an xdg_positioner relative to its
// parent xdg_surface (xdg-shell.xml). On top of the stack while mapped; never
// takes keyboard focus. Owned by its resource.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>

#include <wayland-server-core.h>

#include "shell/xdg_positioner.hpp"
#include "shell/xdg_window.hpp"

namespace shoji {

class LayerSurface;
class XdgSurface;

class XdgPopup : public XdgWindow {
public:
    // Creates the xdg_popup resource (made by `xdg`'s get_popup) that owns
    // the XdgPopup; null after posting no_memory. `parent` null:
    // xdg_surface.get_popup with a null parent, which another protocol
    // supplies before the initial commit (set_layer_parent).
    static XdgPopup* create(XdgSurface& xdg, uint32_t id, XdgSurface* parent, const PositionerRules& rules);
    // The popup part of a wl_shell_surface (`resource`; WlShellSurface owns
    // it), grabbing the pointer from the start (wl_shell_surface.set_popup).
    static std::unique_ptr<XdgPopup> create_wl_shell(XdgSurface& xdg, wl_resource* resource, XdgSurface* parent,
                                                     const PositionerRules& rules);
    ~XdgPopup() override;

    // An xdg_popup or a zxdg_popup_v6.
    static XdgPopup* from(wl_resource* resource);
    XdgSurface* parent() const { return parent_; }
    // zwlr_layer_surface_v1.get_popup: a layer surface is the parent.
    LayerSurface* layer_parent() const { return layer_parent_; }
    void set_layer_parent(LayerSurface* parent);
    bool has_parent() const { return parent_ || layer_parent_; }
    // Above its parent: in its layer (a layer surface's popups in the top
    // layer at least, so that menus of a panel below the windows show).
    SceneLayer layer() const override;
    bool grabbed() const { return grabbed_; }
    // SceneNode: a grabbing popup has the keyboard while it is shown.
    bool grabs_keyboard() const override { return grabbed_ && mapped_; }
    // Placement relative to the parent's window geometry, as configured.
    const Box& geometry() const { return current_; }

    // xdg_popup.popup_done: the popup is dismissed (grab broken, parent gone).
    void dismiss();
    void parent_destroyed();
    void layer_parent_destroyed();

    // Requests.
    void handle_destroy();
    void handle_grab(wl_resource* seat, uint32_t serial);
    void handle_reposition(wl_resource* positioner, uint32_t token);

    // XdgRole.
    wl_resource* resource() const override { return resource_; }
    void initial_commit() override;
    bool validate_commit(const SurfaceState& pending) override;
    void committed(const Region& damage) override;
    void acked(const RoleConfigure& state) override;
    void xdg_surface_destroyed() override;
    std::pair<int32_t, int32_t> geometry_origin() const override;

    // SceneNode.
    void set_activated(bool) override {} // popups follow their toplevel
    bool takes_focus() const override { return false; }

private:
    XdgPopup(XdgSurface& xdg, wl_resource* resource, XdgSurface* parent, const PositionerRules& rules);

    void send_configure();

    // Where the popup's parent's window geometry starts in the layout, and
    // whether the parent is shown (a popup maps only while it is).
    std::pair<int32_t, int32_t> parent_origin() const;
    bool parent_mapped() const;

    XdgSurface* parent_;
    LayerSurface* layer_parent_ = nullptr;
    wl_resource* resource_ = nullptr;
    PositionerRules rules_;
    Box acked_, current_; // the newest acked placement; the one shown
    Box sent_;            // the newest placement configured
    bool grabbed_ = false;
    bool dismissed_ = false;
};

// The request tables of xdg_popup and zxdg_popup_v6, and the configure
// event they share, for the XdgProtocol descriptors.
const void* xdg_popup_requests();
const void* zxdg_popup_v6_requests();
void send_xdg_popup_configure(wl_resource* popup, const Box& box);

} // namespace shoji
